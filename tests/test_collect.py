"""extract-collect against a portal served on 127.0.0.1 (tests/collect_site.py): the exact outcome
of every URL, resuming without downloading again, the shared cache, and the dataset's provenance."""

from __future__ import annotations

import hashlib
import io
import shutil
import socket
import threading
import time
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from extractor.archives import member_name
from extractor.collect import cli, content, links
from extractor.collect.fetch import HostGate
from extractor.collect.table import read_table
from extractor.errors import ExtractionError
from extractor.loaders import sniff
from extractor.schema import OUTPUTS

from . import collect_site
from .collect_site import SIZE_LIMIT

FAST = ["--delay", "0", "--timeout", "0.5", "--retries", "2", "--backoff", "0", "--max-size", "256k", "-q"]


@pytest.fixture(scope="module")
def site():
    served = collect_site.start()
    yield served
    served.server.shutdown()
    served.server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(out: Path, *args: str) -> int:
    return cli.main([*args, "-o", str(out), *FAST])


def table(out: Path) -> dict[str, dict]:
    return {row["url"]: row for row in read_table(out)}


INPUTS = ["/reports/utf8.html", "/reports/gbk.html", "/reports/copy-of-utf8.html", "/pages/pdf-report.html",
          "/pages/docx-report.html", "/pages/error-pdf.html", "/pages/zip-report.html", "/old/report.html", "/refresh.html", "/go/twice", "/go/private",
          "/private/report.html", "/missing.html", "/broken.html", "/forbidden.html", "/slow.html",
          "/news.html", "/files/huge.pdf", "/files/huge-stream.pdf"]

# path → (status, found_via, parent path, saved suffix)
EXPECTED = {
    "/reports/utf8.html": ("ok", "input", None, ".html"),
    "/reports/gbk.html": ("ok", "input", None, ".html"),
    "/reports/copy-of-utf8.html": ("duplicate", "input", None, ".html"),
    "/pages/pdf-report.html": ("linked", "input", None, None),
    "/files/P020240115.pdf": ("ok", "link", "/pages/pdf-report.html", ".pdf"),
    "/pages/docx-report.html": ("linked", "input", None, None),
    "/files/W020240110.docx": ("ok", "link", "/pages/docx-report.html", ".docx"),
    "/pages/error-pdf.html": ("linked", "input", None, None),
    "/files/missing-report.pdf": ("not_a_report", "link", "/pages/error-pdf.html", None),
    "/pages/zip-report.html": ("linked", "input", None, None),
    "/files/ndbg2023.zip": ("ok", "link", "/pages/zip-report.html", ".zip"),
    "/files/ndbg2023.zip#2023年度报告.pdf": ("ok", "archive", "/files/ndbg2023.zip", ".pdf"),
    "/old/report.html": ("ok", "input", None, ".html"),
    "/refresh.html": ("linked", "input", None, None),
    "/reports/refreshed.html": ("ok", "input", "/refresh.html", ".html"),
    "/go/twice": ("ok", "input", None, ".txt"),
    "/go/private": ("blocked_by_robots", "input", None, None),
    "/private/report.html": ("blocked_by_robots", "input", None, None),
    "/missing.html": ("not_found", "input", None, None),
    "/broken.html": ("http_error", "input", None, None),
    "/forbidden.html": ("http_error", "input", None, None),
    "/slow.html": ("timeout", "input", None, None),
    "/news.html": ("not_a_report", "input", None, None),
    "/files/huge.pdf": ("too_large", "input", None, None),
    "/files/huge-stream.pdf": ("too_large", "input", None, None),
}


@pytest.fixture(scope="module")
def first_run(site, tmp_path_factory):
    out = tmp_path_factory.mktemp("downloads")
    dead = f"http://127.0.0.1:{_closed_port()}/report.html"
    urls_file = out.parent / "urls.csv"
    urls_file.write_text("agency,url\n# a comment line\n" + "".join(
        f"县{i},{site.url(p)}\n" for i, p in enumerate(INPUTS)) + f"死链,{dead}\n", encoding="utf-8")
    site.take_log()
    code = run(out, str(urls_file), "http://[bad/report.html")
    return out, table(out), site.take_log(), code, dead


def test_every_url_gets_its_exact_outcome(site, first_run):
    out, rows, _, code, dead = first_run
    assert code == 1  # some URLs failed
    got = {url.removeprefix(site.base): (r["status"], r["found_via"], r["parent_url"] and
                                          r["parent_url"].removeprefix(site.base))
           for url, r in rows.items()}
    expected = {p: e[:3] for p, e in EXPECTED.items()}
    expected[dead] = ("connection_error", "input", None)
    expected["http://[bad/report.html"] = ("invalid_url", "input", None)
    assert got == expected
    assert set(r["status"] for r in rows.values()) <= set(OUTPUTS["downloads"][2].enum)


def test_outcome_details(site, first_run):
    _, rows, _, _, dead = first_run
    row = {url.removeprefix(site.base): r for url, r in rows.items()}
    assert row["/old/report.html"]["final_url"] == site.url("/reports/moved.html")
    assert row["/old/report.html"]["http_status"] == 200
    assert row["/go/twice"]["final_url"] == site.url("/reports/plain.txt")
    assert row["/go/private"]["final_url"] == site.url("/private/report.html")
    assert row["/go/private"]["note"] == "disallowed by robots.txt"
    assert (row["/missing.html"]["http_status"], row["/missing.html"]["note"]) == (404, "HTTP 404")
    assert (row["/broken.html"]["http_status"], row["/broken.html"]["note"]) == (500, "HTTP 500 Internal Server Error")
    assert (row["/forbidden.html"]["http_status"], row["/forbidden.html"]["note"]) == (403, "HTTP 403 Forbidden")
    assert row["/slow.html"]["note"] == "ReadTimeout after 0.5 s"
    assert row["/files/missing-report.pdf"]["note"] == "content is an HTML page, served as application/pdf"
    assert row["/files/missing-report.pdf"]["content_type"] == "application/pdf"
    assert row["/files/missing-report.pdf"]["path"] is None
    assert row["/files/huge.pdf"]["note"] == f"Content-Length {SIZE_LIMIT * 2 + 9} bytes > limit {SIZE_LIMIT}"
    assert row["/files/huge-stream.pdf"]["note"] == f"more than {SIZE_LIMIT} bytes (the size limit)"
    assert row["/news.html"]["note"] == "no report in it, nor linked"
    assert row["/refresh.html"]["note"] == f"refreshes to {site.url('/reports/refreshed.html')}"
    assert row["/pages/pdf-report.html"]["note"] == "1 report attachments"
    assert row[dead]["note"].startswith("robots.txt: ConnectError")
    # titles: a GBK page's <title>, a link's text for an attachment
    assert row["/pages/pdf-report.html"]["title"] == "彭阳县2023年政府信息公开工作年度报告"
    assert row["/files/P020240115.pdf"]["title"] == "附件：彭阳县2023年政府信息公开工作年度报告.pdf"
    assert row["/files/W020240110.docx"]["title"] == "附件1"
    assert row["/reports/copy-of-utf8.html"]["path"] == row["/reports/utf8.html"]["path"]
    assert row["/reports/copy-of-utf8.html"]["note"] == f"same content as {row['/reports/utf8.html']['path']}"


def test_saved_files_are_the_served_bytes(site, first_run):
    out, rows, _, _, _ = first_run
    routes = collect_site.routes()
    host_dir = site.base.split("//")[1].replace(":", "_")
    saved = set()
    for url, r in rows.items():
        path = url.removeprefix(site.base)
        suffix = EXPECTED.get(path, (None,) * 4)[3]
        if r["status"] != "ok":
            continue
        served = routes[(r["final_url"] or url).removeprefix(site.base)][2]
        if r["found_via"] == "archive":
            with zipfile.ZipFile(io.BytesIO(served)) as zf:
                served = zf.read(url.split("#")[1])
        assert r["sha256"] == hashlib.sha256(served).hexdigest()
        assert r["path"] == f"{host_dir}/{r['sha256'][:16]}{suffix}"
        assert (out / r["path"]).read_bytes() == served
        saved.add(r["path"])
    files = {str(p.relative_to(out)) for p in out.rglob("*")}
    host = {p.split("/")[0] for p in saved}
    assert files == saved | host | {"downloads.csv", "downloads.parquet"}  # nothing partial left behind
    csv = pd.read_csv(out / "downloads.csv", encoding="utf-8-sig", dtype=str)
    assert list(csv.columns) == [c.name for c in OUTPUTS["downloads"]]
    assert len(csv) == len(rows)


def test_politeness(site, first_run):
    _, _, log, _, _ = first_run
    assert log["/robots.txt"] == 1
    assert log["/private/report.html"] == 0  # never requested: robots.txt forbids it
    assert log["/broken.html"] == 3 and log["/slow.html"] == 3  # retried twice
    assert log["/forbidden.html"] == 1 and log["/missing.html"] == 1  # 4xx: not retried
    assert log["/files/budget.pdf"] == 0  # linked, but not named as a 年报
    assert log["/files/missing-report.pdf"] == 1


def test_rerun_downloads_nothing_again_and_retries_failures(site, first_run, tmp_path):
    out = tmp_path / "downloads"
    shutil.copytree(first_run[0], out)
    before = table(out)
    site.take_log()
    code = run(out, *(site.url(p) for p in INPUTS))
    assert code == 1
    assert site.take_log() == Counter({"/robots.txt": 1, "/broken.html": 3, "/slow.html": 3, "/forbidden.html": 1})
    after = table(out)
    for url, row in before.items():
        if row["status"] not in ("timeout", "http_error"):
            assert after[url] == row
    # too_large is tried again when asked (e.g. after raising --max-size)
    assert cli.main([site.url("/files/huge.pdf"), "-o", str(out), *FAST[:-3], "--max-size", "1M",
                     "--retry", "too_large", "-q"]) == 0
    assert site.take_log() == Counter({"/robots.txt": 1, "/files/huge.pdf": 1})
    assert table(out)[site.url("/files/huge.pdf")]["status"] == "ok"


LISTING = {
    "/ndbg/index.html": ("listing", "input", None),
    "/ndbg/202501/t20250120_1.html": ("ok", "listing", "/ndbg/index.html"),
    "/ndbg/202401/t20240118_2.html": ("ok", "listing", "/ndbg/index.html"),
    "/ndbg/index_1.html": ("listing", "pagination", "/ndbg/index.html"),
    "/ndbg/P2022.pdf": ("ok", "listing", "/ndbg/index_1.html"),
    "/ndbg/202201/t20220125_3.html": ("linked", "listing", "/ndbg/index_1.html"),
    "/ndbg/files/2021.docx": ("ok", "link", "/ndbg/202201/t20220125_3.html"),
    "/ndbg/index_2.html": ("listing", "pagination", "/ndbg/index_1.html"),
    "/ndbg/202001/t20200120_4.html": ("ok", "listing", "/ndbg/index_2.html"),
}


def test_listing_pages_through_the_column_for_the_years_asked(site, tmp_path):
    out = tmp_path / "downloads"
    site.take_log()
    assert run(out, site.url("/ndbg/index.html"), "--listing", "--years", "2019-2025") == 0
    rows = table(out)
    got = {u.removeprefix(site.base): (r["status"], r["found_via"], r["parent_url"] and
                                        r["parent_url"].removeprefix(site.base)) for u, r in rows.items()}
    assert got == LISTING
    assert rows[site.url("/ndbg/index.html")]["note"] == "2 report links"
    # the page's own <title> (GBK), not the link's text
    assert rows[site.url("/ndbg/202401/t20240118_2.html")]["title"] == \
        "涟水县高沟镇人民政府2020年政府信息公开工作年度报告_涟水县人民政府"
    assert rows[site.url("/ndbg/P2022.pdf")]["title"] == "涞水县2022年政府信息公开工作年度报告.pdf"
    log = site.take_log()
    assert log["/ndbg/201901/t20190120_5.html"] == 0 and log["/news.html"] == 0
    # again: the column is read anew (new reports appear there), nothing else is fetched
    assert run(out, site.url("/ndbg/index.html"), "--listing", "--years", "2019-2025") == 0
    assert site.take_log() == Counter({"/robots.txt": 1, "/ndbg/index.html": 1, "/ndbg/index_1.html": 1,
                                       "/ndbg/index_2.html": 1})
    assert {u: r["fetched_at"] for u, r in table(out).items() if r["status"] == "ok"} == \
        {u: r["fetched_at"] for u, r in rows.items() if r["status"] == "ok"}


def test_shared_cache_serves_another_run_without_the_network(site, tmp_path):
    cache = tmp_path / "cache"
    urls = [site.url(p) for p in ("/reports/gbk.html", "/pages/pdf-report.html")]
    assert run(tmp_path / "a", *urls, "--cache", str(cache)) == 0
    site.take_log()
    assert run(tmp_path / "b", *urls, "--cache", str(cache)) == 0
    assert site.take_log() == Counter()
    a, b = table(tmp_path / "a"), table(tmp_path / "b")
    assert {u: (r["status"], r["sha256"], r["path"]) for u, r in a.items()} == \
        {u: (r["status"], r["sha256"], r["path"]) for u, r in b.items()}
    assert b[site.url("/files/P020240115.pdf")]["note"] == "from the cache"
    assert (tmp_path / "b" / b[site.url("/files/P020240115.pdf")]["path"]).read_bytes() == \
        (tmp_path / "a" / a[site.url("/files/P020240115.pdf")]["path"]).read_bytes()


def test_extracted_reports_carry_their_urls(site, first_run, tmp_path):
    from extractor.cli import app

    downloads = first_run[1]
    code = app([str(first_run[0]), "-o", str(tmp_path / "dataset") + "/", "-w", "1", "-q"])
    assert code == 0
    reports = pd.read_parquet(tmp_path / "dataset" / "reports")
    ok = {r["sha256"]: r for r in downloads.values() if r["status"] == "ok" and not r["path"].endswith(".zip")}
    # every file saved but the ZIP (its report is unpacked); extract opens the ZIP too: its report is the
    # same content (one row, both paths), its 说明.txt a readable document that is not a report
    assert sorted(reports.loc[reports["status"] != "not_report", "sha256"]) == sorted(ok)
    assert list(reports.loc[reports["status"] == "not_report", "source"].str.rsplit("!/", n=1).str[1]) == ["说明.txt"]
    reports = reports[reports["status"] != "not_report"]
    assert {s: (u, f) for s, u, f in zip(reports["sha256"], reports["url"], reports["fetched_at"])} == \
        {s: (r["url"], r["fetched_at"]) for s, r in ok.items()}
    assert sorted(reports["agency"].dropna()) == sorted(["三明市沙县区人民政府", "涞水县人民政府", "彭阳县人民政府",
                                                         "保定市信访局", "威海市交通运输局", "彭阳县人民政府",
                                                         "淮安市涟水县教育体育局", "沙县区交通运输局"])
    assert reports["url"].str.endswith("/files/ndbg2023.zip#2023年度报告.pdf").sum() == 1


def test_collect_then_extract_in_one_command(site, tmp_path):
    code = cli.main([site.url("/pages/pdf-report.html"), "-o", str(tmp_path / "dl"), *FAST,
                     "--extract", str(tmp_path / "dataset")])
    assert code == 0
    reports = pd.read_parquet(tmp_path / "dataset" / "reports")
    assert list(reports["url"]) == [site.url("/files/P020240115.pdf")]
    assert list(reports["agency"]) == ["彭阳县人民政府"]


def test_usage_errors(tmp_path, capsys):
    empty = tmp_path / "urls.txt"
    empty.write_text("no links here\n", encoding="utf-8")
    assert cli.main([str(empty), "-o", str(tmp_path / "dl")]) == 2
    assert cli.main([str(tmp_path / "nope.txt"), "-o", str(tmp_path / "dl")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"extract-collect: no http(s) URLs in {empty}",
                   f"extract-collect: cannot read URL list {tmp_path / 'nope.txt'}: No such file or directory"]
    assert not (tmp_path / "dl").exists()
    with pytest.raises(SystemExit):
        cli.main(["http://127.0.0.1/x", "-o", str(tmp_path), "--years", "twenty"])
    assert "years must look like 2019-2025 or 2023, not 'twenty'" in capsys.readouterr().err


def test_argument_parsers():
    assert cli.parse_years("2019-2025") == (2019, 2025)
    assert cli.parse_years("2023") == (2023, 2023)
    assert cli.parse_size("256k") == 262144
    assert cli.parse_size("1.5M") == 1572864
    assert cli.parse_size("2G") == 2 * 1024 ** 3
    assert cli.parse_size("1000") == 1000
    assert cli.parse_statuses("timeout, too_large") == ("timeout", "too_large")


def test_links_years_pagers_and_viewers():
    assert links.year_of("涞水县二〇二三年度政府信息公开工作年度报告") == 2023
    assert links.year_of("关于2022年政府信息公开工作年度报告的说明") == 2022
    assert links.year_of("政府信息公开年报") is None
    page = links.read_page(
        "<html><head><title>年报</title><base href='http://x.gov.cn/col/'></head><body>"
        "<a href='pdfjs/web/viewer.html?file=/files/2023%E5%B9%B4%E6%8A%A5.pdf'>在线预览</a>"
        "<a href='mailto:a@b.cn'>联系我们</a><a href='javascript:void(0)'>打印</a>"
        "<script>createPageHTML(5, 3, 'index', 'shtml');</script></body></html>".encode(),
        "http://x.gov.cn/col/index_3.shtml")
    assert [(link.url, link.text) for link in page.links] == [
        ("http://x.gov.cn/files/2023%E5%B9%B4%E6%8A%A5.pdf", "在线预览")]
    assert [link.year for link in page.links] == [2023]  # from the file name: 2023年报.pdf
    assert page.next_pages == ["http://x.gov.cn/col/index_4.shtml"]
    assert [link.url for link in links.report_attachments(page)] == ["http://x.gov.cn/files/2023%E5%B9%B4%E6%8A%A5.pdf"]
    refresh = links.read_page(b"<html><head><meta http-equiv='refresh' content='0; url=/new/page.html'>"
                              b"</head></html>", "http://x.gov.cn/old/")
    assert refresh.refresh == "http://x.gov.cn/new/page.html"


def _zip_of(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in names:
            zf.writestr(name, b"%PDF-1.4\n" + b"0" * 100)
    return buffer.getvalue()


def test_content_kinds():
    assert content.kind(b"%PDF-1.7\n...") == "pdf"
    ofd, stored_pdf, docx = _zip_of("OFD.xml", "Doc_0/Document.xml"), _zip_of("年报.pdf"), \
        (collect_site.REPORTS / "docx01_official.docx").read_bytes()
    assert [content.kind(ofd), content.kind(stored_pdf), content.kind(docx)] == ["ofd", "zip", "docx"]
    assert [content.kind(ofd[:60]), content.kind(stored_pdf[:60])] == ["ofd", "zip"]  # a head only
    with pytest.raises(ExtractionError, match=r"^unsupported archive \(a ZIP file that is not a Word document\)$"):
        sniff(stored_pdf)  # the extractor does not read the stored PDF as if the ZIP were one
    assert content.kind(b"\x89PNG\r\n\x1a\n\x00\x00") == "image"
    assert content.kind(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8) == "doc"
    assert content.kind(b"\x00\x01\x02garbage") is None
    assert content.suffix("doc", b"", "http://x/a/report.WPS") == ".wps"
    assert content.suffix("image", b"\xff\xd8\xff\xe0", "http://x/scan") == ".jpg"
    assert content.describe("html", "application/pdf; charset=utf-8") == \
        "content is an HTML page, served as application/pdf"


def test_host_gate_one_request_at_a_time_per_host_with_the_delay():
    gate, events, lock = HostGate(), [], threading.Lock()

    def request(host: str) -> None:
        with gate.slot(host, 0.2):
            start = time.monotonic()
            time.sleep(0.05)
            with lock:
                events.append((host, start, time.monotonic()))

    threads = [threading.Thread(target=request, args=(h,)) for h in ("a", "a", "a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a = sorted((s, e) for h, s, e in events if h == "a")
    assert len(a) == 3
    assert all(a[i + 1][0] - a[i][1] >= 0.2 for i in range(2))  # never overlapping, 0.2 s apart
    b_start = next(s for h, s, _ in events if h == "b")
    assert b_start < a[-1][0]  # another host does not wait for this one


def test_zip_member_names_written_in_gbk():
    info = zipfile.ZipInfo("2023年度报告.pdf".encode("gbk").decode("cp437"))
    info.flag_bits = 0
    assert member_name(info) == "2023年度报告.pdf"  # the one decoder, shared with extract


@pytest.mark.parametrize(("robots", "status", "note"), [
    ((503, {}, b""), "blocked_by_robots",
     "robots.txt unavailable (HTTP 503 Service Unavailable): everything disallowed"),
    ((404, {}, b""), "ok", None),  # no robots.txt: everything allowed
    ((200, {"Content-Type": "text/plain"}, b"User-agent: govinfo-extractor\nDisallow: /reports/\n"),
     "blocked_by_robots", "disallowed by robots.txt"),
])
def test_robots_txt_answers(tmp_path, robots, status, note):
    other = collect_site.start({"/robots.txt": robots})
    try:
        assert run(tmp_path, other.url("/reports/gbk.html")) == (0 if status == "ok" else 1)
        row = table(tmp_path)[other.url("/reports/gbk.html")]
        assert (row["status"], row["note"]) == (status, note)
        assert other.take_log()["/robots.txt"] == (3 if robots[0] == 503 else 1)  # a 5xx is retried
    finally:
        other.server.shutdown()
        other.server.server_close()
