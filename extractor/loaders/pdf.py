"""PDF: paragraphs and tables (merged cells resolved) with page and bbox, via PDFium.

One pass over the pages with PDFium reads each page's characters once. Pages
whose text looks like a statistics table (第二十条, 本年新收, 申请人情况, 行政复议 …
or several rows of aligned numbers) are also searched for tables: ruled tables
from their lines and rectangles (:mod:`.pdf_ruled`), unruled ones from the
alignment of their numbers (:mod:`.pdf_unruled`). All other text becomes
paragraphs (:mod:`.pdf_text`). A page following a page with a table is searched
too (the table may end there). A table split over pages gives one table block
per page; the page footer between the parts is dropped, and the rest of a row
broken by the page break goes back into that row.

PDFium rather than pdfplumber reads the pages: pdfplumber (pdfminer) spends more
time parsing the table pages alone than the whole of this loader takes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..errors import ExtractionError
from ..model import Block, Document, Table
from . import ocr
from .pdf_cells import NUMBERED
from .pdf_layout import Line, group_lines, is_value, join_lines, split_fields
from .pdf_read import Edge, RawPage, read_page
from .pdf_ruled import find_ruled_tables
from .pdf_text import PageText, build_blocks, strip_furniture
from .pdf_unruled import Geometry, find_unruled_tables

NO_TEXT = "no text layer (scanned PDF?)"
NO_TEXT_OCR = "no text: no usable text layer, and OCR found none (a blank or unreadable scan?)"
ENCRYPTED = "encrypted PDF (password required)"

TABLE_KEYWORDS = ("第二十条", "本年新收", "申请人情况", "行政复议", "行政诉讼", "结果维持", "信息内容",
                  "本年制发件数", "自然人", "法人或其他组织")
_MIN_GOOD_CHARS = 10  # per page, on average, for a usable text layer
_MAX_BAD_SHARE = 0.3  # unmappable glyphs, private-use or replacement characters


def load(data: bytes) -> Document:
    """Read a PDF's bytes into the document model; pages without a usable text layer by OCR."""
    import pypdfium2 as pdfium

    pdf = _open(pdfium, data)
    pages: list[PageText] = []
    carry: list[Geometry | None] = [None]  # columns of an unruled table ending the page before
    scans: dict[int, ocr.Scan] = {}
    good = bad = 0
    try:
        for index in range(len(pdf)):
            scan = _TableScan(after_table=bool(pages) and any(
                not isinstance(item, Line) for _, item in pages[-1].items))
            try:
                raw, edges = read_page(pdf, index, scan)
            except pdfium.PdfiumError:
                raise ExtractionError(f"corrupt PDF (page {index + 1} unreadable)") from None
            if ocr.needs_ocr(raw):
                scans[raw.number] = page_scan = ocr.read_pdf_page(pdf, index)
                raw, edges, scan.lines = page_scan.raw, page_scan.edges, None
            good, bad = good + raw.good_chars, bad + raw.bad_chars
            pages.append(layout_page(raw, edges, scan.lines, carry, scans.get(raw.number)))
    finally:
        pdf.close()
    if good < _MIN_GOOD_CHARS * len(pages) or bad > _MAX_BAD_SHARE * (good + bad):
        raise ExtractionError(NO_TEXT_OCR if scans else NO_TEXT, pages=len(pages))
    return Document(finish(pages, scans), format="pdf", pages=len(pages),
                    text_layer=text_layer(len(scans), len(pages)))


def finish(pages: list[PageText], scans: dict[int, ocr.Scan]) -> list[Block]:
    """The blocks of laid-out pages: furniture dropped, rows broken by a page break joined,
    and the boxes of OCR pages mapped back to the page as displayed."""
    strip_furniture(pages)
    return ocr.to_page(join_broken_rows(build_blocks(pages)), scans)


def text_layer(ocr_pages: int, pages: int) -> str:
    """native, ocr or mixed: where the document's text came from."""
    return "native" if not ocr_pages else "ocr" if ocr_pages == pages else "mixed"


def join_broken_rows(blocks: list[Block]) -> list[Block]:
    """Put the rest of a table row broken by a page break back into the row.

    Word and LibreOffice let a row break across pages: the rest of its wrapped label
    (5.属于 / 三类内部事务信息) opens the next page's part of the table, in a row with no
    values. When a table continues on the next page (same width and columns) and its
    first row holds only such text — no value, no ordinal starting it — while the last
    row before the break has values, the text goes to the cells of that row.
    """
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if isinstance(block, Table) and isinstance(prev, Table) and _broken_row(prev, block):
            rest = _move_first_row(prev, block)
            if rest is None:
                continue
            block = rest
        out.append(block)
    return out


def _broken_row(prev: Table, table: Table) -> bool:
    if prev.page is None or table.page != prev.page + 1 or prev.n_cols != table.n_cols or not table.n_rows:
        return False
    if prev.bbox is None or table.bbox is None or abs(prev.bbox[0] - table.bbox[0]) > 3 \
            or abs(prev.bbox[2] - table.bbox[2]) > 3:
        return False
    first = [cell for _, cell in table.row_cells(0) if cell.row == 0 and cell.rowspan == 1 and cell.text.strip()]
    values = [c for c in range(prev.n_cols) if is_value(prev.text(prev.n_rows - 1, c))]
    if not first or not values or any(is_value(cell.text) or NUMBERED.match(cell.text) for cell in first):
        return False
    # label text left of the values, and empty cells of its own under them (not a repeated header)
    return all(cell.col + cell.colspan <= values[0] for cell in first) and all(
        (cell := table.grid[0][c]) is None or (not cell.text.strip() and cell.rowspan == cell.colspan == 1)
        for c in values)


def _move_first_row(prev: Table, table: Table) -> Table | None:
    """Append the first row's texts to the cells above them; the table without that row."""
    for _, cell in table.row_cells(0):
        if cell.row == 0 and cell.rowspan == 1 and cell.text.strip():
            above = prev.grid[prev.n_rows - 1][cell.col]
            if above is not None:
                above.text = join_lines([above.text, cell.text])
    cells = []
    for cell in table.cells():
        if cell.row == 0 and cell.rowspan == 1:
            continue
        cells.append(replace(cell, row=0, rowspan=cell.rowspan - 1) if cell.row == 0
                     else replace(cell, row=cell.row - 1))
    return Table.from_cells(cells, table.page, table.bbox) if cells else None


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
    """Whether a page may hold a statistics table: the page after a table (its rest may
    continue here: one row, 行政事业性收费 0), keywords, rows of spaced numbers, or a long one.

    Keeps the lines it grouped, so the page is not grouped twice.
    """

    def __init__(self, after_table: bool = False) -> None:
        self.lines: list[Line] | None = None
        self.after_table = after_table

    def __call__(self, page: RawPage) -> bool:
        if self.after_table:
            return True
        text = "".join(ch.text for ch in page.chars if not ch.text.isspace())
        if any(k in text for k in TABLE_KEYWORDS):
            return True
        self.lines = group_lines(page.chars)
        counts = [sum(f.numeric for f in split_fields(ln)) for ln in self.lines]
        return sum(n >= 2 for n in counts) >= 3 or max(counts, default=0) >= 5


def layout_page(raw: RawPage, edges: list[Edge] | None, lines: list[Line] | None,
            carry: list[Geometry | None], page_scan: ocr.Scan | None = None) -> PageText:
    """One page as text lines and tables, in reading order.

    ``edges`` is None on pages without tables; ``lines`` are the page's lines if
    already grouped; ``carry`` the columns of an unruled table running over from
    the page before, updated for the next page; ``page_scan`` the OCR reading of the
    page (its blank table cells are read again alone, its confidences go to the cells).
    """
    items: list[tuple[float, Line | Block]] = []
    ruled = find_ruled_tables(edges, raw.chars, raw.number) if edges else []
    if ruled:
        used: set[int] = set().union(*(t.chars for t in ruled))
        lines = group_lines(ch for ch in raw.chars if id(ch) not in used)
        items += [(t.bbox[1], t.table) for t in ruled]
    elif lines is None:
        lines = group_lines(raw.chars)
    if edges is None:
        carry[0] = None
    else:
        for table, consumed in find_unruled_tables(lines, raw.number, raw.height, carry):
            items.append((table.bbox[1] if table.bbox else 0.0, table))
            lines = [ln for ln in lines if id(ln) not in consumed]
    for line in lines:
        line.page = raw.number
        line.chars = []  # not needed any more: keep memory flat on long documents
        items.append((line.top, line))
    if page_scan is not None:
        ocr.finish_page([item for _, item in items], page_scan)
    items.sort(key=lambda item: item[0])
    return PageText(raw.number, raw.width, raw.height, items)
