"""Hostile and damaged inputs: every loader bounds its work and gives a clear line or reads the file.

Each input is built here from deterministic bytes (benchmarks/hostile.py runs the same
kinds by the thousand, as separate processes).
"""

from __future__ import annotations

import io
import math
import sys
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest

from extractor.audit import MAX_PIXELS, render_pdf_pages, render_scale
from extractor.errors import ExtractionError
from extractor.loaders import load_bytes, office
from extractor.model import MAX_GRID_CELLS, Table
from extractor.outputs import sections_frame, write_csv, write_parquet
from extractor.pipeline import extract_bytes

# --- DOCX ----------------------------------------------------------------------------------


def _docx(cells_xml: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """A small Word document: a heading and a 2×3 table (its first row's XML replaceable)."""
    document = docx.Document()
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=2, cols=3)
    for r in range(2):
        for c in range(3):
            table.cell(r, c).text = f"r{r}c{c}"
    buf = io.BytesIO()
    document.save(buf)
    data = buf.getvalue()
    if cells_xml is None and not extra:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == "word/document.xml" and cells_xml is not None:
                start = body.index(b"<w:tr")
                end = body.index(b"</w:tr>") + len(b"</w:tr>")
                body = body[:start] + cells_xml.encode() + body[end:]
            zout.writestr(info, body)
        for name, member in (extra or {}).items():
            zout.writestr(name, member)
    return out.getvalue()


def _bomb(name: str, megabytes: int) -> bytes:
    """A Word document with a part of ``megabytes`` MB of zeros (a few hundred KB packed)."""
    out = io.BytesIO(_docx())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w") as part:
            chunk = bytes(2**20)
            for _ in range(megabytes):
                part.write(chunk)
    return out.getvalue()


def test_zip_bomb_part_refused_from_its_declared_size() -> None:
    data = _bomb("word/media/image1.png", 201)
    assert len(data) < 1_000_000
    with pytest.raises(ExtractionError) as err:
        load_bytes(data)
    assert str(err.value) == "Word document part word/media/image1.png too large (201 MB, limit 200 MB)"


def test_zip_bomb_ratio_refused() -> None:
    with pytest.raises(ExtractionError) as err:
        load_bytes(_bomb("word/media/image1.png", 11))
    assert str(err.value).startswith("Word document part word/media/image1.png compressed ")
    assert str(err.value).endswith(":1 (limit 100:1, a zip bomb?)")


def test_damaged_zip_version_is_a_corrupt_document() -> None:
    data = bytearray(_docx())
    entry = data.index(b"PK\x01\x02")  # the first central directory entry
    data[entry + 6:entry + 8] = (84).to_bytes(2, "little")  # "version needed to extract": 8.4
    with pytest.raises(ExtractionError) as err:
        load_bytes(bytes(data))
    assert str(err.value) == "corrupt Word document (unsupported ZIP feature: zip file version 8.4)"


def _row(*cells: tuple[str, str]) -> str:
    tcs = "".join(f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
                  for text, props in cells)
    return f"<w:tr>{tcs}</w:tr>"


def _table(data: bytes) -> Table:
    return next(load_bytes(data).tables())


def test_grid_span_clamped_to_the_grid() -> None:
    row = _row(("a", '<w:gridSpan w:val="1000000000"/>'), ("b", ""), ("c", ""))
    table = _table(_docx(row))
    assert table.n_cols == 65  # the span is cut at Word's 63 columns; b and c follow it
    assert [table.text(0, 62), table.text(0, 63), table.text(0, 64), table.text(1, 2)] == ["a", "b", "c", "r1c2"]


def test_grid_before_clamped_to_the_grid() -> None:
    row = _row(("a", ""), ("b", ""), ("c", "")).replace(
        "<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="100000000"/></w:trPr>')
    table = _table(_docx(row))
    assert (table.n_rows, table.n_cols) == (2, 66)
    assert [table.text(0, 63), table.text(0, 65), table.text(1, 1)] == ["a", "c", "r1c1"]


@pytest.mark.parametrize("value", ["9" * 5000, "²", "-3", "1e9"])
def test_grid_span_values_int_cannot_read(value: str) -> None:
    table = _table(_docx(_row(("a", f'<w:gridSpan w:val="{value}"/>'), ("b", ""), ("c", ""))))
    assert [table.text(0, 1 if value != "9" * 5000 else 63), table.text(1, 2)] == ["b", "r1c2"]


def test_docx_nesting_past_the_parser_limit_is_named() -> None:
    deep = "<w:sdt><w:sdtContent>" * 300 + "<w:p/>" + "</w:sdtContent></w:sdt>" * 300
    data = _docx(_row(("a", "")).replace("<w:p>", deep + "<w:p>", 1))
    with pytest.raises(ExtractionError) as err:
        load_bytes(data)
    assert str(err.value) == ("Word document beyond the XML parser's limits (elements nested over 256 deep "
                              "or a text over 10 MB)")


def test_docx_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42")
    doctype = (f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
               '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
               '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    data = _docx(_row(("&xxe;&c;", ""), ("b", ""), ("c", "")))
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        xml = zin.read("word/document.xml")
    head, rest = xml.split(b"?>", 1)
    patched = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(patched, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info)
            zout.writestr(info, head + b"?>" + doctype.encode() + rest if info.filename == "word/document.xml" else body)
    doc = load_bytes(patched.getvalue())
    table = next(doc.tables())
    assert [table.text(0, c) for c in range(3)] == ["", "b", "c"]  # entities are not expanded
    report = extract_bytes(patched.getvalue(), "xxe.docx")
    assert "TOP-SECRET" not in f"{report.meta} {report.cell_list} {report.section_list}"


# --- HTML ----------------------------------------------------------------------------------

PAGE = ("<html><head><meta charset='{charset}'><title>某县2023年政府信息公开工作年度报告</title></head>"
        "<body>{before}<h1>某县2023年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
        "<table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>5</td></tr></table>"
        "<p>二、主动公开政府信息情况</p><p>结尾段落</p></body></html>")


def _page(before: str = "", charset: str = "utf-8") -> str:
    return PAGE.format(before=before, charset=charset)


def _texts(data: bytes) -> list[str]:
    doc = load_bytes(data)
    return [b.text for b in doc.paragraphs()] + [c.text for t in doc.tables() for c in t.cells()]


READ = ["某县2023年政府信息公开工作年度报告", "一、总体情况", "二、主动公开政府信息情况", "结尾段落",
        "信息内容", "本年制发件数", "规章", "5"]


def test_html_reference() -> None:
    assert _texts(_page().encode()) == READ


def test_html_control_bytes_stripped() -> None:
    page = _page('<div class="nav">菜单\x01</div>\x0b\x1f').replace("结尾段落", "结尾\x00段落\x07")
    assert _texts(page.encode()) == READ


def test_html_comments_inside_navigation() -> None:
    """A bit flip that makes ``<!`` or ``<?`` inside a menu: comments answer None to get(name, default)."""
    page = _page('<div class="nav">菜单<!-- c --><?pi x?></div><div class id title="x" style>正文</div>')
    assert _texts(page.encode()) == ["正文", *READ]


def test_html_undefined_charset_falls_back_to_detection() -> None:
    data = _page(charset="undefined").encode("gb18030")
    assert _texts(data) == READ


def test_html_million_attributes_bounded() -> None:
    attrs = " ".join(f'a{i}="1"' for i in range(200_000))
    assert _texts(_page(f'<div class="content" {attrs}>').encode()) == READ


def test_html_huge_inline_image_and_text_do_not_truncate_the_page() -> None:
    image = f'<img src="data:image/png;base64,{"A" * (11 * 2**20)}">'
    style = f'<style>{"a" * (11 * 2**20)}</style>'
    assert _texts(_page(image + style).encode()) == READ


def test_html_deep_nesting_flattened() -> None:
    assert _texts(_page("<div><span>" * 200 + "导航" + "</span></div>" * 200).encode()) == ["导航", *READ]


def test_html_nested_tables_too_deep_named() -> None:
    with pytest.raises(ExtractionError) as err:
        load_bytes(_page("<table><tr><td>" * 300).encode())
    assert str(err.value).startswith("unreadable HTML page (nested too deeply even without wrapper elements: ")


def test_html_element_cap() -> None:
    with pytest.raises(ExtractionError) as err:
        load_bytes(_page("<b>x</b>" * 210_000).encode())
    assert str(err.value) == "HTML page too large (210,016 elements, limit 200,000)"


def test_html_spans_clamped_to_the_rows() -> None:
    table = "<table><tr><td rowspan='3000' colspan='1000'>合并</td><td>a</td></tr><tr><td>b</td></tr></table>"
    doc = load_bytes(_page(table).encode())
    first = next(doc.tables())
    assert (first.n_rows, first.n_cols) == (2, 1001)
    assert (first.text(1, 0), first.text(1, 1000)) == ("合并", "b")


@pytest.mark.parametrize("value", ["9" * 5000, "٣", "²", "-2", "0003"])
def test_html_span_values_int_cannot_read(value: str) -> None:
    table = f"<table><tr><td colspan='{value}'>x</td><td>y</td></tr><tr><td>z</td></tr></table>"
    first = next(load_bytes(_page(table).encode()).tables())
    width = {"9" * 5000: 1000, "0003": 3}.get(value, 1)
    assert (first.text(0, width), first.n_cols) == ("y", width + 1)


def test_html_grid_cap() -> None:
    rows = "".join("<tr>" + "<td colspan='1000'>x</td>" * 60 + "</tr>" for _ in range(20))
    with pytest.raises(ExtractionError) as err:
        load_bytes(_page(f"<table>{rows}</table>").encode())
    assert str(err.value) == f"table too large (20 rows × 50,001 columns, limit {MAX_GRID_CELLS:,} grid cells)"


def test_html_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42")
    page = f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>' + _page("&xxe;")
    assert not any("TOP-SECRET" in text for text in _texts(page.encode()))


# --- PDF -----------------------------------------------------------------------------------


def _pdf(lines: list[str], pagesize: tuple[float, float] = (595.0, 842.0)) -> bytes:
    from reportlab.pdfgen import canvas

    from corpus import cjk_font

    font = cjk_font.register()
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=pagesize, pageCompression=0, invariant=1)
    pdf.setFont(font, 12)
    for i, line in enumerate(lines):
        pdf.drawString(72, pagesize[1] - 72 - 20 * i, line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.mark.parametrize("mapped", ["DC00", "D800"])
def test_pdf_lone_surrogates_become_replacement_characters(tmp_path: Path, mapped: str) -> None:
    """A glyph whose ToUnicode entry is a lone surrogate: CSV and Parquet still write."""
    lines = ["甲", "一、总体情况", "甲乙丙" + "本年度共收到申请" * 3] + ["本机关认真贯彻落实条例" * 3] * 10
    data = _pdf(lines)
    assert b"<01> <7532>" in data  # the subset's first glyph is 甲 (U+7532)
    data = data.replace(b"<01> <7532>", b"<01> <" + mapped.encode() + b">")
    report = extract_bytes(data, "surrogate.pdf")
    frame = sections_frame([report])
    assert frame["text"].iloc[0].startswith("\ufffd乙丙本年度共收到申请")
    write_csv(frame, tmp_path / "s.csv")
    write_parquet(frame, tmp_path / "s.parquet", "sections")
    assert pd.read_parquet(tmp_path / "s.parquet")["text"].iloc[0] == frame["text"].iloc[0]
    assert "\ufffd乙丙" in (tmp_path / "s.csv").read_text(encoding="utf-8-sig")


def test_audit_render_scale_capped() -> None:
    assert render_scale(595, 842) == 3.0
    scale = render_scale(14_400, 14_400)
    assert scale == pytest.approx(0.2403, abs=1e-4)
    assert (14_400 * scale) ** 2 <= MAX_PIXELS


def test_audit_huge_page_renders_within_the_pixel_cap(tmp_path: Path) -> None:
    from PIL import Image

    from extractor.pipeline import Report
    from extractor.tables import MappedCell

    data = _pdf(["一、总体情况"], pagesize=(14_400.0, 14_400.0))
    cell = MappedCell("applications", "new_received", "total", 5.0, "5", page=1, bbox=(72.0, 60.0, 200.0, 90.0))
    report = Report({"format": "pdf"}, cell_list=[cell])
    pages = render_pdf_pages(report, data, tmp_path)
    png, _, scale = pages[1]
    with Image.open(png) as image:
        assert image.size == (math.ceil(14_400 * scale), math.ceil(14_400 * scale)) == (3461, 3461)
        assert image.size[0] * image.size[1] <= MAX_PIXELS


# --- LibreOffice -----------------------------------------------------------------------------


def test_soffice_gets_a_private_home_and_tmpdir(tmp_path: Path, monkeypatch) -> None:
    """A stand-in soffice writes where LibreOffice does (HOME/.config, HOME/.cache/dconf, TMPDIR,
    /tmp/OSL_PIPE_…): nothing is left outside the conversion's temporary folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    log = tmp_path / "env.log"
    script = tmp_path / "soffice"
    script.write_text(f"""#!{sys.executable}
import os, sys, pathlib, socket, hashlib
home, tmp = pathlib.Path(os.environ["HOME"]), pathlib.Path(os.environ["TMPDIR"])
(home / ".config").mkdir(parents=True, exist_ok=True); (home / ".config" / "x").write_text("x")
(home / ".cache" / "dconf").mkdir(parents=True, exist_ok=True); (tmp / "lu1.tmp").write_text("x")
url = sys.argv[1].split("=", 1)[1]
pipe = "/tmp/OSL_PIPE_%d_SingleOfficeIPC_" % os.getuid() + "".join(
    "%x" % b for b in hashlib.md5(url.encode("utf-16-le")).digest())
socket.socket(socket.AF_UNIX).bind(pipe)
open({str(log)!r}, "w").write(os.environ["HOME"] + "\\n" + os.environ["TMPDIR"] + "\\n" + pipe)
sys.exit(1)
""")
    script.chmod(0o755)
    monkeypatch.setattr(office.shutil, "which", lambda name: str(script) if name == "soffice" else None)
    with pytest.raises(ExtractionError):
        office.convert_to_docx(b"{\\rtf1 x}", "rtf")
    private_home, private_tmp, pipe = log.read_text().splitlines()
    assert list(home.iterdir()) == []
    assert Path(private_home).name == "home" and Path(private_tmp).name == "tmp"
    assert Path(private_home).parent == Path(private_tmp).parent
    assert Path(private_home).parent.name.startswith("extract-office-")
    assert not Path(private_home).parent.exists() and not Path(pipe).exists()
