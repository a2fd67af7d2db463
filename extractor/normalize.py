"""Text normalization shared by every stage that compares labels.

Real reports mix full-width and half-width forms, Kangxi radicals from PDF text
layers (⼀ U+2F00 instead of 一), CJK Radicals Supplement forms that NFKC leaves
alone (⻓ ⻚ ⻛ …), stray whitespace inside labels and many numbering styles.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex as re

# CJK Radicals Supplement characters that NFKC does not map, to the unified
# ideograph Unicode's EquivalentUnifiedIdeograph.txt gives for them.
RADICAL_SUPPLEMENT = {
    "⺅": "亻", "⺖": "忄", "⺘": "扌", "⺙": "攵", "⺜": "日",
    "⺝": "月", "⺠": "民", "⺡": "氵", "⺣": "灬", "⺨": "犭", "⺩": "王",
    "⺪": "疋", "⺫": "罒", "⺬": "示", "⺭": "礻", "⺮": "竹", "⺯": "糸",
    "⺰": "纟", "⺾": "艹", "⻂": "衤", "⻄": "西", "⻅": "见", "⻆": "角",
    "⻈": "讠", "⻉": "贝", "⻊": "足", "⻋": "车", "⻌": "辶", "⻍": "辶",
    "⻎": "辶", "⻏": "阝", "⻐": "钅", "⻑": "長", "⻒": "镸", "⻓": "长",
    "⻔": "门", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页",
    "⻛": "风", "⻜": "飞", "⻝": "食", "⻟": "飠", "⻠": "饣", "⻡": "首",
    "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤",
    "⻨": "麦", "⻩": "黄", "⻬": "齐", "⻮": "齿", "⻰": "龙",
}

# Dashes and quotes that NFKC keeps distinct but reports use interchangeably.
_PUNCT = str.maketrans({
    "—": "-", "–": "-", "―": "-", "‐": "-", "−": "-", "─": "-", "━": "-",
    "“": '"', "”": '"', "‘": "'", "’": "'", "〔": "[", "〕": "]",
    "【": "[", "】": "]", "\u3000": " ", "\xa0": " ", "\u200b": "",
    "\ufeff": "",
})


@cache
def normalize_char(ch: str) -> str:
    """Normalize one character (may return zero or several characters)."""
    ch = RADICAL_SUPPLEMENT.get(ch, ch)
    return unicodedata.normalize("NFKC", ch).translate(_PUNCT)


def normalize_text(text: str) -> str:
    """NFKC plus the radical table and punctuation folding; keeps whitespace."""
    if text.isascii():  # ASCII is its own normal form and holds none of the folded characters
        return text
    return "".join(map(normalize_char, text))


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` and return, for each output character, its index in ``text``."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        norm = normalize_char(ch)
        out.append(norm)
        index.extend([i] * len(norm))
    return "".join(out), index


_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(
    r"^\s*(?:"
    r"\(?[一二三四五六七八九十]+\)[、.,:：]?"  # (一)
    r"|[一二三四五六七八九十]+\s*[、.,，:：]"  # 一、 一. 一，
    r"|\(?\d{1,2}\)[、.,:]?"  # (1)
    r"|\d{1,2}\s*[、.,:．](?!\d)"  # 1、 1.
    r")\s*"
)
_LABEL_NOISE = re.compile(r"[\s\"'\[\]()（）、，,。.．:：;；·•*]+")


def compact(text: str) -> str:
    """Normalized text with all whitespace removed (labels wrapped over lines)."""
    return _SPACE.sub("", normalize_text(text))


def strip_numbering(text: str) -> str:
    """Remove leading ordinals such as （一） 一、 1. (1) from normalized text."""
    prev = None
    while prev != text:
        prev, text = text, _NUMBERING.sub("", text, count=1)
    return text


def label_key(text: str) -> str:
    """The comparable core of a label: normalized, unnumbered, no spaces or punctuation."""
    return _LABEL_NOISE.sub("", strip_numbering(compact(text)))
