"""Where a file came from: its row in a ``downloads`` table in a folder above it.

``extract`` calls :func:`lookup` for every report it extracts, so a folder written by
``extract-collect`` gives the ``reports`` rows their ``url`` and ``fetched_at``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .table import TABLE, read_table

_tables: dict[Path, tuple[int, dict[str, dict[str, str]]]] = {}
_lock = threading.Lock()


def _by_sha(directory: Path) -> dict[str, dict[str, str]]:
    """SHA-256 → url, fetched_at of the files saved in ``directory``'s downloads table (cached)."""
    table = next((p for p in (directory / f"{TABLE}.parquet", directory / f"{TABLE}.csv") if p.is_file()), None)
    if table is None:
        return {}
    stamp = table.stat().st_mtime_ns
    with _lock:
        cached = _tables.get(directory)
    if cached and cached[0] == stamp:
        return cached[1]
    found: dict[str, dict[str, str]] = {}
    for row in read_table(directory):
        if row["status"] == "ok" and row["sha256"]:
            found.setdefault(row["sha256"], {"url": row["url"], "fetched_at": row["fetched_at"]})
    with _lock:
        _tables[directory] = (stamp, found)
    return found


def lookup(paths: list[str], sha256: str | None) -> dict[str, str]:
    """``url`` and ``fetched_at`` of the file with ``sha256`` at one of ``paths``; {} when unknown."""
    if not sha256:
        return {}
    for path in paths:
        for directory in Path(path).resolve().parents:
            found = _by_sha(directory).get(sha256)
            if found:
                return found
    return {}
