"""Detected OCR lines checked against the ink (extractor.loaders.ocr_cut), on drawn ink masks."""

from __future__ import annotations

import numpy as np

from extractor.loaders import ocr, ocr_cut


def _mask(height: int, width: int, *blocks: tuple[int, int, int, int]) -> np.ndarray:
    """An ink mask (255 = ink) with filled rectangles (x0, top, x1, bottom)."""
    mask = np.zeros((height, width), dtype=np.uint8)
    for x0, top, x1, bottom in blocks:
        mask[top:bottom, x0:x1] = 255
    return mask


def test_a_line_joining_two_columns_is_cut_at_the_gap():
    # two digits 20 px high, 60 px apart (an unruled table's 0 and 4 read as "04")
    ink = _mask(100, 300, (50, 40, 62, 60), (122, 40, 134, 60))
    assert ocr_cut.cut(ink, (40, 30, 150, 70)) == [(50, 40, 62, 60), (122, 40, 134, 60)]


def test_characters_of_one_word_stay_together():
    # four glyphs 20 px high with 4 px between them, and a full-width comma's blank (12 px)
    ink = _mask(100, 300, (50, 40, 70, 60), (74, 40, 94, 60), (98, 52, 104, 60), (116, 40, 136, 60))
    assert ocr_cut.cut(ink, (45, 35, 140, 65)) == [(50, 40, 136, 60)]


def test_two_header_lines_in_one_box_are_split():
    # 结果 over 维持: two bands 20 px high, 8 px apart, in one detected box
    ink = _mask(120, 200, (50, 20, 90, 40), (50, 48, 90, 68))
    assert ocr_cut.cut(ink, (45, 15, 95, 73)) == [(50, 20, 90, 40), (50, 48, 90, 68)]


def test_a_glyph_of_stacked_strokes_is_not_split():
    # 三: three thin strokes over a 22 px glyph box
    ink = _mask(100, 100, (30, 30, 52, 33), (32, 40, 50, 43), (28, 49, 54, 52))
    assert ocr_cut.cut(ink, (26, 26, 56, 56)) == [(28, 30, 54, 52)]


def test_strokes_of_the_neighbouring_line_cut_by_the_box_edge_are_trimmed():
    ink = _mask(100, 200, (40, 10, 120, 14), (40, 30, 120, 50))  # a sliver of the line above
    assert ocr_cut.cut(ink, (35, 10, 125, 55)) == [(40, 30, 120, 50)]


def test_an_empty_box_has_no_pieces():
    assert ocr_cut.cut(_mask(50, 50), (0, 0, 50, 50)) == []


def test_refine_reads_pieces_again_and_adds_uncovered_words():
    image = np.full((100, 400), 255, dtype=np.uint8)
    ink = _mask(100, 400, (50, 40, 62, 60), (122, 40, 134, 60), (300, 40, 312, 60))
    image[ink > 0] = 0
    seen: list[tuple[int, int]] = []

    def recognize(crops):
        seen.extend(c.shape[:2] for c in crops)
        return [("0", 0.99), ("4", 0.98), ("7", 0.4)]

    lines = [(ocr_cut.corners((40, 30, 150, 70)), "04", 0.95)]
    out = ocr_cut.refine(image, ink, lines, recognize, keep=0.2, unit=1.0)
    assert [(ocr_cut.bounds(box), text, score) for box, text, score in out] == [
        ((50, 40, 62, 60), "0", 0.99), ((122, 40, 134, 60), "4", 0.98), ((300, 40, 312, 60), "7", 0.4)]
    assert seen == [(28, 20)] * 3  # each piece alone, with 4 px of paper around it


def test_a_surer_first_reading_is_kept():
    image = np.full((100, 200), 255, dtype=np.uint8)
    ink = _mask(100, 200, (50, 40, 62, 60))
    lines = [(ocr_cut.corners((45, 35, 70, 65)), "8", 0.85)]
    out = ocr_cut.refine(image, ink, lines, lambda crops: [("B", 0.5)], keep=0.2, unit=1.0)
    assert [(ocr_cut.bounds(b), t, s) for b, t, s in out] == [((50, 40, 62, 60), "8", 0.85)]


def test_dash_readings():
    assert [ocr.dash(t) for t in ("一", "－", "--", "—", "一一一", "1", "一、")] == [
        "—", "—", "—", "—", "一一一", "1", "一、"]


S = 200 / 72  # pixels per point at 200 dpi


def test_a_lone_stroke_is_read_by_its_shape():
    dash = np.zeros((40, 80), dtype=np.uint8)
    dash[19:22, 25:55] = 1
    assert ocr_cut.shape_mark(dash, S) == "—"
    slash = np.zeros((40, 40), dtype=np.uint8)
    for row in range(5, 35):  # from bottom left to top right, 3 px thick
        slash[row, 25 - (row - 5) // 2:28 - (row - 5) // 2] = 1
    assert ocr_cut.shape_mark(slash, S) == "/"
    assert ocr_cut.shape_mark(slash[:, ::-1], S) is None  # a backslash leans the other way


def test_digits_are_not_marks():
    one = np.zeros((40, 40), dtype=np.uint8)
    one[5:35, 18:21] = 1
    seven = np.zeros((40, 40), dtype=np.uint8)
    seven[5:8, 10:30] = 1
    for row in range(8, 35):
        seven[row, 27 - (row - 8) // 3:30 - (row - 8) // 3] = 1
    zero = np.zeros((40, 80), dtype=np.uint8)
    zero[10:30, 35:45] = 1
    dash_and_one = np.zeros((40, 80), dtype=np.uint8)
    dash_and_one[19:22, 25:55] = 1
    dash_and_one[10:30, 60:64] = 1
    assert [ocr_cut.shape_mark(m, S) for m in (one, seven, zero, dash_and_one)] == [None] * 4


def test_a_minus_sign_the_recognizer_dropped_is_put_back():
    ink = _mask(40, 60, (10, 19, 17, 22), (20, 10, 32, 30))  # a short level stroke, then a digit
    assert ocr_cut.minus_sign(ink, (10, 10, 32, 30), "2") == "-2"
    assert ocr_cut.minus_sign(ink, (10, 10, 32, 30), "-2") == "-2"  # read with its sign
    low = _mask(40, 60, (10, 28, 17, 30), (20, 10, 32, 30))  # an underscore-like stroke at the foot
    assert ocr_cut.minus_sign(low, (10, 10, 32, 30), "2") == "2"
    speck = _mask(40, 60, (14, 19, 16, 20), (20, 10, 32, 30))
    assert ocr_cut.minus_sign(speck, (14, 10, 32, 30), "2") == "2"


def test_a_line_is_widened_over_ink_beside_it_no_other_line_covers():
    ink = _mask(40, 100, (10, 19, 17, 22), (20, 10, 32, 30), (60, 10, 72, 30))
    cover = np.zeros(ink.shape, dtype=np.int32)
    cover[8:32, 19:34] = 1  # the piece's own detected line
    assert ocr_cut._grow(ink, (20, 10, 32, 30), cover, (19, 8, 34, 32)) == (10, 10, 32, 30)
    cover[:, 0:18] += 1  # the stroke belongs to another detected line
    assert ocr_cut._grow(ink, (20, 10, 32, 30), cover, (19, 8, 34, 32)) == (20, 10, 32, 30)
