"""Loaders turn an input file into the :class:`~extractor.model.Document` model.

The format is chosen by sniffing the content, not the file name: a ``.pdf`` that is
really an HTML page is read as HTML. A new input format is a new module here plus
one line in :data:`LOADERS`.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from ..errors import ExtractionError
from ..model import Document, Table

# format -> module (inside this package) that defines ``load(data: bytes) -> Document``
LOADERS = {
    "txt": "text",
    "html": "html",
    "docx": "docx",
    "pdf": "pdf",
    "doc": "office",
    "rtf": "office",
    "image": "image",  # .png, .jpg, .tif: read by OCR
}

_DAMAGE_NULS = 8  # NUL bytes in the first 4 KB of an HTML page still read as HTML
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")  # PNG, JPEG, TIFF
_HTML_MARKERS = (b"<html", b"<!doctype html", b"<table", b"<body", b"<head", b"<div", b"<meta", b"<p")


def sniff(data: bytes) -> str:
    """Name the format of ``data`` from its bytes; raise ExtractionError if none fits."""
    if not data.strip():
        raise ExtractionError("empty file")
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):  # before %PDF-: a ZIP may store a PDF uncompressed
        if b"word/" in data[:200_000] or b"[Content_Types].xml" in head:
            return "docx"
        raise ExtractionError("unsupported archive (a ZIP file that is not a Word document)")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    lower = head.lower()
    html = any(marker in lower for marker in _HTML_MARKERS) and b">" in lower
    nuls = head.count(b"\x00")
    # a page with a few NUL bytes (damaged in transfer) is still a page: its loader drops them
    if nuls and not head.startswith((b"\xff\xfe", b"\xfe\xff")) and not (html and nuls <= _DAMAGE_NULS):
        raise ExtractionError("not a document (unrecognized binary content)")
    return "html" if html else "txt"


def load(path: str | Path) -> Document:
    """Read ``path`` and return its document model."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from None
    return load_bytes(data)


def load_bytes(data: bytes, fmt: str | None = None) -> Document:
    """The document model of a file's bytes (``fmt``: what :func:`sniff` said of them, if
    already asked), every string in it valid Unicode."""
    fmt = fmt or sniff(data)
    module = importlib.import_module(f".{LOADERS[fmt]}", __name__)
    doc = module.load(data)
    doc.format = doc.format or fmt
    valid_unicode(doc)
    return doc


_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(doc: Document) -> None:
    """Replace lone surrogates (a PDF glyph mapped to U+DC00 …) by U+FFFD in every text of ``doc``.

    Such strings cannot be encoded as UTF-8: CSV, Parquet and JSON writers would fail on them.
    """
    for block in doc.blocks:
        for item in block.cells() if isinstance(block, Table) else (block,):
            if not item.text.isascii() and _SURROGATE.search(item.text):
                item.text = _SURROGATE.sub("\ufffd", item.text)
