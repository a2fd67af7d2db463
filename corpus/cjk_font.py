"""The CJK font that generated PDFs embed (the corpus and the tests' PDFs), so that reading
them back needs no font installed on the machine.

WenQuanYi Micro Hei, a TrueType font shipped on PyPI by ``paperang-p2-fonts-cjk`` (in the
``test`` and ``corpus`` extras): reportlab embeds the subset of glyphs a PDF uses.
"""

from __future__ import annotations

import unicodedata
from importlib.resources import files

NAME = "WQYMicroHei"
# CJK radical-supplement forms drawn with the ideograph they look like (Kangxi radicals,
# U+2F00–U+2FD5, find theirs by NFKC); the text layer keeps the radical's code point, as in
# PDFs that Word exports from such text
SUPPLEMENT = {"⻓": "长", "⻅": "见", "⻔": "门", "⻢": "马", "⻛": "风", "⻮": "竹", "⻩": "黄"}


def register() -> str:
    """Register the font with reportlab (once) and return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if NAME not in pdfmetrics.getRegisteredFontNames():
        path = files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"
        font = TTFont(NAME, str(path), subfontIndex=0)
        glyphs = font.face.charToGlyph
        radicals = {chr(cp): unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}
        for radical, ideograph in {**radicals, **SUPPLEMENT}.items():
            if ord(radical) not in glyphs and ord(ideograph) in glyphs:
                glyphs[ord(radical)] = glyphs[ord(ideograph)]
        pdfmetrics.registerFont(font)
    return NAME
