"""What a downloaded file is, from its bytes (the Content-Type header only informs the note).

Reuses the loaders' sniffing for the formats the extractor reads and adds the
attachment kinds a portal serves that it does not (OFD, ZIP, images).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from ..archives import member_name
from ..errors import ExtractionError
from ..loaders import sniff

DOCUMENTS = ("pdf", "docx", "doc", "rtf", "ofd", "zip", "image")  # kept as they are
MEMBERS = ("pdf", "docx", "doc", "rtf", "ofd", "image")  # kept from inside a ZIP
MAX_MEMBERS = 200
PAGES = ("html", "txt")  # read to decide: a report page, or a page linking one

_IMAGES = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"GIF8", "gif"),
           (b"II*\x00", "tif"), (b"MM\x00*", "tif"), (b"BM", "bmp"))
_URL_SUFFIXES = {"doc": (".doc", ".wps"), "image": (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp")}


def kind(data: bytes, path: Path | None = None) -> str | None:
    """pdf, docx, doc, rtf, ofd, zip, image, html or txt; None for anything else.

    ``data`` is the file or its head; a ZIP-based file (DOCX, OFD, ZIP) is told by the names
    inside it, read from ``path`` when given, else from the first entry in ``data``.
    """
    if data.startswith(b"PK\x03\x04"):
        return _archive_kind(data, path)
    try:
        return sniff(data)
    except ExtractionError:
        pass
    if any(data.startswith(magic) for magic, _ in _IMAGES) or data[8:12] == b"WEBP":
        return "image"
    return None


def _archive_kind(data: bytes, path: Path | None) -> str:
    try:
        with zipfile.ZipFile(path or io.BytesIO(data)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):  # only a head: the first entry's name
        length = int.from_bytes(data[26:28], "little")
        names = [data[30:30 + length].decode("cp437")]
    if any(n.startswith("word/") or n == "[Content_Types].xml" for n in names):
        return "docx"
    if any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    return "zip"


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


def members(archive: Path, max_bytes: int) -> Iterator[tuple[str, str, bytes]]:
    """(name, kind, bytes) of the documents inside a ZIP, each at most ``max_bytes``; nothing for a
    broken archive. Names stored without the UTF-8 flag are read as GBK (Chinese Windows zips)."""
    try:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist()[:MAX_MEMBERS]:
                if info.is_dir() or info.file_size > max_bytes:
                    continue
                with zf.open(info) as fh:
                    data = fh.read(max_bytes + 1)
                what = kind(data)
                if what in MEMBERS and len(data) <= max_bytes:
                    yield member_name(info), what, data
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return
