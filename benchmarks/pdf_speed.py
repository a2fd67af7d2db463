"""PDF speed and memory benchmark: the project's extraction against a bare pdfplumber pass.

    python benchmarks/pdf_speed.py [--runs 5] [--pages 100] [--no-long-speed]

Everything is measured in one run on the same files:

* seconds per report for the project's full extraction (``extractor.pipeline.extract``:
  PDF loading, sections, metadata, tables, checks) and for a bare pdfplumber pass
  (``extract_text()`` + ``extract_tables()`` on every page) — medians of ``--runs`` warm
  runs per file after one warm-up, then the mean over the files of a set — on the
  committed corpus PDFs, on the real ../shared/spec/real/huaian_city_2024.pdf (skipped
  with a note when absent) and on a generated long PDF;
* the peak resident memory (``VmHWM``, in a fresh subprocess) of extracting the
  generated ``--pages``-page PDF: the corpus report's prose and three tables repeated,
  so tables are on some pages and prose on the rest.

Targets: ratio (project / pdfplumber) ≤ 0.5; peak memory ≤ 300 MB. Prints Markdown.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "corpus" / "reports"
HUAIAN = ROOT.parent / "shared" / "spec" / "real" / "huaian_city_2024.pdf"
RATIO_TARGET = 0.5
MEMORY_TARGET_MB = 300

# VmHWM (peak resident set) belongs to the process image: unlike ru_maxrss, which a child
# inherits from its parent through fork and exec, it starts afresh in the new process.
_PEAK = """
import sys

def hwm():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024

from extractor.pipeline import extract
base = hwm()
report = extract(sys.argv[1])
print(report.status, report.meta.get("pages"), len(report.cell_list), base, hwm())
"""


def long_pdf(pages: int) -> bytes:
    """A ``pages``-page report: the corpus generator's report, its prose doubled and the
    whole of it repeated (tables on some pages, prose on the others), cut at ``pages``."""
    from corpus import layout
    from corpus.model import Document, Para
    from corpus.render_pdf import render
    from corpus.spec import build

    spec = build("long", "pdf", "2021", "medium", ("pdf_footer_dash",), "pdf_speed:long", 2024)
    doc = layout.build(spec)
    blocks = list(doc.blocks)
    again = []
    for block in doc.blocks:
        if isinstance(block, Para) and block.role in ("title", "meta", "signature"):
            continue
        again.append(block)
        if isinstance(block, Para) and block.role == "body":
            again.append(block)
    while len(blocks) < 60 * pages:
        blocks += again
    return render(spec, Document(blocks), max_pages=pages)


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def bare_pdfplumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.flush_cache()


def project(path: Path) -> None:
    from extractor.pipeline import extract

    report = extract(path)
    if report.status == "failed":
        raise RuntimeError(f"{path.name}: {report.meta.get('error')}")


def median_seconds(fn: Callable[[Path], None], path: Path, runs: int) -> float:
    fn(path)  # warm-up: imports, font caches
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def speed_row(label: str, files: list[Path], runs: int) -> str:
    ours = [median_seconds(project, f, runs) for f in files]
    bare = [median_seconds(bare_pdfplumber, f, runs) for f in files]
    pages = sum(page_count(f) for f in files)
    a, b = statistics.mean(ours), statistics.mean(bare)
    verdict = "yes" if a / b <= RATIO_TARGET else "**no**"
    return (f"| {label} | {len(files)} | {pages} | {a:.3f} | {b:.3f} | {a / b:.2f} | {verdict} |")


def peak_memory(path: Path) -> tuple[str, float, float, float]:
    """(status, seconds, MB after imports, peak MB) of extracting ``path`` in a fresh process."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _PEAK, str(path)], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    seconds = time.perf_counter() - start
    status, _pages, cells, base, peak = out
    return f"{status}, {cells} cells", seconds, float(base), float(peak)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs per file (median)")
    parser.add_argument("--pages", type=int, default=100, help="pages of the generated long PDF")
    parser.add_argument("--no-long-speed", action="store_true",
                        help="measure only the memory of the long PDF, not its speed")
    args = parser.parse_args(argv)
    corpus_pdfs = sorted(CORPUS.glob("*.pdf"))
    if not corpus_pdfs:
        print("no PDFs in corpus/reports: run python -m corpus.generate", file=sys.stderr)
        return 2
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        long_path = Path(tmp) / f"long_{args.pages}p.pdf"
        long_path.write_bytes(long_pdf(args.pages))
        long_pages = page_count(long_path)
        rows = [speed_row("committed corpus PDFs", corpus_pdfs, args.runs)]
        if HUAIAN.exists():
            rows.append(speed_row(f"real: {HUAIAN.name} (WPS)", [HUAIAN], args.runs))
        else:
            notes.append(f"{HUAIAN} is absent: the real report was skipped.")
        if not args.no_long_speed:
            rows.append(speed_row(f"generated {long_pages}-page PDF", [long_path], max(1, min(args.runs, 3))))
        status, seconds, base, peak = peak_memory(long_path)
        size_kb = long_path.stat().st_size / 1024

    print("# PDF extraction: speed and memory")
    print()
    print(f"Medians of {args.runs} warm runs per file (3 for the long PDF), in seconds per report; "
          "ratio = project / pdfplumber (target ≤ 0.5).")
    print()
    print("| files | reports | pages | project extract() s/report | pdfplumber text+tables s/report | ratio "
          "| ≤ 0.5 |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print()
    verdict = "yes" if peak <= MEMORY_TARGET_MB else "**no**"
    print(f"| memory: extract() of a generated {long_pages}-page PDF ({size_kb:.0f} KB), fresh process | value |")
    print("|---|---|")
    print(f"| peak RSS (VmHWM) | {peak:.0f} MB (target ≤ {MEMORY_TARGET_MB} MB: {verdict}) |")
    print(f"| peak RSS after the imports, before extracting | {base:.0f} MB |")
    print(f"| result | {status}; {seconds:.1f} s including start-up |")
    for note in notes:
        print(f"\nNote: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
