"""Text lines outside tables into paragraphs, without page furniture.

Page numbers ("- 4 -", "第 4 页", "4", "4/6") and running headers or footers
(the same text in the top or bottom margin of many pages) are dropped. A line
continues the paragraph above when it starts at the left margin, the line above
runs to the right margin, and nothing marks a new paragraph: no first-line indent,
no heading ordinal (二、 （三）), no change of font size, no extra spacing. The
test crosses page breaks, but not tables.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex as re

from ..model import Block, Paragraph
from .pdf_layout import Line, bbox_of, join_lines

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_·•]*(?:第\s*)?(?:page\s*)?\d{1,4}(?:\s*页)?"
    r"(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[\s\-—–－_·•]*$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)])")
_NUMBER_ZONE = (0.12, 0.85)  # page numbers: in the top 12 % or the bottom 15 % of the page
_RUNNING_ZONE = (0.10, 0.90)  # running headers and footers


@dataclass
class PageText:
    """One page's text lines and tables, in reading order (``items`` sorted by top)."""

    number: int
    width: float
    height: float
    items: list[tuple[float, Line | Block]]


def _in_zone(line: Line, page: PageText, zone: tuple[float, float]) -> bool:
    return line.bottom <= page.height * zone[0] or line.top >= page.height * zone[1]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def strip_furniture(pages: list[PageText]) -> None:
    """Remove page numbers and running headers/footers from the pages' lines."""
    counts: Counter[str] = Counter()
    for page in pages:
        keys = {_furniture_key(item.text) for _, item in page.items
                if isinstance(item, Line) and _in_zone(item, page, _RUNNING_ZONE)}
        counts.update(keys)
    repeated = {k for k, n in counts.items() if n >= max(2, 0.4 * len(pages)) and k}
    for page in pages:
        page.items = [
            (top, item) for top, item in page.items
            if not (isinstance(item, Line) and (
                (_in_zone(item, page, _NUMBER_ZONE) and _PAGE_NUMBER.match(item.text))
                or (_in_zone(item, page, _RUNNING_ZONE) and _furniture_key(item.text) in repeated)
            ))
        ]


@dataclass
class _Margins:
    left: float
    right: float
    gap: float  # usual space between two lines of a paragraph


def _mode(values: list[float]) -> float:
    return Counter(round(v) for v in values).most_common(1)[0][0]


def _margins(lines: list[Line], width: float, fallback: _Margins | None) -> _Margins:
    """Left and right text margins (the commonest line starts and ends) and line gap."""
    body = [ln for ln in lines if len(ln.text) >= 8]
    if len(body) < 4:
        if fallback is not None:
            return fallback
        left = min((ln.x0 for ln in lines), default=0.0)
        return _Margins(left, width - left, 0.5 * (lines[0].size if lines else 10.0))
    gaps = sorted(b.top - a.bottom for a, b in zip(body, body[1:]) if 0 <= b.top - a.bottom < 3 * a.size)
    gap = gaps[len(gaps) // 2] if gaps else 0.5 * body[0].size
    return _Margins(_mode([ln.x0 for ln in body]), _mode([ln.x1 for ln in body]), gap)


def _continues(prev: Line, nxt: Line, m: _Margins, same_page: bool) -> bool:
    """Whether ``nxt`` carries on the paragraph whose last line is ``prev``."""
    size = max(prev.size, nxt.size, 1.0)
    if nxt.x0 > m.left + 0.8 * size or prev.x1 < m.right - 1.5 * size:
        return False  # indented / centred next line, or a short line ending a paragraph
    if abs(prev.size - nxt.size) > 0.2 * size:
        return False
    if _HEADING.match(nxt.text) and not prev.text.rstrip().endswith("第"):
        return False
    return not same_page or nxt.top - prev.bottom <= m.gap + 0.6 * size


def _paragraph(lines: list[Line]) -> Paragraph:
    """A paragraph at its first line's page; the box covers its lines on that page."""
    page = lines[0].page
    return Paragraph(join_lines([ln.text for ln in lines]), page, bbox_of(ln for ln in lines if ln.page == page))


def build_blocks(pages: list[PageText]) -> list[Block]:
    """Paragraphs from the lines, tables kept in place, in reading order."""
    all_lines = [item for page in pages for _, item in page.items if isinstance(item, Line)]
    doc_margins = _margins(all_lines, pages[0].width if pages else 0.0, None)
    blocks: list[Block] = []
    para: list[Line] = []
    for page in pages:
        margins = _margins([item for _, item in page.items if isinstance(item, Line)], page.width, doc_margins)
        for _, item in page.items:
            if isinstance(item, Line) and para and _continues(para[-1], item, margins, para[-1].page == item.page):
                para.append(item)
                continue
            if para:
                blocks.append(_paragraph(para))
                para = []
            if isinstance(item, Line):
                para.append(item)
            else:
                blocks.append(item)
    if para:
        blocks.append(_paragraph(para))
    return blocks
