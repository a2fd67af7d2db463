"""Bounds on the work an HTML page can cause, around lxml's parser.

libxml2 has safety limits of its own — a text node or attribute value over 10 MB, nesting
deeper than 256 levels — and in recovery mode it silently drops everything after the point
where one was hit (the report then looks like no report at all). It also compares each new
attribute with the element's others, so one tag with a million attributes takes hours.
``huge_tree`` stays off; instead, before parsing:

* characters XML cannot hold are removed (NUL and other C0 controls, U+FFFE/U+FFFF, lone
  surrogates): lxml refuses them when the tree is edited;
* a tag longer than :data:`MAX_TAG` characters (an inline ``data:`` image, a million
  attributes) is cut down to its name and the few attributes the loader reads, and a text
  run longer than :data:`MAX_TEXT` characters (an inline script or image as text) is cut;

and after parsing, :func:`parse_bounded` flattens the page (drops the tags of wrapper
elements, keeping tables, paragraphs and line breaks) when the parser reports the depth
limit, and refuses a page of more than :data:`MAX_ELEMENTS` elements.
"""

from __future__ import annotations

import lxml.html
import regex as re
from lxml import etree

from ..errors import ExtractionError

MAX_TAG = 16_384  # characters in one tag: the loader reads id, class, style and spans only
MAX_TEXT = 1_000_000  # characters between two tags (a whole report is some 20,000)
MAX_ELEMENTS = 200_000  # a report page has a few thousand

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\p{Cs}]")
_TAG_NAME = re.compile(r"/?[A-Za-z][\w:.-]*")
_READ_ATTRS = "id|class|style|hidden|colspan|rowspan|name|content|charset"  # what the loader reads
_ATTR = re.compile(rf"""\b({_READ_ATTRS})\s*=\s*("[^"<>]{{0,2000}}"|'[^'<>]{{0,2000}}'|[^\s"'<>]{{1,2000}})""", re.I)
# wrapper elements whose tags can go without losing text, tables or paragraph breaks
_BLOCK_WRAPPERS = ("div|section|article|main|center|blockquote|form|fieldset|ul|ol|li|dl|dt|dd|header|footer|"
                   "nav|aside|figure|figcaption|address|pre")
_INLINE_WRAPPERS = "span|font|a|b|i|u|s|em|strong|small|big|sub|sup|label|abbr|cite|code|mark|q|o:p|st1:[\\w-]+"
_WRAPPER_TAG = re.compile(rf"<(/?)(?:({_BLOCK_WRAPPERS})|{_INLINE_WRAPPERS})\b[^<>]*>", re.I)


def _short_tag(tag: str) -> str:
    """``tag`` (the text between ``<`` and ``>``) without attributes the loader does not read."""
    name = _TAG_NAME.match(tag)
    if name is None:
        return "!----"  # a huge comment or declaration: an empty comment (its ``>`` follows)
    kept: dict[str, str] = {}
    for match in _ATTR.finditer(tag):
        kept.setdefault(match.group(1).lower(), match.group(2))
    return " ".join([name.group(0), *(f"{k}={v}" for k, v in kept.items())])


def bound_markup(text: str) -> str:
    """``text`` without characters XML cannot hold, oversized tags and text runs cut."""
    text = _NOT_XML.sub("", text)
    if len(text) <= MAX_TAG:
        return text
    pieces = text.split("<")
    for i, piece in enumerate(pieces):
        if len(piece) <= MAX_TAG:
            continue
        end = piece.find(">")
        if i == 0 or end < 0 or not _TAG_NAME.match(piece) and piece[:1] not in "!?":
            tag, rest = "", piece  # text (after a literal "<")
        else:
            tag, rest = piece[:end], piece[end:]
        if len(tag) > MAX_TAG:
            tag = _short_tag(tag)
        pieces[i] = tag + rest[:MAX_TEXT]
    return "<".join(pieces)


def _flatten(text: str) -> str:
    """Drop the tags of wrapper elements (a block wrapper leaves a line break)."""
    return _WRAPPER_TAG.sub(lambda m: "<br>" if m.group(2) else "", text)


def _parse(text: str) -> tuple[etree._Element, str | None]:
    """The parsed page and the first resource-limit error libxml2 reported, if any."""
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unreadable HTML page ({exc})") from None
    limit = next((e.message.strip() for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"), None)
    return root, limit


def parse_bounded(text: str) -> etree._Element:
    """Parse a decoded page within the limits above; raise ExtractionError beyond them."""
    text = bound_markup(text)
    root, limit = _parse(text)
    if limit is not None:  # nesting too deep for libxml2: the rest of the page was dropped
        root, limit = _parse(_flatten(text))
    if limit is not None:
        raise ExtractionError(f"unreadable HTML page (nested too deeply even without wrapper elements: {limit})")
    count = sum(1 for _ in root.iter())
    if count > MAX_ELEMENTS:
        raise ExtractionError(f"HTML page too large ({count:,} elements, limit {MAX_ELEMENTS:,})")
    return root
