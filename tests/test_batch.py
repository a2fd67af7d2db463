"""Batch runs: bad files cost only themselves, resume after a kill, same result."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
from typer.testing import CliRunner

from extractor.batch import TEST_HOOK
from extractor.cli import app

from .sample_text import SAMPLE_REPORT

runner = CliRunner()


def _reports(folder, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = SAMPLE_REPORT.replace("测试县统计局", f"测试{i:03d}县统计局")
        (folder / f"r{i:03d}.txt").write_text(text, encoding="utf-8")


def _dataset(out):
    cells = pd.read_parquet(out / "cells").sort_values(["report_id", "table", "row", "col"])
    reports = pd.read_parquet(out / "reports").sort_values("report_id")
    return cells.reset_index(drop=True), reports.reset_index(drop=True)


def test_bad_files_fail_one_by_one_and_the_batch_goes_on(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    _reports(folder, 3)
    (folder / "copy_of_r000.txt").write_bytes((folder / "r000.txt").read_bytes())
    (folder / "empty.docx").write_bytes(b"")
    (folder / "random.pdf").write_bytes(bytes(range(256)) * 8)
    (folder / "hangs.txt").write_text(SAMPLE_REPORT.replace("测试县", "挂起县"), encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    (folder / "notes.json").write_text('{"a": 1}', encoding="utf-8")
    (folder / "page.dat").write_text("<html><body><p>会议通知：请准时参加。</p></body></html>", encoding="utf-8")
    (folder / "bloats.txt").write_text(SAMPLE_REPORT.replace("测试县", "膨胀县"), encoding="utf-8")
    (folder / "crashes.txt").write_text(SAMPLE_REPORT.replace("测试县", "崩溃县"), encoding="utf-8")
    monkeypatch.setenv(TEST_HOOK, "hang:hangs,bloat:bloats,crash:crashes")
    out = tmp_path / "ds"
    result = runner.invoke(app, [str(folder), "-o", str(out), "--workers", "2", "--timeout", "3",
                                 "--max-memory", "400"])
    assert result.exit_code == 1
    failed = sorted(line for line in result.output.splitlines() if line.startswith("FAILED"))
    assert failed == [
        f"FAILED {folder / 'bloats.txt'}: exceeded the memory limit (400 MB)",
        f"FAILED {folder / 'crashes.txt'}: worker crashed (exit code -6)",
        f"FAILED {folder / 'empty.docx'}: empty file",
        f"FAILED {folder / 'hangs.txt'}: timed out after 3 s",
        f"FAILED {folder / 'random.pdf'}: not a document (unrecognized binary content)",
    ]
    assert f"not a report: {folder / 'page.dat'}" in result.output.splitlines()
    assert "1 duplicate file (same content, extracted once)" in result.output
    assert "2 non-report files skipped" in result.output
    cells, reports = _dataset(out)
    assert sorted(reports["status"]) == ["failed"] * 5 + ["not_report"] + ["ok"] * 3
    dup = reports[reports["source"] == str(folder / "copy_of_r000.txt")]
    assert dup.empty or dup.iloc[0]["paths"].count("|") == 1
    paths = " ".join(reports["paths"])
    assert str(folder / "copy_of_r000.txt") in paths and str(folder / "r000.txt") in paths
    hung = reports[reports["source"] == str(folder / "hangs.txt")].iloc[0]
    assert hung["report_id"] and len(hung["report_id"]) == 16
    assert cells["report_id"].nunique() == 3


def test_second_run_resumes_without_redoing_work(tmp_path):
    folder = tmp_path / "in"
    _reports(folder, 4)
    out = tmp_path / "ds"
    first = runner.invoke(app, [str(folder), "-o", str(out), "--workers", "1"])
    assert first.exit_code == 0
    _reports(folder, 6)  # two new files appear
    second = runner.invoke(app, [str(folder), "-o", str(out), "--workers", "1"])
    assert second.exit_code == 0
    assert "2 reports in" in second.output
    assert "4 already in the dataset (skipped)" in second.output
    cells, reports = _dataset(out)
    assert len(reports) == 6 and reports["report_id"].is_unique
    forced = runner.invoke(app, [str(folder), "-o", str(out), "--workers", "1", "--force"])
    assert "6 reports in" in forced.output
    assert len(_dataset(out)[1]) == 6


def test_killed_run_resumes_to_the_uninterrupted_result(tmp_path):
    folder = tmp_path / "in"
    _reports(folder, 60)
    clean = tmp_path / "clean"
    subprocess.run([sys.executable, "-m", "extractor", str(folder), "-o", str(clean), "-q", "-w", "2",
                    "--flush-every", "5"], check=False, timeout=300)
    killed = tmp_path / "killed"
    cmd = [sys.executable, "-m", "extractor", str(folder), "-o", str(killed), "-q", "-w", "2",
           "--flush-every", "5", "--no-csv"]
    proc = subprocess.Popen(cmd, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((killed / "reports").glob("part-*.parquet"))) < 2:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    parts = len(list((killed / "reports").glob("part-*.parquet")))
    assert 2 <= parts < 12, "the kill should land mid-run"
    subprocess.run(cmd, check=False, timeout=300)
    clean_cells, clean_reports = _dataset(clean)
    cells, reports = _dataset(killed)
    cols = ["report_id", "table", "row", "col", "value", "raw"]
    pd.testing.assert_frame_equal(cells[cols], clean_cells[cols])
    assert list(reports["report_id"]) == list(clean_reports["report_id"])
    assert len(reports) == 60


def test_dask_engine_gives_the_same_dataset(tmp_path):
    folder = tmp_path / "in"
    _reports(folder, 5)
    (folder / "empty.txt").write_bytes(b"")
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert runner.invoke(app, [str(folder), "-o", str(local), "-w", "2"]).exit_code == 1
    result = runner.invoke(app, [str(folder), "-o", str(dask), "-w", "2", "--engine", "dask"])
    assert result.exit_code == 1, result.output
    a_cells, a_reports = _dataset(local)
    b_cells, b_reports = _dataset(dask)
    cols = ["report_id", "table", "row", "col", "value", "raw"]
    pd.testing.assert_frame_equal(a_cells[cols], b_cells[cols])
    assert list(a_reports["status"]) == list(b_reports["status"])
