"""One report, cold: `extract report.pdf -o out.csv` end to end, as a user runs it.

Each round runs, one after the other, fresh processes of:

- ``python -c "import pypdfium2"`` — the baseline: an interpreter that loads the PDF library;
- ``python -c "import extractor.cli"`` — what starting the command costs before any work;
- ``extract REPORT -o OUT.csv`` — the whole command: start, read the PDF, write the CSV.

Rounds alternate the three so that load on the machine falls on all alike; the medians of
wall time and of CPU time (user + system: what the wall time would be on an idle machine,
all three being single-threaded) and the ratios of the command to the baseline are printed
(the ratios are what to compare between machines and runs)::

    .venv/bin/python benchmarks/cold_start.py [--rounds 9] [REPORT.pdf]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "corpus" / "reports" / "pdf01_ruled_footer.pdf"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process."""
    start, cpu = time.perf_counter(), _cpu()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, _cpu() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    extract = Path(sys.executable).with_name("extract")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.csv")
        commands = {
            "python -c 'import pypdfium2'": [sys.executable, "-c", "import pypdfium2"],
            "python -c 'import extractor.cli'": [sys.executable, "-c", "import extractor.cli"],
            f"extract {args.report.name} -o out.csv": [str(extract), str(args.report), "-o", out],
        }
        for cmd in commands.values():  # warm the file cache, compile the bytecode
            _run(cmd)
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, cmd in commands.items():
                w, c = _run(cmd)
                wall[name].append(w)
                cpu[name].append(c)
    base, command = next(iter(commands)), list(commands)[-1]
    print(f"{args.rounds} rounds, medians in seconds, load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores:")
    print(f"  {'':<45} {'wall':>6} {'cpu':>6}")
    for name in commands:
        print(f"  {name:<45} {statistics.median(wall[name]):6.3f} {statistics.median(cpu[name]):6.3f}")
    for label, t in (("wall", wall), ("cpu", cpu)):
        print(f"  command / bare pypdfium2 import ({label}): "
              f"{statistics.median(t[command]) / statistics.median(t[base]):.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
