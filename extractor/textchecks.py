"""Text-vs-table checks (rules ``text.*``): does a number the narrative states agree with its table?

Each fact (:mod:`extractor.facts`) whose key has a table counterpart in :data:`RULES`
gives one check: ``expected`` is the table's printed value (a sum for 行政诉讼, whose
two rows the text usually counts together), ``actual`` the text's, ``note`` the
sentence. Precision first — a ``fail`` is a disagreement a reader would confirm:

* ``not_assessable`` when the fact's scope is not ``total`` (a part, or unclear), when
  the text gives an approximate number (3000余件), or when a table cell is blank or
  missing (2019 template: no 本年制发件数);
* ``not_assessable`` when a "received" count equals 新收 + 上年结转 (the text counts both);
* ``not_assessable`` when the numbers differ and the sentence speaks of the whole
  jurisdiction (全市, 全县 …, in that government's own report: its table may be the
  government's own, 本级);
* ``pass`` when the numbers are equal, ``fail`` otherwise.

行政事业性收费 in the text is in 元 (万元 converted); the table's is in 万元.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex as re

from .checks import TOLERANCE, CheckResult
from .facts import Fact
from .tables import MappedCell

Key = tuple[str, str, str]

# fact key → (rule, target, table cells summed, factor from the text's unit to the table's)
RULES: dict[str, tuple[str, str, tuple[Key, ...], float]] = {
    "applications_received": ("text.new_received", "new_received",
                              (("applications", "new_received", "total"),), 1.0),
    "applications_carried_over": ("text.carried_over", "carried_over",
                                  (("applications", "carried_over", "total"),), 1.0),
    "applications_handled": ("text.total_handled", "total_handled",
                             (("applications", "total_handled", "total"),), 1.0),
    "applications_carried_forward": ("text.carried_forward", "carried_forward",
                                     (("applications", "carried_forward", "total"),), 1.0),
    "reviews": ("text.review", "review", (("review_litigation", "review", "total"),), 1.0),
    "lawsuits": ("text.litigation", "litigation",
                 (("review_litigation", "litigation_direct", "total"),
                  ("review_litigation", "litigation_after_review", "total")), 1.0),
    "administrative_fees": ("text.fees", "administrative_fees",
                            (("active_disclosure", "administrative_fees", "amount_10k_yuan"),), 1e-4),
    "normative_documents_issued": ("text.normative_documents_issued", "normative_documents",
                                   (("active_disclosure", "normative_documents", "issued"),), 1.0),
    "regulations_issued": ("text.regulations_issued", "regulations",
                           (("active_disclosure", "regulations", "issued"),), 1.0),
}
_WHOLE = re.compile(r"全(?:市|县|区|省|州|旗|盟|镇|乡)")
TEXT_RULES = tuple(dict.fromkeys(rule for rule, _, _, _ in RULES.values()))  # = schema.TEXT_RULES


def _evidence(fact: Fact, why: str | None = None) -> str:
    where = f"section {fact.section}: {fact.sentence}"
    return f"{why} — {where}" if why else where


def text_checks(facts: Iterable[Fact], cells: Iterable[MappedCell]) -> list[CheckResult]:
    """One check per fact that has a table counterpart, in the facts' order."""
    printed = {(c.table, c.row, c.col): c.value for c in cells if not c.derived}
    out: list[CheckResult] = []
    for fact in facts:
        if fact.key not in RULES:
            continue
        rule, target, keys, factor = RULES[fact.key]
        values = [printed.get(k) for k in keys]
        table = None if any(v is None for v in values) else float(sum(values))  # type: ignore[arg-type]
        text = round(fact.value * factor, 6)

        def result(status: str, why: str | None = None) -> CheckResult:
            return CheckResult(rule, target, table, text, status, keys, _evidence(fact, why))  # noqa: B023

        if fact.scope != "total":
            out.append(result("not_assessable", f"scope {fact.scope}"))
        elif fact.approx:
            out.append(result("not_assessable", "approximate number"))
        elif table is None:
            out.append(result("not_assessable", "table cell blank or missing"))
        elif abs(table - text) <= TOLERANCE:
            out.append(result("pass"))
        elif rule == "text.new_received" and _received_with_carried(printed, text):
            out.append(result("not_assessable", "equals 新收 + 上年结转"))
        elif _WHOLE.search(fact.sentence):
            out.append(result("not_assessable", "whole-jurisdiction sentence; the table may be the government's own"))
        else:
            out.append(result("fail"))
    return out


def _received_with_carried(printed: dict[Key, float | None], text: float) -> bool:
    new = printed.get(("applications", "new_received", "total"))
    carried = printed.get(("applications", "carried_over", "total"))
    return new is not None and carried is not None and abs(new + carried - text) <= TOLERANCE
