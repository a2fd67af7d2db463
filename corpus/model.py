"""Format-neutral document: paragraphs and grids with merged cells.

Renderers read this; a new output format (PDF …) only needs to draw it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Union


@dataclass(frozen=True)
class GCell:
    """A printed cell at its top-left grid position; ``lines`` are paragraphs inside it."""

    lines: tuple[str, ...]
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    kind: str = "label"  # label, header, title, note, value

    @property
    def text(self) -> str:
        return "".join(self.lines)


@dataclass
class Grid:
    """A table: cells with spans on an ``n_rows`` × ``n_cols`` grid."""

    cells: list[GCell]
    n_rows: int
    n_cols: int
    part: str  # active_disclosure, applications, review_litigation
    header_rows: int = 0

    def origin_map(self) -> dict[tuple[int, int], GCell]:
        return {(c.row, c.col): c for c in self.cells}

    def rows_text(self, joiner: str = "") -> list[list[str]]:
        """The grid as strings: a cell's text at its origin, "" where a span covers."""
        out = [[""] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row][cell.col] = joiner.join(cell.lines)
        return out

    def cells_in_row(self, r: int) -> list[GCell]:
        return sorted((c for c in self.cells if c.row == r), key=lambda c: c.col)


def split_grid(grid: Grid, at: int, repeat_header: bool, repeat_labels: bool) -> tuple[Grid, Grid]:
    """Cut a grid before row ``at``; spans crossing the cut continue in the second grid."""
    first: list[GCell] = []
    second: list[GCell] = []
    head = grid.header_rows if repeat_header else 0
    for cell in grid.cells:
        end = cell.row + cell.rowspan
        if cell.row < at:
            first.append(replace(cell, rowspan=min(end, at) - cell.row))
            if cell.row < grid.header_rows and repeat_header:
                second.append(cell)
            elif end > at:
                lines = cell.lines if repeat_labels else ("",)
                second.append(replace(cell, lines=lines, row=head, rowspan=end - at))
        else:
            second.append(replace(cell, row=cell.row - at + head))
    return (
        Grid(first, at, grid.n_cols, grid.part, grid.header_rows),
        Grid(second, grid.n_rows - at + head, grid.n_cols, grid.part, head),
    )


def stack(grids: list[Grid]) -> Grid:
    """Put grids of equal width one below the other, as one table."""
    cells: list[GCell] = []
    offset = 0
    for grid in grids:
        cells += [replace(c, row=c.row + offset) for c in grid.cells]
        offset += grid.n_rows
    return Grid(cells, offset, grids[0].n_cols, grids[0].part, grids[0].header_rows)


@dataclass(frozen=True)
class Para:
    text: str
    role: str = "body"  # title, meta, body, toc, heading, signature
    key: str | None = None  # section key, for headings


Block = Union[Para, Grid]


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)

    def grids(self, part: str) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid) and b.part == part]
