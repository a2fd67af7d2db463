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
    r"(?P<agency>[^\s《》〈〉“”\"，,。：:；;（）()]{2,40}?)?\s*[（(]?\s*(?P<year>20\d\d)\s*[)）]?\s*年\s*度?\s*"
    r"(?:的)?政府信息公开(?:工作)?\s*(?:年度)?\s*(?:报告|年报)"
)
_PERIOD = re.compile(
    r"(?:统计|数据|期限|时限|时间|期间)[^。\n]{0,20}?(?:自|从|为|是|:)?\s*(?P<year>20\d\d)\s*年\s*1\s*月\s*1\s*日"
)
_AGENCY_LINE = re.compile(
    r"^[^\s，,。：:；;]{2,40}(?:局|委|委员会|办|办公室|办公厅|政府|院|厅|部|署|中心|街道|街道办事处|镇|乡|处|会|馆|所|站|队|总队|支队|公司)$"
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


def _clean_agency(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^(?:关于|发布|现发布|印发)", "", text)
    return text or None


def read_metadata(doc: Document, sections: SectionsResult) -> Metadata:
    """Agency, reporting year and template hint from the text before section 一."""
    lines = [normalize_text(line).strip() for line in sections.preamble.split("\n") if line.strip()]
    if not lines:  # no preamble found: use the first paragraphs
        lines = [normalize_text(p.text).strip() for p in list(doc.paragraphs())[:8]]
    agency = title_year = None
    for i, line in enumerate(lines[:12]):
        m = _TITLE.search(line)
        if not m:
            continue
        title_year = int(m["year"])
        agency = _clean_agency(m["agency"])
        if not agency and i > 0 and _AGENCY_LINE.match(re.sub(r"\s+", "", lines[i - 1])):
            agency = _clean_agency(lines[i - 1])
        break
    head = "\n".join(lines)
    body = head + "\n" + "\n".join(s.text[:400] for s in sections.sections[:1])
    period = _PERIOD.search(body)
    period_year = int(period["year"]) if period else None
    if agency is None:
        for line in lines[:5]:
            if _AGENCY_LINE.match(re.sub(r"\s+", "", line)):
                agency = _clean_agency(line)
                break
    hint = next((t for pattern, t in _TEMPLATE_NOTICE if pattern.search(head)), None)
    return Metadata(agency, title_year or period_year, hint, title_year, period_year)
