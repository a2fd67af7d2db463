"""A .wps file that is a Word binary document goes through the LibreOffice path (content, not name)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from extractor.discover import discover
from extractor.pipeline import extract

REPORTS = Path(__file__).resolve().parent.parent / "corpus" / "reports"


def test_word_binary_saved_as_wps_is_read(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (.ci/run installs it: apt-get install libreoffice-writer-nogui)"
    source = REPORTS / "docx01_official.docx"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    folder = tmp_path / "in"
    folder.mkdir()
    wps = folder / "年度报告.wps"
    (tmp_path / "docx01_official.doc").rename(wps)
    assert wps.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 Word binary
    assert discover([folder]).files == [str(wps)]
    report = extract(wps)
    assert report.meta["format"] == "doc" and report.meta["status"] == "ok"
    truth = json.loads((REPORTS / "docx01_official.truth.json").read_text(encoding="utf-8"))["cells"]
    expected = {(t, r, c): v for t, rows in truth.items() for r, cols in rows.items() for c, v in cols.items()}
    got = {(c.table, c.row, c.col): c.value for c in report.cell_list if not c.derived}
    assert got == expected
