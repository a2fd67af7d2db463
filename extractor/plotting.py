"""Matplotlib with a CJK font, so Chinese titles and labels render (no tofu boxes).

:func:`use_cjk_font` picks the first installed font of :data:`CJK_FONTS` (Noto Sans
CJK, Source Han Sans, WenQuanYi, the Windows and macOS system fonts …), else the
WenQuanYi Micro Hei of the ``paperang-p2-fonts-cjk`` wheel (in the notebooks and test
extras). On Debian or Ubuntu, ``apt-get install fonts-wqy-microhei`` (1.6 MB; ``.ci/run``
installs it) or ``fonts-noto-cjk`` provides a system one.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess

CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB", "Heiti SC",
    "Sarasa Gothic SC", "Droid Sans Fallback", "AR PL UMing CN", "Noto Serif CJK SC",
)
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.local/share/fonts"),
              os.path.expanduser("~/.fonts"), "/System/Library/Fonts", "/Library/Fonts", "C:/Windows/Fonts")
_FILE_HINTS = ("cjk", "wqy", "sourcehan", "notosanssc", "msyh", "simhei", "pingfang", "droidsansfallback")

INSTALL_HINT = ("no CJK font found for matplotlib: install one, e.g. `apt-get install fonts-wqy-microhei` "
                "(or fonts-noto-cjk) on Debian/Ubuntu")


def _installed() -> set[str]:
    from matplotlib import font_manager

    return {f.name for f in font_manager.fontManager.ttflist}


def _candidate_files() -> list[str]:
    """CJK font files on this machine (fontconfig first, then the usual folders)."""
    files: list[str] = []
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20)
            files += [line.split(":")[0].strip() for line in out.stdout.splitlines() if line.strip()]
        except (OSError, subprocess.SubprocessError):
            pass
    for folder in _FONT_DIRS:
        for path in glob.glob(os.path.join(folder, "**", "*.*"), recursive=True):
            name = os.path.basename(path).lower().replace("-", "").replace("_", "")
            if name.endswith((".ttf", ".otf", ".ttc")) and any(h in name for h in _FILE_HINTS):
                files.append(path)
    files += _wheel_font()
    return list(dict.fromkeys(files))


def _wheel_font() -> list[str]:
    """WenQuanYi Micro Hei from the ``paperang-p2-fonts-cjk`` wheel (notebooks and test extras), if installed."""
    from importlib.util import find_spec

    spec = find_spec("paperang_p2_fonts_cjk")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = os.path.join(list(spec.submodule_search_locations)[0], "fonts", "wqy-microhei.ttc")
    return [path] if os.path.isfile(path) else []


def find_cjk_font() -> str | None:
    """The name of an installed CJK font matplotlib can use, or None."""
    from matplotlib import font_manager

    names = _installed()
    found = next((n for n in CJK_FONTS if n in names), None)
    if found:
        return found
    # matplotlib's font cache may predate the font's installation: add the files directly
    for path in _candidate_files():
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue
    names = _installed()
    return next((n for n in CJK_FONTS if n in names), None)


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese with an installed CJK font; return its name.

    Raises RuntimeError (with what to install) when there is none, rather than
    drawing empty boxes.
    """
    import matplotlib

    name = find_cjk_font()
    if name is None:
        raise RuntimeError(INSTALL_HINT)
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK font may lack U+2212
    return name
