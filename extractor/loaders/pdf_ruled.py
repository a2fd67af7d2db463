"""Ruled tables: recover the grid, merged cells included, from the ruling lines.

Edges that touch each other form one table. Every distinct x of its vertical
edges is a column boundary and every distinct y of its horizontal edges a row
boundary; two neighbouring elementary cells with no ruling between them belong
to one merged cell. Characters go to the cell holding their centre. A box with a
single column (a framed paragraph, a page border) is not a table; a grid whose
cells hold several lines of numbers each (no rules between the rows) is left to
the unruled reader.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..model import BBox, Cell, Table
from .pdf_layout import Line, group_lines, is_value, join_lines
from .pdf_read import Char, Edge

_SNAP = 2.0  # edges closer than this are one ruling
_JOIN = 3.0  # gap bridged when merging collinear edge pieces
_MIN_GAP = 3.0  # boundaries closer than this are one (double borders)
_COVER = 0.6  # share of a cell side a ruling must cover to separate two cells
_NUMBER_START = re.compile(r"^[+-]?[\d,]*\d$")


@dataclass
class RuledTable:
    table: Table
    bbox: BBox
    chars: set[int]  # ids of the characters inside the table


def _merge_edges(edges: list[Edge]) -> list[Edge]:
    """Snap edges to common positions and join collinear pieces."""
    out: list[Edge] = []
    for horizontal in (True, False):
        group = sorted((e for e in edges if e.horizontal == horizontal), key=lambda e: e.pos)
        rows: list[list[Edge]] = []
        for e in group:
            if rows and e.pos - rows[-1][-1].pos <= _SNAP:
                rows[-1].append(e)
            else:
                rows.append([e])
        for row in rows:
            pos = sum(e.pos for e in row) / len(row)
            pieces = sorted(row, key=lambda e: e.start)
            cur = Edge(horizontal, pos, pieces[0].start, pieces[0].end)
            for e in pieces[1:]:
                if e.start <= cur.end + _JOIN:
                    cur.end = max(cur.end, e.end)
                else:
                    out.append(cur)
                    cur = Edge(horizontal, pos, e.start, e.end)
            out.append(cur)
    return out


def _touch(h: Edge, v: Edge) -> bool:
    return h.start - _JOIN <= v.pos <= h.end + _JOIN and v.start - _JOIN <= h.pos <= v.end + _JOIN


def _components(edges: list[Edge]) -> list[list[Edge]]:
    """Groups of edges connected through crossings."""
    parent = list(range(len(edges)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, e in enumerate(edges) if e.horizontal]
    vs = [i for i, e in enumerate(edges) if not e.horizontal]
    for i in hs:
        for j in vs:
            if _touch(edges[i], edges[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Edge]] = {}
    for i, e in enumerate(edges):
        groups.setdefault(find(i), []).append(e)
    return list(groups.values())


def _boundaries(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] < _MIN_GAP:
            continue
        out.append(v)
    return out


def _covered(edges: list[Edge], pos: float, start: float, end: float) -> bool:
    """Whether rulings at ``pos`` cover most of the span start–end."""
    need = (end - start) * _COVER
    got = 0.0
    for e in edges:
        if abs(e.pos - pos) <= _MIN_GAP:
            got += max(0.0, min(e.end, end) - max(e.start, start))
    return got >= need


class _Grid:
    """Elementary cells of one edge component and their merging into cells."""

    def __init__(self, edges: list[Edge]) -> None:
        self.hs = [e for e in edges if e.horizontal]
        self.vs = [e for e in edges if not e.horizontal]
        left = min(e.start for e in self.hs)
        right = max(e.end for e in self.hs)
        top = min(e.start for e in self.vs)
        bottom = max(e.end for e in self.vs)
        self.xs = _boundaries([e.pos for e in self.vs] + [left, right])
        self.ys = _boundaries([e.pos for e in self.hs] + [top, bottom])

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def regions(self) -> list[tuple[int, int, int, int]]:
        """Merged cells as (row0, col0, row1, col1), inclusive."""
        n_rows, n_cols = len(self.ys) - 1, len(self.xs) - 1
        parent = list(range(n_rows * n_cols))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for r in range(n_rows):
            for c in range(n_cols):
                if c + 1 < n_cols and not _covered(self.vs, self.xs[c + 1], self.ys[r], self.ys[r + 1]):
                    parent[find(r * n_cols + c)] = find(r * n_cols + c + 1)
                if r + 1 < n_rows and not _covered(self.hs, self.ys[r + 1], self.xs[c], self.xs[c + 1]):
                    parent[find(r * n_cols + c)] = find((r + 1) * n_cols + c)
        boxes: dict[int, list[int]] = {}
        for i in range(n_rows * n_cols):
            r, c = divmod(i, n_cols)
            box = boxes.setdefault(find(i), [r, c, r, c])
            box[0], box[1] = min(box[0], r), min(box[1], c)
            box[2], box[3] = max(box[2], r), max(box[3], c)
        return sorted(tuple(b) for b in boxes.values())  # type: ignore[misc]


def _build(grid: _Grid, chars: list[Char], page: int) -> RuledTable | None:
    x0, top, x1, bottom = grid.bbox
    inside = [ch for ch in chars if x0 <= ch.cx <= x1 and top <= ch.cy <= bottom]
    if not inside:
        return None
    regions = grid.regions()
    n_cols = len(grid.xs) - 1
    owner: dict[int, int] = {}
    for k, (r0, c0, r1, c1) in enumerate(regions):
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                owner.setdefault(r * n_cols + c, k)
    members: list[list[Char]] = [[] for _ in regions]
    for ch in inside:
        r = min(max(bisect_right(grid.ys, ch.cy) - 1, 0), len(grid.ys) - 2)
        c = min(max(bisect_right(grid.xs, ch.cx) - 1, 0), n_cols - 1)
        members[owner[r * n_cols + c]].append(ch)
    cells: list[Cell] = []
    for (r0, c0, r1, c1), mine in zip(regions, members):
        lines = _join_wrapped_numbers(group_lines(mine), grid.xs[c1 + 1] - grid.xs[c0])
        if sum(is_value(text) for text in lines) >= 2:
            return None  # rows without rules between them: left to the unruled reader
        cells.append(Cell(join_lines(lines), r0, c0, r1 - r0 + 1, c1 - c0 + 1, page,
                          (grid.xs[c0], grid.ys[r0], grid.xs[c1 + 1], grid.ys[r1 + 1])))
    table = Table.from_cells(cells, page, grid.bbox)
    if table.n_cols < 2 or all(cell.colspan == table.n_cols for cell in cells):
        return None  # a framed paragraph or a one-column box
    return RuledTable(table, grid.bbox, {id(ch) for ch in inside})


def _join_wrapped_numbers(lines: list[Line], width: float) -> list[str]:
    """Line texts of one cell, a number wrapped inside it joined again.

    A number too wide for its cell wraps: the first line fills the cell ("207") and
    digits continue on the next ("3"). Digits under a number that fills its cell's
    width continue it; numbers stacked in a cell without rules keep apart.
    """
    out: list[str] = []
    previous: Line | None = None
    for line in lines:
        text = line.text.strip()
        digit = max(line.size * 0.55, 1.0)
        if (previous is not None and out and text.isdigit() and _NUMBER_START.match(out[-1])
                and width - (previous.x1 - previous.x0) < 3.5 * digit):
            out[-1] += text
        else:
            out.append(text)
        previous = line
    return out


def find_ruled_tables(edges: list[Edge], chars: list[Char], page: int) -> list[RuledTable]:
    """The ruled tables of one page, top to bottom."""
    out: list[RuledTable] = []
    for comp in _components(_merge_edges(edges)):
        if sum(e.horizontal for e in comp) < 2 or sum(not e.horizontal for e in comp) < 2:
            continue
        table = _build(_Grid(comp), chars, page)
        if table is not None:
            out.append(table)
    out.sort(key=lambda t: t.bbox[1])
    return out
