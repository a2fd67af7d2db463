"""DOCX loader: body order, run text, merged cells, nested tables, bad files."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extractor.errors import ExtractionError
from extractor.loaders import load_bytes
from extractor.loaders.docx import load
from extractor.model import Paragraph, Table

OUTCOME_ROWS = (
    [("（一）予以公开", 1), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1)]
    + [("（三）不予公开", 8), ("（四）无法提供", 3), ("（五）不予处理", 5), ("（六）其他处理", 3)]
    + [("（七）总计", 1)]
)
APPLICANTS = ["商业\n企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def _bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _append_xml(document, xml: str) -> None:
    """Insert raw WordprocessingML (w: prefix, namespace added here) at the end of the body."""
    tag_end = min(i for i in (xml.find(" "), xml.find(">")) if i > 0)
    element = parse_xml(f"{xml[:tag_end]} {nsdecls('w')}{xml[tag_end:]}")
    document.element.body.sectPr.addprevious(element)


def _tc(text: str, props: str = "") -> str:
    runs = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}<w:p>{runs}</w:p></w:tc>"


def _applications_docx() -> bytes:
    """Table 三 in the official 2021 layout (3 header rows, 25 data rows, 10 columns)."""
    document = docx.Document()
    document.add_paragraph("某局2023年政府信息公开工作年度报告")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=28, cols=10)

    def merge(r0: int, c0: int, r1: int, c1: int, text: str) -> None:
        cell = table.cell(r0, c0).merge(table.cell(r1, c1)) if (r0, c0) != (r1, c1) else table.cell(r0, c0)
        first, *rest = text.split("\n")
        cell.paragraphs[0].text = first
        for line in rest:
            cell.add_paragraph(line)

    merge(0, 0, 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    merge(0, 3, 0, 9, "申请人情况")
    merge(1, 3, 2, 3, "自然人")
    merge(1, 4, 1, 8, "法人或其他组织")
    merge(1, 9, 2, 9, "总计")
    for i, label in enumerate(APPLICANTS):
        merge(2, 4 + i, 2, 4 + i, label)
    merge(3, 0, 3, 2, "一、本年新收政府信息公开申请数量")
    merge(4, 0, 4, 2, "二、上年结转政府信息公开申请数量")
    merge(5, 0, 26, 0, "三、本年度办理结果")
    r = 5
    for label, n in OUTCOME_ROWS:
        if n == 1:
            merge(r, 1, r, 2, label)
        else:
            merge(r, 1, r + n - 1, 1, label)
            for k in range(n):
                merge(r + k, 2, r + k, 2, f"{k + 1}.子项")
        r += n
    merge(27, 0, 27, 2, "四、结转下年度继续办理")
    grid = table._cells  # one lookup instead of table.cell() per value (which rescans the table)
    for row in range(3, 28):
        for col in range(3, 10):
            grid[row * 10 + col].paragraphs[0].text = str(row * 10 + col)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    return _bytes(document)


@pytest.fixture(scope="module")
def applications() -> tuple[list, Table]:
    doc = load(_applications_docx())
    tables = list(doc.tables())
    assert len(tables) == 1
    return doc.blocks, tables[0]


def test_block_order(applications):
    blocks, table = applications
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert blocks[1].text == "三、收到和处理政府信息公开申请情况"
    assert blocks[3].text == "四、政府信息公开行政复议、行政诉讼情况"


def test_header_merges(applications):
    _, t = applications
    assert (t.n_rows, t.n_cols) == (28, 10)
    corner = t.grid[0][0]
    assert corner.text.startswith("（本列数据的勾稽关系")
    assert (corner.row, corner.col, corner.rowspan, corner.colspan) == (0, 0, 3, 3)
    assert all(t.grid[r][c] is corner for r in range(3) for c in range(3))
    assert [t.text(0, c) for c in range(3, 10)] == ["申请人情况"] * 7
    assert t.grid[0][3].colspan == 7
    assert t.grid[1][3] is t.grid[2][3] and t.grid[1][3].rowspan == 2 and t.text(2, 3) == "自然人"
    assert t.grid[1][4].colspan == 5 and t.text(1, 8) == "法人或其他组织"
    assert t.text(2, 9) == "总计"
    assert [t.text(2, c) for c in range(4, 9)] == APPLICANTS  # "商业" / "企业" stays two lines


def test_vertical_merge_spans_every_row(applications):
    _, t = applications
    outcome = t.grid[5][0]
    assert (outcome.row, outcome.rowspan, outcome.colspan) == (5, 22, 1)
    for r in range(5, 27):
        assert t.grid[r][0] is outcome
        assert t.grid[r][0].text == "三、本年度办理结果"
    assert t.text(27, 0) == "四、结转下年度继续办理"
    denied = t.grid[7][1]
    assert (denied.text, denied.row, denied.rowspan) == ("（三）不予公开", 7, 8)
    assert t.grid[14][1] is denied and t.text(14, 2) == "8.子项"
    assert t.text(15, 1) == "（四）无法提供" and t.grid[15][1].rowspan == 3


def test_horizontal_merges_and_values(applications):
    _, t = applications
    assert [(c, cell.text) for c, cell in t.row_cells(3)][:2] == [(0, "一、本年新收政府信息公开申请数量"), (3, "33")]
    assert t.grid[3][0].colspan == 3
    assert t.grid[5][1].colspan == 2 and t.text(5, 2) == "（一）予以公开"
    assert t.text(26, 1) == "（七）总计" and t.text(26, 9) == "269"
    assert [t.text(27, c) for c in range(3, 10)] == [str(270 + c) for c in range(3, 10)]


def test_run_text_hyperlink_insertions_deletions_tabs_breaks():
    document = docx.Document()
    _append_xml(document, (
        '<w:p xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        "<w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr>"
        "<w:r><w:t>一、总体情况</w:t></w:r><w:r><w:tab/><w:t>详见</w:t></w:r>"
        '<w:hyperlink r:id="rId99"><w:r><w:t>政府信息公开指南</w:t></w:r></w:hyperlink>'
        '<w:ins w:id="1" w:author="a"><w:r><w:t>（新增）</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除的字</w:delText></w:r></w:del>'
        "<w:r><w:br/><w:t xml:space=\"preserve\">  第二行  </w:t></w:r>"
        '<w:smartTag w:uri="u" w:element="date"><w:r><w:t>2023年</w:t></w:r></w:smartTag>'
        "</w:p>"))
    _append_xml(document, "<w:p><w:r><w:t>   </w:t></w:r></w:p>")  # blank: skipped
    doc = load(_bytes(document))
    assert [b.text for b in doc.blocks] == ["一、总体情况 详见政府信息公开指南（新增）\n第二行 2023年"]


def test_sdt_and_custom_xml_wrappers_keep_order():
    document = docx.Document()
    document.add_paragraph("前言")
    _append_xml(document, (
        "<w:sdt><w:sdtPr><w:alias w:val=\"正文\"/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>控件中的段落</w:t></w:r></w:p>"
        f"<w:tbl><w:tr>{_tc('甲')}{_tc('乙')}</w:tr><w:tr>{_tc('1')}{_tc('2')}</w:tr></w:tbl>"
        "</w:sdtContent></w:sdt>"))
    _append_xml(document, '<w:customXml w:element="x"><w:p><w:r><w:t>自定义XML中的段落</w:t></w:r></w:p></w:customXml>')
    document.add_paragraph("结尾")
    blocks = load(_bytes(document)).blocks
    assert [b.text if isinstance(b, Paragraph) else "<table>" for b in blocks] == [
        "前言", "控件中的段落", "<table>", "自定义XML中的段落", "结尾"]
    assert blocks[2].text(1, 1) == "2"


def test_grid_before_after_hmerge_and_deleted_row():
    document = docx.Document()
    restart, cont = _tc("H", '<w:hMerge w:val="restart"/>'), _tc("", "<w:hMerge/>")
    _append_xml(document, (
        "<w:tbl>"
        f"<w:tr>{_tc('A')}{_tc('B')}{_tc('C')}</w:tr>"
        f"<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{_tc('D')}{_tc('E')}</w:tr>"
        f"<w:tr><w:trPr><w:gridAfter w:val=\"1\"/></w:trPr>{_tc('F')}{_tc('G')}</w:tr>"
        f"<w:tr>{restart}{cont}{_tc('I')}</w:tr>"
        f"<w:tr><w:trPr><w:del w:id=\"3\" w:author=\"a\"/></w:trPr>{_tc('X')}{_tc('Y')}{_tc('Z')}</w:tr>"
        "</w:tbl>"))
    t = next(load(_bytes(document)).tables())
    assert t.n_rows == 4
    assert [t.grid[1][0], t.text(1, 1), t.text(1, 2)] == [None, "D", "E"]
    assert [t.text(2, 0), t.text(2, 1), t.grid[2][2]] == ["F", "G", None]
    assert t.grid[3][0] is t.grid[3][1] and t.grid[3][0].colspan == 2 and t.text(3, 2) == "I"


def test_nested_table_is_its_own_block():
    document = docx.Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "项目"
    outer.cell(0, 1).text = "说明"
    outer.cell(1, 0).text = "行政复议"
    host = outer.cell(1, 1)
    host.paragraphs[0].text = "见下表"
    inner = host.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "结果维持", (0, 1): "总计", (1, 0): "1", (1, 1): "1"}.items():
        inner.cell(r, c).text = text
    blocks = load(_bytes(document)).blocks
    assert [type(b) for b in blocks] == [Table, Table]
    assert blocks[0].text(1, 1) == "见下表"  # outer cell keeps its own text only
    assert [[blocks[1].text(r, c) for c in range(2)] for r in range(2)] == [["结果维持", "总计"], ["1", "1"]]


def test_one_cell_wrapper_is_unwrapped():
    document = docx.Document()
    wrapper = document.add_table(rows=1, cols=1).cell(0, 0)
    wrapper.paragraphs[0].text = "（二）主动公开情况"
    inner = wrapper.add_table(rows=2, cols=3)
    for c, text in enumerate(["信息内容", "本年制发件数", "本年废止件数"]):
        inner.cell(0, c).text = text
    wrapper.add_paragraph("表后说明")
    blocks = load(_bytes(document)).blocks
    assert [type(b) for b in blocks] == [Paragraph, Table, Paragraph]
    assert blocks[0].text == "（二）主动公开情况" and blocks[2].text == "表后说明"
    assert blocks[1].text(0, 1) == "本年制发件数" and blocks[1].n_cols == 3


def test_sniffed_and_dispatched():
    document = docx.Document()
    document.add_paragraph("正文")
    doc = load_bytes(_bytes(document))
    assert doc.format == "docx" and [b.text for b in doc.blocks] == ["正文"]


@pytest.mark.parametrize("data, reason", [
    (b"PK\x03\x04 this is not really a zip archive", "not a valid ZIP archive"),
    (b"plain words", "not a valid ZIP archive"),
])
def test_corrupt_bytes(data, reason):
    with pytest.raises(ExtractionError) as err:
        load(data)
    assert str(err.value) == f"corrupt Word document ({reason})"


def test_zip_without_word_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml",
                    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("word/readme.txt", "hello")
    with pytest.raises(ExtractionError, match=r"^corrupt Word document \(main document part missing\)$"):
        load(buf.getvalue())


def test_document_without_text():
    with pytest.raises(ExtractionError, match="^Word document has no text"):
        load(_bytes(docx.Document()))
