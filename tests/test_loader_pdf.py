"""The PDF loader: grids, pages and boxes, paragraphs, errors, speed.

Fixtures: the real WPS-made huaian_city_2024.pdf from ../shared (skipped when
absent) and the small reportlab-made PDFs in tests/data/pdf (see make.py there).
"""

from __future__ import annotations

import json

import pytest

from extractor.errors import ExtractionError
from extractor.loaders import load, load_bytes
from extractor.loaders.pdf import ENCRYPTED, NO_TEXT_OCR
from extractor.model import Document, Paragraph, Table
from extractor.schema import APPLICATIONS, REVIEW_LITIGATION

from .conftest import shared_file
from .fixtures_pdf import (
    APPLICANTS,
    DISCLOSURE,
    KANGXI,
    LONG,
    PDF_DIR,
    REVIEW,
    ROW_LABELS,
    RUNNING_HEADER,
    find_row,
    grid_rows,
    row_values,
    texts,
)

HUAIAN = "real/huaian_city_2024.pdf"


@pytest.fixture(scope="module")
def huaian() -> Document:
    return load(shared_file(HUAIAN))


@pytest.fixture(scope="module", params=["unruled", "split", "title_only"])
def fixture_doc(request: pytest.FixtureRequest) -> Document:
    return load(PDF_DIR / f"{request.param}.pdf")


def _cells_with(doc: Document, text: str) -> list:
    return [cell for table in doc.tables() for cell in table.cells() if cell.text == text]


# --- the real report -----------------------------------------------------------------


def test_huaian_applications_rows(huaian: Document) -> None:
    assert texts(find_row(huaian, "一、本年新收")) == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert texts(find_row(huaian, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")) == [
        "447", "7", "0", "0", "0", "0", "454"]
    assert texts(find_row(huaian, "2.没有现成信息需要另行制作")) == ["11", "0", "0", "0", "0", "0", "11"]
    assert texts(find_row(huaian, "四、结转下年度继续办理")) == ["103", "0", "0", "0", "0", "0", "103"]


def test_huaian_review_and_disclosure(huaian: Document) -> None:
    review = [values for table in huaian.tables() for label, values in grid_rows(table)
              if not label and len(values) == 15]
    assert [texts(v) for v in review] == [
        ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]]
    assert texts(find_row(huaian, "行政处罚")) == ["3985758"]
    assert texts(find_row(huaian, "行政事业性收费")) == ["96171.6"]
    assert texts(find_row(huaian, "行政规范性文件")) == ["8", "26", "66"]


def test_huaian_header_cells_joined(huaian: Document) -> None:
    for text in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "（四）无", "法提供",
                 "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"):
        assert _cells_with(huaian, text), text


def test_huaian_vertical_label_is_one_merged_cell(huaian: Document) -> None:
    (cell,) = _cells_with(huaian, "三、本年度办理结果")
    assert cell.col == 0 and cell.rowspan == 11  # rows 三(一) … 三(四)1 on page 4
    singles = [c for t in huaian.tables() for c in t.cells() if c.text in ("本", "年", "度", "办", "理")]
    assert singles == []


def test_huaian_cells_have_page_and_bbox(huaian: Document) -> None:
    import pdfplumber
    cells = [c for t in huaian.tables() for c in t.cells() if c.text]
    assert cells and all(c.page in (3, 4, 5) and c.bbox for c in cells)
    (total,) = [c for c in find_row(huaian, "一、本年新收") if c.text == "3119"]
    assert total.page == 4
    with pdfplumber.open(shared_file(HUAIAN)) as pdf:
        assert "3119" in pdf.pages[total.page - 1].crop(total.bbox).extract_text()


def test_huaian_split_table_parts_are_adjacent(huaian: Document) -> None:
    kinds = [(type(b).__name__, b.page) for b in huaian.blocks]
    tables = [i for i, (kind, _) in enumerate(kinds) if kind == "Table"]
    assert [huaian.blocks[i].page for i in tables] == [3, 4, 4, 5, 5]
    assert tables[0] + 1 == tables[1]  # table 二 over pages 3–4, nothing between
    assert tables[2] + 1 == tables[3]  # table 三 over pages 4–5, nothing between
    assert huaian.blocks[tables[3]].n_cols == huaian.blocks[tables[2]].n_cols == 10


def test_huaian_paragraphs(huaian: Document) -> None:
    paras = [p.text for p in huaian.paragraphs()]
    assert not [p for p in paras if p.replace(" ", "").strip("-") in {"1", "2", "3", "4", "5", "6"}]
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "六、其他需要报告的事项"):
        assert heading in paras
    # wrapped lines joined, across the page 1/2 break too
    (first,) = [p for p in paras if p.startswith("（一）主动公开情况")]
    assert "“建设‘四最’一流营商环境高质量推进产业发展”" in first
    assert first.endswith("回应舆论关切。")
    assert any(p.startswith("本报告由淮安市人民政府办公室根据") and p.endswith("hazwgkc@163.com）。")
               for p in paras)


def test_huaian_end_to_end() -> None:
    from extractor.pipeline import extract

    truth = json.loads(shared_file("real/huaian_city_2024.truth.json").read_text(encoding="utf-8"))
    rep = extract(shared_file(HUAIAN))
    assert rep.status == "ok"
    got = {(r.table, r.row, r.col): r for r in rep.cells.itertuples() if not r.derived}
    expected = {(t, r, c): v for t, rows in truth["cells"].items() for r, cols in rows.items()
                for c, v in cols.items()}
    assert len(expected) == 200
    wrong = [k for k, v in expected.items() if k not in got or got[k].value != v]
    assert wrong == []
    assert all(got[k].page in (3, 4, 5) and got[k].bbox for k in expected)
    assert set(got) == set(expected)


# --- generated fixtures ------------------------------------------------------------------


def test_fixture_applications_values(fixture_doc: Document) -> None:
    for i, label in enumerate(ROW_LABELS):
        assert texts(find_row(fixture_doc, label)) == row_values(i), label


def test_fixture_vertical_label(fixture_doc: Document) -> None:
    cells = _cells_with(fixture_doc, "三、本年度办理结果")
    assert len(cells) == 1 and cells[0].col == 0 and cells[0].rowspan >= 2
    assert not [c for t in fixture_doc.tables() for c in t.cells() if c.text in ("本", "年", "度", "办", "理")]


def test_fixture_wrapped_labels_and_headers(fixture_doc: Document) -> None:
    for text in APPLICANTS + ["（五）不予处理", ROW_LABELS[3], ROW_LABELS[-5], ROW_LABELS[-4]]:
        assert _cells_with(fixture_doc, text), text


def test_fixture_value_cells_have_boxes(fixture_doc: Document) -> None:
    cells = find_row(fixture_doc, "一、本年新收")
    assert all(c.page and c.bbox and c.bbox[0] < c.bbox[2] and c.bbox[1] < c.bbox[3] for c in cells)
    xs = [c.bbox[0] for c in cells]
    assert xs == sorted(xs)


def test_unruled_disclosure_and_review() -> None:
    doc = load(PDF_DIR / "unruled.pdf")
    for _, _, rows in DISCLOSURE:
        for label, values in rows:
            assert [t for t in texts(find_row(doc, label)) if t] == values
    review = [v for t in doc.tables() for label, v in grid_rows(t) if not label and len(v) == 15]
    assert [texts(v) for v in review] == [[str(n) for n in REVIEW]]


def test_split_table_without_footer_between() -> None:
    doc = load(PDF_DIR / "split.pdf")
    kinds = [type(b).__name__ for b in doc.blocks]
    first = kinds.index("Table")
    assert kinds[first:first + 2] == ["Table", "Table"]
    assert (doc.blocks[first].page, doc.blocks[first + 1].page) == (2, 3)
    assert not [p for p in doc.paragraphs() if "-" in p.text and len(p.text) < 8]


def test_split_paragraphs() -> None:
    doc = load(PDF_DIR / "split.pdf")
    paras = [p for p in doc.paragraphs()]
    body = [p for p in paras if p.text.startswith(LONG[:12])]
    assert len(body) == 12 and all(p.text == LONG for p in body)  # one runs over the page 1/2 break
    (framed,) = [p for p in paras if p.text.startswith("说明：")]  # boxed by a rectangle: no table
    assert framed.text == "说明：本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。"
    assert "三、收到和处理政府信息公开申请情况" in [p.text for p in paras]
    assert paras[-1].text == KANGXI  # Kangxi radicals (⼀ ⾏ ⻓) are left to normalization


def test_title_at_page_bottom_repeated_header_running_header() -> None:
    doc = load(PDF_DIR / "title_only.pdf")
    title = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph) and b.text.startswith("三、"))
    assert doc.blocks[title].page == 1
    parts = doc.blocks[title + 1:]
    assert [type(b).__name__ for b in parts] == ["Table", "Table"] and [b.page for b in parts] == [2, 3]
    assert all(isinstance(b, Table) and grid_rows(b)[3][0].startswith(("一、", "1.")) for b in parts)
    assert not [p for p in doc.paragraphs() if RUNNING_HEADER in p.text or "页" in p.text]


def test_pipeline_on_fixtures() -> None:
    from extractor.pipeline import extract

    rows = [r.key for r in APPLICATIONS.rows_for("2021") if not r.subtotal_of]
    cols = [c.key for c in APPLICATIONS.columns]
    expected = {("applications", r, c): float(row_values(i)[j]) for i, r in enumerate(rows)
                for j, c in enumerate(cols)}
    expected.update({("review_litigation", r.key, c.key): REVIEW[i * 5 + j]
                     for i, r in enumerate(REVIEW_LITIGATION.rows) for j, c in enumerate(REVIEW_LITIGATION.columns)})
    for name in ("unruled", "split"):
        rep = extract(PDF_DIR / f"{name}.pdf")
        got = {(r.table, r.row, r.col): r.value for r in rep.cells.itertuples() if not r.derived}
        assert {k: got.get(k) for k in expected} == expected, name


# --- errors -------------------------------------------------------------------------------


def test_no_text_layer() -> None:
    # a page holding only an image of bars: OCR is tried and reads nothing
    with pytest.raises(ExtractionError) as err:
        load(PDF_DIR / "image_only.pdf")
    assert str(err.value) == NO_TEXT_OCR == "no text: no usable text layer, and OCR found none (a blank or unreadable scan?)"


def test_glyphs_without_unicode_are_read_by_ocr() -> None:
    doc = load(PDF_DIR / "no_unicode.pdf")  # its text layer is all unmapped glyphs: the page is read from its image
    assert doc.text_layer == "ocr" and len("".join(p.text for p in doc.paragraphs())) > 500


def test_encrypted() -> None:
    doc = load(PDF_DIR / "encrypted_empty.pdf")
    assert [p.text for p in doc.paragraphs()] == ["二、主动公开政府信息情况", "本年共主动公开政府信息1200条，其中规章2件。"]
    with pytest.raises(ExtractionError) as err:
        load(PDF_DIR / "encrypted_password.pdf")
    assert str(err.value) == ENCRYPTED == "encrypted PDF (password required)"


@pytest.mark.parametrize("cut", [0.3, 0.9])
def test_truncated(cut: float) -> None:
    data = (PDF_DIR / "split.pdf").read_bytes()
    with pytest.raises(ExtractionError, match=r"^corrupt PDF \(.+\)$"):
        load_bytes(data[: int(len(data) * cut)])


def test_garbage_after_header() -> None:
    with pytest.raises(ExtractionError, match=r"^corrupt PDF \(.+\)$"):
        load_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)


def test_document_facts() -> None:
    doc = load(PDF_DIR / "split.pdf")
    assert (doc.format, doc.pages) == ("pdf", 3)


# --- unruled corpus reports (corpus/render_pdf.py; every cell is checked in test_corpus_extraction) ---

CORPUS_PDF = PDF_DIR.parents[2] / "corpus" / "reports"


def _cell_at(table: Table, text: str):
    return next(cell for cell in table.cells() if cell.text == text)


def test_unruled_blank_columns_group_headers_and_continuation() -> None:
    """Table 四 printed with empty cells keeps its 15 columns (from the headers over them);
    group headers span the columns below them; the last row of table 三, alone on the next
    page with blank cells, keeps the columns of the page before."""
    doc = load(CORPUS_PDF / "pdf08_zero_unruled_blank.pdf")
    review = next(t for t in doc.tables() if any(c.text == "行政复议" for c in t.cells()))
    assert review.n_cols == 15
    assert (_cell_at(review, "行政复议").colspan, _cell_at(review, "行政诉讼").colspan) == (5, 10)
    assert (_cell_at(review, "未经复议直接起诉").colspan, _cell_at(review, "复议后起诉").colspan) == (5, 5)
    values = [review.text(review.n_rows - 1, c) for c in range(15)]
    assert values.count("") == 8 and values[4] == "0"  # review total printed, its outcomes blank
    last = next(t for t in doc.tables() if t.page == 4 and t.n_rows == 1)
    assert last.n_cols == 10 and last.text(0, 0) == "四、结转下年度继续办理"
    assert [last.text(0, c) for c in range(3, 10)] == ["", "0", "", "0", "0", "", "0"]


def test_unruled_group_labels_span_their_rows() -> None:
    doc = load(CORPUS_PDF / "pdf02_unruled_vertical.pdf")
    table = next(t for t in doc.tables() if any(c.text == "（三）不予公开" for c in t.cells()))
    denied = _cell_at(table, "（三）不予公开")
    assert denied.rowspan == 8
    assert [table.text(denied.row + k, 2)[:2] for k in range(8)] == [f"{k}." for k in range(1, 9)]
    assert _cell_at(table, "三、本年度办理结果").rowspan == 22  # （一） … （七）总计


def test_unruled_labels_broken_inside_their_cells() -> None:
    """Row labels broken by a line break (1.属于 / 国家秘密) sit centred on their row."""
    doc = load(CORPUS_PDF / "pdf10_t2020_vertical_wrapped_bad.pdf")
    labels = {cell.text for table in doc.tables() for cell in table.cells()}
    assert {"1.属于国家秘密", "商业企业", "结果维持"} <= labels


def _chars(text: str, x: float, top: float, width: float = 5.5, height: float = 10.0) -> list:
    from extractor.loaders.pdf_read import Char

    return [Char(ch, x + i * width, top, x + (i + 1) * width, top + height) for i, ch in enumerate(text)]


def _ruled_box(xs: list[float], ys: list[float]) -> list:
    from extractor.loaders.pdf_read import Edge

    return ([Edge(True, y, xs[0], xs[-1]) for y in ys] + [Edge(False, x, ys[0], ys[-1]) for x in xs])


def test_a_number_wrapped_inside_its_narrow_ruled_cell_is_one_number():
    from extractor.loaders.pdf_ruled import find_ruled_tables

    xs, ys = [50.0, 110.0, 135.0, 160.0], [100.0, 130.0, 150.0]
    chars = (_chars("规章", 55, 110, 10) + _chars("207", 52 + 60, 102) + _chars("3", 119.75 + 0, 114)
             + _chars("12", 140, 110) + _chars("行政", 55, 135, 10) + _chars("0", 120, 135) + _chars("5", 145, 135))
    [ruled] = find_ruled_tables(_ruled_box(xs, ys), chars, 1)
    assert [[ruled.table.text(r, c) for c in range(3)] for r in range(2)] == [["规章", "2073", "12"], ["行政", "0", "5"]]


def test_numbers_stacked_in_a_cell_without_rules_between_rows_are_not_joined():
    from extractor.loaders.pdf_ruled import find_ruled_tables

    xs, ys = [50.0, 110.0, 135.0, 160.0], [100.0, 150.0]
    chars = _chars("规章", 55, 110, 10) + _chars("0", 120, 105) + _chars("3", 120, 125) + _chars("1", 145, 105)
    assert find_ruled_tables(_ruled_box(xs, ys), chars, 1) == []  # left to the unruled reader
