"""A dataset directory written in parts as a batch runs, and read back for resume.

Layout: ``OUT/cells/``, ``OUT/reports/``, ``OUT/sections/``, ``OUT/checks/``, ``OUT/facts/``, each a
directory of Parquet parts with the same names (``part-<run>-<n>.parquet``), readable
as one table by pandas (``pd.read_parquet("OUT/cells")``), pyarrow.dataset and DuckDB
(``SELECT … FROM 'OUT/cells/*.parquet'``). Every part is written to a temporary
name and renamed; the ``reports`` part of a flush is written last, so a report
counts as done only when all its rows are on disk. Parts left without their
``reports`` part by a killed run are removed when the dataset is reopened.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path

from .outputs import COLUMNS, FRAMES, _csv_ready, write_parquet
from .pipeline import Report
from .schema import OUTPUTS

TABLE_NAMES = ("cells", "sections", "checks", "facts", "reports")  # reports last: it commits a flush


class DatasetWriter:
    """Append reports to a dataset directory, flushing a part every ``every`` reports."""

    def __init__(self, out: Path, every: int = 200, seconds: float = 60.0, force: bool = False) -> None:
        self.out = out
        self.every = every
        self.seconds = seconds
        self.buffer: list[Report] = []
        self.run = uuid.uuid4().hex[:8]
        self.seq = 0
        self.last_flush = time.monotonic()
        if force:
            for name in TABLE_NAMES:
                shutil.rmtree(out / name, ignore_errors=True)
        for name in TABLE_NAMES:
            (out / name).mkdir(parents=True, exist_ok=True)
        self._remove_orphans()
        # pyarrow loads pandas on first use: load both now, while the workers start, not mid-batch
        import pandas  # noqa: F401
        import pyarrow.parquet  # noqa: F401

    def _remove_orphans(self) -> None:
        committed = {p.name for p in (self.out / "reports").glob("part-*.parquet")}
        for name in TABLE_NAMES[:-1]:
            for part in (self.out / name).glob("part-*.parquet"):
                if part.name not in committed:
                    part.unlink()
        for leftover in self.out.glob("*/.part-*.tmp"):
            leftover.unlink()

    def done(self) -> set[str]:
        """SHA-256 of every file already in the dataset (any status)."""
        return done_hashes(self.out)

    def add(self, report: Report) -> None:
        self.buffer.append(report)
        if len(self.buffer) >= self.every or time.monotonic() - self.last_flush >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        name = f"part-{self.run}-{self.seq:05d}.parquet"
        for table in TABLE_NAMES:
            write_parquet(COLUMNS[table](self.buffer), self.out / table / name, table)
        self.seq += 1
        self.buffer = []
        self.last_flush = time.monotonic()


def done_hashes(out: Path) -> set[str]:
    """SHA-256 of the reports already committed to the dataset at ``out``."""
    import pyarrow.parquet as pq

    done: set[str] = set()
    for part in sorted((out / "reports").glob("part-*.parquet")):
        done.update(v for v in pq.read_table(part, columns=["sha256"]).column(0).to_pylist() if v)
    return done


def typed(df, table: str):
    """Give a frame read back from Parquet the declared pandas dtypes."""
    return df.astype({c.name: c.dtype for c in OUTPUTS[table] if c.name in df.columns})


def write_csvs(out: Path) -> list[Path]:
    """One CSV per table (UTF-8 with BOM), streamed part by part so memory stays flat."""
    import pyarrow.parquet as pq

    written = []
    for table in ("cells", "reports", "sections", "checks", "facts"):
        target = out / f"{table}.csv"
        tmp = out / f".{table}.csv.tmp"
        parts = sorted((out / table).glob("part-*.parquet"))
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            header = True
            for part in parts:
                df = typed(pq.read_table(part).to_pandas(), table)
                _csv_ready(df).to_csv(fh, index=False, header=header)
                header = False
            if header:  # no parts: an empty table with its header
                _csv_ready(FRAMES[table]([])).to_csv(fh, index=False)
        os.replace(tmp, target)
        written.append(target)
    return written
