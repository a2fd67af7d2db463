"""Review notes for values read by OCR: low confidence, blanks, and failed checks that involve them.

:func:`ocr_review_notes` gives the lines for ``reports.review_notes``. A failed check
with an OCR value among its members is named; where changing a single digit of exactly one OCR
value would make every failed check it takes part in hold (and keep its passing checks
passing), the note names that cell and the reading that would fit, as a hint for the
person checking. The printed
reading is what is written: nothing is repaired.
"""

from __future__ import annotations

from collections.abc import Iterable

from .checks import CheckResult
from .loaders.ocr import LOW_CONFIDENCE
from .tables import MappedCell

Key = tuple[str, str, str]
_SHOWN = 8  # cells named in one note; more are counted


def _name(cell: MappedCell) -> str:
    return f"{cell.table}/{cell.row}/{cell.col}"


def _fmt(value: float) -> str:
    return f"{value:g}"


def ocr_review_notes(cells: list[MappedCell], checks: Iterable[CheckResult],
                     threshold: float = LOW_CONFIDENCE) -> list[str]:
    """Notes on a report's OCR values: those below ``threshold``, blank cells on OCR pages, failed
    checks over OCR cells and the one cell that would explain them."""
    ocr = {(c.table, c.row, c.col): c for c in cells if c.ocr_confidence is not None and not c.derived}
    if not ocr:
        return []
    notes: list[str] = []
    low = sorted((c for c in ocr.values() if c.ocr_confidence < threshold), key=lambda c: c.ocr_confidence)
    if low:
        shown = ", ".join(f"{_name(c)} '{c.raw}' ({c.ocr_confidence:.2f})" for c in low[:_SHOWN])
        more = f" and {len(low) - _SHOWN} more" if len(low) > _SHOWN else ""
        notes.append(f"{len(low)} OCR value(s) read with confidence below {threshold:g}: {shown}{more}")
    ocr_pages = {c.page for c in ocr.values()}
    blank = [c for c in cells if c.page in ocr_pages and not c.derived and not (c.raw or "").strip()]
    if blank:
        shown = ", ".join(_name(c) for c in blank[:_SHOWN])
        more = f" and {len(blank) - _SHOWN} more" if len(blank) > _SHOWN else ""
        notes.append(f"{len(blank)} value cell(s) on OCR pages read as blank (a faint or covered number "
                     f"reads as blank): {shown}{more}")
    involved: dict[Key, list[tuple[CheckResult, bool]]] = {}  # cell → (check, on the checked side)
    suspects: set[Key] = set()
    for check in checks:
        if check.status not in ("pass", "fail"):
            continue
        members = check.cells
        totals = members[2:] if check.rule == "applications.balance" else members[-1:]  # the checked side
        ocr_members = [k for k in members if k in ocr]
        for key in ocr_members:
            involved.setdefault(key, []).append((check, key in totals))
        if check.status == "fail" and ocr_members:
            suspects.update(ocr_members)
            notes.append(f"check {check.rule}/{check.target} fails on OCR values "
                         f"(parts {_fmt(check.expected or 0)} ≠ total {_fmt(check.actual or 0)})")
    fits = {key: fit for key in sorted(suspects) if (fit := _one_digit_fit(ocr[key], involved[key])) is not None}
    if len(fits) == 1:  # one cell alone explains the failures: name it (several would be a guess)
        (key, fit), = fits.items()
        cell = ocr[key]
        failing = sum(check.status == "fail" for check, _ in involved[key])
        notes.append(f"likely misread: {_name(cell)} printed '{cell.raw}' as read; {_fmt(fit)} would make "
                     f"its {failing} failed check(s) hold and keep the others")
    return notes


def _one_digit_fit(cell: MappedCell, checks: list[tuple[CheckResult, bool]]) -> float | None:
    """The one value a digit away from the cell's reading that makes every one of ``checks`` hold."""
    if cell.value is None or cell.value != int(cell.value) or cell.value < 0:
        return None
    digits = str(int(cell.value))
    fits = set()
    for i in range(len(digits)):
        for d in "0123456789":
            if d == digits[i] or (d == "0" and i == 0 and len(digits) > 1):
                continue
            candidate = float(digits[:i] + d + digits[i + 1:])
            if all(_holds(check, is_total, cell.value, candidate) for check, is_total in checks):
                fits.add(candidate)
    return fits.pop() if len(fits) == 1 else None


def _holds(check: CheckResult, is_total: bool, old: float, new: float) -> bool:
    if check.expected is None or check.actual is None:
        return False
    if is_total:
        return abs(check.expected - (check.actual - old + new)) < 1e-6
    return abs(check.expected - old + new - check.actual) < 1e-6
