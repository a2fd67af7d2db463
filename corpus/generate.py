"""Write reports and their truth files.

``python -m corpus.generate`` regenerates the committed sample set in
corpus/reports/; ``python -m corpus.generate --count N --out DIR [--seed S]`` writes N
random reports of mixed formats (for bulk tests; not committed).
"""

from __future__ import annotations

import argparse
import importlib
import random
import sys
from collections.abc import Callable
from pathlib import Path

from . import layout, soffice
from .numbers import PROFILES
from .samples import SAMPLES
from .spec import EXTENSIONS, ReportSpec, build
from .truth import TRUTH_SUFFIX, dumps, truth
from .variants import DERIVED, FORMATS, MANUAL, VARIANTS, allowed, validate

REPORTS_DIR = Path(__file__).parent / "reports"
# format -> "module:function" drawing a document model.
RENDERERS = {
    "docx": "render_docx:render",
    "html": "render_html:render",
    "txt": "render_text:render_tsv",
    "md": "render_text:render_md",
    "pdf": "render_pdf:render",
}


def renderer(fmt: str) -> Callable[[ReportSpec, layout.Document], bytes]:
    module, func = RENDERERS[fmt].split(":")
    return getattr(importlib.import_module(f".{module}", __package__), func)


def write(spec: ReportSpec, out: Path) -> tuple[Path, Path]:
    """Render ``spec`` into ``out``; return (report path, truth path)."""
    out.mkdir(parents=True, exist_ok=True)
    report = out / spec.filename
    report.write_bytes(renderer(spec.fmt)(spec, layout.build(spec)))
    truth_path = out / f"{spec.name}{TRUTH_SUFFIX}"
    truth_path.write_text(dumps(truth(spec)), encoding="utf-8", newline="\n")
    return report, truth_path


def sample_specs() -> list[ReportSpec]:
    return [build(s.name, s.fmt, s.template, s.profile, s.variants, f"sample:{s.name}", s.year)
            for s in SAMPLES]


def generate_samples(out: Path = REPORTS_DIR) -> list[Path]:
    """Regenerate the committed set into ``out``, removing files it no longer contains."""
    specs = sample_specs()
    written = [p for spec in specs for p in write(spec, out)]
    if out.resolve() == REPORTS_DIR.resolve():
        soffice.prune({spec.name for spec in specs if spec.has("docx_soffice")})
    keep = {p.name for p in written}
    for old in out.iterdir():
        if old.is_file() and old.name not in keep and old.suffix.lstrip(".") in {*EXTENSIONS.values(), "json"}:
            old.unlink()
    return written


def random_variants(rng: random.Random, fmt: str, template: str, profile: str) -> tuple[str, ...]:
    names = [n for n in VARIANTS if n not in DERIVED and n not in MANUAL and allowed(n, fmt, template)]
    rng.shuffle(names)
    chosen: list[str] = []
    if fmt == "html":
        chosen.append(rng.choice([n for n in names if VARIANTS[n].group == "container"]))
    derived = {"zero": ("all_zero",), "large": ("city_scale",)}.get(profile, ())
    for name in names:
        if name in chosen or rng.random() > 0.12 * VARIANTS[name].weight:
            continue
        try:
            validate(tuple(chosen) + (name,) + derived, fmt, template)
        except ValueError:
            continue
        chosen.append(name)
    return tuple(sorted(chosen))


def random_spec(seed: str, index: int) -> ReportSpec:
    """One random report of a random format, template, scale and variant set."""
    rng = random.Random(f"{seed}:{index}")
    fmt = rng.choices(FORMATS, weights=(3, 3, 2, 1, 4.5))[0]  # PDF about a third
    template = "2019" if rng.random() < 0.2 else "2021"
    profile = rng.choices(PROFILES, weights=(2, 4, 4, 1))[0]
    variants = random_variants(rng, fmt, template, profile)
    name = f"r{index:05d}"
    try:
        return build(name, fmt, template, profile, variants, f"{seed}:{index}", narrative=True)
    except ValueError:  # no fault could be made to fail over the blanks drawn
        variants = tuple(v for v in variants if v != "inconsistent")
        return build(name, fmt, template, profile, variants, f"{seed}:{index}", narrative=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, help="write N random reports instead of the sample set")
    parser.add_argument("--out", type=Path, help="output folder (default: corpus/reports for the sample set)")
    parser.add_argument("--seed", default="0", help="seed for --count (default 0)")
    args = parser.parse_args(argv)
    if args.count is None:
        paths = generate_samples(args.out or REPORTS_DIR)
    else:
        if args.out is None:
            parser.error("--count needs --out")
        paths = [p for i in range(args.count) for p in write(random_spec(args.seed, i), args.out)]
    print(f"wrote {len(paths) // 2} reports to {paths[0].parent if paths else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
