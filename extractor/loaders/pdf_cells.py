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

NUMBERED = re.compile(  # an ordinal starts the text; "（七" is one whose "）" wrapped to the next line
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}(?:[）)]|\s*$)"
    r"|\d{1,2}\s*[、.．](?!\d))"
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
        limit = edges[col + 1] if col + 1 < len(edges) else left
        # lines ending in this column; one reaching past where the next column's text
        # starts (less a field gap) is a cell spanning into it, not a guide to the wrap width
        own = [f.x1 for f in items if col_of[id(f)][1] == col and f.x1 <= limit - 0.9 * f.size]
        right = min(limit, max(own, default=limit))
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


def _claimed(block: LabelBlock, data_y: list[float]) -> list[int]:
    pad = 0.3 * block.frags[0].size
    return [r for r, y in enumerate(data_y) if block.top - pad <= y <= block.bottom + pad]


def _centred_on(frags: list[Field], data_y: dict[int, float], share: float = 0.35) -> int | None:
    """The data line (index) that lines ``frags`` are centred on (within ``share`` of a size), if any."""
    centre = (min(f.top for f in frags) + max(f.bottom for f in frags)) / 2
    tolerance = share * frags[0].size
    return next((i for i, y in data_y.items() if abs(y - centre) <= tolerance), None)


def _split_rows(block: LabelBlock, data_y: dict[int, float]) -> list[LabelBlock]:
    """Cut a block whose lines, taken whole, centre on no data line, where its upper and
    lower lines each centre on a different one: two rows' labels joined because the
    upper happened to fill its column."""
    frags = sorted(block.frags, key=lambda f: f.top)
    if block.vertical or len(frags) < 2 or _centred_on(frags, data_y) is not None:
        return [block]
    for k in range(1, len(frags)):  # exactly centred: a group label centred between two rows is
        # a line above and a line below their boundary, each near (not on) a data line
        upper, lower = _centred_on(frags[:k], data_y, 0.15), _centred_on(frags[k:], data_y, 0.15)
        if upper is not None and lower is not None and upper != lower:
            return [LabelBlock(frags[:k], block.col, block.col),
                    *_split_rows(LabelBlock(frags[k:], block.col, block.last_col), data_y)]
    return [block]


def centred_blocks(blocks: list[LabelBlock], data_y: dict[int, float]) -> list[LabelBlock]:
    """Regroup label blocks by the rows their lines centre on (``data_y``: the centre of
    each data line, by line index).

    A label with a line break inside its cell is not joined by :func:`wrapped_blocks`
    when its first line does not run to the column's edge, and a short label that
    fills its column is joined to the label below; but each cell's lines sit centred
    on its row. So a block is cut where its upper and lower lines centre on different
    data lines, and two neighbouring blocks of one column are one label when their lines together
    centre on a data row one of them reaches, and the lower does not start with an
    ordinal.
    """
    rows = list(data_y.values())
    out: list[LabelBlock] = []
    pieces = [p for b in blocks for p in _split_rows(b, data_y)]
    for block in sorted(pieces, key=lambda b: (b.col, b.top)):
        prev = out[-1] if out else None
        size = block.frags[0].size
        if prev is not None and prev.col == block.col and not prev.vertical and not block.vertical \
                and 0 <= block.top - prev.bottom <= 1.2 * size and not NUMBERED.match(block.frags[0].text):
            centre = (prev.top + block.bottom) / 2
            claimed = set(_claimed(prev, rows)) | set(_claimed(block, rows))
            if any(abs(rows[r] - centre) <= 0.35 * size for r in claimed):
                prev.frags += block.frags
                prev.last_col = max(prev.last_col, block.last_col)
                continue
        out.append(block)
    return out


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


def _row_bounds(boxes: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Estimated top and bottom of each row from the vertical extent of its content:
    a boundary lies halfway between one row's content and the next one's."""
    n = len(boxes)
    if n == 1:
        return [(boxes[0][0] - 1.0, boxes[0][1] + 1.0)]
    cuts = [(boxes[r][1] + boxes[r + 1][0]) / 2 for r in range(n - 1)]
    tops = [boxes[0][0] - (cuts[0] - boxes[0][1])] + cuts
    bottoms = cuts + [boxes[-1][1] + (boxes[-1][0] - cuts[-1])]
    return list(zip(tops, bottoms))


def extend_groups(blocks: list[LabelBlock], data_box: list[tuple[float, float]]) -> None:
    """Give group labels the rows their merged cells span.

    Unruled, a merged group label (三、本年度办理结果, （三）不予公开) shows only its
    text, centred in its cell; its rows are those around it that have labels
    further right and none in its own columns. Between two group labels of one
    column, the rows are divided where both come out best centred (an even run of
    rows leaves the text between two rows); at the ends of a run the widest
    centred span is taken. A span reaching the first or last row of the table may
    be cut by a page break: its label may sit off its middle, towards the cut.
    ``data_box``: top and bottom of each data line.
    """
    if not data_box:
        return
    occupied: list[set[int]] = [set() for _ in data_box]
    content = [list(box) for box in data_box]  # rows' extent: the data line and labels of one row
    for b in blocks:
        for r in b.rows:
            occupied[r].update(range(b.col, b.last_col + 1))
        if len(b.rows) == 1 and not b.vertical:
            box = content[b.rows[0]]
            box[0], box[1] = min(box[0], b.top), max(box[1], b.bottom)
    bounds = _row_bounds([(top, bottom) for top, bottom in content])
    groups: dict[int, list[tuple[LabelBlock, int, int]]] = {}  # column -> (block, must_lo, must_hi)
    for b in blocks:
        if any(not any(c > b.last_col for c in occupied[r]) for r in b.rows):
            continue  # a row label of its own, not a group
        if b.rows:
            must = (min(b.rows), max(b.rows))
        else:  # text between two rows: the span takes both
            centre = (b.top + b.bottom) / 2
            below = next((r for r, (top, _) in enumerate(bounds) if top >= centre), None)
            if below is None or below == 0 or not (_free(below - 1, b, occupied) and _free(below, b, occupied)):
                continue
            must = (below - 1, below)
        groups.setdefault(b.col, []).append((b, *must))
    for items in groups.values():
        items.sort(key=lambda item: item[1])
        chain: list[tuple[LabelBlock, int, int]] = []
        for item in items + [None]:  # type: ignore[list-item]
            if chain and (item is None or not _joined(chain[-1], item, occupied)):
                _divide(chain, bounds, occupied)
                chain = []
            if item is not None:
                chain.append(item)


def _free(r: int, b: LabelBlock, occupied: list[set[int]]) -> bool:
    return (r in b.rows or not occupied[r] & set(range(b.col, b.last_col + 1))) and \
        any(c > b.last_col for c in occupied[r])


def _joined(a: tuple[LabelBlock, int, int], b: tuple[LabelBlock, int, int], occupied: list[set[int]]) -> bool:
    """Whether only rows free for both lie between two group labels of one column."""
    return a[2] < b[1] and all(_free(r, a[0], occupied) and _free(r, b[0], occupied)
                               for r in range(a[2] + 1, b[1]))


def _divide(chain: list[tuple[LabelBlock, int, int]], bounds: list[tuple[float, float]],
            occupied: list[set[int]]) -> None:
    """Spans for consecutive group labels: each row between two of them goes to one."""
    first_block, lo, _ = chain[0]
    while lo - 1 >= 0 and _free(lo - 1, first_block, occupied):
        lo -= 1
    last_block, _, hi = chain[-1]
    while hi + 1 < len(bounds) and _free(hi + 1, last_block, occupied):
        hi += 1

    end = len(bounds) - 1

    def cost(b: LabelBlock, a: int, z: int) -> tuple[float, int, float]:
        below = (b.top + b.bottom) / 2 - (bounds[a][0] + bounds[z][1]) / 2  # label below the middle
        # a span reaching the end (start) of the table may be cut by a page break, its
        # label printed lower (higher) than the middle of what is left of it here
        off = max(0.0, -below) if z == end else max(0.0, below) if a == 0 else abs(below)
        excess = max(0.0, off - 0.5 * b.frags[0].size)  # row bounds are estimates
        return excess, a - z, off  # centred, then widest, then best centred

    # best[z] = (total cost, spans) for the labels so far, the last ending at row z
    best: dict[int, tuple[tuple[float, int, float], list[tuple[int, int]]]] = {lo - 1: ((0.0, 0, 0.0), [])}
    for k, (b, must_lo, must_hi) in enumerate(chain):
        last = k == len(chain) - 1
        ends = range(must_hi, hi + 1) if last else range(must_hi, chain[k + 1][1])
        step: dict[int, tuple[tuple[float, int, float], list[tuple[int, int]]]] = {}
        for prev_end, (total, spans) in best.items():
            starts = range(lo, must_lo + 1) if k == 0 else [prev_end + 1]
            for a in starts:
                if a > must_lo:
                    continue
                for z in ends:
                    c = cost(b, a, z)
                    cand = ((total[0] + c[0], total[1] + c[1], total[2] + c[2]), spans + [(a, z)])
                    if z not in step or cand[0] < step[z][0]:
                        step[z] = cand
        best = step
    if not best:
        return
    _, spans = min(best.values(), key=lambda v: v[0])
    for (b, _, _), (a, z) in zip(chain, spans):
        b.rows = list(range(a, z + 1))


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
                 pitch: float, centres: list[float] | None = None,
                 data_tops: list[float] | None = None) -> list[HeaderCell]:
    """Header fragments as cells, wrapped words (商业企 / 业) joined, with their levels.

    A fragment continues the one above over the same columns when the line gap is
    small, it is no wider than the cell's lines so far or fits its columns (a line
    broken short, 社会 / 公 / 益组 / 织 or 本年新 / 制作数量, may come before a longer
    one), and the one above fits its columns (a wider one is a group header such as
    法人或其他组织 centred over several columns).
    """
    cells: list[HeaderCell] = []
    for f in sorted(_same_line_joined(frags, span_of), key=lambda f: (f.top, f.x0)):
        c0, c1 = span_of[id(f)]
        prev = next((c for c in reversed(cells) if (c.c0, c.c1) == (c0, c1)), None)
        above = prev.frags[-1] if prev is not None else None
        if (prev is not None and above is not None and 0 <= f.top - above.bottom <= 1.2 * f.size
                and (f.x1 - f.x0 <= max(g.x1 - g.x0 for g in prev.frags) + 0.5 * f.size
                     or f.x1 - f.x0 <= (c1 - c0 + 1) * pitch)
                and (prev.in_labels or above.x1 - above.x0 <= (c1 - c0 + 1) * pitch)):
            prev.frags.append(f)
        else:
            cells.append(HeaderCell([f], c0, c1, in_labels=c1 < n_label))
    level_tops: list[float] = []
    for cell in sorted(cells, key=lambda c: c.top):
        if not level_tops or cell.top - level_tops[-1] > 0.5 * cell.frags[0].size:
            level_tops.append(cell.top)
        cell.level = len(level_tops) - 1
    # header blocks (table 二 has one per 第二十条 block): headers with no data line between
    blocks: dict[int, list[HeaderCell]] = {}
    for cell in cells:
        blocks.setdefault(sum(top < cell.top for top in data_tops or []), []).append(cell)
    offset = 0
    for _, block in sorted(blocks.items()):
        if centres:
            _widen_groups(block, centres, n_label, 0.3 * pitch)
        _relevel(block)
        for cell in block:
            cell.level += offset
        offset = max(cell.level for cell in block) + 1
    return cells


def _relevel(cells: list[HeaderCell]) -> None:
    """Header rows from the group headers: one row per level of group headers (cells
    with headers below them) and one last row for the column headers.

    A column header starts in the row below its group header (or in the first row)
    and reaches down to the last; where it starts on the page does not matter: a
    header wrapped over two lines, centred in a cell two rows high, starts between
    rows (结果 / 维持 under 行政复议, 自然 / 人 under 申请人情况).
    """
    def overlaps(a: HeaderCell, b: HeaderCell) -> bool:
        return a.c0 <= b.c1 and b.c0 <= a.c1

    groups = [c for c in cells if any(o.level > c.level and overlaps(o, c) for o in cells)]
    rank = {lv: k for k, lv in enumerate(sorted({c.level for c in groups}))}
    old = {id(c): c.level for c in cells}
    for cell in cells:
        if cell in groups:
            cell.level = rank[old[id(cell)]]
            continue
        parents = [g for g in groups if old[id(g)] < old[id(cell)] and overlaps(g, cell)]
        parent = max(parents, key=lambda g: old[id(g)], default=None)
        cell.level = 0 if parent is None else rank[old[id(parent)]] + 1


def _widen_groups(cells: list[HeaderCell], centres: list[float], n_label: int, tolerance: float) -> None:
    """Widen group headers (行政复议, 申请人情况) over the columns of the headers below them.

    Unruled, a group header shows only its words, centred over its columns, which
    may cover the centre of one column only. It spans the neighbouring columns that
    have headers below it and none beside it, within its own group header, as far
    as it stays centred.
    """
    n = n_label + len(centres)
    for cell in sorted(cells, key=lambda c: (c.level, c.c0)):
        if cell.in_labels or cell.c0 < n_label:
            continue
        same = {c for o in cells if o is not cell and o.level == cell.level for c in range(o.c0, o.c1 + 1)}
        deeper = {c for o in cells if o.level > cell.level for c in range(o.c0, o.c1 + 1)}

        def free(c: int, same: set[int] = same, deeper: set[int] = deeper) -> bool:
            return n_label <= c < n and c not in same and c in deeper

        parents = [o for o in cells if o.level < cell.level and not o.in_labels
                   and o.c0 <= cell.c1 and o.c1 >= cell.c0]
        parent = max(parents, key=lambda o: o.level, default=None)
        first, last = (parent.c0, parent.c1) if parent is not None else (n_label, n - 1)
        lo, hi = cell.c0, cell.c1
        while lo - 1 >= first and free(lo - 1):
            lo -= 1
        while hi + 1 <= last and free(hi + 1):
            hi += 1
        mid = (min(f.x0 for f in cell.frags) + max(f.x1 for f in cell.frags)) / 2
        best = (cell.c0, cell.c1)
        for a in range(lo, cell.c0 + 1):
            for b in range(cell.c1, hi + 1):
                if b - a > best[1] - best[0] and \
                        abs((centres[a - n_label] + centres[b - n_label]) / 2 - mid) <= tolerance:
                    best = (a, b)
        cell.c0, cell.c1 = best
