"""The document model every loader produces and every later stage reads.

A document is an ordered list of blocks: paragraphs of text and tables. A table is
a grid in which merged cells are resolved: a cell that spans rows or columns is
stored once (as a :class:`Cell` with its origin ``row``/``col`` and spans) and is
visible at every grid position it covers, so a label spanning 22 rows is known on
each of them. PDF loaders fill ``page`` and ``bbox``; other formats leave them empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Union

from .errors import ExtractionError

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
MAX_GRID_CELLS = 1_000_000  # grid positions of one table (a report's largest has some 600)


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


class Record:
    """Base of the dataclasses a report is made of (cells, sections, checks).

    Pickled as the tuple of their field values: a batch worker sends every report to
    the parent, and this unpickles about three times faster than instance dicts.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple]:
        return type(self), tuple(getattr(self, name) for name in _field_names(type(self)))


def check_grid(n_rows: int, n_cols: int) -> None:
    """Refuse a table grid too large to allocate (spans a damaged file made absurd)."""
    if n_rows * n_cols > MAX_GRID_CELLS:
        raise ExtractionError(f"table too large ({n_rows:,} rows × {n_cols:,} columns, "
                              f"limit {MAX_GRID_CELLS:,} grid cells)")


@dataclass(eq=False)
class Cell:
    """One printed cell; ``row``/``col`` are its top-left grid position."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None
    bbox: BBox | None = None
    confidence: float | None = None  # 0–1 when the text was read by OCR


@dataclass(eq=False)
class Paragraph:
    text: str
    page: int | None = None
    bbox: BBox | None = None


@dataclass(eq=False)
class Table:
    """A grid of cells. ``grid[r][c]`` is the cell covering position (r, c), or None."""

    grid: list[list[Cell | None]]
    page: int | None = None
    bbox: BBox | None = None

    @classmethod
    def from_cells(cls, cells: list[Cell], page: int | None = None, bbox: BBox | None = None) -> Table:
        """Build the resolved grid from cells with origins and spans."""
        n_rows = max((c.row + c.rowspan for c in cells), default=0)
        n_cols = max((c.col + c.colspan for c in cells), default=0)
        check_grid(n_rows, n_cols)
        grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
        for cell in cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if grid[r][c] is None:
                        grid[r][c] = cell
        return cls(grid, page, bbox)

    @classmethod
    def from_rows(cls, rows: list[list[str]], page: int | None = None) -> Table:
        """A grid of plain strings, one cell per field (no spans)."""
        width = max((len(r) for r in rows), default=0)
        cells = [Cell(text, r, c) for r, row in enumerate(rows) for c, text in enumerate(row)]
        table = cls.from_cells(cells, page)
        for row in table.grid:  # ragged rows: pad to a rectangle
            row.extend([None] * (width - len(row)))
        return table

    @property
    def n_rows(self) -> int:
        return len(self.grid)

    @property
    def n_cols(self) -> int:
        return len(self.grid[0]) if self.grid else 0

    def text(self, r: int, c: int) -> str:
        cell = self.grid[r][c]
        return cell.text if cell is not None else ""

    def cells(self) -> Iterator[Cell]:
        """Each distinct cell once, in reading order."""
        seen: set[int] = set()
        for row in self.grid:
            for cell in row:
                if cell is not None and id(cell) not in seen:
                    seen.add(id(cell))
                    yield cell

    def row_cells(self, r: int) -> list[tuple[int, Cell]]:
        """(column, cell) for the cells visible in row r, each spanning cell once."""
        out: list[tuple[int, Cell]] = []
        last: Cell | None = None
        for c, cell in enumerate(self.grid[r]):
            if cell is not None and cell is not last:
                out.append((c, cell))
            last = cell
        return out


Block = Union[Paragraph, Table]


@dataclass
class Document:
    """What a loader returns: blocks in reading order plus file facts."""

    blocks: list[Block] = field(default_factory=list)
    format: str = ""
    pages: int | None = None
    text_layer: str | None = None  # PDFs and images: native, ocr or mixed (pages read by OCR)

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))
