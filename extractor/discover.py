"""Turn the PATH arguments (files, folders, zip archives) into the list of files to extract,
and read an input's bytes safely (regular files only, zip members within limits)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import archives
from .errors import ExtractionError
from .loaders import sniff

DOCUMENT_SUFFIXES = {
    ".pdf", ".docx", ".doc", ".wps", ".rtf", ".html", ".htm", ".shtml", ".xhtml", ".jsp", ".php",
    ".asp", ".aspx", ".txt", ".md", ".text", "",
}
NOT_REGULAR = "not a regular file"


@dataclass
class Inputs:
    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files in folders that aren't documents
    missing: list[str] = field(default_factory=list)  # arguments that don't exist
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): unreadable folders …


def _open_regular(path: str) -> int:
    """A descriptor of ``path`` opened for reading, refusing FIFOs, devices and sockets
    (opened non-blocking, so a FIFO cannot hang the run)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ExtractionError(f"cannot read file: {exc.strerror or type(exc).__name__}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ExtractionError(NOT_REGULAR)
    return fd


def read_input(path: str) -> bytes:
    """The bytes of an input: a regular file or a member of a zip archive."""
    member = archives.split(path)
    if member and not os.path.lexists(path):
        fd = _open_regular(member[0])
        os.close(fd)
        return archives.read_member(*member)
    fd = _open_regular(path)
    try:
        with os.fdopen(fd, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise ExtractionError(f"cannot read file: {exc.strerror or type(exc).__name__}") from None


def hash_input(path: str, digest) -> None:
    """Feed the input's bytes to ``digest`` (streamed for a plain file)."""
    if archives.split(path) and not os.path.lexists(path):
        digest.update(read_input(path))
        return
    with os.fdopen(_open_regular(path), "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)


def _head(path: str) -> bytes:
    with os.fdopen(_open_regular(path), "rb") as fh:
        return fh.read(4096)


def is_document(path: str) -> bool:
    """A report candidate by its name, or by its content when the name says nothing."""
    if os.path.splitext(path)[1].lower() in DOCUMENT_SUFFIXES:
        return True
    try:
        return sniff(_head(path)) in ("pdf", "docx", "doc", "rtf", "html")
    except (OSError, ExtractionError):
        return False


def _is_zip(path: str) -> bool:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in (".zip", *DOCUMENT_SUFFIXES):
        return suffix == ".zip"
    try:
        head = _head(path)
    except (OSError, ExtractionError):
        return False
    return head.startswith(b"PK\x03\x04") and b"word/" not in head and b"[Content_Types].xml" not in head


def _add_file(found: Inputs, path: str, named: bool) -> None:
    """One file: a zip archive's members, a document, or (in a folder) a skipped file."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        found.failed.append((path, f"cannot read file: {exc.strerror or type(exc).__name__}"))
        return
    if not stat.S_ISREG(mode):
        if named or os.path.splitext(path)[1].lower() in DOCUMENT_SUFFIXES:
            found.failed.append((path, NOT_REGULAR))
        else:
            found.skipped.append(path)
        return
    if (named or path.lower().endswith(".zip")) and _is_zip(path):
        try:
            listed = archives.members(path, lambda name: os.path.splitext(name)[1].lower() in DOCUMENT_SUFFIXES)
        except ExtractionError as exc:
            found.failed.append((path, str(exc)))
            return
        for m in listed:
            (found.failed.append((m.path, m.problem)) if m.problem else found.files.append(m.path))
        return
    (found.files if named or is_document(path) else found.skipped).append(path)


def _walk(found: Inputs, folder: str) -> None:
    """Files under ``folder``, sorted, hidden ones left out; an unreadable folder is a failure."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        found.failed.append((folder, f"cannot read folder: {exc.strerror or type(exc).__name__}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            _walk(found, entry.path)
        else:
            _add_file(found, entry.path, named=False)


def discover(paths: list[str | Path]) -> Inputs:
    """Files named directly are always taken; folders are searched recursively; zip archives opened."""
    found = Inputs()
    for arg in paths:
        path = os.fsdecode(arg)
        if os.path.isdir(path):
            _walk(found, path)
        elif os.path.lexists(path):
            _add_file(found, path, named=True)
        else:
            found.missing.append(path)
    return found
