"""Detected text lines checked against the ink: lines cut where the ink has a column gap, ink no line covers.

The text detector reads a page in lines, and on a table page a "line" is often wrong in
two ways: it joins values of neighbouring columns (``0  4`` read as ``04``, two header
lines of several columns read as one interleaved string), or it misses a short value
altogether (a lone ``0`` in an unruled table). Both are found in the page's ink:

- a detected line's box is trimmed to its own ink (not the strokes of neighbouring lines
  its edges cut), so its characters are spread over where they are printed;
- a detected line whose ink has a blank run wider than a glyph is high
  (:data:`COLUMN_GAP`) is cut into the pieces between, and a piece holding two lines of
  text (two bands of ink about a glyph high) into those lines; each piece is recognised
  again on its own;
- a detected line read with low confidence is recognised again from its ink's own box;
- a word of ink (strokes closed along the line, about a character high) that no detected
  line covers is recognised alone.

The recognizer is the same as the detector's (:func:`recognize`); what it reads is kept
only above the caller's minimum confidence. Boxes are ``(x0, top, x1, bottom)`` pixels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Box = tuple[int, int, int, int]
Line = tuple[Any, str, float]  # (4 corner points, text, confidence), as the engine gives them
Recognizer = Callable[[list[Any]], list[tuple[str, float]]]

COLUMN_GAP = 1.0  # a blank run wider than a glyph is high separates two columns (、 and ， leave less)
_TWO_LINES = 0.6  # a band of ink at least this share of a glyph's height is a line of text
_SLIVER = 0.35  # a band touching a box's edge shorter than this share of a glyph is a neighbour's strokes
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


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def refine(image: Any, ink: Any, lines: list[Line], recognize: Recognizer, keep: float,
           unit: float) -> list[Line]:
    """The detected ``lines`` of a grey page ``image`` (``ink``: its ink mask, without rulings;
    ``unit``: pixels per point) cut at column gaps, low-confidence ones read again, and words of
    ink no line covers added; a piece that is one dash or slash stroke is that mark."""
    import numpy as np

    h, w = ink.shape
    out: list[Line] = []
    todo: list[tuple[Box, Line | None]] = []  # pieces to recognise, with the line they replace
    heights = []
    for line in lines:
        x0, top, x1, bottom = bounds(line[0])
        box = max(0, x0), max(0, top), min(w, x1), min(h, bottom)
        heights.append(box[3] - box[1])
        pieces = cut(ink, box)
        if len(pieces) > 1:
            todo += [(p, None) for p in pieces]
        elif pieces and line[2] < _REREAD_BELOW:
            todo.append((pieces[0], line))
        else:  # the reading as it is, on its ink's own box (characters are spread over the box)
            out.append((corners(pieces[0]), line[1], line[2]) if pieces else line)
    covered = np.zeros_like(ink)
    for line in lines:
        x0, top, x1, bottom = bounds(line[0])
        covered[max(0, top):max(0, bottom), max(0, x0):max(0, x1)] = 1
    em = int(np.median(heights)) if heights else max(8, min(h, w) // 60)
    loose = [b for b in _words(ink, em) if not covered[b[1]:b[3], b[0]:b[2]].any()]
    todo += [(b, None) for b in loose[:_MAX_UNCOVERED]]
    marks = [shape_mark(ink[box[1]:box[3], box[0]:box[2]], unit) for box, _ in todo]
    out += [(corners(box), mark, SHAPE_CONFIDENCE) for (box, _), mark in zip(todo, marks) if mark]
    todo = [item for item, mark in zip(todo, marks) if not mark]
    if not todo:
        return out
    readings = recognize([_crop(image, box) for box, _ in todo])
    for (box, replaced), (text, score) in zip(todo, readings):
        if replaced is not None and (not text.strip() or score <= replaced[2]):
            out.append((corners(box), replaced[1], replaced[2]))  # the first reading was the better one
        elif text.strip() and score >= keep:
            out.append((corners(box), text, float(score)))
    return out
