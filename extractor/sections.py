"""Find the six section headings and each section's text.

Headings are found in the document's text stream, so a heading that is not at a
line start ("…工作。二、主动公开政府信息情况") or is split over lines still counts.
A heading is an ordinal (一 … 六, any punctuation after it) followed within a few
characters by the section's core keyword (FORMATS §4.1 wording variants). Lines
of a table of contents — several headings with nothing between them — and
sentences that merely mention 总体情况 are not headings.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from .model import Document, Paragraph, Record, Table
from .normalize import normalize_with_map
from .schema import SECTIONS

_ORDINALS = "一二三四五六"
# Core keywords per section; the first one matching after the ordinal wins.
_KEYWORDS: dict[int, str] = {
    1: r"总体情况|总体概况|概述|基本情况|工作概况",
    2: r"主动公开",
    3: r"收到和处理|依申请公开|收到及处理|收到、处理",
    4: r"行政复议|行政诉讼",
    5: r"存在的?主要问题|存在问题|主要问题|问题及改进|问题和改进|存在的?不足|问题及整改|改进措施|改进情况",
    6: r"其[他它]需要?报告|需要?报告的其[他它]|其[他它]事项|其[他它]需要?说明|其[他它]有关事项",
}
_SP = r"[ \t\u3000]*"
_HEADING = {
    n: re.compile(
        rf"(?:(?<=^|[\n。；;！!？?:：])|(?<=[ \t\u3000]))[ \t]*(?P<ord>[{_ORDINALS}七八九十]){_SP}"
        rf"[、.,，．:：]?{_SP}(?!是)(?P<title>[^\n。；;]{{0,16}}?(?:{kw})[^\n。；;，,]{{0,30}})",
    )
    for n, kw in _KEYWORDS.items()
}
_TITLE_END = (re.compile(r"^(.*?(?:情况|事项))"), re.compile(r"^(.*(?:措施|问题))"))
_WRAPPED_END = re.compile(r"^\n([^\n]{1,16}?(?:情况|事项))")
TABLE_MARK = "\n\ufffc\n"  # stands for a table in the text stream


@dataclass
class FoundSection(Record):
    number: int
    key: str
    heading: str
    text: str
    start: int  # offsets in the stream, for mapping blocks to sections
    end: int


@dataclass
class SectionsResult:
    sections: list[FoundSection]
    preamble: str
    block_sections: list[int]  # section number (0 = preamble) of each block


def _stream(doc: Document) -> tuple[str, list[int]]:
    """The document's text with a marker for each table; block start offsets."""
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for block in doc.blocks:
        starts.append(pos)
        piece = block.text + "\n" if isinstance(block, Paragraph) else TABLE_MARK
        parts.append(piece)
        pos += len(piece)
    return "".join(parts), starts


def _heading_text(title: str) -> str:
    for pattern in _TITLE_END:
        m = pattern.match(title)
        if m:
            return m.group(1).strip()
    return title.strip()


def _candidates(norm: str) -> dict[int, list[tuple[int, int, bool]]]:
    """(start, end, ordinal is the section's own) in the normalized stream of each
    heading candidate per section. Other ordinals count too: an appendix of tables
    may renumber them (一、主动公开政府信息情况 …)."""
    out: dict[int, list[tuple[int, int, bool]]] = {}
    for n, pattern in _HEADING.items():
        for m in pattern.finditer(norm):
            title = _heading_text(m["title"])
            end = m.start("title") + len(title)
            if not re.search("情况|事项", title):  # a heading wrapped onto the next line
                wrapped = _WRAPPED_END.match(norm[end:])
                if wrapped:
                    end += wrapped.end()
            out.setdefault(n, []).append((m.start("ord"), end, m["ord"] == _ORDINALS[n - 1]))
    return out


def _is_toc(norm: str, end: int, others: list[tuple[int, int, bool]]) -> bool:
    """A heading directly followed by another heading (a table-of-contents line)."""
    for start, _, _ in others:
        if start >= end:
            gap = norm[end:start]
            return not re.search(r"[^\s、，,;；.。:：\-—…·]", gap)
    return False


def _choose(norm: str, cands: dict[int, list[tuple[int, int, bool]]]) -> dict[int, tuple[int, int]]:
    """Pick one candidate per section, in order: the section's own ordinal before
    another one, a line start before mid-line, never a table-of-contents line."""
    every = sorted(c for lst in cands.values() for c in lst)
    chosen: dict[int, tuple[int, int]] = {}
    pos = 0
    for n in range(1, 7):
        options = [c for c in cands.get(n, []) if c[0] >= pos]
        real = [c for c in options if not _is_toc(norm, c[1], every)]
        at_line_start = [c for c in real if norm[: c[0]].rstrip(" \t").endswith("\n") or c[0] == 0]
        own = [c for c in at_line_start if c[2]] or [c for c in real if c[2]]
        pick = (own or at_line_start or real or options)[:1]
        if pick:
            chosen[n] = pick[0][:2]
            pos = pick[0][1]
    return chosen


def find_sections(doc: Document) -> SectionsResult:
    """Locate the six sections; text between headings belongs to the earlier one."""
    stream, starts = _stream(doc)
    norm, index = normalize_with_map(stream)
    index.append(len(stream))
    chosen = _choose(norm, _candidates(norm))
    ordered = sorted(chosen.items(), key=lambda kv: kv[1][0])
    sections: list[FoundSection] = []
    for i, (n, (s, e)) in enumerate(ordered):
        start, head_end = index[s], index[e]
        end = index[ordered[i + 1][1][0]] if i + 1 < len(ordered) else len(stream)
        heading = "".join(stream[start:head_end].split("\n"))
        body = stream[head_end:end].replace(TABLE_MARK, "\n")
        text = "\n".join(line.strip() for line in body.split("\n") if line.strip())
        sections.append(FoundSection(n, SECTIONS[n - 1].key, heading, text, start, end))
    first = sections[0].start if sections else len(stream)
    preamble = "\n".join(
        line.strip() for line in stream[:first].replace(TABLE_MARK, "\n").split("\n") if line.strip()
    )
    block_sections = []
    for offset in starts:
        number = 0
        for sec in sections:
            if sec.start <= offset:
                number = sec.number
        block_sections.append(number)
    return SectionsResult(sections, preamble, block_sections)


def table_context(doc: Document, result: SectionsResult) -> list[tuple[Table, str | None, str]]:
    """Each table block with the table key its section implies (or None) and its caption
    (the paragraph right above it, e.g. "行政复议" over one block of table 四)."""
    keys = {2: "active_disclosure", 3: "applications", 4: "review_litigation"}
    out = []
    for i, (block, number) in enumerate(zip(doc.blocks, result.block_sections)):
        if isinstance(block, Table):
            before = doc.blocks[i - 1] if i else None
            caption = before.text if isinstance(before, Paragraph) else ""
            out.append((block, keys.get(number), caption))
    return out
