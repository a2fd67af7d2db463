"""Run many extractions in worker processes that a bad file cannot take down.

Each worker process extracts one file at a time. A file whose worker crashes,
runs past ``timeout`` seconds or grows past ``max_memory_mb`` costs only that
file: the worker is killed, the file is recorded as ``failed`` with the reason,
and a fresh worker takes its place.
"""

from __future__ import annotations

import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .pipeline import Report, extract, failed_report

if TYPE_CHECKING:  # multiprocessing loads when a pool starts: one file is read in-process without it
    import multiprocessing as mp
    from multiprocessing.connection import Connection

# Test hook: "hang:NAME,bloat:NAME,crash:NAME" makes a worker hang, grab memory or die
# on files whose name contains NAME, to test that such a file costs only itself.
TEST_HOOK = "EXTRACTOR_TEST_HOOK"

Tick = Callable[[], None]


def _serve(conn: Connection, hook: str, audit: str | None) -> None:
    from .worker import serve  # already loaded in the fork server; the parent never needs it

    serve(conn, hook, audit)


class _TimedOut(BaseException):
    """Raised by SIGALRM inside an in-process extraction (not an Exception: nothing catches it)."""


def _alarm(signum: int, frame: object) -> None:
    raise _TimedOut


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def extract_guarded(path: str, timeout: float, max_memory_mb: float) -> Report:
    """Extract one file in this process with the limits a worker has: ``timeout`` seconds
    (SIGALRM) and ``max_memory_mb`` more address space than the process has now (RLIMIT_AS),
    so a file that would run away fails with the same reason as in a worker."""
    import threading

    main = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    space = _address_space() if max_memory_mb and main else 0
    old_limit = resource.getrlimit(resource.RLIMIT_AS)
    old_handler = signal.signal(signal.SIGALRM, _alarm) if main and timeout else None
    try:
        if space:
            limit = space + int(max_memory_mb * 2**20)
            hard = old_limit[1]
            resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY
                                                    else min(limit, hard), hard))
        if old_handler is not None:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        report = extract(path)
    except _TimedOut:
        report = failed_report(path, f"timed out after {timeout:g} s")
    finally:
        if old_handler is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
        if space:
            resource.setrlimit(resource.RLIMIT_AS, old_limit)
    if (report.meta.get("error") or "").startswith("internal error: MemoryError"):
        report.meta["error"] = f"exceeded the memory limit ({max_memory_mb:g} MB)"
    return report

def _wait(objects: list, timeout: float) -> list:
    from multiprocessing.connection import wait

    return wait(objects, timeout=timeout)


def _context() -> mp.context.BaseContext:
    """Workers fork from a server that has loaded the extractor once (fast to start and to
    replace); where there is no fork (Windows), each is a fresh interpreter."""
    import multiprocessing as mp

    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["__main__", "extractor.worker", "extractor.forkserver_init"])
        return ctx
    return mp.get_context("spawn")


def start_server() -> None:
    """Start the fork server now, so it loads the extractor while the parent is still
    finding and hashing the input files (no-op where workers are spawned)."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _crashed(slot: _Slot) -> str:
    slot.process.join(5)  # its exit code arrives a moment after its pipe closes
    return f"worker crashed (exit code {slot.process.exitcode})"


@dataclass
class _Slot:
    process: mp.process.BaseProcess
    conn: Connection
    queue: deque[tuple[int, str]] = field(default_factory=deque)  # sent; the head is running
    started: float = 0.0  # when the head started


class WorkerPool:
    """A fixed number of extraction processes, each fed its next file in advance."""

    depth = 8  # files queued per worker: it keeps working while the parent writes a part

    def __init__(self, workers: int, timeout: float, max_memory_mb: float, audit: str | None = None) -> None:
        self.ctx = _context()
        self.hook = os.environ.get(TEST_HOOK, "")
        self.audit = audit
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        self.slots = [self._spawn() for _ in range(max(1, workers))]

    def _spawn(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=_serve, args=(child, self.hook, self.audit), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    def _replace(self, slot: _Slot) -> None:
        slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        fresh = self._spawn()
        slot.process, slot.conn = fresh.process, fresh.conn
        slot.queue.clear()

    def _failure(self, slot: _Slot, ready: list) -> str | None:
        if not slot.process.is_alive() and slot.conn not in ready:
            return _crashed(slot)
        if time.monotonic() - slot.started > self.timeout:
            return f"timed out after {self.timeout:g} s"
        if self.max_memory_mb and rss_mb(slot.process.pid) > self.max_memory_mb:
            return f"exceeded the memory limit ({self.max_memory_mb:g} MB)"
        return None

    def map(self, paths: list[str], tick: Tick | None = None) -> Iterator[tuple[int, Report]]:
        """Yield (index, report) for every path, in completion order; call ``tick()`` at least
        every half second."""
        pending = deque(enumerate(paths))
        while pending or any(slot.queue for slot in self.slots):
            if tick:
                tick()
            for slot in self.slots:
                # a second file only while there are enough for every worker: none waits at the end
                while pending and (not slot.queue or len(slot.queue) < self.depth and len(pending) > len(self.slots)):
                    if not slot.queue:
                        slot.started = time.monotonic()
                    slot.queue.append(pending.popleft())
                    slot.conn.send(slot.queue[-1])
            busy = [s for s in self.slots if s.queue]
            ready = _wait([s.conn for s in busy] + [s.process.sentinel for s in busy], timeout=0.5)
            for slot in busy:
                if slot.conn in ready:
                    try:
                        index, report = slot.conn.recv()
                    except (EOFError, OSError):
                        failure: str | None = _crashed(slot)
                    else:
                        slot.queue.popleft()
                        slot.started = time.monotonic()
                        yield index, report
                        continue
                else:
                    failure = self._failure(slot, ready)
                if failure:
                    index, path = slot.queue.popleft()
                    pending.extendleft(reversed(slot.queue))  # queued but not started: retry
                    self._replace(slot)
                    yield index, failed_report(path, failure)

    def close(self, now: bool = False) -> None:
        """Stop the workers: let idle ones finish, or (``now``: an interrupted run) kill them."""
        for slot in self.slots:
            if now:
                slot.process.kill()
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

    def __exit__(self, kind: type | None, *exc: object) -> None:
        self.close(now=kind is not None)


def run_local(paths: list[str], workers: int, timeout: float, max_memory_mb: float,
              on_report: Callable[[int, Report], None], tick: Tick | None = None, audit: str | None = None) -> None:
    """Extract ``paths`` with a worker pool, calling ``on_report`` as each finishes (and writing
    each report's audit into ``audit`` in the worker, when given)."""
    with WorkerPool(min(workers, len(paths)) or 1, timeout, max_memory_mb, audit) as pool:
        for index, report in pool.map(paths, tick):
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
