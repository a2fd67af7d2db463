"""The output contract in code: the one definition of every key and label.

``schemas/`` (JSON Schema, Table Schemas, data dictionary) is generated from this
module; the table mapper matches printed labels against the labels here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEMPLATES = ("2021", "2019", "unknown")
STATUSES = ("ok", "partial", "failed", "not_report")
PLACED_BY = ("label", "position", "order", "derived")
TEXT_LAYERS = ("native", "ocr", "mixed")


@dataclass(frozen=True)
class Section:
    number: int
    key: str
    heading: str


SECTIONS: tuple[Section, ...] = (
    Section(1, "overview", "一、总体情况"),
    Section(2, "active_disclosure", "二、主动公开政府信息情况"),
    Section(3, "applications", "三、收到和处理政府信息公开申请情况"),
    Section(4, "review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
    Section(5, "problems_improvements", "五、存在的主要问题及改进情况"),
    Section(6, "other_matters", "六、其他需要报告的事项"),
)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    signed: bool = False  # may be negative (2019 本年增/减)
    decimal: bool = False  # may be fractional (money)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cols: tuple[str, ...]
    templates: tuple[str, ...] = ("2021", "2019")
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # subtotal row this leaf belongs to
    subtotal_of: str | None = None  # for subtotal rows: the category prefix
    group: str | None = None  # printed block title (第二十条第（一）项 …)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    extra_rows: bool = False  # province-added rows kept under keys of their own

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def rows_for(self, template: str) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if template in r.templates)


# --- 二、主动公开政府信息情况 -------------------------------------------------

_AD_COLS = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
    Column("decisions", "本年处理决定数量", aliases=("处理决定数量",)),
    Column("amount_10k_yuan", "本年收费金额（单位：万元）", aliases=("本年收费金额",), decimal=True),
    # 2019 template
    Column("newly_made", "本年新制作数量"),
    Column("newly_published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
    Column("items_prev_year", "上一年项目数量"),
    Column("items_change", "本年增/减", aliases=("本年增减",), signed=True),
    Column("projects", "采购项目数量"),
    Column("amount_yuan", "采购总金额", decimal=True),
)

_Y21 = ("2021",)
_Y19 = ("2019",)
_DOCS21 = ("issued", "repealed", "in_force")
_DOCS19 = ("newly_made", "newly_published", "total_published")
_ITEMS19 = ("items_prev_year", "items_change", "decisions")

ACTIVE_DISCLOSURE = Table(
    "active_disclosure",
    "二、主动公开政府信息情况",
    _AD_COLS,
    (
        Row("regulations", "规章", _DOCS21 + _DOCS19, group="第二十条第（一）项"),
        Row("normative_documents", "行政规范性文件", _DOCS21 + _DOCS19,
            aliases=("规范性文件",), group="第二十条第（一）项"),
        Row("administrative_licensing", "行政许可", ("decisions", "items_prev_year", "items_change"),
            group="第二十条第（五）项"),
        Row("other_external_services", "其他对外管理服务事项", _ITEMS19, templates=_Y19,
            group="第二十条第（五）项"),
        Row("administrative_penalty", "行政处罚", ("decisions", "items_prev_year", "items_change"),
            group="第二十条第（六）项"),
        Row("administrative_coercion", "行政强制", ("decisions", "items_prev_year", "items_change"),
            group="第二十条第（六）项"),
        Row("administrative_fees", "行政事业性收费", ("amount_10k_yuan", "items_prev_year", "items_change"),
            group="第二十条第（八）项"),
        Row("centralized_procurement", "政府集中采购", ("projects", "amount_yuan"), templates=_Y19,
            group="第二十条第（九）项"),
    ),
    extra_rows=True,
)

# Columns of each active_disclosure row in template order, per template.
ACTIVE_DISCLOSURE_LAYOUT: dict[str, dict[str, tuple[str, ...]]] = {
    "2021": {
        "regulations": _DOCS21,
        "normative_documents": _DOCS21,
        "administrative_licensing": ("decisions",),
        "administrative_penalty": ("decisions",),
        "administrative_coercion": ("decisions",),
        "administrative_fees": ("amount_10k_yuan",),
    },
    "2019": {
        "regulations": _DOCS19,
        "normative_documents": _DOCS19,
        "administrative_licensing": _ITEMS19,
        "other_external_services": _ITEMS19,
        "administrative_penalty": _ITEMS19,
        "administrative_coercion": _ITEMS19,
        "administrative_fees": ("items_prev_year", "items_change"),
        "centralized_procurement": ("projects", "amount_yuan"),
    },
}

# --- 三、收到和处理政府信息公开申请情况 ---------------------------------------

APPLICANT_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial_enterprise", "商业企业"),
    Column("research_institution", "科研机构"),
    Column("social_welfare_org", "社会公益组织"),
    Column("legal_service_org", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计", aliases=("合计",)),
)
_APP = tuple(c.key for c in APPLICANT_COLUMNS)


def _leaf(key: str, label: str, parent: str | None, templates=("2021", "2019"), aliases=()) -> Row:
    return Row(key, label, _APP, templates=templates, parent=parent, aliases=tuple(aliases))


APPLICATIONS = Table(
    "applications",
    "三、收到和处理政府信息公开申请情况",
    APPLICANT_COLUMNS,
    (
        _leaf("new_received", "一、本年新收政府信息公开申请数量", None),
        _leaf("carried_over", "二、上年结转政府信息公开申请数量", None),
        _leaf("granted", "（一）予以公开", None),
        _leaf("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None,
              aliases=("（二）部分公开",)),
        Row("denied_total", "（三）不予公开", _APP, subtotal_of="denied"),
        _leaf("denied_state_secret", "1.属于国家秘密", "denied_total"),
        _leaf("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", "denied_total"),
        _leaf("denied_security_stability", "3.危及“三安全一稳定”", "denied_total"),
        _leaf("denied_third_party_rights", "4.保护第三方合法权益", "denied_total"),
        _leaf("denied_internal_affairs", "5.属于三类内部事务信息", "denied_total"),
        _leaf("denied_process_info", "6.属于四类过程性信息", "denied_total"),
        _leaf("denied_enforcement_file", "7.属于行政执法案卷", "denied_total"),
        _leaf("denied_inquiry_matter", "8.属于行政查询事项", "denied_total"),
        Row("unable_total", "（四）无法提供", _APP, subtotal_of="unable"),
        _leaf("unable_not_held", "1.本机关不掌握相关政府信息", "unable_total"),
        _leaf("unable_needs_creation", "2.没有现成信息需要另行制作", "unable_total"),
        _leaf("unable_unclear_after_correction", "3.补正后申请内容仍不明确", "unable_total"),
        Row("not_processed_total", "（五）不予处理", _APP, subtotal_of="not_processed"),
        _leaf("not_processed_complaint", "1.信访举报投诉类申请", "not_processed_total"),
        _leaf("not_processed_duplicate", "2.重复申请", "not_processed_total"),
        _leaf("not_processed_publication", "3.要求提供公开出版物", "not_processed_total"),
        _leaf("not_processed_excessive", "4.无正当理由大量反复申请", "not_processed_total"),
        _leaf("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", "not_processed_total"),
        Row("other_total", "（六）其他处理", _APP, subtotal_of="other"),
        _leaf("other_no_correction",
              "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              "other_total", templates=_Y21),
        _leaf("other_unpaid_fee",
              "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
              "other_total", templates=_Y21),
        _leaf("other_other", "3.其他", "other_total", templates=_Y21),
        _leaf("total_handled", "（七）总计", None),
        _leaf("carried_forward", "四、结转下年度继续办理", None),
    ),
)

SUBTOTALS: dict[str, tuple[str, ...]] = {
    r.key: tuple(x.key for x in APPLICATIONS.rows if x.parent == r.key)
    for r in APPLICATIONS.rows
    if r.subtotal_of
}

# Outcome rows whose sum is （七）总计, in template order: leaves, or the subtotal
# standing for its category when the report prints it as one row.
OUTCOME_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("granted", ()),
    ("partially_granted", ()),
    ("denied_total", SUBTOTALS["denied_total"]),
    ("unable_total", SUBTOTALS["unable_total"]),
    ("not_processed_total", SUBTOTALS["not_processed_total"]),
    ("other_total", SUBTOTALS["other_total"]),
)

# --- 四、政府信息公开行政复议、行政诉讼情况 -------------------------------------

REVIEW_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
_RL = tuple(c.key for c in REVIEW_COLUMNS)

REVIEW_LITIGATION = Table(
    "review_litigation",
    "四、政府信息公开行政复议、行政诉讼情况",
    REVIEW_COLUMNS,
    (
        Row("review", "行政复议", _RL),
        Row("litigation_direct", "行政诉讼·未经复议直接起诉", _RL, aliases=("未经复议直接起诉",)),
        Row("litigation_after_review", "行政诉讼·复议后起诉", _RL, aliases=("复议后起诉",)),
    ),
)

TABLES: dict[str, Table] = {t.key: t for t in (ACTIVE_DISCLOSURE, APPLICATIONS, REVIEW_LITIGATION)}


@dataclass(frozen=True)
class OutputColumn:
    name: str
    dtype: str  # pandas dtype
    description: str
    enum: tuple[str, ...] = field(default=())


CELLS_COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn("report_id", "string", "First 16 hex digits of the SHA-256 of the input file."),
    OutputColumn("source", "string", "The input path as given."),
    OutputColumn("agency", "string", "Issuing agency, as printed (whitespace normalized)."),
    OutputColumn("year", "Int64", "Reporting (statistics) year, not the publication year."),
    OutputColumn("template", "string", "Template the report follows.", TEMPLATES),
    OutputColumn("table", "string", "Table key.", tuple(TABLES)),
    OutputColumn("row", "string", "Row key (see the data dictionary)."),
    OutputColumn("col", "string", "Column key (see the data dictionary)."),
    OutputColumn("value", "float64",
                 "The number; empty where the cell is blank, '/', '—' or unreadable."),
    OutputColumn("derived", "boolean", "True for subtotals computed by the project."),
    OutputColumn("raw", "string", "The cell text as printed."),
    OutputColumn("page", "Int64", "1-based page of a PDF; empty for other formats."),
    OutputColumn("bbox", "string", "x0,top,x1,bottom in PDF points on that page; empty otherwise."),
    OutputColumn("region_code", "string", "6-digit GB/T 2260 code of the agency's division."),
    OutputColumn("placed_by", "string",
                 "How the cell's key was decided: label (its row label and column header were read), "
                 "position (row label read, column taken from its position), order (row placed by the "
                 "template's order: its label was not printed with it or not readable), derived "
                 "(computed subtotal).", PLACED_BY),
    OutputColumn("ocr_confidence", "float64",
                 "0–1 recognition confidence of the printed value where it was read by OCR; empty for "
                 "text-layer values."),
)

REPORTS_COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn("report_id", "string", "First 16 hex digits of the SHA-256 of the input file."),
    OutputColumn("source", "string", "The input path as given."),
    OutputColumn("sha256", "string", "SHA-256 of the input file's bytes."),
    OutputColumn("format", "string", "Detected input format (pdf, docx, doc, html, txt, …)."),
    OutputColumn("pages", "Int64", "Number of pages (PDF only)."),
    OutputColumn("template", "string", "Template the report follows.", TEMPLATES),
    OutputColumn("agency", "string", "Issuing agency."),
    OutputColumn("year", "Int64",
                 "Reporting (statistics) year: from the title, else from the statistics period "
                 "(统计期限自…年1月1日), never the publication date."),
    OutputColumn("year_note", "string",
                 "Set when the title and the statistics period name different years: both years "
                 "(year is the title's)."),
    OutputColumn("region_code", "string",
                 "6-digit GB/T 2260 code of the agency's division (its county for a township), where "
                 "the name or the report says it; empty when unknown or ambiguous, never guessed."),
    OutputColumn("province", "string", "Province-level division name (北京市, 宁夏回族自治区 …), where known."),
    OutputColumn("prefecture", "string",
                 "Prefecture-level division name, where known; empty for the districts and counties "
                 "of the four municipalities and for county-level cities under a province directly."),
    OutputColumn("county", "string", "County-level division name (县, 区, 县级市, 旗 …), where known."),
    OutputColumn("agency_level", "string",
                 "central, province, prefecture, county or township (乡, 镇, 街道), from the agency name.",
                 ("central", "province", "prefecture", "county", "township")),
    OutputColumn("agency_type", "string",
                 "government (人民政府, its 办公室/办公厅, 街道办事处) or department.",
                 ("government", "department")),
    OutputColumn("department", "string",
                 "Normalized department category from the name's wording, e.g. 司法, 公安, 住建, 卫生健康; "
                 "empty for governments and unknown wordings."),
    OutputColumn("region_source", "string",
                 "How the region was found: name (the agency name alone), agency_mention (the name "
                 "printed with its place in the report), address, phone (area code), place_mention.",
                 ("name", "agency_mention", "address", "phone", "place_mention")),
    OutputColumn("status", "string",
                 "ok (all six sections and every template cell read), partial (something not read: see "
                 "error), failed (nothing could be extracted: see error) or not_report (a readable "
                 "document that is not an annual report).", STATUSES),
    OutputColumn("error", "string", "One-line reason when status is not ok."),
    OutputColumn("review_notes", "string",
                 "Why a person should look before trusting this report's numbers ('; '-joined): rows "
                 "placed by template order, printed values not placed, failed checks involving cells "
                 "placed by position or order, table cell counts that differ from the template, values "
                 "a count cannot take (a fraction, a sign), OCR values below the confidence threshold "
                 "or read blank, failed checks over OCR values. Empty when nothing calls for it."),
    OutputColumn("needs_review", "boolean", "True when review_notes is not empty."),
    OutputColumn("text_layer", "string",
                 "Where the text of a PDF or page image came from: native (its text layer), ocr, or mixed "
                 "(some pages each); empty for other formats.", TEXT_LAYERS),
    OutputColumn("n_cells", "Int64", "Number of rows this report has in cells."),
    OutputColumn("n_checks_failed", "Int64", "Number of failed arithmetic checks."),
    OutputColumn("extractor_version", "string", "Version of the extractor that produced the row."),
    OutputColumn("seconds", "float64", "Wall-clock seconds spent on this report."),
    OutputColumn("warnings", "string",
                 "Printed things not mapped to a key, or kept under an extra key; '; '-separated."),
    OutputColumn("paths", "string",
                 "Every input path with exactly this content (same SHA-256), separated by ' | '."),
    OutputColumn("url", "string",
                 "Where the file was downloaded from, when it was collected by extract-collect (from the "
                 "downloads table beside it, matched by SHA-256); empty otherwise."),
    OutputColumn("fetched_at", "string", "When it was downloaded (UTC, ISO 8601), with url."),
)

SECTIONS_COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn("report_id", "string", "Report id."),
    OutputColumn("section", "Int64", "Section number 1–6."),
    OutputColumn("key", "string", "Section key.", tuple(s.key for s in SECTIONS)),
    OutputColumn("heading", "string", "The heading as printed."),
    OutputColumn("text", "string", "The section's text (tables excluded)."),
)

# Text-vs-table rules (extractor/textchecks.py RULES) and fact keys (extractor/facts.py VOCABULARY).
TEXT_RULES = ("text.new_received", "text.carried_over", "text.total_handled", "text.carried_forward",
              "text.review", "text.litigation", "text.fees", "text.normative_documents_issued",
              "text.regulations_issued")
FACT_KEYS = ("applications_carried_over", "applications_carried_forward", "applications_received",
             "applications_handled", "reviews", "lawsuits", "regulations_issued", "normative_documents_issued",
             "normative_documents", "regulations", "documents", "policy_interpretations", "press_conferences",
             "new_media_posts", "new_media_accounts", "wechat_posts", "weibo_posts", "douyin_posts",
             "disclosed_items", "website_visits", "gazette_issues", "consultations", "hotline_calls",
             "training_sessions", "training_participants", "information_processing_fees",
             "administrative_fees", "npc_suggestions", "cppcc_proposals")

FACTS_COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn("report_id", "string", "Report id."),
    OutputColumn("section", "Int64", "Section number 1–6 the sentence is in."),
    OutputColumn("key", "string", "What the number counts (the vocabulary: README, extractor/facts.py).",
                 FACT_KEYS),
    OutputColumn("value", "float64",
                 "The number (Chinese numerals and 万 resolved; 万人次 and 万元 converted to 人次 and 元); "
                 "0 for sentences saying there was none (未收到…申请)."),
    OutputColumn("unit", "string", "The unit as printed (件, 条, 篇, 次, 期, 场, 个, 人次, 元 …)."),
    OutputColumn("scope", "string",
                 "total (the report's agency and year), part (其中…, an office acting for the agency, a "
                 "channel, a sub-unit) or unclear (another year, cumulative, a whole jurisdiction the "
                 "agency is not the government of). Only total facts are compared with tables.",
                 ("total", "part", "unclear")),
    OutputColumn("approx", "boolean", "True when printed as approximate (5500余条, 约300件, 超过1万人次)."),
    OutputColumn("sentence", "string", "The sentence stating it (whitespace removed)."),
    OutputColumn("start", "Int64", "Offset of the number (with its unit) in the section's text (sections.text)."),
    OutputColumn("end", "Int64", "Offset just after it."),
)

# An agency's reports of two consecutive years: the first columns of the cross-year outputs.
_YEAR_PAIR: tuple[OutputColumn, ...] = (
    OutputColumn("agency", "string", "Issuing agency, as printed in the report of year t."),
    OutputColumn("region_code", "string", "6-digit GB/T 2260 division code of the agency, where known."),
    OutputColumn("year", "Int64", "Reporting year t."),
    OutputColumn("prev_year", "Int64", "The previous reporting year t−1 of the same agency."),
    OutputColumn("report_id", "string", "Report of year t."),
    OutputColumn("prev_report_id", "string", "Report of year t−1."),
)

TEXT_REUSE_COLUMNS: tuple[OutputColumn, ...] = (
    *_YEAR_PAIR,
    OutputColumn("section", "Int64", "Section compared: 1 (总体情况) or 5 (存在的主要问题及改进情况)."),
    OutputColumn("chars", "Int64", "Characters of the section's text in year t (whitespace removed)."),
    OutputColumn("ngram_containment", "float64",
                 "Share of the distinct character 5-grams of year t's section (each run of digits folded to 0, whitespace and "
                 "punctuation removed) that occur in year t−1's section; 0–1, empty when the section has "
                 "fewer than 5 characters."),
    OutputColumn("sentences", "Int64", "Sentences of year t's section (split at 。；！？ and line ends)."),
    OutputColumn("same_sentences", "Int64", "Of these, identical to a sentence of year t−1's section."),
    OutputColumn("same_sentence_share", "float64", "same_sentences / sentences; empty when no sentences."),
    OutputColumn("repeated_problems", "string",
                 "Section 5 only: last year's problem statements (一是…/二是… items of the problems part) "
                 "that reappear word for word, ' | '-separated."),
    OutputColumn("n_repeated_problems", "Int64", "Section 5: how many of last year's problems reappear."),
    OutputColumn("n_prev_problems", "Int64", "Section 5: how many problems last year's report stated."),
)

CHECKS_COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn("report_id", "string", "Report id."),
    OutputColumn("rule", "string", "Rule id.", (
        "applications.balance", "applications.row_total",
        "applications.outcome_total", "review_litigation.total", *TEXT_RULES)),
    OutputColumn("target", "string", "The row or column the check is about."),
    OutputColumn("expected", "float64",
                 "Value implied by the other cells; for text.* rules the table's printed value."),
    OutputColumn("actual", "float64", "Value printed; for text.* rules the number the text states."),
    OutputColumn("status", "string", "pass, fail or not_assessable.", ("pass", "fail", "not_assessable")),
    OutputColumn("note", "string",
                 "Text checks: the section and sentence stating the number, after why it is not assessable "
                 "(scope part/unclear, approximate number, table cell blank or missing); empty for the "
                 "arithmetic checks."),
)

CROSSYEAR_COLUMNS: tuple[OutputColumn, ...] = (
    *_YEAR_PAIR,
    OutputColumn("rule", "string",
                 "crossyear.carried_over: applications.carried_over (t) = applications.carried_forward "
                 "(t−1), per column; crossyear.in_force (2021 template): in_force (t) = in_force (t−1) "
                 "+ issued (t) − repealed (t), per row.",
                 ("crossyear.carried_over", "crossyear.in_force")),
    OutputColumn("target", "string", "The column (carried_over) or row (in_force) the check is about."),
    OutputColumn("expected", "float64", "Value implied by last year's report (and this year's flows)."),
    OutputColumn("actual", "float64", "Value printed in this year's report."),
    OutputColumn("status", "string", "pass, fail or not_assessable.", ("pass", "fail", "not_assessable")),
    OutputColumn("note", "string", "Why a check is not_assessable (blank cell, template change)."),
)

DOWNLOAD_STATUSES = ("ok", "duplicate", "linked", "listing", "not_a_report", "not_found", "blocked_by_robots",
                     "timeout", "too_large", "http_error", "connection_error", "invalid_url")
FOUND_VIA = ("input", "listing", "pagination", "link", "archive")

DOWNLOADS_COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn("url", "string", "The URL as given or as linked (without #fragment); for a file unpacked "
                 "from a ZIP, the ZIP's URL#the file's name in it."),
    OutputColumn("final_url", "string", "The URL the content came from, after redirects."),
    OutputColumn("status", "string",
                 "ok (a report file saved), duplicate (same content as a file already saved: see path), "
                 "linked (a page that is not a report itself; the report attachments it links were "
                 "fetched), listing (a 年报 column page whose report links were followed), not_a_report "
                 "(fetched, but neither a report nor linking one; an HTML error page served as a PDF), "
                 "not_found (404/410), blocked_by_robots, timeout, too_large (over the size limit), "
                 "http_error (other 4xx/5xx), connection_error, invalid_url.", DOWNLOAD_STATUSES),
    OutputColumn("http_status", "Int64", "HTTP status of the last response."),
    OutputColumn("content_type", "string", "Content-Type header as served (the content itself decides)."),
    OutputColumn("sha256", "string", "SHA-256 of the content saved."),
    OutputColumn("path", "string", "The saved file, relative to the downloads directory."),
    OutputColumn("fetched_at", "string", "When it was fetched (UTC, ISO 8601)."),
    OutputColumn("parent_url", "string", "The page or listing that linked it; empty for input URLs."),
    OutputColumn("title", "string", "The page's <title> or the link's text."),
    OutputColumn("found_via", "string",
                 "input (given), listing (a report link on a listing page), pagination (a listing's next "
                 "page), link (an attachment linked from a page) or archive (unpacked from a ZIP).",
                 FOUND_VIA),
    OutputColumn("note", "string", "Why, for any status but ok: e.g. 'content is HTML, served as "
                 "application/pdf'."),
)

OUTPUTS: dict[str, tuple[OutputColumn, ...]] = {
    "cells": CELLS_COLUMNS,
    "reports": REPORTS_COLUMNS,
    "sections": SECTIONS_COLUMNS,
    "checks": CHECKS_COLUMNS,
    "facts": FACTS_COLUMNS,
    "crossyear_checks": CROSSYEAR_COLUMNS,
    "text_reuse": TEXT_REUSE_COLUMNS,
    "downloads": DOWNLOADS_COLUMNS,
}
