"""Decode text bytes whose declared encoding may be missing or wrong."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
# Python codecs a page may name that are no character set of a web page
_NOT_CHARSETS = {"undefined", "unicode_escape", "raw_unicode_escape", "idna", "punycode", "palmos"}


def _charset(declared: str) -> str | None:
    """The Python codec for a declared charset, or None when it names none (``undefined``, ``base64`` …)."""
    name = _ALIASES.get(declared.lower().strip(), declared.lower().strip())
    try:
        codec = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    return None if codec.name.replace("-", "_") in _NOT_CHARSETS or not codec._is_text_encoding else codec.name


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeError, LookupError):
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used).

    Order: a byte-order mark; valid UTF-8 (a page whose meta says GBK but whose
    bytes are UTF-8 is common); the declared charset, if it names one; GB18030 (a
    superset of GBK/GB2312); then charset-normalizer's best guess.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _strict(data, enc)
            if text is not None:
                return text, enc
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    candidates = [_charset(declared)] if declared and _charset(declared) else []
    candidates.append("gb18030")
    for enc in candidates:
        text = _strict(data, enc)
        if text is not None:
            return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("gb18030", errors="replace"), "gb18030"
