"""Read a fetched HTML page: its title, the report links on it and its next pages.

A report link is one whose text (or file name) names a 年报 — 年度报告, 年报,
年度…报告, 信息公开…报告. An attachment is a link to a file type portals publish
reports in (pdf, doc, docx, wps, ofd, zip, images); on a page whose title names a
年报, every document attachment counts, whatever its link text (附件1).
Pagination: links reading 下一页/下页/后页/next, and the TRS ``createPageHTML(count,
current, "index", "html")`` script many portals page their columns with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import lxml.html

from ..encoding import decode_bytes

REPORT_WORDS = re.compile(r"年报|年度.{0,10}报告|信息公开.{0,8}报告")
ATTACHMENT_SUFFIXES = {".pdf", ".doc", ".docx", ".wps", ".ofd", ".zip", ".png", ".jpg", ".jpeg", ".gif",
                       ".tif", ".tiff", ".bmp"}
_DOCUMENT_SUFFIXES = {".pdf", ".doc", ".docx", ".wps", ".ofd"}
_NEXT_WORDS = re.compile(r"^\s*(下一页|下页|后页|next\s*page|next|›|»|>)\s*$", re.IGNORECASE)
_TRS_PAGER = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]+)['\"]"
                        r"\s*,\s*['\"]([^'\"]+)['\"]")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_REFRESH = re.compile(r"^\s*\d*\s*[;,]?\s*url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)
_HAN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_YEAR = re.compile(r"((?:19|20)\d\d|[〇零○Ｏ一二][〇零○Ｏ一二三四五六七八九]{3})\s*年")


@dataclass
class Link:
    url: str
    text: str
    year: int | None = None


@dataclass
class Page:
    """What a page offers the collector."""

    title: str | None
    refresh: str | None = None  # <meta http-equiv=refresh> target
    links: list[Link] = field(default_factory=list)  # every http(s) link, absolute, without fragment
    next_pages: list[str] = field(default_factory=list)


def year_of(text: str) -> int | None:
    """The first year written in ``text`` (2023年, 二〇二三年度), if any."""
    match = _YEAR.search(text)
    return int(match.group(1).translate(_HAN_DIGITS)) if match else None


def names_report(text: str) -> bool:
    return bool(REPORT_WORDS.search(text))


def file_name(url: str) -> str:
    return unquote(PurePosixPath(urlsplit(url).path).name)


def is_attachment(url: str) -> bool:
    return PurePosixPath(urlsplit(url).path).suffix.lower() in ATTACHMENT_SUFFIXES


def _declared_charset(data: bytes, content_type: str | None) -> str | None:
    match = _CHARSET.search((content_type or "").encode()) or _CHARSET.search(data[:4096])
    return match.group(1).decode() if match else None


def _target(url: str) -> str:
    """A viewer link (…/viewer.html?file=report.pdf) stands for its file."""
    for pair in urlsplit(url).query.split("&"):
        value = pair.partition("=")[2]  # kept %-encoded, as linked (GBK sites encode GBK bytes)
        if is_attachment(unquote(value).split("?")[0]):
            return urljoin(url, value)
    return url


def read_page(data: bytes, url: str, content_type: str | None = None) -> Page:
    """Parse an HTML page fetched from ``url`` (GBK or UTF-8, whatever it declares)."""
    text, _ = decode_bytes(data, _declared_charset(data, content_type))
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.fromstring(text or "<html></html>", base_url=url)
    except (ValueError, lxml.etree.ParserError):
        return Page(title=None)
    root.make_links_absolute(url, resolve_base_href=True, handle_failures="discard")
    title_el = root.find(".//title")
    title = " ".join((title_el.text_content() if title_el is not None else "").split()) or None
    if title is None:
        h1 = root.find(".//h1")
        title = " ".join(h1.text_content().split()) if h1 is not None else None
    page = Page(title=title or None)
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            match = _REFRESH.match(meta.get("content") or "")
            if match:
                page.refresh = urldefrag(urljoin(url, match.group(1).strip()))[0]
    seen: set[str] = set()
    for element, attribute, link, _ in root.iterlinks():
        if element.tag not in ("a", "area", "iframe", "embed", "object") or attribute not in ("href", "src",
                                                                                              "data"):
            continue
        link = urldefrag(_target(link))[0]
        if urlsplit(link).scheme not in ("http", "https"):
            continue
        label = " ".join((element.text_content() if element.tag == "a" else "").split())
        label = label or element.get("title") or ""
        if _NEXT_WORDS.match(label) and link != urldefrag(url)[0]:
            page.next_pages.append(link)
        if link in seen:
            continue
        seen.add(link)
        page.links.append(Link(link, label, year_of(label) or year_of(file_name(link))))
    page.next_pages += _trs_next(text, url)
    return page


def _trs_next(text: str, url: str) -> list[str]:
    match = _TRS_PAGER.search(text)
    if not match:
        return []
    count, current, name, ext = int(match.group(1)), int(match.group(2)), match.group(3), match.group(4)
    if current + 1 >= count:
        return []
    return [urljoin(url, f"{name}_{current + 1}.{ext}")]


def report_attachments(page: Page) -> list[Link]:
    """Attachments named as a 年报; failing those, on a page titled as one, its documents."""
    attachments = [link for link in page.links if is_attachment(link.url)]
    named = [link for link in attachments if names_report(link.text) or names_report(file_name(link.url))]
    if named or not names_report(page.title or ""):
        return named
    return [link for link in attachments
            if PurePosixPath(urlsplit(link.url).path).suffix.lower() in _DOCUMENT_SUFFIXES]


def report_links(page: Page) -> list[Link]:
    """Links on a listing page whose text (or file name) names a 年报."""
    return [link for link in page.links if names_report(link.text) or names_report(file_name(link.url))]
