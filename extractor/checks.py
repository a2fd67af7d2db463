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
Key = tuple[str, str, str]  # (table, row, col)
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


def _sum(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else float(sum(values))  # type: ignore[arg-type]


def _outcome_rows(printed_rows: set[str]) -> list[str] | None:
    """The rows whose sum is （七）总计: leaves, or a printed subtotal for its category."""
    rows: list[str] = []
    for subtotal, leaves in OUTCOME_CATEGORIES:
        if leaves and any(leaf in printed_rows for leaf in leaves):
            rows.extend(leaf for leaf in leaves if leaf in printed_rows)
        elif subtotal in printed_rows:
            rows.append(subtotal)
        else:
            return None
    return rows


_BALANCE_ROWS = ("new_received", "carried_over", "total_handled", "carried_forward")
_REVIEW_COLS = tuple(c.key for c in REVIEW_LITIGATION.columns)


def check_members(rule: str, target: str, printed_rows: set[str]) -> tuple[Key, ...]:
    """The cells a check reads, (table, row, col), the checked total last; ``printed_rows``
    are the applications rows the report prints (they decide what enters （七）总计)."""
    app = APPLICATIONS.key
    if rule == "applications.balance":
        return tuple((app, row, target) for row in _BALANCE_ROWS)
    if rule == "applications.row_total":
        return tuple((app, target, col) for col in _APP_COLS)
    if rule == "applications.outcome_total":
        return tuple((app, row, target) for row in (*(_outcome_rows(printed_rows) or ()), "total_handled"))
    if rule == "review_litigation.total":
        return tuple((REVIEW_LITIGATION.key, target, col) for col in _REVIEW_COLS)
    return ()


def run_checks(cells: list[MappedCell]) -> list[CheckResult]:
    """Evaluate every rule on the cells of one report."""
    out: list[CheckResult] = []
    app = _Values(cells, APPLICATIONS.key)

    def compare(rule: str, target: str, expected: list[float | None], actual: float | None) -> None:
        out.append(_compare(rule, target, expected, actual, check_members(rule, target, app.rows)))

    if app.rows:
        for col in _APP_COLS:
            lhs = [app.get("new_received", col), app.get("carried_over", col)]
            compare("applications.balance", col, lhs, _sum([app.get("total_handled", col),
                                                            app.get("carried_forward", col)]))
        for row in (r.key for r in APPLICATIONS.rows):
            if row in app.rows:
                compare("applications.row_total", row, [app.get(row, c) for c in _APPLICANTS],
                        app.get(row, "total"))
        outcome = _outcome_rows(app.rows)
        for col in _APP_COLS:
            parts = [app.get(r, col) for r in outcome] if outcome else []
            compare("applications.outcome_total", col, parts, app.get("total_handled", col))
    rl = _Values(cells, REVIEW_LITIGATION.key)
    for row in (r.key for r in REVIEW_LITIGATION.rows):
        if row in rl.rows:
            compare("review_litigation.total", row, [rl.get(row, c) for c in _REVIEW_COLS[:-1]],
                    rl.get(row, "total"))
    return out
