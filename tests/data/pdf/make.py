"""Make the small PDF fixtures of tests/test_loader_pdf.py (run: python tests/data/pdf/make.py).

Needs reportlab (and Pillow for the image). Chinese text uses WenQuanYi Micro Hei
(:mod:`corpus.cjk_font`), embedded, so reading the fixtures needs no system font.
Output is reproducible (``invariant=1``).
Tables are drawn cell by cell, the way Word/WPS print them: labels wrapped to the
column width, the narrow merged cell 三、本年度办理结果 one character per line, a
table split over pages inside a merged cell.

* unruled.pdf — tables 二, 三 and 四 without any rules; wrapped header words (商业企 /
  业), wrapped row labels, the vertical label; paragraphs around them.
* split.pdf — ruled table 三 from the bottom of page 2 to page 3, split inside the
  vertical label, no repeated header, footers "- 1 -" …; a paragraph framed by a
  rectangle (not a table); a paragraph running over the page 1/2 break; Kangxi
  and radical-supplement characters (⼀ ⾏ ⻓) in the text layer.
* title_only.pdf — the title of table 三 is the last line of page 1; the table
  fills pages 2–3 and repeats its header rows on page 3; footers "第 N 页" and a
  running header on every page.
* image_only.pdf — one page holding only an image (a scan).
* no_unicode.pdf — text in a font whose ToUnicode map was removed (glyph garbage).
* encrypted_empty.pdf / encrypted_password.pdf — user password "" / "x".
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository, for tests.fixtures_pdf

from corpus import cjk_font  # noqa: E402
from tests.fixtures_pdf import (  # noqa: E402  (what the fixtures print)
    APPLICANTS,
    CATEGORIES,
    DISCLOSURE,
    KANGXI,
    LONG,
    NOTE,
    OUTCOMES,
    REVIEW,
    ROW_LABELS,
    RUNNING_HEADER,
    row_values,
)

FONT = cjk_font.register()
WIDTH, HEIGHT = A4
LEFT, RIGHT, TOP, BOTTOM = 72.0, WIDTH - 72.0, 72.0, 72.0  # margins
BODY_SIZE, BODY_LEADING = 12.0, 20.0
CELL_SIZE, CELL_LEADING, CELL_PAD = 8.0, 11.0, 3.0

# --- a table drawn cell by cell --------------------------------------------------


@dataclass
class TCell:
    text: str  # "|" forces a line break
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    center: bool = False


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break text into lines no wider than ``width`` (any character may end a line)."""
    lines: list[str] = []
    for part in text.split("|"):
        line = ""
        for ch in part:
            if line and pdfmetrics.stringWidth(line + ch, FONT, size) > width:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    return lines


class GridTable:
    """Column widths, cells with spans; row heights follow the wrapped text."""

    def __init__(self, widths: list[float], cells: list[TCell], n_header: int, ruled: bool,
                 pad: float = CELL_PAD) -> None:
        self.widths, self.cells, self.n_header, self.ruled = widths, cells, n_header, ruled
        self.pad = pad
        self.n_rows = max(c.row + c.rowspan for c in cells)
        self.heights = [2 * pad + CELL_LEADING] * self.n_rows
        for c in cells:
            if c.rowspan == 1:
                need = len(self.lines(c)) * CELL_LEADING + 2 * pad
                self.heights[c.row] = max(self.heights[c.row], need)
        self.tops = [sum(self.heights[:r]) for r in range(self.n_rows + 1)]

    def lines(self, c: TCell) -> list[str]:
        return wrap(c.text, sum(self.widths[c.col:c.col + c.colspan]) - 2 * CELL_PAD, CELL_SIZE)

    def draw(self, cv: canvas.Canvas, y_top: float, rows: range, header: bool = False) -> float:
        """Draw ``rows`` (plus the header rows if asked) from ``y_top`` down; return the new y."""
        parts = [range(0, self.n_header)] if header else []
        for part in parts + [rows]:
            y_top = self._draw_part(cv, y_top, part)
        return y_top

    def _draw_part(self, cv: canvas.Canvas, y_top: float, rows: range) -> float:
        v0, v1 = self.tops[rows.start], self.tops[rows.stop]
        x_of = [LEFT + sum(self.widths[:i]) for i in range(len(self.widths) + 1)]
        cv.setFont(FONT, CELL_SIZE)
        for c in self.cells:
            c_top, c_bottom = self.tops[c.row], self.tops[c.row + c.rowspan]
            if c_bottom <= v0 or c_top >= v1:
                continue
            x0, x1 = x_of[c.col], x_of[c.col + c.colspan]
            if self.ruled:
                top, bottom = y_top - (max(c_top, v0) - v0), y_top - (min(c_bottom, v1) - v0)
                cv.rect(x0, bottom, x1 - x0, top - bottom)
            lines = self.lines(c)
            first = c_top + (c_bottom - c_top - len(lines) * CELL_LEADING) / 2
            for k, line in enumerate(lines):
                base = first + (k + 1) * CELL_LEADING - 3  # virtual baseline
                if v0 <= base - CELL_SIZE / 2 < v1:
                    y = y_top - (base - v0)
                    if c.center:
                        cv.drawCentredString((x0 + x1) / 2, y, line)
                    else:
                        cv.drawString(x0 + CELL_PAD, y, line)
        return y_top - (v1 - v0)


def applications_table(ruled: bool, pad: float = CELL_PAD) -> GridTable:
    """Table 三 in the template layout: 3 label + 7 value columns, 3 header rows."""
    cells = [TCell(NOTE, 0, 0, 3, 3), TCell("申请人情况", 0, 3, 1, 7, True), TCell("自然人", 1, 3, 2, 1, True),
             TCell("法人或其他组织", 1, 4, 1, 5, True), TCell("总计", 1, 9, 2, 1, True)]
    cells += [TCell(t, 2, 4 + i, center=True) for i, t in enumerate(APPLICANTS)]
    r = 3
    for i, label in enumerate(ROW_LABELS):
        if i in (0, 1, len(ROW_LABELS) - 1):
            cells.append(TCell(label, r, 0, 1, 3))
        elif label in ("（一）予以公开", "（七）总计") or label.startswith("（二）"):
            cells.append(TCell(label, r, 1, 1, 2))
        else:
            cells.append(TCell(label, r, 2))
        cells += [TCell(v, r, 3 + j, center=True) for j, v in enumerate(row_values(i))]
        r += 1
    cells.append(TCell("三、本年度办理结果", 5, 0, len(OUTCOMES), 1))
    row = 7
    for category, leaves in CATEGORIES.items():
        cells.append(TCell(category, row, 1, len(leaves), 1))
        row += len(leaves)
    return GridTable([16, 40, 120, 36, 34, 34, 38, 38, 26, 36], cells, 3, ruled, pad)


def disclosure_table(ruled: bool) -> GridTable:
    """Table 二: four blocks, each a title row, a header row and data rows; values left-aligned."""
    cells: list[TCell] = []
    r = 0
    for title, heads, rows in DISCLOSURE:
        cells.append(TCell(title, r, 0, 1, 4))
        span = 1 if len(heads) == 3 else 3  # a single header (and value) spans the value columns
        cells.append(TCell("信息内容", r + 1, 0))
        cells += [TCell(h, r + 1, 1 + i, 1, span) for i, h in enumerate(heads)]
        r += 2
        for label, values in rows:
            cells.append(TCell(label, r, 0))
            cells += [TCell(v, r, 1 + i, 1, span) for i, v in enumerate(values)]
            r += 1
    return GridTable([150.0, 100.0, 100.0, 100.0], cells, 0, ruled)


def review_table(ruled: bool) -> GridTable:
    """Table 四: group headers over one row of 15 numbers."""
    heads = ["结果|维持", "结果|纠正", "其他|结果", "尚未|审结", "总计"]
    cells = [TCell("行政复议", 0, 0, 1, 5, True), TCell("行政诉讼", 0, 5, 1, 10, True),
             TCell("未经复议直接起诉", 1, 5, 1, 5, True), TCell("复议后起诉", 1, 10, 1, 5, True)]
    cells += [TCell(h, 1, i, 2, 1, True) for i, h in enumerate(heads)]
    cells += [TCell(h, 2, 5 + i, center=True) for i, h in enumerate(heads * 2)]
    cells += [TCell(str(v), 3, i, center=True) for i, v in enumerate(REVIEW)]
    return GridTable([29.0] * 15, cells, 3, ruled)


# --- documents ------------------------------------------------------------------


class Writer:
    """Paragraphs and tables on A4 pages, with an optional page footer."""

    def __init__(self, name: str, footer: str | None = None, header: str | None = None, **kw: object) -> None:
        self.cv = canvas.Canvas(str(HERE / name), pagesize=A4, invariant=1, **kw)
        self.footer, self.header = footer, header
        self.page = 1
        self.y = HEIGHT - TOP

    def new_page(self) -> None:
        self.cv.setFont(FONT, 9)
        if self.footer:
            self.cv.drawCentredString(WIDTH / 2, 40, self.footer.format(self.page))
        if self.header:
            self.cv.drawCentredString(WIDTH / 2, HEIGHT - 40, self.header)
        self.cv.showPage()
        self.page += 1
        self.y = HEIGHT - TOP

    def heading(self, text: str, size: float = 15.0) -> None:
        if self.y - 28 < BOTTOM:
            self.new_page()
        self.cv.setFont(FONT, size)
        self.cv.drawString(LEFT + 2 * BODY_SIZE, self.y - size, text)
        self.y -= 28

    def paragraph(self, text: str, framed: bool = False) -> None:
        indent = 2 * BODY_SIZE
        lines = wrap(text, RIGHT - LEFT - indent, BODY_SIZE)
        lines = lines[:1] + wrap("".join(lines[1:]), RIGHT - LEFT, BODY_SIZE) if len(lines) > 1 else lines
        top = self.y
        self.cv.setFont(FONT, BODY_SIZE)
        for k, line in enumerate(lines):
            if self.y - BODY_LEADING < BOTTOM:
                self.new_page()
                self.cv.setFont(FONT, BODY_SIZE)
            self.cv.drawString(LEFT + (indent if k == 0 else 0), self.y - BODY_SIZE - 3, line)
            self.y -= BODY_LEADING
        if framed:
            self.cv.rect(LEFT - 4, self.y + 2, RIGHT - LEFT + 8, top - self.y)
            self.y -= 8

    def table(self, table: GridTable, repeat_header: bool = False) -> None:
        """Draw the table, continuing it on new pages as needed."""
        start = 0
        header = False
        while start < table.n_rows:
            stop = start
            room = self.y - BOTTOM - (table.tops[table.n_header] if header else 0)
            while stop < table.n_rows and table.tops[stop + 1] - table.tops[start] <= room:
                stop += 1
            if stop == start:
                self.new_page()
                header = repeat_header and start > 0
                continue
            self.y = table.draw(self.cv, self.y, range(start, stop), header) - 12
            start, header = stop, repeat_header
            if start < table.n_rows:
                self.new_page()

    def save(self) -> None:
        self.new_page()
        self.cv.save()


def make_unruled() -> None:
    w = Writer("unruled.pdf")
    w.heading("一、总体情况")
    w.paragraph(LONG)
    w.heading("二、主动公开政府信息情况")
    w.table(disclosure_table(ruled=False))
    w.new_page()
    w.heading("三、收到和处理政府信息公开申请情况")
    w.table(applications_table(ruled=False))
    w.heading("四、政府信息公开行政复议、行政诉讼情况")
    w.table(review_table(ruled=False))
    w.heading("五、存在的主要问题及改进情况")
    w.paragraph(LONG)
    w.save()


def make_split() -> None:
    w = Writer("split.pdf", footer="- {} -")
    w.heading("一、总体情况")
    for _ in range(5):
        w.paragraph(LONG)
    w.paragraph("说明：本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。", framed=True)
    for _ in range(6):  # the sixth runs over the page break
        w.paragraph(LONG)
    w.y = min(w.y, BOTTOM + 218)  # the table starts low on page 2, breaks inside 三、本年度办理结果
    w.heading("三、收到和处理政府信息公开申请情况")
    w.table(applications_table(ruled=True))
    w.heading("四、政府信息公开行政复议、行政诉讼情况")
    w.table(review_table(ruled=True))
    w.heading("五、存在的主要问题及改进情况")
    w.paragraph(LONG)
    w.heading("六、其他需要报告的事项")
    w.paragraph(KANGXI)
    w.save()


def make_title_only() -> None:
    w = Writer("title_only.pdf", footer="第 {} 页", header=RUNNING_HEADER)
    w.heading("一、总体情况")
    for _ in range(4):
        w.paragraph(LONG)
    w.y = BOTTOM + 30
    w.heading("三、收到和处理政府信息公开申请情况")
    w.table(applications_table(ruled=True, pad=8), repeat_header=True)
    w.save()


def make_image_only() -> None:
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (300, 200), 255)
    draw = ImageDraw.Draw(img)
    for y in range(20, 180, 16):
        draw.rectangle((20, y, 280, y + 6), fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    buf.seek(0)
    cv = canvas.Canvas(str(HERE / "image_only.pdf"), pagesize=A4, invariant=1)
    cv.drawImage(ImageReader(buf), 72, 400, width=450, height=300)
    cv.showPage()
    cv.save()


def make_no_unicode() -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    buf = io.BytesIO()
    cv = canvas.Canvas(buf, pagesize=A4, invariant=1)
    cv.setFont("DejaVu", 12)
    for i in range(30):
        cv.drawString(72, 780 - 20 * i, "Годовой отчёт о раскрытии информации")
    cv.showPage()
    cv.save()
    # same length, so the cross-reference offsets stay valid
    (HERE / "no_unicode.pdf").write_bytes(buf.getvalue().replace(b"/ToUnicode", b"/XoUnicode"))


def make_encrypted() -> None:
    for name, password in (("encrypted_empty.pdf", ""), ("encrypted_password.pdf", "x")):
        cv = canvas.Canvas(str(HERE / name), pagesize=A4, invariant=1,
                           encrypt=StandardEncryption(password, ownerPassword="owner"))
        cv.setFont(FONT, 12)
        cv.drawString(72, 760, "二、主动公开政府信息情况")
        cv.drawString(72, 730, "本年共主动公开政府信息1200条，其中规章2件。")
        cv.showPage()
        cv.save()


def main() -> None:
    make_unruled()
    make_split()
    make_title_only()
    make_image_only()
    make_no_unicode()
    make_encrypted()


if __name__ == "__main__":
    main()
