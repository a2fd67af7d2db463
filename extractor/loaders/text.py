"""Plain text: paragraphs, tab-separated tables and Markdown pipe tables.

Tab-separated rows are what copying a table out of Word or a web page gives (merged
label cells become runs of empty fields); pipe tables are what converters and OCR
services write. Consecutive table lines form one table. Lines aligned with spaces
only (what ``pdftotext -layout`` or a hand-typed report gives) become table rows
when they are a known row label followed by numbers, a run of numbers, or a line
of column labels.
"""

from __future__ import annotations

import regex as re

from ..encoding import decode_bytes
from ..labels import match_column, match_row
from ..model import Document, Paragraph, Table
from ..values import is_value_text

_MD_HEADING = re.compile(r"^#{1,6}\s+")  # Markdown "### 行政复议" is a heading line
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _pipe_fields(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [f.strip().replace("<br>", "") for f in body.split("|")]


def spaced_fields(line: str) -> list[str] | None:
    """Fields of a space-aligned table line, or None when the line is prose."""
    tokens = line.split()
    tail = 0
    while tail < len(tokens) and is_value_text(tokens[len(tokens) - 1 - tail]) and tokens[-1 - tail].strip():
        tail += 1
    label = "".join(tokens[: len(tokens) - tail])
    if tail and label and len(label) <= 60 and not any(p in label for p in "。；;") and match_row(label):
        return tokens  # label words stay separate cells: "（三）不予公开 1.属于国家秘密"
    if not label and tail >= 5:
        return tokens
    if not tail and len(tokens) >= 2 and sum(1 for t in tokens if match_column(t)) >= 2:
        return tokens
    return None


def _kind(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "pipe"
    if "\t" in line.strip("\r\n") and line.strip():
        return "tab"
    if stripped and spaced_fields(stripped) is not None:
        return "spaced"
    return "text"


# Table furniture that is neither a row nor a column label: block titles, group headers.
_FURNITURE = re.compile(r"^(?:第二十条|（本列数据|\(本列数据)|^(?:信息内容|申请人情况|法人或其他组织|"
                        r"[三3][、.]?本年度办理结果|行政诉讼|未经复议直接起诉|复议后起诉)$")
_SECTION_HEADING = re.compile(r"^[一二三四五六][、.．，,]?\s*\S{0,30}(?:情况|事项|问题|措施)$")
_ROW_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]\s*[、.．]|[（(][一二三四五六七八九十][)）]|\d+\s*[.．、])")
MIN_RUN_VALUES = 10  # a run of one-cell lines holds at least this many values to be a table
_ROW_WIDTHS = (1, 2, 3, 7, 15)  # values in a row of table 二, 三 and 四
MIN_HEADER_CELLS = 5  # … or this many column labels (a table printed with every value empty)


def _cell_line(line: str) -> str | None:
    """What a line of a one-cell-per-line table is: value, label, header, furniture,
    unknown (a short line: a misprinted label, a note) or None (prose, a heading)."""
    text = line.strip()
    if is_value_text(text):
        return "value"
    if len(text) > 60 or "。" in text:
        return None
    if _FURNITURE.search(text.replace(" ", "")):
        return "furniture"
    numbered = _ROW_NUMBER.match(text) is not None  # "3.其他", "（七）总计" are rows, not columns
    if not numbered and match_column(text) and (
            not match_row(text) or match_column(text).score >= match_row(text).score):
        return "header"
    if match_row(text) or text.endswith("小计"):
        return "label"
    return None if len(text) > 30 or _SECTION_HEADING.match(text) else "unknown"


def _cell_runs(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges holding a table printed one cell per line.

    What a browser copy or a crawler's innerText of an HTML table gives: every cell on
    a line of its own, blank lines between cells, no separators.
    """
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip() or _cell_line(lines[i]) in (None, "unknown") or "\t" in lines[i] or "|" in lines[i]:
            i += 1
            continue
        end, last = i, i
        kinds: list[str] = []
        while end < len(lines):
            if lines[end].strip():
                kind = _cell_line(lines[end])
                if kind is None or "\t" in lines[end]:
                    break
                kinds.append(kind)
                last = end
            end += 1
        values, headers = kinds.count("value"), kinds.count("header")
        if (values >= MIN_RUN_VALUES and kinds.count("label") + headers >= 2) or headers >= MIN_HEADER_CELLS:
            runs.append((i, end))  # with the blank lines after the last cell: empty cells
        i = last + 1
    return runs


def _run_rows(lines: list[str]) -> list[list[str]]:
    """The grid rows of a one-cell-per-line run: each row its labels, then its values.

    Cells are separated by blank lines; an empty cell shows as extra blank lines — one
    or two each, whichever gives rows of the template's widths — and stands as "".
    """
    cells: list[str] = []
    gaps: list[int] = []
    blank = 0
    for line in lines:
        if not line.strip():
            blank += 1
            continue
        if cells:
            gaps.append(blank)
        cells.append(line.strip())
        blank = 0
    base = max(set(gaps), key=gaps.count) if gaps else 1
    extras = [max(0, g - base) for g in [*gaps, blank]]  # the last gap: empty cells ending the table
    readings = [_rows(_with_empty_cells(cells, extras, per)) for per in (1, 2)]
    return max(readings, key=lambda rows: sum(_value_count(r) in _ROW_WIDTHS for r in rows))


def _with_empty_cells(cells: list[str], extras: list[int], per: int) -> list[str]:
    stream = cells[:1]
    for extra, cell in zip(extras, [*cells[1:], None]):
        stream += [""] * (extra // per) + ([cell] if cell is not None else [])
    return stream


def _value_count(row: list[str]) -> int:
    """How many cells end the row as values (numbers, marks, empty cells)."""
    return next((len(row) - i for i, cell in enumerate(row) if cell == "" or is_value_text(cell)), 0)


def _rows(stream: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    row: list[str] = []
    kinds: list[str] = []
    for cell in stream:
        kind = "value" if cell == "" else _cell_line(cell)
        kind = "label" if kind in (None, "unknown") else kind
        if kind == "value" and row and "value" not in kinds and (
                "label" not in kinds or kinds.count("header") >= 2):
            rows.append(row)  # a header block ends where values begin
            row, kinds = [], []
        elif kind != "value" and ("value" in kinds or (kind == "label" and kinds and kinds[-1] != "label")):
            rows.append(row)  # a label after values, or a row label after a header, starts a row
            row, kinds = [], []
        row.append(cell)
        kinds.append(kind)
    if row:
        rows.append(row)
    return _split_long_rows(rows)


def _split_long_rows(rows: list[list[str]]) -> list[list[str]]:
    """Rows whose labels were lost run into the row above: a row holding k times the
    usual number of values (each further row led by its empty label cell, or not)
    is split into k rows, the later ones without a label."""
    counts = [_value_count(r) for r in rows if _value_count(r) >= 2]
    if not counts:
        return rows
    width = max(set(counts), key=counts.count)
    out: list[list[str]] = []
    for row in rows:
        n = _value_count(row)
        head, vals = row[: len(row) - n], row[len(row) - n:]
        for step in (width + 1, width):  # an empty label cell before each further row, or none
            if n > width and (n - width) % step == 0 and all(
                    vals[i] == "" for i in range(width, n, step) if step > width):
                out.append(head + vals[:width])
                out += [vals[i + step - width:i + step] for i in range(width, n, step)]
                break
        else:
            out.append(row)
    return out


def parse_text(text: str) -> Document:
    """Split decoded text into paragraphs and tables."""
    doc = Document(format="txt")
    rows: list[list[str]] = []
    kind = ""

    def flush() -> None:
        nonlocal rows
        if rows:
            doc.blocks.append(Table.from_rows(rows))
            rows = []

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    runs = dict(_cell_runs(lines))
    skip_to = 0
    for n, line in enumerate(lines):
        if n < skip_to:
            continue
        if n in runs:
            flush()
            kind = ""
            doc.blocks.append(Table.from_rows(_run_rows(lines[n:runs[n]])))
            skip_to = runs[n]
            continue
        line_kind = _kind(line)
        if line_kind == "text" and kind == "tab" and "\t" in line:
            line_kind = "tab"  # a row of empty cells inside a tab-separated table
        if line_kind == "text":
            flush()
            if line.strip():
                doc.blocks.append(Paragraph(_MD_HEADING.sub("", line.strip())))
            continue
        if line_kind != kind:
            flush()
        kind = line_kind
        if line_kind == "pipe":
            if not _PIPE_RULE.match(line):
                rows.append(_pipe_fields(line))
        elif line_kind == "spaced":
            rows.append(spaced_fields(line.strip()) or [])
        else:
            rows.append([f.strip() for f in line.rstrip("\n").split("\t")])
    flush()
    return doc


def load(data: bytes) -> Document:
    text, _ = decode_bytes(data)
    return parse_text(text)
