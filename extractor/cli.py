"""The ``extract`` command: reports in, a tidy dataset out."""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
import time
from pathlib import Path

from . import __version__, runner
from .batch import start_server
from .discover import Inputs, discover
from .names import shown
from .pipeline import Report, failed_report
from .runner import Summary, plan

DESCRIPTION = """Extract 政府信息公开工作年度报告 (government information disclosure annual
reports: PDF, Word, HTML or text) into one tidy dataset.

Examples:
  extract report.pdf -o out.csv          every number of one report, one row each
  extract reports/ -o dataset/           a folder → cells, reports, sections, checks,
                                         facts (each as .parquet and .csv)
  extract a.docx b.html -o out.json      one nested JSON document per report
  extract reports/ -o cells.parquet      the cells table as Parquet
  extract report.pdf -o out.csv --audit audit/
                                         also: PDF pages with every cell boxed
                                         (audit/index.html)

PATH is a report file, a folder (searched recursively) or a .zip archive of reports.
OUT decides the output:
  .csv / .parquet   the `cells` table (report_id, agency, year, table, row, col,
                    value, raw, page, bbox …) of all inputs
  .json             one nested document per report (sections, tables, checks, facts)
  a directory       (existing, or a path ending in /) cells, reports, sections,
                    checks and facts, each as Parquet and as CSV (UTF-8 with BOM)

A file that cannot be extracted is reported on stderr in one line and in the
`reports` table (status failed, with the reason); the other files are still
written. A readable document that is not a report is counted apart (not_report).
Exit status: 0 all extracted (or not reports), 1 some failed, 2 usage error,
130 interrupted (run the same command again to resume a directory output).
"""



class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as every usage error
        _say(f"extract: {message} (see extract --help)")
        raise SystemExit(2)


def _parser() -> _Parser:
    p = _Parser(prog="extract", usage="extract PATH... -o OUT [OPTIONS]", description=DESCRIPTION,
                formatter_class=argparse.RawDescriptionHelpFormatter, add_help=False)
    p.add_argument("paths", nargs="+", metavar="PATH", help=argparse.SUPPRESS)
    p.add_argument("-o", "--out", required=True, metavar="OUT",
                   help="output: .csv, .parquet, .json or a directory")
    p.add_argument("-w", "--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="parallel worker processes (default: the machine's cores, %(default)s)")
    p.add_argument("--timeout", type=float, default=600, metavar="SECONDS",
                   help="seconds one file may take before it is failed (default: %(default)g; "
                        "a scanned report takes 5–30 s a page to OCR)")
    p.add_argument("--max-memory", type=float, default=3072, metavar="MB",
                   help="MB of memory one file may take before it is failed (default: %(default)g)")
    p.add_argument("--force", action="store_true", help="directory output: re-extract files already there")
    p.add_argument("--csv", action=argparse.BooleanOptionalAction, default=True,
                   help="directory output: also write one CSV per table at the end (default: yes)")
    p.add_argument("--engine", default="local", metavar="local|dask",
                   help="worker processes on this machine, or a Dask cluster (default: local)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address; without it a LocalCluster is started")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress or summary")
    p.add_argument("--audit", metavar="DIR",
                   help="also write audit pictures into this folder: PDF pages with every extracted cell "
                        "boxed and labelled, the tables as HTML (index.html)")
    p.add_argument("--flush-every", type=int, default=200, help=argparse.SUPPRESS)  # reports per part
    p.add_argument("--flush-seconds", type=float, default=30, help=argparse.SUPPRESS)
    p.add_argument("--progress-every", type=float, default=10, help=argparse.SUPPRESS)  # without a terminal
    p.add_argument("--version", action="version", version=f"extract {__version__}", help="show the version")
    p.add_argument("-h", "--help", action="help", help="show this help")
    return p


def run(argv: list[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process's arguments); return the exit status."""
    parser = _parser()
    if not (sys.argv[1:] if argv is None else argv):
        parser.print_help(sys.stderr)
        return 2
    args = parser.parse_args(argv)
    global _interrupted_by
    _interrupted_by = signal.SIGINT
    started = time.monotonic()
    summary = Summary()
    writer = None
    handlers = _catch_sigterm()
    try:
        inputs, target, to_dir = _check_arguments(args)
        if args.engine == "local" and len(inputs.files) > 1:
            start_server()  # workers get ready while the inputs are hashed
        if to_dir:
            from .dataset import DatasetLocked, DatasetWriter

            try:
                writer = DatasetWriter(target, every=args.flush_every, seconds=args.flush_seconds, force=args.force)
            except DatasetLocked as exc:
                _usage_error(f"extract: {exc}; wait for it to finish")
        jobs = plan(inputs.files, writer.done() if writer else {}, summary)
        collected: list[Report] = []
        auditor = None
        if args.audit is not None:
            from .audit import Auditor

            auditor = Auditor(Path(args.audit), single=len(inputs.files) == 1 and not inputs.failed)
        total = len(jobs) + len(inputs.failed)
        shown_progress = not args.quiet and total > 1
        bar = _Bar(total) if shown_progress and sys.stderr.isatty() else None
        log = _ProgressLog(total, args.progress_every) if shown_progress and bar is None else None

        def sink(report: Report) -> None:
            summary.add(report)
            status, error = report.status, report.meta["error"]
            name = shown(report.meta["source"])
            line = None
            if status == "failed":
                line = f"FAILED {name}: {error}"
            elif status == "partial" and not args.quiet:
                line = f"partial {name}: {error}"
            elif status == "not_report" and not args.quiet:
                line = f"not a report: {name}"
            if line:
                (bar.say if bar else _say)(line)
            if auditor:
                auditor.add(report)
            (writer.add if writer else collected.append)(report)
            if bar:
                bar.update(summary)

        def tick() -> None:
            if writer:
                writer.tick()
            if log:
                log.tick(summary)

        try:
            for path, reason in inputs.failed:
                sink(failed_report(path, reason))
            runner.run(jobs, sink, workers=args.workers, timeout=args.timeout, max_memory_mb=args.max_memory,
                       engine=args.engine, scheduler=args.scheduler, tick=tick,
                       audit=str(auditor.out) if auditor and not auditor.single else None)
        finally:
            if bar:
                bar.stop()
        if writer:
            writer.flush()
            outputs = [f"{shown(target / t)}/ (Parquet parts)" for t in ("cells", "reports", "sections", "checks", "facts")]
            if args.csv:
                from .dataset import write_csvs

                outputs += [shown(p) for p in write_csvs(target)]
            writer.close()  # the lock is held until the CSV files are written too
        else:
            from .outputs import write_outputs

            outputs = [shown(p) for p in write_outputs(collected, target)]
        if auditor:
            outputs.append(f"{shown(auditor.finish())} (audit)")
    except KeyboardInterrupt:
        if handlers:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the last flush
        if writer:
            writer.close()  # what is complete is kept: the next run resumes from it
            _say(f"interrupted: {summary.reports} done, run the same command to resume")
        else:
            _say(f"interrupted: {summary.reports} done, nothing written (run the same command again)")
        return 128 + _interrupted_by
    except _UsageError:
        return 2
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    if not args.quiet:
        _say(_summary_text(summary, len(inputs.skipped), time.monotonic() - started, outputs))
    return 1 if summary.status["failed"] else 0


app = run  # the command as a function of its arguments (tests call it)


_interrupted_by = signal.SIGINT


def _catch_sigterm() -> dict[int, object]:
    """Make SIGTERM stop the run as Ctrl-C does (complete parts kept, workers stopped); return
    the handlers to put back. Signals are the main thread's: elsewhere, nothing changes."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    signal.signal(signal.SIGTERM, _terminate)
    return handlers


def _terminate(signum: int, frame: object) -> None:
    global _interrupted_by
    _interrupted_by = signal.SIGTERM
    raise KeyboardInterrupt


def _say(text: str) -> None:
    """Plain lines on stderr, so they can be grepped."""
    print(text, file=sys.stderr, flush=True)


class _UsageError(Exception):
    pass


def _usage_error(text: str) -> None:
    _say(text)
    raise _UsageError


def _check_arguments(args: argparse.Namespace) -> tuple[Inputs, Path, bool]:
    """The inputs, the output path and whether it is a directory. Whatever would make the run
    fail after the work is done is refused now, in one line, with exit status 2."""
    problems = []
    if args.engine not in ("local", "dask"):
        problems.append(f"extract: unknown engine '{args.engine}' (use local or dask)")
    elif args.engine == "dask":
        import importlib.util

        if importlib.util.find_spec("distributed") is None:
            problems.append("extract: --engine dask needs Dask: pip install 'govinfo-extractor[dask]'")
    if args.workers < 1:
        problems.append(f"extract: --workers must be 1 or more (got {args.workers})")
    if not (math.isfinite(args.timeout) and args.timeout > 0):
        problems.append(f"extract: --timeout must be a positive number of seconds (got {args.timeout:g})")
    if not (math.isfinite(args.max_memory) and args.max_memory >= 0):
        problems.append(f"extract: --max-memory must be a number of MB, 0 for no limit (got {args.max_memory:g})")
    if not args.out.strip():
        problems.append("extract: -o needs a file or folder name (got an empty one)")
    if problems:
        _usage_error("\n".join(problems))
    inputs = discover(args.paths)
    if len(inputs.missing) == len(args.paths):
        _usage_error("\n".join(f"extract: no such file or folder: {shown(p)}" for p in inputs.missing))
    inputs.failed[:0] = [(p, "no such file or folder") for p in inputs.missing]
    if not inputs.files and not inputs.failed:
        _usage_error("extract: no report files found in the given paths")
    out = args.out
    target = Path(out)
    to_dir = out.endswith(("/", "\\")) or target.is_dir() or not target.suffix
    if not to_dir and target.suffix.lower() not in (".csv", ".parquet", ".json"):
        _usage_error(f"extract: unknown output type '{shown(target.suffix)}' "
                     "(use .csv, .parquet, .json or a directory)")
    given = {os.path.realpath(p) for p in inputs.files if os.path.lexists(p)}
    if os.path.realpath(target) in given:
        _usage_error(f"extract: the output {shown(target)} is one of the inputs: choose another -o")
    problem = _unwritable(target, to_dir)
    if problem:
        _usage_error(f"extract: cannot write {shown(target)}: {problem}")
    if args.audit is not None:
        audit = args.audit
        problem = "-o is the same path" if os.path.realpath(audit) == os.path.realpath(target) else \
            _unwritable(Path(audit), folder=True)
        if problem:
            _usage_error(f"extract: cannot write the audit into {shown(audit)}: {problem}")
    return inputs, target, to_dir


def _unwritable(target: Path, folder: bool) -> str | None:
    """Why ``target`` (a file, or a folder that is made if missing) cannot be written, or None;
    a temporary file is created and removed to know for sure."""
    if target.exists() or target.is_symlink():
        if folder and not target.is_dir():
            return "it exists and is not a folder"
        if not folder and not target.is_file():
            return "it exists and is not a regular file"
    probe_dir = target if folder else target.parent
    existing = probe_dir
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        return f"{shown(existing)} is not a folder"
    try:
        probe_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(probe_dir / f".extract-probe-{os.getpid()}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.unlink(probe_dir / f".extract-probe-{os.getpid()}")
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None


def _counts(summary: Summary) -> str:
    s = summary.status
    text = f"ok {s['ok']} · partial {s['partial']} · failed {s['failed']}"
    return text + (f" · not a report {s['not_report']}" if s["not_report"] else "")


class _ProgressLog:
    """Progress as a plain line every few seconds, where no bar can be drawn (a log, nohup, CI)."""

    def __init__(self, total: int, every: float) -> None:
        self.total, self.every = total, every
        self.start = self.last = time.monotonic()

    def tick(self, summary: Summary) -> None:
        now = time.monotonic()
        if now - self.last < self.every:
            return
        self.last = now
        rate = summary.reports / (now - self.start)
        _say(f"progress: {summary.reports}/{self.total} files · {_counts(summary)} · "
             f"{rate:.1f} files/s · {now - self.start:.0f} s")


class _Bar:
    """A progress bar on a terminal (rich, loaded only when there is one to draw)."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.console = Console(stderr=True)
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=self.console, transient=True)
        self.task = self.progress.add_task(_counts(Summary()), total=total)
        self.start = time.monotonic()
        self.progress.start()

    def say(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def update(self, summary: Summary) -> None:
        rate = summary.reports / max(time.monotonic() - self.start, 1e-9)
        self.progress.update(self.task, advance=1, description=f"{_counts(summary)} · {rate:.1f} files/s")

    def stop(self) -> None:
        self.progress.stop()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary_text(summary: Summary, skipped: int, seconds: float, outputs: list[str]) -> str:
    s = summary.status
    rate = summary.reports / seconds if seconds else 0.0
    lines = [f"{_plural(summary.reports, 'report')} in {seconds:.1f} s ({rate:.1f}/s): "
             f"{s['ok']} ok, {s['partial']} partial, {s['failed']} failed"
             + (f", {s['not_report']} not a report" if s["not_report"] else "")]
    extra = []
    if summary.already_done:
        extra.append(f"{summary.already_done} already in the dataset (skipped)")
    if summary.retried:
        extra.append(f"{summary.retried} failed before (tried again)")
    if summary.duplicates:
        extra.append(f"{_plural(summary.duplicates, 'duplicate file')} (same content, extracted once)")
    if skipped:
        extra.append(f"{skipped} non-report files skipped")
    if extra:
        lines.append("  " + " · ".join(extra))
    if summary.formats:
        lines.append("  by format: " + " · ".join(f"{k} {v}" for k, v in summary.formats.most_common()))
    if summary.errors:
        lines.append("  most frequent errors:")
        lines += [f"    {n:>5}  {e}" for e, n in summary.errors.most_common(10)]
    if summary.failed_checks:
        lines.append("  failed checks: " + " · ".join(f"{k} {v}" for k, v in
                                                      summary.failed_checks.most_common()))
    lines.append("  outputs: " + ", ".join(outputs))
    return "\n".join(lines)


def main() -> None:
    """Console-script entry point."""
    try:
        code = run()
    except KeyboardInterrupt:  # before the run started: nothing done, nothing written
        _say("interrupted")
        code = 130
    sys.exit(code)


if __name__ == "__main__":
    main()
