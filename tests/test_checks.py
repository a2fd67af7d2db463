"""Arithmetic checks: pass, fail with expected/actual, blank is not 0."""

from __future__ import annotations

from extractor.checks import run_checks
from extractor.tables import map_tables

from .grids import applications_grid, review_grid


def _checks(*grids):
    cells = map_tables([(g, None) for g in grids]).cells
    return {(c.rule, c.target): c for c in run_checks(cells)}


CONSISTENT = {
    "new_received": ["5", "1", "0", "0", "0", "0", "6"],
    "carried_over": ["1", "0", "0", "0", "0", "0", "1"],
    "granted": ["3", "1", "0", "0", "0", "0", "4"],
    "unable_not_held": ["2", "0", "0", "0", "0", "0", "2"],
    "total_handled": ["5", "1", "0", "0", "0", "0", "6"],
    "carried_forward": ["1", "0", "0", "0", "0", "0", "1"],
}


def test_consistent_report_passes_every_check():
    checks = _checks(applications_grid(CONSISTENT), review_grid(["1", "0", "0", "0", "1"] + ["0"] * 10))
    assert {c.status for c in checks.values()} == {"pass"}
    assert len(checks) == 7 + 25 + 7 + 3


def test_inconsistent_report_fails_with_expected_and_actual():
    values = dict(CONSISTENT, carried_forward=["2", "0", "0", "0", "0", "0", "2"],
                  granted=["3", "1", "0", "0", "0", "0", "5"])
    checks = _checks(applications_grid(values), review_grid(["1", "1", "0", "0", "3"] + ["0"] * 10))
    failed = sorted(k for k, c in checks.items() if c.status == "fail")
    assert failed == [
        ("applications.balance", "natural_person"),
        ("applications.balance", "total"),
        ("applications.outcome_total", "total"),
        ("applications.row_total", "granted"),
        ("review_litigation.total", "review"),
    ]
    balance = checks[("applications.balance", "natural_person")]
    assert (balance.expected, balance.actual) == (6, 7)  # 5 + 1 vs 5 + 2
    review = checks[("review_litigation.total", "review")]
    assert (review.expected, review.actual) == (2, 3)


def test_blank_is_not_zero():
    values = dict(CONSISTENT, granted=["3", "", "0", "0", "0", "0", "4"])
    checks = _checks(applications_grid(values))
    assert checks[("applications.row_total", "granted")].status == "not_assessable"
    assert checks[("applications.outcome_total", "commercial_enterprise")].status == "not_assessable"
    assert checks[("applications.outcome_total", "natural_person")].status == "pass"


def test_blank_total_column_is_not_assessable_not_recomputed():
    values = {k: v[:6] + [""] if k not in ("new_received", "carried_over", "total_handled", "carried_forward")
              else v for k, v in CONSISTENT.items()}
    checks = _checks(applications_grid(values))
    assert checks[("applications.row_total", "granted")].status == "not_assessable"
    outcome = checks[("applications.outcome_total", "total")]
    assert (outcome.status, outcome.expected, outcome.actual) == ("not_assessable", None, 6)
    assert checks[("applications.outcome_total", "natural_person")].status == "pass"
