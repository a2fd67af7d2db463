"""Audit pictures: every extracted cell shown where it was printed, to check by eye.

For a PDF, each page holding an extracted cell is rendered (PDFium) and every cell
with a ``page`` and ``bbox`` is boxed and labelled with its row/col key and value
(Pillow): blue for a value, grey for a blank cell, red for a cell in a failed
check; the text of the page's text layer inside each box is read back and compared
with the value, and a box whose text differs is drawn magenta. For DOCX, HTML and
text, which have no pages, the normalized tables are rendered as HTML instead. In
both cases ``index.html`` lists the report's three tables as printed (rows × columns,
failed cells in red, derived subtotals marked) with the pictures.

``extract report.pdf --audit DIR`` writes one report's audit into DIR; several inputs
get one folder each under DIR and a DIR/index.html listing them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .checks import check_members
from .schema import TABLES

if TYPE_CHECKING:
    import pandas as pd

    from .pipeline import Report
    from .tables import MappedCell

SCALE = 3.0  # render scale: 216 dpi, so the labels of narrow cells stay legible
MAX_PIXELS = 12_000_000  # per rendered page (A4 at SCALE is 4.5 million): a huge page renders smaller
COLOURS = {"ok": (31, 111, 235), "blank": (130, 130, 130), "failed": (209, 36, 47), "mismatch": (191, 0, 191)}
_CSS_COLOURS = {k: "#{:02x}{:02x}{:02x}".format(*v) for k, v in COLOURS.items()}

Key = tuple[str, str, str]  # (table, row, col)


# --- which cells a failed check is about -------------------------------------

def check_cells(report: Report) -> dict[Key, list[str]]:
    """(table, row, col) → the failed checks (``rule/target``) that cell takes part in."""
    out: dict[Key, list[str]] = {}
    for check in report.check_list:
        if check.status == "fail":
            for key in check.cells:
                out.setdefault(key, []).append(f"{check.rule}/{check.target}")
    return out


def failed_check_cells(cells: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """The printed cells of every failed check, side by side with the check's numbers.

    One row per failed check and member cell: report_id, rule, target, expected,
    actual, table, row, col, raw, value, derived (from a dataset's ``cells`` and
    ``checks`` frames).
    """
    import pandas as pd

    failed = checks[checks["status"] == "fail"]
    columns = ["report_id", "rule", "target", "expected", "actual", "table", "row", "col", "raw", "value",
               "derived"]
    if failed.empty:
        return pd.DataFrame(columns=columns)
    mine = cells[cells["report_id"].isin(set(failed["report_id"]))]
    printed = (mine[(mine["table"] == "applications") & ~mine["derived"].fillna(False).astype(bool)]
               .groupby("report_id")["row"].agg(set).to_dict())
    rows = []
    for check in failed.itertuples(index=False):
        for order, (table, row, col) in enumerate(
                check_members(check.rule, check.target, printed.get(check.report_id, set()))):
            rows.append({"report_id": check.report_id, "rule": check.rule, "target": check.target,
                         "expected": check.expected, "actual": check.actual, "table": table, "row": row,
                         "col": col, "_order": order})
    members = pd.DataFrame(rows)
    out = members.merge(mine[["report_id", "table", "row", "col", "raw", "value", "derived"]],
                        on=["report_id", "table", "row", "col"], how="left")
    return out.sort_values(["report_id", "rule", "target", "_order"]).drop(columns="_order") \
        .reset_index(drop=True)[columns]


# --- the text layer inside a box ---------------------------------------------

_NUMBER_NOISE = re.compile(r"[\s,，]")


def same_text(found: str, raw: str | None) -> bool:
    """Whether the text read inside a box is the printed cell text (spaces, separators ignored)."""
    return _NUMBER_NOISE.sub("", found or "") == _NUMBER_NOISE.sub("", raw or "")


def text_in_bbox(page: Any, bbox: tuple[float, float, float, float], textpage: Any = None) -> str:
    """Text of a pypdfium2 page's text layer inside ``bbox`` (x0, top, x1, bottom; top-left origin)."""
    x0, top, x1, bottom = bbox
    height = page.get_height()
    tp = textpage or page.get_textpage()
    try:
        return tp.get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top)
    finally:
        if textpage is None:
            tp.close()


# --- drawing ------------------------------------------------------------------

@dataclass
class Box:
    """One cell to draw on a page."""

    key: Key
    bbox: tuple[float, float, float, float]
    value: float | None
    raw: str | None
    kind: str  # ok, blank, failed, mismatch
    found: str | None = None  # text layer inside the box
    checks: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.key[1]}/{self.key[2]}"

    @property
    def shown(self) -> str:
        return _fmt(self.value) if self.value is not None else (f'"{self.raw}"' if self.raw else "blank")


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _font(size: int) -> Any:
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: a fixed bitmap font
        return ImageFont.load_default()


def draw_boxes(image: Any, boxes: Iterable[Box], scale: float = SCALE) -> Any:
    """Draw ``boxes`` (PDF points, top-left origin) on a PIL image of the page rendered at ``scale``.

    Each box gets its row and column key in its top-left corner and ``= value`` in its
    bottom-right corner (where a ruled cell leaves room around the centred number).
    """
    from PIL import Image, ImageDraw

    base = image.convert("RGBA")
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    order = {"ok": 0, "blank": 0, "failed": 1, "mismatch": 2}  # problems drawn last, on top
    for box in sorted(boxes, key=lambda b: order[b.kind]):
        # whole pixels, the right and bottom edges inside: neighbouring cells' boxes don't overlap
        x0, top = round(box.bbox[0] * scale), round(box.bbox[1] * scale)
        x1, bottom = round(box.bbox[2] * scale) - 1, round(box.bbox[3] * scale) - 1
        colour = (*COLOURS[box.kind], 255)
        width = 3 if box.kind in ("failed", "mismatch") else 2
        draw.rectangle((x0, top, x1, bottom), outline=colour, width=width)
        room = x1 - x0 - 2 * width - 2
        keys = [box.key[1], box.key[2]]
        size = _fit(draw, keys, room)
        font = _font(size)
        keys = [_clip(draw, k, font, room) for k in keys]
        _label(draw, keys, font, size, x0 + width, top + width, colour, anchor="top-left", alpha=120)
        value = f"= {box.shown}"
        vfont = _font(_fit(draw, [value], room, largest=13))
        _label(draw, [_clip(draw, value, vfont, room)], vfont, vfont.size if hasattr(vfont, "size") else size,
               x1 - width, bottom - width, colour, anchor="bottom-right")
    return Image.alpha_composite(base, overlay).convert("RGB")


def _label(draw: Any, lines: list[str], font: Any, size: int, x: float, y: float, colour: tuple,
           anchor: str, alpha: int = 210) -> None:
    """Lines of text on a translucent white patch (the print shows through), from the corner (x, y)."""
    pad, step = 1, size + 1
    widest = max(draw.textlength(line, font=font) for line in lines)
    height = len(lines) * step + 2 * pad
    left, upper = (x, y) if anchor == "top-left" else (x - widest - 2 * pad, y - height)
    draw.rectangle((left, upper, left + widest + 2 * pad, upper + height), fill=(255, 255, 255, alpha))
    for i, line in enumerate(lines):
        draw.text((left + pad, upper + pad + i * step), line, font=font, fill=colour)


def _fit(draw: Any, lines: list[str], width: float, largest: int = 11, smallest: int = 7) -> int:
    """The largest font size (px) at which ``lines`` fit in ``width``, not below ``smallest``."""
    for size in range(largest, smallest - 1, -1):
        font = _font(size)
        if max(draw.textlength(line, font=font) for line in lines) <= width:
            return size
    return smallest


def _clip(draw: Any, text: str, font: Any, width: float) -> str:
    """``text`` cut with "…" to fit ``width`` (the image map's tooltip has it whole)."""
    if draw.textlength(text, font=font) <= width or len(text) <= 2:
        return text
    while len(text) > 2 and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def _kind(cell: MappedCell, failed: dict[Key, list[str]], found: str | None) -> str:
    key = (cell.table, cell.row, cell.col)
    if found is not None and not same_text(found, cell.raw):
        return "mismatch"
    if key in failed:
        return "failed"
    return "blank" if cell.value is None else "ok"


def pdf_boxes(report: Report, pdf: Any) -> dict[int, list[Box]]:
    """Page number → boxes of the cells printed on it, with the text layer read inside each."""
    failed = check_cells(report)
    pages: dict[int, list[Box]] = {}
    by_page: dict[int, list[MappedCell]] = {}
    for cell in report.cell_list:
        if cell.page is not None and cell.bbox is not None and not cell.derived:
            by_page.setdefault(cell.page, []).append(cell)
    for number, cells in sorted(by_page.items()):
        if not 1 <= number <= len(pdf):
            continue
        page = pdf[number - 1]
        textpage = page.get_textpage()
        try:
            for cell in cells:  # a value read by OCR has no text layer to compare with
                found = text_in_bbox(page, cell.bbox, textpage) if cell.ocr_confidence is None else None
                key = (cell.table, cell.row, cell.col)
                pages.setdefault(number, []).append(Box(
                    key, cell.bbox, cell.value, cell.raw, _kind(cell, failed, found), found,
                    failed.get(key, [])))
        finally:
            textpage.close()
            page.close()
    return pages


def render_scale(width: float, height: float, scale: float = SCALE) -> float:
    """``scale``, or less for a page so large (14,400 pt) that it would pass MAX_PIXELS."""
    area = max(width, 1.0) * max(height, 1.0)
    return min(scale, 0.999 * (MAX_PIXELS / area) ** 0.5)  # PDFium rounds the pixel size up


def render_pdf_pages(report: Report, data: bytes, out: Path,
                     scale: float = SCALE) -> dict[int, tuple[Path, list[Box], float]]:
    """Write ``page-NNN.png`` for each page holding a cell; return page → (png, boxes, scale used).

    The scale is chosen from the page size before rendering, so no page renders past MAX_PIXELS.
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    written: dict[int, tuple[Path, list[Box], float]] = {}
    try:
        for number, boxes in pdf_boxes(report, pdf).items():
            page = pdf[number - 1]
            try:
                page_scale = render_scale(*page.get_size(), scale)
                image = page.render(scale=page_scale).to_pil()
            finally:
                page.close()
            target = out / f"page-{number:03d}.png"
            draw_boxes(image, boxes, page_scale).save(target, optimize=True)
            written[number] = (target, boxes, page_scale)
    finally:
        pdf.close()
    return written


def render_image_pages(report: Report, data: bytes, out: Path,
                       scale: float = SCALE) -> dict[int, tuple[Path, list[Box]]]:
    """``page-NNN.png`` for each page of an image input (PNG, JPEG, TIFF frames) holding a cell."""
    from PIL import Image

    from .loaders.image import frames, pixels_per_point

    failed = check_cells(report)
    written: dict[int, tuple[Path, list[Box]]] = {}
    pages = frames(data)
    for number, frame in enumerate(pages, start=1):
        boxes = [Box((c.table, c.row, c.col), c.bbox, c.value, c.raw, _kind(c, failed, None), None,
                     failed.get((c.table, c.row, c.col), []))
                 for c in report.cell_list if c.page == number and c.bbox is not None and not c.derived]
        if not boxes:
            continue
        zoom = scale / pixels_per_point(frame)
        image = frame.convert("RGB")
        image = image.resize((round(image.width * zoom), round(image.height * zoom)), Image.LANCZOS)
        target = out / f"page-{number:03d}.png"
        draw_boxes(image, boxes, scale).save(target, optimize=True)
        written[number] = (target, boxes)
    return written


# --- index.html ---------------------------------------------------------------

_STYLE = f"""
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; margin: 1.5em; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 13px; }}
th, td {{ border: 1px solid #bbb; padding: 2px 6px; text-align: right; }}
th.row {{ text-align: left; font-weight: normal; white-space: nowrap; }}
td.failed {{ background: #ffe0e0; color: {_CSS_COLOURS['failed']}; font-weight: bold; }}
td.mismatch {{ background: #ffe0ff; color: {_CSS_COLOURS['mismatch']}; font-weight: bold; }}
td.blank {{ color: {_CSS_COLOURS['blank']}; }}
td.derived {{ font-style: italic; color: #555; }}
.legend span {{ padding: 1px 6px; margin-right: 8px; border: 2px solid; }}
.page {{ display: inline-block; border: 1px solid #999; margin: 0.5em 0; max-width: 100%; overflow-x: auto; }}
.page img {{ display: block; }}
small {{ color: #666; }}
"""


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text))


def _table_html(report: Report, table_key: str, failed: dict[Key, list[str]],
                mismatched: set[Key]) -> str:
    table = TABLES[table_key]
    cells = {(c.row, c.col): c for c in report.cell_list if c.table == table_key}
    if not cells:
        return f"<p><small>table {table_key} not found</small></p>"
    known = [r.key for r in table.rows]
    rows = [r for r in known if any(k[0] == r for k in cells)] + sorted(
        {r for r, _ in cells if r not in known})
    cols = [c.key for c in table.columns if any(k[1] == c.key for k in cells)]
    labels = {c.key: c.label for c in table.columns}
    out = ["<table>", "<tr><th></th>" + "".join(
        f"<th>{_e(labels.get(c, c))}<br><small>{_e(c)}</small></th>" for c in cols) + "</tr>"]
    for row in rows:
        label = table.row(row).label if row in known else row
        out.append(f'<tr><th class="row">{_e(label)}<br><small>{_e(row)}</small></th>')
        for col in cols:
            cell = cells.get((row, col))
            if cell is None:
                out.append("<td></td>")
                continue
            key = (table_key, row, col)
            classes = []
            tip = [f"{row}/{col}", f"raw: {cell.raw!r}"]
            if key in mismatched:
                classes.append("mismatch")
                tip.append("text in the box differs from the value")
            elif key in failed:
                classes.append("failed")
                tip += failed[key]
            if cell.derived:
                classes.append("derived")
                tip.append("derived (not printed)")
            if cell.value is None:
                classes.append("blank")
            if cell.page is not None:
                tip.append(f"page {cell.page}")
            shown = _fmt(cell.value) if cell.value is not None else (cell.raw or "·")
            out.append(f'<td class="{" ".join(classes)}" title="{_e(" · ".join(tip))}">{_e(shown)}</td>')
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def _checks_html(report: Report) -> str:
    failed = [c for c in report.check_list if c.status == "fail"]
    if not failed:
        n = len(report.check_list)
        return f"<p>None of the {n} checks fails (each passes or is not assessable over a blank cell).</p>" \
            if n else "<p>No checks.</p>"
    rows = "".join(f"<tr><td>{_e(c.rule)}</td><td>{_e(c.target)}</td><td>{_e(_fmt(c.expected))}</td>"
                   f"<td>{_e(_fmt(c.actual))}</td></tr>" for c in failed)
    return ("<table><tr><th>failed rule</th><th>target</th><th>expected (from the other cells)</th>"
            f"<th>printed</th></tr>{rows}</table>")


DISPLAY = 1.5  # CSS pixels per PDF point in index.html (the PNG has SCALE: sharp when zoomed)


def _page_html(number: int, png: Path, boxes: list[Box], scale: float) -> str:
    from PIL import Image

    with Image.open(png) as image:
        width, height = (round(v / scale * DISPLAY) for v in image.size)
    areas = []
    for box in boxes:  # image-map coordinates are CSS pixels of the shown size, not the file's
        x0, top, x1, bottom = (round(v * DISPLAY) for v in box.bbox)
        tip = f"{box.label} = {box.shown} · raw {box.raw!r} · text in box {box.found!r}"
        if box.checks:
            tip += " · " + ", ".join(box.checks)
        areas.append(f'<area shape="rect" coords="{x0},{top},{x1},{bottom}" title="{_e(tip)}" alt="{_e(box.label)}">')
    bad = [b for b in boxes if b.kind == "mismatch"]
    note = f" — <b>{len(bad)} boxes whose text differs from the value</b>" if bad else ""
    return (f'<h3>Page {number} <small><a href="{_e(png.name)}">full size</a></small></h3>'
            f'<p><small>{len(boxes)} cells{note} · hover a box for its key, raw text and checks</small></p>'
            f'<div class="page"><img src="{_e(png.name)}" width="{width}" height="{height}" '
            f'usemap="#p{number}" alt="page {number}"></div>'
            f'<map name="p{number}">{"".join(areas)}</map>')


def write_report_audit(report: Report, out: Path, data: bytes | None = None, scale: float = SCALE) -> Path:
    """Write the audit of one report into ``out`` (created); return the path of its index.html.

    ``data`` is the input file's bytes (read from ``report.meta['source']`` when not
    given); it is needed only to render PDF pages.
    """
    out.mkdir(parents=True, exist_ok=True)
    meta = report.meta
    pages: dict[int, tuple[Path, list[Box], float]] = {}
    has_boxes = any(c.page is not None and c.bbox is not None for c in report.cell_list)
    note = ""
    if meta.get("format") in ("pdf", "image") and has_boxes:
        if data is None:
            try:
                data = Path(meta["source"]).read_bytes()
            except OSError as exc:
                note = f"cannot read {meta['source']} to render its pages: {exc.strerror or exc}"
        if data is not None:
            render = render_pdf_pages if meta.get("format") == "pdf" else render_image_pages
            pages = render(report, data, out, scale)
    elif meta.get("format") == "pdf":
        note = "this PDF's cells carry no page positions: the tables below are the normalized rendering"
    else:
        note = f"{meta.get('format') or 'this'} input has no pages: the tables below are the normalized rendering"
    failed = check_cells(report)
    mismatched = {b.key for _, boxes, _ in pages.values() for b in boxes if b.kind == "mismatch"}
    title = f"{meta.get('agency') or '?'} {meta.get('year') or ''} — audit"
    parts = [
        "<!doctype html>", '<html lang="zh-CN"><head><meta charset="utf-8">', f"<title>{_e(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{_e(meta.get('agency') or '?')} · {_e(meta.get('year') or '?')}</h1>",
        f"<p><small>{_e(meta.get('source'))} · format {_e(meta.get('format'))} · template "
        f"{_e(meta.get('template'))} · status <b>{_e(meta.get('status'))}</b>"
        f"{' · ' + _e(meta.get('error')) if meta.get('error') else ''} · {len(report.cell_list)} cells · "
        f"report_id {_e(meta.get('report_id'))}</small></p>",
        '<p class="legend">' + "".join(
            f'<span style="border-color:{_CSS_COLOURS[k]};color:{_CSS_COLOURS[k]}">{text}</span>'
            for k, text in (("ok", "value"), ("blank", "blank cell"), ("failed", "in a failed check"),
                            ("mismatch", "text in box ≠ value"))) + "<i>italic: derived subtotal</i></p>",
    ]
    if note:
        parts.append(f"<p><small>{_e(note)}</small></p>")
    parts += ["<h2>Checks</h2>", _checks_html(report)]
    for key, table in TABLES.items():
        on_pages = sorted({c.page for c in report.cell_list if c.table == key and c.page is not None})
        where = f" <small>(page {', '.join(map(str, on_pages))})</small>" if on_pages else ""
        parts += [f"<h2>{_e(table.title)} <small>{_e(key)}</small>{where}</h2>",
                  _table_html(report, key, failed, mismatched)]
    if pages:
        parts.append("<h2>Pages</h2>")
        parts += [_page_html(n, png, boxes, used) for n, (png, boxes, used) in sorted(pages.items())]
    parts.append("</body></html>")
    index = out / "index.html"
    index.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return index


# --- several reports (the CLI's --audit) ----------------------------------------

_UNSAFE = re.compile(r"[^\w.-]+")
AUDITED = "_audit"  # set by a batch worker that wrote the report's audit: the page renders in the worker


class Auditor:
    """Collects the audits of a run: one report into ``out`` itself, several into one folder each."""

    def __init__(self, out: Path, single: bool) -> None:
        self.out = out
        self.single = single
        self.entries: list[tuple[str, dict[str, Any]]] = []
        out.mkdir(parents=True, exist_ok=True)

    def write(self, report: Report) -> Path:
        """Write one report's audit (into ``out``, or its own folder under it); return its index.html."""
        meta = report.meta
        if self.single:
            target = self.out
        else:
            stem = _UNSAFE.sub("_", Path(meta.get("source") or "report").stem)[:60]
            target = self.out / f"{stem}-{meta.get('report_id') or 'unread'}"
        try:
            return write_report_audit(report, target)
        except Exception as exc:  # an audit problem must not stop the run
            target.mkdir(parents=True, exist_ok=True)
            index = target / "index.html"
            index.write_text(f"<!doctype html><meta charset=\"utf-8\"><p>audit failed: "
                             f"{_e(type(exc).__name__)}: {_e(exc)}</p>\n", encoding="utf-8")
            return index

    def add(self, report: Report) -> Path:
        """Record a report's audit, writing it unless a batch worker already did (``meta['_audit']``)."""
        done = report.meta.pop(AUDITED, None)
        index = Path(done) if done else self.write(report)
        self.entries.append((index.relative_to(self.out).as_posix(), dict(report.meta)))
        return index

    def finish(self) -> Path:
        """Write the list of reports (several inputs) and return the entry page."""
        if self.single:
            return self.out / "index.html"
        rows = []
        for link, meta in sorted(self.entries, key=lambda e: str(e[1].get("source"))):
            rows.append(f'<tr><td><a href="{_e(link)}">{_e(meta.get("source"))}</a></td>'
                        f"<td>{_e(meta.get('agency'))}</td><td>{_e(meta.get('year'))}</td>"
                        f"<td>{_e(meta.get('format'))}</td><td>{_e(meta.get('status'))}</td>"
                        f"<td>{_e(meta.get('n_checks_failed'))}</td><td>{_e(meta.get('error'))}</td></tr>")
        page = ("<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>audit</title>"
                f"<style>{_STYLE} td {{ text-align: left; }}</style></head><body><h1>Audit</h1>"
                "<table><tr><th>source</th><th>agency</th><th>year</th><th>format</th><th>status</th>"
                f"<th>failed checks</th><th>error</th></tr>{''.join(rows)}</table></body></html>\n")
        index = self.out / "index.html"
        index.write_text(page, encoding="utf-8")
        return index

