"""Hostile-input campaign: broken and malicious files, each run as a user would run it.

    python benchmarks/hostile.py [--timeout 20] [--jobs 2] [--limit N] [--keep]

Builds ≥ 1,000 inputs from the valid reports in corpus/reports (deterministic: seeded):
byte flips, truncations, random bytes, empty files, wrong extensions, odd encodings,
zip bombs (by size and by ratio), XXE and entity expansion (DOCX and HTML, pointing at
a planted secret file), huge and deeply nested HTML and DOCX (a million attributes, 11 MB
inline images, 300 levels of nesting, 250,000 elements), absurd spans (gridSpan 1e9,
gridBefore 1e8, rowspan 3000 × colspan 1000), PDFs whose glyphs map to lone surrogates,
PDFs with 14,400 pt pages (also with ``--audit``) and RTF files (LibreOffice).

Each input is run alone as ``extract FILE -o out.csv --workers 1`` (a subprocess with a timeout, in
its own folder, with its own HOME and, when run as root, its own /tmp through a private
mount namespace), some also through the Python API and with ``--audit``; then each kind
is run as one batch into a dataset directory with 2 workers. Reported, in Markdown:
tracebacks, internal errors, hangs past the timeout, exit codes, partial or unreadable
output files, files left in HOME, /tmp or the working folder, processes left behind,
the planted secret reaching an output, and peak memory (the largest VmHWM of the run's
processes, sampled every 20 ms) against the configured per-worker limit.

Needs the ``test`` extra (reportlab and the embedded CJK font build the PDFs).
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bulk import _descendants, _peak_mb  # one /proc reader for both benchmarks

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "corpus" / "reports"
EXTRACT = [sys.executable, "-m", "extractor"]
SECRET = "HOSTILE-CAMPAIGN-SECRET-7f3a"
SECRET_FILE = ROOT / "benchmarks" / "_work" / "hostile-secret.txt"  # outside /tmp: runs get their own /tmp
MAX_MEMORY_MB = 3072  # the CLI's --max-memory default (per worker)
BULK = {"flip", "truncate", "encoding", "wrong_ext"}  # kinds --limit samples from
GRACE = 5.0  # seconds a run's helper processes may take to exit after it
EXPECTED_COLUMNS = {"report_id", "table", "row", "col", "value", "raw"}


# --- building the inputs -------------------------------------------------------------------


@dataclass
class Case:
    kind: str
    name: str
    data: bytes
    modes: tuple[str, ...] = ("cli",)


def _reports() -> list[Path]:
    return sorted(p for p in REPORTS.iterdir() if not p.name.endswith(".json"))


def _rezip(data: bytes, edit_document=None, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == "word/document.xml" and edit_document is not None:
                body = edit_document(body)
            zout.writestr(info.filename, body)
        for name, body in (extra or {}).items():
            zout.writestr(name, body)
    return out.getvalue()


def _zip_bomb(data: bytes, member: str, megabytes: int) -> bytes:
    """``data`` (a DOCX) with ``member`` replaced by ``megabytes`` MB of one byte, streamed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != member:
                zout.writestr(info.filename, zin.read(info))
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zout.open(info, "w", force_zip64=True) as part:
            if member == "word/document.xml":  # a valid document with megabytes of spaces in its body
                head, tail = zin.read(member).split(b"<w:body>", 1)
                part.write(head + b"<w:body>")
            chunk = b" " * 2**20
            for _ in range(megabytes):
                part.write(chunk)
            if member == "word/document.xml":
                part.write(tail)
    return out.getvalue()


def _pdf(lines: list[str], pagesize: tuple[float, float] = (595.0, 842.0), surrogate: str | None = None) -> bytes:
    """A text PDF with the embedded CJK font; ``surrogate`` maps the first glyph to that code point."""
    from reportlab.pdfgen import canvas

    sys.path.insert(0, str(ROOT))
    from corpus import cjk_font

    font = cjk_font.register()
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=pagesize, pageCompression=0, invariant=1)
    y = pagesize[1] - 60
    pdf.setFont(font, 10)
    for line in lines:
        if y < 60:
            pdf.showPage()
            pdf.setFont(font, 10)
            y = pagesize[1] - 60
        pdf.drawString(50, y, line[:60])
        y -= 14
    pdf.showPage()
    pdf.save()
    data = buf.getvalue()
    if surrogate:
        start = data.index(b"<01> <")
        data = data[:start] + b"<01> <" + surrogate.encode() + data[start + 10:]
    return data


def _huge_pages(data: bytes) -> bytes:
    """The PDF with every page's MediaBox grown to 14,400 × 14,400 pt, the content left where it was
    (top-left), so its tables are still found and ``--audit`` renders the huge pages."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        x0, y0, x1, y1 = page.get_mediabox()
        page.set_mediabox(x0, y1 - 14_400, x0 + 14_400, y1)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    return buf.getvalue()


def _report_lines(path: Path) -> list[str]:
    text = path.read_bytes().decode("gb18030" if "gb18030" in path.name else "utf-8", "replace")
    return [line for line in text.splitlines() if line.strip()]


def _rtf(lines: list[str]) -> bytes:
    body = "".join("".join(ch if ord(ch) < 128 else f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?"
                           for ch in line.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}"))
                   + "\\par\n" for line in lines)
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0\n" + body + "}").encode("ascii")


def build(seed: int = 11) -> list[Case]:
    rng = random.Random(seed)
    files = _reports()
    cases: list[Case] = []

    def add(kind: str, name: str, data: bytes, modes: tuple[str, ...] = ("cli",)) -> None:
        cases.append(Case(kind, f"{kind}-{len(cases):04d}-{name}", data, modes))

    for path in files:  # byte flips: 1, 10, 100 and 1,000 flipped bits, three seeds each
        data = path.read_bytes()
        for flips in (1, 10, 100, 1000):
            for _ in range(3):
                mutated = bytearray(data)
                for _ in range(flips):
                    k = rng.randrange(len(mutated))
                    mutated[k] ^= 1 << rng.randrange(8)
                add("flip", path.name, bytes(mutated))
    for path in files:  # truncations
        data = path.read_bytes()
        for cut in (0.0001, 0.1, 0.5, 0.9, 0.999):
            add("truncate", path.name, data[: max(1, int(len(data) * cut))])
    for i in range(30):  # random bytes, with report suffixes
        suffix = (".pdf", ".docx", ".html", ".txt", ".doc", ".md")[i % 6]
        add("random", f"r{i}{suffix}", rng.randbytes(rng.choice([1, 17, 4096, 200_000])))
    for suffix in (".pdf", ".docx", ".html", ".txt", ".doc", ".rtf", ".md", ".htm"):
        add("empty", f"empty{suffix}", b"")
        add("empty", f"blank{suffix}", b" \n\t\r\n" * 10)
    suffixes = {".pdf": ".docx", ".docx": ".html", ".html": ".pdf", ".txt": ".docx", ".md": ".pdf"}
    for path in files:  # wrong extensions (the loader sniffs the content)
        add("wrong_ext", path.stem + suffixes[path.suffix], path.read_bytes())
    text_files = [p for p in files if p.suffix in (".html", ".txt", ".md")]
    for path in text_files:  # odd encodings
        text = path.read_bytes().decode("gb18030" if "gb18030" in path.name or "gbk" in path.name else "utf-8",
                                        "replace")
        for encoding in ("utf-16", "utf-16-be", "utf-32", "big5", "gb18030"):
            add("encoding", f"{path.stem}.{encoding}{path.suffix}", text.encode(encoding, "replace"))
        if path.suffix == ".html":
            for charset in ("undefined", "x-unknown", "base64", "utf-7", "unicode_escape"):
                page = text.encode("gb18030")
                add("encoding", f"{path.stem}.charset-{charset}.html",
                    b'<meta charset="' + charset.encode() + b'">' + page)
            add("encoding", f"{path.stem}.bom-mismatch.html", codecs.BOM_UTF16_LE + text.encode("utf-8"))

    docx = (REPORTS / "docx01_official.docx").read_bytes()
    html = (REPORTS / "html01_trs_nbsp.html").read_text(encoding="utf-8")
    entities = (f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{SECRET_FILE.as_uri()}">'
                '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
                + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefgh", "bcdefghi"))
                + "]>")
    bombs = [("word/document.xml", 300), ("word/document.xml", 2048), ("word/styles.xml", 250),
             ("word/media/image1.png", 400), ("word/document.xml", 150)]
    for member, megabytes in bombs:
        add("zip_bomb", f"{member.replace('/', '_')}-{megabytes}MB.docx", _zip_bomb(docx, member, megabytes))

    def first_cell(attrs: bytes):
        return lambda xml: xml.replace(b"<w:tcPr>", b"<w:tcPr>" + attrs, 1)

    add("huge_span", "gridspan.docx", _rezip(docx, first_cell(b'<w:gridSpan w:val="1000000000"/>')), ("cli", "api"))
    add("huge_span", "gridbefore.docx", _rezip(docx, lambda x: x.replace(
        b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="100000000"/></w:trPr>', 1).replace(
        b'<w:tr ', b'<w:tr ', 1)), ("cli", "api"))
    add("huge_span", "gridafter-vmerge.docx", _rezip(docx, first_cell(b'<w:vMerge w:val="restart"/>'
                                                                       b'<w:gridSpan w:val="99999999"/>')))
    add("xxe", "xxe.docx", _rezip(docx, lambda x: x.replace(b"?>", b"?>" + entities.encode(), 1).replace(
        b"<w:t>", b"<w:t>&xxe;&i;", 1)))
    add("xxe", "xxe.html", (f'<?xml version="1.0"?>{entities.replace("w:document", "html")}'
                            + html.replace("<body>", "<body>&xxe;&i;", 1)).encode())
    add("deep", "sdt-300.docx", _rezip(docx, lambda x: x.replace(
        b"<w:body>", b"<w:body>" + b"<w:sdt><w:sdtContent>" * 300 + b"<w:p/>" + b"</w:sdtContent></w:sdt>" * 300, 1)))
    add("huge", "text-11MB.docx", _rezip(docx, lambda x: x.replace(
        b"<w:body>", b"<w:body><w:p><w:r><w:t>" + b"a" * (11 * 2**20) + b"</w:t></w:r></w:p>", 1)))
    body = "<body>" if "<body>" in html else "<body "
    pages = {
        "attributes-1M": html.replace("<body", "<body " + " ".join(f'a{i}="1"' for i in range(1_000_000)), 1),
        "data-image-12MB": html.replace(body, f'{body}<img src="data:image/png;base64,{"A" * (12 * 2**20)}">', 1),
        "style-11MB": html.replace("</head>", f"<style>{'a' * (11 * 2**20)}</style></head>", 1),
        "text-11MB": html.replace(body, f"{body}<p>{'字' * (4 * 2**20)}</p>", 1),
        "div-400-deep": html.replace(body, body + "<div>" * 400, 1),
        "span-3000-deep": html.replace(body, body + "<span>" * 3000, 1),
        "table-300-deep": html.replace(body, body + "<table><tr><td>" * 300, 1),
        "elements-250k": html.replace(body, body + "<b>x</b>" * 250_000, 1),
        "rowspan3000-colspan1000": html.replace("<td", '<td rowspan="3000" colspan="1000"', 3),
        "spans-grid": html.replace(body, body + "<table>" + ("<tr>" + '<td rowspan="3000" colspan="1000">x</td>' * 3
                                                             + "</tr>") * 60 + "</table>", 1),
        "nul-bytes": html.replace("信息", "信\x00息\x01", 20),
    }
    for name, page in pages.items():
        kind = "deep" if "deep" in name else "huge_span" if "span" in name else "huge"
        add(kind, f"{name}.html", page.encode("utf-8", "surrogatepass"), ("cli", "api"))

    for path in [p for p in files if p.suffix in (".txt", ".md")][:6]:
        lines = _report_lines(path)
        add("surrogate_pdf", f"{path.stem}-dc00.pdf", _pdf(lines, surrogate="DC00"), ("cli", "api"))
        add("surrogate_pdf", f"{path.stem}-d800.pdf", _pdf(lines, surrogate="D800"))
        add("huge_page_pdf", f"{path.stem}-14400pt.pdf", _pdf(lines, pagesize=(14_400.0, 14_400.0)),
            ("cli", "audit", "api"))
        add("rtf", f"{path.stem}.rtf", _rtf(lines[:80]))
    for path in [p for p in files if p.suffix == ".pdf"][:4]:  # real PDFs with --audit, also on 14,400 pt pages
        add("audit_pdf", path.name, path.read_bytes(), ("cli", "audit"))
        add("huge_page_pdf", f"{path.stem}-14400pt.pdf", _huge_pages(path.read_bytes()), ("cli", "audit", "api"))
    return cases


# --- running them --------------------------------------------------------------------------


@dataclass
class Run:
    case: str
    kind: str
    mode: str
    rc: int | None
    seconds: float
    peak_mb: float
    stderr: str
    problems: list[str] = field(default_factory=list)


def _private_tmp() -> bool:
    """Whether runs can get a private /tmp (root and util-linux unshare)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return probe.returncode == 0


PRIVATE_TMP = False


def _command(cmd: list[str], tmp: Path) -> list[str]:
    if not PRIVATE_TMP:
        return cmd
    return ["unshare", "-m", "sh", "-c", 'mount --bind "$0" /tmp && exec "$@"', str(tmp), *cmd]


def _peak_tree_mb(root: int) -> float:
    """The largest peak resident memory (VmHWM) of ``root`` and its descendants, in MB.

    (``wait4``'s ru_maxrss is no use here: a child's starts at its parent's size when forked.)
    """
    return max((_peak_mb(pid) for pid in [root, *_descendants(root)]), default=0.0)


def _group(pgid: int) -> list[int]:
    """Live (not zombie) processes of process group ``pgid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _run(cmd: list[str], folder: Path, timeout: float) -> tuple[int | None, float, float, str, int]:
    """Run ``cmd`` in ``folder`` with a private HOME (and /tmp); return rc, seconds, peak MB, stderr,
    processes left in its session afterwards (killed then)."""
    env = {k: v for k, v in os.environ.items() if k not in ("TMPDIR",)}
    env.update(HOME=str(folder / "home"), PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(ROOT), COLUMNS="200")
    start = time.perf_counter()
    with open(folder / "stderr", "wb") as err:
        proc = subprocess.Popen(_command(cmd, folder / "tmp"), cwd=folder / "cwd", env=env, stdout=subprocess.DEVNULL,
                                stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        rc, peak = None, 0.0
        while True:
            peak = max(peak, _peak_tree_mb(proc.pid))  # sampled while it runs: VmHWM only grows
            pid, status = os.waitpid(proc.pid, os.WNOHANG)
            if pid:
                rc = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                os.waitpid(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = rc if rc is not None else -9
    seconds = time.perf_counter() - start
    deadline = time.perf_counter() + GRACE
    while (left := len(_group(proc.pid))) and time.perf_counter() < deadline:
        time.sleep(0.05)
    for pid in _group(proc.pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return rc, seconds, peak, (folder / "stderr").read_text("utf-8", "replace"), left


def _leftovers(folder: Path, allowed: set[str]) -> list[str]:
    found = []
    for area in ("home", "tmp", "cwd"):
        for path in (folder / area).rglob("*"):
            rel = f"{area}/{path.relative_to(folder / area)}"
            if rel not in allowed and not path.is_dir():
                found.append(rel)
    return found


def _check_csv(path: Path) -> str | None:
    import pandas as pd

    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except Exception as exc:  # any unreadable output is a finding
        return f"unreadable out.csv ({type(exc).__name__})"
    if not EXPECTED_COLUMNS <= set(frame.columns):
        return "out.csv without the cells columns"
    if SECRET in path.read_text("utf-8-sig", "replace"):
        return "secret in out.csv"
    return None


def _problems(rc: int | None, stderr: str, left: int, leftovers: list[str]) -> list[str]:
    problems = []
    if rc is None:
        problems.append("hang (killed at the timeout)")
    elif rc not in (0, 1, 2):
        problems.append(f"exit code {rc}")
    if "Traceback (most recent call last)" in stderr:
        problems.append("traceback")
    if "internal error" in stderr:
        problems.append("internal error")
    if SECRET in stderr:
        problems.append("secret on stderr")
    if left:
        problems.append(f"processes left {GRACE:g} s after the run")
    problems += [f"left behind: {p}" for p in leftovers]
    return problems


def run_one(case: Case, mode: str, base: Path, timeout: float) -> Run:
    folder = Path(tempfile.mkdtemp(prefix=f"{mode}-", dir=base))
    for area in ("home", "tmp", "cwd", "in"):
        (folder / area).mkdir()
    source = folder / "in" / case.name.split("-", 2)[2]
    source.write_bytes(case.data)
    allowed = {"cwd/out.csv"}
    if mode == "cli":  # one file runs in-process (--workers 1): the path with no pool around it
        cmd = [*EXTRACT, str(source), "-o", "out.csv", "--workers", "1", "--timeout", str(timeout)]
    elif mode == "audit":
        cmd = [*EXTRACT, str(source), "-o", "out.csv", "--audit", "audit"]
        allowed |= {f"cwd/audit/{p}" for p in ("index.html",)}
    else:  # the Python API, in-process
        cmd = [sys.executable, "-c", "import sys, extractor; r = extractor.extract(sys.argv[1]); "
               "r.cells.to_csv('out.csv', index=False); print(r.meta['status'], r.meta['error'], file=sys.stderr)",
               str(source)]
    rc, seconds, peak, stderr, left = _run(cmd, folder, timeout)
    leftovers = [p for p in _leftovers(folder, allowed) if not p.startswith("cwd/audit/page-")]
    problems = _problems(rc, stderr, left, leftovers)
    out = folder / "cwd" / "out.csv"
    if out.exists():
        finding = _check_csv(out)
        if finding:
            problems.append(finding)
    elif rc in (0, 1) and mode != "api":
        problems.append("no out.csv")
    if any(p.name.startswith((".", "tmp")) and p.name != "out.csv" for p in (folder / "cwd").iterdir()):
        problems.append("temporary output file left")
    shutil.rmtree(folder, ignore_errors=True)
    lines = stderr.strip().splitlines()
    said = next((line for line in lines if "FAILED" in line or "partial" in line), lines[-1] if lines else "")
    return Run(case.name, case.kind, mode, rc, seconds, peak, said.strip()[:200], problems)


def run_batch(kind: str, cases: list[Case], base: Path, timeout: float) -> Run:
    folder = Path(tempfile.mkdtemp(prefix=f"batch-{kind}-", dir=base))
    for area in ("home", "tmp", "cwd", "in"):
        (folder / area).mkdir()
    for case in cases:
        (folder / "in" / case.name).write_bytes(case.data)
    cmd = [*EXTRACT, str(folder / "in"), "-o", "dataset/", "--workers", "2", "--timeout", str(timeout), "-q"]
    rc, seconds, peak, stderr, left = _run(cmd, folder, timeout * len(cases) + 60)
    leftovers = [p for p in _leftovers(folder, set()) if not p.startswith("cwd/dataset/")]
    problems = _problems(rc, stderr, left, leftovers)
    reports = folder / "cwd" / "dataset" / "reports.csv"
    if not reports.exists():
        problems.append("no dataset/reports.csv")
    else:
        import pandas as pd

        try:
            rows = len(pd.read_csv(reports, dtype=str))
            if rows == 0:
                problems.append("empty reports table")
        except Exception as exc:
            problems.append(f"unreadable reports.csv ({type(exc).__name__})")
        for path in (folder / "cwd" / "dataset").rglob("*"):
            if path.is_file() and SECRET.encode() in path.read_bytes():
                problems.append(f"secret in {path.name}")
    shutil.rmtree(folder, ignore_errors=True)
    return Run(f"batch of {len(cases)}", kind, "batch", rc, seconds, peak, "", problems)


# --- report --------------------------------------------------------------------------------


def summary(runs: list[Run], n_inputs: int, timeout: float, wall: float) -> str:
    by_mode: dict[str, list[Run]] = defaultdict(list)
    for run in runs:
        by_mode[run.mode].append(run)
    lines = [f"# Hostile-input campaign: {n_inputs:,} inputs, {len(runs):,} runs, {wall / 60:.1f} min",
             "", f"timeout {timeout:g} s per file; private /tmp: {'yes' if PRIVATE_TMP else 'no (not root)'}", "",
             "| mode | runs | exit 0 | exit 1 | exit 2 | tracebacks | internal errors | hangs | other problems "
             "| peak MB median | peak MB max | over the limit |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for mode, group in by_mode.items():
        codes = Counter(r.rc for r in group)
        count = Counter(p for r in group for p in r.problems)
        other = sum(n for p, n in count.items() if p not in ("traceback", "internal error", "hang (killed at the timeout)"))
        peaks = [r.peak_mb for r in group]
        lines.append(f"| {mode} | {len(group)} | {codes[0]} | {codes[1]} | {codes[2]} | {count['traceback']} "
                     f"| {count['internal error']} | {count['hang (killed at the timeout)']} | {other} "
                     f"| {statistics.median(peaks):.0f} | {max(peaks):.0f} "
                     f"| {sum(p > MAX_MEMORY_MB for p in peaks)} |")
    lines += ["", "| kind | runs | seconds max | peak MB max | problems |", "|---|---|---|---|---|"]
    by_kind: dict[str, list[Run]] = defaultdict(list)
    for run in runs:
        by_kind[run.kind].append(run)
    for kind, group in sorted(by_kind.items()):
        problems = sum(bool(r.problems) for r in group)
        lines.append(f"| {kind} | {len(group)} | {max(r.seconds for r in group):.1f} "
                     f"| {max(r.peak_mb for r in group):.0f} | {problems} |")
    bad = [r for r in runs if r.problems]
    if bad:
        lines += ["", "## Problems", ""]
        lines += [f"- {r.mode} {r.case}: {', '.join(r.problems)} — {r.stderr}" for r in bad[:60]]
    slow = sorted(runs, key=lambda r: -r.seconds)[:5]
    lines += ["", "Slowest runs: " + "; ".join(f"{r.mode} {r.case} {r.seconds:.1f} s" for r in slow)]
    return "\n".join(lines)


def main() -> None:
    global PRIVATE_TMP
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per file (default 20)")
    parser.add_argument("--jobs", type=int, default=2, help="runs at a time (default 2)")
    parser.add_argument("--limit", type=int, default=0,
                        help="about N inputs: every special one and an even sample of flips, truncations …")
    parser.add_argument("--no-batches", action="store_true", help="skip the batch runs")
    parser.add_argument("--kinds", help="only these kinds, comma-separated (flip, zip_bomb, huge_page_pdf …)")
    parser.add_argument("--json", type=Path, help="also write every run as JSON here")
    args = parser.parse_args()
    PRIVATE_TMP = _private_tmp()
    started = time.perf_counter()
    cases = build()
    if args.kinds:
        cases = [c for c in cases if c.kind in args.kinds.split(",")]
    if args.limit and args.limit < len(cases):  # every special input, an even sample of the bulk kinds
        bulk = [c for c in cases if c.kind in BULK]
        special = [c for c in cases if c.kind not in BULK]
        step = len(bulk) / max(args.limit - len(special), 1)
        cases = [bulk[int(i * step)] for i in range(max(args.limit - len(special), 1))] + special
    SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
    SECRET_FILE.write_text(SECRET)
    base = Path(tempfile.mkdtemp(prefix="hostile-", dir=SECRET_FILE.parent))  # not in /tmp: see _command
    jobs = [(case, mode) for case in cases for mode in case.modes]
    print(f"{len(cases)} inputs, {len(jobs)} single runs", file=sys.stderr)
    runs: list[Run] = []
    try:
        with ThreadPoolExecutor(args.jobs) as pool:
            for i, run in enumerate(pool.map(lambda job: run_one(*job, base, args.timeout), jobs)):
                runs.append(run)
                if run.problems:
                    print(f"  {run.mode} {run.case}: {', '.join(run.problems)} — {run.stderr}", file=sys.stderr)
                if i % 100 == 99:
                    print(f"  {i + 1} runs, {time.perf_counter() - started:.0f} s", file=sys.stderr)
            if not args.no_batches:
                kinds: dict[str, list[Case]] = defaultdict(list)
                for case in cases:
                    kinds[case.kind].append(case)
                runs += list(pool.map(lambda item: run_batch(*item, base, args.timeout), kinds.items()))
    finally:
        shutil.rmtree(base, ignore_errors=True)
        SECRET_FILE.unlink(missing_ok=True)
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in runs], ensure_ascii=False, indent=1))
    print(summary(runs, len(cases), args.timeout, time.perf_counter() - started))


if __name__ == "__main__":
    main()
