"""How a truth number is printed in a cell, per the report's value variants."""

from __future__ import annotations

from decimal import Decimal

from .spec import ReportSpec

COUNT_UNIT = "件"


def _number(value: float | int, commas: bool) -> str:
    """Shortest exact decimal text of ``value``, optionally with thousands separators."""
    text = format(Decimal(repr(value)), "f") if isinstance(value, float) else str(value)
    if commas and abs(value) >= 1000:
        whole, _, frac = text.partition(".")
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return text


def _procurement(spec: ReportSpec, amount: int) -> str:
    if spec.has("procurement_cell_yuan"):
        return f"{amount}元"
    if spec.has("procurement_cell_wan") or spec.has("procurement_header_wan"):
        wan = format(Decimal(amount) / Decimal(10_000), "f").rstrip("0").rstrip(".") if amount else "0"
        return f"{wan}万元" if spec.has("procurement_cell_wan") else wan
    return str(amount)


def printed(spec: ReportSpec, table: str, row: str, col: str) -> str:
    """The text printed for one value cell."""
    key = f"{table}/{row}/{col}"
    if key in spec.marks:
        return spec.marks[key]
    value = spec.cells[table][row][col]
    assert value is not None, key
    if col == "amount_yuan":
        return _procurement(spec, int(value))
    text = _number(value, spec.has("thousands_sep"))
    if col == "items_change" and value > 0 and spec.has("signed_change"):
        text = "+" + text
    if spec.has("units_in_cells"):
        if col == "amount_10k_yuan":
            text += "万元"
        elif table != "active_disclosure" or col == "decisions":
            text += COUNT_UNIT
    return text
