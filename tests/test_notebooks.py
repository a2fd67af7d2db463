"""The notebooks run top to bottom on a freshly built demo dataset, charts without tofu.

The demo dataset (``python -m corpus.demo``) is built once into a temporary folder
(about 30 s) and handed to the notebooks through GOVINFO_DEMO_DIR.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import time

import pytest

from .conftest import ROOT

pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK_DIR = ROOT / "notebooks"
NAMES = ("01_quickstart.ipynb", "02_county_trends.ipynb", "03_quality_audit.ipynb")


def _runner():
    spec = importlib.util.spec_from_file_location("notebooks_run", NOTEBOOK_DIR / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    from corpus import demo

    out = tmp_path_factory.mktemp("demo")
    start = time.perf_counter()
    demo.build(out)
    print(f"demo dataset built in {time.perf_counter() - start:.1f} s")
    return out


def _texts(nb) -> list[str]:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                out.append(o["text"])
            elif "data" in o:
                out.append(o["data"].get("text/plain", ""))
            elif o.get("output_type") == "error":
                out.append(f"{o['ename']}: {o['evalue']}")
    return out


def _images(nb) -> int:
    return sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


def test_demo_dataset_is_a_plausible_panel(demo_dir):
    import extractor

    rows = list(csv.DictReader(open(demo_dir / "regions.csv", encoding="utf-8")))
    assert len(rows) == 315 and {r["year"] for r in rows} == {str(y) for y in range(2019, 2026)}
    assert {r["agency_level"] for r in rows} == {"province", "prefecture", "county"}
    assert len({r["county"] for r in rows if r["county"]}) == 18
    assert {r["template"] for r in rows} == {"2019", "2021"} and {r["format"] for r in rows} >= {"docx", "html"}
    ds = extractor.open_dataset(demo_dir / "dataset")
    assert len(ds.reports) == 315 and set(ds.reports["status"]) == {"ok"}
    # the reports that don't add up are exactly those the generator broke
    planted = {r["file"].rsplit(".", 1)[0] for r in rows
               if any(not c.startswith("text.") for c in r["failed_checks"].split())}  # text.*: not counted
    failing = set(ds.reports.loc[ds.reports["n_checks_failed"] > 0, "source"].str.extract(
        r"([^/\\]+)\.\w+$", expand=False))
    assert failing == planted and 10 <= len(planted) <= 40
    # trends: more applications and a higher disclosure rate in 2025 than in 2019
    from extractor import indicators

    by_year = indicators.pool(ds.indicators, ["year"]).set_index(["indicator", "year"])["value"]
    assert by_year[("applications_received", 2025)] > 1.3 * by_year[("applications_received", 2019)]
    assert by_year[("disclosure_rate", 2025)] > by_year[("disclosure_rate", 2019)] + 0.03
    assert by_year[("denial_rate", 2025)] < by_year[("denial_rate", 2019)]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name, demo_dir, monkeypatch):
    monkeypatch.setenv("GOVINFO_DEMO_DIR", str(demo_dir))
    nb, seconds = _runner().execute(NOTEBOOK_DIR / name)  # raises CellExecutionError on any error
    print(f"{name}: {seconds:.1f} s")
    text = "\n".join(_texts(nb))
    assert "missing from font" not in text and "Glyph" not in text  # no tofu boxes in charts
    assert "Traceback" not in text
    if name.startswith("01"):
        assert "保定市信访局" in text and "applications.row_total" in text
    if name.startswith("02"):
        assert _images(nb) >= 3
        assert "CJK font for charts:" in text
        found, planted, both = map(int, re.search(r"(\d+) breaks found; (\d+) planted, (\d+) of them found",
                                                  text).groups())
        assert found >= planted == both > 0  # every planted continuity break is found
    if name.startswith("03"):
        failing, planted, exact = map(int, re.search(
            r"(\d+) reports fail at least one check; the generator made (\d+) reports not add up; "
            r"(\d+) found exactly as injected", text).groups())
        assert failing == planted == exact > 0


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebooks_carry_their_outputs(name):
    import nbformat

    nb = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), "run python notebooks/run.py"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))  # top to bottom, once
    assert not any(o.get("output_type") == "error" for c in code for o in c.outputs)
    assert all(c.outputs for c in code)
