"""Indicators: formulas against hand computations from truth files; undefined stays empty."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from extractor import indicators
from extractor.pipeline import extract

from .conftest import ROOT

REPORTS = ROOT / "corpus" / "reports"


def _truth(name: str) -> dict:
    return json.loads((REPORTS / f"{name}.truth.json").read_text(encoding="utf-8"))


def _one(long: pd.DataFrame, key: str) -> pd.Series:
    rows = long[long["indicator"] == key]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def _cells(values: dict[tuple[str, str, str], float | None], template: str = "2021",
           report_id: str = "r1") -> pd.DataFrame:
    return pd.DataFrame([
        {"report_id": report_id, "agency": "测试县统计局", "year": 2023, "template": template, "table": t,
         "row": r, "col": c, "value": v}
        for (t, r, c), v in values.items()
    ])


def test_indicators_of_a_corpus_report_match_its_truth_file():
    truth = _truth("docx01_official")
    app, rl, ad = (truth["cells"][k] for k in ("applications", "review_litigation", "active_disclosure"))
    long = indicators.compute(extract(REPORTS / "docx01_official.docx").cells)
    assert list(long["indicator"]) == list(indicators.KEYS)

    disclosure = _one(long, "disclosure_rate")
    granted = app["granted"]["total"] + app["partially_granted"]["total"]  # 25 + 7
    assert (disclosure["numerator"], disclosure["denominator"]) == (granted, app["total_handled"]["total"])
    assert disclosure["value"] == pytest.approx(32 / 45)

    denied = sum(v["total"] for k, v in app.items() if k.startswith("denied_"))  # derived subtotal
    assert _one(long, "denial_rate")["value"] == pytest.approx(denied / app["total_handled"]["total"])
    received = app["new_received"]["total"] + app["carried_over"]["total"]
    assert _one(long, "applications_received")["value"] == received == 47
    assert _one(long, "carry_forward_rate")["value"] == pytest.approx(app["carried_forward"]["total"] / received)
    assert _one(long, "review_correction_rate")["value"] == pytest.approx(
        rl["review"]["corrected"] / rl["review"]["total"])
    disputes = sum(rl[r]["total"] for r in ("review", "litigation_direct", "litigation_after_review"))
    assert _one(long, "disputes_per_100_applications")["value"] == pytest.approx(100 * disputes / received)
    orgs = sum(v for c, v in app["new_received"].items() if c not in ("natural_person", "total"))
    assert _one(long, "legal_person_share")["value"] == pytest.approx(orgs / app["new_received"]["total"])
    decisions = sum(ad[r]["decisions"] for r in ("administrative_licensing", "administrative_penalty",
                                                 "administrative_coercion"))
    assert _one(long, "fees_per_decision")["value"] == pytest.approx(
        ad["administrative_fees"]["amount_10k_yuan"] * 10_000 / decisions)
    # no lawsuits in this report: 0/0, so the litigation correction rates are undefined
    lit = _one(long, "litigation_correction_rate")
    assert (lit["numerator"], lit["denominator"]) == (0, 0) and math.isnan(lit["value"])


def test_zero_over_zero_stays_empty_never_zero_or_inf():
    cells = _cells({
        ("applications", "granted", "total"): 0, ("applications", "partially_granted", "total"): 0,
        ("applications", "total_handled", "total"): 0, ("applications", "denied_total", "total"): 3,
        ("review_litigation", "review", "corrected"): 2, ("review_litigation", "review", "total"): 0,
    })
    long = indicators.compute(cells).set_index("indicator")
    for key in ("disclosure_rate", "denial_rate", "review_correction_rate"):
        value = long.loc[key, "value"]
        assert math.isnan(value), (key, value)  # 0/0 and 3/0 (a report that doesn't add up): empty
    assert long.loc["disclosure_rate", ["numerator", "denominator"]].tolist() == [0, 0]
    assert not long["value"].isin([float("inf"), float("-inf")]).any()


def test_a_blank_or_missing_cell_makes_the_indicator_and_its_pair_empty():
    cells = _cells({
        ("applications", "granted", "total"): 5, ("applications", "partially_granted", "total"): None,
        ("applications", "total_handled", "total"): 10,
    })
    row = indicators.compute(cells).set_index("indicator").loc["disclosure_rate"]
    assert math.isnan(row["value"]) and math.isnan(row["numerator"]) and math.isnan(row["denominator"])
    unable = indicators.compute(cells).set_index("indicator").loc["unable_rate"]  # unable_total not there
    assert math.isnan(unable["value"])


def test_fees_per_decision_only_for_the_2021_template():
    values = {("active_disclosure", "administrative_fees", "amount_10k_yuan"): 2.5,
              ("active_disclosure", "administrative_licensing", "decisions"): 100,
              ("active_disclosure", "administrative_penalty", "decisions"): 20,
              ("active_disclosure", "administrative_coercion", "decisions"): 5}
    new = indicators.compute(_cells(values, "2021")).set_index("indicator").loc["fees_per_decision"]
    assert new["value"] == pytest.approx(25_000 / 125)  # 2.5 万元 = 25,000 元 over 125 decisions
    old = indicators.compute(_cells(values, "2019")).set_index("indicator").loc["fees_per_decision"]
    assert math.isnan(old["value"])
    report_2019 = indicators.compute(extract(REPORTS / "txt03_t2019.txt").cells).set_index("indicator")
    assert math.isnan(report_2019.loc["fees_per_decision", "value"])
    assert report_2019.loc["disclosure_rate", "value"] > 0  # tables 三 and 四 are the same in both


def test_pool_adds_numerators_and_denominators_and_skips_unknown_reports():
    a = _cells({("applications", "granted", "total"): 1, ("applications", "partially_granted", "total"): 0,
                ("applications", "total_handled", "total"): 4,
                ("applications", "new_received", "total"): 4, ("applications", "carried_over", "total"): 0},
               report_id="a")
    b = _cells({("applications", "granted", "total"): 6, ("applications", "partially_granted", "total"): 2,
                ("applications", "total_handled", "total"): 10,
                ("applications", "new_received", "total"): 9, ("applications", "carried_over", "total"): 1},
               report_id="b")
    c = _cells({("applications", "granted", "total"): None, ("applications", "partially_granted", "total"): 2,
                ("applications", "total_handled", "total"): 1000,
                ("applications", "new_received", "total"): 5, ("applications", "carried_over", "total"): None},
               report_id="c")
    long = indicators.compute(pd.concat([a, b, c]))
    pooled = indicators.pool(long.assign(group="all"), ["group"]).set_index("indicator")
    rate = pooled.loc["disclosure_rate"]
    assert rate["value"] == pytest.approx((1 + 8) / (4 + 10))  # c (blank 予以公开) left out, not counted as 0
    assert rate["reports"] == 2
    assert pooled.loc["applications_received", "value"] == 4 + 10  # counts are summed; c unknown
    assert math.isnan(pooled.loc["review_correction_rate", "value"])  # nothing known anywhere


def test_wide_has_one_row_per_report_and_one_column_per_indicator():
    long = indicators.compute(extract(REPORTS / "docx01_official.docx").cells)
    wide = indicators.wide(long)
    assert list(wide.columns) == ["report_id", "agency", "year", "template", *indicators.KEYS]
    assert len(wide) == 1 and wide.loc[0, "disclosure_rate"] == pytest.approx(32 / 45)


def test_definitions_name_every_indicator_in_chinese_with_its_formula():
    defs = indicators.definitions().set_index("indicator")
    assert list(defs.index) == list(indicators.KEYS)
    assert defs.loc["disclosure_rate", "formula"] == "(granted + partially_granted) / total_handled"
    assert defs.loc["review_correction_rate", "formula"] == "review.corrected / review.total"
    assert defs.loc["fees_per_decision", "templates"] == "2021"
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in defs["name_zh"])
    table = indicators.markdown()
    assert all(f"`{k}`" in table for k in indicators.KEYS)


def test_readme_and_data_dictionary_list_the_indicators_as_defined():
    table = indicators.markdown()
    assert table in (ROOT / "README.md").read_text(encoding="utf-8"), "README: paste indicators.markdown()"
    assert table in (ROOT / "schemas" / "data_dictionary.md").read_text(encoding="utf-8")
