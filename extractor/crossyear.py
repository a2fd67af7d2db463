"""Cross-year checks over a dataset directory: does this year's report follow on from last year's?

For the same agency in consecutive years *t−1* and *t*:

* ``crossyear.carried_over`` (one per applicant column, both templates — the
  applications table is the same in 2019 and 2021): this year's 二、上年结转
  (``applications.carried_over``) equals last year's 四、结转下年度继续办理
  (``applications.carried_forward``).
* ``crossyear.in_force`` (rows ``regulations`` and ``normative_documents``): the
  stock-flow of the 2021 template, 现行有效件数(t) = 现行有效件数(t−1) + 本年制发件数(t)
  − 本年废止件数(t). Only when both reports follow the 2021 template; a pair across
  the template change is ``not_assessable`` (the 2019 table counts different things),
  never mixed. Documents that lapse without being repealed make this fail in real
  reports: a failure is data about the reports, with expected and actual.

A blank cell makes a check ``not_assessable``; an agency with no report for *t−1* in
the dataset (a gap year) is not evaluated. The same agency is the same place
(``region_code``) and the same name after its place names, so 彭阳县司法局 and
宁夏彭阳县司法局 pair; without a region the name must match exactly. When the dataset
holds several reports for one agency and year, the one with status ok (then most
cells) is used.

``extract-crossyear DATASET_DIR`` (or ``python -m extractor.crossyear DATASET_DIR``)
reads ``DATASET_DIR/reports/``, ``cells/`` and ``sections/`` and writes
``DATASET_DIR/crossyear_checks.parquet`` and ``.csv``, and the year-over-year text
reuse of sections 一 and 五 (:mod:`extractor.reuse`) as ``text_reuse.parquet`` and ``.csv``
(one row per agency, year and section).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .schema import APPLICANT_COLUMNS, OUTPUTS

RULES = ("crossyear.carried_over", "crossyear.in_force")
OUTPUT_NAME = "crossyear_checks"
REUSE_NAME = "text_reuse"
_STOCK_ROWS = ("regulations", "normative_documents")
_ROWS = ("carried_over", "carried_forward", *_STOCK_ROWS)
_STATUS_RANK = {"ok": 0, "partial": 1}


@dataclass
class _Report:
    report_id: str
    agency: str | None
    region_code: str | None
    year: int
    template: str | None
    values: dict[tuple[str, str, str], float]

    def get(self, table: str, row: str, col: str) -> float | None:
        value = self.values.get((table, row, col))
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _read(out: Path, table: str, columns: list[str], filters: Any = None) -> pd.DataFrame:
    import pyarrow.dataset as ds

    parts = out / table
    if parts.is_dir():
        source = sorted(str(p) for p in parts.glob("part-*.parquet"))
    else:
        source = [str(out / f"{table}.parquet")] if (out / f"{table}.parquet").exists() else []
    if not source:
        return pd.DataFrame(columns=columns)
    dataset = ds.dataset(source, format="parquet")
    present = [c for c in columns if c in dataset.schema.names]
    frame = dataset.to_table(columns=present, filter=filters).to_pandas()
    for c in columns:
        if c not in frame.columns:
            frame[c] = None
    return frame[columns]


def agency_key(agency: str | None, region_code: str | None) -> tuple[str, str]:
    """Same agency across years: its region and its name after the place names."""
    name = "".join((agency or "").split())
    if region_code is None or (isinstance(region_code, float) and math.isnan(region_code)):
        return "", name
    from .region import parse_name

    parsed = parse_name(name)
    return str(region_code), parsed.prefix + parsed.remainder if parsed.tokens else name


def load_reports(out: Path) -> list[_Report]:
    """One report per agency and year (ok first, then most cells), with the cells the rules need."""
    import pyarrow.compute as pc

    reports = _read(out, "reports", ["report_id", "agency", "region_code", "year", "template", "status",
                                     "n_cells"])
    reports = reports[reports["year"].notna() & reports["agency"].notna() & (reports["status"] != "failed")]
    if reports.empty:
        return []
    reports = reports.assign(
        _key=[agency_key(a, r) for a, r in zip(reports["agency"], reports["region_code"])],
        _rank=reports["status"].map(_STATUS_RANK).fillna(9),
    ).sort_values(["_rank", "n_cells", "report_id"], ascending=[True, False, True])
    chosen = reports.drop_duplicates(subset=["_key", "year"], keep="first")
    ids = [str(x) for x in chosen["report_id"]]
    filters = (pc.field("report_id").isin(ids) & pc.field("row").isin(list(_ROWS))
               & pc.field("table").isin(["applications", "active_disclosure"]))
    cells = _read(out, "cells", ["report_id", "table", "row", "col", "value"], filters)
    values: dict[str, dict[tuple[str, str, str], float]] = {}
    for rid, table, row, col, value in cells.itertuples(index=False, name=None):
        values.setdefault(str(rid), {})[(table, row, col)] = None if pd.isna(value) else float(value)
    out_list = []
    for rec in chosen.itertuples(index=False):
        region = None if pd.isna(rec.region_code) else str(rec.region_code)
        template = None if pd.isna(rec.template) else str(rec.template)
        out_list.append(_Report(str(rec.report_id), rec.agency, region, int(rec.year), template,
                                values.get(str(rec.report_id), {})))
    return out_list


def _status(expected: float | None, actual: float | None) -> str:
    if expected is None or actual is None:
        return "not_assessable"
    return "pass" if abs(expected - actual) < 1e-9 else "fail"


def _pair_rows(cur: _Report, prev: _Report) -> list[dict[str, Any]]:
    base = {"agency": cur.agency, "region_code": cur.region_code, "year": cur.year, "prev_year": prev.year,
            "report_id": cur.report_id, "prev_report_id": prev.report_id}
    rows = []
    for col in (c.key for c in APPLICANT_COLUMNS):
        expected = prev.get("applications", "carried_forward", col)
        actual = cur.get("applications", "carried_over", col)
        status = _status(expected, actual)
        rows.append({**base, "rule": "crossyear.carried_over", "target": col, "expected": expected,
                     "actual": actual, "status": status,
                     "note": "blank or missing cell" if status == "not_assessable" else None})
    same_template = cur.template == prev.template == "2021"
    for row in _STOCK_ROWS:
        if not same_template:
            rows.append({**base, "rule": "crossyear.in_force", "target": row, "expected": None,
                         "actual": None, "status": "not_assessable",
                         "note": f"templates {prev.template or 'unknown'} → {cur.template or 'unknown'}: "
                                 "现行有效件数 is a 2021-template figure"})
            continue
        parts = (prev.get("active_disclosure", row, "in_force"), cur.get("active_disclosure", row, "issued"),
                 cur.get("active_disclosure", row, "repealed"))
        expected = None if any(p is None for p in parts) else parts[0] + parts[1] - parts[2]
        actual = cur.get("active_disclosure", row, "in_force")
        status = _status(expected, actual)
        rows.append({**base, "rule": "crossyear.in_force", "target": row, "expected": expected,
                     "actual": actual, "status": status,
                     "note": "blank or missing cell" if status == "not_assessable" else None})
    return rows


def crossyear_frame(reports: list[_Report]) -> pd.DataFrame:
    """The cross-year checks of every agency with reports for consecutive years."""
    rows: list[dict[str, Any]] = [row for cur, prev in _pairs(reports) for row in _pair_rows(cur, prev)]
    columns = OUTPUTS[OUTPUT_NAME]
    df = pd.DataFrame(rows, columns=[c.name for c in columns])
    return df.astype({c.name: c.dtype for c in columns})


def _pairs(reports: list[_Report]) -> list[tuple[_Report, _Report]]:
    """(this year, last year) for every agency with reports for consecutive years."""
    by_agency: dict[tuple[str, str], dict[int, _Report]] = {}
    for rep in reports:
        by_agency.setdefault(agency_key(rep.agency, rep.region_code), {})[rep.year] = rep
    pairs = []
    for key in sorted(by_agency):
        years = by_agency[key]
        pairs += [(years[y], years[y - 1]) for y in sorted(years) if y - 1 in years]
    return pairs


def reuse_frame(out: Path, reports: list[_Report]) -> pd.DataFrame:
    """Text reuse of sections 1 and 5 for every consecutive-year pair (see :mod:`extractor.reuse`)."""
    import pyarrow.compute as pc

    from .reuse import compare

    pairs = _pairs(reports)
    ids = sorted({r.report_id for pair in pairs for r in pair})
    texts: dict[tuple[str, int], str] = {}
    if ids:
        filters = pc.field("report_id").isin(ids) & pc.field("section").isin([1, 5])
        frame = _read(out, "sections", ["report_id", "section", "text"], filters)
        for rid, section, text in frame.itertuples(index=False, name=None):
            texts[(str(rid), int(section))] = "" if text is None or pd.isna(text) else str(text)
    rows = []
    for cur, prev in pairs:
        base = {"agency": cur.agency, "region_code": cur.region_code, "year": cur.year, "prev_year": prev.year,
                "report_id": cur.report_id, "prev_report_id": prev.report_id}
        for section in (1, 5):
            now, before = texts.get((cur.report_id, section)), texts.get((prev.report_id, section))
            if now is not None and before is not None:
                rows.append({**base, **compare(section, now, before)})
    columns = OUTPUTS[REUSE_NAME]
    df = pd.DataFrame(rows, columns=[c.name for c in columns])
    return df.astype({c.name: c.dtype for c in columns})


def run_crossyear(out: str | Path) -> tuple[pd.DataFrame, list[Path]]:
    """Evaluate the cross-year rules and the text reuse over the dataset at ``out``; write them there."""
    from .outputs import write_csv, write_parquet

    out = Path(out)
    reports = load_reports(out)
    df = crossyear_frame(reports)
    targets = [out / f"{OUTPUT_NAME}.parquet", out / f"{OUTPUT_NAME}.csv"]
    write_parquet(df, targets[0], OUTPUT_NAME)
    write_csv(df, targets[1])
    reuse = reuse_frame(out, reports)
    targets += [out / f"{REUSE_NAME}.parquet", out / f"{REUSE_NAME}.csv"]
    write_parquet(reuse, targets[2], REUSE_NAME)
    write_csv(reuse, targets[3])
    return df, targets


def summary(df: pd.DataFrame) -> str:
    pairs = df[["report_id", "prev_report_id"]].drop_duplicates().shape[0] if len(df) else 0
    lines = [f"{pairs} agency-year pairs with the previous year in the dataset"]
    for rule in RULES:
        counts = df[df["rule"] == rule]["status"].value_counts()
        lines.append(f"  {rule}: " + ", ".join(f"{counts.get(s, 0)} {s}"
                                               for s in ("pass", "fail", "not_assessable")))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``extract-crossyear DATASET_DIR``: exit 0 when written, 2 when there is no dataset."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(
        prog="extract-crossyear",
        description="Cross-year checks over a dataset written by `extract … -o DATASET_DIR/`: "
                    "上年结转 (t) = 结转下年度 (t−1) per column, and for the 2021 template "
                    "现行有效件数 (t) = 现行有效件数 (t−1) + 本年制发件数 (t) − 本年废止件数 (t). "
                    "Writes DATASET_DIR/crossyear_checks.parquet and .csv, and the text reuse of "
                    "sections 一 and 五 against last year's report as text_reuse.parquet and .csv.")
    parser.add_argument("dataset", type=Path, help="a dataset directory (with reports/ and cells/)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary")
    args = parser.parse_args(argv)
    has_reports = (args.dataset / "reports").is_dir() or (args.dataset / "reports.parquet").exists()
    if not has_reports:
        print(f"extract-crossyear: not a dataset directory (no reports/): {args.dataset}", file=sys.stderr)
        return 2
    df, written = run_crossyear(args.dataset)
    if not args.quiet:
        print(summary(df) + "\n  outputs: " + ", ".join(str(p) for p in written), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
