"""Run many extractions in worker processes that a bad file cannot take down.

Each worker process extracts one file at a time. A file whose worker crashes,
runs past ``timeout`` seconds or grows past ``max_memory_mb`` costs only that
file: the worker is killed, the file is recorded as ``failed`` with the reason,
and a fresh worker takes its place.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from .pipeline import Report, failed_report

HANG_HOOK = "EXTRACTOR_TEST_HANG"  # tests: a worker hangs on files whose name contains this


def _worker(conn: Connection) -> None:
    from .pipeline import extract

    hang = os.environ.get(HANG_HOOK)
    while True:
        task = conn.recv()
        if task is None:
            return
        index, path = task
        if hang and hang in Path(path).name:
            time.sleep(10**6)
        conn.send((index, extract(path)))


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


@dataclass
class _Slot:
    process: mp.process.BaseProcess
    conn: Connection
    task: tuple[int, str] | None = None
    started: float = 0.0


class WorkerPool:
    """A fixed number of extraction processes fed one file at a time."""

    def __init__(self, workers: int, timeout: float, max_memory_mb: float) -> None:
        self.ctx = mp.get_context("spawn")
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        self.slots = [self._spawn() for _ in range(max(1, workers))]

    def _spawn(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=_worker, args=(child,), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    def _replace(self, slot: _Slot) -> None:
        slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        fresh = self._spawn()
        slot.process, slot.conn, slot.task = fresh.process, fresh.conn, None

    def map(self, paths: list[str]) -> Iterator[tuple[int, Report]]:
        """Yield (index, report) for every path, in completion order."""
        pending = list(enumerate(paths))[::-1]
        running = 0
        while pending or running:
            for slot in self.slots:
                if slot.task is None and pending:
                    slot.task, slot.started = pending.pop(), time.monotonic()
                    slot.conn.send(slot.task)
                    running += 1
            busy = [s for s in self.slots if s.task is not None]
            ready = wait([s.conn for s in busy] + [s.process.sentinel for s in busy], timeout=0.5)
            for slot in busy:
                failure = None
                if slot.conn in ready:
                    try:
                        index, report = slot.conn.recv()
                    except (EOFError, OSError):
                        failure = f"worker crashed (exit code {slot.process.exitcode})"
                    else:
                        slot.task = None
                        running -= 1
                        yield index, report
                        continue
                elif not slot.process.is_alive():
                    failure = f"worker crashed (exit code {slot.process.exitcode})"
                elif time.monotonic() - slot.started > self.timeout:
                    failure = f"timed out after {self.timeout:g} s"
                elif self.max_memory_mb and _rss_mb(slot.process.pid) > self.max_memory_mb:
                    failure = f"exceeded the memory limit ({self.max_memory_mb:g} MB)"
                if failure:
                    index, path = slot.task  # type: ignore[misc]
                    self._replace(slot)
                    running -= 1
                    yield index, failed_report(path, failure)

    def close(self) -> None:
        for slot in self.slots:
            if slot.process.is_alive():
                try:
                    slot.conn.send(None)
                except OSError:
                    pass
                slot.process.join(2)
            if slot.process.is_alive():
                slot.process.kill()
            slot.conn.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_local(paths: list[str], workers: int, timeout: float, max_memory_mb: float,
              on_report: Callable[[int, Report], None]) -> None:
    """Extract ``paths`` with a worker pool, calling ``on_report`` as each finishes."""
    with WorkerPool(min(workers, len(paths)) or 1, timeout, max_memory_mb) as pool:
        for index, report in pool.map(paths):
            on_report(index, report)


def _dask_extract(path: str) -> Report:
    from .pipeline import extract

    return extract(path)


def run_dask(paths: list[str], scheduler: str | None, workers: int,
             on_report: Callable[[int, Report], None]) -> None:
    """Extract ``paths`` on a Dask distributed cluster (a LocalCluster without an address)."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise SystemExit("--engine dask needs Dask: pip install 'govinfo-extractor[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = {client.submit(_dask_extract, p, pure=False): i for i, p in enumerate(paths)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                report = future.result()
            except Exception as exc:  # a worker died or the task raised
                report = failed_report(paths[index], f"dask task failed: {type(exc).__name__}: {exc}")
            on_report(index, report)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
