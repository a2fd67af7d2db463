"""Blank cells and deliberate arithmetic faults, applied to the truth numbers.

Blanks turn a cell's truth into None and record the text printed instead ("/",
"—", "-", "无", or nothing). Faults break the 勾稽关系 on purpose; which checks
then fail is computed from the faulted truth numbers, never from an extractor.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from .checks import PARTS, Cells, failed, outcome_rows

Marks = dict[str, str]  # "table/row/col" -> text printed for a blank cell

DASH_COLS = ("research_institution", "social_welfare_org")
# Variants printing every value cell of table 四 the same way (its numbers are all 0).
TABLE4_MARKS = {"blank_wu": "无", "table4_all_blank": "", "table4_all_dash": "—", "table4_all_slash": "/"}


def _blank(cells: Cells, marks: Marks, table: str, row: str, col: str, text: str) -> None:
    cells[table][row][col] = None
    marks[f"{table}/{row}/{col}"] = text


def apply_blanks(rng: random.Random, cells: Cells, variants: tuple[str, ...]) -> Marks:
    """Blank the cells the blank_* variants call for; return what is printed there."""
    marks: Marks = {}
    ad, app, rl = cells["active_disclosure"], cells["applications"], cells["review_litigation"]
    if "blank_slash" in variants:
        for col in ad["regulations"]:
            _blank(cells, marks, "active_disclosure", "regulations", col, "/")
    if "blank_hyphen" in variants:
        zeros = [(r, c) for r, vals in ad.items() for c, v in vals.items() if v == 0]
        if not zeros:
            row = "administrative_coercion"
            col = next(iter(ad[row]))
            ad[row][col] = 0
            zeros = [(row, col)]
        for row, col in zeros:
            _blank(cells, marks, "active_disclosure", row, col, "-")
    if "blank_dash" in variants:
        for row in app:
            for col in DASH_COLS:
                assert app[row][col] == 0, "blank_dash needs all-zero columns"
                _blank(cells, marks, "applications", row, col, "—")
    for variant, text in TABLE4_MARKS.items():
        if variant in variants:
            for row, vals in rl.items():
                for col in vals:
                    _blank(cells, marks, "review_litigation", row, col, text)
    if "total_blank_outcomes" in variants:
        for row in outcome_rows(app) + [r for r in app if r.endswith("_total")]:
            if row in app:
                _blank(cells, marks, "applications", row, "total", "")
    if "blank_empty" in variants:
        zeros = [("applications", r, c) for r, vals in app.items() for c in PARTS if vals[c] == 0]
        zeros += [("review_litigation", r, c) for r, vals in rl.items() for c, v in vals.items() if v == 0]
        zeros = [z for z in zeros if "/".join(z) not in marks]
        for table, row, col in rng.sample(zeros, k=(len(zeros) + 1) // 2) if zeros else []:
            _blank(cells, marks, table, row, col, "")
    if "ruled_empty_cell" in variants:
        row, col = _empty_cell(rng, app, marks)
        _blank(cells, marks, "applications", row, col, "")
    return marks


def _empty_cell(rng: random.Random, app: dict[str, dict[str, int | None]], marks: Marks) -> tuple[str, str]:
    """A middle applicant column of a table-三 row to leave empty: a nonzero number in a busy row if any."""
    options = [(r, c) for r, vals in app.items() for c in list(vals)[1:-1] if f"applications/{r}/{c}" not in marks]
    busy = [(r, c) for r, c in options if app[r][c] and sum(1 for v in app[r].values() if v) >= 3]
    return rng.choice(busy or options)


def _bump(rng: random.Random) -> int:
    return rng.choice((1, 2, 3, 5, 10, 12))


def _outcome_leaf(rng: random.Random, cells: Cells) -> str | None:
    app = cells["applications"]
    options = [(r, c) for r in outcome_rows(app) for c in PARTS if app[r][c] is not None]
    if not options:
        return None
    row, col = rng.choice(options)
    app[row][col] += _bump(rng)  # type: ignore[operator]
    return f"applications/{row}/{col} raised"


def _handled_total(rng: random.Random, cells: Cells) -> str | None:
    row = cells["applications"]["total_handled"]
    if row["total"] is None:
        return None
    row["total"] += _bump(rng)  # type: ignore[operator]
    return "applications/total_handled/total raised"


def _new_received_pair(rng: random.Random, cells: Cells) -> str | None:
    row = cells["applications"]["new_received"]
    options = [c for c in PARTS if row[c] is not None]
    if not options or row["total"] is None:
        return None
    col, k = rng.choice(options), _bump(rng)
    row[col] += k  # type: ignore[operator]
    row["total"] += k  # type: ignore[operator]
    return f"applications/new_received/{col} and total raised together"


def _row_total(rng: random.Random, cells: Cells) -> str | None:
    app = cells["applications"]
    options = [r for r, vals in app.items() if vals["total"] is not None]
    if not options:
        return None
    row = rng.choice(options)
    app[row]["total"] += _bump(rng)  # type: ignore[operator]
    return f"applications/{row}/total raised"


def _review_total(rng: random.Random, cells: Cells) -> str | None:
    rl = cells["review_litigation"]
    options = [r for r, vals in rl.items() if vals["total"] is not None]
    if not options:
        return None
    row = rng.choice(options)
    rl[row]["total"] += _bump(rng)  # type: ignore[operator]
    return f"review_litigation/{row}/total raised"


FAULTS: tuple[Callable[[random.Random, Cells], str | None], ...] = (
    _outcome_leaf, _handled_total, _new_received_pair, _row_total, _review_total,
)


def inject(rng: random.Random, cells: Cells) -> list[str]:
    """Apply one or two faults that make at least one check fail; return their descriptions."""
    done: list[str] = []
    wanted = rng.choice((1, 1, 2))
    for _ in range(50):
        note = rng.choice(FAULTS)(rng, cells)
        if note:
            done.append(note)
        if len(done) >= wanted and failed(cells):
            return done
    raise ValueError("could not make any check fail (every check is over a blank cell)")
