"""The downloads directory: saved files, the ``downloads`` table, and an optional shared cache.

Layout: ``DOWNLOADS/<host>/<sha256[:16]><suffix>`` for every file kept (named by
content, so the same file is saved once), ``DOWNLOADS/downloads.parquet`` and
``downloads.csv`` (one row per URL), ``DOWNLOADS/.partial/`` for bodies being
downloaded (moved into place by a rename). The cache (``--cache DIR``) keeps every
fetched body by SHA-256 and every URL's response, for runs into other directories.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .table import COLUMNS, read_table, write_table

if TYPE_CHECKING:
    from .fetch import Fetched

RETRIED = ("timeout", "http_error", "connection_error")  # failures tried again on a re-run, by default


class Store:
    """The rows of the downloads table and the files they name; safe to share between threads."""

    def __init__(self, out: Path, cache: Path | None = None, retried: tuple[str, ...] = RETRIED) -> None:
        self.out = out
        self.retried = retried
        self.temp = out / ".partial"
        out.mkdir(parents=True, exist_ok=True)
        for leftover in self.temp.glob("*.tmp"):  # bodies a killed run was downloading
            leftover.unlink(missing_ok=True)
        self.cache = cache
        self.lock = threading.Lock()
        self.rows: dict[str, dict[str, Any]] = {row["url"]: row for row in read_table(out)}
        self.by_sha: dict[str, str] = {}
        for row in self.rows.values():
            if row["status"] == "ok" and row["sha256"] and self.has_file(row):
                self.by_sha.setdefault(row["sha256"], row["path"])
        self.added = 0

    def has_file(self, row: dict[str, Any]) -> bool:
        return bool(row.get("path")) and (self.out / row["path"]).is_file()

    def previous(self, url: str) -> dict[str, Any] | None:
        """The row of an earlier run that settles ``url`` (a failure, or a lost file, does not)."""
        row = self.rows.get(url)
        if row is None or row["status"] in self.retried:
            return None
        if row["status"] in ("ok", "duplicate") and not self.has_file(row):
            return None
        return row

    def children(self, url: str) -> list[dict[str, Any]]:
        return [row for row in self.rows.values() if row["parent_url"] == url]

    def record(self, row: dict[str, Any]) -> dict[str, Any]:
        full = dict.fromkeys(COLUMNS) | row
        with self.lock:
            self.rows[full["url"]] = full
            self.added += 1
        return full

    def keep(self, got: Fetched, suffix: str) -> tuple[str, str]:
        """Move a fetched body into place: (status, path) — ``duplicate`` when already saved."""
        assert got.body is not None and got.sha256 is not None
        with self.lock:
            existing = self.by_sha.get(got.sha256)
            if existing and (self.out / existing).is_file():
                got.discard()
                return "duplicate", existing
            host = (got.final_url or got.url).split("/")[2].lower().replace(":", "_")
            relative = f"{host}/{got.sha256[:16]}{suffix}"
            (self.out / host).mkdir(exist_ok=True)
            os.replace(got.body, self.out / relative)
            got.body = None
            self.by_sha[got.sha256] = relative
            return "ok", relative

    def temp_fetched(self, url: str, final_url: str, data: bytes) -> Fetched:
        """``data`` (a file unpacked from an archive) as if fetched from ``url``, ready for :meth:`keep`."""
        from .fetch import Fetched

        self.temp.mkdir(exist_ok=True)
        tmp = self.temp / f"{uuid.uuid4().hex}.tmp"
        with open(tmp, "xb") as fh:
            fh.write(data)
        return Fetched(url, "ok", final_url=final_url, body=tmp, sha256=hashlib.sha256(data).hexdigest())

    def tidy(self) -> None:
        """Remove the temporary folder when nothing is left in it."""
        with contextlib.suppress(OSError):
            self.temp.rmdir()

    def save(self) -> list[Path]:
        """Write the table as Parquet and CSV (each to a temporary name, then renamed)."""
        with self.lock:
            rows = list(self.rows.values())
        return write_table(self.out, rows)

    # -- the shared cache ------------------------------------------------------

    def _cache_entry(self, url: str) -> Path:
        assert self.cache is not None
        return self.cache / "urls" / f"{hashlib.sha256(url.encode()).hexdigest()[:32]}.json"

    def from_cache(self, url: str) -> Fetched | None:
        """A successful response for ``url`` fetched by any run sharing the cache."""
        if self.cache is None:
            return None
        try:
            entry = json.loads(self._cache_entry(url).read_text(encoding="utf-8"))
            blob = self.cache / "blobs" / entry["sha256"]
            self.temp.mkdir(exist_ok=True)
            tmp = self.temp / f"{entry['sha256']}.{threading.get_ident()}.tmp"
            shutil.copyfile(blob, tmp)
        except (OSError, ValueError, KeyError):
            return None
        from .fetch import Fetched

        return Fetched(url, "ok", final_url=entry["final_url"], http_status=entry["http_status"],
                       content_type=entry["content_type"], body=tmp, sha256=entry["sha256"],
                       fetched_at=entry["fetched_at"], note="from the cache")

    def to_cache(self, got: Fetched) -> None:
        if self.cache is None or got.body is None or got.sha256 is None:
            return
        blob = self.cache / "blobs" / got.sha256
        entry = self._cache_entry(got.url)
        blob.parent.mkdir(parents=True, exist_ok=True)
        entry.parent.mkdir(parents=True, exist_ok=True)
        if not blob.exists():
            _copy_atomic(got.body, blob)
        record = {k: getattr(got, k) for k in ("final_url", "http_status", "content_type", "sha256", "fetched_at")}
        tmp = entry.with_name(f".{entry.name}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, entry)


def _copy_atomic(source: Path, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{threading.get_ident()}.tmp")
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
