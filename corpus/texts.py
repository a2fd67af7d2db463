"""Headings, title, preamble and section prose of a generated report."""

from __future__ import annotations

import random

from extractor.schema import SECTIONS

from .checks import Cells

HEADING_VARIANTS = {
    "heading_active_xingzheng": ("active_disclosure", "二、行政机关主动公开政府信息情况"),
    "heading_review_yin": ("review_litigation", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    "heading_problems_long": ("problems_improvements", "五、政府信息公开工作存在的主要问题及改进情况"),
    "heading_problems_short": ("problems_improvements", "五、存在问题及改进情况"),
    "heading_review_yin_nodun": ("review_litigation", "四、因政府信息公开工作被申请行政复议提起行政诉讼情况"),
    "heading_review_he": ("review_litigation", "四、政府信息公开行政复议和行政诉讼情况"),
    "heading_problems_he": ("problems_improvements", "五、政府信息公开工作存在的主要问题和改进情况"),
    "heading_applications_xingzheng": ("applications", "三、行政机关收到和处理政府信息公开申请情况"),
    "heading_qita_other": ("other_matters", "六、其它需要报告的事项"),
}
NUMBERING = {"numbering_dot": ".", "numbering_comma": "，"}
# What a PDF text layer with a Kangxi-radical ToUnicode map gives (FORMATS §4.5).
KANGXI = str.maketrans({"一": "⼀", "二": "⼆", "人": "⼈", "入": "⼊", "行": "⾏", "方": "⽅"})

NOTICE = {
    "2021": "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉"
            "的通知》（国办公开办函〔2021〕30号）",
    "2019": "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
            "（国办公开办函〔2019〕60号）",
}


def headings(variants: tuple[str, ...]) -> dict[str, str]:
    """The six headings as printed, by section key."""
    out = {s.key: s.heading for s in SECTIONS}
    for name, (key, text) in HEADING_VARIANTS.items():
        if name in variants:
            out[key] = text
    for name, punct in NUMBERING.items():
        if name in variants:
            out = {k: v.replace("、", punct, 1) for k, v in out.items()}
    if "kangxi_headings" in variants:
        out = {k: v.translate(KANGXI) for k, v in out.items()}
    return out


def title_lines(rng: random.Random, agency: str, year: int, variants: tuple[str, ...]) -> list[str]:
    """The title: one line, or agency and title on separate lines."""
    year_text = f"{year} 年" if "spaced_labels" in variants else f"{year}年"
    suffix = rng.choice(("政府信息公开工作年度报告", "度政府信息公开工作年度报告"))
    if "title_split_lines" in variants:
        return [agency, f"{year_text}{suffix}"]
    return [f"{agency}{year_text}{suffix}"]


def preamble(agency: str, year: int, template: str, site: str, phone: str,
             variants: tuple[str, ...]) -> list[str]:
    """Paragraphs before section 一."""
    first = (f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{NOTICE[template]}要求，"
             f"现发布《{agency}{year}年政府信息公开工作年度报告》。")
    paras = [first]
    if "preamble_split" in variants:
        cut = first.index("和《") + 1
        paras = [first[:cut], first[cut:]]
    if "preamble_mentions_overview" in variants:
        paras.append("本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
                     "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分内容。")
    if "stat_period_sentence" in variants:
        paras.append(f"本报告所列数据统计期限自{year}年1月1日至{year}年12月31日。")
    paras.append(f"本报告电子版可在“{site}”门户网站查阅或下载。如对本报告有疑问，"
                 f"请与{agency}办公室联系（电话：{phone}）。")
    return paras


def _count(cells: Cells, row: str) -> int | None:
    value = cells["applications"].get(row, {}).get("total")
    return None if value is None else int(value)


def overview(rng: random.Random, agency: str, year: int, cells: Cells,
             variants: tuple[str, ...]) -> list[str]:
    """Section 一: the five customary sub-paragraphs."""
    posts = rng.randint(30, 900)
    growth = ""
    if "radical_supplement" in variants:
        growth = f"，同比增⻓{rng.randint(3, 40)}.{rng.randint(1, 9)}%"
    paras = [
        f"（一）主动公开。{year}年，{agency}在政府门户网站主动公开政府信息{posts}条{growth}，"
        f"其中机构职能类{rng.randint(1, 20)}条、通知公告类{rng.randint(1, 60)}条、政策解读类{rng.randint(1, 15)}条，"
        "及时准确公开重大决策部署落实情况。",
    ]
    new, carried, handled, forward = (_count(cells, r) for r in
                                      ("new_received", "carried_over", "total_handled", "carried_forward"))
    if not new and not carried:
        paras.append(f"（二）依申请公开。{year}年度，我单位未收到政府信息公开申请。")
    else:
        paras.append(f"（二）依申请公开。{year}年共收到政府信息公开申请{new}件，上年结转{carried}件，"
                     f"办结{handled}件，结转下年度继续办理{forward}件，均在法定期限内答复。")
    paras += [
        "（三）政府信息管理。一是严格落实公文公开属性源头认定制度；二是动态更新政府信息公开目录；"
        "三是严格执行信息发布“三审三校”制度，确保信息发布准确规范。",
        "（四）平台建设。持续加强政府网站信息公开专栏建设，优化栏目设置，"
        f"全年通过政务新媒体发布信息{rng.randint(20, 600)}条。",
        "（五）监督保障。制定年度政务公开工作要点，明确任务分工和完成时限，将政务公开工作纳入年度绩效考核。"
        f"{year}年未发生因政府信息公开工作被责任追究的情况。",
    ]
    return paras


def problems(rng: random.Random) -> list[str]:
    """Section 五."""
    issues = rng.sample(["主动公开的深度和广度有待拓展", "政策解读形式较为单一", "信息发布的及时性有待提高",
                         "工作人员业务能力有待加强", "依申请公开答复规范化水平有待提升"], 3)
    return [
        f"（一）存在的主要问题。一是{issues[0]}；二是{issues[1]}；三是{issues[2]}。",
        "（二）改进情况。一是围绕群众关切，持续加大重点领域信息公开力度；二是丰富政策解读形式，"
        "提高解读质量；三是加强业务培训，提升工作人员业务水平。",
    ]


def other_matters(rng: random.Random, year: int, template: str, busy: bool) -> list[str]:
    """Section 六; ``busy`` agencies sometimes collected 信息处理费."""
    fee = "本机关未收取信息处理费。" if template == "2021" else "本年度未收取政府信息公开相关费用。"
    if template == "2021" and busy and rng.random() < 0.3:
        fee = f"依据《政府信息公开信息处理费管理办法》，本年度收取信息处理费{rng.randint(100, 2000)}元。"
    return [
        f"（一）{year}年政务公开工作要点落实情况。按照年度政务公开工作要点要求，逐项细化任务，均已按期完成。",
        f"（二）收取信息处理费情况。{fee}",
        f"（三）人大代表建议和政协提案办理结果公开情况。{year}年共办理人大代表建议{rng.randint(0, 30)}件、"
        f"政协提案{rng.randint(0, 30)}件，办理结果均已按规定公开。",
    ]
