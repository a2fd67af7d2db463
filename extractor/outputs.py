"""The outputs (cells, reports, sections, checks, facts) as DataFrames with fixed dtypes, and their writers.

Every writer writes to a temporary file beside the target and renames it into
place, so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import csv
import json
import math
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .schema import OUTPUTS, SECTIONS, TABLES

if TYPE_CHECKING:  # pandas loads when a frame is built: a batch writes Parquet from columns
    import pandas as pd

    from .pipeline import Report

_ARROW_TYPES = {"string": "string", "Int64": "int64", "float64": "float64", "boolean": "bool_"}


Columns = dict[str, list[Any]]


def _frame(columns: Columns, table: str) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns).astype({c.name: c.dtype for c in OUTPUTS[table]})


def _bbox(bbox: tuple[float, float, float, float] | None) -> str | None:
    return ",".join(f"{v:.1f}" for v in bbox) if bbox else None


def _empty(table: str) -> Columns:
    return {c.name: [] for c in OUTPUTS[table]}


def cells_columns(reports: Iterable[Report]) -> Columns:
    """The tidy long table, column by column: one row per extracted value."""
    out = _empty("cells")
    per_report = ("report_id", "source", "agency", "year", "template", "region_code")
    for rep in reports:
        cells = rep.cell_list
        for name in per_report:
            out[name] += [rep.meta.get(name)] * len(cells)
        out["table"] += [c.table for c in cells]
        out["row"] += [c.row for c in cells]
        out["col"] += [c.col for c in cells]
        out["value"] += [c.value for c in cells]
        out["derived"] += [c.derived for c in cells]
        out["raw"] += [c.raw for c in cells]
        out["page"] += [c.page for c in cells]
        out["bbox"] += [_bbox(c.bbox) for c in cells]
        out["placed_by"] += [c.placed_by for c in cells]
        out["ocr_confidence"] += [c.ocr_confidence for c in cells]
    return out


def reports_columns(reports: Iterable[Report]) -> Columns:
    """One row per input file, whatever its status."""
    out = _empty("reports")
    for rep in reports:
        for name, values in out.items():
            values.append(rep.meta.get(name))
    return out


def _from_rows(table: str, rows: Iterable[tuple]) -> Columns:
    """Columns of ``table`` from row tuples in its declared column order."""
    out = _empty(table)
    lists = list(out.values())
    for row in rows:
        for values, value in zip(lists, row, strict=True):
            values.append(value)
    return out


def sections_columns(reports: Iterable[Report]) -> Columns:
    return _from_rows("sections", ((rep.meta["report_id"], s.number, s.key, s.heading, s.text)
                                   for rep in reports for s in rep.section_list))


def checks_columns(reports: Iterable[Report]) -> Columns:
    return _from_rows("checks", ((rep.meta["report_id"], c.rule, c.target, c.expected, c.actual, c.status,
                                  c.note) for rep in reports for c in rep.check_list))


def facts_columns(reports: Iterable[Report]) -> Columns:
    return _from_rows("facts", ((rep.meta["report_id"], f.section, f.key, f.value, f.unit, f.scope, f.approx,
                                 f.sentence, f.start, f.end) for rep in reports for f in rep.fact_list))


COLUMNS = {"cells": cells_columns, "reports": reports_columns, "sections": sections_columns,
           "checks": checks_columns, "facts": facts_columns}


def cells_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """The tidy long table: one row per extracted value."""
    return _frame(cells_columns(reports), "cells")


def reports_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """One row per input file, whatever its status."""
    return _frame(reports_columns(reports), "reports")


def sections_frame(reports: Iterable[Report]) -> pd.DataFrame:
    return _frame(sections_columns(reports), "sections")


def checks_frame(reports: Iterable[Report]) -> pd.DataFrame:
    return _frame(checks_columns(reports), "checks")


def facts_frame(reports: Iterable[Report]) -> pd.DataFrame:
    return _frame(facts_columns(reports), "facts")


FRAMES = {"cells": cells_frame, "reports": reports_frame, "sections": sections_frame, "checks": checks_frame,
          "facts": facts_frame}


def _number(value: float | None) -> int | float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value) if float(value).is_integer() else value


def report_json(rep: Report) -> dict[str, Any]:
    """One nested document per report (the ``.json`` output)."""
    tables: dict[str, Any] = {t: {} for t in TABLES}
    for c in rep.cell_list:
        entry: dict[str, Any] = {"value": _number(c.value), "raw": c.raw, "placed_by": c.placed_by}
        if c.derived:
            entry["derived"] = True
        if c.ocr_confidence is not None:
            entry["ocr_confidence"] = c.ocr_confidence
        if c.page is not None:
            entry.update(page=c.page, bbox=list(c.bbox) if c.bbox else None)
        tables[c.table].setdefault(c.row, {})[c.col] = entry
    return {
        "meta": dict(rep.meta),
        "sections": [
            {"section": s.number, "key": s.key, "heading": s.heading, "text": s.text}
            for s in rep.section_list
        ],
        "tables": tables,
        "checks": [
            {"rule": c.rule, "target": c.target, "expected": _number(c.expected),
             "actual": _number(c.actual), "status": c.status, **({"note": c.note} if c.note else {})}
            for c in rep.check_list
        ],
        "facts": [
            {"section": f.section, "key": f.key, "value": _number(f.value), "unit": f.unit, "scope": f.scope,
             "approx": f.approx, "sentence": f.sentence, "start": f.start, "end": f.end}
            for f in rep.fact_list
        ],
    }


# -- writers -------------------------------------------------------------------

def atomic_path(target: Path):
    """A new empty temporary file beside ``target``, with the permissions the umask gives a
    new file (not mkstemp's 0600); call ``os.replace(tmp, target)`` when done."""
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = target.parent / f".{target.name}.{uuid.uuid4().hex[:10]}.tmp"
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return tmp
        except FileExistsError:
            continue


def _atomic_write(target: Path, write) -> None:
    tmp = atomic_path(target)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    out = df.copy()
    for name in out.columns:
        if name in ("value", "expected", "actual"):
            out[name] = [
                "" if pd.isna(v) else (str(int(v)) if float(v).is_integer() else repr(float(v)))
                for v in out[name]
            ]
        elif str(out[name].dtype) == "boolean":
            out[name] = out[name].map({True: "true", False: "false"}).astype("string")
    return out


def write_csv(df: pd.DataFrame, target: Path) -> None:
    """CSV in UTF-8 with a BOM (so Excel shows Chinese); integers without '.0'."""
    _atomic_write(target, lambda tmp: _csv_ready(df).to_csv(tmp, index=False, encoding="utf-8-sig"))


def _csv_field(value: Any, dtype: str, name: str) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if dtype == "boolean":
        return "true" if value else "false"
    if dtype == "Int64" or name in ("value", "expected", "actual") and float(value).is_integer():
        return str(int(value))
    if dtype == "float64":
        return repr(float(value))
    return value


def write_csv_columns(columns: Columns, target: Path, table: str) -> None:
    """The same CSV as :func:`write_csv`, byte for byte, from columns (no pandas to load)."""
    declared = [(c.name, c.dtype) for c in OUTPUTS[table]]

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh, lineterminator="\n")
            out.writerow(name for name, _ in declared)
            lists = [columns[name] for name, _ in declared]
            for row in zip(*lists):
                out.writerow(_csv_field(v, dtype, name) for v, (name, dtype) in zip(row, declared))

    _atomic_write(target, write)


def arrow_schema(table: str):
    """The declared pyarrow schema of one output."""
    import pyarrow as pa

    return pa.schema([(c.name, getattr(pa, _ARROW_TYPES[c.dtype])()) for c in OUTPUTS[table]])


def write_parquet(data: pd.DataFrame | Columns, target: Path, table: str) -> None:
    """One output as Parquet with its declared schema, from a frame or from columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(table)
    if isinstance(data, dict):
        arrow = pa.Table.from_pydict(data, schema=schema)
    else:
        arrow = pa.Table.from_pandas(data, schema=schema, preserve_index=False)
    _atomic_write(target, lambda tmp: pq.write_table(arrow, tmp))


def write_json(reports: list[Report], target: Path) -> None:
    """A JSON array with one nested document per report."""
    docs = [report_json(r) for r in reports]
    text = json.dumps(docs, ensure_ascii=False, indent=1)
    _atomic_write(target, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"))


def write_outputs(reports: list[Report], out: Path) -> list[Path]:
    """Write to ``out`` according to its form: .csv/.parquet (cells), .json, or a directory."""
    suffix = out.suffix.lower()
    if suffix == ".csv":
        write_csv_columns(cells_columns(reports), out, "cells")
        return [out]
    if suffix == ".parquet":
        write_parquet(cells_columns(reports), out, "cells")
        return [out]
    if suffix == ".json":
        write_json(reports, out)
        return [out]
    written = []
    for name, build in FRAMES.items():
        df = build(reports)
        write_parquet(df, out / f"{name}.parquet", name)
        write_csv(df, out / f"{name}.csv")
        written += [out / f"{name}.parquet", out / f"{name}.csv"]
    return written


SECTION_KEYS = [s.key for s in SECTIONS]
