"""Every report of the project's corpus comes out exactly as its truth file says.

The truth files are written by the generator from the numbers it printed
(corpus/), never from what the extractor read.
"""

from __future__ import annotations

import json
import math

import pytest

from extractor.pipeline import extract

from .conftest import ROOT

REPORTS = sorted(p for p in (ROOT / "corpus" / "reports").glob("*") if not p.name.endswith(".truth.json"))


def _truth(path):
    return json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def test_corpus_is_not_empty():
    formats = {p.suffix for p in REPORTS}
    assert {".docx", ".html", ".txt", ".md", ".pdf"} <= formats
    assert len(REPORTS) >= 30


@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_report_matches_truth(path):
    truth = _truth(path)
    report = extract(path)
    assert report.status == "ok", report.meta["error"]
    assert (report.meta["agency"], report.meta["year"], report.meta["template"]) == (
        truth["agency"], truth["year"], truth["template"])
    got = {(c.table, c.row, c.col): c.value for c in report.cell_list if not c.derived}
    want = {(t, r, c): v for t, rows in truth["cells"].items() for r, cols in rows.items()
            for c, v in cols.items()}
    wrong = {k: (v, got.get(k, "missing")) for k, v in want.items() if k not in got or not _same(v, got[k])}
    assert not wrong
    assert set(got) == set(want), "cells extracted that the report does not print"
    headings = {s.key: s.heading for s in report.section_list}
    assert headings == truth["headings"]
    failed = sorted(f"{c.rule}/{c.target}" for c in report.check_list
                    if c.status == "fail" and not c.rule.startswith("text."))
    assert failed == sorted(truth["failed_checks"])
    facts = sorted((f.section, f.key, f.value, f.unit, f.scope) for f in report.fact_list)
    assert facts == sorted((f["section"], f["key"], f["value"], f["unit"], f["scope"]) for f in truth["facts"])
    text = sorted((c.rule, c.actual, c.status) for c in report.check_list if c.rule.startswith("text."))
    assert text == sorted((c["rule"], c["actual"], c["status"]) for c in truth["text_checks"])
