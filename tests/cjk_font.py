"""The CJK font that generated test PDFs embed (no system font needed to read them back).

WenQuanYi Micro Hei, a TrueType font shipped on PyPI by ``paperang-p2-fonts-cjk`` (in the
``test`` extra): reportlab embeds the subset of glyphs a PDF uses, so PDFium reads the same
characters and boxes whatever fonts the machine has.
"""

from __future__ import annotations

from importlib.resources import files

NAME = "WQYMicroHei"
# Kangxi / supplement radicals drawn with the glyph of the ideograph they look like, while the
# text layer keeps the radical's code point (as in PDFs exported by Word from such text)
RADICALS = {"⼀": "一", "⾏": "行", "⻓": "长"}


def register() -> str:
    """Register the font with reportlab (once) and return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if NAME not in pdfmetrics.getRegisteredFontNames():
        path = files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"
        font = TTFont(NAME, str(path), subfontIndex=0)
        glyphs = font.face.charToGlyph
        for radical, ideograph in RADICALS.items():
            glyphs[ord(radical)] = glyphs[ord(ideograph)]
        pdfmetrics.registerFont(font)
    return NAME
