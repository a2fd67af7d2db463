"""HTML pages: a portal article, a saved Word page, or a bare table fragment.

Steps: decode (declared ``<meta>`` charset checked against the bytes), parse with
lxml, drop scripts and portal clutter (menus, headers, footers, share bars …), find
the article container (known CMS selectors, else the element holding the tables and
most of the CJK text), then read paragraphs and tables in order. Tables follow the
HTML table algorithm (colspan/rowspan, absurd spans clamped); a nested table is its
own block, as in the DOCX loader. When the article does not open with a title line,
the page's ``<h1>``/``<h2>``/``<title>`` title (site name removed) is put first.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re
from lxml import etree

from ..encoding import decode_bytes
from ..errors import ExtractionError
from ..model import Block, Document, Paragraph, check_grid
from .docx import RawCell, clean_lines, table_blocks
from .html_limits import parse_bounded

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_CJK = re.compile(r"\p{Han}")
_INLINE_WS = re.compile(r"[\r\n]+")
_INVISIBLE = re.compile(r"[\x00\u200b\u200c\u200d\ufeff]")

_NON_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head",
                "select", "option", "button", "input", "textarea"}
_DROP_TAGS = _NON_CONTENT | {"nav", "header", "footer", "aside"}
_CLUTTER = re.compile(
    r"nav|menu|footer|header|breadcrumb|crumb|share|sidebar|login|search|related|copyright", re.I)
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
               "section", "article", "main", "blockquote", "pre", "center", "address", "figure",
               "figcaption", "caption", "form", "fieldset", "hr", "td", "th", "tr", "body"}
# (selector kind, value): CMS article containers, most specific first
_CONTAINERS = [("class", "trs_editor"), ("id", "zoom"), ("id", "ivs_content"),
               ("class", "custom_unionstyle"), ("class", "xxgk_content"), ("class", "article"),
               ("class", "content"), ("tag", "article")]
_CMS_CONTAINERS = _CONTAINERS[:5]  # names only article bodies use
_TABLE_PARTS = {"", "table", "tbody", "thead", "tfoot", "tr"}
_TITLE_WORDS = ("年度报告", "年报")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|\s[-–—]+\s)\s*")
_MAX_COLSPAN = 1000
_SENTENCE = re.compile(r"[。，；]")
_TITLE_MAX = 80  # a longer line naming the report is a sentence, not its title


# --- decoding and parsing -----------------------------------------------------------------


def declared_charset(data: bytes) -> str | None:
    """The charset named by a ``<meta>`` tag or XML declaration near the top."""
    head = data[:16384]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def parse_html(data: bytes) -> etree._Element:
    """Decode ``data`` and return the lxml root ``<html>`` element."""
    text, _ = decode_bytes(data, declared_charset(data))
    text = _XML_DECL.sub("", _INVISIBLE.sub("", text), count=1)
    if not text.strip():
        raise ExtractionError("empty HTML page")
    return parse_bounded(text)


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _attr(el: etree._Element, name: str) -> str:
    """An attribute's value, "" when absent (or valueless in a damaged page)."""
    return el.get(name) or ""


def _classes(el: etree._Element) -> list[str]:
    return _attr(el, "class").lower().split()


def _text(el: etree._Element) -> str:
    return " ".join(el.text_content().split())


# --- title --------------------------------------------------------------------------------


def _strip_site(title: str) -> str:
    """'XX县2023年…年度报告_XX县人民政府' -> the part that names the report."""
    parts = [p for p in _TITLE_SPLIT.split(title) if p]
    return next((p for p in parts if any(w in p for w in _TITLE_WORDS)), title).strip()


def _names_title(el: etree._Element) -> bool:
    return _tag(el) != "title" and "title" in f"{_attr(el, 'id')} {_attr(el, 'class')}".lower()


def page_title(root: etree._Element) -> str | None:
    """The report title from <h1>, <h2>, a *title* element, ArticleTitle or <title>."""
    candidates: list[str] = [_text(el) for tag in ("h1", "h2") for el in root.iter(tag)]
    candidates += [_text(el) for el in root.iter() if isinstance(el.tag, str) and _names_title(el)]
    candidates += [_attr(el, "content") for el in root.iter("meta") if el.get("name") == "ArticleTitle"]
    candidates += [_text(el) for el in root.iter("title")]
    for title in candidates:
        if any(w in title for w in _TITLE_WORDS) and len(title) < 2 * _TITLE_MAX:
            return _strip_site(title)
    return None


# --- clutter ------------------------------------------------------------------------------


def _cjk_count(text: str | None) -> int:
    return len(_CJK.findall(text)) if text else 0


def _is_hidden(el: etree._Element) -> bool:
    style = _attr(el, "style").replace(" ", "").lower()
    return "display:none" in style or el.get("hidden") is not None


def _is_clutter(el: etree._Element) -> bool:
    names = f"{_attr(el, 'id')} {_attr(el, 'class')}".replace("canvas", "")
    return _tag(el) in _DROP_TAGS or _is_hidden(el) or bool(_CLUTTER.search(names))


def _holds_article(el: etree._Element, total: int) -> bool:
    """Never drop what holds a known container or half the page's text."""
    if any(_matches(d, kind, value) for d in el.iter() for kind, value in _CMS_CONTAINERS):
        return True
    return _tag(el) not in {"script", "style", "head"} and _cjk_count(el.text_content()) * 2 > total


def drop_clutter(body: etree._Element) -> None:
    """Remove scripts, hidden elements and portal navigation in place."""
    total = _cjk_count(body.text_content())
    doomed = [el for el in body.iter() if el is not body and (
        not isinstance(el.tag, str)  # comments, processing instructions
        or (_is_clutter(el) and not _holds_article(el, total)))]
    marked = set(doomed)
    for el in doomed:
        if not any(a in marked for a in el.iterancestors()):
            el.drop_tree()


# --- container ----------------------------------------------------------------------------


def _matches(el: etree._Element, kind: str, value: str) -> bool:
    if kind == "class":
        return value in _classes(el)
    if kind == "id":
        return _attr(el, "id").lower() == value
    return _tag(el) == value


def _plain_counts(body: etree._Element) -> dict[etree._Element, int]:
    """CJK characters in each element's subtree, link text not counted."""
    counts: dict[etree._Element, int] = {}
    for el in reversed(list(body.iter())):
        own = 0 if _tag(el) == "a" else _cjk_count(el.text)
        for child in el:
            own += counts.get(child, 0) + _cjk_count(child.tail)
        counts[el] = 0 if _tag(el) == "a" else own
    return counts


def _is_data_table(table: etree._Element) -> bool:
    """An innermost table with 2+ rows and 2+ cells in some row (not a layout table)."""
    rows = list(_rows(table))
    return (next(table.iterdescendants("table"), None) is None and len(rows) >= 2
            and max(len(_row_cells(r)) for r in rows) >= 2)


class _Density:
    """CJK text per element and the share of the page's data tables it holds."""

    def __init__(self, body: etree._Element) -> None:
        self.counts = _plain_counts(body)
        self.total = self.counts[body] or 1
        tables = [t for t in body.iter("table") if _is_data_table(t)]
        self.tables = [(self.counts[t], {t, *t.iterancestors()}) for t in tables]
        self.table_text = sum(n for n, _ in self.tables)

    def holds(self, el: etree._Element, share: float) -> bool:
        """``el`` has ``share`` of the text and nearly all data-table text."""
        inner = sum(n for n, outer in self.tables if el in outer)
        return self.counts[el] >= share * self.total and inner >= 0.9 * self.table_text

    def splits(self, el: etree._Element) -> bool:
        """``el`` holds 2+ text blocks (it is not a single paragraph)."""
        return sum(1 for c in el if _tag(c) in _BLOCK_TAGS | {"table"} and self.counts[c]) >= 2


def find_container(body: etree._Element) -> etree._Element:
    """The element holding the article: a CMS container, else by text density."""
    density = _Density(body)
    for kind, value in _CONTAINERS:
        found = [el for el in body.iter() if _matches(el, kind, value) and density.holds(el, 0.4)]
        if found:
            return max(found, key=lambda el: density.counts[el])
    candidates = [el for el in body.iter()
                  if _tag(el) not in _TABLE_PARTS and density.holds(el, 0.7) and density.splits(el)]
    return max(candidates, key=lambda el: len(list(el.iterancestors())), default=body)


# --- blocks -------------------------------------------------------------------------------


def _span(value: str | None) -> int:
    """A rowspan/colspan value; past 7 digits it is 10,000,000 (clamped later anyway)."""
    match = re.match(r"\s*0*([0-9]+)", value or "")
    return (int(match.group(1)) if len(match.group(1)) <= 7 else 10**7) if match else 1


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    """The table's own rows (not those of nested tables)."""
    for child in table:
        if _tag(child) == "tr":
            yield child
        elif _tag(child) in {"thead", "tbody", "tfoot"}:
            yield from (tr for tr in child if _tag(tr) == "tr")


def _row_cells(tr: etree._Element) -> list[etree._Element]:
    return [td for td in tr if _tag(td) in {"td", "th"}]


class BlockReader:
    """Walks an element tree, emitting paragraphs (split on <br>) and tables in order."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._buffer: list[str] = []

    def read(self, el: etree._Element) -> list[Block]:
        """The blocks of ``el`` (which may itself be a table)."""
        self._node(el)
        self._flush()
        return self.blocks

    def _flush(self) -> None:
        text = clean_lines("".join(self._buffer))
        self._buffer = []
        self.blocks.extend(Paragraph(line) for line in text.split("\n") if line)

    def _add(self, text: str | None) -> None:
        if text:
            self._buffer.append(_INLINE_WS.sub(" ", text))

    def _walk(self, el: etree._Element) -> None:
        self._add(el.text)
        for child in el:
            self._node(child)
            self._add(child.tail)

    def _node(self, el: etree._Element) -> None:
        tag = _tag(el)
        if not tag or tag in _NON_CONTENT:
            return
        if tag == "br":
            self._buffer.append("\n")
        elif tag == "table":
            self._flush()
            self.blocks.extend(self._table(el))
        elif tag in _BLOCK_TAGS:
            self._flush()
            self._walk(el)
            self._flush()
        else:
            self._walk(el)

    def _table(self, table: etree._Element) -> list[Block]:
        captions = [c for c in table if _tag(c) == "caption"]
        blocks = [b for c in captions for b in BlockReader().read(c)]
        return blocks + table_blocks(place_cells(table))


def place_cells(table: etree._Element) -> list[RawCell]:
    """The HTML table algorithm: each td/th at the first free grid slot, spans clamped.

    A rowspan ends at the table's last row, a colspan is at most 1,000 (as in browsers);
    slots taken by cells spanning down are kept as column ranges, so the work grows with
    the number of cells, not with their spans. A grid past ``MAX_GRID_CELLS`` is refused
    before it is built.
    """
    rows = list(_rows(table))
    spanning: list[tuple[int, int, int]] = []  # (last row, first col, end col) of cells spanning down
    cells: list[RawCell] = []
    for r, tr in enumerate(rows):
        spanning = [s for s in spanning if s[0] >= r]
        taken = sorted((first, end) for _, first, end in spanning)
        col = k = 0
        for td in _row_cells(tr):
            while k < len(taken) and taken[k][0] <= col:  # skip the slots of cells from above
                col = max(col, taken[k][1])
                k += 1
            rowspan = _span(td.get("rowspan"))
            rowspan = len(rows) - r if rowspan == 0 else min(rowspan, len(rows) - r)
            colspan = min(max(_span(td.get("colspan")), 1), _MAX_COLSPAN)
            check_grid(len(rows), col + 1)
            if rowspan > 1:
                spanning.append((r + rowspan - 1, col, col + colspan))
            cells.append(RawCell(BlockReader().read(td), r, col, rowspan, colspan))
            col += colspan
    return cells


def _has_title(blocks: list[Block]) -> bool:
    """The article opens with a title line of its own (not a sentence citing it)."""
    opening = [b.text for b in blocks[:5] if isinstance(b, Paragraph)]
    return any(len(text) <= _TITLE_MAX and not _SENTENCE.search(text) and any(w in text for w in _TITLE_WORDS)
               for text in opening)


def load(data: bytes) -> Document:
    """Read an HTML page into the article's paragraphs and tables."""
    root = parse_html(data)
    title = page_title(root)
    body = root.find("body")
    body = body if body is not None else root
    drop_clutter(body)
    container = find_container(body)
    try:
        blocks = BlockReader().read(container)
    except RecursionError:
        raise ExtractionError("unreadable HTML page (elements nested too deeply)") from None
    if title and not _has_title(blocks):
        blocks.insert(0, Paragraph(title))
    if not blocks:
        raise ExtractionError("HTML page has no text (image-only or script-rendered page)")
    return Document(blocks=blocks, format="html")
