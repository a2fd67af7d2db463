"""Spec → format-neutral document: title, prose, headings and the three tables.

Labels come from :mod:`extractor.schema`; the label variants (half-width brackets,
missing numbering, misprints, wraps, Kangxi radicals) are applied here, so every
renderer prints the same words.
"""

from __future__ import annotations

import random

import regex as re

from extractor.schema import (
    ACTIVE_DISCLOSURE,
    ACTIVE_DISCLOSURE_LAYOUT,
    APPLICANT_COLUMNS,
    APPLICATIONS,
    REVIEW_COLUMNS,
    REVIEW_LITIGATION,
    SECTIONS,
)

from .model import Document, GCell, Grid, Para
from .spec import ReportSpec
from .texts import KANGXI
from .values import printed

APP_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS_HEAD = "申请人情况"
ORG_HEAD = "法人或其他组织"
OUTCOMES_HEAD = "三、本年度办理结果"
INFO_HEAD = "信息内容"
XIAOJI = "小计"
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]、|（[一二三四五六七八九十]）|\d+\.)\s*")
_MISPRINT = ("denied_prohibited_by_law", "法规禁", "")
# Misprints two or three characters deep (similarity to their own label below 0.68): one drawn per report.
WEAK_MISPRINTS = {
    "denied_state_secret": "1.属干国家秘蜜",
    "denied_enforcement_file": "7.属干行攻执法桉卷",
    "not_processed_duplicate": "2.重夏申清",
}


class Labels:
    """Applies a report's label variants to template labels."""

    def __init__(self, spec: ReportSpec) -> None:
        self.spec = spec

    def __call__(self, text: str, kind: str = "label", wrap: bool = False) -> tuple[str, ...]:
        spec = self.spec
        if kind == "row" and spec.has("no_row_numbering"):
            text = _NUMBERING.sub("", text)
        if spec.has("halfwidth_brackets"):
            text = text.replace("（", "(").replace("）", ")")
        if spec.has("kangxi_labels"):
            text = text.translate(KANGXI)
        if wrap and spec.has("wrapped_labels") and len(text) >= 4:
            return _halves(text)
        if wrap and spec.has("spaced_labels") and kind == "header":
            return (" ".join(text),) if len(text) <= 4 else (" ".join(_halves(text)),)
        return (text,)


def _halves(text: str) -> tuple[str, str]:
    """Split a label near its middle, preferring a punctuation boundary."""
    middle = len(text) // 2
    cuts = [i + 1 for i, ch in enumerate(text) if ch in "、，,"] + [
        i for i, ch in enumerate(text) if ch in "（(" and i > 0]
    cuts = [c for c in cuts if len(text) / 3 <= c <= 2 * len(text) / 3]
    cut = min(cuts, key=lambda c: abs(c - middle)) if cuts else middle
    return text[:cut], text[cut:]


def _value(spec: ReportSpec, table: str, row: str, col: str, r: int, c: int, span: int = 1) -> GCell:
    return GCell((printed(spec, table, row, col),), r, c, 1, span, "value")


def _ad_row_label(spec: ReportSpec, key: str) -> str:
    label = ACTIVE_DISCLOSURE.row(key).label
    return label.removeprefix("行政") if key == "normative_documents" and spec.template == "2019" else label


def _ad_col_label(spec: ReportSpec, col: str) -> str:
    label = ACTIVE_DISCLOSURE.column(col).label
    if col == "amount_yuan":
        if spec.has("procurement_cell_wan"):
            return f"{label}（万元，保留四位小数）"
        if spec.has("procurement_header_wan"):
            return f"{label}（万元）"
    return label


def active_disclosure(spec: ReportSpec, lab: Labels) -> list[Grid]:
    """Table 二: one 4-column grid per 第二十条 block."""
    layout = ACTIVE_DISCLOSURE_LAYOUT[spec.template]
    groups: dict[str, list[str]] = {}
    for key in layout:
        groups.setdefault(ACTIVE_DISCLOSURE.row(key).group or "", []).append(key)
    grids = []
    for group, keys in groups.items():
        cols = layout[keys[0]]
        cells = [GCell(lab(group, "title"), 0, 0, 1, 4, "title"), GCell(lab(INFO_HEAD, "header"), 1, 0)]
        for i, col in enumerate(cols):
            span = 4 - len(cols) if i == len(cols) - 1 else 1
            cells.append(GCell(lab(_ad_col_label(spec, col), "header", wrap=True), 1, 1 + i, 1, span, "header"))
        for r, key in enumerate(keys, start=2):
            cells.append(GCell(lab(_ad_row_label(spec, key), "row"), r, 0))
            for i, col in enumerate(layout[key]):
                span = 4 - len(cols) if i == len(cols) - 1 else 1
                cells.append(_value(spec, "active_disclosure", key, col, r, 1 + i, span))
        grids.append(Grid(cells, 2 + len(keys), 4, "active_disclosure", 2))
    return grids


def _app_header(lab: Labels, flat: bool) -> tuple[list[GCell], int]:
    cols = [c.label for c in APPLICANT_COLUMNS]
    if flat:
        cells = [GCell(lab(APP_NOTE, "note"), 0, 0, 1, 3, "note")]
        cells += [GCell(lab(t, "header", wrap=True), 0, 3 + i, kind="header") for i, t in enumerate(cols)]
        return cells, 1
    cells = [
        GCell(lab(APP_NOTE, "note"), 0, 0, 3, 3, "note"),
        GCell(lab(APPLICANTS_HEAD, "header"), 0, 3, 1, 7, "header"),
        GCell(lab(cols[0], "header", wrap=True), 1, 3, 2, 1, "header"),
        GCell(lab(ORG_HEAD, "header"), 1, 4, 1, 5, "header"),
        GCell(lab(cols[-1], "header"), 1, 9, 2, 1, "header"),
    ]
    cells += [GCell(lab(t, "header", wrap=True), 2, 4 + i, kind="header") for i, t in enumerate(cols[1:-1])]
    return cells, 3


def _row_label(spec: ReportSpec, key: str) -> str:
    label = APPLICATIONS.row(key).label
    if spec.has("misprinted_label") and key == _MISPRINT[0]:
        label = label.replace(_MISPRINT[1], _MISPRINT[2])
    if spec.has("misprinted_leaf_weak") and key == weak_misprint_row(spec):
        label = WEAK_MISPRINTS[key]
    return label


def weak_misprint_row(spec: ReportSpec) -> str:
    """The row whose label variant ``misprinted_leaf_weak`` misprints."""
    return random.Random(f"{spec.seed}:misprint").choice(sorted(WEAK_MISPRINTS))


def lost_label_rows(spec: ReportSpec) -> list[str]:
    """Two or three consecutive leaves of （三）不予公开 (not its first) printed without labels."""
    if not spec.has("lost_row_labels"):
        return []
    rng = random.Random(f"{spec.seed}:lost")
    leaves = [k for k in spec.rows if APPLICATIONS.row(k).parent == "denied_total"][1:]
    n = rng.choice((2, 3))
    start = rng.randrange(len(leaves) - n + 1)
    return leaves[start:start + n]


def _outcome_groups(rows: list[str]) -> list[tuple[str | None, list[str]]]:
    """Consecutive outcome rows grouped by category: (subtotal key or None, rows)."""
    groups: list[tuple[str | None, list[str]]] = []
    for key in rows:
        row = APPLICATIONS.row(key)
        category = row.parent or (key if row.subtotal_of else None)
        if category and groups and groups[-1][0] == category:
            groups[-1][1].append(key)
        else:
            groups.append((category, [key]))
    return groups


def applications(spec: ReportSpec, lab: Labels) -> Grid:
    """Table 三 in the template's merged-cell layout (10 grid columns)."""
    cells, header_rows = _app_header(lab, spec.has("flat_header_table3"))
    cols = [c.key for c in APPLICANT_COLUMNS]
    rows = spec.rows
    start, stop = rows.index("carried_over") + 1, rows.index("carried_forward")
    lost = lost_label_rows(spec)

    def add(key: str, r: int, c: int, label: tuple[str, ...] | None = None) -> None:
        if key in lost:
            label = ("",)
        cells.append(GCell(label or lab(_row_label(spec, key), "row", wrap=True), r, c, 1, 3 - c))
        cells.extend(_value(spec, "applications", key, col, r, 3 + i) for i, col in enumerate(cols))

    r = header_rows
    for key in rows[:start]:
        add(key, r, 0)
        r += 1
    cells.append(GCell(lab(OUTCOMES_HEAD, "row"), r, 0, stop - start, 1))
    for category, keys in _outcome_groups(rows[start:stop]):
        if category is None or keys == [category]:
            add(keys[0], r, 1)
            r += 1
            continue
        leaves = [k for k in keys if k != category]
        if category in keys and spec.has("subtotal_rows_inline"):
            add(category, r, 1, lab(_row_label(spec, category), "row"))
            cells.append(GCell(("",), r + 1, 1, len(leaves), 1))
            r += 1
        elif category in keys:
            cells.append(GCell(lab(_row_label(spec, category), "row"), r, 1, len(keys), 1))
            add(category, r, 2, lab(XIAOJI, "row"))
            r += 1
        else:
            cells.append(GCell(lab(_row_label(spec, category), "row"), r, 1, len(leaves), 1))
        for leaf in leaves:
            add(leaf, r, 2)
            r += 1
    for key in rows[stop:]:
        add(key, r, 0)
        r += 1
    return Grid(cells, r, 10, "applications", header_rows)


def review_litigation(spec: ReportSpec, lab: Labels) -> Grid:
    """Table 四: two header levels over 15 value columns, one data row."""
    review = REVIEW_LITIGATION.row("review").label
    suit, direct = REVIEW_LITIGATION.row("litigation_direct").label.split("·")
    after = REVIEW_LITIGATION.row("litigation_after_review").label.split("·")[1]
    col_labels = [c.label for c in REVIEW_COLUMNS]
    cells = [
        GCell(lab(review, "header"), 0, 0, 1, 5, "header"),
        GCell(lab(suit, "header"), 0, 5, 1, 10, "header"),
        GCell(lab(direct, "header"), 1, 5, 1, 5, "header"),
        GCell(lab(after, "header"), 1, 10, 1, 5, "header"),
    ]
    cells += [GCell(lab(t, "header", wrap=True), 1, i, 2, 1, "header") for i, t in enumerate(col_labels)]
    for g in (1, 2):
        cells += [GCell(lab(t, "header", wrap=True), 2, 5 * g + i, kind="header") for i, t in enumerate(col_labels)]
    for g, row in enumerate(r.key for r in REVIEW_LITIGATION.rows):
        cells += [_value(spec, "review_litigation", row, c.key, 3, 5 * g + i) for i, c in enumerate(REVIEW_COLUMNS)]
    return Grid(cells, 4, 15, "review_litigation", 3)


def build(spec: ReportSpec) -> Document:
    """The whole report in reading order."""
    doc = Document([Para(t, "title") for t in spec.title])
    if spec.has("pub_date_other_year"):
        doc.blocks.append(Para(f"发布日期：{spec.pub_date}", "meta"))
    doc.blocks += [Para(p) for p in spec.preamble]
    if spec.has("toc_line"):
        doc.blocks.append(Para("　".join(spec.headings[s.key] for s in SECTIONS), "toc"))
    lab = Labels(spec)
    tables = {
        "active_disclosure": active_disclosure(spec, lab),
        "applications": [applications(spec, lab)],
        "review_litigation": [review_litigation(spec, lab)],
    }
    for section in SECTIONS:
        doc.blocks.append(Para(spec.headings[section.key], "heading", section.key))
        doc.blocks += [Para(p) for p in spec.body.get(section.key, [])]
        doc.blocks += tables.get(section.key, [])
    y, m, d = spec.pub_date.split("-")
    doc.blocks += [Para(spec.agency, "signature"), Para(f"{y}年{int(m)}月{int(d)}日", "signature")]
    return doc
