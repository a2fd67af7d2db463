"""Region (GB/T 2260), level, type and department of an agency, from its name and report text."""

from __future__ import annotations

import pytest

from extractor.agency import department_category, describe
from extractor.pipeline import extract, extract_bytes
from extractor.region import divisions, locate

from .conftest import shared_file

NINGXIA = ("宁夏回族自治区", "固原市", "彭阳县", "640425")


def _row(agency: str, text: str = "") -> tuple:
    d = describe(agency, text)
    return (d["province"], d["prefecture"], d["county"], d["region_code"], d["agency_level"],
            d["agency_type"], d["department"])


@pytest.mark.parametrize(("agency", "expected"), [
    ("彭阳县司法局", (*NINGXIA, "county", "department", "司法")),
    ("宁夏彭阳县司法局", (*NINGXIA, "county", "department", "司法")),
    ("固原市彭阳县司法局", (*NINGXIA, "county", "department", "司法")),
    ("淮安市人民政府", ("江苏省", "淮安市", None, "320800", "prefecture", "government", None)),
    ("淮安市人民政府办公室", ("江苏省", "淮安市", None, "320800", "prefecture", "government", None)),
    ("北京市朝阳区人民政府", ("北京市", None, "朝阳区", "110105", "county", "government", None)),
    ("长春市朝阳区教育局", ("吉林省", "长春市", "朝阳区", "220104", "county", "department", "教育")),
    ("涟水县高沟镇人民政府", ("江苏省", "淮安市", "涟水县", "320826", "township", "government", None)),
    ("威海市文登区龙山街道办事处", ("山东省", "威海市", "文登区", "371003", "township", "government", None)),
    ("江苏省教育厅", ("江苏省", None, None, "320000", "province", "department", "教育")),
    ("广东省人民政府办公厅", ("广东省", None, None, "440000", "province", "government", None)),
    ("宁夏回族自治区司法厅", ("宁夏回族自治区", None, None, "640000", "province", "department", "司法")),
    ("教育部", (None, None, None, None, "central", "department", "教育")),
    ("海关总署", (None, None, None, None, "central", "department", "海关")),
    ("国务院办公厅", (None, None, None, None, "central", "government", None)),
    ("宣城市宁国市人民政府", ("安徽省", "宣城市", "宁国市", "341881", "county", "government", None)),
    ("恩施州财政局", ("湖北省", "恩施土家族苗族自治州", None, "422800", "prefecture", "department", "财政")),
    ("长阳县教育局", ("湖北省", "宜昌市", "长阳土家族自治县", "420528", "county", "department", "教育")),
    ("国家税务总局淮安市税务局", ("江苏省", "淮安市", None, "320800", "prefecture", "department", "税务")),
    ("中共彭阳县委宣传部", (*NINGXIA, "county", "department", "宣传")),
    ("淮安市住房和城乡建设局", ("江苏省", "淮安市", None, "320800", "prefecture", "department", "住建")),
    ("仙桃市人民政府", ("湖北省", None, "仙桃市", "429004", "county", "government", None)),
    # renamed divisions: the current name and code, and the one valid for older reports
    ("三明市沙县区人民政府", ("福建省", "三明市", "沙县区", "350405", "county", "government", None)),
    ("沙县人民政府", ("福建省", "三明市", "沙县", "350427", "county", "government", None)),
])
def test_agency_names(agency, expected):
    assert _row(agency) == expected


@pytest.mark.parametrize(("agency", "level", "kind", "department"), [
    ("县司法局", "county", "department", "司法"),  # a level, no place: region empty, never guessed
    ("某某县财政局", "county", "department", "财政"),  # a place the table does not know
    ("高沟镇人民政府", "township", "government", None),
    ("朝阳区教育局", "county", "department", "教育"),  # Beijing or Changchun: the name does not say
    ("城区人民政府", "county", "government", None),  # 阳泉, 晋城 and 汕尾 all have a 城区
    ("永安镇人民政府", "township", "government", None),  # a township, not 永安市
    ("XX市人民政府办公室", None, "government", None),
])
def test_no_place_is_never_guessed(agency, level, kind, department):
    assert _row(agency) == (None, None, None, None, level, kind, department)


def test_unknown_district_below_a_known_city_keeps_only_what_is_known():
    assert _row("淮安市某某区人民政府") == ("江苏省", "淮安市", None, None, "county", "government", None)


@pytest.mark.parametrize(("text", "code", "source"), [
    ("", None, None),
    ("联系地址：北京市朝阳区日坛北路33号。", "110105", "address"),
    ("地址：长春市朝阳区西安大路1号。", "220104", "address"),
    ("现发布《北京市朝阳区教育局2023年政府信息公开工作年度报告》。", "110105", "agency_mention"),
    ("咨询电话：010-65001234。", "110105", "phone"),
    ("咨询电话：0431-85001234。", "220104", "phone"),
    ("认真贯彻长春市委、市政府部署。", "220104", "place_mention"),
    ("学习北京市、长春市的经验。", None, None),  # both: undecided, so empty
])
def test_ambiguous_name_decided_by_the_text_only_when_it_is_clear(text, code, source):
    d = describe("朝阳区教育局", text)
    assert (d["region_code"], d["region_source"]) == (code, source)


def test_bare_level_word_needs_the_agency_or_its_address():
    assert describe("县司法局", "地址：彭阳县兴彭大街559号（邮编：756500）")["region_code"] == "640425"
    assert describe("县司法局", "现发布《彭阳县司法局2023年政府信息公开工作年度报告》")["region_code"] == "640425"
    # a place mentioned, or an area code, is not enough for a bare 县
    assert describe("县司法局", "根据《彭阳县2023年政务公开工作要点》，电话：0954-7012148")["region_code"] is None
    assert describe("县司法局", "地址：固原市文化街1号")["region_code"] is None  # which county of 固原?


def test_township_found_with_its_county_in_the_text():
    d = describe("高沟镇人民政府", "现发布涟水县高沟镇人民政府2023年政府信息公开工作年度报告。")
    assert (d["region_code"], d["county"], d["agency_level"]) == ("320826", "涟水县", "township")


def test_an_address_never_overrides_the_name():
    assert describe("彭阳县司法局", "地址：北京市朝阳区日坛北路33号")["region_code"] == "640425"


@pytest.mark.parametrize(("rest", "category"), [
    ("自然资源和规划局", "自然资源"), ("卫生健康委员会", "卫生健康"), ("人力资源和社会保障局", "人力资源社会保障"),
    ("市场监督管理局", "市场监管"), ("住房和城乡建设局", "住建"), ("生态环境局", "生态环境"),
    ("教育体育局", "教育"), ("文化广电体育和旅游局", "文化旅游"), ("公安局交通警察支队", "公安"),
    ("人民政府国有资产监督管理委员会", "国有资产"), ("民政局", "民政"), ("人民政府研究室", None),
])
def test_department_categories(rest, category):
    assert department_category(rest) == category


def test_division_table_is_current_and_keeps_old_names():
    data = divisions()
    assert data.by_code["350405"].name == "沙县区" and not data.by_code["350405"].legacy
    assert data.by_code["350427"].legacy == "alt"  # 沙县 before 2021
    assert "500157" not in data.by_code  # 两江新区: a functional zone, not a GB/T 2260 division
    assert locate("重庆市渝北区人民政府").code == "500112"


def test_pengyang_report_end_to_end():
    report = extract(shared_file("pengyang_justice_2023.txt"))
    meta = report.meta
    assert (meta["province"], meta["prefecture"], meta["county"], meta["region_code"]) == NINGXIA
    assert (meta["agency_level"], meta["agency_type"], meta["department"], meta["region_source"]) == (
        "county", "department", "司法", "name")
    assert meta["year_note"] is None
    assert set(report.cells["region_code"]) == {"640425"}
    assert set(report.cells["agency"]) == {"彭阳县司法局"} and set(report.cells["year"]) == {2023}


def test_pengyang_report_named_only_as_a_county_bureau():
    text = shared_file("pengyang_justice_2023.txt").read_text(encoding="utf-8").replace("彭阳县司法局", "县司法局")
    meta = extract_bytes(text.encode("utf-8"), "report.txt").meta
    assert (meta["agency"], meta["region_code"], meta["region_source"]) == ("县司法局", "640425", "address")
    no_address = text.replace("地址：彭阳县兴彭大街559号（邮编：756500）；", "")
    meta = extract_bytes(no_address.encode("utf-8"), "report.txt").meta
    assert (meta["region_code"], meta["county"], meta["agency_level"]) == (None, None, "county")


def test_the_agency_named_with_another_place_than_its_address_stays_empty():
    text = "与隆德县司法局联合开展普法活动。地址：彭阳县兴彭大街559号"
    assert describe("县司法局", text)["region_code"] is None
