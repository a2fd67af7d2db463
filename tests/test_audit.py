"""Audit pictures: boxes land on the printed numbers; HTML for formats without pages; --audit."""

from __future__ import annotations

import random
import re

import pytest

from corpus import numbers
from corpus.checks import APP_COLS
from extractor.audit import COLOURS, SCALE, Box, draw_boxes, failed_check_cells, same_text, write_report_audit
from extractor.cli import app
from extractor.pipeline import extract
from extractor.schema import APPLICATIONS

from .clirunner import CliRunner
from .conftest import ROOT, shared_file
from .sample_text import SAMPLE_REPORT

REPORTS = ROOT / "corpus" / "reports"

# --- a small ruled PDF report made with reportlab ----------------------------------


def make_pdf(path) -> dict:
    """Write a one-agency report as a ruled-table PDF (embedded CJK font); return its numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    from corpus import cjk_font

    font = cjk_font.register()
    rng = random.Random(5)
    rows = [r.key for r in APPLICATIONS.rows_for("2021") if not r.subtotal_of]
    app_cells = numbers.applications(rng, "medium", rows)
    review = numbers.review_litigation(rng, "medium")
    review["review"]["total"] += 3  # printed total off by 3: review_litigation.total fails
    width, height = A4
    margin = 40
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = height - margin

    def wrap(text: str, w: float, size: float) -> list[str]:
        lines, line = [], ""
        for ch in text:
            if pdfmetrics.stringWidth(line + ch, font, size) > w - 3:
                lines.append(line)
                line = ch
            else:
                line += ch
        return lines + [line] if line or not lines else lines

    def text(line: str, size: float = 11) -> None:
        nonlocal y
        pdf.setFont(font, size)
        pdf.drawString(margin, y - size, line)
        y -= size * 1.8

    def table(grid: list[list[str]], widths: list[float], size: float = 7) -> None:
        nonlocal y
        for cells in grid:
            wrapped = [wrap(t, w, size) for t, w in zip(cells, widths)]
            h = max(16, max(len(x) for x in wrapped) * (size + 2) + 4)
            if y - h < margin:
                pdf.showPage()
                y = height - margin
            x = margin
            for lines, w in zip(wrapped, widths):
                pdf.rect(x, y - h, w, h)
                pdf.setFont(font, size)
                block = len(lines) * (size + 2)
                for i, line in enumerate(lines):
                    tw = pdfmetrics.stringWidth(line, font, size)
                    pdf.drawString(x + (w - tw) / 2, y - (h - block) / 2 - (i + 1) * (size + 2) + 2, line)
                x += w
            y -= h
        y -= 12

    text("测试市统计局2023年政府信息公开工作年度报告", 14)
    text("一、总体情况")
    text("2023年，本局认真落实政府信息公开工作。", 9)
    text("二、主动公开政府信息情况")
    table([["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "3", "1", "27"],
           ["行政规范性文件", "12", "4", "86"]], [180, 110, 110, 115])
    table([["信息内容", "本年处理决定数量"], ["行政许可", "1234"]], [180, 335])
    table([["信息内容", "本年处理决定数量"], ["行政处罚", "567"], ["行政强制", "89"]], [180, 335])
    table([["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", "45.6"]], [180, 335])
    text("三、收到和处理政府信息公开申请情况")
    head = ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    body = [[APPLICATIONS.row(r).label] + [str(app_cells[r][c]) for c in APP_COLS] for r in rows]
    table([head, *body], [235] + [40] * 7, size=6.5)
    text("四、政府信息公开行政复议、行政诉讼情况")
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    table([["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
           [*outcomes, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
           [""] * 5 + outcomes * 2,
           [str(review[r][k]) for r in ("review", "litigation_direct", "litigation_after_review")
            for k in ("upheld", "corrected", "other", "pending", "total")]], [515 / 15] * 15, size=6)
    text("五、存在的主要问题及改进情况")
    text("公开的及时性有待提高。", 9)
    text("六、其他需要报告的事项")
    text("本年度未收取信息处理费。", 9)
    pdf.save()
    return {"applications": app_cells, "review_litigation": review}


def _text_in(page, bbox) -> str:
    """The page's text layer inside a cell's bbox (x0, top, x1, bottom; PDF points from the top)."""
    x0, top, x1, bottom = bbox
    h = page.get_height()
    tp = page.get_textpage()
    try:
        return tp.get_text_bounded(left=x0, bottom=h - bottom, right=x1, top=h - top)
    finally:
        tp.close()


def _png_pixel(png, x_pt: float, y_pt: float, dx: int = 0, dy: int = 0) -> tuple[int, int, int]:
    return png.getpixel((int(round(x_pt * SCALE)) + dx, int(round(y_pt * SCALE)) + dy))[:3]


@pytest.fixture(scope="module")
def pdf_report(tmp_path_factory):
    path = tmp_path_factory.mktemp("audit") / "report.pdf"
    printed = make_pdf(path)
    report = extract(path)
    assert report.meta["format"] == "pdf" and report.status == "ok", report.meta["error"]
    return path, report, printed


def test_pdf_audit_boxes_land_on_the_printed_numbers(pdf_report, tmp_path):
    import pypdfium2 as pdfium
    from PIL import Image

    path, report, printed = pdf_report
    index = write_report_audit(report, tmp_path / "audit")
    boxed = [c for c in report.cell_list if c.bbox is not None]
    pages = sorted({c.page for c in boxed})
    assert sorted(p.name for p in (tmp_path / "audit").iterdir()) == ["index.html"] + [
        f"page-{n:03d}.png" for n in pages]
    assert len(boxed) == len([c for c in report.cell_list if not c.derived]) >= 150
    # every box holds, in the page's text layer, exactly the number extracted from it
    pdf = pdfium.PdfDocument(str(path))
    checked = 0
    for cell in boxed:
        found = _text_in(pdf[cell.page - 1], cell.bbox)
        assert re.sub(r"\s", "", found) == cell.raw, (cell.table, cell.row, cell.col, found, cell.raw)
        value = int(cell.value) if float(cell.value).is_integer() else cell.value
        assert re.sub(r"\s", "", found) == str(value)
        checked += 1
    new = next(c for c in boxed if (c.table, c.row, c.col) == ("applications", "new_received", "total"))
    assert new.value == printed["applications"]["new_received"]["total"]
    assert checked == len(boxed)
    pdf.close()
    # the pictures: each box outlined in its colour where the cell is; the failed review row in red
    pngs = {n: Image.open(tmp_path / "audit" / f"page-{n:03d}.png").convert("RGB") for n in pages}
    first = pdfium.PdfDocument(str(path))[0]
    assert pngs[pages[0]].size == (round(first.get_width() * SCALE), round(first.get_height() * SCALE))
    for cell in boxed:
        x0, top, x1, bottom = cell.bbox
        failed = cell.table == "review_litigation" and cell.row == "review"
        colour = COLOURS["failed"] if failed else COLOURS["ok"]
        assert _png_pixel(pngs[cell.page], x0, (top + bottom) / 2, dx=1) == colour, (cell.row, cell.col)
        assert _png_pixel(pngs[cell.page], x1, (top + bottom) / 2, dx=-2) == colour, (cell.row, cell.col)
    html = index.read_text(encoding="utf-8")
    assert "review_litigation.total" in html and "page-001.png" in html
    assert "boxes whose text differs" not in html  # no mismatch between a box's text and its value
    assert html.count("<area ") == len(boxed)


def test_audit_of_the_real_huaian_report():
    from PIL import Image

    path = shared_file("real/huaian_city_2024.pdf")
    report = extract(path)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        index = write_report_audit(report, Path(tmp))
        html = index.read_text(encoding="utf-8")
        assert "boxes whose text differs" not in html
        assert html.count("<area ") == sum(1 for c in report.cell_list if c.bbox is not None) > 150
        assert Image.open(Path(tmp) / "page-004.png").size[0] > 1500


def test_draw_boxes_on_synthetic_bboxes():
    from PIL import Image

    page = Image.new("RGB", (round(300 * SCALE), round(200 * SCALE)), "white")
    boxes = [
        Box(("applications", "new_received", "total"), (20, 30, 120, 60), 47.0, "47", "ok"),
        Box(("review_litigation", "review", "total"), (150, 30, 260, 60), 9.0, "9", "failed"),
        Box(("applications", "granted", "other_org"), (20, 100, 120, 130), None, "", "blank"),
        Box(("applications", "granted", "total"), (150, 100, 260, 130), 5.0, "6", "mismatch"),
    ]
    out = draw_boxes(page, boxes)
    assert out.size == page.size
    for box in boxes:
        x0, top, x1, bottom = box.bbox
        mid = (top + bottom) / 2
        assert _png_pixel(out, x0, mid, dx=1) == COLOURS[box.kind]
        assert _png_pixel(out, (x0 + x1) / 2, bottom, dy=-1) == COLOURS[box.kind]
    assert out.getpixel((5, 5)) == (255, 255, 255)  # outside every box: untouched
    # the labels are drawn inside the box: text in the box's colour in its top-left corner
    corner = out.crop((round(20 * SCALE) + 3, round(30 * SCALE) + 3, round(80 * SCALE), round(40 * SCALE)))
    colours = {c for _, c in corner.getcolors(maxcolors=1 << 16)}
    assert any(sum(abs(a - b) for a, b in zip(c, COLOURS["ok"])) < 60 for c in colours)


def test_same_text_ignores_spaces_and_separators():
    assert same_text(" 1,234 ", "1234") and same_text("12", "1 2") and not same_text("12", "21")


def test_html_audit_for_formats_without_pages(tmp_path):
    report = extract(REPORTS / "docx06_subtotals_bad.docx")
    index = write_report_audit(report, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]  # no pages to picture
    html = index.read_text(encoding="utf-8")
    for title in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"):
        assert title in html
    assert "docx input has no pages" in html
    failed = re.findall(r'<td class="failed[^"]*" title="([^"]*)">([^<]*)</td>', html)
    assert any(t.startswith("denied_state_secret/total") for t, _ in failed)
    members = failed_check_cells(report.cells, report.checks)
    row_total = members[(members["rule"] == "applications.row_total")]
    assert row_total["col"].tolist()[-1] == "total" and len(row_total) == 7
    printed = dict(zip(row_total["col"], row_total["value"]))
    parts = sum(v for k, v in printed.items() if k != "total")
    assert (parts, printed["total"]) == (row_total["expected"].iat[0], row_total["actual"].iat[0])


def test_cli_audit_option(tmp_path):
    one = tmp_path / "in" / "report.txt"
    one.parent.mkdir()
    one.write_text(SAMPLE_REPORT, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, [str(one), "-o", str(tmp_path / "out.csv"), "--audit", str(tmp_path / "a1")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a1" / "index.html").is_file() and (tmp_path / "out.csv").is_file()
    assert "测试县统计局" in (tmp_path / "a1" / "index.html").read_text(encoding="utf-8")
    second = tmp_path / "in" / "docx01.docx"
    second.write_bytes((REPORTS / "docx01_official.docx").read_bytes())
    result = runner.invoke(app, [str(tmp_path / "in"), "-o", str(tmp_path / "out.json"), "-w", "1",
                                 "--audit", str(tmp_path / "a2")])
    assert result.exit_code == 0, result.output
    listing = (tmp_path / "a2" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', listing)
    assert len(links) == 2 and all((tmp_path / "a2" / link).is_file() for link in links)
    assert "保定市信访局" in listing and "测试县统计局" in listing


def test_cli_audit_of_a_folder_renders_pages_in_the_workers(tmp_path, monkeypatch):
    from extractor import audit

    folder = tmp_path / "in"
    folder.mkdir()
    pdfs = sorted(REPORTS.glob("pdf*.pdf"))[:2]
    for pdf in pdfs:
        (folder / pdf.name).write_bytes(pdf.read_bytes())

    def not_here(*args, **kwargs):
        raise AssertionError("rendered in the parent")

    monkeypatch.setattr(audit, "render_pdf_pages", not_here)  # the workers have their own copy
    result = CliRunner().invoke(app, [str(folder), "-o", str(tmp_path / "out.csv"), "-w", "2",
                                      "--audit", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    pages = sorted(p.relative_to(tmp_path / "a").parts[0] for p in (tmp_path / "a").glob("*/page-*.png"))
    assert {name.rsplit("-", 1)[0] for name in pages} == {p.stem for p in pdfs}
    assert "rendered in the parent" not in "".join(p.read_text("utf-8") for p in (tmp_path / "a").glob("*/index.html"))
    assert "_audit" not in (tmp_path / "out.csv").read_text("utf-8-sig").splitlines()[0]
