"""Year-over-year text reuse: how much of sections 一 and 五 repeats last year's report.

For one agency in consecutive years *t−1* and *t* (paired as in :mod:`extractor.crossyear`),
per section (1 总体情况, 5 存在的主要问题及改进情况):

* ``ngram_containment`` — the share of the distinct character 5-grams of year *t*'s
  section that also occur in year *t−1*'s. Text is NFKC-normalized, whitespace and
  punctuation are removed and every run of digits becomes 0, so a copied sentence with this
  year's numbers or year still counts as copied. 1.0 = nothing new; two unrelated
  reports in the same genre score about 0.1–0.3 (shared stock phrases).
* ``same_sentences`` / ``same_sentence_share`` — sentences of year *t* (split at
  。；！？ and line ends, at least 6 characters) identical to one of year *t−1*
  (after whitespace removal; digits kept: a sentence whose numbers changed is not the
  same sentence).
* ``repeated_problems`` (section 5) — last year's problem statements that reappear
  word for word in this year's section 5. The problems are the part of section 5
  before its improvements (改进情况/改进措施/下一步/针对…问题); a statement is an
  enumerated item (一是… up to 。 or ；), or a sentence when nothing is enumerated.
"""

from __future__ import annotations

from typing import Any

import regex as re

from .normalize import normalize_text

N = 5
_PUNCT = re.compile(r"[\p{P}\p{S}\s]+")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_IMPROVEMENTS = re.compile(r"改进(?:情况|措施|方向|举措)|下一步|针对(?:存在的|上述|以上)?(?:问题|不足)|整改措施|今后")
_ITEM = re.compile(r"(?:^|[。；;:：，,\n])\s*(?:[（(]?[一二三四五六七八九十][）)]?、?)?"
                   r"[一二三四五六七八九十]是([^。；;\n]+)")
_HEAD = re.compile(r"^[（(][一二三四五六七八九十][）)]|^存在的?主要问题[。:：]?|^[一二三四五六七八九十]、")


def _fold(text: str) -> str:
    return re.sub(r"\d+", "0", _PUNCT.sub("", normalize_text(text)))


def ngrams(text: str, n: int = N) -> set[str]:
    folded = _fold(text)
    return {folded[i:i + n] for i in range(len(folded) - n + 1)}


def containment(text: str, prev: str) -> float | None:
    """Share of the 5-grams of ``text`` found in ``prev`` (None when ``text`` is shorter than 5)."""
    mine = ngrams(text)
    if not mine:
        return None
    return len(mine & ngrams(prev)) / len(mine)


def sentences(text: str) -> list[str]:
    out = []
    for m in _SENTENCE.finditer(normalize_text(text)):
        sent = "".join(m.group(0).split())
        sent = _HEAD.sub("", sent)
        if len(sent) >= 6:
            out.append(sent)
    return out


def problems(text: str) -> list[str]:
    """The problem statements of a section 5 text, in order."""
    norm = normalize_text(text)
    cut = _IMPROVEMENTS.search(norm, pos=1)
    part = norm[:cut.start()] if cut else norm
    items = ["".join(m.group(1).split()) for m in _ITEM.finditer(part)]
    if not items:
        items = [s for s in sentences(part) if not re.search(r"问题[:：]?$|表现在", s)]
    return [s for s in dict.fromkeys(items) if len(s) >= 4]


def compare(section: int, text: str, prev: str) -> dict[str, Any]:
    """The reuse measures of one section against last year's."""
    mine, theirs = sentences(text), set(sentences(prev))
    same = sum(1 for s in mine if s in theirs)
    row: dict[str, Any] = {
        "section": section, "chars": len("".join(text.split())), "ngram_containment": containment(text, prev),
        "sentences": len(mine), "same_sentences": same,
        "same_sentence_share": same / len(mine) if mine else None,
        "repeated_problems": None, "n_repeated_problems": None, "n_prev_problems": None,
    }
    if section == 5:
        now = "|".join(problems(text))
        before = problems(prev)
        repeated = [p for p in before if p in now]
        row.update(repeated_problems=" | ".join(repeated) or None, n_repeated_problems=len(repeated),
                   n_prev_problems=len(before))
    return row
