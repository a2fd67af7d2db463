"""Align printed table rows to the template's fixed row sequence.

The template prints its rows in one fixed order, so the rows a report prints are
an ordered subsequence of them (some left out, a few unreadable). Instead of
deciding row by row, the whole sequence is aligned at once — a monotonic alignment
by dynamic programming, as in sequence alignment — scored by label similarity:

* a printed row whose label resembles a template row (score ≥ ``WEAK``) may take it
  and gains its score;
* a printed row without a label naming a row (none, or none scoring ``STRONG``) may
  take a template row by its place in the sequence alone (gain ``ORDER_GAIN``);
* leaving a printed row unplaced costs ``UNPLACED``; a template row not printed
  costs nothing (reports leave rows out, and subtotal rows are optional).

A row taken by a label scoring ``STRONG`` or more is placed by ``label``; one taken
by a weaker label or by its place is placed by ``order``, and is kept only when its
place is unambiguous: the labelled rows around it leave exactly as many free
template rows as there are such rows between them, or (for a weak label) its label
prefers that row over every other free row of the gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from .labels import MIN_ROW_SCORE as STRONG  # a label this similar names its row
from .labels import WEAK_ROW_SCORE as WEAK  # below this a label says nothing about the row

ORDER_GAIN = 0.3
UNPLACED = 0.2


@dataclass(frozen=True)
class Printed:
    """One printed row: its similarity to template rows (key → score), if it has a label."""

    scores: dict[str, float]
    labelled: bool = True
    within: frozenset[str] | None = None  # the only template rows it can be (a group's leaves)


@dataclass(frozen=True)
class Placement:
    key: str | None  # template row, or None when the row could not be placed
    by: str  # "label" or "order"; "" when not placed


def _gain(row: Printed, key: str, optional: frozenset[str]) -> float | None:
    if row.within is not None and key not in row.within:
        return None
    score = row.scores.get(key, 0.0)
    if score >= WEAK:
        return score
    if max(row.scores.values(), default=0.0) < STRONG and key not in optional:
        return ORDER_GAIN  # a label naming no row says nothing against any place
    return None


def align(rows: list[Printed], template: list[str], optional: frozenset[str] = frozenset()) -> list[Placement]:
    """Place each printed row on a template row (or none), keeping both orders.

    ``optional`` rows (subtotals) are taken only by a label, never by place alone.
    """
    n, m = len(rows), len(template)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    step: list[list[str]] = [[""] * (m + 1) for _ in range(n + 1)]
    best[0] = [0.0] * (m + 1)
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == neg:
                continue
            if j < m and here > best[i][j + 1]:  # template row j not printed
                best[i][j + 1], step[i][j + 1] = here, "skip_template"
            if i < n:
                if here - UNPLACED > best[i + 1][j]:
                    best[i + 1][j], step[i + 1][j] = here - UNPLACED, "unplaced"
                gain = _gain(rows[i], template[j], optional) if j < m else None
                if gain is not None and here + gain > best[i + 1][j + 1]:
                    best[i + 1][j + 1], step[i + 1][j + 1] = here + gain, "take"
    placed: list[Placement] = [Placement(None, "")] * n
    i, j = n, m
    while i > 0 or j > 0:
        move = step[i][j]
        if move == "take":
            i, j = i - 1, j - 1
            by = "label" if rows[i].scores.get(template[j], 0.0) >= STRONG else "order"
            placed[i] = Placement(template[j], by)
        elif move == "unplaced":
            i -= 1
        else:
            j -= 1
    return _keep_unambiguous(rows, template, optional, placed)


def _keep_unambiguous(rows: list[Printed], template: list[str], optional: frozenset[str],
                      placed: list[Placement]) -> list[Placement]:
    """Undo order placements whose place the rows around them do not fix."""
    index = {key: k for k, key in enumerate(template)}
    out = list(placed)
    i = 0
    while i < len(rows):
        if placed[i].by != "order":
            i += 1
            continue
        end = i
        while end < len(rows) and placed[end].by != "label":
            end += 1
        lo = max((index[p.key] for p in placed[:i] if p.key), default=-1)
        hi = min((index[p.key] for p in placed[end:] if p.key), default=len(template))
        gap = template[lo + 1:hi]
        free = [key for key in gap if key not in optional]
        run = [k for k in range(i, end) if placed[k].by == "order"]
        for k in run:
            if not (len(run) == len(free) or _prefers(rows[k], gap, placed[k].key)):
                out[k] = Placement(None, "")
        i = end
    return out


def _prefers(row: Printed, gap: list[str], key: str | None) -> bool:
    """A labelled row whose label scores ``key`` above every other row of its gap."""
    if not row.labelled or key is None:
        return False
    mine = row.scores.get(key, 0.0)
    return all(row.scores.get(other, 0.0) < mine for other in gap if other != key)
