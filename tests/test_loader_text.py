"""Text loader: encodings, tab-separated, Markdown and space-aligned tables."""

from __future__ import annotations

from extractor.loaders import load_bytes, sniff
from extractor.model import Paragraph, Table
from extractor.pipeline import extract_bytes

from .sample_text import SAMPLE_REPORT


def test_utf8_and_gb18030_give_the_same_document():
    utf8 = load_bytes(SAMPLE_REPORT.encode("utf-8"))
    gb = load_bytes(SAMPLE_REPORT.encode("gb18030"))
    assert [type(b) for b in utf8.blocks] == [type(b) for b in gb.blocks]
    assert utf8.blocks[0].text == gb.blocks[0].text == "测试县统计局2022年政府信息公开工作年度报告"


def test_tab_rows_keep_empty_fields_as_cells():
    doc = load_bytes("第二十条第（一）项\t\t\t\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t\t3\n".encode())
    (table,) = doc.blocks
    assert isinstance(table, Table)
    assert (table.n_rows, table.n_cols) == (3, 4)
    assert [table.text(2, c) for c in range(4)] == ["规章", "1", "", "3"]


def test_markdown_pipe_table():
    text = "二、主动公开政府信息情况\n\n| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 12 |\n| 行政处罚 | 3<br> |\n"
    doc = load_bytes(text.encode())
    assert isinstance(doc.blocks[0], Paragraph)
    table = doc.blocks[1]
    assert [[table.text(r, c) for c in range(2)] for r in range(table.n_rows)] == [
        ["信息内容", "本年处理决定数量"], ["行政许可", "12"], ["行政处罚", "3"]]


def test_space_aligned_rows_become_tables_but_prose_with_numbers_does_not():
    text = ("联系电话：0954 7012148 1234\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 2\n"
            "（三）不予公开 1.属于国家秘密 1 0 0 0 0 0 1\n2023年共收到申请 3 件。\n")
    doc = load_bytes(text.encode())
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    table = doc.blocks[1]
    assert table.n_rows == 3
    assert [table.text(2, c) for c in range(3)] == ["（三）不予公开", "1.属于国家秘密", "1"]


def test_whole_report_in_space_aligned_text():
    text = SAMPLE_REPORT.replace("\t", "  ")
    rep = extract_bytes(text.encode(), "spaced.txt")
    cells = rep.cells.set_index(["table", "row", "col"])["value"]
    assert cells[("active_disclosure", "normative_documents", "in_force")] == 9
    assert cells[("applications", "granted", "total")] == 1
    assert cells[("review_litigation", "litigation_after_review", "total")] == 0
    assert rep.meta["status"] == "ok"


def test_sniffing_by_content_not_name():
    assert sniff(b"%PDF-1.7\n") == "pdf"
    assert sniff(b"<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert sniff("一、总体情况".encode()) == "txt"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == "doc"


def test_bad_inputs_fail_with_one_clear_line():
    cases = {
        b"": "empty file",
        b"   \n\n": "empty file",
        bytes(range(256)) * 4: "not a document (unrecognized binary content)",
        b"PK\x03\x04" + b"\x00" * 64: "unsupported archive (a ZIP file that is not a Word document)",
    }
    for data, error in cases.items():
        rep = extract_bytes(data, "bad.pdf")
        assert (rep.status, rep.meta["error"]) == ("failed", error)
        assert rep.cells.empty and rep.meta["n_cells"] == 0


def _one_cell_per_line(tsv: str, blank_lines_per_empty_cell: int) -> str:
    """The text a browser copy / crawler innerText gives of a report's tables: every cell
    on its own line, a blank line between cells, an empty cell as extra blank lines."""
    from extractor.values import is_value_text

    out: list[str] = []
    for line in tsv.split("\n"):
        if "\t" not in line:
            out.append(line)
            continue
        fields = [f.strip() for f in line.split("\t")]
        first = next((i for i, f in enumerate(fields) if f and is_value_text(f)), len(fields))
        for cell in [f for f in fields[:first] if f] + fields[first:]:  # merged label cells print once
            out += [""] * blank_lines_per_empty_cell if cell == "" else ["", cell]
    return "\n".join(out)


def test_tables_printed_one_cell_per_line_are_read_by_the_template_sequence():
    import json
    from pathlib import Path

    reports = Path(__file__).resolve().parent.parent / "corpus" / "reports"
    for name in ("txt01_zero_spaced", "txt03_t2019", "txt04_bad_blank_totals"):  # 2021, 2019, blank totals
        truth = json.loads((reports / f"{name}.truth.json").read_text(encoding="utf-8"))
        tsv = (reports / f"{name}.txt").read_bytes().decode("utf-8-sig")
        for per in (1, 2):
            text = _one_cell_per_line(tsv, per)
            assert "\t" not in text
            rep = extract_bytes(text.encode("utf-8"), f"{name}.txt")
            got = {(c.table, c.row, c.col): c.value for c in rep.cell_list if not c.derived}
            want = {(t, r, c): v for t, rows in truth["cells"].items() for r, cols in rows.items()
                    for c, v in cols.items()}
            assert got == want, (name, per)
            assert rep.meta["template"] == truth["template"] and rep.meta["status"] == "ok"
            assert all(c.placed_by in ("position", "label", "derived") for c in rep.cell_list), name


def test_one_cell_per_line_block_of_the_issue_example():
    text = ("三、收到和处理政府信息公开申请情况\n\n申请人情况\n\n自然人\n\n法人或其他组织\n\n总计\n\n商业企业\n\n科研机构\n\n"
            "社会公益组织\n\n法律服务机构\n\n其他\n\n一、本年新收政府信息公开申请数量\n\n41\n\n2\n\n0\n\n0\n\n1\n\n0\n\n44\n\n"
            "二、上年结转政府信息公开申请数量\n\n3\n\n\n\n0\n\n0\n\n0\n\n0\n\n3\n")
    (heading, table) = load_bytes(text.encode()).blocks
    assert isinstance(heading, Paragraph) and isinstance(table, Table)
    rows = [[table.text(r, c) for c in range(table.n_cols)] for r in range(table.n_rows)]
    assert rows[1][:8] == ["一、本年新收政府信息公开申请数量", "41", "2", "0", "0", "1", "0", "44"]
    assert rows[2][:8] == ["二、上年结转政府信息公开申请数量", "3", "", "0", "0", "0", "0", "3"]


_T4_HEAD = ("行政复议\n\n行政诉讼\n\n" + "".join(f"{h}\n\n" for h in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
            + "未经复议直接起诉\n\n复议后起诉\n\n"
            + "".join(f"{h}\n\n" for h in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2))


def test_one_cell_per_line_table4_with_empty_cells_and_all_blank():
    from extractor.tables import map_tables

    cells = ["", "", "0", "0", "0", "", "", "", "", "", "", "4", "", "", "4"]  # runs of 2, 6 and 2 empty cells
    text = "四、政府信息公开行政复议、行政诉讼情况\n\n" + _T4_HEAD + "".join(f"{c}\n\n" if c else "\n" for c in cells)
    for body, want in ((text, cells), ("四、政府信息公开行政复议、行政诉讼情况\n\n" + _T4_HEAD + "\n" * 15, [""] * 15)):
        doc = load_bytes((body + "五、存在的主要问题及改进情况\n\n无。\n").encode())
        tables = [(b, "review_litigation") for b in doc.blocks if isinstance(b, Table)]
        got = [c.raw for c in map_tables(tables).cells]
        assert got == want
