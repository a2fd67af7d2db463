"""OCR benchmark: cells right and seconds per page on the scanned corpus, next to the text PDFs.

    python benchmarks/ocr.py [FOLDER] [--variant V ...] [--engine rapidocr|tesseract] [--pages]

FOLDER (default corpus/scans, made by ``python -m corpus.scans``; a held-out set:
``python -m corpus.scans --count N --seed S --out DIR``) holds scans beside their truth
files. For each scan: cells right (the printed value equals the truth), the wrong ones,
whether every wrong cell is in a report that needs review (``reports.needs_review``: a
low-confidence value, a failed check over OCR values, a cell not read, a row placed by order),
and seconds per OCR page; the text PDF the scan was made from is timed in the same run
(the ratio is what to compare across machines). It also prints how the confidences of
right and wrong values fall around the review threshold.

``--engine tesseract`` reads the same pages with Tesseract (``apt-get install
tesseract-ocr tesseract-ocr-chi-sim``) in place of RapidOCR — same image work, same
layout reader — to compare the two engines.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.loaders import ocr  # noqa: E402
from extractor.ocr_review import ocr_review_notes  # noqa: E402
from extractor.pipeline import extract  # noqa: E402


def tesseract_lines(image: Any) -> list[tuple[Any, str, float]]:
    """Tesseract's words (chi_sim+eng, one uniform block per page) as (box, text, confidence)."""
    import cv2

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "page.png")
        cv2.imwrite(str(path), image)
        tsv = subprocess.run(["tesseract", str(path), "stdout", "-l", "chi_sim+eng", "--psm", "11", "tsv"],
                             capture_output=True, text=True, check=True).stdout
    out = []
    for line in tsv.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip() or float(parts[10]) < 0:
            continue
        x, y, w, h = (int(v) for v in parts[6:10])
        out.append(([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], parts[11].strip(), float(parts[10]) / 100))
    return out


def _truth_cells(truth: dict) -> dict[tuple[str, str, str], Any]:
    return {(t, r, c): v for t, rows in truth["cells"].items() for r, cols in rows.items() for c, v in cols.items()}


def score(path: Path) -> dict[str, Any]:
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))
    variant = next((v for v in truth["variants"] if v.startswith("scan_")), "scan_?")[5:]
    start = time.perf_counter()
    report = extract(path)
    seconds = time.perf_counter() - start
    got = {(c.table, c.row, c.col): c for c in report.cell_list if not c.derived}
    expected = _truth_cells(truth)
    wrong = [f"{'.'.join(k)}: truth {v!r}, got {got[k].raw if k in got else 'missing'!r}"
             for k, v in expected.items() if k not in got or got[k].value != v]
    right = [got[k] for k, v in expected.items() if k in got and got[k].value == v]
    bad = [got[k] for k, v in expected.items() if k in got and got[k].value != v]
    notes = ocr_review_notes(report.cell_list, report.check_list)
    ocr_pages = len({c.page for c in report.cell_list if c.ocr_confidence is not None}) or 0
    source = ROOT / "corpus" / "reports" / truth["note"].split(" of ")[-1].split(":")[0]
    text_seconds = None
    if source.is_file():
        start = time.perf_counter()
        extract(source)
        text_seconds = time.perf_counter() - start
    return dict(name=path.name, variant=variant, cells=len(expected), right=len(right), wrong=wrong,
                seconds=seconds, pages=report.meta.get("pages") or 0, ocr_pages=ocr_pages,
                text_layer=report.meta.get("text_layer"), status=report.meta.get("status"),
                error=report.meta.get("error"), reviewed=bool(report.meta.get("needs_review")), notes=notes,
                text_seconds=text_seconds,
                right_conf=[c.ocr_confidence for c in right if c.ocr_confidence is not None],
                wrong_conf=[c.ocr_confidence for c in bad if c.ocr_confidence is not None])


def markdown(results: list[dict[str, Any]], engine: str) -> str:
    lines = [f"## OCR ({engine}): cells right per variant", "",
             "| variant | reports | cells right | wrong cells in a report needing review | s / scanned page | "
             "s / report | text PDF s / report |", "|---|---|---|---|---|---|---|"]
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        groups[r["variant"]].append(r)
    groups["all"] = results
    for variant, rs in groups.items():
        cells, right = sum(r["cells"] for r in rs), sum(r["right"] for r in rs)
        wrong = sum(len(r["wrong"]) for r in rs)
        flagged = sum(len(r["wrong"]) for r in rs if r["reviewed"])
        pages = sum(r["pages"] for r in rs if r["variant"] != "mixed") or 1
        secs = sum(r["seconds"] for r in rs if r["variant"] != "mixed")
        text = [r["text_seconds"] for r in rs if r["text_seconds"] is not None]
        lines.append(f"| {variant} | {len(rs)} | {right}/{cells} ({100 * right / max(cells, 1):.2f} %) | "
                     f"{flagged}/{wrong} | {secs / pages:.1f} | {sum(r['seconds'] for r in rs) / len(rs):.1f} | "
                     f"{(sum(text) / len(text)) if text else float('nan'):.2f} |")
    right_conf = sorted(c for r in results for c in r["right_conf"])
    wrong_conf = sorted(c for r in results for c in r["wrong_conf"])
    lines += ["", f"Confidence (threshold {ocr.LOW_CONFIDENCE}): right values below it "
              f"{sum(c < ocr.LOW_CONFIDENCE for c in right_conf)}/{len(right_conf)}; wrong values below it "
              f"{sum(c < ocr.LOW_CONFIDENCE for c in wrong_conf)}/{len(wrong_conf)} "
              f"(wrong: {', '.join(f'{c:.2f}' for c in wrong_conf[:20])})", ""]
    for r in results:
        if r["wrong"] or r["status"] != "ok":
            lines.append(f"- {r['name']} ({r['status']}, {r['text_layer']}; review: {r['reviewed']}): "
                         + "; ".join(r["wrong"][:8]) + (f" … {len(r['wrong'])} wrong" if len(r["wrong"]) > 8 else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "corpus" / "scans")
    parser.add_argument("--variant", action="append", help="only these variants (clean, jpeg, … png, tiff)")
    parser.add_argument("--source", action="append", help="only scans of these corpus reports")
    parser.add_argument("--engine", choices=("rapidocr", "tesseract"), default="rapidocr")
    args = parser.parse_args(argv)
    if args.engine == "tesseract":
        ocr._read_lines = tesseract_lines  # same image work and layout, other recognizer
    paths = sorted(p for p in args.folder.iterdir() if p.suffix in (".pdf", ".png", ".tif", ".docx")
                   and p.with_name(p.stem + ".truth.json").is_file())
    if args.variant:
        paths = [p for p in paths if p.stem.split("_")[1] in args.variant]
    if args.source:
        paths = [p for p in paths if any(p.stem.endswith(s) for s in args.source)]
    results = []
    for path in paths:
        result = score(path)
        print(f"{path.name}: {result['right']}/{result['cells']} in {result['seconds']:.1f} s", file=sys.stderr)
        results.append(result)
    print(markdown(results, args.engine))
    return 0


if __name__ == "__main__":
    sys.exit(main())
