"""Accuracy benchmark: run the extractor over a corpus and score it against truth files.

    python benchmarks/accuracy.py [FOLDER] [--strict] [--details N]

FOLDER (default corpus/reports) holds reports ``<name>.<ext>`` beside ``<name>.truth.json``.
Prints Markdown: cell accuracy per format (file extension) and per variant, section
detection, agency/year/template, and check agreement. A cell is right when the
extractor's printed (non-derived) value equals the truth value (blank == null, floats
within 1e-9); a truth cell missing from the output is wrong; output cells the truth
does not have are counted as extra. ``--strict`` exits 1 unless every cell is right.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "corpus" / "reports"
TRUTH_SUFFIX = ".truth.json"
TOLERANCE = 1e-9


@dataclass
class Result:
    """Scores of one report."""

    name: str
    fmt: str
    variants: list[str]
    cells: int = 0
    right: int = 0
    extra: int = 0
    sections_found: int = 0
    headings_exact: int = 0
    agency: bool = False
    year: bool = False
    template: bool = False
    checks: bool = False
    error: str = ""
    seconds: float = 0.0
    wrong: list[str] = field(default_factory=list)
    tables: dict[str, list[int]] = field(default_factory=dict)  # table -> [right, cells]
    status: str = ""
    needs_review: bool = False
    placed_by: Counter = field(default_factory=Counter)  # output cells by how their key was decided

    @property
    def unflagged_wrong(self) -> int:
        """Wrong or extra cells in a report that does not ask for review (must be 0)."""
        return 0 if self.needs_review else len(self.wrong) + self.extra

    @property
    def ok_but_missing(self) -> bool:
        """Status ok although a truth cell is missing from the output (must never happen)."""
        return self.status == "ok" and any(w.endswith("got 'missing'") for w in self.wrong)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(value)
    except TypeError:
        return value == ""


def same(truth: Any, got: Any) -> bool:
    """Truth value equals extracted value (null == empty; floats within tolerance)."""
    if _blank(truth) or _blank(got):
        return _blank(truth) and _blank(got)
    try:
        return abs(float(truth) - float(got)) <= TOLERANCE
    except (TypeError, ValueError):
        return False


def find_reports(folder: Path) -> list[tuple[Path, Path]]:
    """(report, truth) pairs in ``folder``."""
    pairs = []
    for truth in sorted(folder.glob(f"*{TRUTH_SUFFIX}")):
        stem = truth.name[: -len(TRUTH_SUFFIX)]
        reports = [p for p in folder.glob(f"{stem}.*") if p != truth and not p.name.endswith(TRUTH_SUFFIX)]
        if reports:
            pairs.append((sorted(reports)[0], truth))
    return pairs


def _truth_cells(truth: dict) -> dict[tuple[str, str, str], Any]:
    return {(t, r, c): v for t, rows in truth["cells"].items() for r, cols in rows.items() for c, v in cols.items()}


def _output_cells(frame: Any) -> tuple[dict[tuple[str, str, str], Any], int]:
    """Printed (non-derived) cells of the extractor, and how many keys repeat."""
    out: dict[tuple[str, str, str], Any] = {}
    repeats = 0
    if frame is None or len(frame) == 0:
        return out, 0
    for rec in frame.to_dict("records"):
        derived = rec.get("derived")
        if derived is True or (not _blank(derived) and bool(derived)):
            continue
        key = (str(rec["table"]), str(rec["row"]), str(rec["col"]))
        if key in out:
            repeats += 1
            continue
        out[key] = rec.get("value")
    return out, repeats


def _compact(text: Any) -> str:
    return "".join(str(text or "").split())


def score(report: Path, truth_path: Path, extract: Any) -> Result:
    """Run the extractor on one report and compare with its truth."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    res = Result(report.name, report.suffix.lstrip("."), list(truth.get("variants", [])))
    expected = _truth_cells(truth)
    res.cells = len(expected)
    start = time.perf_counter()
    try:
        rep = extract(str(report))
    except Exception as exc:  # noqa: BLE001 - a crash is a score, not a benchmark failure
        res.error = f"{type(exc).__name__}: {exc}"[:200]
        res.wrong = ["(extractor raised)"]
        return res
    finally:
        res.seconds = time.perf_counter() - start
    frame = getattr(rep, "cells", None)
    got, repeats = _output_cells(frame)
    if frame is not None and "placed_by" in getattr(frame, "columns", ()):
        res.placed_by.update(str(v) for v in frame["placed_by"])
    for key, value in expected.items():
        tally = res.tables.setdefault(key[0], [0, 0])
        tally[1] += 1
        if key in got and same(value, got[key]):
            res.right += 1
            tally[0] += 1
        else:
            res.wrong.append(f"{'.'.join(key)}: truth {value!r}, got {got.get(key, 'missing')!r}")
    res.extra = repeats + sum(1 for key in got if key not in expected)
    sections = getattr(rep, "sections", None)
    found: dict[str, str] = {}
    if sections is not None and len(sections):
        for rec in sections.to_dict("records"):
            found.setdefault(str(rec.get("key")), str(rec.get("heading") or ""))
    for key, heading in truth.get("headings", {}).items():
        if key in found:
            res.sections_found += 1
            res.headings_exact += found[key].strip() == heading.strip()
    meta = getattr(rep, "meta", {}) or {}
    res.status, res.needs_review = str(meta.get("status") or ""), bool(meta.get("needs_review"))
    res.agency = _compact(meta.get("agency")) == _compact(truth["agency"])
    res.year = str(meta.get("year")) == str(truth["year"]) or _year_equal(meta.get("year"), truth["year"])
    res.template = str(meta.get("template")) == str(truth["template"])
    res.checks = _failed_checks(getattr(rep, "checks", None)) == set(truth.get("failed_checks", []))
    if meta.get("error") and meta.get("status") not in (None, "ok"):
        res.error = str(meta.get("error"))[:200]
    return res


def _year_equal(got: Any, want: int) -> bool:
    try:
        return int(float(got)) == int(want)
    except (TypeError, ValueError):
        return False


def _failed_checks(frame: Any) -> set[str]:
    if frame is None or len(frame) == 0:
        return set()
    return {f"{r['rule']}/{r['target']}" for r in frame.to_dict("records")
            if r.get("status") == "fail" and not str(r["rule"]).startswith("text.")}  # text.*: facts_accuracy.py


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _row(label: str, results: list[Result]) -> str:
    n = len(results)
    cells = sum(r.cells for r in results)
    right = sum(r.right for r in results)
    cols = [
        label, str(n), str(sum(bool(r.error) for r in results)), f"{right}/{cells}", _pct(right, cells),
        str(sum(r.extra for r in results)),
        _pct(sum(r.sections_found for r in results), 6 * n), _pct(sum(r.headings_exact for r in results), 6 * n),
        _pct(sum(r.agency for r in results), n), _pct(sum(r.year for r in results), n),
        _pct(sum(r.template for r in results), n), _pct(sum(r.checks for r in results), n),
    ]
    return "| " + " | ".join(cols) + " |"


_HEADER = ("| {} | reports | errors | cells right | cell accuracy | extra cells | sections found "
           "| headings exact | agency | year | template | checks agree |\n|" + "---|" * 12)


def _table(title: str, first: str, groups: Iterable[tuple[str, list[Result]]]) -> list[str]:
    return [f"## {title}", "", _HEADER.format(first), *(_row(k, v) for k, v in groups), ""]


def report_markdown(results: list[Result], seconds: float, details: int) -> str:
    """The benchmark's Markdown report."""
    by_format: dict[str, list[Result]] = defaultdict(list)
    by_variant: dict[str, list[Result]] = defaultdict(list)
    for res in results:
        by_format[res.fmt].append(res)
        for variant in res.variants or ["(none)"]:
            by_variant[variant].append(res)
    lines = ["# Extraction accuracy", "", f"{len(results)} reports, {seconds:.1f} s.", ""]
    lines += _table("Overall", "scope", [("all", results)])
    lines += _table("By format", "format", sorted(by_format.items()))
    lines += ["## By table", "", "| table | cells right | cell accuracy |", "|---|---|---|"]
    for table in sorted({t for r in results for t in r.tables}):
        right = sum(r.tables.get(table, [0, 0])[0] for r in results)
        cells = sum(r.tables.get(table, [0, 0])[1] for r in results)
        lines.append(f"| {table} | {right}/{cells} | {_pct(right, cells)} |")
    lines.append("")
    lines += _trust(results)
    lines += _table("By variant", "variant", sorted(by_variant.items()))
    worst = sorted((r for r in results if r.right < r.cells or r.error or not r.checks),
                   key=lambda r: (r.right / r.cells if r.cells else 0, r.name))
    if worst and details:
        lines += ["## Reports with errors", ""]
        for res in worst[:details]:
            lines.append(f"- **{res.name}** {res.right}/{res.cells} cells"
                         + (f", error: {res.error}" if res.error else "")
                         + ("" if res.checks else ", failed checks differ"))
            lines += [f"  - {w}" for w in res.wrong[:5]]
        lines.append("")
    return "\n".join(lines)


def _trust(results: list[Result]) -> list[str]:
    """How the extractor owns its doubts (SCHEMA §5): the last two numbers must be 0."""
    placed: Counter = Counter()
    for res in results:
        placed.update(res.placed_by)
    total = sum(placed.values())
    by = ", ".join(f"{k} {v} ({_pct(v, total)})" for k, v in placed.most_common())
    flagged = [r for r in results if r.needs_review]
    return ["## Trust", "",
            "| measure | value |", "|---|---|",
            f"| output cells by placed_by | {by or '–'} |",
            f"| reports needing review | {len(flagged)}/{len(results)} |",
            f"| wrong cells in reports needing review | {sum(len(r.wrong) + r.extra for r in flagged)} |",
            f"| **wrong cells in reports not flagged for review** | "
            f"{sum(r.unflagged_wrong for r in results)} |",
            f"| **reports `ok` with a template cell missing** | {sum(r.ok_but_missing for r in results)} |",
            ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--strict", action="store_true", help="exit 1 unless cell accuracy is 100%%")
    parser.add_argument("--details", type=int, default=15, help="list up to N reports with errors")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    try:
        from extractor.pipeline import extract
    except ImportError as exc:
        print(f"cannot import extractor.pipeline.extract: {exc}", file=sys.stderr)
        return 2
    pairs = find_reports(args.folder)
    if not pairs:
        print(f"no reports with truth files in {args.folder}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    results = [score(report, truth, extract) for report, truth in pairs]
    print(report_markdown(results, time.perf_counter() - start, args.details))
    cells, right = sum(r.cells for r in results), sum(r.right for r in results)
    return 1 if args.strict and right < cells else 0


if __name__ == "__main__":
    sys.exit(main())
