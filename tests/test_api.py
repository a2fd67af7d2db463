"""The Python API: extractor.extract, extractor.open_dataset (pandas and DuckDB), table_view."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

import extractor
from extractor import indicators
from extractor.api import table_view
from extractor.cli import app
from extractor.outputs import write_outputs
from extractor.pipeline import extract
from extractor.schema import OUTPUTS

from .clirunner import CliRunner
from .conftest import ROOT
from .sample_text import SAMPLE_REPORT

REPORTS = ROOT / "corpus" / "reports"
SOME = ("docx01_official.docx", "docx06_subtotals_bad.docx", "html04_t2019_wan.html", "txt03_t2019.txt",
        "md04_city_bad.md")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("api")
    for name in SOME:
        shutil.copy(REPORTS / name, root / name)
    out = root / "dataset"
    result = CliRunner().invoke(app, [str(root), "-o", f"{out}/", "-q", "-w", "1", "--no-csv"])
    assert result.exit_code == 0, result.output
    return out


def test_import_is_light():
    code = "import sys, extractor; print(sorted(m for m in ('pandas', 'duckdb', 'extractor.pipeline') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_extract_gives_a_report_with_frames_meta_and_json():
    report = extractor.extract(REPORTS / "docx01_official.docx")
    assert report.meta["agency"] == "保定市信访局" and report.meta["year"] == 2023
    assert isinstance(report.cells, pd.DataFrame) and len(report.cells) == report.meta["n_cells"]
    assert list(report.sections["key"]) == ["overview", "active_disclosure", "applications", "review_litigation",
                                            "problems_improvements", "other_matters"]
    assert set(report.checks["status"]) == {"pass"}
    assert report.to_json()["tables"]["applications"]["new_received"]["total"] == {"value": 47, "raw": "47",
                                                                                 "placed_by": "label"}


def test_open_dataset_gives_typed_frames(dataset):
    ds = extractor.open_dataset(dataset)
    assert len(ds.reports) == len(SOME) and set(ds.reports["status"]) == {"ok"}
    for table in ("cells", "reports", "sections", "checks", "facts"):
        frame = getattr(ds, table)
        for col in OUTPUTS[table]:
            assert str(frame[col.name].dtype) == col.dtype, (table, col.name, frame[col.name].dtype)
    assert len(ds.cells) == ds.reports["n_cells"].sum()
    assert ds.checks.groupby("report_id").size().sum() == len(ds.checks)
    one = ds.cells[(ds.cells["source"].str.endswith("docx01_official.docx")) & (ds.cells["row"] == "new_received")
                   & (ds.cells["col"] == "total")]
    assert one["value"].tolist() == [47.0]


def test_dataset_indicators_equal_the_per_report_computation(dataset):
    ds = extractor.open_dataset(dataset)
    assert len(ds.indicators) == len(SOME) * len(indicators.KEYS)
    for source in ds.reports["source"]:
        mine = indicators.compute(extract(source).cells)
        rid = mine["report_id"].iat[0]
        theirs = ds.indicators[ds.indicators["report_id"] == rid].reset_index(drop=True)
        pd.testing.assert_frame_equal(theirs, mine, check_exact=False)
    wide = ds.indicators_wide()
    assert len(wide) == len(SOME) and list(wide.columns[4:]) == list(indicators.KEYS)


def test_duckdb_connection_has_the_five_views(dataset):
    con = extractor.open_dataset(dataset, engine="duckdb")
    names = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"cells", "reports", "sections", "checks", "indicators", "indicator_definitions"} <= names
    n_reports = con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
    assert n_reports == len(SOME)
    rate = con.execute("""
        SELECT i.value FROM indicators i JOIN reports r USING (report_id)
        WHERE i.indicator = 'disclosure_rate' AND r.source LIKE '%docx01_official.docx'
    """).fetchall()[0][0]
    assert rate == pytest.approx(32 / 45)
    fails = con.execute("SELECT count(*) FROM checks WHERE status = 'fail'").fetchall()[0][0]
    assert fails == extractor.open_dataset(dataset).reports["n_checks_failed"].sum() > 0
    defs = con.execute("SELECT indicator, name_zh FROM indicator_definitions").fetchall()
    assert ("disclosure_rate", "公开率（予以公开＋部分公开）") in defs
    con.close()


def test_open_dataset_reads_the_flat_layout_and_refuses_a_non_dataset(tmp_path):
    reports = [extract(REPORTS / "docx01_official.docx")]
    write_outputs(reports, tmp_path / "flat")  # cells.parquet, reports.parquet … in one folder
    ds = extractor.open_dataset(tmp_path / "flat")
    assert len(ds.cells) == 228 and ds.reports["agency"].tolist() == ["保定市信访局"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="holds no dataset"):
        extractor.open_dataset(tmp_path / "empty")
    with pytest.raises(FileNotFoundError, match="no dataset directory"):
        extractor.open_dataset(tmp_path / "missing")
    with pytest.raises(ValueError, match="unknown engine"):
        extractor.open_dataset(tmp_path / "flat", engine="spark")


def test_table_view_lays_a_table_out_as_printed():
    cells = extract(REPORTS / "docx01_official.docx").cells
    view = table_view(cells, "applications")
    assert view.loc[("一、本年新收政府信息公开申请数量", "new_received"), "总计"] == "47"
    assert view.loc[("（三）不予公开", "denied_total"), "总计"] == "(4)"  # derived: not printed
    assert list(view.columns) == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    numbers = table_view(cells, "review_litigation", show="value")
    assert numbers.loc[("行政复议", "review"), "总计"] == 13 and numbers.loc[("行政复议", "review"), "结果纠正"] == 0
    ad = table_view(cells, "active_disclosure")
    assert ad.loc[("行政许可", "administrative_licensing"), "本年处理决定数量"] == "42347"
    assert ad.loc[("行政许可", "administrative_licensing"), "本年制发件数"] == ""  # not in that row
    with pytest.raises(ValueError, match="one report"):
        table_view(pd.concat([cells, cells.assign(report_id="other")]), "applications")


def test_crossyear_checks_view_when_the_dataset_has_them(tmp_path):
    from extractor import crossyear

    data = tmp_path / "ds"
    for year, name in ((2022, "a.txt"), (2023, "b.txt")):
        src = tmp_path / "in" / name
        src.parent.mkdir(exist_ok=True)
        src.write_text(SAMPLE_REPORT.replace("2022", str(year)).replace("2023-01-20", f"{year + 1}-01-20"),
                       encoding="utf-8")
    result = CliRunner().invoke(app, [str(tmp_path / "in"), "-o", f"{data}/", "-q", "-w", "1", "--no-csv"])
    assert result.exit_code == 0, result.output
    con = extractor.open_dataset(data, engine="duckdb")
    names = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "crossyear_checks" not in names
    con.close()
    assert crossyear.main([str(data), "-q"]) == 0
    con = extractor.open_dataset(data, engine="duckdb")
    rows = con.execute("SELECT rule, status, count(*) FROM crossyear_checks GROUP BY ALL").fetchall()
    assert ("crossyear.carried_over", "pass", 7) in rows  # 2023's 上年结转 = 2022's 结转下年度, 7 columns
    con.close()
