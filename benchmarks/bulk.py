"""Bulk extraction benchmark: throughput, parallel speedup, memory, resume.

    python benchmarks/bulk.py [--small 500] [--large 5000]

Generates mixed-format reports with the corpus generator (cached under
benchmarks/_work/), runs the ``extract`` command on them as a user would and
prints a Markdown table. Every number is measured in the same run on the same
files: reports/s with 1 and 2 workers and their ratio, peak resident memory of
the parent process and of the largest worker at the small and the large size,
the time to resume a dataset that is already complete, and the time to write the
CSV files at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work"
sys.path.insert(0, str(ROOT))
from extractor.batch import rss_mb  # noqa: E402


def corpus(count: int, seed: str) -> Path:
    folder = WORK / f"reports_{count}_{seed}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "corpus.generate", "--count", str(count), "--out", str(folder),
                        "--seed", seed], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        for truth in folder.glob("*.truth.json"):  # the benchmark reads reports only
            truth.unlink()
        (folder / ".complete").touch()
    return folder


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return out


def run(args: list[str]) -> dict[str, float]:
    """Run ``extract`` with ``args``; wall seconds and peak RSS of parent and workers."""
    proc = subprocess.Popen([sys.executable, "-m", "extractor", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = {"parent": 0.0, "worker": 0.0}

    def sample() -> None:
        while proc.poll() is None:
            peak["parent"] = max(peak["parent"], rss_mb(proc.pid))
            for child in _children(proc.pid):
                peak["worker"] = max(peak["worker"], rss_mb(child))
            time.sleep(0.05)

    start = time.perf_counter()
    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    proc.wait()
    seconds = time.perf_counter() - start
    watcher.join()
    return {"seconds": seconds, "parent_mb": peak["parent"], "worker_mb": peak["worker"], "rc": proc.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--large", type=int, default=5000)
    opts = parser.parse_args()
    small, large = corpus(opts.small, "bench-small"), corpus(opts.large, "bench-large")
    out = WORK / "out"
    rows = []

    def measure(label: str, folder: Path, n: int, workers: int, extra=()) -> dict[str, float]:
        target = out / label
        shutil.rmtree(target, ignore_errors=True)
        result = run([str(folder), "-o", f"{target}/", "-q", "--no-csv", "-w", str(workers), *extra])
        result["rate"] = n / result["seconds"]
        rows.append((label, n, workers, result))
        return result

    one = measure("small-1w", small, opts.small, 1)
    two = measure("small-2w", small, opts.small, 2)
    big = measure("large-2w", large, opts.large, 2)
    resume = run([str(large), "-o", f"{out / 'large-2w'}/", "-q", "--no-csv", "-w", "2"])
    csv = run([str(large), "-o", f"{out / 'large-2w'}/", "-q", "-w", "2"])

    print("| run | reports | workers | seconds | reports/s | parent peak MB | worker peak MB |")
    print("|---|---|---|---|---|---|---|")
    for label, n, workers, r in rows:
        print(f"| {label} | {n} | {workers} | {r['seconds']:.1f} | {r['rate']:.1f} | {r['parent_mb']:.0f} | "
              f"{r['worker_mb']:.0f} |")
    print()
    print(f"- speedup 2 workers / 1 worker ({opts.small} reports): {two['rate'] / one['rate']:.2f}x")
    print(f"- parent peak memory {opts.large} vs {opts.small} reports: {big['parent_mb']:.0f} MB vs "
          f"{two['parent_mb']:.0f} MB ({big['parent_mb'] / two['parent_mb'] - 1:+.0%}); "
          f"largest worker {big['worker_mb']:.0f} MB vs {two['worker_mb']:.0f} MB")
    print(f"- resume of the complete {opts.large}-report dataset: {resume['seconds']:.1f} s")
    print(f"- writing the four CSV files for {opts.large} reports (a run with nothing left to extract): "
          f"{csv['seconds']:.1f} s")


if __name__ == "__main__":
    main()
