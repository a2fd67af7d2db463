"""Reports inside ``.zip`` archives: list the members worth extracting, read one safely.

A member is named ``archive.zip!/folder/member.pdf``. Sizes are checked before
anything is inflated: a member declaring more than :data:`MAX_MEMBER_BYTES`, or
compressed more than :data:`MAX_RATIO` to 1, is refused (a zip bomb fails in
milliseconds), and inflating stops at the declared size, whatever the data says.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from .errors import ExtractionError

if TYPE_CHECKING:  # zipfile (with bz2 and lzma) loads only when there is an archive to open
    import zipfile

SEPARATOR = "!/"
MAX_MEMBER_BYTES = 200 * 2**20
MAX_RATIO = 100  # uncompressed : compressed, checked for members over RATIO_FLOOR
RATIO_FLOOR = 2**20
MAX_MEMBERS = 10_000


@dataclass
class Member:
    path: str  # archive.zip!/member.pdf
    problem: str | None = None  # why it is refused, if it is


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; names without the UTF-8 flag are mostly GBK (read as its superset
    GB 18030) on Chinese systems."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.orig_filename.encode("cp437").decode("gb18030").replace("\\", "/")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def inflate_problem(info: zipfile.ZipInfo, max_bytes: int | None = None,
                    ratio_floor: int | None = None) -> str | None:
    """Why a ZIP entry must not be inflated — its declared size, or its compression ratio
    past ``ratio_floor`` bytes (a zip bomb) — or None. Shared by archives and DOCX parts."""
    max_bytes = MAX_MEMBER_BYTES if max_bytes is None else max_bytes
    ratio_floor = RATIO_FLOOR if ratio_floor is None else ratio_floor
    packed = max(info.compress_size, 1)
    if info.file_size > max_bytes:
        return f"too large ({info.file_size / 2**20:,.0f} MB, limit {max_bytes // 2**20} MB)"
    if info.file_size > ratio_floor and info.file_size > MAX_RATIO * packed:
        return f"compressed {info.file_size / packed:,.0f}:1 (limit {MAX_RATIO}:1, a zip bomb?)"
    return None


def problem(info: zipfile.ZipInfo) -> str | None:
    """Why a member must not be inflated (declared size or ratio), or None."""
    why = inflate_problem(info)
    return f"zip member {why}" if why else None


def members(archive: str, wanted) -> list[Member]:
    """The members of ``archive`` whose name ``wanted(name)`` accepts (folders and hidden files left out)."""
    import zipfile

    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise ExtractionError(f"unreadable zip archive ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise ExtractionError(f"zip archive with {len(infos)} members (limit {MAX_MEMBERS})")
    found = []
    for info in infos:
        name = member_name(info)
        parts = PurePosixPath(name).parts
        if info.is_dir() or not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts):
            continue
        if wanted(name):
            found.append(Member(f"{archive}{SEPARATOR}{name}", problem(info)))
    return sorted(found, key=lambda m: m.path)


def split(path: str) -> tuple[str, str] | None:
    """(archive, member) for a member path, or None for a plain path."""
    archive, sep, member = path.partition(SEPARATOR)
    if not sep or not archive.lower().endswith(".zip"):
        return None
    return archive, member


def read_member(archive: str, member: str) -> bytes:
    """The bytes of one member, within the limits."""
    import zipfile

    try:
        with zipfile.ZipFile(archive) as zf:
            info = next((i for i in zf.infolist() if member_name(i) == member), None)
            if info is None:
                raise ExtractionError("no such member in the zip archive")
            reason = problem(info)
            if reason:
                raise ExtractionError(reason)
            with zf.open(info) as fh:
                data = fh.read(info.file_size + 1)
    except ExtractionError:
        raise
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError) as exc:
        raise ExtractionError(f"unreadable zip member ({exc})") from None
    if len(data) > info.file_size:
        raise ExtractionError("zip member larger than it declares (a zip bomb?)")
    return data
