"""Orchestrate a run: hash and deduplicate inputs, skip what a dataset already
holds, extract the rest (in-process, in worker processes or on Dask), and hand
each report to a sink while keeping a summary."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .batch import run_dask, run_local
from .pipeline import Report, extract


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
    duplicates: int = 0

    def add(self, report: Report) -> None:
        m = report.meta
        self.reports += 1
        self.status[m["status"]] += 1
        self.formats[m.get("format") or "unknown"] += 1
        if m.get("error"):
            self.errors[m["error"]] += 1
        for check in report.check_list:
            if check.status == "fail":
                self.failed_checks[check.rule] += 1


def file_sha256(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def plan(files: list[Path], done: set[str], summary: Summary) -> list[Job]:
    """One job per distinct content; files already in the dataset are skipped."""
    jobs: dict[str, Job] = {}
    out: list[Job] = []
    for path in files:
        sha = file_sha256(str(path))
        if sha is None:  # unreadable: let extract() report why
            out.append(Job(str(path), None, [str(path)]))
            continue
        if sha in done:
            summary.already_done += 1
            continue
        if sha in jobs:
            jobs[sha].paths.append(str(path))
            summary.duplicates += 1
            continue
        jobs[sha] = Job(str(path), sha, [str(path)])
        out.append(jobs[sha])
    return out


def run(jobs: list[Job], sink: Callable[[Report], None], *, workers: int = 1, timeout: float = 600,
        max_memory_mb: float = 0, engine: str = "local", scheduler: str | None = None) -> None:
    """Extract every job and pass each finished report to ``sink``."""

    def finish(index: int, report: Report) -> None:
        job = jobs[index]
        if job.sha256:
            report.meta.update(sha256=job.sha256, report_id=job.sha256[:16])
        report.meta["paths"] = " | ".join(job.paths)
        sink(report)

    paths = [j.path for j in jobs]
    if engine == "dask":
        run_dask(paths, scheduler, workers, finish)
    elif workers <= 1 and len(jobs) <= 1 or not jobs:
        for index, path in enumerate(paths):
            finish(index, extract(path))
    else:
        run_local(paths, workers, timeout, max_memory_mb, finish)
