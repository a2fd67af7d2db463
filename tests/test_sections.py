"""Section headings: wording variants, position, table-of-contents lines."""

from __future__ import annotations

from extractor.model import Document, Paragraph, Table
from extractor.sections import find_sections, table_context


def _doc(*texts: str) -> Document:
    return Document([Paragraph(t) for t in texts])


def test_variants_kangxi_split_and_mid_line_headings():
    doc = _doc(
        "某某县司法局2023年政府信息公开工作年度报告",
        "本报告包括：一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 "
        "四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项",
        "现将总体情况报告如下。⼀、总体情况",
        "一是主动公开意识增强。二是依申请公开规范。",
        "今年工作很好。二、行政机关主动公开政府信息情况",
        "三、收到和处理政府信息",
        "公开申请情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "五. 政府信息公开工作存在的主要问题及改进情况",
        "六，其他需要报告的事项",
        "无。",
    )
    result = find_sections(doc)
    headings = [(s.key, s.heading) for s in result.sections]
    assert headings == [
        ("overview", "⼀、总体情况"),
        ("active_disclosure", "二、行政机关主动公开政府信息情况"),
        ("applications", "三、收到和处理政府信息公开申请情况"),
        ("review_litigation", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
        ("problems_improvements", "五. 政府信息公开工作存在的主要问题及改进情况"),
        ("other_matters", "六，其他需要报告的事项"),
    ]
    texts = {s.key: s.text for s in result.sections}
    assert texts["overview"] == "一是主动公开意识增强。二是依申请公开规范。\n今年工作很好。"
    assert texts["other_matters"] == "无。"
    assert result.preamble.startswith("某某县司法局2023年")


def test_short_heading_variant_and_tables_assigned_to_sections():
    table = Table.from_rows([["行政复议"]])
    doc = Document([
        Paragraph("一、总体情况"), Paragraph("正文。"),
        Paragraph("二、主动公开政府信息情况"), Table.from_rows([["规章", "0"]]),
        Paragraph("三、收到和处理政府信息公开申请情况"), Paragraph("四、政府信息公开行政复议、行政诉讼情况"),
        table, Paragraph("五、存在问题及改进情况"), Paragraph("六、其他需要报告的事项"),
    ])
    result = find_sections(doc)
    assert [s.heading for s in result.sections][4] == "五、存在问题及改进情况"
    contexts = [ctx for _, ctx, _ in table_context(doc, result)]
    assert contexts == ["active_disclosure", "review_litigation"]


def test_document_without_headings_has_no_sections():
    result = find_sections(_doc("这是一份会议通知。", "请各单位准时参加。"))
    assert result.sections == []
    assert result.preamble == "这是一份会议通知。\n请各单位准时参加。"


# Wordings real reports print for each heading (FORMATS §4.1, §4.7); every one maps to its key.
HEADING_WORDINGS = [
    ("overview", "一、总体情况"), ("overview", "一、总体概况"), ("overview", "一、基本情况"),
    ("overview", "一、工作概况"), ("overview", "一、概述"),
    ("active_disclosure", "二、主动公开政府信息情况"), ("active_disclosure", "二、行政机关主动公开政府信息情况"),
    ("active_disclosure", "二、主动公开政府信息"),
    ("applications", "三、收到和处理政府信息公开申请情况"), ("applications", "三、收到及处理政府信息公开申请情况"),
    ("applications", "三、依申请公开政府信息情况"), ("applications", "三、收到、处理政府信息公开申请情况"),
    ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
    ("review_litigation", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    ("review_litigation", "四、因政府信息公开工作被申请行政复议提起行政诉讼情况"),
    ("review_litigation", "四、政府信息公开行政复议和行政诉讼情况"),
    ("problems_improvements", "五、存在的主要问题及改进情况"), ("problems_improvements", "五、存在问题及改进情况"),
    ("problems_improvements", "五、政府信息公开工作存在的主要问题及改进情况"),
    ("problems_improvements", "五、存在的主要问题和改进措施"), ("problems_improvements", "五、存在的不足及改进措施"),
    ("problems_improvements", "五、主要问题及整改情况"),
    ("other_matters", "六、其他需要报告的事项"), ("other_matters", "六、其它需要报告的事项"),
    ("other_matters", "六、其他需报告的事项"), ("other_matters", "六、其它事项"),
    ("other_matters", "六、其他需要说明的事项"), ("other_matters", "六、需要报告的其他事项"),
]


def test_every_heading_wording_maps_to_its_section():
    for key, heading in HEADING_WORDINGS:
        doc = _doc("某某县司法局2023年政府信息公开工作年度报告", "前言。", heading, "正文。")
        found = [(s.key, s.heading) for s in find_sections(doc).sections]
        assert found == [(key, heading)], heading
