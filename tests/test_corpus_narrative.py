"""The generator's narrative: Chinese numerals, facts and text-check truth, and their extraction."""

from __future__ import annotations

import json
import random

import pytest

from corpus.generate import random_spec, write
from corpus.narrative import Narrator, chinese, text_checks
from extractor.facts import chinese_number
from extractor.pipeline import extract


@pytest.mark.parametrize("n", [1, 2, 10, 12, 20, 105, 110, 1005, 1010, 12000, 10500, 99999, 100_000, 123456])
def test_chinese_numerals_round_trip(n):
    assert chinese_number(chinese(n)) == n


def test_chinese_spelling():
    assert (chinese(123), chinese(10), chinese(1005), chinese(12000)) == ("一百二十三", "十", "一千零五", "一万二千")


def test_narrator_records_what_it_prints():
    narr = Narrator(random.Random(1), extras=False)
    assert narr.say(1, "press_conferences", 12, "场") == "12场"
    assert narr.say(1, "website_visits", 12000, "人次", printed_unit="万人次") == "1.2万人次"
    narr.none(6, "information_processing_fees", "元")
    assert narr.facts == [
        {"section": 1, "key": "press_conferences", "value": 12, "unit": "场", "scope": "total"},
        {"section": 1, "key": "website_visits", "value": 12000, "unit": "人次", "scope": "total"},
        {"section": 6, "key": "information_processing_fees", "value": 0, "unit": "元", "scope": "total"},
    ]


def test_text_check_truth_rules():
    cells = {"applications": {"new_received": {"total": 95}, "carried_over": {"total": 3}},
             "review_litigation": {}, "active_disclosure": {}}
    facts = [{"section": 1, "key": "applications_received", "value": v, "unit": "件", "scope": s}
             for v, s in ((95, "total"), (17, "part"), (98, "total"), (90, "total"))]
    facts.append({"section": 1, "key": "reviews", "value": 1, "unit": "件", "scope": "total"})
    assert [c["status"] for c in text_checks(facts, cells)] == [
        "pass", "not_assessable", "not_assessable", "fail", "not_assessable"]


def test_random_reports_facts_and_text_checks_match_truth(tmp_path):
    """Random reports state extra facts (Chinese numerals, parts, disagreements); all are found."""
    kinds, scopes, statuses = set(), set(), []
    for i in range(12):
        report, truth_path = write(random_spec("facts-test", i), tmp_path)
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        rep = extract(report)
        got = sorted((f.section, f.key, f.value, f.unit, f.scope) for f in rep.fact_list)
        assert got == sorted((f["section"], f["key"], f["value"], f["unit"], f["scope"]) for f in truth["facts"])
        checks = sorted((c.rule, c.actual, c.status) for c in rep.check_list if c.rule.startswith("text."))
        assert checks == sorted((c["rule"], c["actual"], c["status"]) for c in truth["text_checks"])
        kinds |= {f["key"] for f in truth["facts"]}
        scopes |= {f["scope"] for f in truth["facts"]}
        statuses += [c["status"] for c in truth["text_checks"]]
    assert {"press_conferences", "policy_interpretations", "applications_received", "reviews"} <= kinds
    assert scopes == {"total", "part", "unclear"}
    assert {"pass", "fail", "not_assessable"} <= set(statuses)
