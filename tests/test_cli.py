"""The extract command: outputs by suffix, failure lines, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from extractor.cli import app
from extractor.pipeline import NOT_A_REPORT

from .clirunner import CliRunner
from .sample_text import SAMPLE_REPORT

runner = CliRunner()


@pytest.fixture()
def inputs(tmp_path):
    good = tmp_path / "in" / "report.txt"
    good.parent.mkdir()
    good.write_text(SAMPLE_REPORT, encoding="utf-8")
    (tmp_path / "in" / "notes.txt").write_text("会议纪要：请各单位准时参加。\n", encoding="utf-8")
    (tmp_path / "in" / "empty.pdf").write_bytes(b"")
    return tmp_path


def test_one_report_to_csv(inputs):
    out = inputs / "out.csv"
    result = runner.invoke(app, [str(inputs / "in" / "report.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the Chinese
    df = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(df.columns[:10]) == ["report_id", "source", "agency", "year", "template", "table", "row",
                                     "col", "value", "derived"]
    cells = df.set_index(["table", "row", "col"])
    assert cells.loc[("active_disclosure", "normative_documents", "in_force"), "value"] == "9"
    assert cells.loc[("active_disclosure", "administrative_fees", "amount_10k_yuan"), "value"] == "1.5"
    assert cells.loc[("applications", "new_received", "total"), "value"] == "1"
    assert set(df["agency"]) == {"测试县统计局"}
    assert set(df["year"]) == {"2022"}  # the statistics year, not the 2023 publication date
    # read back as the README says: codes stay text, with their leading zeros
    typed = pd.read_csv(out, encoding="utf-8-sig",
                        dtype={"report_id": str, "template": str, "region_code": str, "raw": str, "bbox": str})
    assert set(typed["template"]) == {"2021"} and str(typed["year"].dtype) == "int64"
    assert typed.loc[typed["raw"].notna(), "raw"].str.fullmatch(r"[0-9.]+").all()


def test_folder_to_dataset_directory_with_failures(inputs):
    out = inputs / "dataset"
    result = runner.invoke(app, [str(inputs / "in"), "-o", str(out) + "/"])
    assert result.exit_code == 1
    lines = sorted(line for line in result.output.splitlines() if line.startswith("FAILED"))
    assert lines == [f"FAILED {inputs / 'in' / 'empty.pdf'}: empty file"]
    # a readable document that is not a report is counted apart, not as a failure (SCHEMA §5)
    assert f"not a report: {inputs / 'in' / 'notes.txt'}" in result.output.splitlines()
    assert "3 reports in" in result.output and "1 ok, 0 partial, 1 failed, 1 not a report" in result.output
    tables = ("cells", "reports", "sections", "checks", "facts")
    assert sorted(p.name for p in out.iterdir()) == sorted([".lock", *tables, *(f"{t}.csv" for t in tables)])
    reports = pd.read_parquet(out / "reports").set_index("source")
    assert reports.loc[str(inputs / "in" / "report.txt"), "status"] == "ok"
    assert reports.loc[str(inputs / "in" / "empty.pdf"), "error"] == "empty file"
    assert reports.loc[str(inputs / "in" / "notes.txt"), "status"] == "not_report"
    assert reports.loc[str(inputs / "in" / "notes.txt"), "error"] == NOT_A_REPORT
    assert reports.loc[str(inputs / "in" / "notes.txt"), "format"] == "txt"
    cells = pd.read_parquet(out / "cells")
    assert len(cells[~cells["derived"]]) == 10 + 25 * 7 + 15
    assert str(cells["value"].dtype) == "float64"
    sections = pd.read_parquet(out / "sections")
    assert list(sections["section"]) == [1, 2, 3, 4, 5, 6]
    csv = pd.read_csv(out / "reports.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert sorted(csv["status"]) == ["failed", "not_report", "ok"]
    assert set(csv["year"]) == {"2022", ""}  # integers stay integers in CSV


def test_json_output_is_nested(inputs):
    out = inputs / "out.json"
    result = runner.invoke(app, [str(inputs / "in" / "report.txt"), "-o", str(out)])
    assert result.exit_code == 0
    (doc,) = json.loads(out.read_text(encoding="utf-8"))
    assert doc["meta"]["agency"] == "测试县统计局"
    assert doc["tables"]["applications"]["granted"]["natural_person"] == {"value": 1, "raw": "1", "placed_by": "label"}
    assert doc["tables"]["applications"]["denied_total"]["total"] == {"value": 0, "raw": None, "derived": True,
                                                                         "placed_by": "derived"}
    assert [s["key"] for s in doc["sections"]][0] == "overview"
    assert {c["status"] for c in doc["checks"]} == {"pass"}


def test_usage_errors_exit_2(inputs):
    missing = runner.invoke(app, [str(inputs / "nope.pdf"), "-o", str(inputs / "o.csv")])
    assert missing.exit_code == 2
    assert f"extract: no such file or folder: {inputs / 'nope.pdf'}" in missing.output
    bad_suffix = runner.invoke(app, [str(inputs / "in" / "report.txt"), "-o", str(inputs / "o.xlsx")])
    assert bad_suffix.exit_code == 2
    assert "unknown output type '.xlsx'" in bad_suffix.output
    no_out = runner.invoke(app, [str(inputs / "in" / "report.txt")])
    assert (no_out.exit_code, no_out.output) == (
        2, "extract: the following arguments are required: -o/--out (see extract --help)\n")


def test_console_script_module_entry_point(inputs):
    out = inputs / "p.parquet"
    proc = subprocess.run([sys.executable, "-m", "extractor", str(inputs / "in"), "-o", str(out), "-q"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.count("FAILED") == 1  # empty.pdf; notes.txt is not a report (-q: not printed)
    assert len(pd.read_parquet(out)) > 0


def test_help_explains_usage():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "extract report.pdf -o out.csv" in result.output
    text = " ".join(result.output.split())
    assert "Exit status: 0 all extracted (or not reports), 1 some failed, 2 usage error, 130 interrupted" in text
    # the usage line as typed, no {paths}... or <list[Path]> from the generic help
    assert result.output.splitlines()[0] == "usage: extract PATH... -o OUT [OPTIONS]"
    assert "{" not in result.output and "list[" not in result.output
