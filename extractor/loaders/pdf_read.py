"""Read one PDF page with PDFium: characters with boxes, and the ruling edges.

Everything is returned in pdfplumber's coordinates: points, origin at the top-left
of the page as displayed (``/Rotate`` applied), ``top`` growing downwards. Character
boxes are PDFium's "loose" boxes (font ascent to descent), which equal pdfplumber's.
Edges are the axis-parallel straight segments of visible path objects (lines,
rectangles, polylines, also inside form XObjects); invisible white fills such as
paragraph backgrounds are skipped.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MIN_EDGE = 1.5  # shorter segments are the ends of thin rectangles, arrow heads …
_SLANT = 1.0  # how far a segment may lean and still be horizontal / vertical
_WHITE = 250  # colour components at or above this are white (invisible on paper)
_THIN_TEXT = 50  # printable characters: a page with fewer may be a scan (its images are counted)


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float | None = None  # recognition confidence of a character read by OCR

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Edge:
    """A ruling line: ``pos`` is y for horizontal edges, x for vertical ones."""

    horizontal: bool
    pos: float
    start: float
    end: float


@dataclass
class RawPage:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    good_chars: int  # printable, mapped characters
    bad_chars: int  # glyphs without Unicode: unmapped, private-use or U+FFFD
    images: int = 0  # image objects on a page with little or invisible text (a scan), else 0
    invisible: bool = False  # the text is drawn invisibly: another program's OCR layer over an image


def _display_transform(page: Any) -> tuple[Callable[[float, float], Point], float, float]:
    """Map PDF user space to top-left display coordinates; also the display size."""
    x0, y0, x1, y1 = page.get_mediabox()
    rotation = page.get_rotation() % 360
    w, h = x1 - x0, y1 - y0
    if rotation == 90:
        return (lambda x, y: (y - y0, x - x0)), h, w
    if rotation == 180:
        return (lambda x, y: (x1 - x, y - y0)), w, h
    if rotation == 270:
        return (lambda x, y: (y1 - y, x1 - x)), h, w
    return (lambda x, y: (x - x0, y1 - y)), w, h


def _box(to_display: Callable[[float, float], Point], rect: Any) -> tuple[float, float, float, float]:
    ax, ay = to_display(rect.left, rect.top)
    bx, by = to_display(rect.right, rect.bottom)
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def read_page(pdf: Any, index: int,
              wants_edges: Callable[[RawPage], bool]) -> tuple[RawPage, list[Edge] | None]:
    """Characters of page ``index`` (0-based), and its edges if ``wants_edges(page)`` (else None)."""
    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    try:
        to_display, width, height = _display_transform(page)
        textpage = page.get_textpage()
        try:
            chars, good, bad = _read_chars(pdfium_c, textpage.raw, to_display)
            invisible = _invisible(pdfium_c, textpage.raw)
        finally:
            textpage.close()
        # images matter only where the text is thin or invisible (a scan): not counted on text pages
        images = _count_images(pdfium_c, page.raw) if good < _THIN_TEXT or invisible else 0
        raw = RawPage(index + 1, width, height, chars, good, bad, images, invisible)
        edges = _read_edges(pdfium_c, page.raw, to_display) if wants_edges(raw) else None
    finally:
        page.close()
    return raw, edges


def _count_images(lib: Any, page: Any) -> int:
    return sum(lib.FPDFPageObj_GetType(lib.FPDFPage_GetObject(page, i)) == lib.FPDF_PAGEOBJ_IMAGE
               for i in range(lib.FPDFPage_CountObjects(page)))


def _invisible(lib: Any, textpage: Any, sample: int = 20) -> bool:
    """Whether most of the first ``sample`` characters are drawn in the invisible render mode."""
    seen = hidden = 0
    for i in range(min(lib.FPDFText_CountChars(textpage), sample * 4)):
        obj = lib.FPDFText_GetTextObject(textpage, i)
        if not obj:
            continue
        seen += 1
        hidden += lib.FPDFTextObj_GetTextRenderMode(obj) == lib.FPDF_TEXTRENDERMODE_INVISIBLE
        if seen >= sample:
            break
    return seen > 0 and hidden > seen / 2


def _slanted(angle: float) -> bool:
    """An angle (radians) that is not a multiple of 90° (within 5°)."""
    if angle < 0:  # error
        return False
    degrees = math.degrees(angle) % 90
    return 5 < degrees < 85


def _is_bad(code: int) -> bool:
    return 0xE000 <= code <= 0xF8FF or code == 0xFFFD or code < 0x20 or 0xF0000 <= code


def _read_chars(lib: Any, textpage: Any,
                to_display: Callable[[float, float], Point]) -> tuple[list[Char], int, int]:
    rect = lib.FS_RECTF()
    chars: list[Char] = []
    good = bad = 0
    count = lib.FPDFText_CountChars(textpage)
    i = 0
    while i < count:
        code = lib.FPDFText_GetUnicode(textpage, i)
        index = i
        i += 1
        if lib.FPDFText_IsGenerated(textpage, index) or code in (0xFFFE, 0xFFFF, 10, 13):
            continue
        if 0xD800 <= code < 0xDC00 and i < count:  # surrogate pair: one astral character
            low = lib.FPDFText_GetUnicode(textpage, i)
            if 0xDC00 <= low < 0xE000:
                i += 1
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        if code in (9, 0xA0, 0x3000):
            code = 32
        if lib.FPDFText_HasUnicodeMapError(textpage, index) or _is_bad(code):
            bad += 1
            continue
        if _slanted(lib.FPDFText_GetCharAngle(textpage, index)):
            continue  # a diagonal watermark or stamp
        if not lib.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(rect)):
            continue
        text = chr(code)
        good += not text.isspace()
        x0, top, x1, bottom = _box(to_display, rect)
        chars.append(Char(text, x0, top, x1, bottom))
    return chars, good, bad


def _read_edges(lib: Any, page: Any, to_display: Callable[[float, float], Point]) -> list[Edge]:
    edges: list[Edge] = []
    for i in range(lib.FPDFPage_CountObjects(page)):
        _collect(lib, lib.FPDFPage_GetObject(page, i), _IDENTITY, to_display, edges, 0)
    return edges


def _matrix(lib: Any, obj: Any) -> Matrix:
    m = lib.FS_MATRIX()
    if not lib.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer``."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _collect(lib: Any, obj: Any, ctm: Matrix, to_display: Callable[[float, float], Point],
             out: list[Edge], depth: int) -> None:
    kind = lib.FPDFPageObj_GetType(obj)
    if kind == lib.FPDF_PAGEOBJ_FORM and depth < 8:
        inner = _compose(_matrix(lib, obj), ctm)
        for j in range(lib.FPDFFormObj_CountObjects(obj)):
            _collect(lib, lib.FPDFFormObj_GetObject(obj, j), inner, to_display, out, depth + 1)
    elif kind == lib.FPDF_PAGEOBJ_PATH and _visible(lib, obj):
        m = _compose(_matrix(lib, obj), ctm)
        for p, q in _segments(lib, obj):
            edge = _edge(to_display(*_apply(m, p)), to_display(*_apply(m, q)))
            if edge is not None:
                out.append(edge)


def _apply(m: Matrix, p: Point) -> Point:
    x, y = p
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _color_visible(getter: Callable[..., int], obj: Any) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return True
    return a.value > 0 and min(r.value, g.value, b.value) < _WHITE


def _visible(lib: Any, obj: Any) -> bool:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not lib.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return True
    if stroke.value and _color_visible(lib.FPDFPageObj_GetStrokeColor, obj):
        return True
    return bool(fill_mode.value) and _color_visible(lib.FPDFPageObj_GetFillColor, obj)


def _segments(lib: Any, obj: Any) -> list[tuple[Point, Point]]:
    """The straight segments of a path, in the path's own coordinates."""
    out: list[tuple[Point, Point]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    start: Point | None = None
    current: Point | None = None
    for j in range(lib.FPDFPath_CountSegments(obj)):
        seg = lib.FPDFPath_GetPathSegment(obj, j)
        if not lib.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (x.value, y.value)
        kind = lib.FPDFPathSegment_GetType(seg)
        if kind == lib.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == lib.FPDF_SEGMENT_LINETO and current is not None:
            out.append((current, point))
        current = point
        if lib.FPDFPathSegment_GetClose(seg) and start is not None and current != start:
            out.append((current, start))
            current = start
    return out


def _edge(p: Point, q: Point) -> Edge | None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) <= _SLANT and abs(x1 - x0) >= _MIN_EDGE:
        return Edge(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1))
    if abs(x1 - x0) <= _SLANT and abs(y1 - y0) >= _MIN_EDGE:
        return Edge(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1))
    return None
