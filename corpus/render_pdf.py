"""PDF renderer (reportlab): the document model drawn on A4 pages, as Word/WPS print it.

Text uses WenQuanYi Micro Hei (:mod:`corpus.cjk_font`), a subset embedded (a report is
about 75 KB), so the text and its boxes read back the same on any machine. Paragraphs wrap at the margin
(no break inside a number, closing punctuation kept off the start of a line); tables
are drawn cell by cell: labels and headers wrapped to their cell's width (商业企 / 业,
（四）无 / 法提供), values centred (left in table 二) and shrunk to fit, merged cells
drawn as one box; a merged cell cut by a page break prints each line on the page
where it falls.

Layout variants (corpus.variants): ``pdf_unruled`` (no lines at all, columns
aligned by x only), ``pdf_vertical_label`` (三、本年度办理结果 one character per
line in a narrow merged cell), ``pdf_split_table3`` / ``pdf_split_table3_noheader``
(a page break inside table 三, header rows repeated or not), ``pdf_footer_dash`` /
``pdf_footer_page`` ("- 3 -" / "第 3 页"), ``pdf_running_header`` (the title over
every page but the first, above a rule), ``pdf_title_bottom`` (the heading of table
三 or 四 the last line of a page, its table on the next). Without a split variant a
table that does not fit on the rest of a page starts on the next (with its heading);
a taller one, and table 二 (one table of its blocks, titles shaded), break across
pages where the page ends. Failure classes (issue 10): ``pdf_group_span_wps`` (group
labels at the top of their spanning cell), ``pdf_split_leaf_label`` (the page breaks
inside the label 2.没有现成信息需要 / 另行制作, header repeated, numbers on the second
page), ``pdf_number_wrapped`` (narrow applicant columns, numbers wrapped in their cell),
``pdf_unruled_fee_zero`` (unruled, as ``pdf_unruled``).
Output is byte-deterministic (``invariant=1``; layout choices drawn from the seed).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, replace

import regex as re
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from . import cjk_font
from .layout import XIAOJI
from .model import Document, GCell, Grid, Para, stack
from .spec import ReportSpec

FONT = cjk_font.register()  # embedded: reading the PDFs back needs no system font

WIDTH, HEIGHT = A4
LEFT, RIGHT, TOP, BOTTOM = 70.0, WIDTH - 70.0, 72.0, 72.0
TEXT_WIDTH = RIGHT - LEFT
SIZES = {"title": 18.0, "heading": 15.0, "meta": 12.0, "body": 12.0, "toc": 12.0, "signature": 12.0}
LEADING = 1.7  # line pitch of paragraphs, in font sizes
CELL_SIZE, CELL_LEADING = 9.0, 12.0
MIN_VALUE_SIZE = 5.0
VALUE_WIDTH = 37.0  # the applicant columns of table 三
TITLE_FILL = (0.82, 0.87, 0.95)  # the shaded block titles of table 二

# Characters that must not start a line (kept on the line before, hanging past the margin)
# and that must not end one; runs of Latin letters and digits are not broken.
_NO_START = set("，。、；：！？）》」』”’%％·…—")
_NO_END = set("（《「『“‘")
_TOKEN = re.compile(r"[A-Za-z0-9.,:/%+\-]+|.", re.S)


def width_of(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(text: str, width: float, size: float, first: float | None = None) -> list[str]:
    """Break ``text`` into lines at most ``width`` wide (``first`` for the first line).

    A punctuation mark that may not start a line takes the character before it to
    the next line; one that may not end a line goes to the next line.
    """
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(text):
        room = first if first is not None and not lines else width
        if line and width_of(line + token, size) > room:
            keep = 1 if token in _NO_START else 0  # characters carried over with the token
            keep += line[-1 - keep] in _NO_END if len(line) > keep + 1 else 0
            if len(line) <= keep:
                keep = 0
            lines.append(line[:len(line) - keep])
            line = line[len(line) - keep:]
            if token == " ":
                continue
        line += token
    if line or not lines:
        lines.append(line)
    return [ln.strip() for ln in lines]


# --- tables ----------------------------------------------------------------------------


@dataclass
class _Drawn:
    """A cell's printed lines and their font size."""

    lines: list[str]
    size: float


class TableLayout:
    """Column widths, wrapped cell text and row heights of one grid."""

    def __init__(self, grid: Grid, widths: list[float], ruled: bool, pad: float, vpad: float = 3.0,
                 wrap_values: bool = False, top_groups: bool = False) -> None:
        """``wrap_values``: a value too wide for its cell wraps onto more lines (else it shrinks);
        ``top_groups``: the group labels of table 三 (column 1, spanning rows) at the top of their cell."""
        self.grid, self.widths, self.ruled, self.pad, self.vpad = grid, widths, ruled, pad, vpad
        self.wrap_values, self.top_groups = wrap_values, top_groups
        self.x = [LEFT + sum(widths[:i]) for i in range(len(widths) + 1)]
        self.drawn = {id(c): self._lines(c) for c in grid.cells}
        heights = [CELL_LEADING + 2 * vpad] * grid.n_rows
        for c in grid.cells:
            if c.rowspan == 1:
                heights[c.row] = max(heights[c.row], self._need(c))
        for c in sorted(grid.cells, key=lambda c: c.rowspan):
            if c.rowspan > 1:
                short = self._need(c) - sum(heights[c.row:c.row + c.rowspan])
                if short > 0:
                    heights[c.row + c.rowspan - 1] += short
        self.tops = [sum(heights[:r]) for r in range(grid.n_rows + 1)]

    def _inner(self, c: GCell) -> float:
        return self.x[c.col + c.colspan] - self.x[c.col] - 2 * self.pad

    def _lines(self, c: GCell) -> _Drawn:
        inner = self._inner(c)
        if c.kind == "value":
            text = c.text
            if self.wrap_values and width_of(text, CELL_SIZE) > inner:
                return _Drawn(_wrap_chars(text, inner, CELL_SIZE), CELL_SIZE)
            size = CELL_SIZE
            while size > MIN_VALUE_SIZE and width_of(text, size) > inner:
                size -= 0.5
            return _Drawn([text] if text else [], size)
        lines = [part for line in c.lines for part in wrap(line, inner, CELL_SIZE)]
        return _Drawn([ln for ln in lines if ln], CELL_SIZE)

    def _need(self, c: GCell) -> float:
        return len(self.drawn[id(c)].lines) * CELL_LEADING + 2 * self.vpad

    def height(self, rows: range) -> float:
        return self.tops[rows.stop] - self.tops[rows.start]

    def draw(self, cv: canvas.Canvas, y_top: float, rows: range) -> float:
        """Draw ``rows`` from ``y_top`` down (spanning cells clipped to them); return the new y."""
        v0, v1 = self.tops[rows.start], self.tops[rows.stop]
        for c in self.grid.cells:
            c_top, c_bottom = self.tops[c.row], self.tops[c.row + c.rowspan]
            if c_bottom <= v0 or c_top >= v1:
                continue
            x0, x1 = self.x[c.col], self.x[c.col + c.colspan]
            top, bottom = y_top - (max(c_top, v0) - v0), y_top - (min(c_bottom, v1) - v0)
            if self.ruled:
                if c.kind == "title":
                    cv.setFillColorRGB(*TITLE_FILL)
                    cv.rect(x0, bottom, x1 - x0, top - bottom, stroke=1, fill=1)
                    cv.setFillColorRGB(0, 0, 0)
                else:
                    cv.rect(x0, bottom, x1 - x0, top - bottom)
            drawn = self.drawn[id(c)]
            cv.setFont(FONT, drawn.size)
            first = c_top + (c_bottom - c_top - len(drawn.lines) * CELL_LEADING) / 2
            if self.top_groups and self.grid.part == "applications" and c.col == 1 and c.rowspan > 1:
                first = c_top + self.vpad  # level with the first line of the cell's first row
            for k, line in enumerate(drawn.lines):
                base = first + (k + 1) * CELL_LEADING - 3  # baseline, from the grid's top
                if not v0 <= base - 0.25 * drawn.size < v1:  # the glyphs' middle (ascent .77, descent .24)
                    continue  # this line of a cell split over pages is on the other page
                y = y_top - (base - v0)
                if c.kind in ("label", "note", "title") or (c.kind == "value" and self.grid.part == "active_disclosure"):
                    cv.drawString(x0 + self.pad, y, line)
                else:
                    cv.drawCentredString((x0 + x1) / 2, y, line)
        return y_top - (v1 - v0)


# applicant column width of pdf_number_wrapped: three digits fit (with the cell's padding), four do not
NARROW_VALUE = round(width_of("000", CELL_SIZE) + 2 * 3.0 + 1.0, 1)


def _wrap_chars(text: str, width: float, size: float) -> list[str]:
    """``text`` broken anywhere, as many characters on a line as fit (a number wrapped inside its cell)."""
    lines = [""]
    for ch in text:
        if lines[-1] and width_of(lines[-1] + ch, size) > width:
            lines.append("")
        lines[-1] += ch
    return lines


def _widths(grid: Grid, spec: ReportSpec) -> list[float]:
    if grid.part == "active_disclosure":
        first = 0.34 * TEXT_WIDTH
        return [first] + [(TEXT_WIDTH - first) / 3] * 3
    if grid.part == "applications":
        values = [NARROW_VALUE if spec.has("pdf_number_wrapped") else VALUE_WIDTH] * 7
        first = 20.0 if spec.has("pdf_vertical_label") else 42.0
        category = 52.0
        return [first, category, TEXT_WIDTH - sum(values) - first - category] + values
    return [TEXT_WIDTH / grid.n_cols] * grid.n_cols


def layout_table(grid: Grid, spec: ReportSpec) -> TableLayout:
    ruled = not (spec.has("pdf_unruled") or spec.has("pdf_unruled_fee_zero"))
    return TableLayout(grid, _widths(grid, spec), ruled, 3.0 if ruled else 5.0,  # wider gaps unruled
                       wrap_values=spec.has("pdf_number_wrapped"), top_groups=spec.has("pdf_group_span_wps"))


# --- pages -----------------------------------------------------------------------------


class Pages:
    """A canvas with a text cursor; page furniture drawn as each page is finished."""

    def __init__(self, spec: ReportSpec, buf: io.BytesIO) -> None:
        self.spec = spec
        self.cv = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
        self.cv.setTitle("".join(spec.title))
        self.cv.setAuthor("gov")
        self.cv.setCreator("corpus.render_pdf")
        self.page = 1
        self.y = HEIGHT - TOP

    @property
    def room(self) -> float:
        return self.y - BOTTOM

    def _furniture(self) -> None:
        cv, spec = self.cv, self.spec
        cv.setFont(FONT, 10.5)
        if spec.has("pdf_footer_dash"):
            cv.drawCentredString(WIDTH / 2, 40, f"- {self.page} -")
        elif spec.has("pdf_footer_page"):
            cv.drawCentredString(WIDTH / 2, 40, f"第 {self.page} 页")
        if spec.has("pdf_running_header") and self.page > 1:
            cv.setFont(FONT, 9)
            cv.drawCentredString(WIDTH / 2, HEIGHT - 44, "".join(spec.title))
            cv.setLineWidth(0.5)
            cv.line(LEFT, HEIGHT - 50, RIGHT, HEIGHT - 50)

    def new_page(self) -> None:
        self._furniture()
        self.cv.showPage()
        self.page += 1
        self.y = HEIGHT - TOP

    def finish(self) -> None:
        self._furniture()
        self.cv.showPage()
        self.cv.save()

    def lines(self, lines: list[tuple[float, str]], size: float, align: str) -> None:
        """Lines of one paragraph as (indent, text), each moved to a new page when the page is full."""
        pitch = LEADING * size
        for indent, text in lines:
            if self.room < pitch:
                self.new_page()
            self.cv.setFont(FONT, size)
            base = self.y - size - (pitch - size) / 2
            if align == "center":
                self.cv.drawCentredString((LEFT + RIGHT) / 2, base, text)
            elif align == "right":
                self.cv.drawRightString(RIGHT - 2 * size, base, text)
            else:
                self.cv.drawString(LEFT + indent, base, text)
            self.y -= pitch

    def paragraph(self, para: Para, spec: ReportSpec) -> None:
        size = SIZES[para.role]
        if para.role == "title":
            self.lines([(0.0, t) for t in _title_lines(para.text, size, spec)], size, "center")
            self.y -= 6
        elif para.role == "meta":
            self.lines([(0.0, para.text)], size, "center")
        elif para.role == "signature":
            self.lines([(0.0, para.text)], size, "right")
        elif para.role == "heading":
            if self.room < 3 * LEADING * size:  # keep a heading with what follows
                self.new_page()
            self.y -= 4
            self.lines([(2 * size, t) for t in wrap(para.text, TEXT_WIDTH - 2 * size, size)], size, "left")
        else:
            indent = 2 * SIZES["body"]
            lines = wrap(para.text, TEXT_WIDTH, size, TEXT_WIDTH - indent)
            self.lines([(indent if k == 0 else 0.0, t) for k, t in enumerate(lines)], size, "left")

    def table(self, tl: TableLayout, cut: int | None = None, repeat_header: bool = False) -> None:
        """Draw a table: whole (on the next page when it does not fit here) or broken before row ``cut``."""
        n, head = tl.grid.n_rows, tl.grid.header_rows
        self.y -= 4
        if cut is None:
            if tl.height(range(0, n)) > self.room and tl.height(range(0, n)) <= HEIGHT - TOP - BOTTOM:
                self.new_page()
            self._flow(tl, 0, n)
        else:
            if tl.height(range(0, cut)) > self.room and tl.height(range(0, cut)) <= HEIGHT - TOP - BOTTOM:
                self.new_page()
            self._flow(tl, 0, cut)
            self.new_page()
            if repeat_header and head:
                self.y = tl.draw(self.cv, self.y, range(0, head))
            self._flow(tl, cut, n)
        self.y -= 10

    def _flow(self, tl: TableLayout, start: int, stop: int) -> None:
        """Rows start–stop, continued on new pages where a page ends."""
        while start < stop:
            end = start
            while end < stop and tl.height(range(start, end + 1)) <= self.room:
                end += 1
            if end == start:
                if self.y >= HEIGHT - TOP:  # a row taller than a page: draw it anyway
                    end = start + 1
                else:
                    self.new_page()
                    continue
            self.y = tl.draw(self.cv, self.y, range(start, end))
            start = end
            if start < stop:
                self.new_page()


def _title_lines(text: str, size: float, spec: ReportSpec) -> list[str]:
    """The title centred; a long one broken before the year (agency on the first line)."""
    if width_of(text, size) <= TEXT_WIDTH:
        return [text]
    at = text.find(str(spec.year))
    if at > 0 and width_of(text[:at], size) <= TEXT_WIDTH and width_of(text[at:], size) <= TEXT_WIDTH:
        return [text[:at], text[at:]]
    return wrap(text, TEXT_WIDTH, size)


def _split_row(grid: Grid, rng: random.Random) -> int:
    """A row inside 三、本年度办理结果 to break table 三 before. With printed 小计 rows, the row
    right after one: the 小计 stays on its page while its category label goes to the next."""
    outcomes = next(c for c in grid.cells if c.col == 0 and c.rowspan > 3)
    end = outcomes.row + outcomes.rowspan - 1
    after_subtotal = [c.row + 1 for c in grid.cells if XIAOJI in "".join(c.lines) and c.row + 1 < end]
    if after_subtotal:
        return rng.choice(after_subtotal)
    return rng.randrange(outcomes.row + 2, end)


SPLIT_LEAF = "现成信息"  # in the label of unable_needs_creation, 2.没有现成信息需要另行制作


def split_leaf_row(grid: Grid) -> tuple[Grid, int]:
    """Table 三 with the row of 2.没有现成信息需要另行制作 made two grid rows, to break the page between:
    the label's first line over empty value cells, then 另行制作 (its last four characters) and the
    numbers. Cells spanning the row span both. Returns the grid and the row to break before."""
    label = next(c for c in grid.cells if c.kind == "label" and SPLIT_LEAF in c.text)
    r, text = label.row, label.text
    cells: list[GCell] = []
    for c in grid.cells:
        if c is label:
            cells += [replace(c, lines=(text[:-4],)), replace(c, lines=(text[-4:],), row=r + 1)]
        elif c.row == r:
            cells += [replace(c, lines=("",)), replace(c, row=r + 1)]
        elif c.row > r:
            cells.append(replace(c, row=c.row + 1))
        elif c.row + c.rowspan > r:
            cells.append(replace(c, rowspan=c.rowspan + 1))
        else:
            cells.append(c)
    return Grid(cells, grid.n_rows + 1, grid.n_cols, grid.part, grid.header_rows), r + 1


def _is_ad(block: Para | Grid) -> bool:
    return isinstance(block, Grid) and block.part == "active_disclosure"


def render(spec: ReportSpec, doc: Document, max_pages: int | None = None) -> bytes:
    """The PDF of ``doc``; with ``max_pages``, drawing stops at the first block boundary on that page
    (for long test documents made of repeated blocks). Variant ``docx_soffice``: the DOCX
    rendering converted by LibreOffice (:mod:`corpus.soffice`)."""
    if spec.has("docx_soffice"):
        from . import render_docx, soffice

        return soffice.convert(spec.name, render_docx.render(spec, doc))
    rng = random.Random(f"{spec.seed}:pdf")
    bottom_title = rng.choice(("applications", "review_litigation"))
    buf = io.BytesIO()
    pages = Pages(spec, buf)
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if max_pages is not None and pages.page >= max_pages:
            break
        if isinstance(block, Para):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if (block.role == "heading" and spec.has("pdf_title_bottom") and block.key == bottom_title
                    and isinstance(nxt, Grid)):
                pitch = LEADING * SIZES["heading"] + 4
                if pages.room >= pitch:  # the heading ends this page; its table starts the next
                    pages.y = BOTTOM + pitch + 1
                    pages.lines([(2 * SIZES["heading"], block.text)], SIZES["heading"], "left")
                    pages.new_page()
                    continue
            if block.role == "heading" and isinstance(nxt, Grid) and nxt.part != "active_disclosure":
                height = layout_table(nxt, spec).height(range(nxt.n_rows)) + LEADING * SIZES["heading"] + 8
                if pages.room < height <= HEIGHT - TOP - BOTTOM:
                    pages.new_page()  # keep the heading with its table
            pages.paragraph(block, spec)
        elif block.part == "active_disclosure":  # one table of the blocks, broken where a page ends
            if i == 0 or not _is_ad(blocks[i - 1]):
                run = [block]
                while i + len(run) < len(blocks) and _is_ad(blocks[i + len(run)]):
                    run.append(blocks[i + len(run)])  # type: ignore[arg-type]
                tl = layout_table(stack(run), spec)
                pages.y -= 4
                pages._flow(tl, 0, tl.grid.n_rows)
                pages.y -= 10
        elif block.part == "applications" and spec.has("pdf_split_leaf_label"):
            grid, cut = split_leaf_row(block)
            pages.table(layout_table(grid, spec), cut, repeat_header=True)
        elif block.part == "applications" and (spec.has("pdf_split_table3") or spec.has("pdf_split_table3_noheader")):
            pages.table(layout_table(block, spec), _split_row(block, rng), spec.has("pdf_split_table3"))
        else:
            pages.table(layout_table(block, spec))
    pages.finish()
    return buf.getvalue()
