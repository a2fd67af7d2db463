"""Polite HTTP: robots.txt, one request at a time per host with a delay, retries with
backoff, redirects checked hop by hop, and a size limit enforced while streaming.

:meth:`Fetcher.get` never raises for a network problem: it returns a :class:`Fetched`
whose ``status`` names the outcome (``ok`` with the body in a temporary file, or
``not_found``, ``blocked_by_robots``, ``timeout``, ``too_large``, ``http_error``,
``connection_error``, ``invalid_url``).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import threading
import time
import urllib.robotparser
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__

USER_AGENT = f"govinfo-extractor/{__version__} (research crawler for government information disclosure reports)"
ROBOTS_AGENT = "govinfo-extractor"
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_HOPS = 10


@dataclass
class Settings:
    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 30.0  # seconds to connect, or between two bytes
    file_timeout: float = 600.0  # seconds one download may take in all
    retries: int = 2  # further attempts after a timeout, connection error, 429 or 5xx
    backoff: float = 2.0  # seconds before the first retry, doubled for each next one
    max_bytes: int = 100 * 1024 * 1024
    user_agent: str = USER_AGENT
    verify: bool = True  # check TLS certificates (many portals' are expired or incomplete)


@dataclass
class Fetched:
    url: str
    status: str
    final_url: str | None = None
    http_status: int | None = None
    content_type: str | None = None
    body: Path | None = None  # a temporary file: the caller moves or deletes it
    sha256: str | None = None
    note: str | None = None
    fetched_at: str = field(default_factory=lambda: now())
    retry_after: float = 0.0  # seconds a 429/503 asked us to wait

    def read(self) -> bytes:
        return self.body.read_bytes() if self.body else b""

    def discard(self) -> None:
        if self.body is not None:
            self.body.unlink(missing_ok=True)
            self.body = None


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def host_of(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:  # e.g. an unclosed [IPv6 bracket
        return ""


def valid(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


@dataclass
class Robots:
    rules: urllib.robotparser.RobotFileParser | None  # None: not fetched; then status and note say why
    status: str = ""
    note: str | None = None


class HostGate:
    """At most one request per host at a time, and ``delay`` seconds between them."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._ready: dict[str, float] = {}

    @contextlib.contextmanager
    def slot(self, host: str, delay: float) -> Iterator[None]:
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            wait = self._ready.get(host, 0.0) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._ready[host] = time.monotonic() + delay


class Fetcher:
    """One HTTP client shared by the collector's threads."""

    def __init__(self, settings: Settings, temp_dir: Path) -> None:
        self.settings = settings
        self.temp_dir = temp_dir
        temp_dir.mkdir(parents=True, exist_ok=True)
        timeout = httpx.Timeout(settings.timeout)
        self.client = httpx.Client(timeout=timeout, follow_redirects=False, verify=settings.verify,
                                   headers={"User-Agent": settings.user_agent})
        self.gate = HostGate()
        self._robots: dict[str, Robots] = {}
        self._robots_lock = threading.Lock()
        self._counter = itertools.count(1)
        self.requests = 0  # made so far

    def close(self) -> None:
        self.client.close()

    # -- robots.txt ------------------------------------------------------------

    def _rules(self, url: str) -> Robots:
        """The robots.txt of ``url``'s origin, fetched once per run."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            if origin in self._robots:
                return self._robots[origin]
        robots = self._robots_txt(origin + "/robots.txt")
        with self._robots_lock:
            self._robots[origin] = robots
        return robots

    def _robots_txt(self, url: str) -> Robots:
        """RFC 9309: a 4xx robots.txt allows everything; a 5xx (or 429) one disallows everything."""
        got = Fetched(url, "redirect", final_url=url)
        for _ in range(5):  # robots.txt redirects are followed (5 hops)
            got = self._attempts(got.final_url, host_of(got.final_url), self.settings.delay)
            if got.status != "redirect":
                break
        parser = urllib.robotparser.RobotFileParser(url)
        if got.status == "ok":
            parser.parse(got.read().decode("utf-8", errors="replace").splitlines())
            got.discard()
            return Robots(parser)
        if got.http_status is not None and 400 <= got.http_status < 500 and got.http_status != 429:
            parser.allow_all = True
            return Robots(parser)
        if got.status in ("timeout", "connection_error"):  # the host is unreachable: say so
            return Robots(None, got.status, f"robots.txt: {got.note}")
        return Robots(None, "blocked_by_robots", f"robots.txt unavailable ({got.note or got.status}): "
                                                 "everything disallowed")

    def check(self, url: str) -> tuple[Fetched | None, float]:
        """(None, the host's delay) when robots.txt lets us fetch ``url``; else the outcome."""
        robots = self._rules(url)
        if robots.rules is None:
            return Fetched(url, robots.status, final_url=url, note=robots.note), self.settings.delay
        delay = max(self.settings.delay, float(robots.rules.crawl_delay(ROBOTS_AGENT) or 0))
        if not robots.rules.can_fetch(ROBOTS_AGENT, url):
            return Fetched(url, "blocked_by_robots", final_url=url, note="disallowed by robots.txt"), delay
        return None, delay

    # -- fetching --------------------------------------------------------------

    def get(self, url: str) -> Fetched:
        """Fetch ``url`` following redirects, each hop checked against its host's robots.txt."""
        current = url
        for _ in range(MAX_HOPS + 1):
            if not valid(current):
                return Fetched(url, "invalid_url", final_url=current, note=f"not an http(s) URL: {current}")
            refused, delay = self.check(current)
            if refused is not None:
                refused.url = url
                return refused
            got = self._attempts(current, host_of(current), delay)
            got.url = url
            if got.status != "redirect":
                return got
            current = got.final_url
        return Fetched(url, "http_error", final_url=current, note=f"more than {MAX_HOPS} redirects")

    def _attempts(self, url: str, host: str, delay: float) -> Fetched:
        s = self.settings
        got = Fetched(url, "connection_error")
        for attempt in range(s.retries + 1):
            if attempt:
                time.sleep(max(s.backoff * 2 ** (attempt - 1), got.retry_after))
            with self.gate.slot(host, delay):
                got = self._once(url)
            if got.status not in ("timeout", "connection_error") and got.http_status not in _RETRY_STATUS:
                break
        return got

    def _once(self, url: str) -> Fetched:
        """One request: a redirect, an error outcome, or the body streamed into a temporary file."""
        s = self.settings
        self.requests = next(self._counter)
        start = time.monotonic()
        try:
            with self.client.stream("GET", url) as resp:
                got = Fetched(url, "ok", final_url=str(resp.url), http_status=resp.status_code,
                              content_type=resp.headers.get("content-type"))
                retry_after = resp.headers.get("retry-after", "")
                got.retry_after = min(float(retry_after), 60.0) if retry_after.isdigit() else 0.0
                location = resp.headers.get("location")
                if resp.status_code in _REDIRECTS and location:
                    got.status, got.final_url = "redirect", urljoin(url, location.strip())
                    return got
                if resp.status_code in (404, 410):
                    got.status, got.note = "not_found", f"HTTP {resp.status_code}"
                    return got
                if resp.status_code >= 300:
                    got.status, got.note = "http_error", f"HTTP {resp.status_code} {resp.reason_phrase}".strip()
                    return got
                length = resp.headers.get("content-length", "")
                if length.isdigit() and int(length) > s.max_bytes:
                    got.status, got.note = "too_large", f"Content-Length {int(length)} bytes > limit {s.max_bytes}"
                    return got
                self._stream(resp, got, start)
                return got
        except httpx.TimeoutException as exc:
            return Fetched(url, "timeout", final_url=url, note=f"{type(exc).__name__} after {s.timeout:g} s")
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            return Fetched(url, "invalid_url", final_url=url, note=str(exc))
        except httpx.HTTPError as exc:
            detail = " ".join(str(exc).split())[:160]
            return Fetched(url, "connection_error", final_url=url, note=f"{type(exc).__name__}: {detail}")

    def _stream(self, resp: httpx.Response, got: Fetched, start: float) -> None:
        """Write the body to a temporary file, hashing it; stop past the size or time limit."""
        s = self.settings
        tmp = self.temp_dir / f"{uuid.uuid4().hex}.tmp"
        digest = hashlib.sha256()
        size = 0
        try:
            with open(tmp, "xb") as fh:
                for chunk in resp.iter_bytes(1 << 16):
                    size += len(chunk)
                    if size > s.max_bytes:
                        got.status, got.note = "too_large", f"more than {s.max_bytes} bytes (the size limit)"
                        break
                    if time.monotonic() - start > s.file_timeout:
                        got.status, got.note = "timeout", f"download took longer than {s.file_timeout:g} s"
                        break
                    digest.update(chunk)
                    fh.write(chunk)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        if got.status != "ok":
            tmp.unlink()
            return
        got.body, got.sha256 = tmp, digest.hexdigest()
