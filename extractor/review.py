"""Where the extractor doubts its own reading: missing template cells and review notes.

SCHEMA §5: a report is ``ok`` only when every cell of its template's three tables was
read (printed, blank or derived; a printed subtotal row stands for its leaf rows), and
``review_notes`` names everything that should make a person look before trusting the
numbers — rows placed by template order, printed values not placed, failed checks
reading cells whose place was inferred, tables with fewer cells than the template.
"""

from __future__ import annotations

from collections.abc import Iterable

from .checks import CheckResult
from .schema import ACTIVE_DISCLOSURE, ACTIVE_DISCLOSURE_LAYOUT, APPLICATIONS, REVIEW_LITIGATION, TABLES
from .tables import MappedCell

Key = tuple[str, str, str]
_INFERRED = ("position", "order")
# Problems of the table mapper that mean printed values went unplaced (other problems,
# such as a province-added row kept under an extra key, lose nothing).
_UNPLACED_MARKS = ("not placed", "unrecognized table row", "could not be placed", "taken as blank")


def template_cells(template: str, present: set[tuple[str, str]]) -> dict[str, list[Key]]:
    """Every cell the template's tables have, per table; a printed subtotal of a
    category (``present`` holds printed (table, row) pairs) stands for its leaves."""
    template = template if template in ("2021", "2019") else "2021"
    layout = ACTIVE_DISCLOSURE_LAYOUT[template]
    out: dict[str, list[Key]] = {
        ACTIVE_DISCLOSURE.key: [(ACTIVE_DISCLOSURE.key, r, c) for r, cols in layout.items() for c in cols]}
    app_cols = [c.key for c in APPLICATIONS.columns]
    printed_leaf = {row.parent for row in APPLICATIONS.rows if (APPLICATIONS.key, row.key) in present}
    rows: list[str] = []
    for row in APPLICATIONS.rows_for(template):
        if row.subtotal_of and not (template == "2019" and row.key == "other_total"):
            if (APPLICATIONS.key, row.key) in present and row.key not in printed_leaf:
                rows.append(row.key)  # a category printed as one row stands for its leaves
        elif not (row.parent and (APPLICATIONS.key, row.parent) in present and row.parent not in printed_leaf):
            rows.append(row.key)
    out[APPLICATIONS.key] = [(APPLICATIONS.key, r, c) for r in rows for c in app_cols]
    rl_cols = [c.key for c in REVIEW_LITIGATION.columns]
    out[REVIEW_LITIGATION.key] = [(REVIEW_LITIGATION.key, r.key, c) for r in REVIEW_LITIGATION.rows
                                  for c in rl_cols]
    return out


def missing_cells(cells: Iterable[MappedCell], template: str) -> dict[str, list[Key]]:
    """Template cells not read, per table (tables with none read are left to the caller)."""
    cells = list(cells)
    have = {(c.table, c.row, c.col) for c in cells}
    present = {(c.table, c.row) for c in cells if not c.derived}
    out = {}
    for table, keys in template_cells(template, present).items():
        if not any(c.table == table and not c.derived for c in cells):
            continue
        lost = [k for k in keys if k not in have]
        if lost:
            out[table] = lost
    return out


def describe_missing(missing: dict[str, list[Key]]) -> list[str]:
    """One phrase per table: 'applications.denied_state_secret, … (14 cells)'."""
    out = []
    for table, keys in missing.items():
        rows = list(dict.fromkeys(row for _, row, _ in keys))
        shown = ", ".join(f"{table}.{r}" for r in rows[:6]) + (" …" if len(rows) > 6 else "")
        out.append(f"{shown} ({len(keys)} cell{'s' if len(keys) > 1 else ''})")
    return out


def review_notes(cells: list[MappedCell], checks: list[CheckResult], template: str,
                 problems: Iterable[str] = (), extra: Iterable[str] = ()) -> list[str]:
    """The report's review notes, most serious first; empty when nothing calls for a look."""
    notes: list[str] = []
    printed = {c.table for c in cells if not c.derived}
    notes += [f"table {table} not found" for table in TABLES if table not in printed and printed]
    expected = template_cells(template, {(c.table, c.row) for c in cells if not c.derived})
    for table, keys in missing_cells(cells, template).items():
        notes.append(f"table {table}: {len(expected[table]) - len(keys)} of {len(expected[table])} "
                     f"template cells read")
    notes += [p if "taken as blank" in p else f"values not placed: {p}"
              for p in problems if any(m in p for m in _UNPLACED_MARKS)]
    ordered = list(dict.fromkeys(f"{c.table}.{c.row}" for c in cells if c.placed_by == "order"))
    if ordered:
        notes.append("rows placed by template order: " + ", ".join(ordered))
    how = {(c.table, c.row, c.col): c.placed_by for c in cells}
    for check in checks:
        if check.status == "fail" and any(how.get(k) in _INFERRED for k in check.cells):
            notes.append(f"check {check.rule} [{check.target}] fails on cells placed by position or order")
    odd = _impossible(cells)
    if odd:
        notes.append("values a count cannot take (a fraction, a sign; a misread separator?): " + ", ".join(odd))
    notes += list(extra)
    return notes


def _impossible(cells: list[MappedCell]) -> list[str]:
    """Printed values their column cannot hold: a fraction where a count is printed ("877.784" for
    877,784), a negative number outside 本年增/减."""
    out = []
    for c in cells:
        if c.derived or not isinstance(c.value, (int, float)) or isinstance(c.value, bool):
            continue
        col = next((k for k in TABLES[c.table].columns if k.key == c.col), None) if c.table in TABLES else None
        if col is None:
            continue
        if (not col.decimal and c.value != int(c.value)) or (not col.signed and c.value < 0):
            out.append(f"{c.table}/{c.row}/{c.col} '{c.raw}'")
    return out

