"""Word 2007+ (.docx, also .docm/.dotx and WPS-written OOXML).

python-docx opens the package; the body XML is walked here so that the order of
paragraphs and tables and every merge are exact: ``w:gridSpan`` (colspan),
``w:vMerge`` (rowspan), legacy ``w:hMerge``, ``w:gridBefore``/``w:gridAfter``.
Content inside ``w:sdt`` and ``w:customXml`` wrappers is read; tracked deletions
are not. A table nested in a cell becomes its own block after the outer table; a
one-row or one-column layout table that wraps nested tables or long text is
unwrapped into the blocks it holds.

:func:`table_blocks` is shared with the HTML loader.
"""

from __future__ import annotations

import io
import zipfile
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import regex as re
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.package import OpcPackage
from lxml import etree

from ..archives import inflate_problem
from ..errors import ExtractionError
from ..model import Block, Cell, Document, Paragraph, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
V = "{urn:schemas-microsoft-com:vml}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_VAL = f"{W}val"

# subtrees whose text is not part of the visible paragraph text
_SKIP = {
    f"{W}{name}"
    for name in ("del", "moveFrom", "delText", "instrText", "pPr", "rPr", "sdtPr", "tcPr", "trPr", "tblPr")
} | {MC_FALLBACK}
_WRAPPERS = {f"{W}sdt", f"{W}customXml", f"{W}sdtContent"}
_TEXT_TAGS = {f"{W}tab": " ", f"{W}ptab": " ", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
_SPACES = re.compile(r"\s+")
_LAYOUT_TEXT = 200  # a cell this long in a one-row/one-column table is page layout, not data
_WORD_MAX_COLS = 63  # Word's own limit: spans and gridBefore are clamped to the table's grid or this
# sizes declared in the ZIP directory, checked before anything is inflated (zipfile stops at them)
MAX_PART_BYTES = 200 * 2**20
MAX_TOTAL_BYTES = 1024 * 2**20
RATIO_FLOOR = 10 * 2**20  # XML parts compress well: the zip-bomb ratio is checked past 10 MB
MAX_PARTS = 10_000


@dataclass(eq=False)
class RawCell:
    """A placed table cell with its content as blocks (paragraphs, nested tables)."""

    blocks: list[Block]
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.text = "\n".join(b.text for b in self.blocks if isinstance(b, Paragraph))

    @property
    def nested(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def clean_lines(text: str) -> str:
    """Collapse whitespace in each line, drop empty lines."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _compact(cells: list[RawCell]) -> list[Cell]:
    """Model cells; rows in which no cell starts are dropped and spans past the last
    column in which a cell starts are cut (both lossless). Other columns are kept, so
    a table continued in a second table keeps the grid width of the first."""
    rows = sorted({c.row for c in cells})
    width = max(c.col for c in cells) + 1

    def rowspan(c: RawCell) -> int:
        return bisect_left(rows, c.row + c.rowspan) - bisect_left(rows, c.row)

    return [Cell(c.text, bisect_left(rows, c.row), c.col, rowspan(c), min(c.colspan, width - c.col))
            for c in cells]


def table_blocks(cells: list[RawCell]) -> list[Block]:
    """The blocks a placed table yields: the table then its nested tables, or the
    content of a layout wrapper (one row or one column holding tables or long text)."""
    if not cells:
        return []
    cells = sorted(cells, key=lambda c: (c.row, c.col))
    table = Table.from_cells(_compact(cells))
    nested = [t for c in cells for t in c.nested]
    one_line = table.n_rows == 1 or table.n_cols == 1
    if one_line and (nested or any(len(c.text) > _LAYOUT_TEXT for c in cells)):
        return [b for c in cells for b in c.blocks]
    return [table, *nested]


# --- paragraphs ---------------------------------------------------------------------------


def _collect_text(el: etree._Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{W}t":
            out.append(child.text or "")
        elif tag in _TEXT_TAGS:
            out.append(_TEXT_TAGS[tag])
        elif tag == f"{W}p":  # a paragraph inside a text box
            out.append("\n")
            _collect_text(child, out)
            out.append("\n")
        else:
            _collect_text(child, out)


def paragraph_text(p: etree._Element) -> str:
    """Visible text of a ``w:p``: runs, hyperlinks, insertions, fields; no deletions."""
    out: list[str] = []
    _collect_text(p, out)
    return clean_lines("".join(out))


# --- body and tables ----------------------------------------------------------------------


def _children(el: etree._Element, tag: str) -> list[etree._Element]:
    """Children named ``tag``, looking through sdt/customXml wrappers."""
    found: list[etree._Element] = []
    for child in el:
        if child.tag == tag:
            found.append(child)
        elif child.tag in _WRAPPERS:
            found.extend(_children(child, tag))
    return found


Pictures = Callable[[str], list[Block]]  # a picture's relationship id → the blocks read from it


def _picture_ids(p: etree._Element) -> list[str]:
    """Relationship ids of the pictures in a paragraph (DrawingML and legacy VML)."""
    return [el.get(f"{R}embed") or el.get(f"{R}id") or "" for el in p.iter(f"{A}blip", f"{V}imagedata")]


def body_blocks(container: etree._Element, pictures: Pictures | None = None) -> list[Block]:
    """Paragraphs and tables of a ``w:body`` or ``w:tc``, in order; with ``pictures``, the blocks
    read from a paragraph's pictures follow its text."""
    blocks: list[Block] = []
    for child in container:
        if child.tag == f"{W}p":
            text = paragraph_text(child)
            if text:
                blocks.append(Paragraph(text))
            if pictures is not None:
                for rid in _picture_ids(child):
                    blocks.extend(pictures(rid))
        elif child.tag == f"{W}tbl":
            blocks.extend(table_blocks(_place_cells(child)))
        elif child.tag in _WRAPPERS:
            blocks.extend(body_blocks(child, pictures))
    return blocks


def _prop(el: etree._Element, *path: str) -> etree._Element | None:
    return el.find("/".join(f"{W}{name}" for name in path))


def _int_prop(el: etree._Element, *path: str, default: int = 0) -> int:
    prop = _prop(el, *path)
    value = (prop.get(_VAL) or "") if prop is not None else ""
    if not (value.isascii() and value.isdigit()):  # "²" is a digit to isdigit(), not to int()
        return default
    return int(value) if len(value) <= 9 else 10**9  # int() refuses over 4,300 digits


def _merge(tc: etree._Element, name: str) -> str | None:
    """'restart', 'continue' or None for ``w:vMerge``/``w:hMerge``."""
    prop = _prop(tc, "tcPr", name)
    return None if prop is None else prop.get(_VAL, "continue")


def _is_deleted_row(tr: etree._Element) -> bool:
    return _prop(tr, "trPr", "del") is not None


def _grid_width(tbl: etree._Element, rows: list[etree._Element]) -> int:
    """Columns a row may use: the table's grid (``w:tblGrid``), its widest row, or Word's 63."""
    declared = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
    cells = max((len(_children(tr, f"{W}tc")) for tr in rows), default=0)
    return max(declared, cells, _WORD_MAX_COLS)


def _place_cells(tbl: etree._Element) -> list[RawCell]:
    """Place each ``w:tc`` on the grid, folding vertical/horizontal merges into spans.

    ``w:gridBefore`` and ``w:gridSpan`` are clamped to the grid's width, so a damaged
    value (``gridSpan="1000000000"``) cannot make the table absurdly wide.
    """
    cells: list[RawCell] = []
    above: dict[int, RawCell] = {}  # grid column -> cell that ended on the previous row
    rows = [tr for tr in _children(tbl, f"{W}tr") if not _is_deleted_row(tr)]
    width = _grid_width(tbl, rows)
    for r, tr in enumerate(rows):
        col = min(_int_prop(tr, "trPr", "gridBefore"), width)
        current: dict[int, RawCell] = {}
        last: RawCell | None = None
        for tc in _children(tr, f"{W}tc"):
            span = max(1, min(_int_prop(tc, "tcPr", "gridSpan", default=1), width - col))
            upper = above.get(col)
            if _merge(tc, "hMerge") == "continue" and last is not None:
                last.colspan += span
            elif _merge(tc, "vMerge") == "continue" and upper is not None:
                upper.rowspan += 1
                current[col] = last = upper
            else:
                last = RawCell(body_blocks(tc), r, col, colspan=span)
                cells.append(last)
                current[col] = last
            col += span
        above = current
    return cells


# --- package ------------------------------------------------------------------------------


def check_package(data: bytes) -> None:
    """Refuse a package whose parts would inflate past the limits (a zip bomb), from the
    sizes its ZIP directory declares, before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise ExtractionError("corrupt Word document (not a valid ZIP archive)") from None
    except NotImplementedError as exc:  # a damaged "version needed to extract" or method field
        raise ExtractionError(f"corrupt Word document (unsupported ZIP feature: {exc})") from None
    if len(parts) > MAX_PARTS:
        raise ExtractionError(f"Word document with {len(parts):,} package parts (limit {MAX_PARTS:,})")
    for part in parts:
        why = inflate_problem(part, MAX_PART_BYTES, RATIO_FLOOR)
        if why:
            raise ExtractionError(f"Word document part {part.filename} {why}")
    total = sum(part.file_size for part in parts)
    if total > MAX_TOTAL_BYTES:
        raise ExtractionError(f"Word document too large to unpack ({total / 2**20:,.0f} MB, "
                              f"limit {MAX_TOTAL_BYTES // 2**20} MB)")


def _document_root(data: bytes) -> tuple[etree._Element, Any]:
    check_package(data)
    try:
        part = OpcPackage.open(io.BytesIO(data)).main_document_part
        root = part.element if hasattr(part, "element") else etree.fromstring(part.blob)
    except (PackageNotFoundError, zipfile.BadZipFile):
        raise ExtractionError("corrupt Word document (not a valid ZIP archive)") from None
    except KeyError:
        raise ExtractionError("corrupt Word document (main document part missing)") from None
    except etree.XMLSyntaxError as exc:
        if "XML_PARSE_HUGE" in str(exc) or "limit" in str(exc).lower():  # libxml2's safety limits
            raise ExtractionError("Word document beyond the XML parser's limits (elements nested over "
                                  "256 deep or a text over 10 MB)") from None
        raise ExtractionError("corrupt Word document (invalid XML)") from None
    except Exception:  # zlib errors, truncated members, malformed package parts
        raise ExtractionError("corrupt Word document (unreadable package structure)") from None
    if root.tag != f"{W}document" or root.find(f"{W}body") is None:
        raise ExtractionError("corrupt Word document (not a Word document body)")
    return root, part


def load(data: bytes) -> Document:
    """Read a .docx into paragraphs and merge-resolved tables; a picture big enough to be a pasted
    page (a scanned table) is read by OCR in its place, and ``text_layer`` is then ``mixed``."""
    root, part = _document_root(data)
    read: list[int] = []

    def pictures(rid: str) -> list[Block]:
        from .image import picture_blocks  # OCR only for documents with pictures

        try:
            blob = part.related_parts[rid].blob
        except (KeyError, AttributeError):
            return []
        blocks = picture_blocks(blob)
        read.append(len(blocks))
        return blocks

    blocks = body_blocks(root.find(f"{W}body"), pictures)
    if not blocks:
        raise ExtractionError("Word document has no text (empty, or pictures in which OCR read none)")
    return Document(blocks=blocks, format="docx", text_layer="mixed" if any(read) else None)
