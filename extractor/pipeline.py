"""One report in, the normalized schema out: load → sections → tables → checks.

:func:`extract` never raises for a bad input file: the reason goes into the
report's ``status``/``error`` so a batch can go on.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .agency import describe as describe_agency
from .agency import report_text
from .checks import CheckResult, run_checks
from .errors import ExtractionError
from .facts import Fact, find_facts
from .loaders import load_bytes, sniff
from .metadata import read_metadata
from .names import stored
from .review import describe_missing, missing_cells, review_notes
from .schema import OUTPUTS, SECTIONS, TABLES
from .sections import FoundSection, find_sections, table_context
from .tables import MappedCell, blank_review_table, map_tables
from .textchecks import text_checks

if TYPE_CHECKING:  # pandas is loaded only for the DataFrame views, not to extract
    import pandas as pd

NOT_A_REPORT = "not a government information disclosure annual report (no report sections or tables found)"


@dataclass
class Report:
    """Everything extracted from one input file."""

    meta: dict[str, Any]
    cell_list: list[MappedCell] = field(default_factory=list)
    section_list: list[FoundSection] = field(default_factory=list)
    check_list: list[CheckResult] = field(default_factory=list)
    fact_list: list[Fact] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.meta["status"]

    @property
    def cells(self) -> pd.DataFrame:
        from .outputs import cells_frame

        return cells_frame([self])

    @property
    def sections(self) -> pd.DataFrame:
        from .outputs import sections_frame

        return sections_frame([self])

    @property
    def checks(self) -> pd.DataFrame:
        from .outputs import checks_frame

        return checks_frame([self])

    @property
    def facts(self) -> pd.DataFrame:
        from .outputs import facts_frame

        return facts_frame([self])

    def to_json(self) -> dict[str, Any]:
        """One nested document: metadata, sections, tables (table → row → col), checks and facts."""
        from .outputs import report_json

        return report_json(self)


def _base_meta(source: str, data: bytes | None) -> dict[str, Any]:
    sha = hashlib.sha256(data).hexdigest() if data is not None else None
    meta: dict[str, Any] = dict.fromkeys(c.name for c in OUTPUTS["reports"])
    source = stored(source)  # a name that is not UTF-8 is kept, its odd bytes written \xNN
    meta.update(report_id=sha[:16] if sha else None, source=source, sha256=sha, paths=source,
                extractor_version=__version__, n_cells=0, n_checks_failed=0, needs_review=False)
    return meta


def _missing(found_tables: list[str], sections: list[FoundSection], cells: list[MappedCell],
             template: str) -> list[str]:
    numbers = {s.number for s in sections}
    missing = [f"table {t}" for t in TABLES if t not in found_tables]
    missing += describe_missing(missing_cells(cells, template))
    missing += [f"section {s.number} ({s.key})" for s in SECTIONS if s.number not in numbers]
    return missing


def _ocr_notes(text_layer: str | None, cells: list[MappedCell], checks: list[CheckResult]) -> list[str]:
    """Review notes on values read by OCR (low confidence, blanks, failed checks over them)."""
    if text_layer not in ("ocr", "mixed"):
        return []
    from .ocr_review import ocr_review_notes  # only scans pay for it

    return ocr_review_notes(cells, checks)


def extract_bytes(data: bytes, source: str = "<bytes>") -> Report:
    """Extract a report from the bytes of a file."""
    start = time.perf_counter()
    meta = _base_meta(source, data)
    report = Report(meta)
    try:
        meta["format"] = sniff(data)  # known even when loading fails (a scan, a .doc without LibreOffice)
        doc = load_bytes(data, meta["format"])
        meta.update(format=doc.format, pages=doc.pages, text_layer=doc.text_layer)
        secs = find_sections(doc)
        info = read_metadata(doc, secs, Path(source).stem)
        result = map_tables(table_context(doc, secs), template_hint=info.template_hint)
        blank_review_table(result, next((s.text for s in secs.sections if s.number == 4), ""))
        meta.update(agency=info.agency, year=info.year, year_note=info.year_note, template=result.template,
                    warnings="; ".join(result.problems) or None)
        meta.update(describe_agency(info.agency, report_text(secs.preamble, secs.sections)))
        report.cell_list, report.section_list = result.cells, secs.sections
        report.fact_list = find_facts(secs.sections, info.agency, info.year)
        report.check_list = run_checks(result.cells) + text_checks(report.fact_list, result.cells)
        if not result.found and not secs.sections:  # readable, but not a report: counted apart
            report.cell_list, report.section_list, report.check_list, report.fact_list = [], [], [], []
            meta.update(status="not_report", error=NOT_A_REPORT)
        else:
            notes = review_notes(result.cells, report.check_list, result.template, result.problems,
                                 _ocr_notes(doc.text_layer, result.cells, report.check_list))
            meta.update(review_notes="; ".join(notes) or None, needs_review=bool(notes))
            missing = _missing(result.found, secs.sections, result.cells, result.template)
            meta["status"] = "partial" if missing else "ok"
            meta["error"] = ("not found: " + "; ".join(missing)) if missing else None
    except ExtractionError as exc:
        report.cell_list, report.section_list, report.check_list, report.fact_list = [], [], [], []
        meta.update(status="failed", error=str(exc))
        if exc.pages is not None:
            meta["pages"] = exc.pages
    except Exception as exc:  # a bug or a file no loader foresaw: still one line, batch goes on
        report.cell_list, report.section_list, report.check_list, report.fact_list = [], [], [], []
        detail = " ".join(str(exc).split())[:200]
        meta.update(status="failed", error=f"internal error: {type(exc).__name__}: {detail}")
    meta["n_cells"] = len(report.cell_list)
    meta["n_checks_failed"] = sum(1 for c in report.check_list
                                  if c.status == "fail" and not c.rule.startswith("text."))
    meta["seconds"] = round(time.perf_counter() - start, 4)
    return report


def failed_report(source: str, error: str, data: bytes | None = None) -> Report:
    """A ``failed`` report for a file that could not be extracted at all."""
    report = Report(_base_meta(source, data))
    report.meta.update(status="failed", error=error)
    return report


def extract(path: str | Path) -> Report:
    """Extract one report file; a file that can't be read gives a ``failed`` report."""
    from .discover import read_input

    source = str(path)
    try:
        data = read_input(source)
    except ExtractionError as exc:
        return failed_report(source, str(exc))
    return extract_bytes(data, source)
