"""Unruled tables: columns from the alignment of the numbers, rows from the lines.

A line is split into fields at wide gaps. Lines with values (numbers, "/", "—")
in columns right of a label are data lines; a run of them, with the header
lines above and the wrapped label lines between, is a table region. In a region:

* value columns are the clusters of overlapping value fields;
* label columns are the left edges of the label fragments left of the values;
* each data line is a row; a label fragment wrapped over several lines joins the
  row whose numbers it surrounds; a label with no numbers beside it is a row of
  its own; characters stacked one per line (a vertical merged label such as
  三、本年度办理结果) are one cell spanning the rows beside them;
* header lines (text over the value columns, no values) become header rows,
  wrapped header words (商业企 / 业) joined per column.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..model import Cell, Table
from .pdf_cells import HeaderCell, LabelBlock, attach, header_cells, vertical_blocks, wrapped_blocks
from .pdf_layout import Field, Line, bbox_of, is_data, join_lines, median, split_fields

_HEADER_GAP = 0.25  # in header lines, any visible gap splits (adjacent narrow columns)
_SECTION_TITLE = re.compile(r"^[一二三四五六七八九十]{1,2}\s*[、.．].{2,}(?:情况|事项)$")


# --- regions ------------------------------------------------------------------


def _breaker(line: Line, fields: list[Field], size: float, span: tuple[float, float]) -> bool:
    """A line that cannot be inside a table: a heading or a paragraph line."""
    if line.size > 1.25 * size:
        return True
    if len(fields) != 1:
        return False
    text = fields[0].text
    wide = line.x1 - line.x0 >= 0.7 * (span[1] - span[0]) and len(text) >= 15
    return wide or bool(_SECTION_TITLE.match(text.replace(" ", "")))


def _regions(lines: list[Line], fields: list[list[Field]]) -> list[tuple[int, int]]:
    """Line ranges [lo, hi) holding one table each."""
    data = [i for i, fs in enumerate(fields) if is_data(fs)]
    if not data:
        return []
    size = median([lines[i].size for i in data])
    groups: list[list[int]] = [[data[0]]]
    for i in data[1:]:
        prev = groups[-1][-1]
        span = _span(lines, groups[-1])
        between = range(prev + 1, i)
        if (i - prev <= 10 and lines[i].top - lines[prev].bottom < 8 * size
                and not any(_breaker(lines[j], fields[j], size, span) for j in between)):
            groups[-1].append(i)
        else:
            groups.append([i])
    regions: list[tuple[int, int]] = []
    for group in groups:
        span = _span(lines, group)
        floor = regions[-1][1] if regions else 0
        lo = group[0]
        while (lo - 1 >= floor and group[0] - lo < 8
               and lines[lo].top - lines[lo - 1].bottom <= 2.5 * max(lines[lo].size, lines[lo - 1].size)
               and not _breaker(lines[lo - 1], fields[lo - 1], size, span)):
            lo -= 1
        hi = group[-1] + 1
        label_edge = min(f.x0 for i in group for f in fields[i] if f.numeric)
        while (hi < len(lines) and hi - group[-1] <= 3 and lines[hi].top - lines[hi - 1].bottom <= size
               and all(f.x1 <= label_edge for f in fields[hi])
               and not _breaker(lines[hi], fields[hi], size, span)):
            hi += 1
        regions.append((lo, hi))
    return regions


def _span(lines: list[Line], indices: list[int]) -> tuple[float, float]:
    return min(lines[i].x0 for i in indices), max(lines[i].x1 for i in indices)


# --- columns ------------------------------------------------------------------


@dataclass
class _Column:
    x0: float
    x1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def _value_columns(rows: list[list[Field]]) -> list[_Column]:
    """Clusters of overlapping value fields; lines with several values decide."""
    multi = [f for fs in rows if sum(x.numeric for x in fs) >= 2 for f in fs if f.numeric]
    source = multi or [f for fs in rows for f in fs if f.numeric]
    cols: list[_Column] = []
    for f in sorted(source, key=lambda f: f.x0):
        if cols and f.x0 <= cols[-1].x1 + 1.0:
            cols[-1].x1 = max(cols[-1].x1, f.x1)
        else:
            cols.append(_Column(f.x0, f.x1))
    if multi:  # values of single-value lines that stand apart open columns of their own
        for f in (f for fs in rows for f in fs if f.numeric):
            if not any(_overlap(f.x0, f.x1, c.x0, c.x1) > 0 for c in cols):
                cols.append(_Column(f.x0, f.x1))
        cols.sort(key=lambda c: c.x0)
    return cols


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _column_span(f: Field, cols: list[_Column]) -> tuple[int, int]:
    """First and last value column under a field: those whose centre it covers, else the nearest."""
    hit = [j for j, c in enumerate(cols) if f.x0 <= c.cx <= f.x1]
    if not hit:
        j = min(range(len(cols)), key=lambda j: abs(cols[j].cx - (f.x0 + f.x1) / 2))
        return j, j
    return hit[0], hit[-1]


def _label_columns(frags: list[Field]) -> list[float]:
    """Left edges of the label columns."""
    edges: list[float] = []
    for f in sorted(frags, key=lambda f: f.x0):
        if not edges or f.x0 - edges[-1] > 0.8 * f.size:
            edges.append(f.x0)
    return edges


def _label_col(x: float, edges: list[float], size: float) -> int:
    return max((k for k, e in enumerate(edges) if e <= x + 0.8 * size), default=0)


# --- assembly -----------------------------------------------------------------


class _Region:
    """One table region: its lines, their fields, and the grid built from them."""

    def __init__(self, lines: list[Line], fields: list[list[Field]], page: int) -> None:
        self.lines, self.fields, self.page = lines, fields, page
        for i, fs in enumerate(fields):
            for f in fs:
                f.line = i
        self.data = [i for i, fs in enumerate(fields) if is_data(fs)]
        self.cols = _value_columns([fields[i] for i in self.data])

    def table(self) -> Table | None:
        if not self.cols or not self.data:
            return None
        left = self.cols[0].x0 - 1.0
        values, labels, header_lines = self._classify(left)
        if len(self.cols) < 2 and not header_lines:
            return None  # a list with numbers (a table of contents), not a table
        header = self._header_fragments(sorted(header_lines))
        anchors = [self.lines[i].top for i in self.data]
        blocks = self._label_blocks(labels)
        n_label = max((b.last_col + 1 for b in blocks), default=0)
        spans = {id(f): self._header_span(f, left, n_label) for f in header}
        centres = [c.cx for c in self.cols]
        pitch = median([b - a for a, b in zip(centres, centres[1:])]) or float("inf")
        hcells = header_cells(header, spans, n_label, pitch)
        return self._grid(values, blocks, hcells, n_label, anchors)

    def _classify(self, left: float) -> tuple[list[Field], list[Field], set[int]]:
        values: list[Field] = []
        labels: list[Field] = []
        header_lines: set[int] = set()
        for i, fs in enumerate(self.fields):
            right = [f for f in fs if f.x1 > left + 2]
            if i in self.data:
                values += right
                labels += [f for f in fs if f.x1 <= left + 2]
            elif right:
                header_lines.add(i)
        heads = sorted(header_lines)
        for a, b in zip(heads, heads[1:]):  # label-only lines inside a header block belong to it
            if not any(a < d < b for d in self.data):
                header_lines.update(range(a + 1, b))
        labels += [f for i, fs in enumerate(self.fields) if i not in self.data and i not in header_lines
                   for f in fs]
        return values, labels, header_lines

    def _header_fragments(self, indices: list[int]) -> list[Field]:
        """Header lines split at any visible gap: adjacent narrow columns have small ones."""
        out: list[Field] = []
        for i in indices:
            for f in split_fields(self.lines[i], _HEADER_GAP):
                f.line = i
                out.append(f)
        return out

    def _label_blocks(self, labels: list[Field]) -> list[LabelBlock]:
        vertical = vertical_blocks(labels)
        in_vertical = {id(f) for b in vertical for f in b.frags}
        rest = [f for f in labels if id(f) not in in_vertical]
        size = median([f.size for f in labels]) or 10.0
        edges = _label_columns(rest)
        for b in vertical:
            b.col = b.last_col = _label_col(b.frags[0].x0, edges, size) if edges else 0
        col_of: dict[int, tuple[int, int]] = {}
        for f in rest:  # the column a label starts in, and the last one it reaches into
            first = _label_col(f.x0, edges, size)
            col_of[id(f)] = (first, max(first, _label_col(f.x1 - 1.5 * f.size, edges, size)))
        blocks = wrapped_blocks(rest, col_of, edges, self.cols[0].x0)
        data_y = [self.lines[i].cy for i in self.data]
        out: list[LabelBlock] = []
        for b in vertical + blocks:
            out += attach(b, self.data, data_y)
        return out

    def _header_span(self, f: Field, left: float, n_label: int) -> tuple[int, int]:
        if f.x1 <= left + 2:
            return 0, max(n_label - 1, 0)
        c0, c1 = _column_span(f, self.cols)
        return n_label + c0, n_label + c1

    def _grid(self, values: list[Field], blocks: list[LabelBlock], hcells: list[HeaderCell],
              n_label: int, anchors: list[float]) -> Table:
        # row order: header levels, data rows and label-only rows, by their top
        keys: list[tuple[float, str, int]] = [(anchors[r], "data", r) for r in range(len(anchors))]
        levels = sorted({c.level for c in hcells})
        keys += [(min(c.top for c in hcells if c.level == lv), "head", lv) for lv in levels]
        keys += [(b.top, "label", k) for k, b in enumerate(blocks) if not b.rows]
        keys.sort()
        row_of = {(kind, k): r for r, (_, kind, k) in enumerate(keys)}
        cells = self._value_cells(values, n_label, anchors, row_of)
        for k, b in enumerate(blocks):
            rows = [row_of[("data", r)] for r in b.rows] or [row_of[("label", k)]]
            cells.append(Cell(b.text, min(rows), b.col, max(rows) - min(rows) + 1, b.last_col - b.col + 1,
                              self.page, b.bbox))
        cells += self._header_grid_cells(hcells, row_of)
        return Table.from_cells(cells, self.page, bbox_of(self.lines))

    def _value_cells(self, values: list[Field], n_label: int, anchors: list[float],
                     row_of: dict[tuple[str, int], int]) -> list[Cell]:
        placed: dict[tuple[int, int], list[Field]] = {}
        spans: dict[tuple[int, int], int] = {}
        for f in values:
            r = self.data.index(f.line)
            c0, c1 = _column_span(f, self.cols)
            placed.setdefault((r, c0), []).append(f)
            spans[(r, c0)] = max(spans.get((r, c0), 1), c1 - c0 + 1)
        cells: list[Cell] = []
        for r, i in enumerate(self.data):
            line = self.lines[i]
            for j, col in enumerate(self.cols):
                fs = placed.get((r, j))
                if fs:
                    cells.append(Cell(" ".join(f.text for f in fs), row_of[("data", r)], n_label + j,
                                      1, spans[(r, j)], self.page, bbox_of(fs)))
                else:
                    cells.append(Cell("", row_of[("data", r)], n_label + j, 1, 1, self.page,
                                      (col.x0, line.top, col.x1, line.bottom)))
        return cells

    def _header_grid_cells(self, hcells: list[HeaderCell], row_of: dict[tuple[str, int], int]) -> list[Cell]:
        cells: list[Cell] = []
        levels = {c.level for c in hcells}
        for cell in hcells:
            below = {o.level for o in hcells if o.level > cell.level and o.c0 <= cell.c1 and o.c1 >= cell.c0}
            end = cell.level
            while (end + 1 in levels and end + 1 not in below
                   and row_of[("head", end + 1)] == row_of[("head", end)] + 1):
                end += 1
            r0, r1 = row_of[("head", cell.level)], row_of[("head", end)]
            text = join_lines([f.text for f in cell.frags])
            cells.append(Cell(text, r0, cell.c0, r1 - r0 + 1, cell.c1 - cell.c0 + 1, self.page,
                              bbox_of(cell.frags)))
        return cells


def find_unruled_tables(lines: list[Line], page: int) -> list[tuple[Table, set[int]]]:
    """Unruled tables among a page's lines, each with the ids of the lines it used."""
    fields = [split_fields(ln) for ln in lines]
    out: list[tuple[Table, set[int]]] = []
    for lo, hi in _regions(lines, fields):
        table = _Region(lines[lo:hi], fields[lo:hi], page).table()
        if table is not None:
            out.append((table, {id(ln) for ln in lines[lo:hi]}))
    return out
