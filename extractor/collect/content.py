"""What a downloaded file is, from its bytes (the Content-Type header only informs the note).

Reuses the loaders' sniffing for the formats the extractor reads and adds the
attachment kinds a portal serves that it does not (OFD, ZIP, images).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from ..errors import ExtractionError
from ..loaders import sniff

DOCUMENTS = ("pdf", "docx", "doc", "rtf", "ofd", "zip", "image")  # kept as they are
PAGES = ("html", "txt")  # read to decide: a report page, or a page linking one

_IMAGES = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"GIF8", "gif"),
           (b"II*\x00", "tif"), (b"MM\x00*", "tif"), (b"BM", "bmp"))
_URL_SUFFIXES = {"doc": (".doc", ".wps"), "image": (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp")}


def kind(data: bytes) -> str | None:
    """pdf, docx, doc, rtf, ofd, zip, image, html or txt; None for anything else."""
    try:
        return sniff(data)
    except ExtractionError:
        pass
    if data.startswith(b"PK\x03\x04"):
        return "ofd" if b"OFD.xml" in data[:200_000] else "zip"
    if any(data.startswith(magic) for magic, _ in _IMAGES) or data[8:12] == b"WEBP":
        return "image"
    return None


def suffix(kind_: str, data: bytes, url: str) -> str:
    """The file suffix to save a ``kind_`` file under: the URL's when it agrees (.wps, .jpeg)."""
    url_suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    if url_suffix in _URL_SUFFIXES.get(kind_, ()):
        return url_suffix
    if kind_ == "image":
        return "." + next((name for magic, name in _IMAGES if data.startswith(magic)), "webp")
    return "." + kind_


def describe(kind_: str | None, content_type: str | None) -> str:
    """A note on content that is not what a report attachment should be."""
    what = {"html": "an HTML page", "txt": "plain text", None: "not a document"}.get(kind_, kind_)
    served = f", served as {content_type.split(';')[0].strip()}" if content_type else ""
    return f"content is {what}{served}"
