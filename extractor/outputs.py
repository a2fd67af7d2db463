"""The four outputs as DataFrames with fixed dtypes, and their writers.

Every writer writes to a temporary file beside the target and renames it into
place, so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .schema import OUTPUTS, SECTIONS, TABLES, OutputColumn

if TYPE_CHECKING:
    from .pipeline import Report

_ARROW_TYPES = {"string": "string", "Int64": "int64", "float64": "float64", "boolean": "bool_"}


def _frame(rows: list[dict[str, Any]], columns: tuple[OutputColumn, ...]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=[c.name for c in columns])
    return df.astype({c.name: c.dtype for c in columns})


def _bbox(bbox: tuple[float, float, float, float] | None) -> str | None:
    return ",".join(f"{v:.1f}" for v in bbox) if bbox else None


def cells_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """The tidy long table: one row per extracted value."""
    rows = []
    for rep in reports:
        m = rep.meta
        for c in rep.cell_list:
            rows.append({
                "report_id": m["report_id"], "source": m["source"], "agency": m["agency"],
                "year": m["year"], "template": m["template"], "table": c.table, "row": c.row,
                "col": c.col, "value": c.value, "derived": c.derived, "raw": c.raw,
                "page": c.page, "bbox": _bbox(c.bbox), "region_code": m.get("region_code"),
            })
    return _frame(rows, OUTPUTS["cells"])


def reports_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """One row per input file, whatever its status."""
    names = [c.name for c in OUTPUTS["reports"]]
    return _frame([{k: rep.meta.get(k) for k in names} for rep in reports], OUTPUTS["reports"])


def sections_frame(reports: Iterable[Report]) -> pd.DataFrame:
    rows = [
        {"report_id": rep.meta["report_id"], "section": s.number, "key": s.key,
         "heading": s.heading, "text": s.text}
        for rep in reports for s in rep.section_list
    ]
    return _frame(rows, OUTPUTS["sections"])


def checks_frame(reports: Iterable[Report]) -> pd.DataFrame:
    rows = [
        {"report_id": rep.meta["report_id"], "rule": c.rule, "target": c.target,
         "expected": c.expected, "actual": c.actual, "status": c.status}
        for rep in reports for c in rep.check_list
    ]
    return _frame(rows, OUTPUTS["checks"])


FRAMES = {"cells": cells_frame, "reports": reports_frame, "sections": sections_frame, "checks": checks_frame}


def _number(value: float | None) -> int | float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value) if float(value).is_integer() else value


def report_json(rep: Report) -> dict[str, Any]:
    """One nested document per report (the ``.json`` output)."""
    tables: dict[str, Any] = {t: {} for t in TABLES}
    for c in rep.cell_list:
        entry: dict[str, Any] = {"value": _number(c.value), "raw": c.raw}
        if c.derived:
            entry["derived"] = True
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
             "actual": _number(c.actual), "status": c.status}
            for c in rep.check_list
        ],
    }


# -- writers -------------------------------------------------------------------

def atomic_path(target: Path):
    """A temporary path beside ``target``; call ``os.replace(tmp, target)`` when done."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(tmp)


def _atomic_write(target: Path, write) -> None:
    tmp = atomic_path(target)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
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


def arrow_schema(table: str):
    """The declared pyarrow schema of one output."""
    import pyarrow as pa

    return pa.schema([(c.name, getattr(pa, _ARROW_TYPES[c.dtype])()) for c in OUTPUTS[table]])


def write_parquet(df: pd.DataFrame, target: Path, table: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pa.Table.from_pandas(df, schema=arrow_schema(table), preserve_index=False)
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
        write_csv(cells_frame(reports), out)
        return [out]
    if suffix == ".parquet":
        write_parquet(cells_frame(reports), out, "cells")
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
