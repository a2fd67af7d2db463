"""File names as they are kept in the outputs and as they are shown on a terminal.

On Linux a file name is bytes. Python hands a name that is not valid UTF-8 over as
a ``str`` with lone surrogates (``os.fsdecode``'s surrogateescape), which opens the
file but cannot be written to UTF-8 (CSV, Parquet, JSON). :func:`stored` gives the
name as valid Unicode, undecodable bytes written ``\\xff``; :func:`shown` also
escapes control characters (newlines, ESC sequences), so a name printed on a
terminal is one harmless line.
"""

from __future__ import annotations

import os
import unicodedata

# control characters, line/paragraph separators and bidirectional overrides: they move the cursor,
# split a line or reorder what a reader sees
_HIDDEN = {"Cc", "Zl", "Zp"}
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def stored(name: str) -> str:
    """``name`` as valid Unicode: bytes that are not UTF-8 become ``\\xNN``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


def shown(name: object) -> str:
    """``name`` safe to print on one terminal line: undecodable bytes and control characters escaped."""
    text = stored(str(name))
    if text.isprintable():
        return text
    return "".join(ch.encode("unicode_escape").decode("ascii")
                   if unicodedata.category(ch) in _HIDDEN or ch in _BIDI else ch for ch in text)
