"""A report spec: everything a renderer needs and everything the truth file says."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import faults, numbers, texts
from .checks import Cells, failed
from .narrative import Narrator
from .variants import DERIVED, validate

EXTENSIONS = {"docx": "docx", "html": "html", "txt": "txt", "md": "md", "pdf": "pdf"}

# province, prefecture, county-level division, township, site slug, phone area code
REGIONS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("宁夏回族自治区", "固原市", "彭阳县", "白阳镇", "pengyang", "0954"),
    ("江苏省", "淮安市", "涟水县", "高沟镇", "lianshui", "0517"),
    ("山东省", "威海市", "文登区", "龙山街道", "wendeng", "0631"),
    ("湖北省", "孝感市", "孝南区", "毛陈镇", "xiaonan", "0712"),
    ("广东省", "深圳市", "龙岗区", "龙城街道", "lg", "0755"),
    ("陕西省", "铜川市", "耀州区", "小丘镇", "yaozhou", "0919"),
    ("湖南省", "怀化市", "鹤城区", "黄金坳镇", "hecheng", "0745"),
    ("浙江省", "丽水市", "莲都区", "碧湖镇", "liandu", "0578"),
    ("四川省", "绵阳市", "涪城区", "青义镇", "fucheng", "0816"),
    ("安徽省", "宣城市", "宁国市", "港口镇", "ningguo", "0563"),
    ("福建省", "三明市", "沙县区", "夏茂镇", "shaxian", "0598"),
    ("河北省", "保定市", "涞水县", "永阳镇", "laishui", "0312"),
    ("江西省", "赣州市", "信丰县", "嘉定镇", "xinfeng", "0797"),
    ("云南省", "曲靖市", "陆良县", "中枢街道", "luliang", "0874"),
)
SMALL_DEPARTMENTS = ("司法局", "审计局", "统计局", "信访局", "档案局", "退役军人事务局", "医疗保障局")
DEPARTMENTS = SMALL_DEPARTMENTS + ("自然资源局", "住房和城乡建设局", "市场监督管理局", "卫生健康局",
                                   "交通运输局", "农业农村局", "水利局", "应急管理局", "教育体育局")


@dataclass
class ReportSpec:
    """One generated report: identity, texts, truth numbers and variant flags."""

    name: str
    fmt: str  # docx, html, txt, md, pdf
    template: str  # 2021 or 2019
    year: int
    agency: str
    region: tuple[str, str, str]
    profile: str
    variants: tuple[str, ...]
    seed: str
    cells: Cells  # truth: number, or None where printed blank
    marks: faults.Marks  # printed text of blank cells
    rows: list[str]  # printed rows of table 三, in order
    headings: dict[str, str]
    title: list[str]
    preamble: list[str]
    body: dict[str, list[str]]  # prose paragraphs per section key
    site: str
    pub_date: str  # YYYY-MM-DD
    encoding: str = "utf-8"
    injected: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)  # numbers the sections state (corpus.narrative)
    style: dict[str, list[int]] = field(default_factory=dict)  # wording choices (copied in the demo panel)

    @property
    def filename(self) -> str:
        return f"{self.name}.{EXTENSIONS[self.fmt]}"

    def has(self, variant: str) -> bool:
        return variant in self.variants


def _agency(rng: random.Random, profile: str, region: tuple[str, ...]) -> tuple[str, bool]:
    """(agency as printed in the title, whether it makes 规章)."""
    _, prefecture, county, town, _, _ = region
    prefix = prefecture if rng.random() < 0.25 else ""
    if profile == "large":
        return f"{prefecture}人民政府", True
    if profile == "medium":
        if rng.random() < 0.5:
            return f"{prefix}{county}人民政府", False
        return f"{prefecture}{rng.choice(DEPARTMENTS)}", False
    if rng.random() < 0.3:
        office = "办事处" if town.endswith("街道") else "人民政府"
        return f"{prefix}{county}{town}{office}", False
    pool = SMALL_DEPARTMENTS if profile == "zero" else DEPARTMENTS
    return f"{prefix}{county}{rng.choice(pool)}", False


def _encoding(variants: tuple[str, ...]) -> str:
    if "enc_gbk" in variants:
        return "gbk"
    if "enc_gb18030" in variants:
        return "gb18030"
    return "utf-8"


def build(name: str, fmt: str, template: str, profile: str, variants: tuple[str, ...],
          seed: str, year: int | None = None, narrative: bool = False) -> ReportSpec:
    """Draw a report from ``seed``: same arguments, same report. ``narrative``: the section
    texts state more facts (corpus.narrative extras); the committed sample set has none."""
    chosen = tuple(v for v in variants if v not in DERIVED)
    validate(chosen, fmt, template)
    rng = random.Random(seed)
    region = rng.choice(REGIONS)
    agency, makes_rules = _agency(rng, profile, region)
    if "blank_slash" in chosen:
        makes_rules = False
    if year is None:
        year = rng.choice((2021, 2022, 2023, 2024) if template == "2021" else (2019, 2020))
    derived = (("template_2019",) if template == "2019" else ()) + {
        "zero": ("all_zero",), "large": ("city_scale",)}.get(profile, ())
    all_variants = chosen + derived
    subtotals = any(v.startswith("subtotal_rows") for v in chosen)
    rows = numbers.application_rows(template, subtotals, "other_single_row" in chosen)
    zero_cols = faults.DASH_COLS if "blank_dash" in chosen else ()
    cells = numbers.generate(rng, profile, template, rows, makes_rules, zero_cols)
    if any(v in faults.TABLE4_MARKS for v in chosen):
        cells["review_litigation"] = numbers.review_litigation(rng, "zero")
    if "pdf_unruled_fee_zero" in chosen:
        cells["active_disclosure"]["administrative_fees"]["amount_10k_yuan"] = 0
    marks = faults.apply_blanks(rng, cells, chosen)
    injected = faults.inject(rng, cells) if "inconsistent" in chosen else []
    fails = failed(cells)
    if bool(fails) != ("inconsistent" in chosen):
        raise AssertionError(f"{name}: failed checks {fails} but variants {chosen}")
    site = f"{region[1] if agency.startswith(region[1]) else region[2]}人民政府"
    phone = f"{region[5]}-{rng.randint(2_000_000, 8_999_999)}"
    pub = f"{year + 1}-{rng.choice(('01', '01', '02', '03'))}-{rng.randint(10, 28):02d}"
    heads = texts.headings(all_variants)
    kangxi = "kangxi_headings" in chosen
    narr = Narrator(random.Random(f"{seed}:narrative"), narrative)
    body = {
        "overview": texts.overview(rng, agency, year, cells, all_variants, narr),
        "problems_improvements": texts.problems(rng, narr),
        "other_matters": texts.other_matters(rng, year, template, profile in ("medium", "large"), narr),
    }
    pre = texts.preamble(agency, year, template, site, phone, all_variants)
    if kangxi:
        body = {k: [p.translate(texts.KANGXI) for p in v] for k, v in body.items()}
        pre = [p.translate(texts.KANGXI) for p in pre]
    return ReportSpec(
        name=name, fmt=fmt, template=template, year=year, agency=agency, region=region[:3],
        profile=profile, variants=all_variants, seed=seed, cells=cells, marks=marks, rows=rows,
        headings=heads, title=texts.title_lines(rng, agency, year, all_variants), preamble=pre,
        body=body, site=site, pub_date=pub, encoding=_encoding(chosen), injected=injected,
        failed_checks=fails, facts=narr.facts, style=narr.choices,
    )
