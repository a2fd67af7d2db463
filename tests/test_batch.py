"""Batch runs: bad files cost only themselves, resume after a kill, same result."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd

from extractor.batch import TEST_HOOK
from extractor.cli import app

from .clirunner import CliRunner
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


def test_rerun_retries_failed_files_and_keeps_one_row_per_file(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    _reports(folder, 3)
    out = tmp_path / "ds"
    monkeypatch.setenv(TEST_HOOK, "crash:r001")  # fails now, for a reason that goes away
    first = runner.invoke(app, [str(folder), "-o", str(out), "-w", "2"])
    assert first.exit_code == 1
    assert sorted(_dataset(out)[1]["status"]) == ["failed", "ok", "ok"]
    monkeypatch.delenv(TEST_HOOK)
    second = runner.invoke(app, [str(folder), "-o", str(out), "-w", "2"])
    assert second.exit_code == 0, second.output
    assert "1 report in" in second.output
    assert "2 already in the dataset (skipped) · 1 failed before (tried again)" in second.output
    cells, reports = _dataset(out)
    assert sorted(reports["status"]) == ["ok", "ok", "ok"] and reports["report_id"].is_unique
    assert cells["report_id"].nunique() == 3
    third = runner.invoke(app, [str(folder), "-o", str(out), "-w", "2"])
    assert "3 already in the dataset (skipped)" in third.output and "tried again" not in third.output


def test_a_killed_retry_leaves_one_row_per_file(tmp_path):
    """Killed between committing the new row and dropping the old failed one: the next open repairs it."""
    from extractor.dataset import DatasetWriter
    from extractor.pipeline import extract, failed_report

    _reports(tmp_path / "in", 1)
    path = str(tmp_path / "in" / "r000.txt")
    good = extract(path)
    bad = failed_report(path, "worker crashed (exit code -9)")
    bad.meta.update(sha256=good.meta["sha256"], report_id=good.meta["report_id"])
    writer = DatasetWriter(tmp_path / "ds")
    writer.add(bad)
    writer.close()
    time.sleep(0.05)
    writer = DatasetWriter(tmp_path / "ds")
    writer.failed_rows.clear()  # as if killed before the old row was dropped
    writer.add(good)
    writer.close()
    assert len(_dataset(tmp_path / "ds")[1]) == 2
    DatasetWriter(tmp_path / "ds").close()
    assert list(_dataset(tmp_path / "ds")[1]["status"]) == ["ok"]


def test_buffered_reports_are_flushed_after_some_seconds(tmp_path):
    from extractor.dataset import DatasetWriter
    from extractor.pipeline import extract

    _reports(tmp_path / "in", 1)
    writer = DatasetWriter(tmp_path / "ds", every=200, seconds=0.3)
    writer.add(extract(tmp_path / "in" / "r000.txt"))
    assert not list((tmp_path / "ds" / "reports").glob("part-*"))
    time.sleep(0.4)
    writer.tick()  # the run calls this while it waits for workers
    assert len(list((tmp_path / "ds" / "reports").glob("part-*"))) == 1
    writer.close()


def test_progress_lines_when_not_on_a_terminal(tmp_path):
    _reports(tmp_path / "in", 3)
    result = runner.invoke(app, [str(tmp_path / "in"), "-o", str(tmp_path / "ds"), "-w", "2",
                                 "--progress-every", "0"])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line.startswith("progress: ")]
    assert lines and all(" files · ok " in line and line.endswith(" s") for line in lines)
    assert any(line.startswith("progress: 0/3 files · ok 0 · partial 0 · failed 0 · ") for line in lines)


def test_failed_files_keep_format_and_pages(tmp_path):
    from reportlab.pdfgen import canvas

    from extractor.pipeline import extract

    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan))
    for _ in range(3):
        c.rect(50, 50, 400, 600, fill=1)  # a picture, no text layer
        c.showPage()
    c.save()
    meta = extract(scan).meta
    assert (meta["status"], meta["error"], meta["format"], meta["pages"]) == (
        "failed", "no text layer (scanned PDF?)", "pdf", 3)
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    meta = extract(doc).meta
    assert (meta["status"], meta["format"]) == ("failed", "doc")


def test_one_file_in_process_keeps_the_timeout_and_memory_limit(tmp_path, monkeypatch):
    from extractor import batch

    def slow(path):
        while True:
            pass

    monkeypatch.setattr(batch, "extract", slow)
    report = batch.extract_guarded("x.txt", timeout=0.5, max_memory_mb=0)
    assert (report.status, report.meta["error"]) == ("failed", "timed out after 0.5 s")

    def hog(path):
        from extractor.pipeline import extract_bytes

        hoard = [bytearray(2**20) for _ in range(2000)]  # 2 GB: the backstop stops it at 300 MB
        return extract_bytes(bytes(len(hoard)))

    def bloated(path):
        from extractor.pipeline import failed_report

        try:
            return hog(path)
        except MemoryError:
            return failed_report(path, "internal error: MemoryError: ")

    monkeypatch.setattr(batch, "extract", bloated)
    report = batch.extract_guarded("x.txt", timeout=60, max_memory_mb=300)
    assert (report.status, report.meta["error"]) == ("failed", "exceeded the memory limit (300 MB)")
    hoard = bytearray(400 * 2**20)  # the limit is lifted afterwards
    assert len(hoard) == 400 * 2**20


def _children(pid: int) -> set[int]:
    """Every descendant of ``pid`` (the fork server and its workers)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    kids = {int(k) for k in fh.read().split()}
            except OSError:
                continue
            todo += kids - found
            found |= kids
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _start_busy_run(tmp_path, extra=()):
    folder = tmp_path / "in"
    _reports(folder, 6)
    for i in range(4):
        (folder / f"slow{i}.txt").write_text(SAMPLE_REPORT.replace("测试县", f"慢{i}县"), encoding="utf-8")
    env = dict(os.environ, **{TEST_HOOK: "hang:slow"})
    cmd = [sys.executable, "-m", "extractor", str(folder), "-o", str(tmp_path / "ds"), "-w", "2",
           "--flush-every", "1", "--progress-every", "1e9", *extra]
    # a shell without job control starts background jobs with SIGINT ignored (CI may run us so):
    # give the run the default disposition a terminal gives it
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((tmp_path / "ds" / "reports").glob("part-*"))) < 6:
        time.sleep(0.05)
    time.sleep(0.5)  # both workers now hang on a slow file
    return proc, cmd


def test_ctrl_c_prints_one_line_and_the_run_resumes(tmp_path):
    proc, cmd = _start_busy_run(tmp_path)
    workers = _children(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does: the whole process group
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130
    assert err.splitlines() == ["interrupted: 6 done, run the same command to resume"]
    time.sleep(0.5)
    assert [p for p in workers if _alive(p)] == []
    assert len(_dataset(tmp_path / "ds")[1]) == 6
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, **{TEST_HOOK: ""}))
    assert rerun.returncode == 0 and "6 already in the dataset (skipped)" in rerun.stderr
    assert len(_dataset(tmp_path / "ds")[1]) == 10


def test_sigterm_stops_the_run_like_ctrl_c(tmp_path):
    proc, _ = _start_busy_run(tmp_path)
    workers = _children(proc.pid)
    second = runner.invoke(app, [str(tmp_path / "in"), "-o", str(tmp_path / "ds"), "-w", "1"])
    assert second.exit_code == 2  # one run writes a dataset at a time
    assert second.output.startswith(f"extract: {tmp_path / 'ds'} is being written by pid {proc.pid} on ")
    proc.send_signal(signal.SIGTERM)  # the parent only, as `kill PID` does
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 128 + signal.SIGTERM
    assert err.splitlines() == ["interrupted: 6 done, run the same command to resume"]
    time.sleep(0.5)
    assert [p for p in workers if _alive(p)] == []


def test_workers_die_with_a_killed_parent(tmp_path):
    proc, _ = _start_busy_run(tmp_path)
    workers = _children(proc.pid)
    assert len(workers) >= 3  # the fork server and two workers
    proc.send_signal(signal.SIGKILL)  # the parent only: nobody tells the workers
    proc.communicate(timeout=60)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    assert [p for p in workers if _alive(p)] == []
