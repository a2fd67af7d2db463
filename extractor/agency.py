"""What kind of agency: level of government, government or department, department category.

Everything comes from the agency name; the place (and so the level, for most
agencies) from :mod:`extractor.region`. ``describe`` gives the report columns
``region_code, province, prefecture, county, agency_level, agency_type,
department, region_source`` in one call.

* level — ``central`` (国务院, ministries: 教育部, 海关总署, 国家统计局 …), ``province``,
  ``prefecture``, ``county`` (the rank of the agency's division), ``township``
  (乡, 镇, 街道, 苏木 — the region is then their county). Districts of the
  municipalities are counties; county-level cities under a province directly
  (仙桃市, 济源市) are counties.
* type — ``government`` for a 人民政府 (行政公署, 街道办事处) and its 办公室/办公厅,
  ``department`` for everything else that is a unit of its own.
* department — a normalized category from the name's wording (司法局/司法厅/司法部 →
  司法; 住房和城乡建设局/住建局 → 住建 …); empty when the wording is not known.
"""

from __future__ import annotations

from typing import Any

import regex as re

# (category, pattern). The earliest match in the name wins (教育体育局 → 教育), then the
# longest, then this order.
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("公安", r"公安"),
    ("司法", r"司法(?:局|厅|部|所|行政)"),
    ("自然资源", r"自然资源|国土资源|国土局|规划和自然资源|规划局"),
    ("生态环境", r"生态环境|环境保护|环保局"),
    ("住建", r"住房和城乡建设|住房城乡建设|住建|城乡建设|建设局|建设委员会|建委"),
    ("教育", r"教育|教体局"),
    ("卫生健康", r"卫生健康|卫健|卫生和计划生育|卫生计生|卫生局"),
    ("人力资源社会保障", r"人力资源和社会保障|人力资源社会保障|人社"),
    ("市场监管", r"市场监督管理|市场监管|工商行政管理|质量技术监督|食品药品监督管理"),
    ("财政", r"财政"),
    ("发展改革", r"发展和改革|发展改革|发改"),
    ("民政", r"(?<!人)民政"),
    ("交通运输", r"交通运输|交通局|交通厅"),
    ("农业农村", r"农业农村|农业局|农业和农村|农牧|畜牧"),
    ("水利", r"水利|水务"),
    ("商务", r"商务"),
    ("文化旅游", r"文化和旅游|文化广电|文化旅游|文化体育|文旅|旅游"),
    ("应急管理", r"应急管理|安全生产监督"),
    ("审计", r"审计"),
    ("统计", r"统计"),
    ("税务", r"税务"),
    ("信访", r"信访"),
    ("退役军人事务", r"退役军人"),
    ("医疗保障", r"医疗保障|医保局"),
    ("林业草原", r"林业|草原"),
    ("工业和信息化", r"工业和信息化|经济和信息化|工业信息化|经济信息化|经信|工信"),
    ("科技", r"科学技术|科技局|科技厅"),
    ("行政审批", r"行政审批|政务服务|审批服务"),
    ("城市管理", r"城市管理|城管|综合行政执法|综合执法"),
    ("体育", r"体育"),
    ("民族宗教", r"民族宗教|民族和宗教|宗教事务|民宗"),
    ("粮食和物资储备", r"粮食"),
    ("人民防空", r"人民防空|人防"),
    ("地方金融", r"金融"),
    ("国有资产", r"国有资产|国资"),
    ("机关事务", r"机关事务"),
    ("乡村振兴", r"乡村振兴|扶贫"),
    ("广播电视", r"广播电视|广电"),
    ("档案", r"档案"),
    ("气象", r"气象"),
    ("消防救援", r"消防"),
    ("外事", r"外事|外办"),
    ("知识产权", r"知识产权"),
    ("药品监管", r"药品监督"),
    ("数据", r"大数据|数据局|数据资源"),
    ("公共资源交易", r"公共资源交易"),
    ("住房公积金", r"公积金"),
    ("海关", r"海关"),
    ("宣传", r"宣传部"),
    ("组织", r"组织部"),
    ("统战", r"统战部|统一战线"),
    ("政法", r"政法委"),
    ("纪检监察", r"纪律检查|纪委|监察委"),
    ("机构编制", r"机构编制|编办"),
    ("开发区", r"开发区|高新技术产业|高新区|工业园区|产业园区"),
)
_DEPT = [(name, re.compile(p)) for name, p in DEPARTMENTS]

_GOVERNMENT = re.compile(r"^(?:人民政府|政府|行政公署)?(?:办公室|办公厅|办)?$|^(?:街道)?办事处$")
_TOWNSHIP = re.compile(
    r"^(?P<town>\p{Han}{1,12}?(?:街道|镇|乡|苏木))(?=人民政府|政府|办事处|街道办|党委|党工委|人大|便民服务中心|$)"
)
_CENTRAL = re.compile(r"^(?:国务院|中华人民共和国|中共中央|国家|中国)|(?:部|总署|审计署|总局)$")
_UNIT_START = re.compile(r"^(?:人民政府|政府|行政公署|委|办公室|办公厅|人大|政协)")
_HEAD_LEVELS = (("自治区", "province"), ("省", "province"), ("自治州", "prefecture"),
                ("地区", "prefecture"), ("盟", "prefecture"), ("州", "prefecture"),
                ("街道", "township"), ("镇", "township"), ("乡", "township"), ("苏木", "township"),
                ("县", "county"), ("区", "county"), ("旗", "county"), ("市", None))

FIELDS = ("region_code", "province", "prefecture", "county", "agency_level", "agency_type", "department",
          "region_source")


def department_category(rest: str) -> str | None:
    """The normalized category of a department from its name (without the place)."""
    rest = re.sub(r"^(?:政府|委)", "", rest.replace("人民政府", ""))
    best: tuple[int, int, int, str] | None = None
    for order, (name, pattern) in enumerate(_DEPT):
        m = pattern.search(rest)
        if m:
            key = (m.start(), -(m.end() - m.start()), order, name)
            best = key if best is None or key < best else best
    return best[3] if best else None


def is_unit(rest: str) -> bool:
    """Whether ``rest`` reads as an agency (司法局, 人民政府 …) — what may follow a place."""
    if not rest:
        return False
    if _GOVERNMENT.match(rest) or _UNIT_START.match(rest) or _TOWNSHIP.match(rest):
        return True
    return any(p.match(rest) for _, p in _DEPT)


def _split_township(rest: str) -> tuple[str | None, str]:
    m = _TOWNSHIP.match(rest)
    return (m["town"], rest[m.end():]) if m else (None, rest)


def _unresolved_head(name: str) -> tuple[str | None, str] | None:
    """(level, rest) for a place the division table does not know (某某县财政局 → county)."""
    if is_unit(name) and not _TOWNSHIP.match(name):  # 住房和城乡建设局 is no place called 住房和城乡
        return None
    for k in range(1, min(len(name), 10)):
        head, rest = name[:k], name[k:]
        for suffix, level in _HEAD_LEVELS:
            if head.endswith(suffix) and is_unit(rest):
                return level, rest
    return None


def describe(agency: str | None, text: str = "") -> dict[str, Any]:
    """Region and kind of an agency: the report columns in :data:`FIELDS`."""
    from . import region as regions

    out: dict[str, Any] = dict.fromkeys(FIELDS)
    name = re.sub(r"\s+", "", agency or "")
    if not name:
        return out
    parsed = regions.parse_name(name, is_unit)
    place = regions.locate(name, text, is_unit)
    # A place the division table does not know, after the ones it knows (淮安市某某区人民政府)
    # or alone (某某县财政局, 高沟镇人民政府): it gives the level.
    unknown = None if parsed.generic else _unresolved_head(parsed.remainder)
    town, rest = _split_township(unknown[1] if unknown else parsed.remainder)
    party = parsed.prefix.startswith(("中共", "中国共产党"))
    if rest.startswith("委") and party:
        rest = rest[1:]  # 中共彭阳县委宣传部
    if place is not None and unknown and unknown[0] != "township":
        # The agency's own division lies below the known one and is not in the table: the names
        # above it are known, its code is not.
        out.update(province=place.province, prefecture=place.prefecture, region_source=place.source)
    elif place is not None:
        out.update(region_code=place.code, province=place.province, prefecture=place.prefecture,
                   county=place.county, region_source=place.source)
    if town or (unknown and unknown[0] == "township"):
        level = "township"
    elif unknown:
        level = unknown[0]
    elif place is not None:
        level = place.level
    elif parsed.tokens:
        ranks = {d.rank for d in parsed.candidates}
        level = regions.RANK_NAMES[ranks.pop()] if len(ranks) == 1 else None
    elif parsed.generic:
        level = dict(_HEAD_LEVELS).get(parsed.generic)
    elif _CENTRAL.search(name):
        level = "central"
    else:
        level = None
    if (_GOVERNMENT.match(rest) and not party) or name in ("国务院", "国务院办公厅"):
        out.update(agency_type="government")
    else:
        out.update(agency_type="department", department=department_category(rest))
    out["agency_level"] = level
    return out


def report_text(preamble: str, sections: list[Any]) -> str:
    """The text searched for the agency's place: preamble first, then every section."""
    return "\n".join([preamble, *(s.text for s in sections)])
