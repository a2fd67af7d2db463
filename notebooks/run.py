"""Execute the notebooks top to bottom, as CI does, and save them with their outputs.

    python notebooks/run.py                 # every notebook; outputs written back into the .ipynb
    python notebooks/run.py --check         # execute only (what tests/test_notebooks.py does)
    python notebooks/run.py 02_county_trends.ipynb

The demo dataset the notebooks use is built on first use into build/demo (or
$GOVINFO_DEMO_DIR) by ``python -m corpus.demo``; it is not committed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

NOTEBOOK_DIR = Path(__file__).resolve().parent


def notebooks() -> list[Path]:
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def execute(path: Path, save: bool = False, timeout: int = 600):
    """Run every cell of ``path`` in a fresh kernel (cwd: notebooks/); raise on the first error.

    Returns (notebook with outputs, seconds). With ``save``, the outputs are written back.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    # the kernel talks to this process over localhost only: its warning about unencrypted TCP is noise
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", extra_arguments=["--log-level=ERROR"],
                            resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    client.execute()
    seconds = time.perf_counter() - start
    if save:
        for cell in nb.cells:  # keep committed files free of run-specific metadata
            cell.metadata.pop("execution", None)
        nbformat.write(nb, path)
    return nb, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="notebooks to run (default: all)")
    parser.add_argument("--check", action="store_true", help="execute without writing the outputs back")
    args = parser.parse_args(argv)
    paths = [NOTEBOOK_DIR / n for n in args.names] if args.names else notebooks()
    for path in paths:
        _, seconds = execute(path, save=not args.check)
        print(f"{path.name}: ok in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
