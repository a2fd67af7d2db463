"""The extract command against odd arguments and hostile inputs: one line, never a traceback,
nothing extracted when the run cannot end well, the batch goes on past any one bad name."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from extractor.cli import app

from .clirunner import CliRunner
from .sample_text import SAMPLE_REPORT

runner = CliRunner()


@pytest.fixture()
def report(tmp_path):
    path = tmp_path / "in" / "report.txt"
    path.parent.mkdir()
    path.write_text(SAMPLE_REPORT, encoding="utf-8")
    return path


def _one_line_exit_2(result, expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [expected]


@pytest.mark.parametrize(("args", "expected"), [
    (["-o", ""], "extract: -o needs a file or folder name (got an empty one)"),
    (["-o", "/dev/null"], "extract: cannot write /dev/null: it exists and is not a folder"),
    (["-o", "/proc/x.csv"], "extract: cannot write /proc/x.csv: No such file or directory"),
    (["-o", "/sys/x.csv"], "extract: cannot write /sys/x.csv: Permission denied"),
    (["-o", "/sys/x.parquet"], "extract: cannot write /sys/x.parquet: Permission denied"),
    (["-o", "/sys/x.json"], "extract: cannot write /sys/x.json: Permission denied"),
    (["-o", "/sys/dataset/"], "extract: cannot write /sys/dataset: Operation not permitted"),
    (["-o", "OUT", "--audit", "/sys/audit"], "extract: cannot write the audit into /sys/audit: Operation not permitted"),
    (["-o", "OUT", "--timeout", "nan"], "extract: --timeout must be a positive number of seconds (got nan)"),
    (["-o", "OUT", "--timeout", "0"], "extract: --timeout must be a positive number of seconds (got 0)"),
    (["-o", "OUT", "--max-memory", "-5"], "extract: --max-memory must be a number of MB, 0 for no limit (got -5)"),
    (["-o", "OUT", "--workers", "0"], "extract: --workers must be 1 or more (got 0)"),
    (["-o", "OUT", "--workers", "-1"], "extract: --workers must be 1 or more (got -1)"),
])
def test_arguments_that_cannot_end_well_are_refused_before_extracting(report, args, expected):
    out = str(report.parent.parent / "out.csv")
    result = runner.invoke(app, [str(report), *[out if a == "OUT" else a for a in args]])
    _one_line_exit_2(result, expected)
    assert not (report.parent.parent / "out.csv").exists()


def test_output_inside_a_file_or_equal_to_an_input_is_refused(report):
    pdf = report.parent / "file.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    _one_line_exit_2(runner.invoke(app, [str(report), "-o", str(pdf / "x.csv")]),
                     f"extract: cannot write {pdf / 'x.csv'}: {pdf} is not a folder")
    data = report.parent / "data.csv"
    data.write_text(SAMPLE_REPORT, encoding="utf-8")
    _one_line_exit_2(runner.invoke(app, [str(data), "-o", str(data)]),
                     f"extract: the output {data} is one of the inputs: choose another -o")
    assert data.read_text(encoding="utf-8") == SAMPLE_REPORT
    _one_line_exit_2(runner.invoke(app, [str(report), "-o", str(report.parent / "o.csv"), "--audit", str(pdf)]),
                     f"extract: cannot write the audit into {pdf}: it exists and is not a folder")


def test_dask_engine_without_dask_is_a_usage_error(report, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a))
    result = runner.invoke(app, [str(report), "-o", str(report.parent / "o.csv"), "--engine", "dask"])
    _one_line_exit_2(result, "extract: --engine dask needs Dask: pip install 'govinfo-extractor[dask]'")


def test_a_missing_path_among_several_is_one_failed_line(report):
    missing = report.parent / "gone.pdf"
    out = report.parent.parent / "out.csv"
    result = runner.invoke(app, [str(report), str(missing), "-o", str(out)])
    assert result.exit_code == 1
    assert f"FAILED {missing}: no such file or folder" in result.output.splitlines()
    assert len(pd.read_csv(out, encoding="utf-8-sig")) > 200  # the other report is written
    # all missing: nothing to do, a usage error as before
    only = runner.invoke(app, [str(missing), "-o", str(out)])
    _one_line_exit_2(only, f"extract: no such file or folder: {missing}")


def test_an_unreadable_folder_is_a_failed_line_and_the_batch_goes_on(report, monkeypatch):
    locked = report.parent / "locked"
    locked.mkdir()
    real = os.scandir

    def scandir(path):  # root reads any folder: make this one refuse like chmod 000 does for a user
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = report.parent.parent / "ds"
    result = runner.invoke(app, [str(report.parent), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert f"FAILED {locked}: cannot read folder: Permission denied" in result.output.splitlines()
    assert "Traceback" not in result.output
    reports = pd.read_parquet(out / "reports").set_index("source")
    assert reports.loc[str(report), "status"] == "ok"
    assert reports.loc[str(locked), "error"] == "cannot read folder: Permission denied"


def test_a_fifo_fails_as_not_a_regular_file_and_never_hangs(report):
    named = report.parent / "x.txt"
    os.mkfifo(named)
    out = report.parent.parent / "ds"
    for args in ([str(named), str(report)], [str(report.parent)]):
        proc = subprocess.run([sys.executable, "-m", "extractor", *args, "-o", str(out), "--force"],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1, proc.stderr
        assert f"FAILED {named}: not a regular file" in proc.stderr.splitlines()
        assert "Traceback" not in proc.stderr


def test_names_that_are_not_utf8_are_kept_escaped_and_never_sink_the_output(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"r\xff\xfe.txt")
    with open(odd, "wb") as fh:
        fh.write(SAMPLE_REPORT.encode("utf-8"))
    with open(os.path.join(os.fsencode(folder), b"e\xff.pdf"), "wb"):
        pass
    shown = f"{folder}/r\\xff\\xfe.txt"
    for out in ("o.csv", "o.parquet", "o.json", "ds/"):
        result = runner.invoke(app, [str(folder), "-o", str(tmp_path / out)])
        assert result.exit_code == 1, result.output
        assert f"FAILED {folder}/e\\xff.pdf: empty file" in result.output.splitlines()
        assert "Traceback" not in result.output
    assert set(pd.read_csv(tmp_path / "o.csv", encoding="utf-8-sig")["source"]) == {shown}
    assert set(pd.read_parquet(tmp_path / "o.parquet")["source"]) == {shown}
    assert [d["meta"]["source"] for d in json.loads((tmp_path / "o.json").read_text("utf-8"))] == [
        f"{folder}/e\\xff.pdf", shown]
    assert sorted(pd.read_parquet(tmp_path / "ds" / "reports")["status"]) == ["failed", "ok"]


def test_control_characters_in_names_are_escaped_wherever_printed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\x1b]0;owned\x07\nb.pdf").write_bytes(b"")
    (folder / "report.txt").write_text(SAMPLE_REPORT, encoding="utf-8")
    result = runner.invoke(app, [str(folder), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 1
    assert f"FAILED {folder}/a\\x1b]0;owned\\x07\\nb.pdf: empty file" in result.output.splitlines()
    assert "\x1b" not in result.output and "\x07" not in result.output


def _zip(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_zip_archives_are_opened_and_their_members_extracted(tmp_path, monkeypatch):
    from extractor import archives

    folder = tmp_path / "in"
    folder.mkdir()
    one = SAMPLE_REPORT.encode("utf-8")
    two = SAMPLE_REPORT.replace("测试县统计局", "测试乙县统计局").encode("utf-8")
    _zip(folder / "batch.zip", {"2023/a.txt": one, "2023/b.txt": two, "readme.jpg": b"\xff\xd8\xff",
                                "__MACOSX/2023/._a.txt": b"junk", "bomb.txt": b"0" * (3 * 2**20)})
    out = tmp_path / "ds"
    result = runner.invoke(app, [str(folder), "-o", str(out)])
    assert result.exit_code == 1, result.output
    failed = [line for line in result.output.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and failed[0].startswith(f"FAILED {folder}/batch.zip!/bomb.txt: zip member compressed ")
    assert failed[0].endswith(":1 (limit 100:1, a zip bomb?)")
    reports = pd.read_parquet(out / "reports").set_index("source")
    assert reports.loc[f"{folder}/batch.zip!/2023/a.txt", "status"] == "ok"
    assert reports.loc[f"{folder}/batch.zip!/2023/b.txt", "agency"] == "测试乙县统计局"
    assert len(reports) == 3
    # a member declaring more than the size limit is refused without inflating it
    monkeypatch.setattr(archives, "MAX_MEMBER_BYTES", 1000)
    with pytest.raises(archives.ExtractionError, match=r"zip member too large \(0 MB, limit 0 MB\)"):
        archives.read_member(str(folder / "batch.zip"), "2023/a.txt")


def test_a_member_inflating_past_its_declared_size_is_refused(tmp_path):
    from extractor import archives

    path = tmp_path / "lying.zip"
    _zip(path, {"a.txt": b"x" * 5000})
    raw = bytearray(path.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo("a.txt")
    central = raw.rindex(b"PK\x01\x02")
    raw[central + 24:central + 28] = (100).to_bytes(4, "little")  # declared size: 100 bytes
    path.write_bytes(bytes(raw))
    assert info.file_size == 5000
    with pytest.raises(archives.ExtractionError, match=r"unreadable zip member \(Bad CRC-32"):
        archives.read_member(str(path), "a.txt")


def test_second_run_into_a_locked_dataset_says_who_holds_it(report):
    from extractor.dataset import lock

    out = report.parent.parent / "ds"
    fd = lock(out)
    try:
        result = runner.invoke(app, [str(report), "-o", str(out) + "/"])
    finally:
        os.close(fd)
    assert result.exit_code == 2
    (line,) = result.output.splitlines()
    assert line.startswith(f"extract: {out} is being written by pid {os.getpid()} on ")
    assert line.endswith("; wait for it to finish")
    assert not (out / "reports").exists()
    assert runner.invoke(app, [str(report), "-o", str(out) + "/"]).exit_code == 0  # released: runs


def test_outputs_honour_the_umask(report):
    old = os.umask(0o022)
    try:
        base = report.parent.parent
        for out in ("o.csv", "o.parquet", "o.json", "ds/"):
            assert runner.invoke(app, [str(report), "-o", str(base / out)]).exit_code == 0
    finally:
        os.umask(old)
    files = [base / "o.csv", base / "o.parquet", base / "o.json", *sorted((base / "ds").rglob("*.parquet")),
             base / "ds" / "cells.csv"]
    assert {oct(stat.S_IMODE(f.stat().st_mode)) for f in files} == {"0o644"}


def test_one_report_is_singular_and_read_in_process_without_pandas(report, tmp_path):
    out = tmp_path / "one.csv"
    code = ("import atexit, sys\n"
            "from multiprocessing import forkserver\n"
            "atexit.register(lambda: print('pandas' in sys.modules, forkserver._forkserver._forkserver_pid,"
            " file=sys.stderr))\n"
            "from extractor.cli import main\n"
            f"sys.argv = ['extract', {str(report)!r}, '-o', {str(out)!r}]\n"
            "main()\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[0].startswith("1 report in ")
    assert proc.stderr.splitlines()[-1] == "False None"  # no pandas import, no worker pool
