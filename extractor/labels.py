"""Fuzzy matching of printed labels against the schema's row and column labels.

Labels are compared by :func:`~extractor.normalize.label_key` (normalized, numbering,
spaces and punctuation removed), so "（三） 不予公开", "(三)不予公开" and "三不予公开"
are one label; misprints ("其他法律行政止公开") still match by similarity, and labels
with an explanation added ("规章(设区的市…)") match by prefix.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .normalize import label_key
from .schema import TABLES

MIN_ROW_SCORE = 0.68
WEAK_ROW_SCORE = 0.4  # a weaker label says nothing about its row (row_scores keeps scores from here)
MIN_COL_SCORE = 0.8
# a header of six characters or more may have one misread (社人云公益组织 for 社会公益组织: 0.77);
# the closest two official headers that long score 0.71 (本年新公开数量, 本年新制作数量)
MIN_LONG_COL_SCORE = 0.75
SUBTOTAL_WORD = "小计"  # "（三）不予公开 小计": the subtotal row of the category named before it


@dataclass(frozen=True)
class Match:
    table: str
    key: str
    score: float


def similarity(printed: str, official: str, floor: float = -1.0) -> float:
    """Score in [0, 1] of a printed label key against an official label key.

    A score that cannot exceed ``floor`` may be returned as 0.0 without being
    computed (difflib's cheap upper bounds): :func:`_best` only needs better scores.
    """
    if not printed or not official:
        return 0.0
    if printed == official:
        return 1.0
    if printed.startswith(official) and len(official) >= 2:
        return 0.75 + 0.2 * len(official) / len(printed)
    total = len(printed) + len(official)
    if 2 * min(len(printed), len(official)) / total <= floor:
        return 0.0
    if floor >= 0:  # characters in common bound the matches (difflib's quick_ratio, without a matcher)
        have, mine = _char_counts(official), _char_counts(printed)
        common = sum(min(mine[ch], have[ch]) for ch in mine.keys() & have.keys())
        if 2 * common / total <= floor:
            return 0.0
    return SequenceMatcher(None, printed, official, autojunk=False).ratio()


@lru_cache(maxsize=8192)
def _char_counts(text: str) -> dict[str, int]:
    return Counter(text)


@lru_cache(maxsize=2)
def _labels(kind: str) -> tuple[tuple[str, str, str], ...]:
    """(table, key, label key) for every row (``kind`` "rows") or column label and alias."""
    return tuple(
        (table.key, item.key, label_key(label))
        for table in TABLES.values()
        for item in getattr(table, kind)
        for label in (item.label, *item.aliases)
    )


def _best(key: str, labels: tuple[tuple[str, str, str], ...], tables: tuple[str, ...] | None) -> Match | None:
    best: Match | None = None
    for table, name, official in labels:
        if tables and table not in tables:
            continue
        score = similarity(key, official, best.score if best else -1.0)
        if best is None or score > best.score:
            best = Match(table, name, score)
    return best


_SUBTOTAL_ROWS = frozenset(row.key for table in TABLES.values() for row in table.rows if row.subtotal_of)


@lru_cache(maxsize=4096)
def match_row(text: str, tables: tuple[str, ...] | None = None) -> Match | None:
    """Best row match for a printed row label, or None below the threshold."""
    key = label_key(text)
    if len(key) < 2 and key != "其他":
        return None
    if key.endswith(SUBTOTAL_WORD):
        return _match_subtotal(key[: -len(SUBTOTAL_WORD)], tables)
    best = _best(key, _labels("rows"), tables)
    return best if best and best.score >= MIN_ROW_SCORE else None


def _match_subtotal(category: str, tables: tuple[str, ...] | None) -> Match | None:
    """The subtotal row of ``category`` (the label key printed before 小计), or None.

    The category may be cut short where a wrapped label met a page break ("其他" of
    "其他处理"); a prefix of two characters or more that names one category is enough.
    A bare 小计 names no category: the mapper places it by the rows that follow.
    """
    if not category:
        return None
    subtotals = tuple(entry for entry in _labels("rows") if entry[1] in _SUBTOTAL_ROWS)
    prefixed = [(t, k, official) for t, k, official in subtotals
                if len(category) >= 2 and official.startswith(category)]
    if len({k for _, k, _ in prefixed}) == 1 and (not tables or prefixed[0][0] in tables):
        whole = any(official == category for _, _, official in prefixed)
        return Match(prefixed[0][0], prefixed[0][1], 1.0 if whole else 0.9)
    best = _best(category, subtotals, tables)
    return best if best and best.score >= MIN_ROW_SCORE else None


_CATEGORIES = tuple(
    (label_key(row.label), row.key, tuple(leaf.key for leaf in table.rows if leaf.parent == row.key))
    for table in TABLES.values() for row in table.rows if row.subtotal_of
)


@lru_cache(maxsize=4096)
def row_scores(text: str, table: str, floor: float = WEAK_ROW_SCORE) -> dict[str, float]:
    """Similarity (≥ ``floor``) of a printed row label to each row of ``table``.

    A label carrying a leaf after its group's label ("（三）不予公开 1.属于国家秘密": a group
    cell beside its first leaf) is that leaf, never the group's subtotal. A 小计 row scores
    the subtotal it names, and every other subtotal weakly (its place decides).
    """
    key = label_key(text)
    if len(key) < 2 and key != "其他":
        return {}
    subtotals = [row for _, row, _ in _CATEGORIES]
    if key.endswith(SUBTOTAL_WORD):
        named = _match_subtotal(key[: -len(SUBTOTAL_WORD)], (table,))
        scores = {row: floor + 0.1 for row in subtotals if _in_table(row, table)}
        if named:
            scores[named.key] = named.score
        return scores
    for category, subtotal, leaves in _CATEGORIES:
        rest = key[len(category):]
        if key.startswith(category) and len(rest) >= 2 and _in_table(subtotal, table):
            inner = row_scores(rest, table, floor)
            return {row: score for row, score in inner.items() if row in leaves}
    scores: dict[str, float] = {}
    for name, row, official in _labels("rows"):
        if name == table:
            score = similarity(key, official, floor)
            if score >= floor and score > scores.get(row, 0.0):
                scores[row] = score
    return scores


def _in_table(row: str, table: str) -> bool:
    return any(r.key == row for r in TABLES[table].rows)


@lru_cache(maxsize=4096)
def match_column(text: str, tables: tuple[str, ...] | None = None) -> Match | None:
    """Best column match for a printed header cell, or None."""
    key = label_key(text)
    if not key:
        return None
    best = _best(key, _labels("columns"), tables)
    floor = MIN_LONG_COL_SCORE if len(key) >= 6 else MIN_COL_SCORE
    return best if best and best.score >= floor else None


# Group headers of table 四: which row a column block (or a caption) belongs to.
# Checked in this order, so "行政诉讼（未经复议直接起诉）" is litigation_direct.
REVIEW_GROUPS = (
    (label_key("未经复议直接起诉"), "litigation_direct"),
    (label_key("复议后起诉"), "litigation_after_review"),
    (label_key("行政复议"), "review"),
)


def review_group(text: str) -> str | None:
    """Row key of a table-四 group header or caption (行政复议, 未经复议直接起诉, 复议后起诉)."""
    key = label_key(text)
    if len(key) > 14 or any(p in text for p in "。，；,;"):  # a sentence mentioning 行政复议 is no header
        return None
    return next((row for official, row in REVIEW_GROUPS if official in key), None)


@lru_cache(maxsize=4096)
def column_tables(text: str) -> tuple[str, ...]:
    """Every table having a column this header cell names (总计 is in two)."""
    key = label_key(text)
    found = []
    for table, _, official in _labels("columns"):
        if table not in found and similarity(key, official, MIN_COL_SCORE - 1e-9) >= MIN_COL_SCORE:
            found.append(table)
    return tuple(found)


def is_column_label(text: str) -> bool:
    """A header cell: matches a column label at least as well as any row label.

    "（六）其他处理" starts like the column 其他 but is the row （六）其他处理.
    """
    col = match_column(text)
    if col is None:
        return False
    row = match_row(text)
    return row is None or col.score >= row.score
