"""The one exception a stage raises for a file it cannot extract."""


class ExtractionError(Exception):
    """A clear, one-line reason why a file could not be extracted (``pages``: the page count, if known)."""

    def __init__(self, message: str, *, pages: int | None = None) -> None:
        super().__init__(message)
        self.pages = pages
