"""Who and when: the agency and reporting year from the title and preamble.

The reporting year is the statistics year — from the title ("…2023年政府信息公开
工作年度报告") or the statistics period ("统计期限自2023年1月1日…") — never the
publication date. The template hint comes from the notice the preamble cites.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from .model import Document
from .normalize import normalize_text
from .sections import SectionsResult

_TITLE = re.compile(
    r"(?P<agency>[^\s《》〈〉“”\"，,。：:；;（）()]{2,40}?)?\s*[（(]?\s*(?P<year>20\d\d)\s*[)）]?\s*年\s*度?\s*[)）]?\s*"
    r"(?:的)?政府信息公开(?:工作)?\s*(?:年度)?\s*(?:报告|年报)"
)
_TITLE_YEAR_FIRST = re.compile(
    r"(?P<year>20\d\d)\s*年\s*度?\s*(?P<agency>[^\s《》〈〉“”\"，,。：:；;（）()]{2,40}?)\s*"
    r"(?:的)?政府信息公开(?:工作)?\s*(?:年度)?\s*(?:报告|年报)"
)
_TITLE_NO_YEAR = re.compile(
    r"^(?P<agency>[^\s《》〈〉“”\"，,。：:；;（）()]{2,40}?)\s*(?:的)?政府信息公开(?:工作)?\s*(?:年度)?\s*(?:报告|年报)"
)
_PERIOD = re.compile(
    r"(?:统计|数据|期限|时限|时间|期间)[^。\n]{0,20}?(?:自|从|为|是|:)?\s*(?P<year>20\d\d)\s*年\s*1\s*月\s*1\s*日"
)
_AGENCY_LINE = re.compile(
    r"^[^\s，,。：:；;《》〈〉“”]{2,40}(?:局|委|委员会|办|办公室|办公厅|政府|院|厅|部|署|中心|街道|街道办事处|镇|乡|处|会|馆|所|站|队|总队|支队|公司)$"
)
_TEMPLATE_NOTICE = (
    (re.compile(r"[〔\[(（]\s*2021\s*[〕\])）]\s*30\s*号"), "2021"),
    (re.compile(r"[〔\[(（]\s*2019\s*[〕\])）]\s*60\s*号"), "2019"),
)


@dataclass
class Metadata:
    agency: str | None
    year: int | None
    template_hint: str | None
    title_year: int | None = None
    period_year: int | None = None

    @property
    def year_conflict(self) -> bool:
        """The title and the statistics period name different years (``year`` is the title's)."""
        return bool(self.title_year and self.period_year and self.title_year != self.period_year)

    @property
    def year_note(self) -> str | None:
        """Both years when they disagree, for ``reports.year_note``."""
        if not self.year_conflict:
            return None
        return f"title says {self.title_year}, statistics period says {self.period_year}"


def _clean_agency(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^(?:关于|发布|现发布|印发)", "", text)
    text = re.sub(r"(?:关于|的|发布)$", "", text)
    return text if len(text) >= 2 else None


def _from_title(line: str) -> tuple[str | None, int | None] | None:
    """(agency, year) from a title line, either may be None; None when the line is no title."""
    m = _TITLE.search(line)
    if m and m["agency"]:
        return _clean_agency(m["agency"]), int(m["year"])
    first = _TITLE_YEAR_FIRST.search(line)
    if first:
        return _clean_agency(first["agency"]), int(first["year"])
    if m:
        return None, int(m["year"])
    bare = _TITLE_NO_YEAR.search(line)
    return (_clean_agency(bare["agency"]), None) if bare else None


def read_metadata(doc: Document, sections: SectionsResult, file_name: str = "") -> Metadata:
    """Agency, reporting year and template hint from the text before section 一.

    The file name is used only when the text names no agency or year.
    """
    lines = [normalize_text(line).strip() for line in sections.preamble.split("\n") if line.strip()]
    if not lines:  # no preamble found: use the first paragraphs
        lines = [normalize_text(p.text).strip() for p in list(doc.paragraphs())[:8]]
    agency = title_year = None
    candidates = list(enumerate(lines[:12]))  # single lines first, then titles wrapped over two
    candidates += [(i, lines[i] + lines[i + 1]) for i in range(min(len(lines) - 1, 12))
                   if len(lines[i]) + len(lines[i + 1]) <= 60]
    for i, line in candidates:
        found = _from_title(line)
        if not found:
            continue
        agency, title_year = found
        if not agency and i > 0 and _AGENCY_LINE.match(re.sub(r"\s+", "", lines[i - 1])):
            agency = _clean_agency(lines[i - 1])
        break
    head = "\n".join(lines)
    body = "".join(lines) + "".join(s.text[:400].replace("\n", "") for s in sections.sections[:1])
    period = _PERIOD.search(body)
    period_year = int(period["year"]) if period else None
    if agency is None:
        for line in lines[:5]:
            if _AGENCY_LINE.match(re.sub(r"\s+", "", line)):
                agency = _clean_agency(line)
                break
    if (agency is None or (title_year or period_year) is None) and file_name:
        found = _from_title(normalize_text(file_name))
        if found:
            agency = agency or found[0]
            title_year = title_year or (found[1] if period_year is None else None)
    hint = next((t for pattern, t in _TEMPLATE_NOTICE if pattern.search(head)), None)
    return Metadata(agency, title_year or period_year, hint, title_year, period_year)
