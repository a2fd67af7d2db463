"""The generated test corpus: committed files up to date, truth files self-consistent."""

from __future__ import annotations

import importlib.util
import json
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from corpus.checks import evaluate, failed
from corpus.generate import REPORTS_DIR, generate_samples, main
from corpus.variants import VARIANTS
from extractor.schema import ACTIVE_DISCLOSURE_LAYOUT, APPLICANT_COLUMNS, APPLICATIONS, REVIEW_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
TRUTHS = sorted(REPORTS_DIR.glob("*.truth.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _docx_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate_samples(out)
    return out


def test_committed_corpus_is_up_to_date(regenerated: Path) -> None:
    committed = sorted(p.name for p in REPORTS_DIR.iterdir() if p.is_file())
    assert sorted(p.name for p in regenerated.iterdir()) == committed, "run: python -m corpus.generate"
    for name in committed:
        old, new = REPORTS_DIR / name, regenerated / name
        if name.endswith(".docx"):  # compare the XML parts, not the compressed bytes
            assert _docx_members(old) == _docx_members(new), f"{name} is stale: python -m corpus.generate"
        else:
            assert old.read_bytes() == new.read_bytes(), f"{name} is stale: python -m corpus.generate"


def test_sample_set_size_and_coverage() -> None:
    assert 40 <= len(TRUTHS) <= 50
    size = sum(p.stat().st_size for p in REPORTS_DIR.iterdir())
    assert size < 3_000_000
    for truth in TRUTHS:  # reportlab and LibreOffice PDFs both embed a subset of their font
        record = _load(truth)
        if record["format"] == "pdf":
            limit = 150_000 if "docx_soffice" in record["variants"] else 100_000
            assert (REPORTS_DIR / record["file"]).stat().st_size < limit, record["file"]
    seen = {v for t in TRUTHS for v in _load(t)["variants"]}
    assert set(VARIANTS) <= seen, f"variants not in the sample set: {sorted(set(VARIANTS) - seen)}"
    assert {_load(t)["file"].rsplit(".", 1)[1] for t in TRUTHS} == {"docx", "html", "txt", "md", "pdf"}
    pdf_variants = {v for t in TRUTHS if _load(t)["format"] == "pdf" for v in _load(t)["variants"]}
    assert {"blank_slash", "blank_dash", "thousands_sep", "template_2019", "inconsistent", "kangxi_headings",
            "wrapped_labels"} <= pdf_variants


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.name)
def test_truth_keys_follow_schema(path: Path) -> None:
    truth = _load(path)
    template = truth["template"]
    cells = truth["cells"]
    assert set(cells) == {"applications", "review_litigation", "active_disclosure"}
    ad = {row: tuple(cols) for row, cols in cells["active_disclosure"].items()}
    assert ad == ACTIVE_DISCLOSURE_LAYOUT[template]
    app_cols = [c.key for c in APPLICANT_COLUMNS]
    rows = cells["applications"]
    assert all(list(cols) == app_cols for cols in rows.values())
    leaves = {r.key for r in APPLICATIONS.rows if not r.subtotal_of}
    expected = {r.key for r in APPLICATIONS.rows_for(template) if r.key in leaves}
    if template == "2019" or "other_single_row" in truth["variants"]:
        expected = expected - {"other_no_correction", "other_unpaid_fee", "other_other"} | {"other_total"}
    if any(v.startswith("subtotal_rows") for v in truth["variants"]):
        expected |= {"denied_total", "unable_total", "not_processed_total", "other_total"}
    assert set(rows) == expected
    rl_cols = [c.key for c in REVIEW_COLUMNS]
    assert {r: list(c) for r, c in cells["review_litigation"].items()} == {
        r: rl_cols for r in ("review", "litigation_direct", "litigation_after_review")}
    assert set(truth["headings"]) == {"overview", "active_disclosure", "applications", "review_litigation",
                                      "problems_improvements", "other_matters"}


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.name)
def test_truth_arithmetic_is_self_consistent(path: Path) -> None:
    truth = _load(path)
    fails = failed(truth["cells"])
    assert fails == sorted(truth["failed_checks"])
    assert ("inconsistent" in truth["variants"]) == bool(fails) == bool(truth["injected_faults"])
    if "inconsistent" not in truth["variants"]:  # the identities, spelled out
        app = truth["cells"]["applications"]
        for col in (c.key for c in APPLICANT_COLUMNS):
            values = [app[r][col] for r in ("new_received", "carried_over", "total_handled", "carried_forward")]
            if None not in values:
                assert values[0] + values[1] == values[2] + values[3]


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.name)
def test_printed_text_carries_the_truth(path: Path) -> None:
    truth = _load(path)
    report = REPORTS_DIR / truth["file"]
    if report.suffix == ".docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    elif report.suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(report))
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        pdf.close()
    else:
        text = report.read_bytes().decode(truth["encoding"])
    for heading in truth["headings"].values():
        assert heading in text
    assert truth["agency"] in text
    if truth["encoding"] != "utf-8":
        with pytest.raises(UnicodeDecodeError):
            report.read_bytes().decode("utf-8")


def test_checks_follow_the_schema_rules() -> None:
    cols = [c.key for c in APPLICANT_COLUMNS]
    row = dict.fromkeys(cols, 0)
    app = {r.key: dict(row) for r in APPLICATIONS.rows_for("2021") if not r.subtotal_of}
    app["new_received"].update(natural_person=2, total=2)
    app["granted"].update(natural_person=2, total=2)
    app["total_handled"].update(natural_person=2, total=2)
    cells = {"applications": app, "review_litigation": {"review": {
        "upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}}}
    assert failed(cells) == []
    app["granted"]["total"] = None  # blank is not 0: not assessable, not failed
    status = evaluate(cells)
    assert status["applications.row_total/granted"] == "not_assessable"
    assert status["applications.outcome_total/total"] == "not_assessable"
    app["granted"]["natural_person"] = 3
    assert failed(cells) == ["applications.outcome_total/natural_person"]
    app["granted"]["natural_person"] = 1
    for leaf in ("other_no_correction", "other_unpaid_fee", "other_other"):  # （六） printed as one row
        del app[leaf]
    app["other_total"] = dict(row, natural_person=1, total=1)  # stands for its category
    assert "applications.outcome_total/natural_person" not in failed(cells)


def test_random_generation_is_deterministic(tmp_path: Path) -> None:
    for out in ("a", "b"):
        assert main(["--count", "12", "--out", str(tmp_path / out), "--seed", "7"]) == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 24 and names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        if name.endswith(".truth.json"):
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
            truth = _load(tmp_path / "a" / name)
            assert failed(truth["cells"]) == truth["failed_checks"]


def _benchmark():
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def test_benchmark_scores_a_perfect_and_a_wrong_extraction() -> None:
    bench = _benchmark()
    truth_path = TRUTHS[0]
    truth = _load(truth_path)

    class Echo:  # an "extractor" that returns the truth, optionally with one cell wrong
        def __init__(self, wrong: bool) -> None:
            rows = [{"table": t, "row": r, "col": c, "value": v, "derived": False}
                    for t, rs in truth["cells"].items() for r, cs in rs.items() for c, v in cs.items()]
            if wrong:
                rows[0]["value"] = (rows[0]["value"] or 0) + 1
            rows.append({"table": "applications", "row": "denied_total", "col": "total", "value": 1,
                         "derived": True})
            self.cells = pd.DataFrame(rows)
            self.sections = pd.DataFrame([{"key": k, "heading": h} for k, h in truth["headings"].items()])
            self.checks = pd.DataFrame([{"rule": f.split("/")[0], "target": f.split("/")[1], "status": "fail"}
                                        for f in truth["failed_checks"]], columns=["rule", "target", "status"])
            self.meta = {k: truth[k] for k in ("agency", "year", "template")} | {"status": "ok"}

    report = REPORTS_DIR / truth["file"]
    good = bench.score(report, truth_path, lambda _path: Echo(False))
    assert (good.right, good.extra, good.headings_exact) == (good.cells, 0, 6)
    assert good.agency and good.year and good.template and good.checks
    bad = bench.score(report, truth_path, lambda _path: Echo(True))
    assert bad.right == bad.cells - 1
    assert bench.same(None, float("nan")) and bench.same(96171.6, 96171.6 + 1e-12) and not bench.same(0, None)
