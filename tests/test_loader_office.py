"""Legacy Word/WPS/RTF loader: LibreOffice conversion, simulated and (when installed) real."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import docx
import pytest

from extractor.errors import ExtractionError
from extractor.loaders import load_bytes, office

OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "政府信息公开".encode("utf-16-le")
RTF = (
    r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 SimSun;}}"
    r"\pard\f0 \u19968?\u12289?\u24635?\u20307?\u24773?\u20917?\par"  # 一、总体情况
    r"\trowd\cellx2000\cellx4000 \intbl A\cell \intbl B\cell\row"
    r"\pard\par}"
).encode("ascii")


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "第二十条第（一）项"
    table.cell(1, 0).text = "规章"
    table.cell(1, 1).text = "2"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _fake_soffice(tmp_path: Path, monkeypatch, behaviour: str) -> Path:
    """Install a stand-in for soffice: 'convert' writes a DOCX, 'fail' errors, 'hang' sleeps."""
    result = tmp_path / "result.docx"
    result.write_bytes(_docx_bytes())
    args_log = tmp_path / "args.txt"
    script = tmp_path / "soffice"
    script.write_text(f"""#!{sys.executable}
import pathlib, shutil, sys, time
args = sys.argv[1:]
pathlib.Path({str(args_log)!r}).write_text("\\n".join(args))
if {behaviour!r} == "fail":
    sys.stderr.write("Error: source file could not be loaded\\n")
    sys.exit(1)
if {behaviour!r} == "hang":
    time.sleep(30)
out = pathlib.Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
shutil.copy({str(result)!r}, out / (pathlib.Path(args[-1]).stem + ".docx"))
""")
    script.chmod(0o755)
    monkeypatch.setattr(office.shutil, "which", lambda name: str(script) if name == "soffice" else None)
    return args_log


def test_without_libreoffice(monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    with pytest.raises(ExtractionError) as err:
        load_bytes(OLE_DOC)
    assert str(err.value) == "legacy Word/WPS file: needs LibreOffice (soffice) installed to convert it"


@pytest.mark.parametrize("data, fmt", [(OLE_DOC, "doc"), (RTF, "rtf")], ids=["doc", "rtf"])
def test_converted_through_docx(tmp_path, monkeypatch, data, fmt):
    args_log = _fake_soffice(tmp_path, monkeypatch, "convert")
    doc = load_bytes(data)
    assert doc.format == fmt
    assert doc.blocks[0].text == "一、总体情况"
    table = next(doc.tables())
    assert table.text(0, 1) == "第二十条第（一）项" and table.grid[0][0].colspan == 2
    assert table.text(1, 1) == "2"
    args = args_log.read_text().split("\n")
    assert args[0].startswith("-env:UserInstallation=file://") and args[0].endswith("/profile")
    assert args[1:5] == ["--headless", "--norestore", "--convert-to", "docx"]
    assert args[-1].endswith(f"input.{fmt}")


def test_conversion_failure(tmp_path, monkeypatch):
    _fake_soffice(tmp_path, monkeypatch, "fail")
    with pytest.raises(ExtractionError) as err:
        office.load(OLE_DOC)
    assert str(err.value) == ("legacy Word/WPS file: LibreOffice could not convert it "
                              "(Error: source file could not be loaded)")


def test_conversion_timeout(tmp_path, monkeypatch):
    _fake_soffice(tmp_path, monkeypatch, "hang")
    monkeypatch.setattr(office, "TIMEOUT", 0.3)
    with pytest.raises(ExtractionError, match=r"^legacy Word/WPS file: LibreOffice conversion timed out after 0.3 s$"):
        office.load(OLE_DOC)


def test_encrypted_ooxml_container():
    data = OLE_DOC + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(ExtractionError, match="^password-protected Word document$"):
        office.load(data)


def test_real_rtf_conversion():
    assert shutil.which("soffice") or shutil.which("libreoffice"), (
        "LibreOffice is needed (.ci/run installs it: apt-get install libreoffice-writer-nogui)")
    doc = office.load(RTF)
    assert doc.format == "rtf"
    assert doc.blocks[0].text == "一、总体情况"
    table = next(doc.tables())
    assert [table.text(0, 0), table.text(0, 1)] == ["A", "B"]
