"""The ``extract-collect`` command: URLs in, report files and a ``downloads`` table out."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..schema import DOWNLOAD_STATUSES
from .crawl import Collector, Options
from .fetch import USER_AGENT, Settings
from .store import RETRIED

FAILURES = ("not_found", "blocked_by_robots", "timeout", "too_large", "http_error", "connection_error",
            "invalid_url")
_URL = re.compile(r"https?://[^\s,;\"'<>]+", re.IGNORECASE)
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)

DESCRIPTION = """\
Download 政府信息公开工作年度报告 from the web, politely, with provenance: report pages, and the
report attachments (PDF, Word, WPS, OFD, ZIP, images) they link. Files go into DOWNLOADS/<host>/,
named by content; every URL gets a row in DOWNLOADS/downloads.parquet and downloads.csv (status ok,
duplicate, linked, listing, not_a_report, not_found, blocked_by_robots, timeout, too_large,
http_error, connection_error, invalid_url). Run it again to resume: what is saved is not fetched
again, failures are retried. Then `extract DOWNLOADS/ -o dataset/` (or --extract dataset/) gives
reports rows their url and fetched_at.

exit status: 0 no URL failed in this run, 1 some URL failed (see the table), 2 usage error"""

EPILOG = """\
examples:
  extract-collect https://www.example.gov.cn/zwgk/ndbg/2023.html -o downloads/
  extract-collect urls.txt -o downloads/ --extract dataset/
  extract-collect https://www.example.gov.cn/zwgk/ndbg/ --listing --years 2019-2025 -o downloads/
URLS.txt: one URL a line (the first http(s) URL on each line is taken, so a CSV works; # comments)"""


def parse_years(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–~:]\s*(\d{4}))?\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"years must look like 2019-2025 or 2023, not '{text}'")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    return min(first, last), max(first, last)


def parse_size(text: str) -> int:
    match = _SIZE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"size must look like 100M, 2G or 500k, not '{text}'")
    return int(float(match.group(1)) * 1024 ** " kmg".index(match.group(2).lower() or " "))


def parse_statuses(text: str) -> tuple[str, ...]:
    statuses = tuple(s.strip() for s in text.split(",") if s.strip())
    unknown = [s for s in statuses if s not in DOWNLOAD_STATUSES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown status '{unknown[0]}' (use {', '.join(DOWNLOAD_STATUSES)})")
    return statuses


def read_urls(args: list[str]) -> tuple[list[str], list[str]]:
    """The URLs given directly or in files; and the problems found (one line each)."""
    urls: list[str] = []
    problems = []
    for arg in args:
        if _URL.match(arg):
            urls.append(arg)
            continue
        path = Path(arg)
        try:
            text = path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError as exc:
            problems.append(f"extract-collect: cannot read URL list {arg}: {exc.strerror or exc}")
            continue
        found = [m.group(0) for line in text.splitlines()
                 if not line.lstrip().startswith("#") and (m := _URL.search(line))]
        if not found:
            problems.append(f"extract-collect: no http(s) URLs in {arg}")
        urls += found
    return list(dict.fromkeys(urls)), problems


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="extract-collect", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("urls", nargs="+", metavar="URL|URLS.txt", help="report page URLs, or files listing them")
    p.add_argument("-o", "--out", type=Path, required=True, metavar="DOWNLOADS",
                   help="the downloads directory (created; reused to resume)")
    p.add_argument("--listing", action="store_true",
                   help="the URLs are 年报 column pages: follow their report links and next pages")
    p.add_argument("--years", type=parse_years, metavar="FIRST-LAST",
                   help="only reports for these years, e.g. 2019-2025 (by the year in the link text)")
    p.add_argument("--delay", type=float, default=1.0,
                   help="seconds between two requests to one host (default 1; robots.txt Crawl-delay wins "
                        "when longer)")
    p.add_argument("--timeout", type=float, default=30.0,
                   help="seconds to wait to connect or for the next bytes (default 30)")
    p.add_argument("--retries", type=int, default=2,
                   help="tries again after a timeout, connection error, 429 or 5xx (default 2)")
    p.add_argument("--backoff", type=float, default=2.0,
                   help="seconds before the first retry, doubled each time (default 2)")
    p.add_argument("--max-size", type=parse_size, default=parse_size("100M"), metavar="SIZE",
                   help="largest file to download, e.g. 100M (default), 2G, 500k")
    p.add_argument("-j", "--jobs", type=int, default=4,
                   help="hosts fetched from at once (default 4); one request at a time per host, always")
    p.add_argument("--retry", type=parse_statuses, default=",".join(RETRIED), metavar="STATUSES",
                   help=f"statuses of an earlier run fetched again (default {','.join(RETRIED)}; "
                        "e.g. add too_large after raising --max-size)")
    p.add_argument("--max-pages", type=int, default=50, help="listing pages followed per URL (default 50)")
    p.add_argument("--cache", type=Path, metavar="DIR",
                   help="a cache of fetched responses, shared between runs (listing pages are always "
                        "fetched again)")
    p.add_argument("--user-agent", default=USER_AGENT, help="User-Agent header")
    p.add_argument("--insecure", action="store_true",
                   help="do not verify TLS certificates (many portals' are expired or lack their chain)")
    p.add_argument("--extract", type=Path, metavar="DATASET",
                   help="then extract DOWNLOADS into this dataset directory (as `extract DOWNLOADS -o DATASET`)")
    p.add_argument("-q", "--quiet", action="store_true", help="no line per URL, no summary")
    return p


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: collect, then optionally extract."""
    args = build_parser().parse_args(argv)
    urls, problems = read_urls(args.urls)
    if not urls and not problems:
        problems.append("extract-collect: no URLs given")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 2
    settings = Settings(delay=args.delay, timeout=args.timeout, retries=max(args.retries, 0),
                        backoff=args.backoff, max_bytes=args.max_size, user_agent=args.user_agent,
                        verify=not args.insecure)
    options = Options(listing=args.listing, years=args.years, jobs=max(args.jobs, 1),
                      max_pages=max(args.max_pages, 1), retried=args.retry, settings=settings)
    say = None if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    collector = Collector(args.out, options, cache=args.cache, say=say)
    summary = collector.run(urls)
    if not args.quiet:
        counts = " · ".join(f"{k} {v}" for k, v in summary.status.most_common())
        print(f"{len(urls)} URLs: {counts or 'nothing new'}"
              + (f" · {summary.already_done} already done (skipped)" if summary.already_done else "")
              + f" · {summary.requests} requests\n  outputs: {args.out / 'downloads.parquet'}, "
              f"{args.out / 'downloads.csv'}", file=sys.stderr)
    code = 1 if any(summary.status[s] for s in FAILURES) else 0
    if args.extract is not None:
        from ..cli import app

        extracted = app([str(args.out), "-o", str(args.extract) + "/"] + (["-q"] if args.quiet else []))
        code = max(code, extracted)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
