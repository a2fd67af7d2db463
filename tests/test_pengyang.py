"""The real 彭阳县司法局 2023 report as tab-separated text (../shared/spec)."""

from __future__ import annotations

import pytest

from extractor.pipeline import extract
from extractor.schema import APPLICATIONS, SECTIONS

from .conftest import shared_file


@pytest.fixture(scope="module")
def report():
    return extract(shared_file("pengyang_justice_2023.txt"))


def test_metadata(report):
    assert report.meta["agency"] == "彭阳县司法局"
    assert report.meta["year"] == 2023
    assert report.meta["template"] == "2021"
    assert report.meta["format"] == "txt"
    assert report.meta["status"] == "ok"
    assert report.meta["error"] is None


def test_sections(report):
    got = report.sections
    assert list(got["key"]) == [s.key for s in SECTIONS]
    assert list(got["heading"]) == [s.heading for s in SECTIONS]
    overview = got.set_index("key").loc["overview", "text"]
    assert overview.startswith("（一）主动公开。全面公开县司法局工作职责")
    assert got.set_index("key").loc["other_matters", "text"].endswith("sifaju5555@163.com。")


def test_every_printed_number_is_zero(report):
    printed = report.cells[~report.cells["derived"]]
    numbers = printed[printed["raw"] != ""]
    # 10 in table 二, 4 rows × 7 + 21 rows × 6 in table 三 (the outcome rows print six
    # numbers), 15 in table 四: every one of them is a printed 0.
    assert len(numbers) == 10 + 4 * 7 + 21 * 6 + 15
    assert set(numbers["raw"]) == {"0"}
    assert (numbers["value"] == 0).all()


def test_all_rows_of_the_three_tables(report):
    cells = report.cells
    tables = cells.groupby("table")["row"].nunique().to_dict()
    assert tables == {"active_disclosure": 6, "applications": 29, "review_litigation": 3}
    app_rows = set(cells[(cells.table == "applications") & ~cells.derived]["row"])
    assert app_rows == {r.key for r in APPLICATIONS.rows_for("2021") if not r.subtotal_of}
    derived = set(cells[cells.derived]["row"])
    assert derived == {"denied_total", "unable_total", "not_processed_total", "other_total"}


def test_known_cells(report):
    cells = report.cells.set_index(["table", "row", "col"])
    assert cells.loc[("active_disclosure", "administrative_fees", "amount_10k_yuan"), "value"] == 0
    assert cells.loc[("applications", "new_received", "total"), "value"] == 0
    assert cells.loc[("review_litigation", "litigation_after_review", "total"), "value"] == 0
    assert cells.loc[("applications", "carried_forward", "natural_person"), "raw"] == "0"


def test_no_check_fails(report):
    checks = report.checks
    assert (checks["status"] != "fail").all()
    passed = checks[checks.status == "pass"]
    assert set(passed[passed.rule == "applications.balance"]["target"]) == {
        c.key for c in APPLICATIONS.columns
    }
    assert len(passed[passed.rule == "review_litigation.total"]) == 3
