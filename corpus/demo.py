"""A demo dataset for the notebooks: one agency panel over 2019–2025 with plausible trends.

``python -m corpus.demo --out build/demo`` writes

- ``reports/`` — one report per agency and year in mixed formats (PDF where the corpus
  has a PDF renderer, DOCX, HTML, text, Markdown), the 2019 template for 2019–2020 and
  the 2021 template from 2021 on, each with its truth file;
- ``regions.csv`` — what the generator knows about each report: file, agency, level
  (province, prefecture, county), province, prefecture, county, year, template,
  format, failed checks (the arithmetic ones and the text.* ones of sentences that
  disagree with their table), injected faults and continuity breaks (the notebooks fall back on it when
  the ``reports`` table has no region fields), and the truth of text reuse: the
  agency's ``copy_rate``, the wording pools ``copied`` from last year's report and
  last year's problems stated again (``repeated_problems``);
- ``dataset/`` — the dataset directory ``extract reports/ -o dataset/`` writes.

Three provinces × two prefectures × three counties: each province and prefecture
government, and each county's government and one county bureau, 45 agencies × 7
years = 315 reports. Trends, drawn per agency from a fixed seed: applications grow
(a dip in 2020), the disclosure rate rises and the denial rate falls over the years,
prefectures differ in how often they deny, counties in how often reviews correct
them, and legal persons file a slowly growing share. Carried-over applications
continue last year's carried-forward ones, except for a few deliberate breaks; about
one report in twelve does not add up (faults from :mod:`corpus.faults`), a few print
zeros as blanks. Section texts state extra facts (corpus.narrative) and reuse last
year's wording (sections 一 and 五) as often as the agency's copy rate says: 0 for two
agencies in five, else 0.3, 0.6 or 0.9. Building takes about half a minute on two cores.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import faults, numbers, texts
from .checks import PARTS, REVIEW_PARTS, Cells, failed
from .generate import RENDERERS, write
from .narrative import Narrator, text_checks
from .numbers import _OUTCOME_WEIGHTS, application_rows, close_applications, split
from .spec import ReportSpec
from .variants import VARIANTS, allowed, validate

YEARS = tuple(range(2019, 2026))
SEED = "demo-1"
VERSION = 2  # bump when the generated data changes, so cached demo datasets are rebuilt
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "build" / "demo"

# province → prefecture → counties (real divisions), with site slug and phone area code per prefecture
GEOGRAPHY: dict[str, dict[str, tuple[tuple[str, ...], str]]] = {
    "江苏省": {"淮安市": (("涟水县", "盱眙县", "金湖县"), "0517"),
              "盐城市": (("响水县", "滨海县", "阜宁县"), "0515")},
    "湖北省": {"孝感市": (("孝昌县", "大悟县", "云梦县"), "0712"),
              "黄冈市": (("团风县", "红安县", "罗田县"), "0713")},
    "四川省": {"绵阳市": (("三台县", "盐亭县", "梓潼县"), "0816"),
              "南充市": (("南部县", "营山县", "蓬安县"), "0817")},
}
PROVINCE_AREA = {"江苏省": "025", "湖北省": "027", "四川省": "028"}
BUREAUS = ("自然资源和规划局", "住房和城乡建设局", "市场监督管理局")
# Formats drawn for the reports: PDF too where the corpus has a PDF renderer.
FORMATS = ("docx", "html", "txt", "md", "pdf") if "pdf" in RENDERERS else ("docx", "html", "txt", "md")
FORMAT_WEIGHTS = (3, 3, 2, 1, 3)
# Shared year effects on the number of new applications (2020: the pandemic year).
YEAR_SHOCK = {2019: 0.0, 2020: -0.12, 2021: 0.10, 2022: 0.04, 2023: 0.08, 2024: 0.05, 2025: 0.03}
# Cosmetic variants the demo may draw (layout only; numbers are the demo's own).
_COSMETIC = ("wrapped_labels", "spaced_labels", "flat_header_table3", "title_split_lines", "preamble_split",
             "heading_review_yin", "heading_problems_long", "heading_problems_short",
             "heading_active_xingzheng", "numbering_dot", "numbering_comma", "halfwidth_brackets",
             "toc_line", "stat_period_sentence", "subtotal_rows_xiaoji", "subtotal_rows_inline",
             "thousands_sep", "pub_date_other_year", "html_trs_editor", "html_zoom", "html_ivs_content",
             "html_union_style", "html_nested_spans", "docx_split_table3")


@dataclass(frozen=True)
class Agency:
    name: str
    level: str  # province, prefecture, county
    kind: str  # government, department
    province: str
    prefecture: str | None
    county: str | None
    phone_area: str
    # drawn once per agency: the panel's persistent traits
    base_applications: float
    growth: float
    denial_factor: float
    review_rate: float
    correction_share: float
    legal_share: float
    slug: str

    @property
    def profile(self) -> str:
        if self.level in ("province", "prefecture"):
            return "large"
        return "medium" if self.kind == "government" else "small"


def agencies(seed: str = SEED) -> list[Agency]:
    """The 45 agencies of the demo panel, with their traits."""
    rng = random.Random(f"{seed}:agencies")
    out: list[Agency] = []
    for p_i, (province, prefectures) in enumerate(GEOGRAPHY.items()):
        out.append(_agency(rng, f"{province}人民政府", "province", "government", province, None, None,
                           PROVINCE_AREA[province], 900, f"p{p_i}"))
        for f_i, (prefecture, (counties, area)) in enumerate(prefectures.items()):
            denial = rng.uniform(0.6, 1.8)  # a prefecture's habit, shared by its counties
            out.append(_agency(rng, f"{prefecture}人民政府", "prefecture", "government", province, prefecture,
                               None, area, 420, f"p{p_i}f{f_i}", denial))
            for c_i, county in enumerate(counties):
                slug = f"p{p_i}f{f_i}c{c_i}"
                out.append(_agency(rng, f"{county}人民政府", "county", "government", province, prefecture,
                                   county, area, 90, slug, denial * rng.uniform(0.7, 1.4)))
                bureau = BUREAUS[(p_i + f_i + c_i) % len(BUREAUS)]
                out.append(_agency(rng, f"{county}{bureau}", "county", "department", province, prefecture,
                                   county, area, 14, slug + "b", denial * rng.uniform(0.7, 1.4)))
    return out


def _agency(rng: random.Random, name: str, level: str, kind: str, province: str, prefecture: str | None,
            county: str | None, area: str, base: float, slug: str, denial: float = 1.0) -> Agency:
    return Agency(
        name=name, level=level, kind=kind, province=province, prefecture=prefecture, county=county,
        phone_area=area, base_applications=base * rng.uniform(0.5, 1.8), growth=rng.uniform(0.0, 0.14),
        denial_factor=denial, review_rate=rng.uniform(0.02, 0.09),
        correction_share=min(0.85, rng.betavariate(2, 6) * (2.2 if rng.random() < 0.2 else 1.0)),
        legal_share=rng.uniform(0.06, 0.2), slug=slug,
    )


# --- numbers ----------------------------------------------------------------

def _outcome_weights(agency: Agency, year: int) -> dict[str, float]:
    """Outcome shares drifting with the years: more granted, fewer denied."""
    t = year - YEARS[0]
    weights = dict(_OUTCOME_WEIGHTS)
    weights["granted"] *= 1 + 0.06 * t
    weights["partially_granted"] *= 1 + 0.03 * t
    for key in weights:
        if key.startswith("denied_"):
            weights[key] *= agency.denial_factor * (1 - 0.07 * t) * 1.8
        elif key.startswith("not_processed_"):
            weights[key] *= 1 + 0.05 * t
    return weights


def _applications(rng: random.Random, agency: Agency, year: int, rows: list[str],
                  carried_over: list[int] | None) -> dict[str, dict[str, int]]:
    t = year - YEARS[0]
    trend = math.prod(1 + agency.growth + YEAR_SHOCK[y] for y in YEARS[1:t + 1])
    new_total = max(0, round(agency.base_applications * trend * rng.uniform(0.85, 1.15)))
    legal = min(0.6, agency.legal_share * (1 + 0.05 * t))
    col_weights = [1 - legal] + [legal * w for w in (0.55, 0.03, 0.04, 0.3, 0.08)]
    per_col = split(rng, new_total, col_weights)
    if carried_over is None:
        carried_over = [round(n * rng.uniform(0, 0.05)) for n in per_col]
    weights = _outcome_weights(agency, year)
    leaves = [k for k in weights if k in rows]
    leaf_w = [weights[k] for k in leaves]
    if "other_total" in rows and "other_other" not in rows:
        leaves.append("other_total")
        leaf_w.append(sum(v for k, v in weights.items() if k.startswith("other_")))
    table: dict[str, dict[str, int]] = {r: {} for r in rows}
    forward_share = rng.uniform(0.0, 0.06)
    for col, new, over in zip(PARTS, per_col, carried_over):
        forward = min(round((new + over) * forward_share * rng.uniform(0.5, 1.5)), new + over)
        handled = new + over - forward
        table["new_received"][col], table["carried_over"][col] = new, over
        table["carried_forward"][col], table["total_handled"][col] = forward, handled
        for leaf, count in zip(leaves, split(rng, handled, leaf_w)):
            table[leaf][col] = count
    return close_applications(table, rows)


def _review_litigation(rng: random.Random, agency: Agency, applications: int) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for row, rate, correct in (("review", agency.review_rate, agency.correction_share),
                               ("litigation_direct", agency.review_rate * 0.3, agency.correction_share * 0.6),
                               ("litigation_after_review", agency.review_rate * 0.15, agency.correction_share * 0.5)):
        total = round(applications * rate * rng.uniform(0.6, 1.4))
        keep = 1 - correct
        counts = split(rng, total, [keep * 0.7, correct, keep * 0.2, keep * 0.1])
        values = dict(zip(REVIEW_PARTS, counts))
        values["total"] = sum(counts)
        out[row] = values
    return out


# --- specs --------------------------------------------------------------------

def _variants(rng: random.Random, fmt: str, template: str) -> list[str]:
    names = [n for n in _COSMETIC if allowed(n, fmt, template)]
    rng.shuffle(names)
    chosen: list[str] = []
    if fmt == "html":
        chosen.append(rng.choice([n for n in names if VARIANTS[n].group == "container"]))
    for name in names:
        if name in chosen or rng.random() > 0.08:
            continue
        try:
            validate((*chosen, name), fmt, template)
        except ValueError:
            continue
        chosen.append(name)
    if rng.random() < 0.06:
        chosen.append("blank_empty")  # zeros printed as empty cells
    elif template == "2019" and rng.random() < 0.15:
        chosen.append("total_blank_outcomes")  # 总计 left blank on the outcome rows
    if rng.random() < 0.08:
        chosen.append("inconsistent")
    return sorted(chosen)


def copy_rate(agency: Agency, seed: str = SEED) -> float:
    """How often the agency reuses last year's wording (drawn apart from its other traits)."""
    return random.Random(f"{seed}:{agency.slug}:copy").choice((0.0, 0.0, 0.3, 0.6, 0.9))


def report_spec(agency: Agency, year: int, carried_over: list[int] | None, seed: str = SEED,
                prev_style: dict[str, list[int]] | None = None) -> ReportSpec:
    """One report of the panel; ``carried_over`` per applicant column continues last year, and
    ``prev_style`` (last year's wording choices) may be copied (:func:`copy_rate`)."""
    rng = random.Random(f"{seed}:{agency.slug}:{year}")
    template = "2019" if year < 2021 else "2021"
    fmt = rng.choices(FORMATS, weights=FORMAT_WEIGHTS[:len(FORMATS)])[0]
    chosen = tuple(_variants(rng, fmt, template))
    validate(chosen, fmt, template)
    profile = agency.profile
    derived = (("template_2019",) if template == "2019" else ()) + (
        ("city_scale",) if profile == "large" else ())
    all_variants = chosen + derived
    subtotals = any(v.startswith("subtotal_rows") for v in chosen)
    rows = application_rows(template, subtotals, False)
    app = _applications(rng, agency, year, rows, carried_over)
    received = app["new_received"]["total"] + app["carried_over"]["total"]
    makes_rules = agency.kind == "government" and agency.level != "county"
    ad = (numbers.active_disclosure_2021 if template == "2021" else numbers.active_disclosure_2019)(
        rng, profile, makes_rules)
    cells: Cells = {"active_disclosure": ad, "applications": app,  # type: ignore[dict-item]
                    "review_litigation": _review_litigation(rng, agency, received)}  # type: ignore[dict-item]
    marks = faults.apply_blanks(rng, cells, chosen)
    injected: list[str] = []
    if "inconsistent" in chosen:
        try:
            injected = faults.inject(rng, cells)
        except ValueError:
            chosen = tuple(v for v in chosen if v != "inconsistent")
            all_variants = tuple(v for v in all_variants if v != "inconsistent")
    fails = failed(cells)
    site = f"{agency.prefecture or agency.province}人民政府" if agency.level != "county" else f"{agency.county}人民政府"
    phone = f"{agency.phone_area}-{rng.randint(2_000_000, 8_999_999)}"
    pub = f"{year + 1}-{rng.choice(('01', '01', '02', '03'))}-{rng.randint(10, 28):02d}"
    narr = Narrator(random.Random(f"{seed}:{agency.slug}:{year}:narrative"), True, copy_from=prev_style,
                    copy_rate=copy_rate(agency, seed))
    body = {
        "overview": texts.overview(rng, agency.name, year, cells, all_variants, narr),
        "problems_improvements": texts.problems(rng, narr),
        "other_matters": texts.other_matters(rng, year, template, profile in ("medium", "large"), narr),
    }
    return ReportSpec(
        name=f"{agency.slug}_{year}", fmt=fmt, template=template, year=year, agency=agency.name,
        region=(agency.province, agency.prefecture or "", agency.county or ""), profile=profile,
        variants=all_variants, seed=f"{seed}:{agency.slug}:{year}", cells=cells, marks=marks, rows=rows,
        headings=texts.headings(all_variants), title=texts.title_lines(rng, agency.name, year, all_variants),
        preamble=texts.preamble(agency.name, year, template, site, phone, all_variants), body=body,
        site=site, pub_date=pub, injected=injected, failed_checks=fails, facts=narr.facts, style=narr.choices,
    )


def specs(seed: str = SEED) -> list[tuple[Agency, ReportSpec, bool]]:
    """Every report of the panel: (agency, spec, whether carried_over breaks continuity)."""
    out = []
    for agency in agencies(seed):
        forward: list[int] | None = None
        style: dict[str, list[int]] | None = None
        for year in YEARS:
            rng = random.Random(f"{seed}:{agency.slug}:{year}:continuity")
            carried = list(forward) if forward is not None else None
            broken = carried is not None and rng.random() < 0.05
            if broken:
                assert carried is not None
                carried[0] = carried[0] + rng.choice((2, 3, 5, 8)) if rng.random() < 0.7 else max(0, carried[0] - 2)
                broken = carried != forward
            spec = report_spec(agency, year, carried, seed, style)
            style = spec.style
            app = spec.cells["applications"]
            forward = [int(app["carried_forward"][c] or 0) for c in PARTS]  # the truth, not a blank
            out.append((agency, spec, broken))
    return out


REGION_COLUMNS = ("file", "agency", "agency_level", "agency_type", "province", "prefecture", "county", "year",
                  "template", "format", "profile", "variants", "failed_checks", "injected_faults",
                  "continuity_break", "copy_rate", "copied", "repeated_problems")


def _reuse_truth(spec: ReportSpec, prev: ReportSpec | None) -> tuple[str, str]:
    """(wording pools copied from last year, last year's problems stated again) as the generator chose them."""
    if prev is None:
        return "", ""
    copied = [name for name, chosen in spec.style.items() if prev.style.get(name) == chosen]
    issues = [texts.MORE_PROBLEMS[i] for i in prev.style.get("problems", [])
              if i in spec.style.get("problems", [])]
    return " ".join(copied), " | ".join(issues)


def build(out: Path = DEFAULT_DIR, workers: int = 2, seed: str = SEED, extract: bool = True) -> Path:
    """Write the demo reports, ``regions.csv`` and (with ``extract``) the dataset; return ``out``."""
    reports = out / "reports"
    shutil.rmtree(reports, ignore_errors=True)
    shutil.rmtree(out / "dataset", ignore_errors=True)
    rows = []
    last: dict[str, ReportSpec] = {}
    for agency, spec, broken in specs(seed):
        path, _ = write(spec, reports)
        copied, repeated = _reuse_truth(spec, last.get(agency.slug))
        text_fails = [f"{c['rule']}/{c['target']}" for c in text_checks(spec.facts, spec.cells) if c["status"] == "fail"]
        last[agency.slug] = spec
        rows.append({
            "file": path.name, "agency": agency.name, "agency_level": agency.level, "agency_type": agency.kind,
            "province": agency.province, "prefecture": agency.prefecture or "", "county": agency.county or "",
            "year": spec.year, "template": spec.template, "format": spec.fmt, "profile": spec.profile,
            "variants": " ".join(spec.variants), "failed_checks": " ".join(sorted(spec.failed_checks + text_fails)),
            "injected_faults": " | ".join(spec.injected), "continuity_break": str(broken).lower(),
            "copy_rate": copy_rate(agency, seed), "copied": copied, "repeated_problems": repeated,
        })
    with open(out / "regions.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=REGION_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    if extract:
        cmd = [sys.executable, "-m", "extractor", str(reports), "-o", f"{out / 'dataset'}/", "-q",
               "-w", str(workers), "--no-csv"]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode not in (0, 1):
            raise RuntimeError(f"extract failed ({result.returncode}): {result.stderr.strip()[-500:]}")
    (out / "STAMP").write_text(json.dumps(_stamp(seed, extract)) + "\n", encoding="utf-8")
    return out


def _stamp(seed: str, extract: bool) -> dict:
    from extractor import __version__

    src = Path(__file__).read_bytes()
    return {"version": VERSION, "seed": seed, "extract": extract, "extractor": __version__,
            "demo_source": hashlib.sha256(src).hexdigest()[:16]}


def ensure(out: str | Path | None = None, workers: int = 2) -> Path:
    """The demo dataset at ``out`` (default build/demo), built unless already there and current."""
    out = Path(out) if out else DEFAULT_DIR
    stamp = out / "STAMP"
    if stamp.is_file():
        try:
            if json.loads(stamp.read_text(encoding="utf-8")) == _stamp(SEED, True):
                return out
        except ValueError:
            pass
    return build(out, workers=workers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.demo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR, help="output folder (default build/demo)")
    parser.add_argument("--workers", type=int, default=2, help="extraction worker processes")
    parser.add_argument("--no-extract", action="store_true", help="write the reports only")
    parser.add_argument("--seed", default=SEED)
    args = parser.parse_args(argv)
    out = build(args.out, args.workers, args.seed, not args.no_extract)
    print(f"demo: {sum(1 for _ in (out / 'reports').glob('*.truth.json'))} reports in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
