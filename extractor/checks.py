"""The arithmetic checks (勾稽关系) of SCHEMA §4, evaluated on the printed cells.

Blank is not 0: a check that needs a blank cell is ``not_assessable`` (some
reports leave the 总计 column blank on most rows), never failed and never passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Record
from .schema import APPLICATIONS, OUTCOME_CATEGORIES, REVIEW_LITIGATION
from .tables import MappedCell

TOLERANCE = 1e-6
_APP_COLS = tuple(c.key for c in APPLICATIONS.columns)
_APPLICANTS = _APP_COLS[:-1]  # the six applicant columns, without 总计


@dataclass
class CheckResult(Record):
    rule: str
    target: str
    expected: float | None
    actual: float | None
    status: str  # pass | fail | not_assessable
    cells: tuple[tuple[str, str, str], ...] = ()  # (table, row, col) of the printed cells it reads
    note: str | None = None  # text checks: the sentence, and why not assessable


class _Values:
    def __init__(self, cells: Iterable[MappedCell], table: str) -> None:
        self.printed: dict[tuple[str, str], float | None] = {
            (c.row, c.col): c.value for c in cells if c.table == table and not c.derived
        }
        self.rows = {row for row, _ in self.printed}

    def get(self, row: str, col: str) -> float | None:
        return self.printed.get((row, col))

def _compare(rule: str, target: str, expected: list[float | None], actual: float | None,
             cells: tuple[tuple[str, str, str], ...] = ()) -> CheckResult:
    if actual is None or not expected or any(v is None for v in expected):
        exp = None if not expected or any(v is None for v in expected) else float(sum(expected))  # type: ignore[arg-type]
        return CheckResult(rule, target, exp, actual, "not_assessable", cells)
    total = float(sum(expected))  # type: ignore[arg-type]
    status = "pass" if abs(total - actual) <= TOLERANCE else "fail"
    return CheckResult(rule, target, total, actual, status, cells)


def _keys(table: str, rows: Iterable[str], cols: Iterable[str]) -> tuple[tuple[str, str, str], ...]:
    return tuple((table, r, c) for r in rows for c in cols)


def _sum(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else float(sum(values))  # type: ignore[arg-type]


def _outcome_rows(v: _Values) -> list[str] | None:
    """The rows whose sum is （七）总计: leaves, or a printed subtotal for its category."""
    rows: list[str] = []
    for subtotal, leaves in OUTCOME_CATEGORIES:
        if leaves and any(leaf in v.rows for leaf in leaves):
            rows.extend(leaf for leaf in leaves if leaf in v.rows)
        elif subtotal in v.rows:
            rows.append(subtotal)
        else:
            return None
    return rows


def run_checks(cells: list[MappedCell]) -> list[CheckResult]:
    """Evaluate every rule on the cells of one report."""
    out: list[CheckResult] = []
    app = _Values(cells, APPLICATIONS.key)
    if app.rows:
        for col in _APP_COLS:
            lhs = [app.get("new_received", col), app.get("carried_over", col)]
            rhs = _sum([app.get("total_handled", col), app.get("carried_forward", col)])
            rows = ("new_received", "carried_over", "total_handled", "carried_forward")
            out.append(_compare("applications.balance", col, lhs, rhs, _keys(APPLICATIONS.key, rows, (col,))))
        for row in (r.key for r in APPLICATIONS.rows):
            if row in app.rows:
                parts = [app.get(row, c) for c in _APPLICANTS]
                out.append(_compare("applications.row_total", row, parts, app.get(row, "total"),
                                    _keys(APPLICATIONS.key, (row,), _APP_COLS)))
        outcome = _outcome_rows(app)
        for col in _APP_COLS:
            parts = [app.get(r, col) for r in outcome] if outcome else []
            rows = (*(outcome or ()), "total_handled")
            out.append(_compare("applications.outcome_total", col, parts, app.get("total_handled", col),
                                _keys(APPLICATIONS.key, rows, (col,))))
    rl = _Values(cells, REVIEW_LITIGATION.key)
    for row in (r.key for r in REVIEW_LITIGATION.rows):
        if row in rl.rows:
            parts = [rl.get(row, c) for c in ("upheld", "corrected", "other", "pending")]
            out.append(_compare("review_litigation.total", row, parts, rl.get(row, "total"),
                                _keys(REVIEW_LITIGATION.key, (row,), [c.key for c in REVIEW_LITIGATION.columns])))
    return out
