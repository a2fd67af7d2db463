"""Orchestrate a run: hash and deduplicate inputs, skip what a dataset already
holds (but retry what failed there), extract the rest (in-process, in worker
processes or on Dask), and hand each report to a sink while keeping a summary."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .batch import Tick, extract_guarded, run_dask, run_local
from .collect import provenance
from .discover import hash_input
from .errors import ExtractionError
from .names import stored
from .pipeline import Report


@dataclass
class Job:
    path: str
    sha256: str | None
    paths: list[str]


@dataclass
class Summary:
    """Counts kept while a run goes, so memory does not grow with the dataset."""

    status: Counter = field(default_factory=Counter)
    formats: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    failed_checks: Counter = field(default_factory=Counter)
    reports: int = 0
    already_done: int = 0
    retried: int = 0
    duplicates: int = 0

    def add(self, report: Report) -> None:
        m = report.meta
        self.reports += 1
        self.status[m["status"]] += 1
        self.formats[m.get("format") or "unknown"] += 1
        if m.get("error") and m["status"] != "not_report":
            self.errors[m["error"]] += 1
        for check in report.check_list:
            if check.status == "fail":
                self.failed_checks[check.rule] += 1


def file_sha256(path: str) -> str | None:
    """SHA-256 of an input (a file or a zip member); None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        hash_input(path, digest)
    except (OSError, ExtractionError):
        return None
    return digest.hexdigest()


def plan(files: list[str], done: dict[str, str], summary: Summary) -> list[Job]:
    """One job per distinct content. ``done`` maps the SHA-256 of what a dataset holds to its
    status: those are skipped, except ``failed`` ones, which are tried again."""
    jobs: dict[str, Job] = {}
    out: list[Job] = []
    for path in map(str, files):
        sha = file_sha256(path)
        if sha is None:  # unreadable: let extract() report why
            out.append(Job(path, None, [path]))
            continue
        if sha in done and sha not in jobs:
            if done[sha] != "failed":
                summary.already_done += 1
                continue
            summary.retried += 1
        if sha in jobs:
            jobs[sha].paths.append(str(path))
            summary.duplicates += 1
            continue
        jobs[sha] = Job(str(path), sha, [str(path)])
        out.append(jobs[sha])
    return out


def run(jobs: list[Job], sink: Callable[[Report], None], *, workers: int = 1, timeout: float = 600,
        max_memory_mb: float = 0, engine: str = "local", scheduler: str | None = None,
        tick: Tick | None = None, audit: str | None = None) -> None:
    """Extract every job and pass each finished report to ``sink``; ``tick()`` is called
    now and then while waiting (progress lines, time-based flushes).

    A single file is extracted in this process (no pool to start), under the same
    timeout and memory limit as a worker. With ``audit``, workers write the audit of each
    report they extract into that folder."""

    def finish(index: int, report: Report) -> None:
        job = jobs[index]
        if job.sha256:
            report.meta.update(sha256=job.sha256, report_id=job.sha256[:16])
            report.meta.update(provenance.lookup(job.paths, job.sha256))  # url, fetched_at if collected
        report.meta["paths"] = " | ".join(stored(p) for p in job.paths)
        sink(report)

    paths = [j.path for j in jobs]
    if engine == "dask":
        run_dask(paths, scheduler, workers, finish)
    elif len(jobs) == 1:
        finish(0, extract_guarded(paths[0], timeout, max_memory_mb))
    elif jobs:
        run_local(paths, workers, timeout, max_memory_mb, finish, tick, audit)
