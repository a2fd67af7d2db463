"""Find the three tables in a document's grids and map every printed cell to its keys.

The mapper walks all grid rows of all tables in reading order, so a logical table
may be split over several grids (a page break) and one grid may hold several
logical tables. Each row is one of:

* a header block (column labels such as 自然人 … 总计, 本年制发件数, 结果维持) — it
  sets the column map used by the data rows below it, in this grid and in
  continuation grids of the same width;
* a data row — its label (the last text cell before the numbers, or that cell
  joined with a wrapped fragment above it) is matched against the schema labels;
  its value cells are assigned to columns by the header map, or, where the row is
  irregular (labels shifted into value columns, cells lost in conversion), by
  their order;
* anything else (block titles such as 第二十条第（五）项, notes), which is skipped
  but kept as a possible first half of a wrapped label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .alignment import STRONG, Placement, Printed, align
from .labels import (
    Match,
    column_tables,
    is_column_label,
    match_column,
    match_row,
    review_group,
    row_scores,
)
from .model import BBox, Cell, Record, Table
from .normalize import compact, label_key
from .schema import (
    ACTIVE_DISCLOSURE_LAYOUT,
    APPLICATIONS,
    REVIEW_LITIGATION,
    SUBTOTALS,
    TABLES,
)
from .values import parse_value, to_yuan

ACTIVE_DISCLOSURE_KEY = "active_disclosure"
SWITCH_SCORE = 0.9  # a row label must match this well to move to another table without a header
_HEADER_MARKERS = ("信息内容", "申请人情况", "法人或其他组织", "行政诉讼")
_APPLICANT_HEADS = ("申请人情况", "法人或其他组织")  # table 三's header words: never in a data row
_TEMPLATE_COLS = {
    "issued": "2021", "repealed": "2021", "in_force": "2021", "amount_10k_yuan": "2021",
    "newly_made": "2019", "newly_published": "2019", "total_published": "2019",
    "items_prev_year": "2019", "items_change": "2019", "projects": "2019", "amount_yuan": "2019",
}
_TEMPLATE_ROWS = {
    "other_external_services": "2019", "centralized_procurement": "2019",
    "other_no_correction": "2021", "other_unpaid_fee": "2021", "other_other": "2021",
}


@dataclass
class MappedCell(Record):
    """One extracted value with its keys and where it was printed."""

    table: str
    row: str
    col: str
    value: float | None
    raw: str | None
    derived: bool = False
    page: int | None = None
    bbox: BBox | None = None
    placed_by: str = "label"  # label, position, order or derived (SCHEMA §5)
    ocr_confidence: float | None = None


@dataclass
class TablesResult:
    cells: list[MappedCell]
    template: str
    found: list[str]
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _ColRef:
    table: str
    col: str
    group: str | None = None  # table 四: the row this column belongs to
    unit: str | None = None  # unit written in the header (万元)


ColMap = dict[int, _ColRef]


def _is_numeric(text: str) -> bool:
    return parse_value(text).numeric


def _is_blank(text: str) -> bool:
    return parse_value(text).empty


def _header_unit(text: str) -> str | None:
    key = compact(text)
    return "万元" if "万元" in key else ("元" if "元" in key else None)


def _is_header_row(texts: list[str]) -> bool:
    """A row of column labels (or the group headers of table 四), without numbers.

    It takes two different column labels (or one beside 信息内容 …): a row of
    fragments such as "维持 | 纠正 | 其他 | 其他" names one column twice and is no header.
    """
    labels = [t for t in texts if t.strip()]
    if not labels or any(_is_numeric(t) for t in labels):
        return False
    n_cols = len({(m.table, m.key) for t in labels if is_column_label(t) and (m := match_column(t))})
    markers = any(m in compact(t) for t in labels for m in _HEADER_MARKERS)
    groups = sum(1 for t in labels if review_group(t))
    applicants = any(m in compact(t) for t in labels for m in _APPLICANT_HEADS)
    return n_cols >= 2 or (n_cols >= 1 and markers) or groups >= 2 or (groups >= 1 and markers) or applicants


def _groups_by_column(table: Table, rows: range) -> dict[int, str]:
    """For table 四: the group (review / litigation_direct / …) above each column."""
    found: dict[int, str] = {}
    for r in rows:
        current: str | None = None
        for c in range(table.n_cols):
            text = table.text(r, c)
            if text.strip():
                current = review_group(text)
            if current:
                found[c] = current
    return found


def _build_colmap(table: Table, rows: range, context: str | None, caption: str) -> ColMap:
    """Map grid columns to column keys from a block of header rows.

    Which table the header belongs to is voted by its cells (a cell such as 总计
    votes for every table having it); a tie goes to the table the context implies.
    """
    votes: dict[str, int] = {}
    for r in rows:
        for c in range(table.n_cols):
            for name in column_tables(table.text(r, c)):
                votes[name] = votes.get(name, 0) + 1
    groups = _groups_by_column(table, rows)
    if groups:
        votes[REVIEW_LITIGATION.key] = votes.get(REVIEW_LITIGATION.key, 0) + 2
    if not votes:
        return {}
    logical = max(votes, key=lambda k: (votes[k], k == context))
    if logical == REVIEW_LITIGATION.key and not groups and review_group(caption):
        groups = dict.fromkeys(range(table.n_cols), review_group(caption))
    colmap: ColMap = {}
    for c in range(table.n_cols):
        for r in reversed(rows):
            text = table.text(r, c)
            m = match_column(text, (logical,))
            if m:
                colmap[c] = _ColRef(logical, m.key, groups.get(c), _header_unit(text))
                break
    return colmap if _in_template_order(colmap) else {}


def _in_template_order(colmap: ColMap) -> bool:
    """Applicant and review columns must run left to right as the template prints them.

    A header flattened out of order (merged cells lost: 自然人 | 法人或其他组织 | 总计 |
    商业企业 …) cannot place the values; the rows then fall back to value order.
    """
    refs = [colmap[c] for c in sorted(colmap)]
    if not refs or refs[0].table == ACTIVE_DISCLOSURE_KEY:
        return True
    table = TABLES[refs[0].table]
    cols = [c.key for c in table.columns]
    groups = [r.key for r in REVIEW_LITIGATION.rows]
    keys = [(groups.index(r.group) if r.group in groups else 0, cols.index(r.col)) for r in refs]
    return keys == sorted(keys)


@dataclass
class _Row:
    labels: list[tuple[int, Cell]]  # (first grid column, cell)
    values: list[tuple[int, Cell]]  # cells right of the labels holding numbers or blanks


def _split_row(table: Table, r: int) -> _Row:
    items = table.row_cells(r)
    first_num = next((i for i, (_, cell) in enumerate(items) if _is_numeric(cell.text)), len(items))
    labels = [(c, cell) for c, cell in items[:first_num] if not _is_blank(cell.text)]
    label_end = max((cell.col + cell.colspan - 1 for _, cell in labels), default=-1)
    values = [
        (c, cell) for c, cell in items
        if c > label_end and (_is_numeric(cell.text) or _is_blank(cell.text))
    ]
    return _Row(labels, values)


@dataclass
class _AppRow:
    """A table-三 row kept for the alignment, with the header in force where it was printed."""

    row: _Row
    colmap: ColMap
    scores: dict[str, float]  # table-三 row key → label similarity
    label: str
    labelled: bool = True
    within: frozenset[str] | None = None  # a row under a group cell whose own label is lost


def _app_row(row: _Row, colmap: ColMap, scores: dict[str, float], label: str) -> _AppRow:
    """A table-三 row for the alignment. A row whose last label is a group cell spanning
    several rows (（三）不予公开 over its leaves) lost its own leaf label: it is one of that
    group's leaves, placed by its place among them, never the group's subtotal."""
    last = row.labels[-1][1]
    group = next((r for r in APPLICATIONS.rows if r.subtotal_of and scores.get(r.key, 0.0) >= STRONG
                  and max(scores.values()) == scores[r.key]), None)
    if last.rowspan > 1 and group is not None:
        leaves = frozenset(leaf.key for leaf in APPLICATIONS.rows if leaf.parent == group.key)
        return _AppRow(row, colmap, {k: v for k, v in scores.items() if k in leaves}, "", labelled=False,
                       within=leaves)
    return _AppRow(row, colmap, scores, compact(label))


def _label_candidates(row: _Row, pending: str) -> list[str]:
    """Texts that may be the row's label: its last label cell, that cell joined with the
    cell before it (a group label beside its leaf) or with a label fragment above it."""
    last = row.labels[-1][1].text
    texts = [last]
    if len(row.labels) >= 2:
        texts.append(row.labels[-2][1].text + last)
    if pending:
        texts.append(pending + last)
    return texts


def _best_scores(texts: list[str]) -> dict[str, float]:
    """For each table-三 row, the best similarity any candidate label text gives it."""
    best: dict[str, float] = {}
    for text in texts:
        for key, score in row_scores(text, APPLICATIONS.key).items():
            if score > best.get(key, 0.0):
                best[key] = score
    return best


def _sequential(values: list[tuple[int, Cell]], n: int) -> list[tuple[int, Cell]] | None:
    """Assign value cells to ``n`` columns by order, for rows that don't fit the header.

    Blank cells at the ends beyond ``n`` are dropped; a row that still has more or
    fewer cells than columns cannot be placed by order (None), rather than guessed.
    """
    filled = [v for v in values if v[1].text.strip()]
    if len(filled) == n:
        return filled
    vals = list(values)
    while len(vals) > n and not vals[-1][1].text.strip():
        vals.pop()
    while len(vals) > n and not vals[0][1].text.strip():
        vals.pop(0)
    return vals if len(vals) == n else None


class _Mapper:
    def __init__(self, template_hint: str | None) -> None:
        self.template_hint = template_hint
        self.cells: dict[tuple[str, str], list[MappedCell]] = {}
        self.scores: dict[tuple[str, str], float] = {}
        self.votes: dict[str, int] = {}
        self.problems: list[str] = []
        self.current: str | None = None
        self.colmap: ColMap = {}
        self.colmap_width = 0
        self.app_rows: list[_AppRow] = []  # table-三 rows, placed together by alignment at the end
        self.label_half: _AppRow | None = None  # a blank table-三 row whose label may go on below
        self.header_groups: set[str] = set()  # table-四 groups named by the last header block
        self.review_header = False  # a header of table 四 was read
        self.pending = ""  # label text left waiting at the end of the last grid

    # -- public ---------------------------------------------------------------
    def feed(self, table: Table, context: str | None, caption: str = "") -> None:
        """Map the rows of one grid; ``context`` is the table its section implies and
        ``caption`` the paragraph printed right above the grid."""
        if table.n_cols != self.colmap_width:
            self.colmap = {}
        continues = not context or context == self.current  # a page break inside one table
        if context:
            self.current = context
        pending = self.pending if continues else ""
        r = 0
        while r < table.n_rows:
            texts = [table.text(r, c) for c in range(table.n_cols)]
            if _is_header_row(texts):
                end = r + 1
                while end < table.n_rows and end - r < 4:
                    nxt = [table.text(end, c) for c in range(table.n_cols)]
                    if any(_is_numeric(t) for t in nxt) or not (
                        _is_header_row(nxt) or any(is_column_label(t) for t in nxt)
                    ):
                        break
                    end += 1
                colmap = _build_colmap(table, range(r, end), self.current, caption)
                self.header_groups = set(_groups_by_column(table, range(r, end)).values())
                self.review_header |= (bool(colmap) and next(iter(colmap.values())).table == REVIEW_LITIGATION.key
                                       or self.header_groups >= {r.key for r in REVIEW_LITIGATION.rows})
                repeated = bool(colmap) and next(iter(colmap.values())).table == self.current
                if colmap:
                    self.colmap, self.colmap_width = colmap, table.n_cols
                    self.current = next(iter(colmap.values())).table
                    for ref in colmap.values():
                        if ref.col in _TEMPLATE_COLS:
                            self._vote(_TEMPLATE_COLS[ref.col])
                if not repeated:  # a header repeated after a page break may cut a label in two
                    pending = ""
                r = end
                continue
            pending = self._data_row(table, r, pending)
            r += 1
        self.pending = pending  # a label cut by the end of the grid goes on in the next one

    def result(self) -> TablesResult:
        self._place_applications()
        self._blank_review_table()
        template = self._template()
        cells = [c for group in self.cells.values() for c in group]
        cells += _derive_subtotals(self.cells)
        order = {(t.key, r.key): i for t in TABLES.values() for i, r in enumerate(t.rows)}
        col_order = {(t.key, c.key): i for t in TABLES.values() for i, c in enumerate(t.columns)}
        tables = list(TABLES)
        cells.sort(key=lambda m: (tables.index(m.table), order.get((m.table, m.row), 99),
                                  m.row, col_order.get((m.table, m.col), 99)))
        found = [t for t in TABLES if any(c.table == t and not c.derived for c in cells)]
        return TablesResult(cells, template, found, self.problems)

    # -- rows -----------------------------------------------------------------
    def _data_row(self, table: Table, r: int, pending: str) -> str:
        row = _split_row(table, r)
        has_numbers = any(_is_numeric(cell.text) for _, cell in row.values)
        if not row.labels:
            if any(cell.text.strip() for _, cell in row.values) or self._awaiting_review_row():
                self._unlabelled_row(row)  # numbers, marks such as 无 /, or table 四 left blank
            return pending
        texts = _label_candidates(row, pending)
        match, label = self._match_label(texts)
        self._drop_label_half(pending, texts)
        if has_numbers and self.current == APPLICATIONS.key and (
                match is None or match.table == APPLICATIONS.key):
            scores = _best_scores(texts)
            if scores:  # its label resembles a table-三 row: the alignment places it
                self.app_rows.append(_app_row(row, self.colmap, scores, label))
                return ""
        if match is None:
            if has_numbers and not self._extra_row(row) and not self._orphan(row):
                text = " ".join(cell.text for _, cell in row.labels)
                self.problems.append(f"unrecognized table row: {compact(text)[:40]}")
            return " ".join(cell.text for _, cell in row.labels[-1:])
        if not has_numbers and not row.values:
            return label
        self.current = match.table
        if match.table == APPLICATIONS.key:
            self.app_rows.append(_app_row(row, self.colmap, _best_scores(texts), label))
            self.label_half = None if has_numbers else self.app_rows[-1]
        else:
            self._record(match.table, match.key, match.score, self._assign(match.table, match.key, row))
        return "" if has_numbers else label  # an all-blank row may be the first half of a label

    def _drop_label_half(self, pending: str, texts: list[str]) -> None:
        """A blank table-三 row whose label the next row completes was the label's first
        half (wrapped over two grid rows), not a row of its own."""
        half, self.label_half = self.label_half, None
        if half is None or not pending or not self.app_rows or self.app_rows[-1] is not half:
            return
        joined = row_scores(texts[-1], APPLICATIONS.key)  # pending + this row's label
        if max(joined.values(), default=0.0) >= max(half.scores.values(), default=0.0):
            self.app_rows.pop()

    def _match_label(self, candidates: list[str]) -> tuple[Match | None, str]:
        """The best row match among the label candidates, and the candidate that gave it."""
        best = None
        best_label = candidates[0]
        for text in candidates:
            for m in (match_row(text, (self.current,)) if self.current else None, match_row(text)):
                if m is None or (self.current and m.table != self.current and m.score < SWITCH_SCORE):
                    continue
                bonus = 0.1 if m.table == self.current else 0.0
                if best is None or m.score + bonus > best[0]:
                    best = (m.score + bonus, m)
                    best_label = text
        return (best[1] if best else None), best_label

    def _extra_row(self, row: _Row) -> bool:
        """A row a province adds to table 二 (湖北: 其他主动公开文件), kept as ``extra:<label>``."""
        if self.current != ACTIVE_DISCLOSURE_KEY or not self.colmap:
            return False
        if any(ref.table != ACTIVE_DISCLOSURE_KEY for ref in self.colmap.values()):
            return False
        key = "extra:" + label_key(row.labels[-1][1].text)
        cells = [self._cell(ACTIVE_DISCLOSURE_KEY, key, self.colmap[c].col, cell, self.colmap[c])
                 for c, cell in row.values if c in self.colmap]
        if not cells:
            return False
        self._record(ACTIVE_DISCLOSURE_KEY, key, 0.5, cells)
        self.problems.append(f"extra row kept as {key}")
        return True

    def _awaiting_review_row(self) -> bool:
        """Table 四's header was read and no row of it yet."""
        return self.review_header and not any(table == REVIEW_LITIGATION.key for table, _ in self.cells)

    def _blank_review_table(self) -> None:
        """Table 四 whose header was printed with no row of values under it (an empty row
        leaves nothing in text or an unruled PDF): its 15 cells are blank, and noted."""
        if not self.review_header or any(table == REVIEW_LITIGATION.key for table, _ in self.cells):
            return
        for row in REVIEW_LITIGATION.rows:
            self._record(REVIEW_LITIGATION.key, row.key, 0.5, [
                MappedCell(REVIEW_LITIGATION.key, row.key, col.key, None, "", placed_by="position")
                for col in REVIEW_LITIGATION.columns])
        self.problems.append(_BLANK_REVIEW)

    def _unlabelled_row(self, row: _Row) -> None:
        """A row of numbers only: table 四's data row (15 numbers under group headers)."""
        refs = [self.colmap.get(c) for c, _ in row.values]
        groups = [r.key for r in REVIEW_LITIGATION.rows]
        named = sum(1 for ref in refs if ref and ref.group)
        # 15 cells under a header naming the three groups, some of whose column words were lost (a
        # misread scan): each cell's place names its column, as for a flattened header
        by_place = (named < 15 and self.header_groups >= set(groups) and self.current == REVIEW_LITIGATION.key
                    and len(row.values) == 15)
        if self.colmap and all(ref and ref.group for ref in refs if ref) and any(refs) and not by_place:
            by_row: dict[str, list[MappedCell]] = {}
            for (_, cell), ref in zip(row.values, refs):
                if ref and ref.group:
                    by_row.setdefault(ref.group, []).append(self._cell(REVIEW_LITIGATION.key, ref.group,
                                                                       ref.col, cell, ref))
            for key, cells in by_row.items():
                self._record(REVIEW_LITIGATION.key, key, 0.9, cells)
            self.current = REVIEW_LITIGATION.key
            return
        numbers = _sequential(row.values, 15) or []  # blank cells count where the row has 15 cells
        if len(numbers) == 15 and self.current == REVIEW_LITIGATION.key:
            cols = [c.key for c in REVIEW_LITIGATION.columns]
            # under a header naming the three groups (flattened), each number's place names its cell
            by = "position" if self.header_groups >= set(groups) else "order"
            for i, key in enumerate(groups):
                cells = [self._cell(REVIEW_LITIGATION.key, key, col, numbers[i * 5 + j][1], None, by)
                         for j, col in enumerate(cols)]
                self._record(REVIEW_LITIGATION.key, key, 0.7, cells)
            return
        if any(cell.text.strip() for _, cell in row.values) and not self._orphan(row):
            self.problems.append("unrecognized table row: values without a label")

    def _orphan(self, row: _Row) -> bool:
        """Keep a table-三 row whose label was lost (PDF→text splits labels from numbers):
        the alignment places it by template order when the rows around it fix its place."""
        if self.current != APPLICATIONS.key or len(row.values) < 2:
            return False
        self.app_rows.append(_AppRow(row, self.colmap, {}, "", labelled=False))
        return True

    def _place_applications(self) -> None:
        """Align the table-三 rows to the template's row sequence and record them."""
        rows = self.app_rows
        for item in rows:  # rows only one template has vote before the sequence is chosen
            best = max(item.scores, key=item.scores.get, default=None)
            if best in _TEMPLATE_ROWS and item.scores[best] >= STRONG:
                self._vote(_TEMPLATE_ROWS[best])
        template = self._template()
        order = [r.key for r in APPLICATIONS.rows_for("2019" if template == "2019" else "2021")]
        optional = frozenset(r.key for r in APPLICATIONS.rows if r.subtotal_of
                             and not (template == "2019" and r.key == "other_total"))
        placements = align([Printed(item.scores, item.labelled, item.within) for item in rows], order, optional)
        unplaced = 0
        for item, placement in zip(rows, placements):
            if placement.key is None:
                unplaced += any(_is_numeric(cell.text) for _, cell in item.row.values)
                continue
            self._record_placed(item, placement)
        if unplaced:
            self.problems.append(f"{unplaced} table-三 row{'s' if unplaced > 1 else ''} "
                                 "not placed (label unreadable and place in the template not certain)")

    def _record_placed(self, item: _AppRow, placement: Placement) -> None:
        """Record a table-三 row with the header that was in force where it was printed."""
        key = placement.key
        saved, self.colmap = self.colmap, item.colmap
        cells = self._assign(APPLICATIONS.key, key, item.row)
        self.colmap = saved
        if placement.by == "order":
            for cell in cells:
                cell.placed_by = "order"
            shown = f" (label '{item.label[:20]}')" if item.label else " (label not printed with it)"
            self.problems.append(f"row {key} placed by template order{shown}")
        self._record(APPLICATIONS.key, key, item.scores.get(key, 0.0), cells)

    def _expected_cols(self, table: str, row: str) -> tuple[str, ...]:
        if table == APPLICATIONS.key:
            return tuple(c.key for c in APPLICATIONS.columns)
        if table == REVIEW_LITIGATION.key:
            return tuple(c.key for c in REVIEW_LITIGATION.columns)
        template = self._template() if self._template() != "unknown" else "2021"
        layout = ACTIVE_DISCLOSURE_LAYOUT[template]
        return layout.get(row) or ACTIVE_DISCLOSURE_LAYOUT["2019"].get(row, ())

    def _assign(self, table: str, row_key: str, row: _Row) -> list[MappedCell]:
        """Assign the row's value cells to column keys."""
        if row_key in _TEMPLATE_ROWS:
            self._vote(_TEMPLATE_ROWS[row_key])
        usable = bool(self.colmap) and all(ref.table == table for ref in self.colmap.values())
        if usable:
            numbers = [c for c, cell in row.values if cell.text.strip()]
            label_cols = {c for _, cell in row.labels for c in range(cell.col, cell.col + cell.colspan)}
            usable = all(c in self.colmap for c in numbers) and not (label_cols & set(self.colmap))
        out: list[MappedCell] = []
        if usable:
            seen: set[str] = set()
            for c, cell in row.values:
                ref = self.colmap.get(c)
                if ref and ref.col not in seen:
                    seen.add(ref.col)
                    out.append(self._cell(table, row_key, ref.col, cell, ref, "label"))
            return out
        cols = self._expected_cols(table, row_key)
        placed = _sequential(row.values, len(cols))
        if placed is None:
            self.problems.append(f"row {row_key}: {len(row.values)} values for {len(cols)} columns, not placed")
            return out
        header = {ref.col: ref for ref in self.colmap.values() if ref.table == table}  # units (万元)
        return [self._cell(table, row_key, col, item[1], header.get(col), "position")
                for col, item in zip(cols, placed)]

    def _cell(self, table: str, row: str, col: str, cell: Cell, ref: _ColRef | None,
              placed_by: str = "label") -> MappedCell:
        parsed = parse_value(cell.text)
        value = parsed.value
        if col == "amount_yuan":
            value = to_yuan(value, parsed.unit, ref.unit if ref else None)
        return MappedCell(table, row, col, value, cell.text.strip(), page=cell.page, bbox=cell.bbox,
                          placed_by=placed_by, ocr_confidence=cell.confidence)

    def _record(self, table: str, row: str, score: float, cells: list[MappedCell]) -> None:
        key = (table, row)
        if key in self.cells and self.scores[key] >= score:
            return
        self.cells[key] = cells
        self.scores[key] = score

    def _vote(self, template: str) -> None:
        self.votes[template] = self.votes.get(template, 0) + 1

    def _template(self) -> str:
        if self.votes:
            return max(self.votes, key=lambda k: self.votes[k])
        has_other_total = (APPLICATIONS.key, "other_total") in self.cells
        if has_other_total:
            return "2019" if self.template_hint == "2019" else (self.template_hint or "2019")
        return self.template_hint or "unknown"


def _derive_subtotals(cells: dict[tuple[str, str], list[MappedCell]]) -> list[MappedCell]:
    """Subtotal rows not printed but whose sub-rows all are, computed per column."""
    out: list[MappedCell] = []
    table = APPLICATIONS.key
    for subtotal, parts in SUBTOTALS.items():
        if (table, subtotal) in cells or not parts:
            continue
        if not all((table, p) in cells for p in parts):
            continue
        values: dict[str, list[float | None]] = {}
        for p in parts:
            for cell in cells[(table, p)]:
                values.setdefault(cell.col, []).append(cell.value)
        for col in (c.key for c in APPLICATIONS.columns):
            vals = values.get(col)
            if vals is None or len(vals) != len(parts):
                continue
            total = None if any(v is None for v in vals) else float(sum(vals))  # type: ignore[arg-type]
            out.append(MappedCell(table, subtotal, col, total, None, derived=True, placed_by="derived"))
    return out


_BLANK_REVIEW = "table review_litigation: header printed without a row of values, its 15 cells taken as blank"
_REVIEW_HEADER_WORDS = ("行政复议", "行政诉讼", "复议后起诉", "维持", "纠正", "尚未", "审结")


def blank_review_table(result: TablesResult, section_text: str) -> None:
    """Table 四 printed with every cell empty in an unruled layout is only its header's words, as
    lines of text (no row of values makes them a table): when its section holds those words and
    no digit at all, its 15 cells are blank, placed by position and noted."""
    if REVIEW_LITIGATION.key in result.found or any(ch.isdigit() for ch in section_text):
        return
    text = compact(section_text)
    if not all(word in text for word in _REVIEW_HEADER_WORDS):
        return
    result.cells += [MappedCell(REVIEW_LITIGATION.key, row.key, col.key, None, "", placed_by="position")
                     for row in REVIEW_LITIGATION.rows for col in REVIEW_LITIGATION.columns]
    result.found.append(REVIEW_LITIGATION.key)
    result.problems.append(_BLANK_REVIEW)


def map_tables(tables: list[tuple], template_hint: str | None = None) -> TablesResult:
    """Map grids to schema cells: (table, table key its section implies or None[, caption])."""
    mapper = _Mapper(template_hint)
    for table, context, *caption in tables:
        mapper.feed(table, context, *caption)
    return mapper.result()
