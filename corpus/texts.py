"""Headings, title, preamble and section prose of a generated report."""

from __future__ import annotations

import random

from extractor.schema import SECTIONS

from .checks import Cells
from .narrative import Narrator

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


def _value(cells: Cells, table: str, row: str, col: str = "total") -> int | None:
    value = cells.get(table, {}).get(row, {}).get(col)
    return None if value is None else int(value)


def overview(rng: random.Random, agency: str, year: int, cells: Cells,
             variants: tuple[str, ...], narr: Narrator | None = None) -> list[str]:
    """Section 一: the five customary sub-paragraphs (``narr`` records the facts they state)."""
    narr = narr or Narrator(random.Random(0))
    posts = rng.randint(30, 900)
    growth = ""
    if "radical_supplement" in variants:
        growth = f"，同比增⻓{rng.randint(3, 40)}.{rng.randint(1, 9)}%"
    said_posts = narr.say(1, "disclosed_items", posts, "条")
    kinds = rng.randint(1, 20), rng.randint(1, 60), rng.randint(1, 15)
    paras = [
        f"（一）主动公开。{year}年，{agency}在政府门户网站主动公开政府信息{said_posts}{growth}，"
        f"其中机构职能类{kinds[0]}条、通知公告类{kinds[1]}条、"
        f"政策解读类{narr.say(1, 'policy_interpretations', kinds[2], '条', 'part')}，"
        "及时准确公开重大决策部署落实情况。" + _active_extras(narr, agency, cells),
    ]
    new, carried, handled, forward = (_count(cells, r) for r in
                                      ("new_received", "carried_over", "total_handled", "carried_forward"))
    if not new and not carried:
        narr.none(1, "applications_received")
        paras.append(f"（二）依申请公开。{year}年度，我单位未收到政府信息公开申请。" + _review_sentence(narr, year, cells))
    else:
        shown = new
        if new is not None and narr.chance(0.12):  # the text disagrees with table 三
            shown = max(0, new + narr.rng.choice((-5, -3, -1, 2, 4, 7, 10)))
            if shown in (new, new + (carried or 0)):
                shown = new + 11
        said = [narr.say(1, key, v, "件") if v is not None else f"{v}件" for key, v in (
            ("applications_received", shown), ("applications_carried_over", carried),
            ("applications_handled", handled), ("applications_carried_forward", forward))]
        paras.append(f"（二）依申请公开。{year}年共收到政府信息公开申请{said[0]}，上年结转{said[1]}，"
                     f"办结{said[2]}，结转下年度继续办理{said[3]}，均在法定期限内答复。"
                     + _part_sentences(narr, agency, new) + _review_sentence(narr, year, cells))
    management = ("严格落实公文公开属性源头认定制度；二是动态更新政府信息公开目录；"
                  "三是严格执行信息发布“三审三校”制度，确保信息发布准确规范")
    if narr.extras:
        management = "；".join(f"{o}是{m}" for o, m in zip("一二三", narr.pick("management", MANAGEMENT, 3)))[2:]
    paras += [
        f"（三）政府信息管理。一是{management}。",
        "（四）平台建设。持续加强政府网站信息公开专栏建设，优化栏目设置，"
        f"全年通过政务新媒体发布信息{narr.say(1, 'new_media_posts', rng.randint(20, 600), '条')}。"
        + _platform_extras(narr),
        "（五）监督保障。" + ("".join(narr.pick("supervision", SUPERVISION, 2)) if narr.extras else
                          "制定年度政务公开工作要点，明确任务分工和完成时限，将政务公开工作纳入年度绩效考核。")
        + f"{year}年未发生因政府信息公开工作被责任追究的情况。" + _training_extras(narr),
    ]
    return paras


def _active_extras(narr: Narrator, agency: str, cells: Cells) -> str:
    """More active-disclosure facts: press conferences, interpretations, gazette, visits, 规范性文件."""
    out = ""
    if narr.chance(0.5):
        out += (f"全年召开新闻发布会{narr.say(1, 'press_conferences', narr.rng.randint(1, 30), '场')}，"
                f"发布政策解读{narr.say(1, 'policy_interpretations', narr.rng.randint(3, 150), '篇')}。")
    if narr.chance(0.3) and agency.endswith("人民政府"):
        out += f"编印《{agency}公报》{narr.say(1, 'gazette_issues', narr.rng.choice((4, 6, 12)), '期')}。"
    if narr.chance(0.3):
        visits = narr.rng.randint(3, 900) * 1000
        out += f"政府网站访问量达{narr.say(1, 'website_visits', visits, '人次', printed_unit='万人次')}。"
    issued = _value(cells, "active_disclosure", "normative_documents", "issued")
    if issued is not None and narr.chance(0.3):
        shown = issued + 3 if narr.rng.random() < 0.15 else issued
        out += f"全年制发行政规范性文件{narr.say(1, 'normative_documents_issued', shown, '件')}。"
    if narr.chance(0.25):
        out += (f"截至年底，累计公开政府信息{narr.say(1, 'disclosed_items', narr.rng.randint(1000, 9000), '条', 'unclear')}。")
    return out


def _part_sentences(narr: Narrator, agency: str, new: int | None) -> str:
    """Sentences about a part of the applications: one office's share, one channel."""
    if not new:
        return ""
    out = ""
    if narr.chance(0.2):
        office = "政府办公室" if agency.endswith("人民政府") else "办公室"
        out += (f"其中，{office}代表{agency}受理政府信息公开申请"
                f"{narr.say(1, 'applications_received', narr.rng.randint(0, new), '件', 'part')}。")
    if narr.chance(0.2):
        out += (f"其中通过政府网站在线收到政府信息公开申请"
                f"{narr.say(1, 'applications_received', narr.rng.randint(0, new), '件', 'part')}。")
    if narr.chance(0.15):
        out += f"收到的政府信息公开申请较上年增加{narr.rng.randint(1, 30)}件。"  # a change, not a fact
    return out


def _review_sentence(narr: Narrator, year: int, cells: Cells) -> str:
    if not narr.chance(0.4):
        return ""
    review = _value(cells, "review_litigation", "review")
    direct = _value(cells, "review_litigation", "litigation_direct")
    after = _value(cells, "review_litigation", "litigation_after_review")
    if review is None or direct is None or after is None:
        return ""
    if review == 0 and direct + after == 0:
        narr.none(1, "reviews")
        narr.none(1, "lawsuits")
        return "全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    shown = review + 2 if narr.rng.random() < 0.1 else review
    return (f"{year}年，因政府信息公开工作被申请行政复议{narr.say(1, 'reviews', shown, '件')}，"
            f"被提起行政诉讼{narr.say(1, 'lawsuits', direct + after, '件')}。")


def _platform_extras(narr: Narrator) -> str:
    if not narr.chance(0.4):
        return ""
    return (f"政务服务热线受理群众咨询{narr.say(1, 'consultations', narr.rng.randint(10, 5000), '件')}，"
            f"微信公众号发布信息{narr.say(1, 'wechat_posts', narr.rng.randint(10, 900), '条')}。")


def _training_extras(narr: Narrator) -> str:
    if not narr.chance(0.4):
        return ""
    return (f"全年开展政务公开业务培训{narr.say(1, 'training_sessions', narr.rng.randint(1, 12), '次')}，"
            f"培训{narr.say(1, 'training_participants', narr.rng.randint(20, 900), '人次')}。")


PROBLEMS = ("主动公开的深度和广度有待拓展", "政策解读形式较为单一", "信息发布的及时性有待提高",
            "工作人员业务能力有待加强", "依申请公开答复规范化水平有待提升")
# Wording pools of the extra narrative (random sets, demo panel): drawn per report, or copied from last year.
MORE_PROBLEMS = PROBLEMS + ("基层政务公开标准化规范化建设仍需深化", "政务新媒体更新不够及时",
                            "政策解读的针对性和通俗性不足", "公开平台栏目设置有待优化", "政民互动回应质量有待提升",
                            "重点领域信息公开不够全面", "信息公开工作人员流动性较大")
IMPROVEMENTS = ("围绕群众关切，持续加大重点领域信息公开力度", "丰富政策解读形式，提高解读质量",
                "加强业务培训，提升工作人员业务水平", "健全信息发布审核机制，确保信息准确规范",
                "优化政府网站栏目设置，提升平台服务能力", "加强政务新媒体管理，及时更新发布内容",
                "规范依申请公开办理流程，提高答复质量", "强化考核评估，压实工作责任")
MANAGEMENT = ("严格落实公文公开属性源头认定制度", "动态更新政府信息公开目录", "严格执行信息发布“三审三校”制度",
              "建立健全政府信息公开保密审查机制", "定期开展政府网站和政务新媒体检查", "持续清理规范已公开政策文件",
              "完善政策文件库建设，集中公开现行有效文件", "加强政府信息公开工作人员管理")
SUPERVISION = ("制定年度政务公开工作要点，明确任务分工和完成时限。", "将政务公开工作纳入年度绩效考核。",
               "定期通报政务公开工作情况，督促整改落实。", "主动接受社会评议和群众监督。",
               "建立政务公开工作责任追究制度。", "邀请第三方开展政务公开评估。")


def problems(rng: random.Random, narr: Narrator | None = None) -> list[str]:
    """Section 五: three problems and three improvements (from the pools with ``narr`` extras)."""
    issues = rng.sample(list(PROBLEMS), 3)
    steps = ["围绕群众关切，持续加大重点领域信息公开力度", "丰富政策解读形式，提高解读质量",
             "加强业务培训，提升工作人员业务水平"]
    if narr is not None and narr.extras:
        issues, steps = narr.pick("problems", MORE_PROBLEMS, 3), narr.pick("improvements", IMPROVEMENTS, 3)
    return [
        f"（一）存在的主要问题。一是{issues[0]}；二是{issues[1]}；三是{issues[2]}。",
        f"（二）改进情况。一是{steps[0]}；二是{steps[1]}；三是{steps[2]}。",
    ]


def other_matters(rng: random.Random, year: int, template: str, busy: bool,
                  narr: Narrator | None = None) -> list[str]:
    """Section 六; ``busy`` agencies sometimes collected 信息处理费."""
    narr = narr or Narrator(random.Random(0))
    if template == "2021" and busy and rng.random() < 0.3:
        fee = (f"依据《政府信息公开信息处理费管理办法》，本年度收取信息处理费"
               f"{narr.say(6, 'information_processing_fees', rng.randint(100, 2000), '元')}。")
    else:
        narr.none(6, "information_processing_fees", "元")
        fee = "本机关未收取信息处理费。" if template == "2021" else "本年度未收取政府信息公开相关费用。"
    suggestions, proposals = rng.randint(0, 30), rng.randint(0, 30)
    return [
        f"（一）{year}年政务公开工作要点落实情况。按照年度政务公开工作要点要求，逐项细化任务，均已按期完成。",
        f"（二）收取信息处理费情况。{fee}",
        f"（三）人大代表建议和政协提案办理结果公开情况。{year}年共办理人大代表建议"
        f"{narr.say(6, 'npc_suggestions', suggestions, '件')}、"
        f"政协提案{narr.say(6, 'cppcc_proposals', proposals, '件')}，办理结果均已按规定公开。",
    ]
