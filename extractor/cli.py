"""The ``extract`` command: reports in, a tidy dataset out."""

from __future__ import annotations

import math
import os
import signal
import sys
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from . import __version__, runner
from .batch import start_server
from .discover import Inputs, discover
from .names import shown
from .pipeline import Report, failed_report
from .runner import Summary, plan

HELP = """Extract 政府信息公开工作年度报告 (government information disclosure annual
reports: PDF, Word, HTML or text) into one tidy dataset.

\b
Examples:
  extract report.pdf -o out.csv          every number of one report, one row each
  extract reports/ -o dataset/           a folder → cells, reports, sections, checks
                                         (each as .parquet and .csv)
  extract a.docx b.html -o out.json      one nested JSON document per report
  extract reports/ -o cells.parquet      the cells table as Parquet
  extract report.pdf -o out.csv --audit audit/
                                         also: PDF pages with every cell boxed
                                         (audit/index.html)

\b
PATH is a report file, a folder (searched recursively) or a .zip archive of reports.
OUT decides the output:
  .csv / .parquet   the `cells` table (report_id, agency, year, table, row, col,
                    value, raw, page, bbox …) of all inputs
  .json             one nested document per report (sections, tables, checks)
  a directory       (existing, or a path ending in /) cells, reports, sections and
                    checks, each as Parquet and as CSV (UTF-8 with BOM, opens in Excel)

A file that cannot be extracted is reported on stderr in one line and in the
`reports` table (status failed, with the reason); the other files are still
written. A readable document that is not a report is counted apart (not_report).
Exit status: 0 all extracted (or not reports), 1 some failed, 2 usage error,
130 interrupted (run the same command again to resume a directory output).
"""

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _Command(typer.core.TyperCommand):
    """The usage line as users type it (the generic one shows ``{PATH...}...``)."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:
        return ["PATH...", "-o OUT", "[OPTIONS]"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"extract {__version__}")
        raise typer.Exit()


@app.command(help=HELP, no_args_is_help=True, cls=_Command)
def run(
    paths: list[str] = typer.Argument(..., metavar="PATH...", show_default=False, hidden=True,
                                      help="Report files, folders (searched recursively) or .zip archives."),
    out: str = typer.Option(..., "-o", "--out", metavar="OUT", show_default=False,
                            help="Output: .csv, .parquet, .json or a directory."),
    workers: int = typer.Option(os.cpu_count() or 1, "-w", "--workers", metavar="N",
                                help="Parallel worker processes (default: the machine's cores)."),
    timeout: float = typer.Option(120, "--timeout", metavar="SECONDS",
                                  help="Seconds one file may take before it is failed."),
    max_memory: float = typer.Option(3072, "--max-memory", metavar="MB",
                                     help="MB of memory one worker may use before its file is failed."),
    force: bool = typer.Option(False, "--force", help="Directory output: re-extract files already there."),
    csv: bool = typer.Option(True, "--csv/--no-csv",
                             help="Directory output: also write one CSV per table at the end."),
    engine: str = typer.Option("local", "--engine", metavar="local|dask",
                               help="Worker processes on this machine, or a Dask cluster."),
    scheduler: str = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                  help="Dask scheduler address; without it a LocalCluster is started."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress or summary."),
    audit: str = typer.Option(None, "--audit", metavar="DIR", show_default=False,
                              help="Also write audit pictures into this folder: PDF pages with every "
                                   "extracted cell boxed and labelled, the tables as HTML (index.html)."),
    flush_every: int = typer.Option(200, "--flush-every", hidden=True,
                                    help="Directory output: reports per Parquet part."),
    flush_seconds: float = typer.Option(30, "--flush-seconds", hidden=True,
                                        help="Directory output: seconds before buffered reports are written."),
    progress_every: float = typer.Option(10, "--progress-every", hidden=True,
                                         help="Seconds between progress lines when stderr is not a terminal."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    err = Console(stderr=True)
    started = time.monotonic()
    summary = Summary()
    writer = None
    signal.signal(signal.SIGTERM, _terminate)  # stop like Ctrl-C: complete parts kept, workers stopped
    try:
        inputs, target, to_dir = _check_arguments(err, paths, out, engine, workers, timeout, max_memory, audit)
        if engine == "local" and len(inputs.files) > 1:
            start_server()  # workers get ready while the inputs are hashed
        if to_dir:
            from .dataset import DatasetLocked, DatasetWriter

            try:
                writer = DatasetWriter(target, every=flush_every, seconds=flush_seconds, force=force)
            except DatasetLocked as exc:
                _usage_error(err, f"extract: {exc}; wait for it to finish")
        jobs = plan(inputs.files, writer.done() if writer else {}, summary)
        collected: list[Report] = []
        auditor = None
        if audit is not None:
            from .audit import Auditor

            auditor = Auditor(Path(audit), single=len(inputs.files) == 1 and not inputs.failed)
        total = len(jobs) + len(inputs.failed)
        live = not quiet and total > 1 and err.is_terminal
        log = _ProgressLog(err, total, progress_every) if not quiet and total > 1 and not live else None
        with _progress(err, not live) as bar:
            task = bar.add_task(_counts(summary), total=total)

            def sink(report: Report) -> None:
                summary.add(report)
                status, error = report.status, report.meta["error"]
                name = shown(report.meta["source"])
                if status == "failed":
                    _say(bar.console, f"FAILED {name}: {error}")
                elif status == "partial" and not quiet:
                    _say(bar.console, f"partial {name}: {error}")
                elif status == "not_report" and not quiet:
                    _say(bar.console, f"not a report: {name}")
                if auditor:
                    auditor.add(report)
                (writer.add if writer else collected.append)(report)
                bar.update(task, advance=1, description=_counts(summary))

            def tick() -> None:
                if writer:
                    writer.tick()
                if log:
                    log.tick(summary)

            for path, reason in inputs.failed:
                sink(failed_report(path, reason))
            runner.run(jobs, sink, workers=workers, timeout=timeout, max_memory_mb=max_memory,
                       engine=engine, scheduler=scheduler, tick=tick,
                       audit=str(auditor.out) if auditor and not auditor.single else None)
        if writer:
            writer.close()
            outputs = [f"{shown(target / t)}/ (Parquet parts)" for t in ("cells", "reports", "sections", "checks")]
            if csv:
                from .dataset import write_csvs

                outputs += [shown(p) for p in write_csvs(target)]
        else:
            from .outputs import write_outputs

            outputs = [shown(p) for p in write_outputs(collected, target)]
        if auditor:
            outputs.append(f"{shown(auditor.finish())} (audit)")
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the last flush
        if writer:
            writer.close()  # what is complete is kept: the next run resumes from it
        done = summary.reports
        if writer:
            _say(err, f"interrupted: {done} done, run the same command to resume")
        else:
            _say(err, f"interrupted: {done} done, nothing written (run the same command again)")
        raise typer.Exit(128 + _interrupted_by) from None
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if not quiet:
        _say(err, _summary_text(summary, len(inputs.skipped), time.monotonic() - started, outputs))
    raise typer.Exit(1 if summary.status["failed"] else 0)


_interrupted_by = signal.SIGINT


def _terminate(signum: int, frame: object) -> None:
    global _interrupted_by
    _interrupted_by = signal.SIGTERM
    raise KeyboardInterrupt


def _say(console: Console, text: str) -> None:
    """One plain line on stderr: no markup, no wrapping, so it can be grepped."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def _usage_error(err: Console, text: str) -> None:
    _say(err, text)
    raise typer.Exit(2)


def _check_arguments(err: Console, paths: list[str], out: str, engine: str, workers: int, timeout: float,
                     max_memory: float, audit: str | None) -> tuple[Inputs, Path, bool]:
    """The inputs, the output path and whether it is a directory. Whatever would make the run
    fail after the work is done is refused now, in one line, with exit status 2."""
    problems = []
    if engine not in ("local", "dask"):
        problems.append(f"extract: unknown engine '{engine}' (use local or dask)")
    elif engine == "dask":
        import importlib.util

        if importlib.util.find_spec("distributed") is None:
            problems.append("extract: --engine dask needs Dask: pip install 'govinfo-extractor[dask]'")
    if workers < 1:
        problems.append(f"extract: --workers must be 1 or more (got {workers})")
    if not (math.isfinite(timeout) and timeout > 0):
        problems.append(f"extract: --timeout must be a positive number of seconds (got {timeout:g})")
    if not (math.isfinite(max_memory) and max_memory >= 0):
        problems.append(f"extract: --max-memory must be a number of MB, 0 for no limit (got {max_memory:g})")
    if not out.strip():
        problems.append("extract: -o needs a file or folder name (got an empty one)")
    for problem in problems:
        _say(err, problem)
    if problems:
        raise typer.Exit(2)
    inputs = discover(paths)
    if len(inputs.missing) == len(paths):
        _usage_error(err, "\n".join(f"extract: no such file or folder: {shown(p)}" for p in inputs.missing))
    inputs.failed[:0] = [(p, "no such file or folder") for p in inputs.missing]
    if not inputs.files and not inputs.failed:
        _usage_error(err, "extract: no report files found in the given paths")
    target = Path(out)
    to_dir = out.endswith(("/", "\\")) or target.is_dir() or not target.suffix
    if not to_dir and target.suffix.lower() not in (".csv", ".parquet", ".json"):
        _usage_error(err, f"extract: unknown output type '{shown(target.suffix)}' "
                          "(use .csv, .parquet, .json or a directory)")
    given = {os.path.realpath(p) for p in inputs.files if os.path.lexists(p)}
    if os.path.realpath(target) in given:
        _usage_error(err, f"extract: the output {shown(target)} is one of the inputs: choose another -o")
    problem = _unwritable(target, to_dir)
    if problem:
        _usage_error(err, f"extract: cannot write {shown(target)}: {problem}")
    if audit is not None:
        problem = "-o is the same path" if os.path.realpath(audit) == os.path.realpath(target) else \
            _unwritable(Path(audit), folder=True)
        if problem:
            _usage_error(err, f"extract: cannot write the audit into {shown(audit)}: {problem}")
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

    def __init__(self, err: Console, total: int, every: float) -> None:
        self.err, self.total, self.every = err, total, every
        self.start = self.last = time.monotonic()

    def tick(self, summary: Summary) -> None:
        now = time.monotonic()
        if now - self.last < self.every:
            return
        self.last = now
        rate = summary.reports / (now - self.start)
        _say(self.err, f"progress: {summary.reports}/{self.total} files · {_counts(summary)} · "
                       f"{rate:.1f} files/s · {now - self.start:.0f} s")


def _progress(err: Console, disable: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        _RateColumn(), TimeRemainingColumn(), console=err, disable=disable or not err.is_terminal,
        transient=True,
    )


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:.1f} files/s")


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
        app(prog_name="extract")
    except KeyboardInterrupt:  # before the run started: nothing done, nothing written
        print("interrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    sys.exit(main())
