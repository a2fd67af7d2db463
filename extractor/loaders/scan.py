"""Image work on a scanned page before OCR (OpenCV): red seals, orientation, skew, ruling lines.

A page image goes through :func:`prepare`:

1. **Red seals** are dropped when the page turns grey: a red pixel (HSV hue and
   saturation) that is bright in its red channel, inside a seal-shaped patch of red (about
   as tall as wide, over 6 % of the page's width), is seal ink on paper and becomes paper;
   black ink under the seal is dark in every channel and stays as dark as printed, so a
   seal stamped over numbers leaves the numbers as they are. Red printed text (a 红头
   title) runs in wide lines and stays, as ink.
2. **Grey and binary**: the grey page without specks (ink dots of a few pixels: dust, fax
   noise), and its ink as a binary mask (Otsu after a light blur, which also absorbs JPEG
   noise; 1-bit pages pass through unchanged).
3. **Orientation**: text lines are found as blobs of ink closed along a direction; a page
   whose blobs run vertically is turned a quarter. Which way (and whether an upright page
   is upside down) is decided by the caller, who can read (:func:`rotate`).
4. **Skew** up to ±3°: the median angle of the long text-line blobs; the page is rotated
   back about its centre.
5. **Rulings**: morphological opening of the ink mask with long horizontal and vertical
   kernels keeps only the table lines; each connected run becomes one segment, and the
   lines are painted white in the image the recognizer reads.

Coordinates stay in pixels of the prepared (upright, deskewed) image; :class:`Frame`
maps them back to the page as displayed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

MAX_SKEW = 3.0  # degrees: larger angles are not corrected (a drawing, not a skewed scan)
_MIN_SKEW = 0.15  # degrees: below this the page is left as it is
_BILEVEL = 0.05  # a page with fewer grey (neither black nor white) pixels is a 1-bit scan
_SPECK = 4  # pixels: ink components this small are noise, not a stroke (a full stop is bigger at 150 dpi)
_CROSSED = 0.15  # a vertical with ink beside it on more of its length is a character's stroke
_RULE_SHARE = 30  # a ruling is at least 1/30 of the page width (height) long
_RED_HUE = (10, 160)  # OpenCV hue (0–180): red is below the first or above the second
_RED_SATURATION = 25
_RED_INK = 150  # a red pixel at least this bright (its red channel) is seal ink on paper …
_UNDER_SEAL = 55  # … unless its luma is darker than this: black ink under the seal


@dataclass
class Frame:
    """How the prepared image relates to the page: a quarter-turn count and a small angle.

    ``to_page`` maps a point of the prepared image (pixels) to the displayed page (pixels of
    the original image); the caller scales pixels to points.
    """

    width: int  # original image, pixels
    height: int
    quarter: int = 0  # counter-clockwise quarter turns applied to the original
    matrix: Any = None  # 2×3 affine of the deskew (prepared = matrix · turned), or None

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        if self.matrix is not None:
            (a, b, c), (d, e, f) = self.matrix
            det = a * e - b * d
            x, y = x - c, y - f
            x, y = (e * x - b * y) / det, (-d * x + a * y) / det
        w, h = self.width, self.height
        q = self.quarter % 4
        if q == 1:  # turned counter-clockwise: turned (x, y) came from original (w-1-y, x)
            return w - y, x
        if q == 2:
            return w - x, h - y
        if q == 3:
            return y, h - x
        return x, y


def _cv2() -> Any:
    import cv2

    return cv2


def to_grey(image: Any) -> Any:
    """The page in grey with red seal ink dropped (BGR or grey in).

    A reddish pixel (HSV hue, some saturation) bright in its red channel and not dark in
    luma is seal ink on paper and becomes paper; black ink under the seal is dark in luma
    (JPEG's chroma smear may redden it, not lighten it) and stays as printed, so numbers
    under a seal keep their strokes.
    """
    cv2 = _cv2()
    if image.ndim == 2:
        return image
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = ((hue < _RED_HUE[0]) | (hue > _RED_HUE[1])) & (sat >= _RED_SATURATION)
    seal = red & (val >= _RED_INK) & (grey >= _UNDER_SEAL)
    grey[seal & _seal_shaped(seal)] = 255
    return grey


def _seal_shaped(red: Any) -> Any:
    """Where the red ink forms a seal: a round or square stamp (strokes closed together, about
    as tall as wide, over 6 % of the page's width); red printed text (a 红头 title, a red
    heading) runs in wide lines and is kept as ink."""
    import numpy as np

    cv2 = _cv2()
    unit = _unit(red)
    mask = red.astype(np.uint8) * 255
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * unit, 2 * unit)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    out = np.zeros(red.shape, dtype=bool)
    smallest = 0.06 * red.shape[1]
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if w >= smallest and h >= smallest and 0.6 <= w / h <= 1.6:
            out[y:y + h, x:x + w] = True
    return out


def despeckle(grey: Any) -> Any:
    """The grey page without isolated specks of ink (scanner dust, fax noise): dots of a few pixels."""
    import numpy as np

    cv2 = _cv2()
    if np.count_nonzero((grey > 0) & (grey < 255)) < _BILEVEL * grey.size:  # a 1-bit page: specks
        grey = cv2.medianBlur(grey, 3)  # touching the strokes too, which the areas below keep
    mask = ink_mask(grey)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] <= _SPECK
    small[0] = False  # the background
    out = grey.copy()
    out[small[labels]] = 255
    return out


def ink_mask(grey: Any) -> Any:
    """Ink as 255 on 0 (Otsu on a lightly blurred page)."""
    cv2 = _cv2()
    blurred = cv2.GaussianBlur(grey, (3, 3), 0)
    _, mask = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def _unit(mask: Any) -> int:
    """About 1.4 mm of the page in pixels: wider than the gap between characters, narrower than
    between lines, thicker than a table line."""
    return max(3, round(min(mask.shape) / 150))


def _line_blobs(mask: Any, horizontal: bool) -> list[Any]:
    """Rotated rectangles of text lines: ink closed along one direction, long thin blobs."""
    cv2 = _cv2()
    unit = _unit(mask)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (unit, 1) if horizontal else (1, unit))
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    blobs = []
    for contour in contours:
        rect = cv2.minAreaRect(contour)
        (_, _), (rw, rh), _ = rect
        long_side, short_side = max(rw, rh), min(rw, rh)
        if short_side >= 2 and long_side >= 5 * short_side and long_side >= unit * 8 \
                and short_side <= unit * 6:  # a line of text, not a ruling or a block
            x, y, bw, bh = cv2.boundingRect(contour)
            if (bw > bh) == horizontal:
                blobs.append(rect)
    return blobs


def sideways(mask: Any) -> bool:
    """Whether the page's text lines may run vertically (the page turned a quarter): a fair share
    of them do. The caller reads the page each way to decide (columns of narrow cells stack too)."""
    vertical = len(_line_blobs(mask, False))
    return vertical >= 3 and 2 * vertical > len(_line_blobs(mask, True))


def skew_angle(mask: Any) -> float:
    """The page's skew in degrees (counter-clockwise as displayed positive), 0 when none or out of range."""
    import numpy as np

    cv2 = _cv2()
    angles = []
    for rect in _line_blobs(mask, True):
        corners = cv2.boxPoints(rect)
        edges = [corners[(i + 1) % 4] - corners[i] for i in range(4)]
        dx, dy = max(edges, key=lambda e: float(e[0] ** 2 + e[1] ** 2))
        a = math.degrees(math.atan2(float(dy), float(dx)))
        if a > 90:
            a -= 180
        elif a <= -90:
            a += 180
        angles.append(-a)  # image y grows downwards: a line rising to the right has dy < 0
    if len(angles) < 3:
        return 0.0
    angle = float(np.median(angles))
    return angle if _MIN_SKEW <= abs(angle) <= MAX_SKEW else 0.0


def rotate(image: Any, quarter: int) -> Any:
    """The image turned ``quarter`` quarter turns counter-clockwise."""
    import numpy as np

    return np.ascontiguousarray(np.rot90(image, quarter % 4))


def deskew(image: Any, angle: float) -> tuple[Any, Any]:
    """The image rotated by ``angle`` degrees (counter-clockwise) back to level, and the matrix."""
    cv2 = _cv2()
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    border = 255 if image.ndim == 2 else (255, 255, 255)
    out = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)
    return out, matrix


@dataclass
class Segment:
    """A ruling found in the image, in pixels: ``pos`` is y (horizontal) or x (vertical)."""

    horizontal: bool
    pos: float
    start: float
    end: float
    width: float = 1.0  # the line's thickness


def _line_masks(mask: Any) -> tuple[Any, Any]:
    """The horizontal and the vertical table lines of an ink mask (morphological opening)."""
    cv2 = _cv2()
    h, w = mask.shape
    out = []
    for horizontal in (True, False):
        length = max(10, (w if horizontal else h) // _RULE_SHARE)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
        # no closing first: it would join the strokes of neighbouring characters into a line; the
        # pieces of a line broken by a fax or JPEG are joined later, as a PDF's pieces are
        out.append(cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel))
    return out[0], out[1]


def _segments(lines: Any, horizontal: bool, thickest: int) -> list[Segment]:
    """One segment per connected run of a line mask; a run thicker than ``thickest`` is not a line."""
    cv2 = _cv2()
    out = []
    n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if (bh if horizontal else bw) > thickest:
            continue
        if horizontal:
            out.append(Segment(True, float(y + bh / 2), float(x), float(x + bw), float(bh)))
        else:
            out.append(Segment(False, float(x + bw / 2), float(y), float(y + bh), float(bw)))
    return out


def _ends_met(v: Segment, horizontals: list[Segment], tolerance: float) -> int:
    """How many ends of a short vertical run into a horizontal ruling (2: a cell's side)."""
    def meets(y: float) -> bool:
        return any(abs(h.pos - y) <= tolerance and h.start - tolerance <= v.pos <= h.end + tolerance
                   for h in horizontals)
    return meets(v.start) + meets(v.end)


def _isolated(mask: Any, v: Segment) -> bool:
    """Whether a vertical stands alone along its length, as a cell's side does (padding on both
    sides), not crossed by strokes as a character's vertical is."""
    h, w = mask.shape
    top, bottom = int(v.start), int(v.end)
    beside = [round(v.pos - v.width / 2 - 2), round(v.pos + v.width / 2 + 2)]
    rows = [mask[top:bottom, x] > 0 for x in beside if 0 <= x < w]
    return bool(rows) and all(r.mean() <= _CROSSED for r in rows)


def _short_sides(mask: Any, across: list[Segment], vertical: Any) -> list[Segment]:
    """Cell sides too short for the opening's kernel (a single row: the top of a table split by
    a page break), found with a kernel a third as long. One is kept where it runs from one
    horizontal ruling to another; or, taller than a table's characters and in line with a
    longer vertical (a column's side), where it meets one ruling or stands alone (its other
    ends at a page break or a shaded row) — as a cell's side does and a character's stroke
    does not."""
    cv2 = _cv2()
    thickest = _unit(mask)
    down = _segments(vertical, False, thickest)
    length = max(10, mask.shape[0] // (3 * _RULE_SHARE))
    short = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    short[vertical > 0] = 0
    touch = max(2.0, thickest / 4)  # a cell's side runs into the rulings; a stroke stops short of them
    tall = 3.5 * thickest  # about 14 pt: longer than any stroke of a table's 9–12 pt characters
    out = []
    for v in _segments(short, False, thickest):
        met = _ends_met(v, across, touch)
        aligned = v.end - v.start >= tall and any(abs(v.pos - d.pos) <= touch for d in down)
        if met == 2 or (aligned and (met or _isolated(mask, v))):
            out.append(v)
    return out


def table_lines(mask: Any) -> tuple[list[Segment], Any]:
    """The table lines of an ink mask: one segment per connected run (with the short cell sides of
    :func:`_short_sides`), and a mask of their pixels to paint out."""
    cv2 = _cv2()
    thickest = _unit(mask)  # a ruling is a thin line; a thicker run is a bar of text or a filled block
    horizontal, vertical = _line_masks(mask)
    across = _segments(horizontal, True, thickest)
    short = _short_sides(mask, across, vertical)
    lines = cv2.bitwise_or(horizontal, vertical)
    for v in short:
        x0, x1 = int(v.pos - v.width / 2), int(v.pos + v.width / 2) + 1
        lines[int(v.start):int(v.end), max(0, x0):x1] = 255
    return across + _segments(vertical, False, thickest) + short, lines


def rulings(mask: Any) -> list[Segment]:
    """Horizontal and vertical table lines of an ink mask (:func:`table_lines`)."""
    return table_lines(mask)[0]


def paint_out(grey: Any, lines: Any) -> Any:
    """The grey page with the pixels of ``lines`` (and one around them) painted white: the
    recognizer reads cells, not borders."""
    cv2 = _cv2()
    out = grey.copy()
    out[cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))) > 0] = 255
    return out


def erase_rulings(grey: Any, mask: Any) -> Any:
    """The grey page with its table lines (short cell sides too) painted white."""
    return paint_out(grey, table_lines(mask)[1])


def angle_of(matrix: Any) -> float:
    """The rotation (degrees) of a deskew matrix, for reports and tests."""
    return math.degrees(math.atan2(-matrix[0][1], matrix[0][0]))
