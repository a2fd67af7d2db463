"""Read one printed cell: keep the text as printed, parse the number if there is one.

0, blank, "/", "—", "无" are different things in print; ``raw`` keeps them apart while
``value`` is the number or None. Thousands separators, decimals, signs (the 2019
本年增/减 column: "+3", "-8", even "--253") and units written in the cell are handled.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re

from .normalize import normalize_text

# Text meaning "nothing printed here" rather than a number.
_EMPTY = re.compile(r"^[\s/\\\-_—–~～.·*]*$|^(?:无|空|暂无|不适用|无数据|null|none|n/?a)$", re.I)
_NUMBER = re.compile(
    r"^(?P<sign>[+-]{1,2})?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    r"(?P<unit>万元|亿元|元|件|个|条|项|次|人|宗|家|万)?$"
)
_UNIT_FACTORS = {"万元": 10_000, "亿元": 100_000_000, "万": 10_000}


@dataclass(frozen=True)
class CellValue:
    value: float | None
    unit: str | None = None  # unit written in the cell, if any
    numeric: bool = False  # the text is a number (possibly with a unit)
    empty: bool = False  # blank, dash, slash or 无


@lru_cache(maxsize=1 << 16)  # table cells repeat ("0", "1", labels): parse each text once
def parse_value(raw: str) -> CellValue:
    """Parse printed cell text into a number, or None when blank or not a number."""
    text = normalize_text(raw).replace(" ", "").replace("\n", "")
    if _EMPTY.match(text):
        return CellValue(None, empty=True)
    match = _NUMBER.match(text)
    if not match:
        return CellValue(None)
    value = float(match["num"].replace(",", ""))
    if match["sign"] and "-" in match["sign"]:
        value = -value
    return CellValue(value, unit=match["unit"], numeric=True)


def is_value_text(raw: str) -> bool:
    """True for text that can stand in a value cell: a number or a blank marker."""
    parsed = parse_value(raw)
    return parsed.numeric or parsed.empty


def to_yuan(value: float | None, unit: str | None, header_unit: str | None) -> float | None:
    """Convert a money amount to 元 from the unit printed in the cell or its header."""
    if value is None:
        return None
    factor = _UNIT_FACTORS.get(unit or header_unit or "", 1)
    return round(value * factor, 6)
