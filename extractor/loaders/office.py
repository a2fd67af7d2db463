"""Legacy Word/WPS (.doc, .wps) and RTF files, converted to DOCX by LibreOffice.

Each conversion runs ``soffice --headless --convert-to docx`` in a private temporary
directory with its own user profile, so parallel runs do not collide; the result is
read by the DOCX loader. LibreOffice writes nothing outside that directory: its HOME
(where dconf and ``.config`` go) and TMPDIR point into it, and the single-instance pipe
it always makes in /tmp (``OSL_PIPE_<uid>_SingleOfficeIPC_<hash of the profile URL>``)
is removed after it, also when it was killed. The directory is removed afterwards.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import ExtractionError
from ..model import Document
from . import docx

TIMEOUT = 120  # seconds for one conversion
_NO_SOFFICE = "legacy Word/WPS file: needs LibreOffice (soffice) installed to convert it"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")


def _format(data: bytes) -> str:
    return "rtf" if data.lstrip().startswith(b"{\\rtf") else "doc"


def _soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        raise ExtractionError(_NO_SOFFICE)
    return path


def _pipe_paths(profile_url: str) -> list[Path]:
    """Where LibreOffice puts the single-instance pipe of a profile: MD5 of the profile URL
    (UTF-16LE) in hex without zero padding, in /tmp (or /var/tmp when /tmp is not writable)."""
    digest = "".join(f"{b:x}" for b in hashlib.md5(profile_url.encode("utf-16-le")).digest())
    name = f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{digest}"
    return [Path("/tmp", name), Path("/var/tmp", name)]


def _private_env(tmp: Path) -> dict[str, str]:
    """The environment for soffice: HOME, TMPDIR and the XDG folders inside ``tmp``."""
    env = dict(os.environ)
    for var, sub in (("HOME", "home"), ("TMPDIR", "tmp"), ("XDG_CONFIG_HOME", "home/.config"),
                     ("XDG_CACHE_HOME", "home/.cache"), ("XDG_DATA_HOME", "home/.local/share"),
                     ("XDG_RUNTIME_DIR", "run")):
        folder = tmp / sub
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        env[var] = str(folder)
    return env


def _run(cmd: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``cmd`` in its own process group; kill the whole group on timeout."""
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                          start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ExtractionError(f"legacy Word/WPS file: LibreOffice conversion timed out after {TIMEOUT} s") from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _last_line(raw: bytes) -> str:
    lines = [line.strip() for line in raw.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def convert_to_docx(data: bytes, fmt: str) -> bytes:
    """Convert legacy Word/WPS/RTF bytes to DOCX bytes with LibreOffice."""
    soffice = _soffice()
    with tempfile.TemporaryDirectory(prefix="extract-office-") as tmp:
        source, outdir = Path(tmp, f"input.{fmt}"), Path(tmp, "out")
        source.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless",
               "--norestore", "--convert-to", "docx", "--outdir", str(outdir), str(source)]
        try:
            proc = _run(cmd, _private_env(Path(tmp)))
        except OSError as exc:
            raise ExtractionError(f"legacy Word/WPS file: cannot run LibreOffice ({exc.strerror or exc})") from None
        finally:
            for pipe in _pipe_paths(profile):
                if pipe.is_socket():
                    pipe.unlink(missing_ok=True)
        result = outdir / "input.docx"
        if not result.is_file() or result.stat().st_size == 0:
            reason = _last_line(proc.stderr) or _last_line(proc.stdout) or f"exit code {proc.returncode}"
            raise ExtractionError(f"legacy Word/WPS file: LibreOffice could not convert it ({reason})")
        return result.read_bytes()


def load(data: bytes) -> Document:
    """Read a .doc/.wps/.rtf file through a DOCX conversion."""
    if _ENCRYPTED_OOXML in data:
        raise ExtractionError("password-protected Word document")
    fmt = _format(data)
    doc = docx.load(convert_to_docx(data, fmt))
    doc.format = fmt
    return doc
