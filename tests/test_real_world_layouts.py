"""Layouts seen in real published reports (as converted to text by portals and tools).

Each test rebuilds, in miniature, a layout met in a real report that an earlier
version got wrong.
"""

from __future__ import annotations

from extractor.model import Cell, Table
from extractor.pipeline import extract_bytes
from extractor.tables import map_tables

from .grids import APP_COLS
from .sample_text import SAMPLE_REPORT

REVIEW_COLS = ["upheld", "corrected", "other", "pending", "total"]


def _report(text: str):
    rep = extract_bytes(text.encode(), "r.md")
    values = {(c.table, c.row, c.col): c.value for c in rep.cell_list if not c.derived}
    return rep, values


def _replace_table4(body: str) -> str:
    start = SAMPLE_REPORT.index("四、政府信息公开行政复议")
    end = SAMPLE_REPORT.index("五、存在的主要问题")
    return SAMPLE_REPORT[:start] + "四、政府信息公开行政复议、行政诉讼情况\n\n" + body + "\n\n" + SAMPLE_REPORT[end:]


def test_table4_as_three_markdown_tables_under_headings():
    block = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| {} |\n"
    body = ("### 行政复议\n" + block.format("27 | 10 | 9 | 15 | 61")
            + "\n### 行政诉讼（未经复议直接起诉）\n" + block.format("3 | 0 | 0 | 0 | 3")
            + "\n### 行政诉讼（复议后起诉）\n" + block.format("1 | 0 | 1 | 0 | 2"))
    rep, values = _report(_replace_table4(body))
    assert rep.status == "ok", rep.meta["error"]
    assert [values[("review_litigation", "review", c)] for c in REVIEW_COLS] == [27, 10, 9, 15, 61]
    assert [values[("review_litigation", "litigation_direct", c)] for c in REVIEW_COLS] == [3, 0, 0, 0, 3]
    assert [values[("review_litigation", "litigation_after_review", c)] for c in REVIEW_COLS] == [1, 0, 1, 0, 2]


def test_table4_with_a_header_of_fragments_over_fifteen_numbers():
    body = ("行政复议行政诉讼\n维持纠正结果审结维持纠正结果审结\n"
            "| 维持 | 纠正 | 结果 | 审结 | 总计 | 总计 |\n|---|---|---|---|---|---|\n"
            "| 40 | 0 | 10 | 5 | 55 | 2 | 0 | 4 | 6 | 12 | 6 | 0 | 9 | 7 | 22 |\n")
    rep, values = _report(_replace_table4(body))
    assert [values[("review_litigation", "review", c)] for c in REVIEW_COLS] == [40, 0, 10, 5, 55]
    assert [values[("review_litigation", "litigation_after_review", c)] for c in REVIEW_COLS] == [6, 0, 9, 7, 22]
    assert not any(t == "applications" and r == "review" for t, r, _ in values)


def test_rows_whose_labels_were_split_off_are_placed_by_template_order():
    rows = [
        ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
        ["（一）予以公开", "5", "0", "0", "0", "0", "0", "5"],
        ["", "2", "0", "0", "0", "0", "0", "2"],  # （二）部分公开, its label printed elsewhere
        ["1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
        ["理其政府信息公", "4", "0", "0", "0", "0", "0", "4"],  # a label fragment
        ["3.其他", "1", "0", "0", "0", "0", "0", "1"],
    ]
    rows[4:4] = [[f"{i}.{label}", "0", "0", "0", "0", "0", "0", "0"] for i, label in enumerate(
        ["其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益", "属于三类内部事务信息",
         "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项", "本机关不掌握相关政府信息",
         "没有现成信息需要另行制作", "补正后申请内容仍不明确", "信访举报投诉类申请", "重复申请",
         "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"], start=2)]
    rows.insert(-1, ["", "0", "0", "0", "0", "0", "0", "0"])  # （六）2, label lost too
    result = map_tables([(Table.from_rows(rows), "applications")])
    values = {(c.row, c.col): c.value for c in result.cells}
    assert [values[("partially_granted", c)] for c in APP_COLS] == [2, 0, 0, 0, 0, 0, 2]
    assert values[("other_no_correction", "total")] == 4
    assert values[("other_unpaid_fee", "total")] == 0
    assert "row partially_granted placed by template order (label not printed with it)" in result.problems


def test_a_row_with_fewer_values_than_columns_is_not_guessed():
    rows = [["规章", "22", "235"], ["行政规范性文件", "34", "189"]]
    result = map_tables([(Table.from_rows(rows), "active_disclosure")])
    assert result.cells == []
    assert result.problems == ["row regulations: 2 values for 3 columns, not placed",
                               "row normative_documents: 2 values for 3 columns, not placed"]


def test_blank_printed_row_is_not_taken_for_a_header():
    cells = [Cell("三、本年度办理结果", 0, 0), Cell("（六）其他处理", 0, 1, 1, 2)]
    cells += [Cell("", 0, 3 + i) for i in range(7)]
    result = map_tables([(Table.from_cells(cells), "applications")])
    assert {(c.row, c.col, c.value, c.raw) for c in result.cells} == {
        ("other_total", col, None, "") for col in APP_COLS}


def test_appendix_renumbering_headings_and_a_title_wrapped_over_two_lines():
    text = SAMPLE_REPORT.replace("测试县统计局2022年政府信息公开工作年度报告",
                                 "2022 年测试县统计局政府信息公开工作\n年度报告")
    text = text.replace("本报告所列数据统计期限自2022年1月1日", "本报告所列数据统计周期\n为 2022 年 1 月 1 日")
    for old, new in (("二、主动公开政府信息情况", "一、主动公开政府信息情况"),
                     ("三、收到和处理政府信息公开申请情况", "二、收到和处理政府信息公开申请情况"),
                     ("四、政府信息公开行政复议", "三、政府信息公开行政复议"),
                     ("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施")):
        text = text.replace(old, new)
    rep, values = _report(text)
    assert (rep.meta["agency"], rep.meta["year"]) == ("测试县统计局", 2022)
    headings = list(rep.sections["heading"])
    assert headings[1:] == ["一、主动公开政府信息情况", "二、收到和处理政府信息公开申请情况",
                            "三、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及整改措施",
                            "六、其他需要报告的事项"]
    assert values[("active_disclosure", "normative_documents", "in_force")] == 9


_HEAD = ["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _leaf_rows(labels: list[str], group: str, start: int) -> list[list[str]]:
    return [[group if i == 0 else "", label, *[str(start + i)] * 6, str(6 * (start + i))]
            for i, label in enumerate(labels)]


_DENIED = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
           "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]
_UNABLE = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]


def test_group_label_level_with_its_first_leaf_is_that_leaf_not_a_subtotal():
    # WPS: （三）不予公开 drawn as one cell with its text at the top, read together with leaf 1
    rows = [_HEAD, ["", "（二）部分公开", *["9"] * 6, "54"]]
    rows += _leaf_rows(_DENIED, "", 1)
    rows[2][1] = "（三）不予公开 1.属于国家秘密"
    result = map_tables([(Table.from_rows(rows), "applications")])
    values = {(c.row, c.col): (c.value, c.derived) for c in result.cells}
    assert values[("denied_state_secret", "total")] == (6, False)
    assert values[("denied_prohibited_by_law", "total")] == (12, False)
    assert values[("denied_total", "total")] == (sum(6 * i for i in range(1, 9)), True)  # derived, never printed
    assert result.problems == []


def test_leaf_label_cut_by_a_page_break_with_the_header_repeated_between_its_halves():
    first = Table.from_rows([_HEAD, *_leaf_rows(_UNABLE[:1], "（四）无法提供", 1),
                             ["（四）无法提供", "2.没有现成信息需要", "", "", "", "", "", "", ""]])
    second = Table.from_rows([_HEAD, ["（四）无法提供", "另行制作", *["2"] * 6, "12"],
                              ["", "3.补正后申请内容仍不明确", *["3"] * 6, "18"]])
    result = map_tables([(first, "applications"), (second, None)])
    values = {(c.row, c.col): (c.value, c.derived) for c in result.cells}
    assert values[("unable_needs_creation", "total")] == (12, False)
    assert values[("unable_total", "total")] == (36, True)
    assert result.problems == []


def test_badly_misprinted_leaf_label_is_placed_by_its_place_in_the_sequence():
    rows = [_HEAD, *_leaf_rows(_DENIED, "（三）不予公开", 1)]
    rows[2][1] = "2.其它法侓行正法规进止"  # similarity to its own label below the threshold
    result = map_tables([(Table.from_rows(rows), "applications")])
    values = {(c.row, c.col): (c.value, c.placed_by) for c in result.cells}
    assert values[("denied_prohibited_by_law", "total")] == (12, "order")
    assert result.problems == ["row denied_prohibited_by_law placed by template order (label '2.其它法侓行正法规进止')"]


def test_rows_without_labels_in_a_gap_of_other_size_are_not_guessed():
    rows = [_HEAD, *_leaf_rows(_DENIED, "（三）不予公开", 1)]
    rows[2][1] = rows[3][1] = ""  # two labels lost ...
    del rows[4]  # ... and a row not printed: three template rows for two rows, no certain place
    result = map_tables([(Table.from_rows(rows), "applications")])
    keys = {c.row for c in result.cells if not c.derived}
    assert not keys & {"denied_prohibited_by_law", "denied_security_stability", "denied_third_party_rights"}
    assert result.problems == ["2 table-三 rows not placed (label unreadable and place in the template not certain)"]
