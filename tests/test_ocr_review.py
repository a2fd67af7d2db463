"""Review notes for OCR values (extractor.ocr_review)."""

from __future__ import annotations

from extractor.checks import run_checks
from extractor.ocr_review import ocr_review_notes
from extractor.tables import MappedCell

COLS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
        "legal_service_org", "other_org", "total")


def _row(row: str, values: list[float], conf: float | None = 0.99) -> list[MappedCell]:
    return [MappedCell("applications", row, col, v, f"{v:g}", ocr_confidence=conf) for col, v in zip(COLS, values)]


def test_text_layer_values_get_no_notes():
    cells = _row("new_received", [5, 1, 0, 0, 0, 0, 7], conf=None)
    assert ocr_review_notes(cells, run_checks(cells)) == []


def test_low_confidence_values_are_named_lowest_first():
    cells = _row("new_received", [5, 1, 0, 0, 0, 0, 6])
    cells[2].ocr_confidence, cells[1].ocr_confidence = 0.61, 0.42
    assert ocr_review_notes(cells, run_checks(cells)) == [
        "2 OCR value(s) read with confidence below 0.8: applications/new_received/commercial_enterprise '1' "
        "(0.42), applications/new_received/research_institution '0' (0.61)"]


def test_a_failed_check_over_ocr_values_points_at_the_one_digit_that_fits():
    # printed 98 read as 96: its row total and its column balance both fail; only 98 fixes both
    cells = (_row("new_received", [96, 4, 1, 0, 5, 2, 110]) + _row("carried_over", [0] * 7)
             + _row("total_handled", [98, 4, 1, 0, 5, 2, 110]) + _row("carried_forward", [0] * 7))
    notes = ocr_review_notes(cells, run_checks(cells))
    assert notes == [
        "check applications.balance/natural_person fails on OCR values (parts 96 ≠ total 98)",
        "check applications.row_total/new_received fails on OCR values (parts 108 ≠ total 110)",
        "likely misread: applications/new_received/natural_person printed '96' as read; 98 would make its "
        "2 failed check(s) hold and keep the others"]
    assert cells[0].value == 96  # the reading is kept: nothing is repaired


def test_no_hint_when_several_readings_fit():
    # one failed row total: a part one lower or the total one higher would each fit
    cells = _row("granted", [10, 10, 10, 10, 10, 10, 61])
    assert ocr_review_notes(cells, run_checks(cells)) == [
        "check applications.row_total/granted fails on OCR values (parts 60 ≠ total 61)"]


def test_blank_cells_on_ocr_pages_are_named():
    cells = _row("new_received", [5, 1, 0, 0, 0, 0, 6])
    for c in cells:
        c.page = 3
    cells[3].value, cells[3].raw, cells[3].ocr_confidence = None, "", None  # read as blank
    other_page = MappedCell("applications", "carried_over", "other_org", None, "", page=1)  # text layer
    assert ocr_review_notes([*cells, other_page], []) == [
        "1 value cell(s) on OCR pages read as blank (a faint or covered number reads as blank): "
        "applications/new_received/social_welfare_org"]
