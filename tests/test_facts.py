"""Facts of the narrative sections and the text-vs-table checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.facts import TERMS, chinese_number, find_facts, parse_number
from extractor.schema import FACT_KEYS, TEXT_RULES
from extractor.sections import FoundSection
from extractor.tables import MappedCell
from extractor.textchecks import RULES, text_checks
from extractor.textchecks import TEXT_RULES as CHECK_RULES

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec"
SPEC = SPEC if SPEC.is_dir() else Path("/work/shared/spec")


def _sec(text: str, number: int = 1) -> FoundSection:
    return FoundSection(number, "overview", "一、总体情况", text, 0, len(text))


def _facts(text: str, number: int = 1, agency: str | None = "某某县司法局", year: int | None = 2023):
    return [(f.key, f.value, f.unit, f.scope) for f in find_facts([_sec(text, number)], agency, year)]


def _cell(table: str, row: str, col: str, value: float | None) -> MappedCell:
    return MappedCell(table, row, col, value, "" if value is None else str(value))


def test_schema_lists_every_key_and_rule():
    assert FACT_KEYS == tuple(TERMS)
    assert TEXT_RULES == CHECK_RULES
    assert set(RULES) <= set(TERMS)


@pytest.mark.parametrize(("text", "value"), [
    ("一百二十三", 123), ("两", 2), ("十二", 12), ("两千", 2000), ("三万五千", 35000), ("一万零五", 10005),
    ("二百", 200), ("十", 10), ("一千二百三十四", 1234), ("二〇", 20),
])
def test_chinese_numbers(text, value):
    assert chinese_number(text) == value


def test_parse_number_multipliers_and_commas():
    assert parse_number("1.2", "万") == 12000.0
    assert parse_number("1,234") == 1234.0
    assert parse_number("两", "万") == 20000.0
    assert chinese_number("是") is None


def test_application_sentence_and_units():
    text = "（二）依申请公开。2023年共收到政府信息公开申请95件，上年结转3件，办结96件，结转下年度继续办理2件，均在法定期限内答复。"
    assert _facts(text) == [
        ("applications_received", 95.0, "件", "total"), ("applications_carried_over", 3.0, "件", "total"),
        ("applications_handled", 96.0, "件", "total"), ("applications_carried_forward", 2.0, "件", "total"),
    ]


def test_chinese_numerals_wan_units_and_number_before_term():
    text = ("全年召开新闻发布会十二场，发布政策解读一百二十三篇，编印《某某县人民政府公报》4期；"
            "政府网站访问量达1.2万人次；举办政务公开业务培训两期，培训300人次；另有5件顺延到下年度答复。"
            "全年组织召开3场新闻发布会。")
    assert _facts(text) == [
        ("press_conferences", 12.0, "场", "total"), ("policy_interpretations", 123.0, "篇", "total"),
        ("gazette_issues", 4.0, "期", "total"), ("website_visits", 12000.0, "人次", "total"),
        ("training_sessions", 2.0, "期", "total"), ("training_participants", 300.0, "人次", "total"),
        ("press_conferences", 3.0, "场", "total"),
    ]


def test_unnamed_numbers_deltas_and_percentages_are_not_facts():
    text = ("清理工作群2个，整改工作群3个。每周发布信息至少一期。办结率100%。"
            "收到政府信息公开申请95件，较上年增加12件。其中法律服务类16条、通知公告类5条。")
    assert _facts(text) == [("applications_received", 95.0, "件", "total")]


def test_scope_part_and_unclear():
    text = ("2023年，区政府办代表区政府受理政府信息公开申请17件。全区共收到政府信息公开申请95件，"
            "其中通过网络收到申请80件。2022年收到政府信息公开申请60件。截至目前累计公开信息3000条。")
    assert _facts(text, agency="某某区人民政府") == [
        ("applications_received", 17.0, "件", "part"), ("applications_received", 95.0, "件", "total"),
        ("applications_received", 80.0, "件", "part"), ("applications_received", 60.0, "件", "unclear"),
        ("disclosed_items", 3000.0, "条", "unclear"),
    ]
    # a bureau speaking of the whole county: not its own total
    assert _facts("全县共收到政府信息公开申请95件。")[0][3] == "unclear"


def test_zero_sentences_and_disclosure_context():
    text = ("2023年度，我局未收到依申请公开的政府信息。未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
            "本机关未收取信息处理费。全年办理行政复议案件120件。")
    assert _facts(text) == [
        ("applications_received", 0.0, "件", "total"), ("reviews", 0.0, "件", "total"),
        ("lawsuits", 0.0, "件", "total"), ("information_processing_fees", 0.0, "元", "total"),
    ]  # the 120 reviews are the bureau's other work, not about disclosure


def test_offsets_point_at_the_number_in_the_section_text():
    text = "一、概述\n共收到政府信息公开\n申请1,2\n34件。"
    fact = find_facts([_sec(text)])[0]
    assert (fact.key, fact.value) == ("applications_received", 1234.0)
    assert text[fact.start:fact.end] == "1,2\n34件"
    assert fact.sentence == "一、概述共收到政府信息公开申请1,234件。"


def _table(new=95, carried=3, handled=96, forward=2, review=1, direct=0, after=1):
    return [_cell("applications", "new_received", "total", new), _cell("applications", "carried_over", "total", carried),
            _cell("applications", "total_handled", "total", handled),
            _cell("applications", "carried_forward", "total", forward),
            _cell("review_litigation", "review", "total", review),
            _cell("review_litigation", "litigation_direct", "total", direct),
            _cell("review_litigation", "litigation_after_review", "total", after),
            _cell("active_disclosure", "normative_documents", "issued", 4),
            _cell("active_disclosure", "administrative_fees", "amount_10k_yuan", 1.5)]


def test_text_checks_pass_fail_and_not_assessable():
    text = ("区政府办代表区政府受理政府信息公开申请17件。全年共收到政府信息公开申请95件，办结90件，上年结转约3件。"
            "因政府信息公开工作被申请行政复议1件，提起行政诉讼1件。全年制发行政规范性文件4件。收到政府信息公开申请98件。"
            "行政事业性收费1.5万元。")
    facts = find_facts([_sec(text)], "某某区人民政府", 2023)
    got = [(c.rule, c.expected, c.actual, c.status, c.note.split(" — ")[0] if c.status != "pass" else None)
           for c in text_checks(facts, _table())]
    assert got == [
        ("text.new_received", 95.0, 17.0, "not_assessable", "scope part"),
        ("text.new_received", 95.0, 95.0, "pass", None),
        ("text.total_handled", 96.0, 90.0, "fail", "section 1: 全年共收到政府信息公开申请95件，办结90件，上年结转约3件。"),
        ("text.carried_over", 3.0, 3.0, "not_assessable", "approximate number"),
        ("text.review", 1.0, 1.0, "pass", None),
        ("text.litigation", 1.0, 1.0, "pass", None),
        ("text.normative_documents_issued", 4.0, 4.0, "pass", None),
        ("text.new_received", 95.0, 98.0, "not_assessable", "equals 新收 + 上年结转"),
        ("text.fees", 1.5, 1.5, "pass", None),
    ]
    blank = text_checks(facts[:2], _table(new=None))
    assert [c.status for c in blank] == ["not_assessable", "not_assessable"]
    assert blank[1].note.startswith("table cell blank or missing — section 1:")


@pytest.mark.skipif(not (SPEC / "pengyang_justice_2023.txt").is_file(), reason="shared spec files absent")
def test_real_reports_have_no_text_failures():
    from extractor.pipeline import extract

    pengyang = extract(SPEC / "pengyang_justice_2023.txt")
    text = [(c.rule, c.actual, c.status) for c in pengyang.check_list if c.rule.startswith("text.")]
    assert text == [("text.new_received", 0.0, "pass"), ("text.new_received", 0.0, "pass")]
    keys = [(f.key, f.value, f.scope) for f in pengyang.fact_list]
    assert ("wechat_posts", 883.0, "total") in keys and ("disclosed_items", 174.0, "part") in keys
    huaian_pdf = SPEC / "real" / "huaian_city_2024.pdf"
    if huaian_pdf.is_file():
        huaian = extract(huaian_pdf)
        text = [(c.rule, c.actual, c.status) for c in huaian.check_list if c.rule.startswith("text.")]
        assert text == [("text.new_received", 3119.0, "pass"), ("text.total_handled", 3050.0, "pass"),
                        ("text.carried_over", 34.0, "pass"), ("text.carried_forward", 103.0, "pass"),
                        ("text.review", 351.0, "pass"), ("text.litigation", 46.0, "pass")]


def test_whole_jurisdiction_and_other_disclosure_words():
    """A city government's 全市 sentence passes when it agrees and is never failed when it doesn't
    (the table may be the government's own); 答复 in a sentence on 人大建议 is not an application."""
    facts = find_facts([_sec("2023年，全区共受理政府信息公开申请120件，办结96件。")], "某某区人民政府", 2023)
    got = [(c.rule, c.status, c.note.split(" — ")[0]) for c in text_checks(facts, _table())]
    assert got == [("text.new_received", "not_assessable",
                    "whole-jurisdiction sentence; the table may be the government's own"),
                   ("text.total_handled", "pass", "section 1: 2023年，全区共受理政府信息公开申请120件，办结96件。")]
    assert _facts("共办理人大代表建议12件，答复5件，办理结果均已按规定公开。") == [("npc_suggestions", 12.0, "件", "total")]


def test_wording_of_older_reports():
    text = ("全年共发生因政府信息公开申请行政复议0宗，因政府信息公开提起行政诉讼2宗。"
            "共制作政府信息3021条，其中主动公开信息1027条，依申请公开信息459条。")
    assert _facts(text, number=4) == [("reviews", 0.0, "宗", "total"), ("lawsuits", 2.0, "宗", "total"),
                                      ("disclosed_items", 1027.0, "条", "part")]


def test_report_outputs_facts_in_frames_json_and_checks():
    from extractor.pipeline import extract_bytes
    from extractor.schema import OUTPUTS

    from .test_crossyear import _report

    data = _report("彭阳县司法局", 2023, carried_over=0, carried_forward=0, in_force=3,
                   overview="2023年共收到政府信息公开申请1件，办结两件。其中，办公室代表本局受理政府信息公开申请1件。")
    rep = extract_bytes(data, "r.txt")
    frame = rep.facts
    assert [str(frame[c.name].dtype) for c in OUTPUTS["facts"]] == [c.dtype for c in OUTPUTS["facts"]]
    assert list(zip(frame["key"], frame["value"], frame["scope"])) == [
        ("applications_received", 1.0, "total"), ("applications_handled", 2.0, "total"),
        ("applications_received", 1.0, "part")]
    section = rep.section_list[0].text
    assert [section[s:e] for s, e in zip(frame["start"], frame["end"])] == ["1件", "两件", "1件"]
    doc = rep.to_json()["facts"]
    assert doc[1] == {"section": 1, "key": "applications_handled", "value": 2, "unit": "件", "scope": "total",
                      "approx": False, "sentence": "2023年共收到政府信息公开申请1件，办结两件。", "start": 21, "end": 23}
    checks = rep.checks[rep.checks["rule"].str.startswith("text.")]
    assert list(zip(checks["rule"], checks["expected"], checks["actual"], checks["status"])) == [
        ("text.new_received", 1.0, 1.0, "pass"), ("text.total_handled", 1.0, 2.0, "fail"),
        ("text.new_received", 1.0, 1.0, "not_assessable")]
    assert checks["note"].iat[1] == "section 1: 2023年共收到政府信息公开申请1件，办结两件。"
    assert rep.meta["n_checks_failed"] == 0  # arithmetic checks only
