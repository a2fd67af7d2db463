"""The ``extract`` command: reports in, a tidy dataset out."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from . import __version__
from .discover import discover
from .outputs import write_outputs
from .pipeline import Report, extract

HELP = """Extract 政府信息公开工作年度报告 (government information disclosure annual
reports: PDF, Word, HTML or text) into one tidy dataset.

\b
Examples:
  extract report.pdf -o out.csv          every number of one report, one row each
  extract reports/ -o dataset/           a folder → cells, reports, sections, checks
                                         (each as .parquet and .csv)
  extract a.docx b.html -o out.json      one nested JSON document per report
  extract reports/ -o cells.parquet      the cells table as Parquet

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
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bar or summary."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    err = Console(stderr=True)
    inputs = discover(paths)
    for path in inputs.missing:
        err.print(f"extract: no such file or folder: {path}", markup=False, highlight=False, soft_wrap=True)
    if inputs.missing:
        raise typer.Exit(2)
    if not inputs.files:
        err.print("extract: no report files found in the given paths", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    target = Path(out)
    if out.endswith(("/", "\\")) or target.is_dir() or not target.suffix:
        target.mkdir(parents=True, exist_ok=True)
    elif target.suffix.lower() not in (".csv", ".parquet", ".json"):
        err.print(f"extract: unknown output type '{target.suffix}' (use .csv, .parquet, .json or a directory)",
                  markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2)

    reports = _extract_all(inputs.files, err, quiet)
    written = write_outputs(reports, target)
    failed = [r for r in reports if r.status == "failed"]
    if not quiet:
        counts = {s: sum(1 for r in reports if r.status == s) for s in ("ok", "partial", "failed")}
        skipped = f", {len(inputs.skipped)} non-report files skipped" if inputs.skipped else ""
        err.print(
            f"{len(reports)} reports: {counts['ok']} ok, {counts['partial']} partial, "
            f"{counts['failed']} failed{skipped} → {target if len(written) == 1 else str(target) + '/'}",
            markup=False, highlight=False, soft_wrap=True,
        )
    raise typer.Exit(1 if failed else 0)


def _extract_all(files: list[Path], err: Console, quiet: bool) -> list[Report]:
    reports: list[Report] = []
    show = not quiet and len(files) > 1 and err.is_terminal
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err, disable=not show, transient=True) as bar:
        task = bar.add_task("extracting", total=len(files))
        for path in files:
            rep = extract(path)
            if rep.status == "failed":
                bar.console.print(f"FAILED {path}: {rep.meta['error']}", markup=False, highlight=False, soft_wrap=True)
            elif rep.status == "partial" and not quiet:
                bar.console.print(f"partial {path}: {rep.meta['error']}", markup=False, highlight=False, soft_wrap=True)
            reports.append(rep)
            bar.advance(task)
    return reports


def main() -> None:
    """Console-script entry point."""
    app(prog_name="extract")


if __name__ == "__main__":
    sys.exit(main())
