"""URLs in, report files and the ``downloads`` table out.

Every URL gets one row. A page is kept when the extractor finds a report in it; when
it is not a complete report (``ok``), the report attachments it links are fetched
too. In listing mode an input URL is a 年报 column page: its report links (for the
years asked) are followed as pages, and so are its next pages. Files already saved
by an earlier run are not fetched again (by URL, and by SHA-256 when another URL
serves the same content); failures are tried again; listing pages are always
fetched again, since new reports appear on them.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

from .content import DOCUMENTS, PAGES, describe, kind, members, suffix
from .fetch import Fetched, Fetcher, Settings, host_of
from .links import Link, read_page, report_attachments, report_links
from .store import RETRIED, Store


@dataclass
class Options:
    listing: bool = False  # input URLs are 年报 column pages
    years: tuple[int, int] | None = None  # first and last reporting year wanted
    jobs: int = 4  # hosts fetched from at once (one request at a time per host, always)
    max_pages: int = 50  # listing pages followed from one input URL
    retried: tuple[str, ...] = RETRIED  # statuses of an earlier run fetched again
    settings: Settings = field(default_factory=Settings)


@dataclass
class Summary:
    status: Counter = field(default_factory=Counter)
    already_done: int = 0
    requests: int = 0


class Collector:
    """Collect reports from URLs into the downloads directory ``out``."""

    def __init__(self, out: Path, options: Options, cache: Path | None = None,
                 say: Callable[[str], None] | None = None, fetcher: Fetcher | None = None) -> None:
        self.options = options
        self.store = Store(out, cache, options.retried)
        self.fetcher = fetcher or Fetcher(options.settings, self.store.temp)
        self.say = say or (lambda line: None)
        self.summary = Summary()
        self._visited: set[str] = set()
        self._lock = threading.Lock()
        self._last_save = time.monotonic()

    def run(self, urls: list[str]) -> Summary:
        """Visit every URL (hosts in parallel, each host's URLs in order); write the table."""
        by_host: dict[str, list[str]] = {}
        for url in urls:
            by_host.setdefault(host_of(url), []).append(url)
        try:
            if self.options.jobs <= 1 or len(by_host) <= 1:
                for group in by_host.values():
                    self._visit_all(group)
            else:
                with ThreadPoolExecutor(self.options.jobs) as pool:
                    for future in [pool.submit(self._visit_all, group) for group in by_host.values()]:
                        future.result()
        finally:
            self.store.save()
            self.store.tidy()
            self.fetcher.close()
        self.summary.requests = self.fetcher.requests
        return self.summary

    def _visit_all(self, urls: list[str]) -> None:
        for url in urls:
            self.visit(url, "input")

    # -- one URL -------------------------------------------------------------

    def visit(self, url: str, via: str, parent: str | None = None, title: str | None = None,
              page_no: int = 1) -> None:
        url = urldefrag(url.strip())[0]
        with self._lock:
            if url in self._visited:
                return
            self._visited.add(url)
        listing = via == "pagination" or (via == "input" and self.options.listing)
        if not listing and self._settled(url):
            return
        got = None if listing else self.store.from_cache(url)
        if got is None:
            got = self.fetcher.get(url)
            if not listing:
                self.store.to_cache(got)
        row = {"url": url, "final_url": got.final_url, "http_status": got.http_status,
               "content_type": got.content_type, "fetched_at": got.fetched_at, "parent_url": parent,
               "title": title, "found_via": via, "note": got.note}
        if got.status != "ok":
            self._record(row, got.status)
            return
        head = _head(got)
        what = kind(head, got.body)
        if what in DOCUMENTS:
            final_url = got.final_url or url
            status, path = self.store.keep(got, suffix(what, head, final_url))
            self._record(row, status, path=path, sha256=got.sha256, note=_dup_note(status, path, got))
            if what == "zip" and status == "ok":
                self._unpack(row, final_url, self.store.out / path)
        elif what in PAGES:
            self._page(got, row, listing, page_no, what)
        else:
            got.discard()
            self._record(row, "not_a_report", note=describe(what, got.content_type))

    def _unpack(self, row: dict[str, Any], final_url: str, archive: Path) -> None:
        """Keep the documents inside a ZIP, each with a row of its own (url: the ZIP's#member)."""
        for name, what, data in members(archive, self.options.settings.max_bytes):
            member_url = f"{row['url']}#{name}"
            got = self.store.temp_fetched(member_url, final_url, data)
            status, path = self.store.keep(got, suffix(what, data, name))
            self._record({"url": member_url, "final_url": final_url, "fetched_at": row["fetched_at"],
                          "parent_url": row["url"], "title": name, "found_via": "archive"}, status,
                         path=path, sha256=got.sha256, note=_dup_note(status, path, got))

    def _settled(self, url: str) -> bool:
        """True when an earlier run settled ``url``; the attachments it linked are visited again."""
        row = self.store.previous(url)
        if row is None:
            return False
        with self._lock:
            self.summary.already_done += 1
        for child in self.store.children(url):
            if child["found_via"] != "archive":  # members are settled with their ZIP
                self.visit(child["url"], child["found_via"], url, child["title"])
        return True

    def _page(self, got: Fetched, row: dict[str, Any], listing: bool, page_no: int, what: str) -> None:
        data = got.read()
        page = read_page(data, got.final_url or row["url"], got.content_type)
        row["title"] = page.title or row["title"]
        url, via = row["url"], row["found_via"]
        if listing:
            got.discard()
            links = [link for link in report_links(page) if self._wanted(link, listing=True)]
            self._record(row, "listing", note=f"{len(links)} report links")
            for link in links:
                self.visit(link.url, "listing", url, link.text or None)
            if page_no < self.options.max_pages:
                for next_page in page.next_pages[:1]:
                    self.visit(next_page, "pagination", url, page_no=page_no + 1)
            return
        report = _report_status(data, got.final_url or url)
        attachments = []
        if via != "link" and report != "ok":
            attachments = [link for link in report_attachments(page) if self._wanted(link, listing=False)]
        if report in ("ok", "partial"):
            status, path = self.store.keep(got, "." + what)
            self._record(row, status, path=path, sha256=got.sha256, note=_dup_note(status, path, got))
        else:
            sha = got.sha256
            got.discard()
            if page.refresh and page.refresh != url:
                self._record(row, "linked", sha256=sha, note=f"refreshes to {page.refresh}")
                self.visit(page.refresh, via, url, row["title"])
                return
            if attachments:
                self._record(row, "linked", sha256=sha, note=f"{len(attachments)} report attachments")
            else:
                note = describe(what, got.content_type) if via == "link" else "no report in it, nor linked"
                self._record(row, "not_a_report", sha256=sha, note=note)
        for link in attachments:
            self.visit(link.url, "link", url, link.text or None)

    def _wanted(self, link: Link, listing: bool) -> bool:
        """In the years asked; a link without a year counts on a page, not on a listing."""
        if self.options.years is None:
            return True
        if link.year is None:
            return not listing
        first, last = self.options.years
        return first <= link.year <= last

    def _record(self, row: dict[str, Any], status: str, **values: Any) -> None:
        full = self.store.record(row | {"status": status} | {k: v for k, v in values.items() if v is not None})
        with self._lock:
            self.summary.status[status] += 1
            due = time.monotonic() - self._last_save > 30
            if due:
                self._last_save = time.monotonic()
        self.say(f"{status:<17} {full['url']}" + (f"  ({full['note']})" if full["note"] and status != "ok"
                                                    else ""))
        if due:
            self.store.save()


def _head(got: Fetched, size: int = 200_000) -> bytes:
    if got.body is None:
        return b""
    with open(got.body, "rb") as fh:
        return fh.read(size)


def _dup_note(status: str, path: str, got: Fetched) -> str | None:
    if status == "duplicate":
        return f"same content as {path}"
    return got.note


def _report_status(data: bytes, source: str) -> str:
    """ok or partial when the extractor finds a report in the page; failed otherwise."""
    from ..pipeline import extract_bytes

    return extract_bytes(data, source).status
