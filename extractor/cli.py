"""The ``extract`` command: reports in, a tidy dataset out."""

from __future__ import annotations

import os
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
from .dataset import DatasetWriter, write_csvs
from .discover import Inputs, discover
from .outputs import write_outputs
from .pipeline import Report
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
OUT decides the output:
  .csv / .parquet   the `cells` table (report_id, agency, year, table, row, col,
                    value, raw, page, bbox …) of all inputs
  .json             one nested document per report (sections, tables, checks)
  a directory       (existing, or a path ending in /) cells, reports, sections and
                    checks, each as Parquet and as CSV (UTF-8 with BOM, opens in Excel)

A file that cannot be extracted is reported on stderr in one line and in the
`reports` table (status failed, with the reason); the other files are still
written. Exit status: 0 all extracted, 1 some failed, 2 usage error.
"""

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"extract {__version__}")
        raise typer.Exit()


@app.command(help=HELP, no_args_is_help=True)
def run(
    paths: list[Path] = typer.Argument(..., help="Report files or folders (searched recursively).",
                                       show_default=False),
    out: str = typer.Option(..., "-o", "--out", help="Output: .csv, .parquet, .json or a directory.",
                            show_default=False),
    workers: int = typer.Option(os.cpu_count() or 1, "-w", "--workers",
                                help="Parallel worker processes (default: the machine's cores)."),
    timeout: float = typer.Option(600, "--timeout", help="Seconds one file may take before it is failed (scans: OCR takes 10–30 s a page)."),
    max_memory: float = typer.Option(3072, "--max-memory",
                                     help="MB of memory one worker may use before its file is failed."),
    force: bool = typer.Option(False, "--force", help="Directory output: re-extract files already there."),
    csv: bool = typer.Option(True, "--csv/--no-csv",
                             help="Directory output: also write one CSV per table at the end."),
    engine: str = typer.Option("local", "--engine", help="local (worker processes) or dask."),
    scheduler: str = typer.Option(None, "--scheduler",
                                  help="Dask scheduler address; without it a LocalCluster is started."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bar or summary."),
    audit: Path = typer.Option(None, "--audit", show_default=False,
                               help="Also write audit pictures into this folder: PDF pages with every "
                                    "extracted cell boxed and labelled, the tables as HTML (index.html)."),
    flush_every: int = typer.Option(200, "--flush-every", hidden=True,
                                    help="Directory output: reports per Parquet part."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    err = Console(stderr=True)
    if engine == "local" and (workers > 1 or len(paths) > 1 or any(p.is_dir() for p in paths)):
        start_server()  # workers get ready while the inputs are found and hashed
    inputs, target, to_dir = _check_arguments(err, paths, out, engine)
    started = time.monotonic()
    summary = Summary()
    writer = DatasetWriter(target, every=flush_every, force=force) if to_dir else None
    jobs = plan(inputs.files, writer.done() if writer else set(), summary)
    collected: list[Report] = []
    auditor = None
    if audit is not None:
        from .audit import Auditor

        auditor = Auditor(audit, single=len(inputs.files) == 1)
    with _progress(err, quiet or len(jobs) < 2) as bar:
        task = bar.add_task(_counts(summary), total=len(jobs))

        def sink(report: Report) -> None:
            summary.add(report)
            status, error = report.status, report.meta["error"]
            if status == "failed" or (status == "partial" and not quiet):
                label = "FAILED" if status == "failed" else "partial"
                _say(bar.console, f"{label} {report.meta['source']}: {error}")
            if auditor:
                auditor.add(report)
            (writer.add if writer else collected.append)(report)
            bar.update(task, advance=1, description=_counts(summary))

        runner.run(jobs, sink, workers=workers, timeout=timeout, max_memory_mb=max_memory,
                   engine=engine, scheduler=scheduler)
    if writer:
        writer.flush()
        outputs = [f"{target / t}/ (Parquet parts)" for t in ("cells", "reports", "sections", "checks")]
        outputs += [str(p) for p in (write_csvs(target) if csv else [])]
    else:
        outputs = [str(p) for p in write_outputs(collected, target)]
    if auditor:
        outputs.append(f"{auditor.finish()} (audit)")
    if not quiet:
        _say(err, _summary_text(summary, len(inputs.skipped), time.monotonic() - started, outputs))
    raise typer.Exit(1 if summary.status["failed"] else 0)


def _say(console: Console, text: str) -> None:
    """One plain line on stderr: no markup, no wrapping, so it can be grepped."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def _check_arguments(err: Console, paths: list[Path], out: str, engine: str) -> tuple[Inputs, Path, bool]:
    """The inputs, the output path and whether it is a directory; usage errors exit 2."""
    problems = []
    if engine not in ("local", "dask"):
        problems.append(f"extract: unknown engine '{engine}' (use local or dask)")
    inputs = discover(paths)
    problems += [f"extract: no such file or folder: {path}" for path in inputs.missing]
    if not inputs.missing and not inputs.files:
        problems.append("extract: no report files found in the given paths")
    target = Path(out)
    to_dir = out.endswith(("/", "\\")) or target.is_dir() or not target.suffix
    if not to_dir and target.suffix.lower() not in (".csv", ".parquet", ".json"):
        problems.append(f"extract: unknown output type '{target.suffix}' "
                        "(use .csv, .parquet, .json or a directory)")
    for problem in problems:
        _say(err, problem)
    if problems:
        raise typer.Exit(2)
    return inputs, target, to_dir


def _counts(summary: Summary) -> str:
    s = summary.status
    return f"ok {s['ok']} · partial {s['partial']} · failed {s['failed']}"


def _progress(err: Console, disable: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        _RateColumn(), TimeRemainingColumn(), console=err, disable=disable or not err.is_terminal,
        transient=True,
    )


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:.1f} files/s")


def _summary_text(summary: Summary, skipped: int, seconds: float, outputs: list[str]) -> str:
    s = summary.status
    rate = summary.reports / seconds if seconds else 0.0
    lines = [f"{summary.reports} reports in {seconds:.1f} s ({rate:.1f}/s): "
             f"{s['ok']} ok, {s['partial']} partial, {s['failed']} failed"]
    extra = []
    if summary.already_done:
        extra.append(f"{summary.already_done} already in the dataset (skipped)")
    if summary.duplicates:
        extra.append(f"{summary.duplicates} duplicate files (same content, extracted once)")
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
    app(prog_name="extract")


if __name__ == "__main__":
    sys.exit(main())
