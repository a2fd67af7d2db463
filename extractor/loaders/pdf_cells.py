"""The label and header cells of an unruled table, from its text fragments.

Labels: a label wrapped over several lines is one cell (a fragment continues the
one above when that one runs to its column's right edge); one-or-two-character
fragments stacked at one x are a vertical label (三、本年度办理结果); each label
belongs to the data rows whose numbers it surrounds. Headers: words wrapped in
a narrow column (商业企 / 业) are joined; header lines are ordered into levels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from ..model import BBox
from .pdf_layout import Field, bbox_of, join_lines

NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}\s*[、.．](?!\d))"
)


@dataclass
class LabelBlock:
    """Label fragments forming one cell: a wrapped label or a vertical one."""

    frags: list[Field]
    col: int
    last_col: int
    vertical: bool = False
    rows: list[int] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(f.top for f in self.frags)

    @property
    def bottom(self) -> float:
        return max(f.bottom for f in self.frags)

    @property
    def text(self) -> str:
        return join_lines([f.text for f in sorted(self.frags, key=lambda f: f.top)])

    @property
    def bbox(self) -> BBox:
        return bbox_of(self.frags)


def vertical_blocks(frags: list[Field]) -> list[LabelBlock]:
    """Runs of three or more 1–2 character fragments stacked at one x."""
    short = sorted((f for f in frags if len(f.text.replace(" ", "")) <= 2), key=lambda f: (f.x0, f.top))
    runs: list[list[Field]] = []
    for f in short:
        run = next((r for r in runs if abs(r[-1].x0 - f.x0) <= 0.3 * f.size
                    and 0 <= f.top - r[-1].bottom <= 1.2 * f.size), None)
        if run is None:
            runs.append([f])
        else:
            run.append(f)
    return [LabelBlock(r, -1, -1, vertical=True) for r in runs if len(r) >= 3]


def wrapped_blocks(frags: list[Field], col_of: dict[int, tuple[int, int]], edges: list[float],
                   left: float) -> list[LabelBlock]:
    """Group the fragments of each label column into wrapped labels.

    A fragment continues the one above when that one runs to the column's right
    edge, the line gap is small and the fragment does not start with an ordinal.
    """
    blocks: list[LabelBlock] = []
    by_col: dict[int, list[Field]] = {}
    for f in frags:
        by_col.setdefault(col_of[id(f)][0], []).append(f)
    for col, items in by_col.items():
        items.sort(key=lambda f: f.top)
        own = [f.x1 for f in items if col_of[id(f)][1] == col]
        right = min(edges[col + 1] if col + 1 < len(edges) else left, max(own, default=left))
        current: LabelBlock | None = None
        for f in items:
            prev = current.frags[-1] if current else None
            if (current is not None and prev is not None and f.top - prev.bottom <= 1.2 * f.size
                    and prev.x1 >= right - 1.5 * f.size and not NUMBERED.match(f.text)):
                current.frags.append(f)
                current.last_col = max(current.last_col, col_of[id(f)][1])
            else:
                current = LabelBlock([f], col, col_of[id(f)][1])
                blocks.append(current)
    return blocks


def attach(block: LabelBlock, data: list[int], data_y: list[float]) -> list[LabelBlock]:
    """Rows a label block belongs to: those whose numbers it surrounds.

    A block over several rows stays one spanning cell (a category label) unless
    two of its lines carry numbers: then those are the labels of separate rows.
    """
    pad = 0.3 * block.frags[0].size
    rows = [r for r, y in enumerate(data_y) if block.top - pad <= y <= block.bottom + pad]
    on_data = sum(1 for f in block.frags if f.line in data)
    if len(rows) <= 1 or block.vertical or on_data < 2:
        block.rows = rows
        return [block]
    parts: dict[int, list[Field]] = {}
    for f in block.frags:
        cy = (f.top + f.bottom) / 2
        parts.setdefault(min(rows, key=lambda r: abs(data_y[r] - cy)), []).append(f)
    return [LabelBlock(fs, block.col, block.last_col, rows=[r]) for r, fs in sorted(parts.items())]


@dataclass
class HeaderCell:
    """Header fragments forming one cell over value columns c0–c1 (grid columns)."""

    frags: list[Field]
    c0: int
    c1: int
    level: int = 0
    in_labels: bool = False  # over the label columns (the 勾稽关系 note)

    @property
    def top(self) -> float:
        return self.frags[0].top


def _same_line_joined(frags: list[Field], span_of: dict[int, tuple[int, int]]) -> list[Field]:
    """Fragments of one line over the same columns as one (letter-spaced or spaced words)."""
    out: list[Field] = []
    for f in sorted(frags, key=lambda f: (f.line, f.x0)):
        prev = out[-1] if out else None
        if prev is not None and prev.line == f.line and span_of[id(prev)] == span_of[id(f)]:
            prev.text, prev.x1 = prev.text + f.text, f.x1
            prev.top, prev.bottom = min(prev.top, f.top), max(prev.bottom, f.bottom)
            continue
        out.append(f)
    return out


def header_cells(frags: list[Field], span_of: dict[int, tuple[int, int]], n_label: int,
                 pitch: float) -> list[HeaderCell]:
    """Header fragments as cells, wrapped words (商业企 / 业) joined, with their levels.

    A fragment continues the one above over the same columns when the line gap is
    small, it is no wider, and the one above fits its columns (a wider one is a
    group header such as 法人或其他组织 centred over several columns).
    """
    cells: list[HeaderCell] = []
    for f in sorted(_same_line_joined(frags, span_of), key=lambda f: (f.top, f.x0)):
        c0, c1 = span_of[id(f)]
        prev = next((c for c in reversed(cells) if (c.c0, c.c1) == (c0, c1)), None)
        above = prev.frags[-1] if prev is not None else None
        if (prev is not None and above is not None and 0 <= f.top - above.bottom <= 1.2 * f.size
                and f.x1 - f.x0 <= above.x1 - above.x0 + 0.5 * f.size
                and (prev.in_labels or above.x1 - above.x0 <= (c1 - c0 + 1) * pitch)):
            prev.frags.append(f)
        else:
            cells.append(HeaderCell([f], c0, c1, in_labels=c1 < n_label))
    level_tops: list[float] = []
    for cell in sorted(cells, key=lambda c: c.top):
        if not level_tops or cell.top - level_tops[-1] > 0.5 * cell.frags[0].size:
            level_tops.append(cell.top)
        cell.level = len(level_tops) - 1
    return cells
