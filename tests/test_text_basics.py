"""Normalization and cell-value parsing."""

from __future__ import annotations

import pytest

from extractor.labels import Match, _best, _labels, match_row, similarity
from extractor.normalize import compact, label_key, normalize_text
from extractor.values import parse_value, to_yuan


@pytest.mark.parametrize(("printed", "expected"), [
    ("⼀、总体情况", "一、总体情况"),  # Kangxi radical U+2F00
    ("⼆、主动公开", "二、主动公开"),
    ("增⻓", "增长"),  # CJK Radicals Supplement, which NFKC leaves alone
    ("第⻚", "第页"),
    ("１２３ＡＢ", "123AB"),
    ("（一）", "(一)"),
])
def test_normalize_text(printed, expected):
    assert normalize_text(printed) == expected


@pytest.mark.parametrize("printed", [
    "（一）予以公开", "(一) 予以公开", "一、予以公开", "一. 予以公开", "1、予以公开", "1. 予以公开",
    "（1）予以公开", "予以\n公开", "予 以 公 开",
])
def test_label_key_unifies_numbering_and_spacing(printed):
    assert label_key(printed) == "予以公开"


def test_compact_removes_line_breaks_inside_labels():
    assert compact("商业\n企业") == "商业企业"


@pytest.mark.parametrize(("raw", "value", "empty"), [
    ("0", 0, False), ("", None, True), ("/", None, True), ("—", None, True), ("-", None, True),
    ("无", None, True), ("1,234", 1234, False), ("96171.6", 96171.6, False), ("3件", 3, False),
    ("+3", 3, False), ("-8", -8, False), ("--253", -253, False), ("０", 0, False), (" 12 ", 12, False),
])
def test_parse_value(raw, value, empty):
    parsed = parse_value(raw)
    assert parsed.value == value
    assert parsed.empty is empty


def test_text_is_not_a_number():
    assert parse_value("总计").value is None
    assert parse_value("总计").numeric is False
    assert parse_value("12a").numeric is False


def test_money_units():
    parsed = parse_value("103.3879万元")
    assert (parsed.value, parsed.unit) == (103.3879, "万元")
    assert to_yuan(parsed.value, parsed.unit, None) == 1033879.0
    assert to_yuan(251000.0, "元", "万元") == 251000.0  # the cell's own unit wins
    assert to_yuan(6.5, None, "万元") == 65000.0


def test_subtotal_labels_name_their_category():
    assert match_row("（三）不予公开 小计") == Match("applications", "denied_total", 1.0)
    assert match_row("（六）其他小计") == Match("applications", "other_total", 0.9)  # 其他处理, cut short
    assert match_row("小计") is None  # no category: placed by the rows after it
    assert match_row("不予小计") is None  # 不予公开 or 不予处理: ambiguous


def test_pruned_label_search_finds_what_scoring_every_label_finds():
    printed = ["其他法律行政止公开", "属于行政查询事项", "申请人逾期未按收费通知要求缴纳费", "本年新收申请数量",
               "规章", "行政许可", "危及三安全一稳定", "其他处理", "上年结转", "补正后申请内容仍不明", "会议通知"]
    labels = _labels("rows")
    for text in printed:
        key = label_key(text)
        scores = [(similarity(key, official), table, name) for table, name, official in labels]
        top = max(s for s, _, _ in scores)
        first = next((t, n) for s, t, n in scores if s == top)  # the first of equals wins, as before
        assert _best(key, labels, None) == Match(*first, top), text
