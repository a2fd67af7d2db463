"""Facts benchmark: the numbers the narrative states, and the text checks, against the generator's truth.

    python benchmarks/facts_accuracy.py [FOLDER …] [--random N] [--seed S] [--details N]

Each FOLDER (default corpus/reports) holds reports beside ``<name>.truth.json`` files with
``facts`` and ``text_checks`` (written by corpus.narrative). ``--random N`` also
generates N random reports (``python -m corpus.generate --count N``: extra narrative —
Chinese numerals, partial-scope sentences, disagreeing numbers) into a temporary
folder and scores them.

A fact is (section, key, value, unit); truth and output are matched as multisets.
Recall = matched / truth facts, precision = matched / extracted facts; of the matched,
the share with the right scope. Text checks are (rule, actual, status) multisets;
``false fails`` are extracted ``fail`` checks the truth does not have (the target: 0),
``missed fails`` truth ``fail`` checks not extracted as fail.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DIR = ROOT / "corpus" / "reports"


@dataclass
class Tally:
    truth: int = 0
    extracted: int = 0
    matched: int = 0
    scope_right: int = 0
    checks_truth: int = 0
    checks_agree: int = 0
    false_fails: int = 0
    missed_fails: int = 0
    truth_fails: int = 0
    reports: int = 0
    notes: list[str] = field(default_factory=list)


def _fact_key(section: int, key: str, value: float, unit: str) -> tuple:
    return int(section), key, round(float(value), 6), unit


def score_report(report: Path, truth: dict, tally: Tally, extract) -> None:
    rep = extract(report)
    want = Counter(_fact_key(f["section"], f["key"], f["value"], f["unit"]) for f in truth.get("facts", []))
    got = Counter(_fact_key(f.section, f.key, f.value, f.unit) for f in rep.fact_list)
    tally.reports += 1
    tally.truth += sum(want.values())
    tally.extracted += sum(got.values())
    tally.matched += sum((want & got).values())
    scopes_want = Counter((*_fact_key(f["section"], f["key"], f["value"], f["unit"]), f["scope"])
                          for f in truth.get("facts", []))
    scopes_got = Counter((*_fact_key(f.section, f.key, f.value, f.unit), f.scope) for f in rep.fact_list)
    tally.scope_right += sum((scopes_want & scopes_got).values())
    for miss in (want - got):
        tally.notes.append(f"{report.name}: missed {miss}")
    for extra in (got - want):
        tally.notes.append(f"{report.name}: extra {extra}")
    cw = Counter((c["rule"], round(float(c["actual"]), 6), c["status"]) for c in truth.get("text_checks", []))
    cg = Counter((c.rule, round(float(c.actual), 6), c.status) for c in rep.check_list if c.rule.startswith("text."))
    tally.checks_truth += sum(cw.values())
    tally.checks_agree += sum((cw & cg).values())
    fails_w = Counter(k for k in cw.elements() if k[2] == "fail")
    fails_g = Counter(k for k in cg.elements() if k[2] == "fail")
    tally.truth_fails += sum(fails_w.values())
    tally.false_fails += sum((fails_g - fails_w).values())
    tally.missed_fails += sum((fails_w - fails_g).values())
    for bad in (fails_g - fails_w):
        tally.notes.append(f"{report.name}: FALSE FAIL {bad}")


def score_folder(folder: Path, tally: Tally, extract) -> None:
    for truth_path in sorted(folder.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        score_report(folder / truth["file"], truth, tally, extract)


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.2f}%" if b else "–"


def table(rows: list[tuple[str, Tally]]) -> str:
    lines = ["| set | reports | truth facts | extracted | recall | precision | scope right | text checks agree "
             "| truth fails | false fails | missed fails |", "|" + "---|" * 11]
    for name, t in rows:
        lines.append(f"| {name} | {t.reports} | {t.truth} | {t.extracted} | {_pct(t.matched, t.truth)} | "
                     f"{_pct(t.matched, t.extracted)} | {_pct(t.scope_right, t.matched)} | "
                     f"{_pct(t.checks_agree, t.checks_truth)} | {t.truth_fails} | {t.false_fails} | "
                     f"{t.missed_fails} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from extractor.pipeline import extract

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--random", type=int, default=0, help="also score N generated random reports")
    parser.add_argument("--seed", default="facts", help="seed of the random set (default facts)")
    parser.add_argument("--details", type=int, default=10, help="show up to N misses/extras")
    args = parser.parse_args(argv)
    rows = []
    for folder in args.folders or ([DEFAULT_DIR] if not args.random else [DEFAULT_DIR]):
        tally = Tally()
        score_folder(folder, tally, extract)
        rows.append((str(folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder), tally))
    if args.random:
        from corpus.generate import random_spec, write

        with tempfile.TemporaryDirectory() as tmp:
            for i in range(args.random):
                write(random_spec(args.seed, i), Path(tmp))
            tally = Tally()
            score_folder(Path(tmp), tally, extract)
            rows.append((f"random {args.random} (seed {args.seed})", tally))
    print(table(rows))
    notes = [n for _, t in rows for n in t.notes]
    if notes and args.details:
        print("\n" + "\n".join(notes[:args.details]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
