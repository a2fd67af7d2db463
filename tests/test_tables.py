"""Mapping grids to schema keys: official layout, misprints, splits, irregular rows."""

from __future__ import annotations

from extractor.model import Cell, Table
from extractor.tables import map_tables

from .grids import APP_COLS, applications_grid, review_grid


def _values(result, table="applications"):
    return {(c.row, c.col): c.value for c in result.cells if c.table == table}


def test_official_merged_layout_maps_every_cell():
    grid = applications_grid({
        "new_received": ["10", "2", "0", "0", "1", "0", "13"],
        "denied_inquiry_matter": ["3", "", "/", "—", "0", "无", "3"],
        "other_unpaid_fee": ["1", "0", "0", "0", "0", "0", "1"],
    })
    assert grid.text(10, 0) == "三、本年度办理结果"  # the vertical label on every row it spans
    result = map_tables([(grid, None)])
    values = _values(result)
    assert [values[("new_received", c)] for c in APP_COLS] == [10, 2, 0, 0, 1, 0, 13]
    assert [values[("denied_inquiry_matter", c)] for c in APP_COLS] == [3, None, None, None, 0, None, 3]
    assert values[("other_unpaid_fee", "natural_person")] == 1
    raws = {(c.row, c.col): c.raw for c in result.cells}
    assert raws[("denied_inquiry_matter", "research_institution")] == "/"
    assert raws[("denied_inquiry_matter", "commercial_enterprise")] == ""
    assert result.template == "2021"
    printed = [c for c in result.cells if not c.derived]
    assert len(printed) == 25 * 7


def test_subtotals_are_derived_when_not_printed():
    grid = applications_grid({
        "denied_state_secret": ["1", "0", "0", "0", "0", "0", "1"],
        "denied_process_info": ["2", "1", "0", "0", "0", "0", "3"],
        "denied_inquiry_matter": ["", "0", "0", "0", "0", "0", "0"],
    })
    result = map_tables([(grid, None)])
    derived = {(c.row, c.col): c.value for c in result.cells if c.derived}
    assert derived[("denied_total", "total")] == 4
    assert derived[("denied_total", "commercial_enterprise")] == 1
    assert derived[("denied_total", "natural_person")] is None  # a blank sub-cell: not computable
    assert {row for row, _ in derived} == {"denied_total", "unable_total", "not_processed_total", "other_total"}
    assert all(c.raw is None and c.page is None for c in result.cells if c.derived)


def test_misprinted_and_unnumbered_labels_still_map():
    rows = [
        ["信息内容", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
        ["其他法律行政止公开", "1", "2", "3", "4", "5", "6", "21"],
        ["属于行政查询事项", "7", "0", "0", "0", "0", "0", "7"],
        ["结转下年度继续办理", "9", "0", "0", "0", "0", "0", "9"],
    ]
    result = map_tables([(Table.from_rows(rows), None)])
    values = _values(result)
    assert values[("denied_prohibited_by_law", "total")] == 21
    assert values[("denied_prohibited_by_law", "social_welfare_org")] == 4
    assert values[("denied_inquiry_matter", "natural_person")] == 7
    assert values[("carried_forward", "total")] == 9


def test_label_wrapped_over_two_grid_rows():
    rows = [
        ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
        ["1.申请人无正当理由逾期不补正、行政机关不再处", "", "", "", "", "", "", ""],
        ["理其政府信息公开申请", "4", "0", "0", "0", "0", "0", "4"],
    ]
    values = _values(map_tables([(Table.from_rows(rows), None)]))
    assert values[("other_no_correction", "natural_person")] == 4
    assert values[("other_no_correction", "total")] == 4


def test_table_split_over_two_grids_continues_with_the_header_of_the_first():
    full = applications_grid({"carried_forward": ["5", "1", "0", "0", "0", "0", "6"]})
    first = Table([row[:] for row in full.grid[:15]])
    second = Table([row[:] for row in full.grid[15:]])
    result = map_tables([(first, "applications"), (second, None)])
    values = _values(result)
    assert values[("carried_forward", "commercial_enterprise")] == 1
    assert values[("carried_forward", "total")] == 6
    assert len([c for c in result.cells if not c.derived]) == 25 * 7


def test_review_litigation_under_group_headers():
    numbers = [str(n) for n in [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]]
    values = _values(map_tables([(review_grid(numbers), None)]), "review_litigation")
    assert values[("review", "total")] == 351
    assert values[("litigation_direct", "upheld")] == 13
    assert values[("litigation_after_review", "pending")] == 6
    assert len(values) == 15


def test_review_litigation_header_words_lost_places_the_row_by_position():
    # a misread scan: 总计 read as '，', 结果纠正 as 纠正 — the columns are known by their place
    numbers = [str(n) for n in range(1, 16)]
    table = review_grid(numbers)
    for c, text in ((9, "，"), (11, "纠正"), (12, "结果")):
        table.grid[2][c].text = text
    result = map_tables([(table, None)])
    values = _values(result, "review_litigation")
    assert len(values) == 15 and values[("litigation_direct", "total")] == 10
    assert values[("litigation_after_review", "corrected")] == 12
    assert {c.placed_by for c in result.cells if c.table == "review_litigation"} == {"position"}


def test_active_disclosure_2021_blocks_in_one_grid():
    rows = [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "11"],
        ["行政规范性文件", "8", "26", "66"],
        ["第二十条第（五）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", "447,228", "", ""],
        ["第二十条第（六）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政处罚", "3985758", "", ""],
        ["行政强制", "88283", "", ""],
        ["第二十条第（八）项", "", "", ""],
        ["信息内容", "本年收费金额（单位：万元）", "", ""],
        ["行政事业性收费", "96171.6", "", ""],
    ]
    result = map_tables([(Table.from_rows(rows), None)])
    values = _values(result, "active_disclosure")
    assert values == {
        ("regulations", "issued"): 1, ("regulations", "repealed"): 0, ("regulations", "in_force"): 11,
        ("normative_documents", "issued"): 8, ("normative_documents", "repealed"): 26,
        ("normative_documents", "in_force"): 66, ("administrative_licensing", "decisions"): 447228,
        ("administrative_penalty", "decisions"): 3985758, ("administrative_coercion", "decisions"): 88283,
        ("administrative_fees", "amount_10k_yuan"): 96171.6,
    }
    assert result.template == "2021"


def test_2019_active_disclosure_signs_and_procurement_units():
    rows = [
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "13", "13", "524"],
        ["规范性文件", "60", "60", "368"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "12", "+3", "889"],
        ["行政处罚", "253", "--253", "0"],
        ["信息内容", "采购项目数量", "采购总金额(万元,保留四位小数)", ""],
        ["政府集中采购", "6", "103.3879", ""],
    ]
    result = map_tables([(Table.from_rows(rows), None)])
    values = _values(result, "active_disclosure")
    assert values[("regulations", "total_published")] == 524
    assert values[("normative_documents", "newly_made")] == 60
    assert values[("administrative_licensing", "items_change")] == 3
    assert values[("administrative_penalty", "items_change")] == -253
    assert values[("centralized_procurement", "amount_yuan")] == 1033879.0
    assert result.template == "2019"


def test_cell_provenance_is_kept():
    cells = [Cell("信息内容", 0, 0), Cell("本年处理决定数量", 0, 1, 1, 3),
             Cell("行政许可", 1, 0), Cell("5", 1, 1, 1, 3, page=3, bbox=(100.0, 200.0, 150.0, 212.5))]
    result = map_tables([(Table.from_cells(cells), None)])
    (cell,) = result.cells
    assert (cell.row, cell.col, cell.value, cell.page, cell.bbox) == (
        "administrative_licensing", "decisions", 5, 3, (100.0, 200.0, 150.0, 212.5))


def test_header_flattened_out_of_order_falls_back_to_value_order():
    rows = [
        ["", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
        ["一、本年新收政府信息公开申请数量", "7", "", "0", "0", "2", "0", "9", ""],
    ]
    values = _values(map_tables([(Table.from_rows(rows), None)]))
    assert [values[("new_received", c)] for c in APP_COLS] == [7, None, 0, 0, 2, 0, 9]


def test_province_added_row_is_kept_as_extra():
    rows = [
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章(设区的市、自治州人民政府应提供相关数据)", "0", "0", "0"],
        ["规范性文件", "2", "2", "30"],
        ["其他主动公开文件", "15", "15", "120"],
    ]
    result = map_tables([(Table.from_rows(rows), "active_disclosure")])
    values = _values(result, "active_disclosure")
    assert values[("regulations", "total_published")] == 0
    assert values[("extra:其他主动公开文件", "newly_made")] == 15
    assert values[("extra:其他主动公开文件", "total_published")] == 120
    assert result.problems == ["extra row kept as extra:其他主动公开文件"]


def test_unrecognized_rows_are_reported_not_dropped_silently():
    rows = [["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
            ["本年受理网上申请", "3", "0", "0", "0", "0", "0", "3"]]
    result = map_tables([(Table.from_rows(rows), None)])
    assert result.problems == [
        "1 table-三 row not placed (label unreadable and place in the template not certain)"]


def _app_row(label: str, category: str, numbers: list[int]) -> list[str]:
    return [category, label, *map(str, numbers)]


_APP_HEADER = ["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_subtotal_row_whose_category_label_went_to_the_next_page():
    # 小计 is the first row of （三）不予公开; the page break left its category label below
    first = Table.from_rows([
        _APP_HEADER,
        _app_row("（二）部分公开", "", [1, 0, 0, 0, 0, 0, 1]),
        _app_row("小计", "", [3, 1, 0, 0, 0, 0, 4]),
    ])
    second = Table.from_rows([
        ["续表", "", "", "", "", "", "", "", ""],  # rows without numbers don't decide
        _APP_HEADER,
        _app_row("1.属于国家秘密", "（三）不予公开", [1, 0, 0, 0, 0, 0, 1]),
        _app_row("2.其他法律行政法规禁止公开", "", [2, 1, 0, 0, 0, 0, 3]),
    ])
    result = map_tables([(first, "applications"), (second, None)])
    values = _values(result)
    assert [values[("denied_total", c)] for c in APP_COLS] == [3, 1, 0, 0, 0, 0, 4]
    assert not any(c.derived for c in result.cells if c.row == "denied_total")
    assert values[("denied_prohibited_by_law", "total")] == 3
    assert result.problems == ["row denied_total placed by template order (label '小计')"]
    assert {c.placed_by for c in result.cells if c.row == "denied_total"} == {"order"}


def test_subtotal_row_with_a_category_label_cut_short():
    rows = [
        _APP_HEADER,
        _app_row("小计", "（六）其他", [2, 0, 0, 0, 0, 0, 2]),  # "处理" wrapped onto a page that was cut
        _app_row("3.其他", "", [2, 0, 0, 0, 0, 0, 2]),
    ]
    values = _values(map_tables([(Table.from_rows(rows), "applications")]))
    assert values[("other_total", "total")] == 2
    assert values[("other_other", "natural_person")] == 2


def test_bare_subtotal_row_with_nothing_after_it_is_reported():
    rows = [_APP_HEADER, _app_row("小计", "", [2, 0, 0, 0, 0, 0, 2])]
    result = map_tables([(Table.from_rows(rows), "applications")])
    assert [c for c in result.cells if not c.derived] == []
    assert result.problems == [
        "1 table-三 row not placed (label unreadable and place in the template not certain)"]


def test_value_placed_by_order_keeps_the_unit_of_its_header():
    rows = [
        ["信息内容", "采购项目数量", "采购总金额（万元）", ""],
        ["政府集中采购", "", "6", "103.3879"],  # shifted one column right: placed by order
    ]
    values = _values(map_tables([(Table.from_rows(rows), "active_disclosure")]), "active_disclosure")
    assert values[("centralized_procurement", "projects")] == 6
    assert values[("centralized_procurement", "amount_yuan")] == 1033879.0


def test_second_subtotal_claiming_a_category_goes_to_the_leaves_after_it():
    # unruled PDF: the 小计 of （五） ended page 1 under the label of （四）, its own went to page 2
    first = Table.from_rows([
        _APP_HEADER,
        _app_row("小计", "（四）无法提供", [1, 0, 0, 0, 0, 0, 1]),
        _app_row("1.本机关不掌握相关政府信息", "（四）无法提供", [1, 0, 0, 0, 0, 0, 1]),
        _app_row("小计", "（四）无法提供", [2, 0, 0, 0, 0, 0, 2]),
    ])
    second = Table.from_rows([
        _APP_HEADER,
        _app_row("1.信访举报投诉类申请", "（五）不予处理", [2, 0, 0, 0, 0, 0, 2]),
    ])
    result = map_tables([(first, "applications"), (second, None)])
    values = _values(result)
    assert values[("unable_total", "total")] == 1
    assert values[("not_processed_total", "total")] == 2
    assert result.problems == ["row not_processed_total placed by template order (label '(四)无法提供小计')"]


def test_table4_printed_blank_or_with_dashes_keeps_its_15_cells():
    from tests.grids import review_grid

    for mark in ("", "—", "/"):
        result = map_tables([(review_grid([mark] * 15), "review_litigation")])
        cells = [c for c in result.cells if c.table == "review_litigation"]
        assert len(cells) == 15 and {(c.value, c.raw) for c in cells} == {(None, mark)}
        assert result.found == ["review_litigation"] and result.problems == []


def test_table4_header_without_a_row_of_values_is_blank_and_noted():
    from tests.grids import review_grid

    table = review_grid(["0"] * 15)
    table.grid = table.grid[:3]  # the empty row left nothing (text, unruled PDF)
    result = map_tables([(table, "review_litigation")])
    assert [(c.row, c.col, c.value, c.raw) for c in result.cells][:2] == [
        ("review", "upheld", None, ""), ("review", "corrected", None, "")]
    assert len(result.cells) == 15
    assert result.problems == [
        "table review_litigation: header printed without a row of values, its 15 cells taken as blank"]


def test_tab_separated_table4_with_an_empty_row_of_tabs():
    from extractor.pipeline import extract_bytes

    from .sample_text import SAMPLE_REPORT

    head, rest = SAMPLE_REPORT.split("四、政府信息公开行政复议", 1)
    body, tail = rest.split("五、", 1)
    lines = body.split("\n")
    numbers = next(i for i, line in enumerate(lines) if line.replace("\t", "").isdigit())
    lines[numbers] = "\t" * 14
    rep = extract_bytes(f"{head}四、政府信息公开行政复议{chr(10).join(lines)}五、{tail}".encode(), "blank4.txt")
    cells = [c for c in rep.cell_list if c.table == "review_litigation"]
    assert len(cells) == 15 and {(c.value, c.raw) for c in cells} == {(None, "")}


def test_long_column_header_with_one_misread_character():
    from extractor.labels import match_column

    assert match_column("社人云公益组织").key == "social_welfare_org"  # 社会公益组织, one character misread
    assert match_column("本年新公开数量").key == "newly_published"
    assert match_column("社人云") is None  # a short one is not guessed
