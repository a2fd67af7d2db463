"""PDF: paragraphs and tables (merged cells resolved) with page and bbox, via PDFium.

One pass over the pages with PDFium reads each page's characters once. Pages
whose text looks like a statistics table (第二十条, 本年新收, 申请人情况, 行政复议 …
or several rows of aligned numbers) are also searched for tables: ruled tables
from their lines and rectangles (:mod:`.pdf_ruled`), unruled ones from the
alignment of their numbers (:mod:`.pdf_unruled`). All other text becomes
paragraphs (:mod:`.pdf_text`). A table split over pages gives one table block
per page; the page footer between the parts is dropped.

PDFium rather than pdfplumber reads the pages: pdfplumber (pdfminer) spends more
time parsing the table pages alone than the whole of this loader takes.
"""

from __future__ import annotations

from typing import Any

from ..errors import ExtractionError
from ..model import Block, Document
from .pdf_layout import Line, group_lines, split_fields
from .pdf_read import Edge, RawPage, read_page
from .pdf_ruled import find_ruled_tables
from .pdf_text import PageText, build_blocks, strip_furniture
from .pdf_unruled import find_unruled_tables

NO_TEXT = "no text layer (scanned PDF?)"
ENCRYPTED = "encrypted PDF (password required)"

TABLE_KEYWORDS = ("第二十条", "本年新收", "申请人情况", "行政复议", "行政诉讼", "结果维持", "信息内容",
                  "本年制发件数", "自然人", "法人或其他组织")
_MIN_GOOD_CHARS = 10  # per page, on average, for a usable text layer
_MAX_BAD_SHARE = 0.3  # unmappable glyphs, private-use or replacement characters


def load(data: bytes) -> Document:
    """Read a PDF's bytes into the document model."""
    import pypdfium2 as pdfium

    pdf = _open(pdfium, data)
    pages: list[PageText] = []
    good = bad = 0
    try:
        for index in range(len(pdf)):
            scan = _TableScan()
            try:
                raw, edges = read_page(pdf, index, scan)
            except pdfium.PdfiumError:
                raise ExtractionError(f"corrupt PDF (page {index + 1} unreadable)") from None
            good, bad = good + raw.good_chars, bad + raw.bad_chars
            pages.append(_layout(raw, edges, scan.lines))
    finally:
        pdf.close()
    if good < _MIN_GOOD_CHARS * len(pages) or bad > _MAX_BAD_SHARE * (good + bad):
        raise ExtractionError(NO_TEXT)
    strip_furniture(pages)
    return Document(build_blocks(pages), format="pdf", pages=len(pages))


def _open(pdfium: Any, data: bytes) -> Any:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == 4:  # FPDF_ERR_PASSWORD
            raise ExtractionError(ENCRYPTED) from None
        if code == 5:  # FPDF_ERR_SECURITY
            raise ExtractionError("encrypted PDF (unsupported security handler)") from None
        raise ExtractionError("corrupt PDF (unreadable document structure)") from None
    if len(pdf) == 0:
        pdf.close()
        raise ExtractionError("corrupt PDF (no pages)")
    return pdf


class _TableScan:
    """Whether a page may hold a statistics table: keywords, rows of spaced numbers, or a long one.

    Keeps the lines it grouped, so the page is not grouped twice.
    """

    def __init__(self) -> None:
        self.lines: list[Line] | None = None

    def __call__(self, page: RawPage) -> bool:
        text = "".join(ch.text for ch in page.chars if not ch.text.isspace())
        if any(k in text for k in TABLE_KEYWORDS):
            return True
        self.lines = group_lines(page.chars)
        counts = [sum(f.numeric for f in split_fields(ln)) for ln in self.lines]
        return sum(n >= 2 for n in counts) >= 3 or max(counts, default=0) >= 5


def _layout(raw: RawPage, edges: list[Edge] | None, lines: list[Line] | None) -> PageText:
    """One page as text lines and tables, in reading order.

    ``edges`` is None on pages without tables; ``lines`` are the page's lines if
    already grouped.
    """
    items: list[tuple[float, Line | Block]] = []
    ruled = find_ruled_tables(edges, raw.chars, raw.number) if edges else []
    if ruled:
        used: set[int] = set().union(*(t.chars for t in ruled))
        lines = group_lines(ch for ch in raw.chars if id(ch) not in used)
        items += [(t.bbox[1], t.table) for t in ruled]
    elif lines is None:
        lines = group_lines(raw.chars)
    if edges is not None:
        for table, consumed in find_unruled_tables(lines, raw.number):
            items.append((table.bbox[1] if table.bbox else 0.0, table))
            lines = [ln for ln in lines if id(ln) not in consumed]
    for line in lines:
        line.page = raw.number
        line.chars = []  # not needed any more: keep memory flat on long documents
        items.append((line.top, line))
    items.sort(key=lambda item: item[0])
    return PageText(raw.number, raw.width, raw.height, items)
