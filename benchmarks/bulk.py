"""Bulk extraction benchmark: throughput, parallel speedup, memory, resume.

    python benchmarks/bulk.py [--small 500] [--large 5000] [--repeat 3]

Generates mixed-format reports with the corpus generator (cached under
benchmarks/_work/), runs the ``extract`` command on them as a user would and
prints a Markdown table. Every number is measured in the same run on the same
files: reports/s with 1 and 2 workers (alternating, median of ``--repeat`` runs)
and their ratio, peak resident memory of the parent process and of the largest
worker at the small and the large size,
the time to resume a dataset that is already complete, and the time to write the
CSV files at the end.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work"


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


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (workers are children of the fork server, not of it)."""
    found, frontier = [], [pid]
    while frontier:
        children = []
        for parent in frontier:
            for task in Path(f"/proc/{parent}/task").glob("*/children"):
                try:
                    children += [int(c) for c in task.read_text().split()]
                except OSError:
                    continue
        found += children
        frontier = children
    return found


def _peak_mb(pid: int) -> float:
    """Peak resident memory of a live process so far (VmHWM), in MB; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            line = next(x for x in fh if x.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    except (OSError, StopIteration, ValueError):
        return 0.0


def run(args: list[str]) -> dict[str, float]:
    """Run ``extract`` with ``args``; wall seconds and peak RSS of parent and workers."""
    proc = subprocess.Popen([sys.executable, "-m", "extractor", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = {"parent": 0.0, "worker": 0.0}

    def sample() -> None:  # cheap and rare, so the sampling itself takes no core from the workers
        while proc.poll() is None:
            peak["parent"] = max(peak["parent"], _peak_mb(proc.pid))
            for child in _descendants(proc.pid):
                peak["worker"] = max(peak["worker"], _peak_mb(child))
            time.sleep(0.25)

    start = time.perf_counter()
    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    proc.wait()
    seconds = time.perf_counter() - start
    watcher.join()
    return {"seconds": seconds, "parent_mb": peak["parent"], "worker_mb": peak["worker"], "rc": proc.returncode}


def _median(runs: list[dict]) -> dict:
    result = dict(sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2])
    seconds = [r["seconds"] for r in runs]
    result["spread"] = f"{max(seconds) - min(seconds):.1f}" if len(runs) > 1 else "one run"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each small measurement (median)")
    opts = parser.parse_args()
    small, large = corpus(opts.small, "bench-small"), corpus(opts.large, "bench-large")
    out = WORK / "out"

    def extract_into(label: str, folder: Path, workers: int) -> dict[str, float]:
        target = out / label
        shutil.rmtree(target, ignore_errors=True)
        return run([str(folder), "-o", f"{target}/", "-q", "--no-csv", "-w", str(workers)])

    # 1 and 2 workers alternate, so a slow spell of the machine favours neither; median of the runs
    runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
    for _ in range(opts.repeat):
        for workers in (1, 2):
            runs[workers].append(extract_into(f"small-{workers}w", small, workers))
    one, two = _median(runs[1]), _median(runs[2])
    big = _median([extract_into("large-2w", large, 2)])
    resume = run([str(large), "-o", f"{out / 'large-2w'}/", "-q", "--no-csv", "-w", "2"])
    csv = run([str(large), "-o", f"{out / 'large-2w'}/", "-q", "-w", "2"])

    print("| run | reports | workers | seconds (median) | spread of runs | reports/s | parent peak MB | "
          "worker peak MB |")
    print("|---|---|---|---|---|---|---|---|")
    for label, n, workers, r in (("small-1w", opts.small, 1, one), ("small-2w", opts.small, 2, two),
                                 ("large-2w", opts.large, 2, big)):
        print(f"| {label} | {n} | {workers} | {r['seconds']:.1f} | {r['spread']} | {n / r['seconds']:.1f} | "
              f"{r['parent_mb']:.0f} | {r['worker_mb']:.0f} |")
    print()
    print(f"- speedup 2 workers / 1 worker ({opts.small} reports, median of {opts.repeat}): "
          f"{one['seconds'] / two['seconds']:.2f}x")
    print(f"- parent peak memory {opts.large} vs {opts.small} reports: {big['parent_mb']:.0f} MB vs "
          f"{two['parent_mb']:.0f} MB ({big['parent_mb'] / two['parent_mb'] - 1:+.0%}); "
          f"largest worker {big['worker_mb']:.0f} MB vs {two['worker_mb']:.0f} MB "
          f"({big['worker_mb'] / two['worker_mb'] - 1:+.0%})")
    print(f"- resume of the complete {opts.large}-report dataset: {resume['seconds']:.1f} s")
    print(f"- writing the four CSV files for {opts.large} reports (a run with nothing left to extract): "
          f"{csv['seconds']:.1f} s")


if __name__ == "__main__":
    main()
