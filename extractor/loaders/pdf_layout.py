"""Characters into text lines, and lines into the text of one cell.

A line is a run of characters sharing a baseline band, left to right. Spaces are
kept where the PDF has a space character, and added at gaps: a third of the
character height between Latin characters or digits, nearly a full em between two
CJK characters (smaller gaps there are letter spacing, not word breaks).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import regex as re

from ..model import BBox
from .pdf_read import Char

_SPACE_GAP = 0.3  # fraction of the character height
_FIELD_GAP = 0.9  # a gap this many font sizes wide separates two fields
_VALUE = re.compile(
    r"^(?:[-+−－]{0,2}\d[\d,，]*(?:\.\d+)?\s*(?:%|％|万元|元|件|个|项)?|[/／\\]|[-—–－―]{1,2}|—+|无)$"
)


@dataclass
class Line:
    chars: list[Char] = field(default_factory=list)
    text: str = ""
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0  # font size: median width of full-width characters, else of 0.85 × heights
    page: int = 0

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


def is_cjk(ch: str) -> bool:
    """Ideographs, Kangxi radicals and full-width punctuation (no spaces around them)."""
    if not ch:
        return False
    code = ord(ch[0])
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
            or 0x20000 <= code <= 0x3FFFF or unicodedata.east_asian_width(ch[0]) in ("W", "F"))


def is_ideograph(ch: str) -> bool:
    """CJK unified ideographs (and Kangxi radicals), whose advance is one em."""
    code = ord(ch[0]) if ch else 0
    return 0x2F00 <= code <= 0x2FDF or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF


def _dedupe(chars: list[Char]) -> list[Char]:
    """Drop the second copy of characters painted twice (fake bold, shadows)."""
    out: list[Char] = []
    for ch in chars:
        prev = out[-1] if out else None
        if (prev is not None and prev.text == ch.text and abs(prev.x0 - ch.x0) < 1.0
                and abs(prev.top - ch.top) < 1.0):
            continue
        out.append(ch)
    return out


def make_line(chars: Iterable[Char]) -> Line:
    """A line from characters already known to share a baseline."""
    ordered = _dedupe(sorted(chars, key=lambda c: c.x0))
    visible = [c for c in ordered if not c.text.isspace()] or ordered
    line = Line(ordered)
    line.x0 = min(c.x0 for c in visible)
    line.x1 = max(c.x1 for c in visible)
    line.top = min(c.top for c in visible)
    line.bottom = max(c.bottom for c in visible)
    line.text = join_chars(ordered)
    line.size = _font_size(visible)
    return line


def _font_size(chars: list[Char]) -> float:
    sizes = sorted(c.x1 - c.x0 for c in chars if is_ideograph(c.text))
    if not sizes:
        sizes = sorted(0.85 * c.size for c in chars if not c.text.isspace())
    return sizes[len(sizes) // 2] if sizes else 0.0


def join_chars(chars: list[Char]) -> str:
    """Text of a run of characters on one line, with spaces where the layout has them."""
    parts: list[str] = []
    prev: Char | None = None
    pending_space = False
    for ch in chars:
        if ch.text.isspace():
            pending_space = prev is not None
            continue
        if prev is not None:
            gap = ch.x0 - prev.x1
            size = max(min(prev.size, ch.size), 1.0)
            cjk = is_cjk(prev.text) and is_cjk(ch.text)
            if pending_space or gap > (_FIELD_GAP if cjk else _SPACE_GAP) * size:
                parts.append(" ")
        parts.append(ch.text)
        prev, pending_space = ch, False
    return "".join(parts)


def group_lines(chars: Iterable[Char]) -> list[Line]:
    """Cluster characters into lines (top to bottom) by the vertical centre of each."""
    ordered = sorted(chars, key=lambda c: (c.cy, c.x0))
    groups: list[list[Char]] = []
    centre = 0.0
    height = 0.0
    for ch in ordered:
        if groups and abs(ch.cy - centre) <= 0.45 * max(height, ch.size):
            group = groups[-1]
            group.append(ch)
            centre += (ch.cy - centre) / len(group)
            height = max(height, ch.size)
            continue
        groups.append([ch])
        centre, height = ch.cy, ch.size
    lines = [make_line(g) for g in groups if any(not c.text.isspace() for c in g)]
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def join_lines(texts: list[str]) -> str:
    """Lines of one wrapped cell or paragraph as one string (no break at a CJK wrap)."""
    out = ""
    for text in (t.strip() for t in texts):
        if not text:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and text[0].isascii() and text[0].isalpha():
            out += " "
        out += text
    return out


def is_value(text: str) -> bool:
    """A printed table value: a number (maybe signed or with a unit), "/", "—" or "无"."""
    return bool(_VALUE.match(text.replace(" ", "")))


def bbox_of(items: Iterable[Char | Line | Field]) -> BBox:
    items = list(items)
    return (min(i.x0 for i in items), min(i.top for i in items),
            max(i.x1 for i in items), max(i.bottom for i in items))



# --- fields: runs of a line set apart by wide gaps (table cells) ---------------

@dataclass
class Field:
    """A run of characters on one line, set apart from its neighbours by wide gaps."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    line: int = -1  # index of its line in the table region

    @property
    def numeric(self) -> bool:
        """A printed value: a number (maybe with a unit), "/", "—" or "无"."""
        return is_value(self.text)


def _field(chars: list[Char], size: float) -> Field:
    visible = [c for c in chars if not c.text.isspace()]
    return Field(join_chars(chars), visible[0].x0, min(c.top for c in visible), visible[-1].x1,
                 max(c.bottom for c in visible), size)


def split_fields(line: Line, gap: float = _FIELD_GAP) -> list[Field]:
    """The fields of a line, left to right: runs split at gaps over ``gap`` × font size."""
    size = line.size
    fields: list[Field] = []
    run: list[Char] = []
    last: Char | None = None
    for ch in line.chars:
        if ch.text.isspace():
            run.append(ch)
            continue
        if last is not None and ch.x0 - last.x1 > gap * size:
            fields.append(_field(run, size))
            run = []
        run.append(ch)
        last = ch
    if last is not None:
        fields.append(_field(run, size))
    return fields


def is_data(fields: list[Field]) -> bool:
    """Values in columns: two or more, or one right of a label."""
    numeric = [f.numeric for f in fields]
    return sum(numeric) >= 2 or (sum(numeric) == 1 and not numeric[0])


def median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0
