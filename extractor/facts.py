"""Numbers the narrative sections state, with what they count (the ``facts`` output).

A fact is a number with a unit (件 条 篇 次 期 场 个 人次 元 …) whose subject a term of
:data:`VOCABULARY` names: the term ends at most a few characters before the number in
the same clause ("共收到政府信息公开申请95件", "新闻发布会12场"), or, for some terms,
starts right after it ("召开12场新闻发布会", "另有103件顺延到下年度答复"). Among the
terms that fit, the nearest wins, then the one listed first; a term whose units do
not include the number's unit does not fit. A number no term names is not a fact.
Sentences saying there was none ("未收到政府信息公开申请", "未发生…行政复议") give
value 0 (:data:`ZEROS`).

Numbers may be Arabic (1,234; 5500余; 1.2万) or Chinese (一百二十三, 两, 三千五百);
万人次 and 万元 are converted: the value is in 人次 / 元 and ``unit`` says so.

Each fact has a ``scope``:

* ``part`` — the sentence speaks of a part: the number follows 其中 in its sentence,
  or in its clause an office acts for the agency (…代表…), or a channel (通过网络…),
  or a sub-unit (政府办, 办公室, 本级, 部门) not in the agency's own name is named;
* ``unclear`` — it may speak of something else than the report's own year and
  agency: another year, a cumulative count (累计, 截至), or a whole jurisdiction
  (全市, 各部门) in a report that is not that jurisdiction's government;
* ``total`` — otherwise.

Application and review/litigation counts are facts only in sentences about
information disclosure (the sentence says 信息公开, 依申请公开 or 公开申请, or it is in
section 三 or 四): a 司法局's "办理行政复议案件120件" is about its other work. Numbers in a clause comparing with
another year (同比, 较上年 …) are changes, not facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex as re

from .model import Record
from .normalize import normalize_char
from .sections import FoundSection

SCOPES = ("total", "part", "unclear")

_COUNT = ("件", "个", "条", "份", "次")
_GAP = r"[^,，、:：;\d]"  # a character inside one clause, not a digit


@dataclass(frozen=True)
class Term:
    """One kind of fact: its key, the words naming it, and the units it is counted in."""

    key: str
    description: str
    before: str  # regex of the words ending just before the number
    units: tuple[str, ...]
    after: str | None = None  # regex of words that may follow the number and its unit
    gap: int = 6  # characters allowed between the words and the number
    about_disclosure: bool = False  # only in sentences about information disclosure


VOCABULARY: tuple[Term, ...] = (
    Term("applications_carried_over", "applications carried over from last year (上年结转)",
         r"上一?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?(?:数量)?", _COUNT, about_disclosure=True),
    Term("applications_carried_forward", "applications carried forward to next year (结转下年度)",
         r"结转(?:至|到)?下一?年度?(?:继续)?(?:办理|处理|答复)?", _COUNT,
         after=r"(?:顺延|结转|转入)(?:到|至)?下一?年", about_disclosure=True),
    Term("applications_received", "new information-disclosure applications received (收到/受理/新收…申请)",
         r"(?:收到|受理|接收|接到|新收)[^,，、:：;\d复诉访报]{0,14}?申请(?:数量|数)?"
         r"(?:共计|共|合计|总计|为|达)?", _COUNT, about_disclosure=True),
    Term("applications_handled", "applications answered or closed (办结/答复)",
         r"(?:办结|答复|办理完毕|处理完毕)(?:政府信息公开)?(?:申请)?", _COUNT, gap=2, about_disclosure=True),
    Term("reviews", "administrative reviews (行政复议) about information disclosure",
         r"行政复议(?:案件|申请)?", ("件", "起", "宗", "个", "次"), after=r"行政复议", about_disclosure=True),
    Term("lawsuits", "administrative lawsuits (行政诉讼) about information disclosure",
         r"行政诉讼(?:案件)?", ("件", "起", "宗", "个", "次"), after=r"行政诉讼", about_disclosure=True),
    Term("regulations_issued", "规章 made this year (制发/印发/出台/制定)",
         r"(?:制发|印发|出台|制定)[^,，、:：;\d]{0,8}?规章", ("件", "部", "个", "份", "项")),
    Term("normative_documents_issued", "行政规范性文件 made this year (制发/印发/出台/制定)",
         r"(?:制发|印发|出台|制定)[^,，、:：;\d]{0,8}?规范性文件", ("件", "个", "份", "项")),
    Term("normative_documents", "行政规范性文件 published or in force (any other verb)",
         r"规范性文件", ("件", "个", "份", "项")),
    Term("regulations", "规章 published or in force (any other verb)", r"规章", ("件", "部", "个", "份", "项")),
    Term("documents", "文件 published (公开/发布…文件)",
         r"(?:公开|发布|公布)[^,，、:：;\d]{0,8}?文件", ("件", "个", "份", "篇")),
    Term("policy_interpretations", "policy interpretations (政策解读)",
         r"政策解读(?:类)?(?:文件|材料|稿件|信息|文章|产品)?", ("篇", "条", "个", "期", "件", "份", "次"),
         after=r"政策解读"),
    Term("press_conferences", "press conferences (新闻发布会, 新闻发布活动)",
         r"新闻发布(?:会|活动)", ("场", "次", "期", "个"), after=r"新闻发布(?:会|活动)"),
    Term("new_media_posts", "posts on government new media (政务新媒体 …发布)",
         r"政务新媒体[^,，、:：;\d]{0,8}?(?:发布|推送)(?:各类)?(?:信息|文章|稿件|内容)?",
         ("条", "篇", "次", "期")),
    Term("new_media_accounts", "government new-media accounts (政务新媒体 …个)",
         r"政务新媒体(?:账号|平台)?", ("个", "家")),
    Term("wechat_posts", "posts on WeChat (微信公众号)", r"微信(?:公众号)?(?:发布)?(?:信息|文章)?",
         ("条", "篇", "期", "次")),
    Term("weibo_posts", "posts on Weibo (微博)", r"微博(?:发布)?(?:信息)?", ("条", "篇", "次")),
    Term("douyin_posts", "posts on Douyin (抖音)", r"抖音(?:号)?(?:发布)?(?:视频|作品)?", ("条", "篇", "个", "次")),
    Term("disclosed_items", "items of government information published (主动公开/公开/发布…信息)",
         r"(?:主动公开|(?<!申请)公开|发布)[^,，、:：;\d]{0,10}?信息", ("条", "件", "篇", "个")),
    Term("website_visits", "website visits (访问量/浏览量)",
         r"(?:访问量|浏览量|点击量|访问)(?:达到|达|累计|共|为)?", ("人次", "次")),
    Term("gazette_issues", "issues of the government gazette (公报)", r"公报》?", ("期",)),
    Term("consultations", "consultations and messages answered (咨询/留言)", r"(?:咨询|留言)",
         ("件", "个", "次", "人次", "条")),
    Term("hotline_calls", "hotline calls or cases (热线)", r"热线(?:电话)?", ("件", "个", "次", "人次", "条", "通")),
    Term("training_sessions", "training sessions (培训)", r"培训(?:会|班|活动)?", ("次", "场", "期", "轮", "批"),
         after=r"(?:[^,，、:：;\d]{0,4}?)培训"),
    Term("training_participants", "people trained (培训 …人次)", r"培训(?:会|班|活动)?(?:人员|干部)?",
         ("人次", "人")),
    Term("information_processing_fees", "信息处理费 collected (no table counterpart in the 2021 template)",
         r"信息处理费", ("元",)),
    Term("administrative_fees", "行政事业性收费 (table 二 administrative_fees)",
         r"行政事业性收费(?:金额)?", ("元",)),
    Term("npc_suggestions", "人大代表建议 handled", r"人大代表建议", ("件", "条")),
    Term("cppcc_proposals", "政协提案 handled", r"政协(?:委员)?提案", ("件", "条")),
)
TERMS = {t.key: t for t in VOCABULARY}

# "there was none" sentences → value 0: (key, regex, unit)
ZEROS: tuple[tuple[str, str, str], ...] = (
    ("applications_received", r"(?:未|没有)(?:收到|受理|接到|接收)[^,，:：;\d]{0,12}?申请", "件"),
    ("reviews", r"(?:未|没有)(?:发生|出现|产生|收到|接到|被)[^,，:：;\d]{0,24}?行政复议", "件"),
    ("lawsuits", r"(?:未|没有)(?:发生|出现|产生|收到|接到|被)[^,，:：;\d]{0,30}?行政诉讼", "件"),
    ("information_processing_fees", r"未(?:收取|产生)[^,，:：;\d]{0,10}?(?:信息处理费|费用)", "元"),
)

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_UNITS = ("万人次", "人次", "万元", "元", "件", "条", "篇", "次", "期", "场", "个", "份", "项", "起", "宗", "部",
          "家", "轮", "批", "通", "人")
_NUMBER = re.compile(
    r"(?<![\d.第每周逐])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+)"
    r"(?P<mult>万|亿)?(?P<approx>余|多)?(?P<unit>" + "|".join(_UNITS) + r")(?![例性事数])"
)
_SENTENCE_END = re.compile(r"[。;!?]")
_DELTA = re.compile(r"同比|环比|[较比](?:上一?年|去年|\d{4}年)")
_OTHER_YEAR = re.compile(r"(\d{4})年")
_CUMULATIVE = re.compile(r"累计|截至|截止|历年|以来")
_JURISDICTION = re.compile(r"全(市|县|区|省|州|旗|盟|镇|乡)|各(?:县|区|市|乡镇|街道|部门|单位|级)|全系统")
_PART_SENTENCE = re.compile(r"其中")  # the rest of the sentence is a part
_PART_CLAUSE = re.compile(r"(?<!人大)代表|通过(?:网络|网上|在线|信函|邮寄|当面|现场|传真|电子邮件)|本级|政府办|办公室|办公厅|部门")
_DISCLOSURE = re.compile(r"信息公开|依申请公开|公开申请")
_APPROX = re.compile(r"约|近|超过|逾|余$|多$|以上")


@dataclass
class Fact(Record):
    section: int
    key: str
    value: float
    unit: str
    scope: str  # total | part | unclear
    approx: bool  # printed as approximate (5500余条, 约300件, 超过1万人次)
    sentence: str
    start: int  # offsets of the number (with its unit) in the section's text
    end: int


def chinese_number(text: str) -> int | None:
    """一百二十三 → 123, 两千 → 2000, 三万五千 → 35000, 十二 → 12; None if not a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch not in "万亿" for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None:  # 二〇二三: digit by digit
                digit = digit * 10 + _CN_DIGITS[ch]
            else:
                digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            total += (section or 1) * (10_000 if ch == "万" else 100_000_000)
            section, digit = 0, None
    return total + section + (digit or 0)


def parse_number(num: str, mult: str | None = None) -> float | None:
    """The value of a printed number with an optional 万/亿 multiplier."""
    if num[0].isdigit():
        value = Decimal(num.replace(",", ""))
    else:
        cn = chinese_number(num)
        if cn is None:
            return None
        value = Decimal(cn)
    value *= {"万": 10_000, "亿": 100_000_000}.get(mult or "", 1)
    return float(value)


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Normalized text without whitespace (PDF lines break inside sentences), with offsets."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for norm in normalize_char(ch):
            if not norm.isspace():
                out.append(norm)
                index.append(i)
    return "".join(out), index


def _gov_of(agency: str | None, level: str) -> bool:
    return bool(agency) and re.search(rf"{level}(?:人民政府|政府办公室|政府办公厅)", agency or "") is not None


def _scope(before: str, agency: str | None, year: int | None) -> str:
    """Scope of a number from its sentence up to the number."""
    own = "".join((agency or "").split())
    clause = re.split(r"[,，;]", before)[-1]
    if _PART_SENTENCE.search(before) or any(m.group(0) not in own for m in _PART_CLAUSE.finditer(clause)):
        return "part"
    if year is not None and any(int(y) != year for y in _OTHER_YEAR.findall(before)):
        return "unclear"
    if _CUMULATIVE.search(before):
        return "unclear"
    for m in _JURISDICTION.finditer(before):
        if not (m.group(1) and _gov_of(agency, m.group(1))):
            return "unclear"
    return "total"


def _unit(unit: str) -> tuple[str, int]:
    return {"万人次": ("人次", 10_000), "万元": ("元", 10_000)}.get(unit, (unit, 1))


_BEFORE = [(t, re.compile(rf"(?:{t.before})")) for t in VOCABULARY]
_AFTER = [(t, re.compile(rf"{_GAP}{{0,2}}?(?:{t.after})")) for t in VOCABULARY if t.after]


def _subject(sentence: str, start: int, end: int, unit: str, disclosure: bool) -> Term | None:
    """The term naming the number at sentence[start:end], or None."""
    best: tuple[int, int, Term] | None = None
    for rank, (term, pattern) in enumerate(_BEFORE):
        if unit not in term.units or (term.about_disclosure and not disclosure):
            continue
        for m in pattern.finditer(sentence[:start], overlapped=True):
            gap = sentence[m.end():start]
            if len(gap) > term.gap or re.search(r"[,，、:：;\d]", gap):
                continue
            cand = (m.end(), -rank, term)
            if best is None or cand[:2] > best[:2]:
                best = cand
    if best:
        return best[2]
    for term, pattern in _AFTER:
        if unit in term.units and not (term.about_disclosure and not disclosure) and pattern.match(sentence, end):
            return term
    return None


def _sentences(norm: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(norm):
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < len(norm):
        spans.append((pos, len(norm)))
    return spans


def section_facts(section: FoundSection, agency: str | None = None, year: int | None = None) -> list[Fact]:
    """The facts one section states, in text order."""
    text = section.text
    norm, index = _squeeze(text)
    facts: list[tuple[int, Fact]] = []

    def add(key: str, value: float, unit: str, a: int, b: int, s0: int, s1: int, approx: bool) -> None:
        start, end = index[s0 + a], index[s0 + b - 1] + 1
        sentence = "".join(text[index[s0]:index[s1 - 1] + 1].split())
        scope = _scope(norm[s0:s0 + a], agency, year)
        facts.append((s0 + a, Fact(section.number, key, value, unit, scope, approx, sentence, start, end)))

    for s0, s1 in _sentences(norm):
        sent = norm[s0:s1]
        disclosure = section.number in (3, 4) or bool(_DISCLOSURE.search(sent))
        for m in _NUMBER.finditer(sent):
            clause = re.split(r"[,，]", sent[:m.start()])[-1]
            if _DELTA.search(clause):
                continue
            term = _subject(sent, m.start(), m.end(), m["unit"], disclosure)
            value = parse_number(m["num"], m["mult"])
            if term is None or value is None:
                continue
            unit, factor = _unit(m["unit"])
            approx = bool(m["approx"]) or bool(_APPROX.search(sent[max(0, m.start() - 3):m.start()]))
            add(term.key, float(Decimal(repr(value)) * factor), unit, m.start(), m.end(), s0, s1, approx)
        for key, pattern, unit in ZEROS:
            if TERMS[key].about_disclosure and not disclosure:
                continue
            for m in re.finditer(pattern, sent):
                add(key, 0.0, unit, m.start(), m.end(), s0, s1, False)
    return [f for _, f in sorted(facts, key=lambda p: p[0])]


def find_facts(sections: list[FoundSection], agency: str | None = None, year: int | None = None) -> list[Fact]:
    """Every fact of every section, in order (``agency`` and ``year`` decide scopes)."""
    return [f for s in sections for f in section_facts(s, agency, year)]
