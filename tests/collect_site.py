"""A small government portal served on 127.0.0.1 for the collector's tests.

Every report file is a corpus report; the site has what real portals have: UTF-8
and GBK pages, reports inline and as attachments, a 年报 column paged with a
下一页 link and with TRS's createPageHTML script, robots.txt, redirects, 404 and
500, a slow page, an HTML error page served as application/pdf and files over the
size limit. ``Site.log`` lists every path requested, in order.
"""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPORTS = Path(__file__).resolve().parent.parent / "corpus" / "reports"
SLOW_SECONDS = 1.5
SIZE_LIMIT = 256 * 1024  # the tests' --max-size


def _report(name: str) -> bytes:
    return (REPORTS / name).read_bytes()


def _page(title: str, body: str, encoding: str = "utf-8") -> bytes:
    charset = "gbk" if encoding == "gbk" else "utf-8"
    html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{title}</title></head><body><div class='nav'><a href='/'>首页</a> "
            f"<a href='/ndbg/index.html'>政府信息公开年报</a></div>{body}</body></html>")
    return html.encode(encoding)


HTML = "text/html; charset=utf-8"


def _zip() -> bytes:
    """A ZIP holding a report PDF and a note that is not a document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in (("2023年度报告.pdf", _report("pdf04_split_noheader_vertical.pdf")),
                           ("说明.txt", "本压缩包内为年度报告。".encode())):
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 15, 9, 0, 0)), data)  # same bytes each time
    return buffer.getvalue()


def routes() -> dict[str, tuple[int, dict[str, str], bytes]]:
    """path → (status, headers, body)."""
    pdf = ("application/pdf", "")
    r: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/robots.txt": (200, {"Content-Type": "text/plain"},
                        b"User-agent: *\nDisallow: /private/\n"),
        # a report inline, UTF-8 and GBK (served without a charset: the page's meta says gbk)
        "/reports/utf8.html": (200, {"Content-Type": HTML}, _report("html01_trs_nbsp.html")),
        "/reports/gbk.html": (200, {"Content-Type": "text/html"}, _report("html02_gbk_zoom_onetable.html")),
        "/reports/copy-of-utf8.html": (200, {"Content-Type": HTML}, _report("html01_trs_nbsp.html")),
        # a GBK page linking its report as a PDF, next to links that are not the report
        "/pages/pdf-report.html": (200, {"Content-Type": "text/html"}, _page(
            "彭阳县2023年政府信息公开工作年度报告",
            "<p>现将本县2023年政府信息公开工作年度报告全文公布如下。</p>"
            "<p><a href='../files/P020240115.pdf'>附件：彭阳县2023年政府信息公开工作年度报告.pdf</a></p>"
            "<p><a href='/files/budget.pdf'>2023年部门预算公开表</a> <a href='/about.html'>关于我们</a></p>",
            "gbk")),
        "/files/P020240115.pdf": (200, {"Content-Type": pdf[0]}, _report("pdf01_ruled_footer.pdf")),
        "/files/budget.pdf": (200, {"Content-Type": pdf[0]}, _report("pdf02_unruled_vertical.pdf")),
        # a page titled as a 年报 whose attachment link says only 附件1 (a DOCX, served as octet-stream)
        "/pages/docx-report.html": (200, {"Content-Type": HTML}, _page(
            "保定市信访局2023年政府信息公开工作年报",
            "<p>附件下载：<a href='/files/W020240110.docx' title='下载'>附件1</a></p>")),
        "/files/W020240110.docx": (200, {"Content-Type": "application/octet-stream"},
                                   _report("docx01_official.docx")),
        # an attachment that is an HTML error page served as application/pdf
        "/pages/error-pdf.html": (200, {"Content-Type": HTML}, _page(
            "2022年度政府信息公开工作年度报告",
            "<a href='/files/missing-report.pdf'>2022年度政府信息公开工作年度报告</a>")),
        "/files/missing-report.pdf": (200, {"Content-Type": "application/pdf"}, _page(
            "错误", "<h1>您访问的页面不存在或已被删除</h1>")),
        # a report in a ZIP
        "/pages/zip-report.html": (200, {"Content-Type": HTML}, _page(
            "涟水县教育体育局信息公开", "<a href='/files/ndbg2023.zip'>2023年度报告（压缩包）</a>")),
        "/files/ndbg2023.zip": (200, {"Content-Type": "application/zip"}, _zip()),
        # redirects: 301 to a report, 302 twice to a report
        "/old/report.html": (301, {"Location": "/reports/moved.html"}, b""),
        "/reports/moved.html": (200, {"Content-Type": HTML}, _report("html04_t2019_wan.html")),
        "/go/twice": (302, {"Location": "/go/once"}, b""),
        "/go/once": (302, {"Location": "http://{host}/reports/plain.txt"}, b""),
        "/reports/plain.txt": (200, {"Content-Type": "text/plain; charset=utf-8"}, _report("md01_wrapped.md")),
        # a redirect into the part robots.txt forbids, and that part itself
        "/go/private": (302, {"Location": "/private/report.html"}, b""),
        "/private/report.html": (200, {"Content-Type": HTML}, _report("html03_lying_meta_flat.html")),
        "/refresh.html": (200, {"Content-Type": HTML},
                          b"<html><head><meta http-equiv='refresh' content='0;url=/reports/refreshed.html'>"
                          b"</head><body></body></html>"),
        "/reports/refreshed.html": (200, {"Content-Type": HTML}, _report("html08_dash_wu_single6.html")),
        "/broken.html": (500, {"Content-Type": HTML}, b"<html><body>Internal Server Error</body></html>"),
        "/forbidden.html": (403, {"Content-Type": HTML}, b"<html><body>Forbidden</body></html>"),
        "/news.html": (200, {"Content-Type": HTML}, _page("县政府召开常务会议", "<p>会议研究了有关事项。</p>")),
        # over the size limit: declared in Content-Length, and streamed without one
        "/files/huge.pdf": (200, {"Content-Type": "application/pdf"},
                            b"%PDF-1.4\n" + b"0" * (SIZE_LIMIT * 2)),
        "/files/huge-stream.pdf": (200, {"Content-Type": "application/pdf", "X-No-Length": "1"},
                                   b"%PDF-1.4\n" + b"0" * (SIZE_LIMIT * 2)),
        # a 年报 column: page 1 links 下一页, page 2 pages with createPageHTML (3 pages)
        "/ndbg/index.html": (200, {"Content-Type": HTML}, _page("政府信息公开年报", (
            "<ul><li><a href='./202501/t20250120_1.html'>涞水县2024年政府信息公开工作年度报告</a></li>"
            "<li><a href='./202401/t20240118_2.html'>涞水县二〇二三年度政府信息公开工作年度报告</a></li>"
            "<li><a href='/news.html'>县政府召开常务会议</a></li></ul>"
            "<div class='page'><a href='index.html'>首页</a> <a href='index_1.html'>下一页</a></div>"))),
        "/ndbg/index_1.html": (200, {"Content-Type": HTML}, _page("政府信息公开年报", (
            "<ul><li><a href='/ndbg/P2022.pdf'>涞水县2022年政府信息公开工作年度报告.pdf</a></li>"
            "<li><a href='./202201/t20220125_3.html'>涞水县2021年度政府信息公开年报</a></li></ul>"
            "<script>createPageHTML(3, 1, \"index\", \"html\");</script>"))),
        "/ndbg/index_2.html": (200, {"Content-Type": HTML}, _page("政府信息公开年报", (
            "<ul><li><a href='./202001/t20200120_4.html'>涞水县2019年政府信息公开工作年度报告</a></li>"
            "<li><a href='./201901/t20190120_5.html'>涞水县2018年政府信息公开工作年度报告</a></li></ul>"
            "<script>createPageHTML(3, 2, \"index\", \"html\");</script>"))),
        "/ndbg/202501/t20250120_1.html": (200, {"Content-Type": HTML}, _report("html07_inline_subtotals.html")),
        "/ndbg/202401/t20240118_2.html": (200, {"Content-Type": "text/html"},
                                          _report("html09_t2020_gbk_bad.html")),
        "/ndbg/P2022.pdf": (200, {"Content-Type": "application/pdf"}, _report("pdf03_split_header_kangxi.pdf")),
        "/ndbg/202201/t20220125_3.html": (200, {"Content-Type": HTML}, _page(
            "涞水县2021年度政府信息公开年报",
            "<a href='/ndbg/files/2021.docx'>涞水县2021年度政府信息公开年报.docx</a>")),
        "/ndbg/files/2021.docx": (200, {"Content-Type": "application/msword"}, _report("docx02_city_wrapped.docx")),
        "/ndbg/202001/t20200120_4.html": (200, {"Content-Type": HTML}, _report("html05_city_units_bad.html")),
        "/ndbg/201901/t20190120_5.html": (200, {"Content-Type": HTML}, _report("html06_heading_words.html")),
    }
    return r


@dataclass
class Site:
    server: ThreadingHTTPServer
    log: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def take_log(self) -> Counter:
        """Paths requested since the last call, counted."""
        with self.lock:
            taken, self.log[:] = Counter(self.log), []
        return taken


def start(changes: dict[str, tuple[int, dict[str, str], bytes]] | None = None) -> Site:
    """Serve the site (with ``changes`` to its routes) on 127.0.0.1 in a thread."""
    table = routes() | (changes or {})

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            with site.lock:
                site.log.append(self.path)
            if self.path == "/slow.html":
                time.sleep(SLOW_SECONDS)
            status, headers, body = table.get(self.path, (404, {"Content-Type": HTML}, b"<h1>404</h1>"))
            try:
                self.send_response(status)
                for name, value in headers.items():
                    if name != "X-No-Length":
                        self.send_header(name, value.replace("{host}", site.base.split("//")[1]))
                if "X-No-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site = Site(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site
