"""PDFs converted from the DOCX rendering by LibreOffice (variant ``docx_soffice``).

The conversion (``soffice --headless --convert-to pdf``, fonts substituted by
fontconfig: Noto CJK, embedded) is not byte-reproducible and needs LibreOffice, which
the tests don't have. So the converted PDFs are committed in corpus/reports/ and
``soffice.json`` records, per report, the SHA-256 of the DOCX each was converted
from: regenerating reuses the committed PDF while its DOCX is unchanged, and converts
again (LibreOffice needed: ``apt-get install libreoffice-writer-nogui fonts-noto-cjk``)
only when the DOCX changed. Random sets (``--count``) never draw this variant.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORTS = HERE / "reports"
SOURCES = HERE / "soffice.json"
TIMEOUT = 180


def docx_key(docx: bytes) -> str:
    """SHA-256 of the DOCX's parts (names and contents), not of its compressed bytes."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(BytesIO(docx)) as z:
        for name in sorted(z.namelist()):
            digest.update(name.encode() + b"\0" + z.read(name) + b"\0")
    return digest.hexdigest()


def _sources() -> dict[str, str]:
    return json.loads(SOURCES.read_text(encoding="utf-8")) if SOURCES.exists() else {}


def convert(name: str, docx: bytes) -> bytes:
    """The committed conversion of ``docx`` for report ``name``, or a fresh one."""
    key = docx_key(docx)
    committed = REPORTS / f"{name}.pdf"
    sources = _sources()
    if sources.get(name) == key and committed.exists():
        return committed.read_bytes()
    pdf = _soffice(docx)
    sources[name] = key
    SOURCES.write_text(json.dumps(dict(sorted(sources.items())), indent=1) + "\n", encoding="utf-8")
    return pdf


def prune(names: set[str]) -> None:
    """Forget the sources of reports no longer in the sample set."""
    sources = _sources()
    kept = {k: v for k, v in sources.items() if k in names}
    if kept != sources:
        SOURCES.write_text(json.dumps(kept, indent=1) + "\n", encoding="utf-8")


def _soffice(docx: bytes) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("variant docx_soffice: the DOCX changed and LibreOffice (soffice) is not installed "
                           "to convert it again (apt-get install libreoffice-writer-nogui fonts-noto-cjk)")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "report.docx")
        src.write_bytes(docx)
        cmd = [soffice, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", tmp, str(src)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT)
        return Path(tmp, "report.pdf").read_bytes()
