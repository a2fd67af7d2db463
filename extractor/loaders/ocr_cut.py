"""Detected text lines checked against the page's ink: cut at column gaps, widened, words no line covers.

The text detector reads a page in lines, and on a table page a "line" is often wrong in
two ways: it joins values of neighbouring columns (``0  4`` read as ``04``, two header
lines of several columns read as one interleaved string), or it misses a short value
altogether (a lone ``0`` in an unruled table). Both are found in the page's ink:

- a detected line's box is trimmed to its own ink (not the strokes of neighbouring lines
  its edges cut), so its characters are spread over where they are printed;
- a number whose box starts with a short level stroke at mid-height, read without a sign,
  gets its minus sign back (:func:`minus_sign`);
- a line (or piece) is widened over ink just beside it that no other line covers (the
  detector leaves out a minus sign: -2 read as 2) and read again, the new reading kept
  when it holds the old;
- a detected line whose ink has a blank run wider than a glyph is high
  (:data:`COLUMN_GAP`) is cut into the pieces between, and a piece holding two lines of
  text (two bands of ink about a glyph high) into those lines; each piece is recognised
  again on its own;
- a detected line read with low confidence is recognised again from its ink's own box;
- a word of ink (strokes closed along the line, about a character high) that no detected
  line covers is recognised alone;
- a piece that is one dash or slash stroke is that mark, by its shape (:func:`shape_mark`).

The recognizer is the caller's (the engine's, run without detection); what it reads is
kept only above the caller's minimum confidence. Boxes are ``(x0, top, x1, bottom)`` pixels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex as re

Box = tuple[int, int, int, int]
Line = tuple[Any, str, float]  # (4 corner points, text, confidence), as the engine gives them
Recognizer = Callable[[list[Any]], list[tuple[str, float]]]

COLUMN_GAP = 1.0  # a blank run wider than a glyph is high separates two columns (、 and ， leave less)
_TWO_LINES = 0.6  # a band of ink at least this share of a glyph's height is a line of text
_SLIVER = 0.35  # a band touching a box's edge shorter than this share of a glyph is a neighbour's strokes
_DIGITS = re.compile(r"^\d[\d,.]*$")
_ADDED = frozenset("-−－+.,%，。、；：（）()")  # what may join a line when it is widened
_GROW = 0.5  # ink this share of a glyph's height beside a line (and no other line's) belongs to it
_REREAD_BELOW = 0.9  # a line read with less confidence is read again from its ink's box
SHAPE_CONFIDENCE = 0.95  # a dash or slash recognised by its shape, not by the recognizer
_PAD = 4  # pixels of paper around a piece given to the recognizer
_MAX_UNCOVERED = 400  # words of uncovered ink read on one page at most (noise, not text, beyond)


def bounds(points: Any) -> Box:
    """The axis-aligned box of a detected line's corner points."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return int(min(xs)), int(min(ys)), int(round(max(xs))), int(round(max(ys)))


def corners(box: Box) -> list[tuple[float, float]]:
    x0, top, x1, bottom = box
    return [(x0, top), (x1, top), (x1, bottom), (x0, bottom)]


def _runs(profile: Any, min_gap: int) -> list[tuple[int, int]]:
    """Runs of non-zero entries of a 1-D profile, joined across gaps narrower than ``min_gap``."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, v in enumerate(profile):
        if v and start is None:
            start = i
        elif not v and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(profile)))
    joined: list[tuple[int, int]] = []
    for run in runs:
        if joined and run[0] - joined[-1][1] < min_gap:
            joined[-1] = (joined[-1][0], run[1])
        else:
            joined.append(run)
    return joined


def _ink_box(ink: Any, box: Box) -> Box | None:
    """The tight box of the ink inside ``box``, or None when it holds none."""
    import numpy as np

    x0, top, x1, bottom = box
    part = ink[top:bottom, x0:x1]
    rows, cols = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
    if not len(rows):
        return None
    return x0 + int(cols[0]), top + int(rows[0]), x0 + int(cols[-1]) + 1, top + int(rows[-1]) + 1


def _text_rows(ink: Any, box: Box) -> tuple[Box, int] | None:
    """A detected line's own ink: its box trimmed to its text, without the strokes of the neighbouring
    lines its edges cut (short bands touching the top or bottom), and the height of its tallest band."""
    x0, top, x1, bottom = box
    bands = _runs(ink[top:bottom, x0:x1].any(axis=1), 2)
    if not bands:
        return None
    tallest = max(b - a for a, b in bands)
    kept = [(a, b) for a, b in bands if b - a >= _SLIVER * tallest or (a > 0 and b < bottom - top)]
    tight = _ink_box(ink, (x0, top + kept[0][0], x1, top + kept[-1][1]))
    # a glyph of strokes stacked apart (三, 二) has short bands: not shorter than half the detected box
    return (tight, max(tallest, (bottom - top) // 2)) if tight else None


def _lines_of(ink: Any, box: Box, glyph: int) -> list[Box]:
    """A piece split into its lines of text: bands of ink about a glyph high."""
    x0, top, x1, bottom = box
    bands = _runs(ink[top:bottom, x0:x1].any(axis=1), 2)
    tall = [b for b in bands if b[1] - b[0] >= _TWO_LINES * glyph]
    if len(tall) < 2:
        return [box]
    out: list[Box] = []
    edges = [top] + [top + (a[1] + b[0]) // 2 for a, b in zip(tall, tall[1:])] + [bottom]
    for start, end in zip(edges, edges[1:]):  # thin bands (a stroke of 三) go with the nearest line
        piece = _ink_box(ink, (x0, start, x1, end))
        if piece:
            out.append(piece)
    return out


def cut(ink: Any, box: Box) -> list[Box]:
    """A detected line's box trimmed to its ink, cut at its column gaps (wider than a glyph), and each
    column split into its lines of text; [] when the box holds no ink."""
    found = _text_rows(ink, box)
    if found is None:
        return []
    (x0, top, x1, bottom), glyph = found
    columns = _runs(ink[top:bottom, x0:x1].any(axis=0), max(2, round(COLUMN_GAP * glyph)))
    pieces: list[Box] = []
    for start, end in columns:
        piece = _ink_box(ink, (x0 + start, top, x0 + end, bottom))
        if piece:
            pieces += _lines_of(ink, piece, glyph)
    return pieces


def _words(ink: Any, em: int) -> list[Box]:
    """Words of ink: strokes closed along the line (half an em) and across (a quarter), about a
    character high."""
    import cv2

    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, em // 2), max(3, em // 4)))
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel)
    n, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if 0.4 * em <= h <= 1.6 * em and w <= 12 * em and area >= 0.03 * em * em:  # a slash is thin
            word = _ink_box(ink, (max(0, x - 1), max(0, y - 1), x + w + 1, y + h + 1))
            if word:  # the closing's box, back on the ink itself
                out.append(word)
    return out


def shape_mark(ink: Any, unit: float) -> str | None:
    """"—" or "/" when a crop's ink is one such stroke, judged by its shape (the recognizer reads a
    lone dash as 一 and a slash as 1, I or 7); ``unit`` is pixels per point.

    A dash is one stroke at most 2 pt thick, at least 3 pt and three times its thickness long; a
    slash one stroke 1.5 times as tall as wide, narrow on every row, leaning right."""
    import cv2
    import numpy as np

    mask = (ink > 0).astype("uint8")
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    strokes = [i for i in range(1, n) if stats[i][cv2.CC_STAT_AREA] >= 0.5 * unit * unit]
    if len(strokes) != 1:
        return None
    x, y, width, height, _ = stats[strokes[0]]
    if height <= 2.0 * unit and width >= 3.0 * unit and width >= 3 * height:
        return "—"
    if height < 1.5 * width or height < 4 * unit:
        return None
    stroke = labels[y:y + height, x:x + width] == strokes[0]
    cols = np.arange(width)
    widths = stroke.sum(axis=1)
    if widths.max() > max(0.6 * width, 2):
        return None
    centre = [(cols * row).sum() / row.sum() for row in stroke if row.any()]
    quarter = max(1, len(centre) // 4)
    lean = np.mean(centre[:quarter]) - np.mean(centre[-quarter:])
    return "/" if lean >= 0.4 * width else None


def _crop(image: Any, box: Box) -> Any:
    import cv2

    x0, top, x1, bottom = box
    crop = image[max(0, top):bottom, max(0, x0):x1]
    crop = cv2.copyMakeBorder(crop, _PAD, _PAD, _PAD, _PAD, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR) if crop.ndim == 2 else crop


def minus_sign(ink: Any, box: Box, text: str) -> str:
    """A number read without the minus sign printed before it (the recognizer drops a leading
    hyphen) gets it back when the box's leftmost ink is a short level stroke at mid-height."""
    import cv2

    if not _DIGITS.match(text):
        return text
    x0, top, x1, bottom = box
    part = (ink[top:bottom, x0:x1] > 0).astype("uint8")
    n, _, stats, _ = cv2.connectedComponentsWithStats(part, connectivity=8)
    if n < 3:
        return text
    first = min(range(1, n), key=lambda i: stats[i][cv2.CC_STAT_LEFT])
    x, y, width, height, _ = stats[first]
    rest = min(stats[i][cv2.CC_STAT_LEFT] for i in range(1, n) if i != first)
    middle = y + height / 2
    tall = bottom - top
    level = height <= 0.25 * tall and width >= max(2 * height, 0.25 * tall) and x + width <= rest
    return "-" + text if level and 0.3 * tall <= middle <= 0.75 * tall else text


def _grow(ink: Any, box: Box, cover: Any, own: Box) -> Box:
    """A piece widened over ink just beside it that no other line covers (``cover``: how many
    detected lines cover each pixel, ``own``: the piece's line): the minus sign of -2, a digit
    the detector's box left out; within half a glyph's height, on the piece's own rows."""
    x0, top, x1, bottom = box
    reach = max(2, round(_GROW * (bottom - top)))
    lo, hi = max(0, x0 - reach), min(ink.shape[1], x1 + reach)
    others = cover[top:bottom, lo:hi].copy()  # lines covering the band, less the piece's own
    ox0, otop, ox1, obottom = own
    others[max(0, otop - top):max(0, obottom - top), max(0, ox0 - lo):max(0, ox1 - lo)] -= 1
    band = (ink[top:bottom, lo:hi] > 0) & (others <= 0)
    left = _runs(band[:, :x0 - lo].any(axis=0), 2)
    right = _runs(band[:, x1 - lo:].any(axis=0), 2)
    if left:
        x0 = lo + left[-1][0]
    if right:
        x1 = x1 + right[0][1]
    grown = _ink_box(ink, (x0, top, x1, bottom))
    return grown or box


def _holds(text: str, old: str) -> bool:
    """Whether a widened line's reading is the old one with signs, digits or words added, not with
    a stroke of a table line read as | or [."""
    if old not in text:
        return False
    added = text.replace(old, "", 1)
    return all(ch.isdigit() or ch in _ADDED or "\u4e00" <= ch <= "\u9fff" for ch in added)


def refine(image: Any, ink: Any, lines: list[Line], recognize: Recognizer, keep: float,
           unit: float) -> list[Line]:
    """The detected ``lines`` of a grey page ``image`` (``ink``: its ink mask, without rulings;
    ``unit``: pixels per point) cut at column gaps, widened over ink beside them, low-confidence
    ones read again, and words of ink no line covers added; a piece that is one dash or slash
    stroke is that mark."""
    import numpy as np

    h, w = ink.shape
    boxes = []
    for line in lines:
        x0, top, x1, bottom = bounds(line[0])
        boxes.append((max(0, x0), max(0, top), min(w, x1), min(h, bottom)))
    cover = np.zeros(ink.shape, dtype=np.int32)
    for x0, top, x1, bottom in boxes:
        cover[top:bottom, x0:x1] += 1
    out: list[Line] = []
    # pieces to recognise: box, the line whose reading it may replace, and its box before widening
    todo: list[tuple[Box, Line | None, Box | None]] = []
    for line, box in zip(lines, boxes):
        pieces = cut(ink, box)
        grown = [_grow(ink, p, cover, box) for p in pieces]
        if len(pieces) > 1:
            todo += [(g, None, None) for g in grown]
        elif pieces and (line[2] < _REREAD_BELOW or grown[0] != pieces[0]):
            todo.append((grown[0], line, pieces[0]))
        elif pieces:  # the reading as it is, on its ink's own box (characters are spread over the box)
            out.append((corners(pieces[0]), minus_sign(ink, pieces[0], line[1].strip()), line[2]))
        else:
            out.append(line)
    em = int(np.median([b[3] - b[1] for b in boxes])) if boxes else max(8, min(h, w) // 60)
    loose = [b for b in _words(ink, em) if not cover[b[1]:b[3], b[0]:b[2]].any()]
    todo += [(b, None, None) for b in loose[:_MAX_UNCOVERED]]
    marks = [shape_mark(ink[box[1]:box[3], box[0]:box[2]], unit) for box, _, _ in todo]
    out += [(corners(box), mark, SHAPE_CONFIDENCE) for (box, _, _), mark in zip(todo, marks) if mark]
    todo = [item for item, mark in zip(todo, marks) if not mark]
    if not todo:
        return out
    readings = recognize([_crop(image, box) for box, _, _ in todo])
    for (box, replaced, before), (text, score) in zip(todo, readings):
        text = text.strip()
        if replaced is None:
            if text and score >= keep:
                out.append((corners(box), minus_sign(ink, box, text), float(score)))
            continue
        widened = before != box
        better = text and score >= keep and (_holds(text, replaced[1].strip()) if widened else score > replaced[2])
        if better:
            out.append((corners(box), minus_sign(ink, box, text), float(score)))
        else:  # the first reading was the better one
            out.append((corners(before), minus_sign(ink, before, replaced[1].strip()), replaced[2]))
    return out
