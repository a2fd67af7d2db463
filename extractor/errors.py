"""The one exception a stage raises for a file it cannot extract."""


class ExtractionError(Exception):
    """A clear, one-line reason why a file could not be extracted."""
