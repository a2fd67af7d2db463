"""Image work before OCR (extractor.loaders.scan) and the choice of pages to OCR — no OCR run here."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from extractor.loaders import ocr, scan
from extractor.loaders.pdf_read import Char, RawPage


def _grid_page() -> np.ndarray:
    """A white 1000×800 page with a 3×2 ruled grid and short 'text' strokes in its cells."""
    page = np.full((1000, 800), 255, np.uint8)
    for y in (100, 300, 500, 700):
        cv2.line(page, (100, y), (700, y), 0, 3)
    for x in (100, 400, 700):
        cv2.line(page, (x, 100), (x, 700), 0, 3)
    return page


def _text_lines(width: int = 1200, height: int = 1600, angle: float = 0.0) -> np.ndarray:
    """Rows of small ink blocks like lines of characters, turned ``angle`` degrees counter-clockwise."""
    page = np.full((height, width), 255, np.uint8)
    for row in range(20):
        y = 150 + row * 60
        for k in range(24):
            x = 150 + k * 30
            cv2.rectangle(page, (x, y), (x + 26, y + 26), 0, -1)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(page, matrix, (width, height), borderValue=255)


def test_rulings_are_found_by_morphological_opening():
    segments = scan.rulings(scan.ink_mask(_grid_page()))
    horizontal = sorted((round(s.pos), round(s.start), round(s.end)) for s in segments if s.horizontal)
    vertical = sorted((round(s.pos), round(s.start), round(s.end)) for s in segments if not s.horizontal)
    assert [h[0] for h in horizontal] == [100, 300, 500, 700]
    assert [v[0] for v in vertical] == [100, 400, 700]
    assert all(abs(h[1] - 99) <= 2 and abs(h[2] - 702) <= 3 for h in horizontal)  # the 3-px line, ±blur


def test_text_strokes_are_not_rulings():
    assert scan.rulings(scan.ink_mask(_text_lines())) == []


@pytest.mark.parametrize("angle", [2.0, -2.0, 1.0])
def test_skew_is_measured_from_text_lines(angle):
    assert scan.skew_angle(scan.ink_mask(_text_lines(angle=angle))) == pytest.approx(angle, abs=0.2)


def test_skew_beyond_three_degrees_is_left_alone():
    assert scan.skew_angle(scan.ink_mask(_text_lines(angle=6.0))) == 0.0
    assert scan.skew_angle(scan.ink_mask(_text_lines())) == 0.0


def test_a_page_turned_a_quarter_is_sideways():
    upright = _text_lines()
    assert not scan.sideways(scan.ink_mask(upright))
    assert scan.sideways(scan.ink_mask(np.rot90(upright).copy()))


def test_red_seal_ink_becomes_paper_and_black_ink_under_it_stays():
    page = np.full((400, 400, 3), 255, np.uint8)
    cv2.circle(page, (200, 200), 80, (40, 30, 215), 6)  # a seal's ring (BGR) …
    page[150:160, 140:260] = (40, 30, 215)  # … and its text
    page[195:205, 150:250] = (0, 0, 20)  # black digit stroke under the seal
    page[300:310, 300:340] = (30, 30, 30)  # black ink outside the seal
    grey = scan.to_grey(page)
    assert grey[150:160, 140:260].min() == 255 and grey[118:124, 198:202].min() == 255
    assert grey[195:205, 150:250].max() <= 10
    assert grey[300:310, 300:340].tolist() == [[30] * 40] * 10


def test_red_printed_text_stays_as_ink():
    page = np.full((400, 400, 3), 255, np.uint8)
    for x in range(20, 380, 30):  # a red title: a wide line of red strokes
        page[40:70, x:x + 22] = (40, 30, 215)
    grey = scan.to_grey(page)
    assert grey[40:70, 20:42].max() < 128  # ink, for the recognizer to read


def test_frame_maps_prepared_points_back_to_the_page():
    # a 400×300 image turned a quarter counter-clockwise is 300×400; its top-left was the original top-right
    frame = scan.Frame(400, 300, quarter=1)
    assert frame.to_page(0, 0) == (400, 0)
    assert frame.to_page(300, 400) == (0, 300)
    frame = scan.Frame(400, 300, quarter=3)
    assert frame.to_page(0, 0) == (0, 300)
    image = np.zeros((300, 400), np.uint8)
    _, matrix = scan.deskew(image, 2.0)
    frame = scan.Frame(400, 300, matrix=matrix)
    (a, b, c), (d, e, f) = matrix
    x, y = 50.0, 80.0
    px, py = a * x + b * y + c, d * x + e * y + f  # where deskewing put the point
    back = frame.to_page(px, py)
    assert back == pytest.approx((x, y), abs=1e-6)
    assert scan.angle_of(matrix) == pytest.approx(-2.0, abs=1e-9) or scan.angle_of(matrix) == pytest.approx(2.0)


def test_a_recognised_line_is_split_into_characters_by_width():
    chars = ocr.split_line("1.属于", 0.0, 10.0, 30.0, 22.0, 0.9)
    assert [c.text for c in chars] == ["1", ".", "属", "于"]
    unit = 30.0 / (0.55 * 2 + 2)
    assert [round(c.x0, 3) for c in chars] == [0.0, round(0.55 * unit, 3), round(1.1 * unit, 3), round(2.1 * unit, 3)]
    assert chars[-1].x1 == pytest.approx(30.0)
    assert {c.conf for c in chars} == {0.9} and {(c.top, c.bottom) for c in chars} == {(10.0, 22.0)}


def _raw(text: str, images: int = 0, invisible: bool = False, bad: int = 0) -> RawPage:
    chars = [Char(ch, i * 10.0, 0.0, i * 10.0 + 9, 10.0) for i, ch in enumerate(text)]
    return RawPage(1, 595, 842, chars, sum(not c.isspace() for c in text), bad, images, invisible)


REPORT_TEXT = "一、总体情况本机关认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息１２３条。"


def test_pages_to_ocr():
    assert not ocr.needs_ocr(_raw(REPORT_TEXT))
    assert not ocr.needs_ocr(_raw(REPORT_TEXT, images=1))  # a logo on a text page
    assert not ocr.needs_ocr(_raw("- 4 -"))  # a page with only its number, no image
    assert ocr.needs_ocr(_raw("- 4 -", images=1))  # a scanned page
    assert ocr.needs_ocr(_raw(REPORT_TEXT, images=1, invisible=True))  # another program's OCR layer
    assert ocr.needs_ocr(_raw(REPORT_TEXT[:20], bad=20))  # glyphs without Unicode
    mojibake = REPORT_TEXT.encode().decode("cp1252", "replace").replace("\ufffd", "")
    assert ocr.needs_ocr(_raw(mojibake))
    assert not ocr.needs_ocr(_raw("⼀、总体情况 本机关 ⽂件 " * 3))  # Kangxi radicals are the report's own


def test_angle_helper_reads_the_matrix():
    _, matrix = scan.deskew(np.zeros((10, 10), np.uint8), 1.5)
    assert math.isclose(abs(scan.angle_of(matrix)), 1.5, abs_tol=1e-9)
