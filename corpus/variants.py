"""The variant flags a report can carry, with what each one changes.

A variant names one real-world deviation (FORMATS.md §4) or one format feature.
``formats``/``templates`` restrict where a variant can apply; variants sharing a
``group`` exclude each other.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMATS = ("docx", "html", "txt", "md", "pdf")


@dataclass(frozen=True)
class Variant:
    name: str
    description: str
    formats: tuple[str, ...] = FORMATS
    templates: tuple[str, ...] = ("2021", "2019")
    group: str | None = None
    weight: float = 1.0  # relative chance of being drawn for a random set


_ALL: tuple[Variant, ...] = (
    # --- file structure -----------------------------------------------------
    Variant("docx_split_table3", "table 三 split into two Word tables at a group boundary, "
            "page break between, header repeated", ("docx",), group="split"),
    Variant("docx_split_table3_noheader", "table 三 split into two Word tables inside a group, "
            "header not repeated, merged label cells continue blank", ("docx",), group="split"),
    Variant("html_trs_editor", "article inside div.TRS_Editor", ("html",), group="container"),
    Variant("html_zoom", "article inside div#zoom", ("html",), group="container"),
    Variant("html_ivs_content", "article inside div#ivs_content", ("html",), group="container"),
    Variant("html_union_style", "article inside div.Custom_UnionStyle", ("html",), group="container"),
    Variant("html_nested_spans", "Word-exported cells: <p class=MsoNormal><span>…</span></p>", ("html",)),
    Variant("html_table2_one_table", "all blocks of table 二 in one <table> (others: one per block)",
            ("html",)),
    Variant("pdf_unruled", "PDF tables without any ruling lines: columns aligned by x only", ("pdf",)),
    Variant("pdf_vertical_label", "PDF: 三、本年度办理结果 one character per line in its narrow merged cell",
            ("pdf",)),
    Variant("pdf_split_table3", "PDF: page break inside table 三 (inside 三、本年度办理结果), header rows "
            "repeated on the next page", ("pdf",), group="split"),
    Variant("pdf_split_table3_noheader", "PDF: page break inside table 三, header not repeated, merged "
            "label cells continue on the next page", ("pdf",), group="split"),
    Variant("pdf_footer_dash", "PDF page footers '- 3 -'", ("pdf",), group="footer"),
    Variant("pdf_footer_page", "PDF page footers '第 3 页'", ("pdf",), group="footer"),
    Variant("pdf_running_header", "PDF running header (the title above a rule) on every page but the first",
            ("pdf",)),
    Variant("pdf_title_bottom", "PDF: heading of table 三 or 四 the last line of a page, its table on the next",
            ("pdf",)),
    Variant("pdf_group_span_wps", "PDF (ruled): each group label （三）–（六） one cell spanning its leaf rows, "
            "its text at the top of the cell, level with the first leaf row (as WPS prints it)", ("pdf",)),
    Variant("pdf_split_leaf_label", "PDF: page break inside table 三 between the two lines of the leaf label "
            "2.没有现成信息需要 / 另行制作, header rows repeated between them; the row's numbers on the second "
            "page, level with 另行制作", ("pdf",), group="split"),
    Variant("pdf_number_wrapped", "PDF: narrow applicant columns of table 三 (three digits wide); a longer "
            "number wraps inside its ruled cell, 2073 printed as 207 over 3", ("pdf",)),
    Variant("pdf_unruled_fee_zero", "unruled PDF (as pdf_unruled) whose table 二 fee cell 行政事业性收费 "
            "本年收费金额 is printed 0", ("pdf",), templates=("2021",)),
    Variant("docx_soffice", "PDF converted from the DOCX rendering by LibreOffice (fonts substituted and "
            "embedded; committed, reused while the DOCX is unchanged: corpus/soffice.py)", ("pdf",)),
    Variant("enc_gbk", "bytes GBK, meta charset=gbk", ("html",), group="encoding"),
    Variant("enc_lying_meta", "meta says gb2312, bytes are UTF-8", ("html",), group="encoding"),
    Variant("enc_gb18030", "bytes GB18030", ("txt", "md"), group="encoding"),
    Variant("text_cell_per_line", "text as a browser copy or a crawler's innerText of an HTML table gives "
            "it: every table cell on its own line, a blank line between cells, an empty cell one extra blank "
            "line, no separators", ("txt",), weight=2.0),
    Variant("lost_row_labels", "two or three consecutive leaf rows of table 三 printed without their labels "
            "(lost in a conversion): numbers between two labelled rows", ("docx", "html", "txt", "md")),
    Variant("wrapped_labels", "labels wrapped inside the cell (Word paragraphs, <br>, PDF lines): 商业/企业",
            ("docx", "html", "md", "pdf")),
    Variant("spaced_labels", "spaces inside labels and title: 结 果 维 持, 商业 企业, 2023 年"),
    Variant("flat_header_table3", "table 三 header flattened to one row (no 法人或其他组织 group)"),
    Variant("title_split_lines", "agency and title on separate lines/paragraphs"),
    Variant("preamble_split", "preamble sentence broken across two paragraphs"),
    # --- headings -----------------------------------------------------------
    Variant("heading_review_yin", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", group="heading4"),
    Variant("heading_review_yin_nodun", "四、因政府信息公开工作被申请行政复议提起行政诉讼情况 (no 、)",
            group="heading4", weight=0.5),
    Variant("heading_review_he", "四、政府信息公开行政复议和行政诉讼情况", group="heading4", weight=0.5),
    Variant("heading_problems_long", "五、政府信息公开工作存在的主要问题及改进情况", group="heading5"),
    Variant("heading_problems_short", "五、存在问题及改进情况", group="heading5"),
    Variant("heading_problems_he", "五、政府信息公开工作存在的主要问题和改进情况", group="heading5",
            weight=0.5),
    Variant("heading_applications_xingzheng", "三、行政机关收到和处理政府信息公开申请情况", weight=0.5),
    Variant("heading_qita_other", "六、其它需要报告的事项 (其它, not 其他)"),
    Variant("heading_active_xingzheng", "二、行政机关主动公开政府信息情况"),
    Variant("numbering_dot", "heading ordinals 一. 二. …", group="numbering"),
    Variant("numbering_comma", "heading ordinals 一， 二， …", group="numbering"),
    Variant("kangxi_headings", "Kangxi radicals in headings and body text (⼀、总体情况, ⾏政)"),
    Variant("kangxi_labels", "Kangxi radicals in table labels (⾏政许可, ⼈)"),
    Variant("radical_supplement", "CJK Radicals Supplement char in body text (增⻓)"),
    Variant("toc_line", "table-of-contents line in the preamble listing all six headings"),
    Variant("preamble_mentions_overview", "preamble sentence naming the sections (总体情况 …)"),
    Variant("pub_date_other_year", "发布日期 line of the next year under the title"),
    Variant("stat_period_sentence", "本报告所列数据统计期限自…至… sentence"),
    # --- table labels ---------------------------------------------------------
    Variant("halfwidth_brackets", "half-width brackets in labels: (一) 第二十条第(五)项"),
    Variant("misprinted_label", "misprinted row label 2.其他法律行政止公开"),
    Variant("misprinted_leaf_weak", "a leaf label of table 三 misprinted in two or three characters, too far "
            "from every template label to match by similarity (placed by its position in the sequence)"),
    Variant("no_row_numbering", "row labels without 一、（一） 1. numbering"),
    Variant("subtotal_rows_xiaoji", "printed subtotal rows for （三）–（六） labelled 小计",
            group="subtotal"),
    Variant("subtotal_rows_inline", "printed subtotal rows: the （三） label row carries the numbers",
            group="subtotal"),
    Variant("other_single_row", "2021 report printing （六）其他处理 as one row", templates=("2021",)),
    # --- cell values ----------------------------------------------------------
    Variant("blank_empty", "zeros printed as empty cells (&nbsp; in HTML)"),
    Variant("blank_slash", "'/' in the 规章 row"),
    Variant("blank_dash", "'—' in all-zero applicant columns"),
    Variant("blank_hyphen", "'-' for zero cells of table 二"),
    Variant("blank_wu", "'无' in every cell of table 四", group="table4"),
    Variant("table4_all_blank", "every value cell of table 四 printed empty", group="table4",
            weight=0.4),
    Variant("table4_all_dash", "'—' in every value cell of table 四", group="table4",
            weight=0.4),
    Variant("table4_all_slash", "'/' in every value cell of table 四", group="table4",
            weight=0.4),
    Variant("ruled_empty_cell", "one value cell of a table-三 row printed empty in a ruled table (fewer "
            "numbers than columns; the grid shows which cell)", ("docx", "html", "pdf")),
    Variant("total_blank_outcomes", "总计 column blank on the 办理结果 rows (Shanghai 2019)"),
    Variant("thousands_sep", "thousands separators: 1,234"),
    Variant("units_in_cells", "units in cells: 3件, 96171.6万元"),
    Variant("signed_change", "2019 本年增/减 printed with explicit +", templates=("2019",)),
    Variant("procurement_cell_yuan", "采购总金额 printed as 251000元", templates=("2019",),
            group="procurement"),
    Variant("procurement_cell_wan", "采购总金额 printed as 103.3879万元 under a 万元 header",
            templates=("2019",), group="procurement"),
    Variant("procurement_header_wan", "采购总金额（万元） header, plain number", templates=("2019",),
            group="procurement"),
    Variant("inconsistent", "arithmetic deliberately broken; failed_checks lists what fails"),
    # --- derived from the report (not chosen) ----------------------------------
    Variant("template_2019", "2019 trial template (SCHEMA §3)", templates=("2019",)),
    Variant("all_zero", "small agency: every count 0"),
    Variant("city_scale", "city government: counts in the thousands to millions"),
)

VARIANTS: dict[str, Variant] = {v.name: v for v in _ALL}
DERIVED = ("template_2019", "all_zero", "city_scale")
MANUAL = ("docx_soffice",)  # never drawn for random sets (needs LibreOffice)
_PDF_LAYOUT = ("pdf_unruled", "pdf_vertical_label", "pdf_split_table3", "pdf_split_table3_noheader",
               "pdf_footer_dash", "pdf_footer_page", "pdf_running_header", "pdf_title_bottom",
               "pdf_group_span_wps", "pdf_split_leaf_label", "pdf_number_wrapped", "pdf_unruled_fee_zero")
# Pairs that cannot go together (GBK has no Kangxi radicals; LibreOffice lays out its own pages).
CONFLICTS = (
    ("enc_gbk", "kangxi_headings"),
    ("enc_gbk", "kangxi_labels"),
    ("enc_gbk", "radical_supplement"),
    ("all_zero", "thousands_sep"),
    ("all_zero", "inconsistent"),
    ("city_scale", "all_zero"),
    ("pdf_unruled", "pdf_group_span_wps"),  # the ruled-table classes need the grid
    ("pdf_unruled", "ruled_empty_cell"),
    ("pdf_unruled", "pdf_number_wrapped"),
    ("pdf_unruled_fee_zero", "pdf_group_span_wps"),
    ("pdf_unruled_fee_zero", "ruled_empty_cell"),
    ("pdf_unruled_fee_zero", "pdf_number_wrapped"),
    ("pdf_unruled_fee_zero", "blank_hyphen"),  # the 0 would print as '-'
    ("pdf_number_wrapped", "thousands_sep"),  # digits only, so the wrap is inside a number
    ("pdf_number_wrapped", "units_in_cells"),
) + tuple(("docx_soffice", v) for v in _PDF_LAYOUT)  # LibreOffice lays the page out itself


def allowed(name: str, fmt: str, template: str) -> bool:
    """Whether variant ``name`` can apply to a report of this format and template."""
    v = VARIANTS[name]
    return fmt in v.formats and template in v.templates


def validate(names: tuple[str, ...], fmt: str, template: str) -> None:
    """Raise ValueError for unknown, misplaced or mutually exclusive variants."""
    groups: dict[str, str] = {}
    for name in names:
        if name not in VARIANTS:
            raise ValueError(f"unknown variant {name!r}")
        if not allowed(name, fmt, template):
            raise ValueError(f"variant {name!r} does not apply to {fmt}/{template}")
        group = VARIANTS[name].group
        if group and group in groups:
            raise ValueError(f"variants {groups[group]!r} and {name!r} exclude each other")
        if group:
            groups[group] = name
    for a, b in CONFLICTS:
        if a in names and b in names:
            raise ValueError(f"variants {a!r} and {b!r} exclude each other")
