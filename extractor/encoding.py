"""Decode text bytes whose declared encoding may be missing or wrong."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used).

    Order: a byte-order mark; valid UTF-8 (a page whose meta says GBK but whose
    bytes are UTF-8 is common); the declared charset; GB18030 (a superset of
    GBK/GB2312); then charset-normalizer's best guess.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _strict(data, enc)
            if text is not None:
                return text, enc
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    candidates = []
    if declared:
        candidates.append(_ALIASES.get(declared.lower().strip(), declared.lower().strip()))
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
