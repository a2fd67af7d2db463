"""Turn the PATH arguments (files and folders) into the list of files to extract."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import ExtractionError
from .loaders import sniff

DOCUMENT_SUFFIXES = {
    ".pdf", ".docx", ".doc", ".wps", ".rtf", ".html", ".htm", ".shtml", ".xhtml", ".jsp", ".php",
    ".asp", ".aspx", ".txt", ".md", ".text", "",
}


@dataclass
class Inputs:
    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files in folders that aren't documents
    missing: list[Path] = field(default_factory=list)  # arguments that don't exist


def is_document(path: Path) -> bool:
    """A report candidate by its name, or by its content when the name says nothing."""
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        return sniff(head) in ("pdf", "docx", "doc", "rtf", "html")
    except (OSError, ExtractionError):
        return False


def discover(paths: list[Path]) -> Inputs:
    """Files named directly are always taken; folders are searched recursively."""
    found = Inputs()
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                (found.files if is_document(child) else found.skipped).append(child)
        elif path.exists():
            found.files.append(path)
        else:
            found.missing.append(path)
    return found
