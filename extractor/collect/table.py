"""The ``downloads`` table on disk: read back for resume and provenance, written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..schema import OUTPUTS

TABLE = "downloads"
COLUMNS = tuple(c.name for c in OUTPUTS[TABLE])


def write_table(out: Path, rows: list[dict[str, Any]]) -> list[Path]:
    """``out/downloads.parquet`` and ``downloads.csv`` (each to a temporary name, then renamed)."""
    import pandas as pd

    from ..outputs import write_csv, write_parquet

    frame = pd.DataFrame({c: [r[c] for r in rows] for c in COLUMNS})
    frame = frame.astype({c.name: c.dtype for c in OUTPUTS[TABLE]})
    targets = [out / f"{TABLE}.parquet", out / f"{TABLE}.csv"]
    write_parquet(frame, targets[0], TABLE)
    write_csv(frame, targets[1])
    return targets


def read_table(out: Path) -> list[dict[str, Any]]:
    """The rows of ``out``'s downloads table (Parquet, else CSV); none when there is none."""
    import pandas as pd

    parquet, csv = out / f"{TABLE}.parquet", out / f"{TABLE}.csv"
    if parquet.is_file():
        frame = pd.read_parquet(parquet)
    elif csv.is_file():
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False, encoding="utf-8-sig").replace("", None)
    else:
        return []
    rows = []
    for record in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        row = dict.fromkeys(COLUMNS) | {k: v for k, v in record.items() if k in COLUMNS}
        if row["http_status"] is not None:
            row["http_status"] = int(row["http_status"])
        rows.append(row)
    return rows
