"""Unruled tables: columns from the alignment of the numbers, rows from the lines.

A line is split into fields at wide gaps. Lines with values (numbers, "/", "—")
in columns right of a label are data lines; a run of them, with the header
lines above and the wrapped label lines between, is a table region. In a region:

* value columns are the clusters of overlapping value fields, and the lowest
  header words left over when each value column is paired with the nearest one
  (a column printed all blank);
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
from .pdf_cells import (
    HeaderCell,
    LabelBlock,
    attach,
    centred_blocks,
    extend_groups,
    header_cells,
    vertical_blocks,
    wrapped_blocks,
)
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
        while (lo - 1 >= floor and group[0] - lo < 12  # wrapped header words take many lines
               and lines[lo].top - lines[lo - 1].bottom <= 2.5 * max(lines[lo].size, lines[lo - 1].size)
               and not _breaker(lines[lo - 1], fields[lo - 1], size, span)):
            lo -= 1
        hi = last = group[-1] + 1
        label_edge = min(f.x0 for i in group for f in fields[i] if f.numeric)
        while (hi < len(lines) and hi - last < 3
               and lines[hi].top - lines[hi - 1].bottom <= max(size, lines[hi].size)
               and not _breaker(lines[hi], fields[hi], size, span)):
            if all(f.numeric and f.x0 >= label_edge - 1 for f in fields[hi]):
                last = hi + 1  # a row's one value, its label wrapped around it
            elif not all(f.x1 <= label_edge for f in fields[hi]):
                break
            hi += 1
        regions.append((lo, hi))
    return regions


def _span(lines: list[Line], indices: list[int]) -> tuple[float, float]:
    """Left and right of the lines from the first to the last data line (labels may sit
    on the lines between the numbers, not beside them)."""
    run = lines[indices[0]:indices[-1] + 1]
    return min(ln.x0 for ln in run), max(ln.x1 for ln in run)


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


def _pair(values: list[float], heads: list[float]) -> set[int]:
    """Indices of the heads paired, in order, with the values (fewer), at the least total distance."""
    inf = float("inf")
    n, m = len(values), len(heads)
    # cost[i][j]: values[:i] paired within heads[:j]
    cost = [[0.0] * (m + 1)] + [[inf] * (m + 1) for _ in range(n)]
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j - 1] + abs(values[i - 1] - heads[j - 1]))
    paired: set[int] = set()
    i, j = n, m
    while i > 0:
        if j > i and cost[i][j] == cost[i][j - 1]:
            j -= 1
        else:
            paired.add(j - 1)
            i, j = i - 1, j - 1
    return paired


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


@dataclass
class Geometry:
    """Columns of an unruled table: value columns and left edges of the label columns."""

    cols: list[_Column]
    edges: list[float]


def _merge_columns(inherited: list[_Column], own: list[_Column]) -> list[_Column] | None:
    """The inherited columns plus own ones beside them; None when an own column straddles two."""
    out = [_Column(c.x0, c.x1) for c in inherited]
    for c in own:
        hits = [k for k, i in enumerate(inherited) if _overlap(c.x0, c.x1, i.x0, i.x1) > 0]
        if len(hits) > 1:
            return None
        if not hits:
            out.append(_Column(c.x0, c.x1))
    return sorted(out, key=lambda c: c.x0)


# --- assembly -----------------------------------------------------------------


class _Region:
    """One table region: its lines, their fields, and the grid built from them."""

    def __init__(self, lines: list[Line], fields: list[list[Field]], page: int,
                 inherited: Geometry | None = None) -> None:
        self.lines, self.fields, self.page = lines, fields, page
        for i, fs in enumerate(fields):
            for f in fs:
                f.line = i
        self.data = [i for i, fs in enumerate(fields) if is_data(fs)]
        self.cols = _value_columns([fields[i] for i in self.data])
        # a row whose other cells are blank: one value under a value column, its label
        # wrapped around it on the lines above and below
        lone = [i for i, fs in enumerate(fields) if i not in self.data and fs and all(
            f.numeric and any(_overlap(f.x0, f.x1, c.x0, c.x1) > 0 for c in self.cols) for f in fs)]
        self.data = sorted(self.data + lone)
        self.inherited = inherited
        self.edges: list[float] = []

    @property
    def geometry(self) -> Geometry:
        return Geometry(self.cols, self.edges)

    def table(self) -> Table | None:
        if not self.cols or not self.data:
            return None
        if self.inherited is not None:  # the rest of a table from the page before
            merged = _merge_columns(self.inherited.cols, self.cols)
            if merged is not None and not self._classify(merged[0].x0 - 1.0)[2]:
                self.cols = merged
            else:
                self.inherited = None  # a table of its own, with its header
        left = self.cols[0].x0 - 1.0
        values, labels, header_lines = self._classify(left)
        if len(self.cols) < 2 and not header_lines:
            return None  # a list with numbers (a table of contents), not a table
        header = self._header_fragments(sorted(header_lines))
        labelled = bool(labels)  # no labels at all (table 四): header words left of the values are columns
        if self._blank_columns(header, left if labelled else float("-inf")) and not labelled:
            left = self.cols[0].x0 - 1.0  # blank columns came first
            values, labels, header_lines = self._classify(left)
            header = self._header_fragments(sorted(header_lines))
        anchors = [self.lines[i].top for i in self.data]
        blocks = self._label_blocks(labels)
        n_label = max((b.last_col + 1 for b in blocks), default=0)
        if self.inherited is not None:
            n_label = max(n_label, len(self.edges))
        spans = {id(f): self._header_span(f, left, n_label) for f in header}
        centres = [c.cx for c in self.cols]
        pitch = median([b - a for a, b in zip(centres, centres[1:])]) or float("inf")
        hcells = header_cells(header, spans, n_label, pitch, centres, anchors)
        return self._grid(values, blocks, hcells, n_label, anchors)

    def _blank_columns(self, header: list[Field], left: float) -> bool:
        """Add the columns whose every cell is blank (table 四 printed with empty cells).

        The lowest header words right of ``left`` name the columns; when there are more
        of them than value columns, each value column is paired, in order, with the
        header nearest to it, and the headers left over stand over blank columns.
        """
        over = [f for f in header if f.x1 > left + 2]
        lowest = sorted((f for f in over if not any(
            g.top >= f.bottom - 1 and _overlap(f.x0, f.x1, g.x0, g.x1) > 0 for g in over)), key=lambda f: f.x0)
        heads: list[_Column] = []
        for f in lowest:
            if heads and f.x0 <= heads[-1].x1:
                heads[-1].x1 = max(heads[-1].x1, f.x1)
            else:
                heads.append(_Column(f.x0, f.x1))
        if len(heads) <= len(self.cols):
            return False
        paired = _pair([c.cx for c in self.cols], [h.cx for h in heads])
        new = [h for k, h in enumerate(heads) if k not in paired]
        self.cols = sorted(self.cols + new, key=lambda c: c.x0)
        return True

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
        if self.inherited is not None:
            for x in self.inherited.edges:
                if all(abs(x - e) > 0.8 * size for e in edges):
                    edges.append(x)
            edges.sort()
        self.edges = edges
        for b in vertical:
            b.col = b.last_col = _label_col(b.frags[0].x0, edges, size) if edges else 0
        col_of: dict[int, tuple[int, int]] = {}
        for f in rest:  # the column a label starts in, and the last one it reaches into
            first = _label_col(f.x0, edges, size)
            col_of[id(f)] = (first, max(first, _label_col(f.x1 - 1.5 * f.size, edges, size)))
        data_y = [self.lines[i].cy for i in self.data]
        by_line = {i: self.lines[i].cy for i in self.data}
        blocks = centred_blocks(wrapped_blocks(rest, col_of, edges, self.cols[0].x0), by_line)
        out: list[LabelBlock] = []
        for b in vertical + blocks:
            out += attach(b, self.data, data_y)
        extend_groups(out, [(self.lines[i].top, self.lines[i].bottom) for i in self.data])
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


def find_unruled_tables(lines: list[Line], page: int, height: float = 0.0,
                        carry: list[Geometry | None] | None = None) -> list[tuple[Table, set[int]]]:
    """Unruled tables among a page's lines, each with the ids of the lines it used.

    ``carry`` passes column geometry between pages: in, that of a table ending the
    page before (the first table here, without a header of its own and at the top
    of the page, continues it: blank cells keep their columns); out, that of a
    table ending this page. ``height`` is the page height.
    """
    fields = [split_fields(ln) for ln in lines]
    out: list[tuple[Table, set[int]]] = []
    inherited = carry[0] if carry else None
    ending: Geometry | None = None
    for lo, hi in _regions(lines, fields):
        top_of_page = all(ln.bottom <= 0.1 * height for ln in lines[:lo])
        region = _Region(lines[lo:hi], fields[lo:hi], page, inherited if top_of_page else None)
        inherited = None
        table = region.table()
        if table is not None:
            out.append((table, {id(ln) for ln in lines[lo:hi]}))
            last = all(ln.top >= 0.85 * height for ln in lines[hi:])
            ending = region.geometry if last else None
    if carry is not None:
        carry[:] = [ending]
    return out
