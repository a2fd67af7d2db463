"""Scanned reports read by OCR into the same layout reader (corpus/scans, made by corpus.scans).

Each OCR test reads one page (OCR takes seconds a page): the scan of a corpus page must
give the cells the text layer of the same page gives, every one equal to the generator's
truth, each with an ``ocr_confidence``, and boxes on the page as displayed.
"""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractor.loaders import ocr
from extractor.loaders.image import frames, pixels_per_point
from extractor.loaders.pdf_read import read_page
from extractor.pipeline import extract, extract_bytes

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SCANS = CORPUS / "scans"
SOURCE = "pdf01_ruled_footer"
TABLE_PAGE = 3  # pdf01's page holding most of table 三, down to （七）总计 (the sealed page)


def _page(path: Path, number: int) -> bytes:
    src = pdfium.PdfDocument(path)
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [number - 1])
    buf = BytesIO()
    out.save(buf)
    return buf.getvalue()


def _truth() -> dict:
    return json.loads((CORPUS / "reports" / f"{SOURCE}.truth.json").read_text(encoding="utf-8"))["cells"]


def _values(report) -> dict:
    return {(c.table, c.row, c.col): c.value for c in report.cell_list if not c.derived}


@pytest.fixture(scope="module")
def native_page():
    """The text layer's reading of the source page: the cells a scan of it must give."""
    report = extract_bytes(_page(CORPUS / "reports" / f"{SOURCE}.pdf", TABLE_PAGE), "native.pdf")
    truth = _truth()
    values = _values(report)
    assert len(values) >= 150
    assert all(truth[t][r][c] == v for (t, r, c), v in values.items())
    assert report.meta["text_layer"] == "native"
    return report


def _same_cells(scanned, native) -> None:
    assert _values(scanned) == _values(native)
    assert all(c.ocr_confidence is not None and 0 < c.ocr_confidence <= 1
               for c in scanned.cell_list if not c.derived and c.raw)


def _centres(report) -> dict:
    return {(c.table, c.row, c.col): ((c.bbox[0] + c.bbox[2]) / 2, (c.bbox[1] + c.bbox[3]) / 2)
            for c in report.cell_list if c.bbox and not c.derived}


def test_sealed_page_reads_as_its_text_layer(native_page):
    scanned = extract_bytes(_page(SCANS / f"scan_seal_{SOURCE}.pdf", TABLE_PAGE), "seal.pdf")
    assert scanned.meta["text_layer"] == "ocr" and scanned.meta["format"] == "pdf"
    _same_cells(scanned, native_page)
    # boxes in page coordinates: each value's centre within 4 pt of where the text layer has it
    native = _centres(native_page)
    assert all(abs(x - native[k][0]) < 4 and abs(y - native[k][1]) < 4 for k, (x, y) in _centres(scanned).items())


def test_page_turned_sideways_reads_and_boxes_land_on_the_turned_page(native_page):
    scanned = extract_bytes(_page(SCANS / f"scan_rotated_{SOURCE}.pdf", TABLE_PAGE), "rotated.pdf")
    _same_cells(scanned, native_page)
    # page 3 was turned counter-clockwise onto a landscape page: upright (x, y) is now at (y, 595 - x)
    native = _centres(native_page)
    for key, (x, y) in _centres(scanned).items():
        nx, ny = native[key]
        assert abs(x - ny) < 5 and abs(y - (595.44 - nx)) < 5, key


def test_skewed_page_is_levelled_and_boxes_follow_the_skew(native_page):
    scanned = extract_bytes(_page(SCANS / f"scan_skew_{SOURCE}.pdf", TABLE_PAGE), "skew.pdf")
    _same_cells(scanned, native_page)
    native = _centres(native_page)
    moved = [abs(y - native[k][1]) for k, (x, y) in _centres(scanned).items()]
    assert max(moved) > 5  # turned 2° about the page centre: the far corners moved
    # page 3 (index 2, even) was turned -2° (clockwise) about the centre (297.7, 421)
    import math
    a = math.radians(-2.0)
    for key, (x, y) in _centres(scanned).items():
        nx, ny = native[key][0] - 297.72, native[key][1] - 421.02
        ex, ey = 297.72 + nx * math.cos(a) + ny * math.sin(a), 421.02 - nx * math.sin(a) + ny * math.cos(a)
        assert abs(x - ex) < 4 and abs(y - ey) < 4, key


def test_mixed_report_reads_its_image_page_by_ocr():
    report = extract(SCANS / f"scan_mixed_{SOURCE}.pdf")
    assert report.meta["text_layer"] == "mixed" and report.meta["status"] == "ok"
    truth = _truth()
    values = _values(report)
    expected = {(t, r, c): v for t, rows in truth.items() for r, cols in rows.items() for c, v in cols.items()}
    assert values == expected
    ocr_pages = {c.page for c in report.cell_list if c.ocr_confidence is not None}
    assert ocr_pages == {TABLE_PAGE}


def test_page_image_input():
    path = SCANS / f"scan_png_{SOURCE}.png"
    report = extract(path)
    assert report.meta["format"] == "image" and report.meta["text_layer"] == "ocr"
    native = extract_bytes(_page(CORPUS / "reports" / f"{SOURCE}.pdf", 1), "native.pdf")
    assert _values(report) == _values(native) and len(_values(report)) == 9  # table 二's first rows


def test_multipage_tiff_frames_and_resolution():
    pages = frames((SCANS / f"scan_tiff_{SOURCE}.tif").read_bytes())
    assert len(pages) == 4 and {p.mode for p in pages} == {"1"}
    assert [round(pixels_per_point(p), 4) for p in pages] == [round(200 / 72, 4)] * 4


def test_garbage_text_layer_pages_are_read_from_the_image():
    pdf = pdfium.PdfDocument(SCANS / f"scan_garbage_{SOURCE}.pdf")
    raw, _ = read_page(pdf, 0, lambda page: False)
    assert raw.good_chars > 100 and not raw.invisible  # a visible text layer, of mojibake
    assert ocr.needs_ocr(raw)
    native = pdfium.PdfDocument(CORPUS / "reports" / f"{SOURCE}.pdf")
    assert not ocr.needs_ocr(read_page(native, 0, lambda page: False)[0])


def _scan_truth(name: str) -> dict:
    cells = json.loads((SCANS / f"{name}.truth.json").read_text(encoding="utf-8"))["cells"]
    return {(t, r, c): v for t, rows in cells.items() for r, cols in rows.items() for c, v in cols.items()}


def test_unruled_scan_reads_table_four_under_its_wrapped_header():
    # unruled: the detector joins far-apart digits (0 … 4 read as "04") and two header lines of
    # several columns; the ink's column gaps cut them, so the 15 numbers sit under their header
    name = "scan_clean_pdf02_unruled_vertical"
    report = extract_bytes(_page(SCANS / f"{name}.pdf", 4), "scan.pdf")
    four = {k: v for k, v in _values(report).items() if k[0] == "review_litigation"}
    assert four == {k: v for k, v in _scan_truth(name).items() if k[0] == "review_litigation"}
    assert [four[("review_litigation", "review", c)] for c in ("upheld", "corrected", "other", "pending", "total")] \
        == [3, 3, 0, 4, 10]
    cells = [c for c in report.cell_list if c.table == "review_litigation" and not c.derived]
    assert {c.placed_by for c in cells} == {"label"} and all(c.ocr_confidence for c in cells)  # its header


@pytest.mark.parametrize("name, page", [("scan_clean_pdf11_soffice_wrapped", 4),
                                        ("scan_rotated_pdf11_soffice_wrapped", 4)])
def test_narrow_wrapped_table_page_is_read_upright(name, page):
    # LibreOffice's narrow label cells stack their wrapped lines like a page turned sideways: the
    # page is read each way and kept upright (clean) or turned back (rotated); dashes read as —
    report = extract_bytes(_page(SCANS / f"{name}.pdf", page), "scan.pdf")
    native = extract_bytes(_page(CORPUS / "reports" / "pdf11_soffice_wrapped.pdf", page), "native.pdf")
    assert _values(report) == _values(native) and len(_values(native)) >= 40
    truth = _scan_truth(name)
    assert all(truth[k] == v for k, v in _values(report).items())
    dashes = [c for c in report.cell_list if c.raw == "—"]
    assert dashes and all(c.value is None for c in dashes)


def test_word_report_with_a_scanned_table_pasted_in(tmp_path):
    import cv2
    import numpy as np
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    doc.add_paragraph("二、主动公开政府信息情况")
    doc.add_picture(str(SCANS / f"scan_png_{SOURCE}.png"), width=Cm(16))
    logo = tmp_path / "logo.png"
    cv2.imwrite(str(logo), cv2.circle(np.full((120, 120, 3), 255, np.uint8), (60, 60), 50, (40, 30, 215), 6))
    doc.add_picture(str(logo), width=Cm(2))  # a seal-sized picture: not read
    path = tmp_path / "pasted.docx"
    doc.save(path)
    report = extract(path)
    native = extract_bytes(_page(CORPUS / "reports" / f"{SOURCE}.pdf", 1), "native.pdf")
    assert report.meta["format"] == "docx" and report.meta["text_layer"] == "mixed"
    assert _values(report) == _values(native) and len(_values(report)) == 9  # table 二's first rows
    assert all(c.ocr_confidence for c in report.cell_list if not c.derived and c.raw)


def test_red_printed_title_is_read_while_the_seal_is_dropped():
    from extractor.loaders import load_bytes

    doc = load_bytes(_page(SCANS / f"scan_seal_{SOURCE}.pdf", 1), "pdf")
    assert next(doc.paragraphs()).text == "彭阳县人民政府2023年政府信息公开工作年度报告"  # printed in red


def test_cli_audit_of_a_scan_boxes_the_printed_numbers(tmp_path):
    import csv
    import re

    import numpy as np

    from extractor.cli import app

    from .clirunner import CliRunner

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_page(SCANS / f"scan_skew_{SOURCE}.pdf", 1))  # table 二, skewed 2°
    result = CliRunner().invoke(app, [str(scan), "-o", str(tmp_path / "out.csv"), "--audit", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["index.html", "page-001.png"]
    with open(tmp_path / "out.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["bbox"] and r["derived"].lower() != "true"]
    boxed = [(r["row"], r["raw"], [float(v) for v in r["bbox"].split(",")]) for r in rows if r["raw"]]
    assert len(boxed) == 9 and all(r["ocr_confidence"] for r in rows)
    html = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall("<area ", html)) == len(rows)
    # each box, mapped back through the deskew, sits on the printed digits of the scanned image
    page = pdfium.PdfDocument(scan)[0]
    image = np.asarray(page.render(scale=2).to_pil().convert("L"))
    for row, raw, bbox in boxed:
        x0, top, x1, bottom = (round(v * 2) for v in bbox)
        assert image[top:bottom, x0:x1].min() < 100, (row, raw)  # ink inside
        assert bbox[3] - bbox[1] < 30  # one row's cell, not a block of the page
