"""Scanned renderings of corpus PDFs: the forms scanned reports come in, with the source's truth.

``python -m corpus.scans`` rasterizes committed corpus PDFs (pypdfium2) and degrades the
page images with OpenCV into corpus/scans/:

- ``clean``: 200 dpi grey pages, image-only PDF;
- ``jpeg``: 150 dpi colour on tinted paper, sensor noise, JPEG quality 35;
- ``skew``: pages turned 2° (alternating direction), as fed crooked into a copier;
- ``rotated``: the table pages turned a quarter (a landscape page scanned sideways);
- ``seal``: a red official seal stamped over the last rows of table 三's numbers, and the
  title printed in red (a 红头 report: red print is text, not seal);
- ``mixed``: the page ending table 三 is an image, the other pages keep their text layer;
- ``bilevel``: 1-bit fax-like pages (thresholded, speckled);
- ``garbage``: image pages over a text layer of mojibake (what a broken font gives);
- ``png`` / ``tiff``: the clean pages as page images (one PNG of the first table page; a
  1-bit group-4 multi-page TIFF of the whole report);
- ``docxpicture``: a Word report whose table pages are pasted in as scanned pictures, its
  other pages' text as paragraphs.

The numbers printed are the source report's, so each scan's truth is the source's truth
file (``file``, ``format`` and ``variants`` updated): truth from the generator, never from
what the extractor reads. Rendering needs a CJK font for the reportlab PDFs, whose
STSong-Light is not embedded (``fonts-wqy-microhei`` or ``fonts-noto-cjk``): the scans
are committed, like the LibreOffice PDFs, and the tests read them.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import random
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
VARIANTS = ("clean", "jpeg", "skew", "rotated", "seal", "mixed", "bilevel", "garbage")
# the committed set: every form of a ruled report (with its page images), some of an unruled
# one with a vertical label, and of a LibreOffice PDF (embedded Noto fonts, its own layout)
COMMITTED = {
    "pdf01_ruled_footer": VARIANTS,
    "pdf02_unruled_vertical": ("clean", "jpeg", "skew", "seal", "bilevel"),
    "pdf11_soffice_wrapped": ("clean", "rotated", "garbage", "mixed"),
}
IMAGES = ("pdf01_ruled_footer",)
# UTF-8 read as Windows-1252: the mojibake a report's text layer shows when its encoding is lost
_MOJIBAKE = "本年新收政府信息公开申请数量予以公开".encode().decode("cp1252", "replace").replace("\ufffd", "")


def _pages_with(pdf: Any, *keys: str) -> list[int]:
    """0-based indexes of the pages whose text layer holds one of ``keys`` (line breaks ignored:
    LibreOffice wraps （七）总计 in its narrow cell)."""
    texts = ["".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    return [i for i, text in enumerate(texts) if any(k in text for k in keys)]


def _table_pages(pdf: Any) -> list[int]:
    return _pages_with(pdf, "本年新收", "信息内容", "行政复议", "本年制发件数")


def _render(pdf: Any, index: int, dpi: int) -> Any:
    import numpy as np

    image = pdf[index].render(scale=dpi / 72).to_numpy()
    return np.ascontiguousarray(image[..., :3])  # BGR(x) from PDFium


def _noise(image: Any, rng: Any, sigma: float) -> Any:
    import numpy as np

    noisy = image.astype(np.float32) + rng.normal(0, sigma, image.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def _tint(image: Any) -> Any:
    import numpy as np

    paper = np.array([200, 235, 245], dtype=np.float32)  # BGR: yellowish recycled paper
    return (image.astype(np.float32) * paper / 255).astype(np.uint8)


def _skew(image: Any, degrees: float) -> Any:
    import cv2

    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def _seal(image: Any, rng: Any, at: tuple[float, float] = (0.70, 0.62)) -> Any:
    """A red round seal (ring, star, inner ring, strokes) multiplied onto the page, centred ``at``."""
    import cv2
    import numpy as np

    h, w = image.shape[:2]
    stamp = np.full_like(image, 255)
    cx, cy, r = int(w * at[0]), int(h * at[1]), int(w * 0.10)
    red = (40, 30, 215)
    cv2.circle(stamp, (cx, cy), r, red, max(4, r // 18), cv2.LINE_AA)
    cv2.circle(stamp, (cx, cy), int(r * 0.86), red, 2, cv2.LINE_AA)
    star = [(cx + int(r * 0.3 * np.cos(a)), cy - int(r * 0.3 * np.sin(a)))
            for a in np.linspace(np.pi / 2, np.pi / 2 + 4 * np.pi, 6)[:5]]
    cv2.fillPoly(stamp, [np.array([star[i] for i in (0, 2, 4, 1, 3)])], red)
    for k in range(14):  # the agency name around the rim, as strokes
        a = np.pi * (0.15 + 0.7 * k / 13)
        x, y = cx - int(r * 0.68 * np.cos(a)), cy - int(r * 0.68 * np.sin(a))
        cv2.rectangle(stamp, (x - 8, y - 8), (x + 8, y + 8), red, 3)
    stamp = _noise(stamp, rng, 6)
    return (image.astype(np.float32) * stamp.astype(np.float32) / 255).astype(np.uint8)


def _red_title(image: Any, page: Any, dpi: int) -> Any:
    """The page's first line of text (the title) printed in red, as a 红头 report prints it."""
    import numpy as np

    textpage = page.get_textpage()
    if not textpage.count_rects():
        return image
    left, bottom, right, top = textpage.get_rect(0)
    scale, height = dpi / 72, page.get_height()
    x0, x1 = int(left * scale) - 2, int(right * scale) + 2
    y0, y1 = int((height - top) * scale) - 2, int((height - bottom) * scale) + 2
    part = image[y0:y1, x0:x1].astype(np.float32)
    ink = 255 - part.mean(axis=2, keepdims=True)  # how dark the print is
    red = np.array([40, 30, 215], dtype=np.float32)  # BGR
    image[y0:y1, x0:x1] = (255 - ink * (255 - red) / 255).astype(np.uint8)
    return image


def _bilevel(image: Any, rng: Any) -> Any:
    import cv2
    import numpy as np

    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    bw = np.where(grey < 150, 0, 255).astype(np.uint8)
    specks = rng.random(bw.shape) < 0.0015
    bw[specks] = 255 - bw[specks]
    return bw


def _image_page(pdf: Any, image: Any, dpi: int, jpeg: int | None, under_text: str | None = None) -> None:
    """Append a page showing ``image`` (JPEG at quality ``jpeg``, else lossless)."""
    import cv2
    import pypdfium2 as pdfium

    h, w = image.shape[:2]
    w_pt, h_pt = w * 72 / dpi, h * 72 / dpi
    page = pdf.new_page(w_pt, h_pt)
    if under_text:
        _text(pdf, page, under_text, h_pt)
    obj = pdfium.PdfImage.new(pdf)
    if jpeg is not None:
        ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
        obj.load_jpeg(BytesIO(buf.tobytes()), inline=False)
    else:
        from PIL import Image

        pil = Image.fromarray(image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
        obj.set_bitmap(pdfium.PdfBitmap.from_pil(pil))
    obj.set_matrix(pdfium.PdfMatrix().scale(w_pt, h_pt))
    page.insert_obj(obj)
    page.gen_content()


def _text(pdf: Any, page: Any, text: str, height: float) -> None:
    """Visible-mode text lines under the page image: a text layer that is not what is printed."""
    import pypdfium2.raw as lib

    font = lib.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    for n in range(30):
        obj = lib.FPDFPageObj_CreateTextObj(pdf.raw, font, 10.0)
        line = (text * 3)[n % 7: n % 7 + 40]
        buf = (line + "\0").encode("utf-16-le")
        lib.FPDFText_SetText(obj, ctypes.cast(ctypes.create_string_buffer(buf), ctypes.POINTER(lib.FPDF_WCHAR)))
        lib.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 60, height - 80 - 22 * n)
        lib.FPDFPage_InsertObject(page.raw, obj)


@dataclass(frozen=True)
class Degrade:
    """How a scan is degraded: the committed set uses the defaults, held-out sets draw them."""

    dpi: int = 200
    jpeg_dpi: int = 150
    jpeg_quality: int = 35
    noise: float = 9.0
    skew: float = 2.0  # degrees, alternating direction page by page
    seal_at: tuple[float, float] = (0.70, 0.62)  # centre, as shares of the page's width and height
    turn_first: int = 1  # the rotated variant turns table pages alternately, starting this way

    @classmethod
    def draw(cls, rng: random.Random) -> Degrade:
        """Parameters drawn within the issue's ranges: 150–300 dpi, skew to ±3°, seals anywhere over
        table 三's lower rows, JPEG quality 25–60."""
        return cls(dpi=rng.choice((150, 200, 200, 300)), jpeg_dpi=rng.choice((150, 200)),
                   jpeg_quality=rng.randint(25, 60), noise=rng.uniform(4, 12),
                   skew=rng.choice((-1, 1)) * rng.uniform(0.5, 3.0),
                   seal_at=(rng.uniform(0.45, 0.78), rng.uniform(0.35, 0.75)), turn_first=rng.choice((0, 1)))


def build(source: Path, variant: str, out: Path, seed: int = 1, degrade: Degrade = Degrade(),
          name: str | None = None) -> Path:
    """Write the ``variant`` scan of the corpus PDF ``source`` and its truth into ``out``."""
    import cv2
    import numpy as np
    import pypdfium2 as pdfium

    rng = np.random.default_rng(seed)
    src = pdfium.PdfDocument(source)
    tables = _table_pages(src)
    sealed = _pages_with(src, "（七）总计")[:1]  # table 三's last rows: the seal, or the image of mixed
    pdf = pdfium.PdfDocument.new()
    for i in range(len(src)):
        dpi, jpeg = degrade.dpi, 60
        if variant == "mixed" and i not in sealed:
            pdf.import_pages(src, [i])
            continue
        if variant == "jpeg":
            dpi = degrade.jpeg_dpi
        image = _render(src, i, dpi)
        if variant == "jpeg":
            image, jpeg = _noise(_tint(image), rng, degrade.noise), degrade.jpeg_quality
        elif variant == "skew":
            image = _skew(image, degrade.skew if i % 2 else -degrade.skew)
        elif variant == "rotated" and i in tables:
            clockwise = (i + degrade.turn_first) % 2 == 0
            image = cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE if clockwise else cv2.ROTATE_90_COUNTERCLOCKWISE)
        elif variant == "seal" and i in sealed:
            image = _seal(image, rng, degrade.seal_at)
        if variant == "seal" and i == 0:
            image = _red_title(image, src[0], dpi)
        elif variant == "bilevel":
            image, jpeg = _bilevel(image, rng), None
        if image.ndim == 3 and variant not in ("jpeg", "seal"):
            image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        _image_page(pdf, image, dpi, jpeg, under_text=_MOJIBAKE if variant == "garbage" else None)
    target = out / f"{name or f'scan_{variant}_{source.stem}'}.pdf"
    pdf.save(target)
    _truth(source, target, variant)
    return target


def build_images(source: Path, out: Path) -> list[Path]:
    """The clean pages as page images: the first table page as PNG, the report as a multi-page TIFF."""
    import cv2
    import pypdfium2 as pdfium
    from PIL import Image

    src = pdfium.PdfDocument(source)
    pages = [Image.fromarray(cv2.cvtColor(_render(src, i, 200), cv2.COLOR_BGR2GRAY)) for i in range(len(src))]
    png = out / f"scan_png_{source.stem}.png"
    pages[_table_pages(src)[0]].save(png, dpi=(200, 200), optimize=True)
    tiff = out / f"scan_tiff_{source.stem}.tif"  # 1-bit, CCITT group 4: as office scanners write them
    bilevel = [page.point(lambda v: 255 if v >= 150 else 0).convert("1") for page in pages]
    bilevel[0].save(tiff, save_all=True, append_images=bilevel[1:], compression="group4", dpi=(200, 200))
    _truth(source, tiff, "tiff")
    return [png, tiff]


def build_docx(source: Path, out: Path) -> Path:
    """A Word report with its table pages pasted in as scanned pictures: the other pages' text
    as paragraphs (line by line, from the PDF's text layer), each table page a 200 dpi grey
    picture the width of the text."""
    from datetime import datetime

    import cv2
    import pypdfium2 as pdfium
    from docx import Document
    from docx.shared import Cm

    src = pdfium.PdfDocument(source)
    tables = set(_table_pages(src))
    doc = Document()
    for i in range(len(src)):
        if i in tables:
            ok, png = cv2.imencode(".png", cv2.cvtColor(_render(src, i, 200), cv2.COLOR_BGR2GRAY))
            doc.add_picture(BytesIO(png.tobytes()), width=Cm(16))
            continue
        for line in src[i].get_textpage().get_text_range().splitlines():
            if line.strip():
                doc.add_paragraph(line.strip())
    target = out / f"scan_docxpicture_{source.stem}.docx"
    doc.core_properties.created = doc.core_properties.modified = datetime(2024, 1, 1)  # reproducible
    doc.save(target)
    _truth(source, target, "docxpicture")
    return target


def _truth(source: Path, target: Path, variant: str) -> None:
    record = json.loads(source.with_suffix(".truth.json").read_text(encoding="utf-8"))
    fmt = {".pdf": "pdf", ".docx": "docx"}.get(target.suffix, "image")
    record.update(file=target.name, format=fmt,
                  variants=[*record.get("variants", []), f"scan_{variant}"])
    record["note"] = f"scan ({variant}) of {source.name}: the printed numbers are the source's"
    path = target.with_name(target.stem + ".truth.json")
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def random_scans(count: int, seed: str, out: Path, variants: tuple[str, ...] = VARIANTS) -> list[Path]:
    """``count`` scans of random PDF reports, each a drawn variant with drawn :class:`Degrade`
    parameters; the source PDFs are drawn by the generator (any PDF layout variant) into a
    temporary folder, the scans and their truth go into ``out``."""
    import tempfile

    from .generate import random_variants, write
    from .numbers import PROFILES
    from .spec import build as build_spec

    paths = []
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(count):
            rng = random.Random(f"scan:{seed}:{index}")
            template = "2019" if rng.random() < 0.2 else "2021"
            profile = rng.choices(PROFILES, weights=(2, 4, 4, 1))[0]
            chosen = random_variants(rng, "pdf", template, profile)
            try:
                spec = build_spec(f"h{index:04d}", "pdf", template, profile, chosen, f"scan:{seed}:{index}",
                                  narrative=True)
            except ValueError:  # no fault could be made to fail over the blanks drawn
                chosen = tuple(v for v in chosen if v != "inconsistent")
                spec = build_spec(f"h{index:04d}", "pdf", template, profile, chosen, f"scan:{seed}:{index}",
                                  narrative=True)
            source, _ = write(spec, Path(tmp))
            variant = rng.choice(variants)
            paths.append(build(source, variant, out, seed=index, degrade=Degrade.draw(rng),
                               name=f"scan_{variant}_h{index:04d}"))
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "scans")
    parser.add_argument("--source", action="append", help="corpus report name (default: the committed set)")
    parser.add_argument("--variant", action="append", choices=VARIANTS)
    parser.add_argument("--count", type=int, help="scan N random PDF reports instead (a held-out set; needs --out)")
    parser.add_argument("--seed", default="0", help="seed for --count")
    args = parser.parse_args(argv)
    if args.count is not None:
        if args.out == HERE / "scans":
            parser.error("--count needs --out (held-out scans are not committed)")
        args.out.mkdir(parents=True, exist_ok=True)
        for path in random_scans(args.count, args.seed, args.out, args.variant or VARIANTS):
            print(path)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.source or COMMITTED:
        source = HERE / "reports" / f"{name}.pdf"
        for variant in args.variant or COMMITTED.get(name, VARIANTS):
            print(build(source, variant, args.out))
        if not args.variant and (args.source or name in IMAGES):
            print(*build_images(source, args.out), build_docx(source, args.out))


if __name__ == "__main__":
    main()
