"""Collector benchmark: throughput against a local portal, the cost of a resume, the host delay.

    python benchmarks/collect.py [--pages 200] [--delay 0.05]

Serves ``--pages`` report pages on 127.0.0.1 (half HTML reports inline, half pages linking
their report as a PDF; every file distinct) and runs ``extract-collect`` on them as a user
would, in-process. Prints a Markdown table measured in the same run: the first collection
(seconds, requests/s, files/s, the share of time spent deciding whether a page is a report),
the same command again (a resume: requests made, seconds, ratio to the first run), and a run
with ``--delay`` on the one host (the smallest gap between two requests the server saw).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.collect import cli, crawl  # noqa: E402

REPORTS = ROOT / "corpus" / "reports"


def site(pages: int) -> dict[str, tuple[str, bytes]]:
    """path → (content type, body): distinct files made from the corpus reports."""
    html = sorted(REPORTS.glob("html*.html"))
    pdfs = sorted(REPORTS.glob("pdf*.pdf"))
    routes = {"/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n")}
    for i in range(pages):
        if i % 2 == 0:
            routes[f"/r/{i}.html"] = ("text/html", html[i % len(html)].read_bytes() + f"<!-- {i} -->".encode())
        else:
            page = (f"<html><head><title>{2000 + i}年政府信息公开工作年度报告</title></head><body>"
                    f"<a href='/f/{i}.pdf'>附件：{2000 + i}年政府信息公开工作年度报告.pdf</a></body></html>")
            routes[f"/r/{i}.html"] = ("text/html; charset=utf-8", page.encode())
            routes[f"/f/{i}.pdf"] = ("application/pdf", pdfs[i % len(pdfs)].read_bytes() + f"%{i}\n".encode())
    return routes


def serve(routes: dict[str, tuple[str, bytes]], starts: list[float]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            starts.append(time.monotonic())
            content_type, body = routes.get(self.path, ("text/html", b"<h1>404</h1>"))
            self.send_response(200 if self.path in routes else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.05)
    args = parser.parse_args()
    routes = site(args.pages)
    starts: list[float] = []
    server = serve(routes, starts)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = [base + p for p in routes if p.startswith("/r/")]
    work = Path(tempfile.mkdtemp(prefix="collect-bench-"))
    (work / "urls.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
    detect = [0.0]
    report_status = crawl._report_status

    def timed(data: bytes, source: str) -> str:
        start = time.perf_counter()
        try:
            return report_status(data, source)
        finally:
            detect[0] += time.perf_counter() - start

    crawl._report_status = timed
    report_status(routes[urls[0].removeprefix(base)][1], "warm-up")  # imports and region tables, once
    common = [str(work / "urls.txt"), "-o", str(work / "dl"), "--delay", "0", "-q"]
    rows = []
    try:
        start = time.perf_counter()
        assert cli.main(common) == 0
        first, requests = time.perf_counter() - start, len(starts)
        files = sum(1 for p in (work / "dl").rglob("*") if p.suffix in (".html", ".pdf"))
        rows.append(("first run", len(urls), requests, first, f"{requests / first:.0f} requests/s, "
                     f"{files / first:.0f} files/s; {detect[0] / first:.0%} of the time deciding "
                     "whether a page is a report"))
        starts.clear()
        start = time.perf_counter()
        assert cli.main(common) == 0
        again = time.perf_counter() - start
        rows.append(("same command again", len(urls), len(starts), again, f"{again / first:.3f}× the first run"))
        subset = urls[:40]
        starts.clear()
        start = time.perf_counter()
        assert cli.main([*subset, "-o", str(work / "delayed"), "--delay", str(args.delay), "-q"]) == 0
        delayed = time.perf_counter() - start
        gaps = [b - a for a, b in zip(starts, starts[1:])]
        rows.append((f"--delay {args.delay:g}, one host", len(subset), len(starts), delayed,
                     f"smallest gap between two requests {min(gaps):.3f} s"))
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    print("| run | URLs | requests | seconds | notes |\n|---|---|---|---|---|")
    for name, n, req, seconds, note in rows:
        print(f"| {name} | {n} | {req} | {seconds:.2f} | {note} |")


if __name__ == "__main__":
    main()
