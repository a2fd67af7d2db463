"""Agency and reporting year from titles and preambles, never the publication date."""

from __future__ import annotations

import pytest

from extractor.metadata import read_metadata
from extractor.model import Document, Paragraph
from extractor.sections import find_sections


def _meta(*lines: str, file_name: str = ""):
    doc = Document([Paragraph(t) for t in lines] + [Paragraph("一、总体情况"), Paragraph("正文。")])
    return read_metadata(doc, find_sections(doc), file_name)


@pytest.mark.parametrize(("lines", "agency", "year"), [
    (["彭阳县司法局", "2023 年政府信息公开工作年度报告"], "彭阳县司法局", 2023),
    (["XX市人民政府办公室关于2023年政府信息公开工作年度报告的"], "XX市人民政府办公室", 2023),
    (["2023年度XX县自然资源局政府信息公开工作年度报告"], "XX县自然资源局", 2023),
    (["中共某某县委宣传部", "2022年度政府信息公开工作报告"], "中共某某县委宣传部", 2022),
    (["北京市通州区人民政府（2019年）政府信息公开工作年度报告"], "北京市通州区人民政府", 2019),
    (["XX区教育局 2024 年度政府信息公开年报"], "XX区教育局", 2024),
])
def test_title_forms(lines, agency, year):
    meta = _meta(*lines)
    assert (meta.agency, meta.year) == (agency, year)


def test_statistics_period_not_publication_date():
    meta = _meta("某某县财政局政府信息公开工作年度报告", "发布日期：2024-01-20",
                 "本报告所列数据统计期限自2023年1月1日至2023年12月31日。")
    assert (meta.agency, meta.year, meta.title_year, meta.period_year) == ("某某县财政局", 2023, None, 2023)


def test_file_name_only_when_the_text_says_nothing():
    meta = _meta("政府信息公开工作年度报告", file_name="某某镇人民政府2020年政府信息公开工作年度报告")
    assert (meta.agency, meta.year) == ("某某镇人民政府", 2020)
    meta = _meta("甲县水利局2021年政府信息公开工作年度报告", file_name="乙县水利局2020年报告")
    assert (meta.agency, meta.year) == ("甲县水利局", 2021)


def test_template_hint_from_the_cited_notice():
    meta = _meta("某局2023年政府信息公开工作年度报告", "依据《…》（国办公开办函〔2021〕30号）要求编制。")
    assert meta.template_hint == "2021"
    assert _meta("某局2019年政府信息公开工作年度报告", "按照国办公开办函〔2019〕60号…").template_hint == "2019"


def test_title_and_statistics_period_disagree_both_recorded():
    meta = _meta("某某县财政局2023年政府信息公开工作年度报告",
                 "本报告所列数据统计期限自2022年1月1日至2022年12月31日。")
    assert (meta.year, meta.title_year, meta.period_year, meta.year_conflict) == (2023, 2023, 2022, True)
    assert meta.year_note == "title says 2023, statistics period says 2022"
    agree = _meta("某某县财政局2023年政府信息公开工作年度报告", "统计期限自2023年1月1日至2023年12月31日。")
    assert (agree.year_conflict, agree.year_note) == (False, None)
