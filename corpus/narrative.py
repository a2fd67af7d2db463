"""Numbers in the narrative sections, and the facts and text checks they make (truth).

:class:`Narrator` prints every number a section sentence states and records what it
counts (key, value, unit, scope — the vocabulary of ``extractor.facts``). It has a
random stream of its own, so a report's other draws (numbers, title, layout) do not
depend on it. With ``extras`` (random sets and the demo panel; not the committed
sample set, whose files stay as they were) it also writes more kinds of facts, Chinese
numerals, partial-scope sentences, changes against last year (not facts) and, now and
then, a number that disagrees with the table.

:func:`text_checks` gives the truth of the ``text.*`` checks from the recorded facts
and the printed table numbers, by the rules of SCHEMA and ``extractor.textchecks``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .checks import Cells

# fact key → (rule, table cells summed, factor from the text's unit to the table's)
COUNTERPARTS: dict[str, tuple[str, tuple[tuple[str, str, str], ...], float]] = {
    "applications_received": ("text.new_received", (("applications", "new_received", "total"),), 1.0),
    "applications_carried_over": ("text.carried_over", (("applications", "carried_over", "total"),), 1.0),
    "applications_handled": ("text.total_handled", (("applications", "total_handled", "total"),), 1.0),
    "applications_carried_forward": ("text.carried_forward", (("applications", "carried_forward", "total"),),
                                     1.0),
    "reviews": ("text.review", (("review_litigation", "review", "total"),), 1.0),
    "lawsuits": ("text.litigation", (("review_litigation", "litigation_direct", "total"),
                                     ("review_litigation", "litigation_after_review", "total")), 1.0),
    "normative_documents_issued": ("text.normative_documents_issued",
                                   (("active_disclosure", "normative_documents", "issued"),), 1.0),
    "administrative_fees": ("text.fees", (("active_disclosure", "administrative_fees", "amount_10k_yuan"),),
                            1e-4),
}

_DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """123 → 一百二十三, 10 → 十, 1005 → 一千零五, 12000 → 一万二千 (0 ≤ n < 100 000 000)."""
    if n == 0:
        return "零"
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        rest = "" if low == 0 else ("零" if low < 1000 else "") + chinese(low)
        return chinese(high) + "万" + rest
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += _DIGITS[digit] + unit
            zero = False
        else:
            zero = bool(out)
    return out[1:] if out.startswith("一十") else out


@dataclass
class Narrator:
    """Prints numbers into sentences and records the facts they state."""

    rng: random.Random
    extras: bool = False
    facts: list[dict[str, Any]] = field(default_factory=list)
    copy_from: dict[str, list[int]] | None = None  # last year's wording choices (the demo panel)
    copy_rate: float = 0.0  # chance of reusing each of them word for word
    choices: dict[str, list[int]] = field(default_factory=dict)  # this report's wording choices

    def pick(self, name: str, pool: tuple[str, ...], k: int) -> list[str]:
        """``k`` phrases of ``pool``: last year's choice (copied) now and then, else a fresh draw."""
        last = (self.copy_from or {}).get(name)
        if last is not None and self.rng.random() < self.copy_rate:
            chosen = list(last)
        else:
            chosen = self.rng.sample(range(len(pool)), k)
        self.choices[name] = chosen
        return [pool[i] for i in chosen]

    def say(self, section: int, key: str, value: int, unit: str, scope: str = "total",
            printed_unit: str | None = None) -> str:
        """The number as printed (Chinese numerals now and then with extras), recorded as a fact."""
        self.facts.append({"section": section, "key": key, "value": value, "unit": unit, "scope": scope})
        if printed_unit == "万人次":
            return f"{value / 10_000:g}万人次"
        if self.extras and 0 < value < 100_000 and self.rng.random() < 0.3:
            text = "两" if value == 2 and unit in ("场", "次", "期", "个") else chinese(value)
            return text + (printed_unit or unit)
        return f"{value}{printed_unit or unit}"

    def none(self, section: int, key: str, unit: str = "件") -> None:
        """Record a 'there was none' sentence (未收到…申请): value 0."""
        self.facts.append({"section": section, "key": key, "value": 0, "unit": unit, "scope": "total"})

    def chance(self, p: float) -> bool:
        return self.extras and self.rng.random() < p


def table_value(cells: Cells, keys: tuple[tuple[str, str, str], ...]) -> float | None:
    values = [cells.get(t, {}).get(r, {}).get(c) for t, r, c in keys]
    return None if any(v is None for v in values) else float(sum(values))  # type: ignore[arg-type]


def text_checks(facts: list[dict[str, Any]], cells: Cells) -> list[dict[str, Any]]:
    """The text.* checks the facts make, against the printed (truth) table numbers."""
    out = []
    for fact in facts:
        if fact["key"] not in COUNTERPARTS:
            continue
        rule, keys, factor = COUNTERPARTS[fact["key"]]
        table = table_value(cells, keys)
        text = round(fact["value"] * factor, 6)
        if fact["scope"] != "total" or table is None:
            status = "not_assessable"
        elif abs(table - text) < 1e-9:
            status = "pass"
        elif rule == "text.new_received" and text == table_value(
                cells, (("applications", "new_received", "total"), ("applications", "carried_over", "total"))):
            status = "not_assessable"
        else:
            status = "fail"
        target = "litigation" if rule == "text.litigation" else keys[0][1]
        out.append({"rule": rule, "target": target, "section": fact["section"], "expected": table, "actual": text,
                    "status": status})
    return out
