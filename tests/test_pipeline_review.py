"""Status and review notes (SCHEMA §5) from whole reports."""

from __future__ import annotations

from extractor.pipeline import extract, extract_bytes

from .sample_text import SAMPLE_REPORT


def test_a_report_missing_a_table_is_partial_and_needs_review():
    head, rest = SAMPLE_REPORT.split("四、政府信息公开行政复议", 1)
    _, tail = rest.split("五、", 1)
    rep = extract_bytes(f"{head}四、政府信息公开行政复议、行政诉讼情况\n\n无。\n\n五、{tail}".encode(), "no4.txt")
    assert rep.meta["status"] == "partial"
    assert rep.meta["error"] == "not found: table review_litigation"
    assert rep.meta["review_notes"] == "table review_litigation not found" and rep.meta["needs_review"] is True


def test_a_report_missing_a_row_is_partial_and_names_it():
    lines = [line for line in SAMPLE_REPORT.split("\n") if not line.startswith("2.重复申请")]
    rep = extract_bytes("\n".join(lines).encode(), "norow.txt")
    assert rep.meta["status"] == "partial"
    assert rep.meta["error"] == "not found: applications.not_processed_duplicate (7 cells)"
    assert rep.meta["review_notes"].startswith("table applications: 168 of 175 template cells read")


def test_the_sample_report_is_ok_without_notes():
    rep = extract_bytes(SAMPLE_REPORT.encode(), "sample.txt")
    assert (rep.meta["status"], rep.meta["error"], rep.meta["review_notes"], rep.meta["needs_review"]) == (
        "ok", None, None, False)
    assert {c.placed_by for c in rep.cell_list} <= {"label", "position", "derived"}


def test_unruled_table_four_printed_blank_is_15_blank_cells_and_noted(tmp_path):
    # unruled, every cell of table 四 empty: only its header's words are printed, as lines of text
    from corpus.generate import write
    from corpus.spec import build

    spec = build("t4blank", "pdf", "2021", "small", ("pdf_unruled", "table4_all_blank"), "t4blank:1")
    path, _ = write(spec, tmp_path)
    report = extract(path)
    cells = [c for c in report.cell_list if c.table == "review_litigation"]
    assert len(cells) == 15 and {(c.value, c.raw, c.placed_by) for c in cells} == {(None, "", "position")}
    assert report.meta["needs_review"] and "its 15 cells taken as blank" in report.meta["review_notes"]
    assert "review_litigation" not in (report.meta["error"] or "")


def test_a_count_read_as_a_fraction_is_noted():
    # 877,784 read as 877.784 (a scan's comma taken for a point): a count cannot hold it
    text = SAMPLE_REPORT.replace("行政许可\t12", "行政许可\t877.784", 1)
    rep = extract_bytes(text.encode(), "fraction.txt")
    assert rep.meta["needs_review"] is True
    assert rep.meta["review_notes"] == ("values a count cannot take (a fraction, a sign; a misread separator?): "
                                        "active_disclosure/administrative_licensing/decisions '877.784'")
