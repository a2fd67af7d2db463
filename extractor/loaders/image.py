"""Page images (.png, .jpg, .tif including multi-page TIFF): every page read by OCR.

Each image (each frame of a TIFF) is one page, read like a scanned PDF page
(:mod:`.ocr`) and laid out by the same reader (:func:`.pdf.layout_page`). Boxes are in
points: the image's own resolution when it records one, else the page is taken to be
A4 (595 points wide, 842 when the image is landscape).

:func:`picture_blocks` reads a picture pasted into a Word report (a scanned table) the
same way, into blocks that take its place in the document.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from ..errors import ExtractionError
from ..model import Block, Document, Table
from . import ocr
from .pdf import finish, layout_page
from .pdf_text import PageText
from .pdf_unruled import Geometry

_A4_WIDTH, _A4_HEIGHT = 595.0, 842.0


def pixels_per_point(image: Any) -> float:
    """The scale from points to the image's pixels (its recorded dpi, else an A4 page)."""
    dpi = image.info.get("dpi")
    try:
        x_dpi = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x_dpi = 0.0
    if 72 <= x_dpi <= 1200:
        return x_dpi / 72
    width, height = image.size
    return width / (_A4_WIDTH if height >= width else _A4_HEIGHT)


def frames(data: bytes) -> list[Any]:
    """The pages of an image file as Pillow images (one per TIFF frame)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(BytesIO(data))
        pages = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ExtractionError(f"unreadable image ({' '.join(str(exc).split())[:120]})") from None
    for page in pages:
        page.info.setdefault("dpi", image.info.get("dpi"))
    return pages


def to_array(image: Any) -> Any:
    """A Pillow image as an OpenCV array: grey for grey and 1-bit pages, else BGR."""
    import numpy as np

    if image.mode in ("1", "L", "I;16", "I", "F"):
        return np.asarray(image.convert("L"))
    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[..., ::-1])


def load(data: bytes) -> Document:
    """Read a page image (or a multi-page TIFF) into the document model."""
    pages: list[PageText] = []
    scans: dict[int, ocr.Scan] = {}
    carry: list[Geometry | None] = [None]
    for number, frame in enumerate(frames(data), start=1):
        page_scan = ocr.read_image(to_array(frame), number, pixels_per_point(frame))
        scans[number] = page_scan
        pages.append(layout_page(page_scan.raw, page_scan.edges, None, carry, page_scan))
    if sum(s.raw.good_chars for s in scans.values()) < 10:
        raise ExtractionError("no text found in the image (OCR read nothing)")
    return Document(finish(pages, scans), format="image", pages=len(pages), text_layer="ocr")


MIN_PICTURE = (600, 300)  # pixels: smaller pictures are logos, seals or signatures, not a pasted page


def picture_blocks(data: bytes) -> list[Block]:
    """The blocks of a picture in a document (a scanned table pasted into Word), read by OCR;
    [] for a picture too small to hold a table or one in which OCR reads no text. The
    blocks keep each cell's OCR confidence; pages and boxes are the picture's, so they are
    dropped (the document has no pages)."""
    try:
        pages = frames(data)
    except ExtractionError:
        return []
    if not pages or pages[0].size[0] < MIN_PICTURE[0] or pages[0].size[1] < MIN_PICTURE[1]:
        return []
    page_scan = ocr.read_image(to_array(pages[0]), 1, pixels_per_point(pages[0]))
    if page_scan.raw.good_chars < 10:
        return []
    blocks = finish([layout_page(page_scan.raw, page_scan.edges, None, [None], page_scan)], {1: page_scan})
    for block in blocks:
        block.page = None
        block.bbox = None
        if isinstance(block, Table):
            for cell in block.cells():
                cell.page, cell.bbox = None, None
    return blocks
