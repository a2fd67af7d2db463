"""OCR of a page image into the PDF layout reader's own input: characters with boxes, rulings.

A scanned page becomes a :class:`~.pdf_read.RawPage` (characters with boxes in points,
each with the recognizer's confidence) and ruling :class:`~.pdf_read.Edge` s found in the
image, so the ruled and unruled table readers, sections, checks and provenance run on
scans unchanged: one table reader for text PDFs and scans.

The engine is RapidOCR (PP-OCRv4 Chinese detection and recognition models, shipped inside
the ``rapidocr-onnxruntime`` wheel, run on onnxruntime's CPU provider): nothing is
downloaded at run time. Its text-direction classifier is off: it turns short crops of
digits upside down (98 read as 86, 9 as 6); page orientation is decided here instead
(:func:`_turn`). The recognizer reads the page with its table lines painted out (a seal's
rim or a JPEG smear touching a line would otherwise merge with the digits). Readings are
kept down to a confidence of 0.2 (RapidOCR drops those below 0.5): a number half covered
by a seal is better read with a low confidence, and flagged for review, than silently
left blank. The detected lines are checked against the ink (:mod:`.ocr_cut`: cut at
column gaps, widened, missed words added, dashes and slashes by shape); each line is then
split into characters in proportion to their widths (an ideograph one em, other
characters a little over half), its height sized to the font.

The page is laid out in the upright, deskewed frame of the prepared image; the
:class:`Scan` keeps the way back to the page as displayed (:meth:`Scan.to_page`), applied
to the boxes of the finished blocks so audit pictures box the printed numbers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import regex as re

from ..errors import ExtractionError
from ..model import BBox, Block, Paragraph, Table
from . import ocr_cut, scan
from .pdf_layout import is_cjk, is_ideograph, is_value, median
from .pdf_read import Char, Edge, RawPage

INSTALL = "pip install rapidocr-onnxruntime opencv-python-headless"
NO_ENGINE = f"scanned pages need the OCR engine: {INSTALL}"
DPI = 200  # PDF pages are rendered at this resolution for OCR
LOW_CONFIDENCE = 0.8  # a value read with less confidence goes into review_notes (see benchmarks/ocr.py)
_NARROW = 0.55  # width of a non-CJK character, in ems
_SPACE = 0.35
_MIN_TEXT = 10  # printable characters: fewer on a page with an image is a scan
_KEEP_SCORE = 0.2  # readings below this are noise; above it they are kept, low ones flagged for review
_MIN_INK = 4  # square points of ink a blank cell needs before it is read again
_SPECKS = re.compile(r"^[.,·:'`]*(\d+)[.,·:'`]*$")  # a speck of dust read beside a count: 0. .5
_NUMBER_SYMBOLS = frozenset("0123456789.,-/%")
_TURN_SIDE = 1100  # pixels: a page that may be sideways is read at this size each way to decide


@cache
def engine() -> Any:
    """The RapidOCR engine, built once per process (the models load in about 0.3 s)."""
    try:
        import cv2  # noqa: F401
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise ExtractionError(NO_ENGINE) from None
    threads = int(os.environ.get("EXTRACT_OCR_THREADS", "0")) or -1
    return RapidOCR(use_cls=False, max_side_len=5000, print_verbose=False, text_score=_KEEP_SCORE,
                    intra_op_num_threads=threads, inter_op_num_threads=threads)


@dataclass
class Scan:
    """One page read by OCR: its characters and rulings (upright frame, points) and the way back."""

    raw: RawPage
    edges: list[Edge]
    frame: scan.Frame
    pixels_per_point: float
    angle: float = 0.0  # skew corrected, degrees
    chars: list[Char] = field(default_factory=list)
    image: Any = None  # the prepared page the recognizer read (until the page is laid out)

    def to_page(self, bbox: BBox) -> BBox:
        """A box of the upright frame (points) as a box of the page as displayed (points)."""
        s = self.pixels_per_point
        x0, top, x1, bottom = bbox
        corners = [self.frame.to_page(x * s, y * s) for x, y in ((x0, top), (x1, top), (x0, bottom), (x1, bottom))]
        xs, ys = [p[0] / s for p in corners], [p[1] / s for p in corners]
        return min(xs), min(ys), max(xs), max(ys)

    @property
    def identity(self) -> bool:
        return self.frame.quarter % 4 == 0 and self.frame.matrix is None


def _read_lines(image: Any) -> list[tuple[Any, str, float]]:
    result, _ = engine()(image)
    return [(box, text, float(score)) for box, text, score in (result or [])]


def _recognize(crops: list[Any]) -> list[tuple[str, float]]:
    """Text and confidence of each crop (one line of text each), recognised without detection."""
    readings, _ = engine().text_rec(crops)
    return [(text, float(score)) for text, score in readings]


def read_number(crop: Any) -> tuple[str, float]:
    """A crop read as a number: the recognizer's per-step probabilities decoded over the digits and
    number marks only (CTC: best allowed symbol per step, repeats and blanks dropped). The
    confidence is the mean probability of the symbols kept, as the model gave them: a 0 the
    model took for Q keeps the low probability it gave the 0. Where a symbol is, and how many,
    is the model's own (unconstrained) reading."""
    import numpy as np

    rec = engine().text_rec
    image = crop if crop.ndim == 3 else np.repeat(crop[..., None], 3, axis=2)
    ratio = max(rec.rec_image_shape[2] / rec.rec_image_shape[1], image.shape[1] / max(1, image.shape[0]))
    preds = rec.session(rec.resize_norm_img(image, ratio)[np.newaxis, :].astype(np.float32))[0][0]
    chars = rec.postprocess_op.character
    allowed = np.asarray([i for i, ch in enumerate(chars) if ch in _NUMBER_SYMBOLS])
    text, probs, prev = [], [], 0
    for step, index in enumerate(preds.argmax(axis=1)):  # where the model sees a symbol, and which
        if index and index != prev:
            symbol = int(allowed[preds[step, allowed].argmax()])
            text.append(chars[symbol])
            probs.append(float(preds[step, symbol]))
        prev = index
    return "".join(text), (round(sum(probs) / len(probs), 4) if probs else 0.0)


def _reading_score(grey: Any) -> float:
    """How well a page reads as it lies: the confident characters the engine reads on a small copy
    (about 1000 pixels high) — text turned a quarter reads as few, unsure characters."""
    import cv2

    scale = min(1.0, _TURN_SIDE / max(grey.shape))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    return sum(score * len(text.strip()) for _, text, score in _read_lines(small) if score >= 0.6)


def _turn(grey: Any, mask: Any) -> int:
    """Quarter turns (counter-clockwise) that make the page upright.

    A page whose text lines seem to run vertically is read three ways (as it is, and turned a
    quarter either way: a column of narrow wrapped cells also stacks its lines) and turned the
    way that reads the most confident characters.
    """
    if not scan.sideways(mask):
        return 0
    scores = {q: _reading_score(scan.rotate(grey, q)) for q in (0, 1, 3)}
    return max(scores, key=lambda q: (scores[q], q == 0))


def read_image(image: Any, number: int, pixels_per_point: float) -> Scan:
    """OCR one page image (BGR or grey array) into characters and rulings in points."""
    grey = scan.despeckle(scan.to_grey(image))
    frame = scan.Frame(grey.shape[1], grey.shape[0])
    ink = scan.ink_mask(scan.erase_rulings(grey, scan.ink_mask(grey)))  # text without table lines
    frame.quarter = _turn(grey, ink)
    if frame.quarter:
        grey, ink = scan.rotate(grey, frame.quarter), scan.rotate(ink, frame.quarter)
    angle = scan.skew_angle(ink)
    if angle:
        grey, frame.matrix = scan.deskew(grey, angle)
    mask = scan.ink_mask(grey)
    s = pixels_per_point
    segments, lines_mask = scan.table_lines(mask)
    edges = [Edge(seg.horizontal, seg.pos / s, seg.start / s, seg.end / s) for seg in segments]
    chars: list[Char] = []
    prepared = scan.paint_out(grey, lines_mask)
    lines = ocr_cut.refine(prepared, scan.ink_mask(prepared), _read_lines(prepared), _recognize, _KEEP_SCORE, s)
    boxes = [ocr_cut.bounds(box) for box, _, _ in lines]
    ems = [_em(text, box) for (_, text, _), box in zip(lines, boxes)]
    page_em = median([e for e in ems if e]) or 12 * s  # for lines of marks only
    for (_, text, score), (x0, top, x1, bottom), em in zip(lines, boxes, ems):
        text = dash(text)
        middle, half = (top + bottom) / 2, (em or page_em) / 2
        chars += split_line(text, x0 / s, (middle - half) / s, x1 / s, (middle + half) / s, score)
    good = sum(not ch.text.isspace() for ch in chars)
    raw = RawPage(number, grey.shape[1] / s, grey.shape[0] / s, chars, good, 0)
    return Scan(raw, edges, frame, s, angle, chars, prepared)


_DASHES = frozenset("一—–-－_‐‒―~～")


def dash(text: str) -> str:
    """A reading of only dash-like marks is the dash printed for "none" (the recognizer reads a
    lone — as the ideograph 一 or a hyphen)."""
    marks = text.replace(" ", "")
    return "—" if 0 < len(marks) <= 2 and set(marks) <= _DASHES else text  # 一一一 is a stacked 三


def _em(text: str, box: tuple[int, int, int, int]) -> float | None:
    """The font size (pixels) of a line from the height of its ink: ideographs fill about 0.9 of
    the em, digits and Latin about 0.7; None for a line of marks only (a dash, a full stop)."""
    height = box[3] - box[1]
    if any(is_ideograph(ch) for ch in text):
        return height / 0.9
    if any(ch.isalnum() for ch in text):
        return height / 0.7
    return None


def split_line(text: str, x0: float, top: float, x1: float, bottom: float, conf: float) -> list[Char]:
    """The characters of one recognised line, each with a share of its width."""
    text = text.rstrip()
    weights = [1.0 if is_cjk(ch) else _SPACE if ch.isspace() else _NARROW for ch in text]
    total = sum(weights)
    if not total:
        return []
    out, x, unit = [], x0, (x1 - x0) / total
    for ch, w in zip(text, weights):
        out.append(Char(" " if ch.isspace() else ch, x, top, x + w * unit, bottom, conf))
        x += w * unit
    return out


def read_pdf_page(pdf: Any, index: int) -> Scan:
    """Render page ``index`` of a pypdfium2 document and OCR it."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=DPI / 72, grayscale=False)
        image = bitmap.to_numpy()
    finally:
        page.close()
    if image.ndim == 3 and image.shape[2] == 4:
        image = image[..., :3]
    return read_image(image.copy(), index + 1, DPI / 72)


# --- which pages ---------------------------------------------------------------

def needs_ocr(raw: RawPage) -> bool:
    """Whether a PDF page's text layer is unusable, so the page is read from its image.

    - no text layer: fewer than 10 printable characters on a page holding an image;
    - broken glyphs: over 30 % of the page's glyphs have no Unicode (unmapped, private use, U+FFFD);
    - mojibake or random glyphs: over 25 % of its characters are outside GB 2312 (the 6,763
      common ideographs, punctuation, Latin, Greek, Cyrillic), Kangxi radicals and ASCII —
      a report's own text is almost all inside it;
    - an invisible text layer over an image: another program's OCR, of unknown quality: the
      image is read again rather than trusted.
    """
    if raw.images and (raw.good_chars < _MIN_TEXT or raw.invisible):
        return True
    if raw.bad_chars > 0.3 * (raw.good_chars + raw.bad_chars):
        return True
    text = [ch.text for ch in raw.chars if not ch.text.isspace()]
    return len(text) >= 20 and sum(map(_odd, text)) > 0.25 * len(text)


def _odd(ch: str) -> bool:
    if ch.isascii() or 0x2E80 <= ord(ch) <= 0x2FDF:
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


# --- after layout --------------------------------------------------------------

def finish_page(blocks: list[Any], page_scan: Scan) -> None:
    """Table cells of a laid-out OCR page: confidences attached; cells read blank, as marks that are
    no value, or with low confidence read again alone; a cell whose ink is one dash or slash
    stroke is that mark (:func:`~.ocr_cut.shape_mark`)."""
    for block in blocks:
        if isinstance(block, Table):
            for cell in block.cells():
                if cell.bbox is None:
                    continue
                text = cell.text.strip()
                if text:
                    cell.confidence = _confidence(cell.bbox, page_scan.chars)
                unsure = is_value(text) and (cell.confidence or 1.0) < LOW_CONFIDENCE
                if not text or _mark(text) or unsure:
                    _reread(cell, page_scan)  # blank, a mark ('。' for a small 0, '[]', 'D'), or unsure
                cell.text = dash(_SPECKS.sub(r"\1", cell.text.strip()))
    page_scan.image = None


def _confidence(bbox: BBox, chars: list[Char]) -> float | None:
    """The lowest confidence of the OCR characters inside a box."""
    x0, top, x1, bottom = bbox
    inside = [ch.conf for ch in chars if ch.conf is not None and not ch.text.isspace()
              and x0 - 1 <= ch.cx <= x1 + 1 and top - 1 <= ch.cy <= bottom + 1]
    return round(min(inside), 4) if inside else None


def _reread(cell: Any, page_scan: Scan) -> None:
    """Read a cell's own crop: a lone digit the page-wide detector missed (a thin 1, a faint 7), a
    value read as a mark; the new reading replaces the old when it is a value and surer."""
    import cv2

    s, image = page_scan.pixels_per_point, page_scan.image
    if image is None:
        return
    x0, top, x1, bottom = (round(v * s) for v in cell.bbox)
    inset = max(2, round(s))  # a point inside the cell: off its borders
    crop = image[max(0, top + inset):max(0, bottom - inset), max(0, x0 + inset):max(0, x1 - inset)]
    if crop.size == 0 or int((crop < 128).sum()) < _MIN_INK * s * s:
        return
    mark = ocr_cut.shape_mark(crop < 128, s)
    if mark:
        cell.text, cell.confidence = mark, ocr_cut.SHAPE_CONFIDENCE
        return
    pad = max(8, crop.shape[0] // 2)
    lines = _read_lines(cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255))
    text = " ".join(t.strip() for _, t, _ in lines if t.strip())
    if not text:
        return
    score = round(min(score for _, _, score in lines), 4)
    if _mark(text):  # still no number: read the crop as one, with the confidence the model gives it
        number, confidence = read_number(cv2.copyMakeBorder(crop, 4, 4, 4, 4, cv2.BORDER_CONSTANT, value=255))
        if is_value(number) and confidence >= _KEEP_SCORE:
            text, score = number, min(score, confidence)
    old = cell.text.strip()
    if not old or (is_value(text) and (not is_value(old) or score > (cell.confidence or 0.0))):
        cell.text, cell.confidence = text, score


def _mark(text: str) -> bool:
    """Text that is neither a value nor words: what a misread number leaves ('。', '[]', 'D', '目')."""
    words = sum(is_ideograph(ch) for ch in text)
    return bool(text) and not is_value(text) and words <= 1 and len(text) <= 3


def to_page(blocks: list[Block], scans: dict[int, Scan]) -> list[Block]:
    """The blocks with the boxes of OCR pages mapped back to the page as displayed."""
    out: list[Block] = []
    for block in blocks:
        page_scan = scans.get(block.page or 0)
        if page_scan is None or page_scan.identity:
            out.append(block)
        elif isinstance(block, Paragraph):
            out.append(replace(block, bbox=page_scan.to_page(block.bbox)) if block.bbox else block)
        else:
            for cell in block.cells():
                if cell.bbox is not None and cell.page in scans:
                    cell.bbox = scans[cell.page].to_page(cell.bbox)
            if block.bbox is not None:
                block.bbox = page_scan.to_page(block.bbox)
            out.append(block)
    return out
