"""DOCX renderer (python-docx) in the official merged-cell layout.

Table 二 is one Word table of all blocks; tables 三 and 四 use real horizontal and
vertical merges. Output is byte-deterministic: fixed core properties and fixed
ZIP timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt

from .model import Document, Grid, Para, split_grid, stack
from .spec import ReportSpec

FIXED_TIME = dt.datetime(2024, 1, 1, 9, 0, 0)
ZIP_TIME = (2024, 1, 1, 9, 0, 0)
_ALIGN = {"title": WD_ALIGN_PARAGRAPH.CENTER, "signature": WD_ALIGN_PARAGRAPH.RIGHT}


def _set_font(run, name: str, size: float) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(docx, para: Para) -> None:
    p = docx.add_paragraph()
    run = p.add_run(para.text)
    if para.role in _ALIGN:
        p.alignment = _ALIGN[para.role]
    if para.role == "title":
        _set_font(run, "方正小标宋简体", 18)
    elif para.role == "heading":
        _set_font(run, "黑体", 16)
    else:
        _set_font(run, "仿宋_GB2312", 16)
        if para.role == "body":
            p.paragraph_format.first_line_indent = Pt(32)


def _table(docx, grid: Grid) -> None:
    table = docx.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    before = table._cells  # one lookup list: table.cell() rebuilds it on every call

    def at(r: int, c: int):
        return before[r * grid.n_cols + c]

    for cell in grid.cells:  # spans never overlap, so merging keeps every cell used here
        target = at(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(at(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
        for extra in target.paragraphs[1:]:
            extra._element.getparent().remove(extra._element)
        first = target.paragraphs[0]
        for i, line in enumerate(cell.lines):
            p = first if i == 0 else target.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(p.add_run(line), "仿宋_GB2312", 10.5)


def _page_break(docx) -> None:
    docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _split_at(grid: Grid, spec: ReportSpec) -> int:
    """Row to cut table 三 at: before （四）无法提供, or inside （三）不予公开."""
    groups = {c.row: c.text for c in grid.cells if c.col == 1 and c.kind != "value"}
    if spec.has("docx_split_table3"):
        return next(r for r, text in groups.items() if "无法提供" in text)
    return next(r for r, text in groups.items() if "不予公开" in text) + 4


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps so output bytes are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render(spec: ReportSpec, doc: Document) -> bytes:
    docx = new_document()
    props = docx.core_properties
    props.author = props.last_modified_by = "gov"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.title = "".join(spec.title)
    ad = doc.grids("active_disclosure")
    for block in doc.blocks:
        if isinstance(block, Para):
            _paragraph(docx, block)
        elif block.part == "active_disclosure":
            if block is ad[0]:
                _table(docx, stack(ad))
        elif block.part == "applications" and any(spec.has(v) for v in
                                                   ("docx_split_table3", "docx_split_table3_noheader")):
            repeat = spec.has("docx_split_table3")
            first, second = split_grid(block, _split_at(block, spec), repeat, repeat)
            _table(docx, first)
            _page_break(docx)
            _table(docx, second)
        else:
            _table(docx, block)
    buf = io.BytesIO()
    docx.save(buf)
    return _normalize_zip(buf.getvalue())
