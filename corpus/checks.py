"""The arithmetic checks of SCHEMA §4, evaluated on truth numbers.

Check ids are ``rule/target``: the column key for ``applications.balance`` and
``applications.outcome_total``, the row key for ``applications.row_total`` and
``review_litigation.total``. A check over a blank (None) cell is not assessable and
never fails.
"""

from __future__ import annotations

from extractor.schema import APPLICANT_COLUMNS, OUTCOME_CATEGORIES

Value = float | int | None
Cells = dict[str, dict[str, dict[str, Value]]]

TOLERANCE = 1e-9
APP_COLS = tuple(c.key for c in APPLICANT_COLUMNS)
PARTS = APP_COLS[:-1]  # the six applicant columns
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")


def _sum(values: list[Value]) -> float | None:
    """Sum, or None when any value is blank or missing."""
    if any(v is None for v in values):
        return None
    return float(sum(values))  # type: ignore[arg-type]


def _check(expected: float | None, actual: Value) -> str:
    if expected is None or actual is None:
        return "not_assessable"
    return "pass" if abs(expected - actual) <= TOLERANCE else "fail"


def outcome_rows(app: dict[str, dict[str, Value]]) -> list[str]:
    """The rows whose sum is （七）总计: leaves, or a printed subtotal standing for them."""
    rows: list[str] = []
    for category, leaves in OUTCOME_CATEGORIES:
        if leaves and all(leaf in app for leaf in leaves):
            rows.extend(leaves)
        else:
            rows.append(category)
    return rows


def evaluate(cells: Cells) -> dict[str, str]:
    """Status (pass, fail, not_assessable) of every check id that applies."""
    out: dict[str, str] = {}
    app = cells.get("applications", {})

    def get(row: str, col: str) -> Value:
        return app.get(row, {}).get(col)

    for col in APP_COLS:
        left = _sum([get("new_received", col), get("carried_over", col)])
        right = _sum([get("total_handled", col), get("carried_forward", col)])
        out[f"applications.balance/{col}"] = (
            "not_assessable" if left is None or right is None else _check(left, right)
        )
    for row, values in app.items():
        out[f"applications.row_total/{row}"] = _check(
            _sum([values.get(c) for c in PARTS]), values.get("total")
        )
    rows = outcome_rows(app)
    for col in APP_COLS:
        out[f"applications.outcome_total/{col}"] = _check(
            _sum([get(r, col) for r in rows]), get("total_handled", col)
        )
    for row, values in cells.get("review_litigation", {}).items():
        out[f"review_litigation.total/{row}"] = _check(
            _sum([values.get(c) for c in REVIEW_PARTS]), values.get("total")
        )
    return out


def failed(cells: Cells) -> list[str]:
    """Sorted ids of the checks that fail."""
    return sorted(k for k, status in evaluate(cells).items() if status == "fail")
