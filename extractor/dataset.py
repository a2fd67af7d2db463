"""A dataset directory written in parts as a batch runs, and read back for resume.

Layout: ``OUT/cells/``, ``OUT/reports/``, ``OUT/sections/``, ``OUT/checks/``, ``OUT/facts/``, each a
directory of Parquet parts with the same names (``part-<run>-<n>.parquet``), readable
as one table by pandas (``pd.read_parquet("OUT/cells")``), pyarrow.dataset and DuckDB
(``SELECT … FROM 'OUT/cells/*.parquet'``). Every part is written to a temporary
name and renamed; the ``reports`` part of a flush is written last, so a report
counts as done only when all its rows are on disk. Parts left without their
``reports`` part by a killed run are removed when the dataset is reopened.

A file that failed is tried again by the next run; when it is extracted again,
its old ``failed`` row is removed from the part that held it (a part holds no
other rows of a failed report), so every input has one row in ``reports``.

One run writes a dataset at a time: a writer holds an exclusive lock
(``fcntl.flock``) on ``OUT/.lock``, which names the run holding it.
"""

from __future__ import annotations

import os
import shutil
import socket
import time
import uuid
from pathlib import Path

from .outputs import COLUMNS, FRAMES, _csv_ready, write_parquet
from .pipeline import Report
from .schema import OUTPUTS

TABLE_NAMES = ("cells", "sections", "checks", "facts", "reports")  # reports last: it commits a flush
LOCK_NAME = ".lock"


class DatasetLocked(Exception):
    """Another run is writing the dataset; the message says which."""


def lock(out: Path) -> int:
    """Take the dataset's lock (held until the process ends or the descriptor is closed)."""
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = os.read(fd, 1000).decode("utf-8", "replace").strip() or "another run"
        os.close(fd)
        raise DatasetLocked(f"{out} is being written by {holder}") from None
    os.ftruncate(fd, 0)
    os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}, started "
                 f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
    return fd


def _key(sha256: str | None, source: str | None) -> str:
    """What identifies an input across runs: its content, or its path when it could not be read."""
    return sha256 or f"path:{source}"


class DatasetWriter:
    """Append reports to a dataset directory, flushing a part every ``every`` reports or
    ``seconds`` seconds, whichever comes first."""

    def __init__(self, out: Path, every: int = 200, seconds: float = 30.0, force: bool = False) -> None:
        self.out = out
        self.every = every
        self.seconds = seconds
        self.buffer: list[Report] = []
        self.run = uuid.uuid4().hex[:8]
        self.seq = 0
        self.last_flush = time.monotonic()
        self.lock: int | None = lock(out)
        if force:
            for name in TABLE_NAMES:
                shutil.rmtree(out / name, ignore_errors=True)
        for name in TABLE_NAMES:
            (out / name).mkdir(parents=True, exist_ok=True)
        self._remove_orphans()
        self.failed_rows: dict[str, set[str]] = {}  # key → reports parts holding a failed row of it
        self.status: dict[str, str] = {}  # sha256 → best status in the dataset
        self._read_reports()
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

    def _read_reports(self) -> None:
        """Note what the dataset holds; drop failed rows a killed run left beside a newer row."""
        import pyarrow.parquet as pq

        rows: dict[str, list[tuple[bool, float, str]]] = {}  # key → (failed, part mtime, part)
        for part in (self.out / "reports").glob("part-*.parquet"):
            table = pq.read_table(part, columns=["sha256", "source", "status"]).to_pydict()
            mtime = part.stat().st_mtime
            for sha, source, status in zip(table["sha256"], table["source"], table["status"]):
                rows.setdefault(_key(sha, source), []).append((status == "failed", mtime, part.name))
                if sha and self.status.get(sha) in (None, "failed"):
                    self.status[sha] = status
        stale: dict[str, set[str]] = {}
        for key, found in rows.items():
            best = min(found, key=lambda r: (r[0], -r[1]))
            for failed, _, part in found:
                if failed and (failed, part) != (best[0], best[2]):
                    stale.setdefault(part, set()).add(key)
                elif failed:
                    self.failed_rows.setdefault(key, set()).add(part)
        self._drop_failed(stale)

    def _drop_failed(self, parts: dict[str, set[str]]) -> None:
        """Rewrite ``reports`` parts without the failed rows of the given keys."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for name, keys in parts.items():
            path = self.out / "reports" / name
            table = pq.read_table(path)
            columns = table.to_pydict()
            keep = [not (status == "failed" and _key(sha, source) in keys) for sha, source, status
                    in zip(columns["sha256"], columns["source"], columns["status"])]
            if not all(keep):
                write_parquet(table.filter(pa.array(keep)).to_pydict(), path, "reports")

    def done(self) -> dict[str, str]:
        """SHA-256 → status of every file already in the dataset (ok or partial wins over failed)."""
        return dict(self.status)

    def add(self, report: Report) -> None:
        self.buffer.append(report)
        if len(self.buffer) >= self.every:
            self.flush()
        else:
            self.tick()

    def tick(self) -> None:
        """Flush when the oldest buffered report has waited ``seconds``: a kill loses little."""
        if self.buffer and time.monotonic() - self.last_flush >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            self.last_flush = time.monotonic()
            return
        name = f"part-{self.run}-{self.seq:05d}.parquet"
        for table in TABLE_NAMES:
            write_parquet(COLUMNS[table](self.buffer), self.out / table / name, table)
        retried: dict[str, set[str]] = {}
        for report in self.buffer:  # committed again: the old failed row goes
            key = _key(report.meta.get("sha256"), report.meta.get("source"))
            for part in self.failed_rows.pop(key, ()):
                retried.setdefault(part, set()).add(key)
        self._drop_failed(retried)
        self.seq += 1
        self.buffer = []
        self.last_flush = time.monotonic()

    def close(self) -> None:
        """Flush what is buffered and release the lock."""
        self.flush()
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None


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
