"""The committed sample set: each entry fixes format, template, scale and variants.

Together the entries cover every variant in :mod:`corpus.variants` at least once.
Numbers and wording are drawn from the seed ``sample:<name>``.
"""

from __future__ import annotations

from typing import NamedTuple


class Sample(NamedTuple):
    name: str
    fmt: str
    template: str
    profile: str
    variants: tuple[str, ...]
    year: int | None = None


SAMPLES: tuple[Sample, ...] = (
    # --- DOCX -------------------------------------------------------------------
    Sample("docx01_official", "docx", "2021", "medium", (), 2023),
    Sample("docx02_city_wrapped", "docx", "2021", "large", ("wrapped_labels", "thousands_sep", "title_split_lines")),
    Sample("docx03_split_header", "docx", "2021", "small",
           ("docx_split_table3", "heading_review_yin", "stat_period_sentence")),
    Sample("docx04_split_noheader", "docx", "2021", "medium",
           ("docx_split_table3_noheader", "halfwidth_brackets", "preamble_split")),
    Sample("docx05_kangxi_toc", "docx", "2021", "small", ("kangxi_headings", "radical_supplement", "toc_line")),
    Sample("docx06_subtotals_bad", "docx", "2021", "medium", ("subtotal_rows_xiaoji", "inconsistent")),
    Sample("docx07_t2019_blank_totals", "docx", "2019", "medium",
           ("signed_change", "procurement_cell_yuan", "total_blank_outcomes", "heading_problems_long"), 2019),
    Sample("docx08_zero_slash", "docx", "2021", "zero", ("blank_slash", "spaced_labels"), 2023),
    Sample("docx09_misprint_nonum", "docx", "2021", "medium", ("misprinted_label", "no_row_numbering")),
    Sample("docx10_pubdate_kangxi_labels", "docx", "2021", "medium",
           ("pub_date_other_year", "preamble_mentions_overview", "kangxi_labels"), 2023),
    Sample("docx11_ruled_empty_cell", "docx", "2021", "medium", ("ruled_empty_cell",)),
    Sample("docx12_t4_blank_qita", "docx", "2021", "small",
           ("table4_all_blank", "heading_qita_other", "heading_review_yin_nodun")),
    Sample("docx13_lost_labels_misprint_weak", "docx", "2021", "medium", ("lost_row_labels", "misprinted_leaf_weak")),
    # --- HTML -------------------------------------------------------------------
    Sample("html01_trs_nbsp", "html", "2021", "medium", ("html_trs_editor", "blank_empty", "wrapped_labels")),
    Sample("html02_gbk_zoom_onetable", "html", "2021", "medium",
           ("html_zoom", "enc_gbk", "html_nested_spans", "html_table2_one_table")),
    Sample("html03_lying_meta_flat", "html", "2021", "small",
           ("html_ivs_content", "enc_lying_meta", "flat_header_table3")),
    Sample("html04_t2019_wan", "html", "2019", "medium",
           ("html_union_style", "procurement_cell_wan", "halfwidth_brackets", "signed_change"), 2019),
    Sample("html05_city_units_bad", "html", "2021", "large",
           ("html_trs_editor", "thousands_sep", "units_in_cells", "inconsistent")),
    Sample("html06_heading_words", "html", "2021", "small",
           ("html_zoom", "heading_active_xingzheng", "numbering_dot", "heading_problems_short")),
    Sample("html07_inline_subtotals", "html", "2021", "medium",
           ("html_trs_editor", "subtotal_rows_inline", "total_blank_outcomes")),
    Sample("html08_dash_wu_single6", "html", "2021", "small",
           ("html_ivs_content", "blank_dash", "blank_wu", "other_single_row")),
    Sample("html09_t2020_gbk_bad", "html", "2019", "small",
           ("html_zoom", "enc_gbk", "inconsistent", "procurement_header_wan", "blank_hyphen"), 2020),
    Sample("html10_kangxi_pubdate", "html", "2021", "medium",
           ("html_union_style", "kangxi_headings", "preamble_mentions_overview", "pub_date_other_year")),
    Sample("html11_zero_spans", "html", "2021", "zero", ("html_trs_editor", "html_nested_spans", "blank_empty")),
    Sample("html12_city_lying_onetable", "html", "2021", "large",
           ("html_zoom", "enc_lying_meta", "html_table2_one_table", "flat_header_table3", "wrapped_labels")),
    Sample("html13_t4_dash_headings_misprint", "html", "2021", "medium",
           ("html_trs_editor", "table4_all_dash", "heading_qita_other", "heading_review_he", "heading_problems_he",
            "heading_applications_xingzheng", "misprinted_leaf_weak")),
    Sample("html14_empty_cell_lost_labels", "html", "2021", "medium",
           ("html_zoom", "ruled_empty_cell", "lost_row_labels")),
    # --- tab-separated text ----------------------------------------------------------
    Sample("txt01_zero_spaced", "txt", "2021", "zero", ("spaced_labels",), 2023),
    Sample("txt02_gb18030_comma", "txt", "2021", "medium", ("enc_gb18030", "numbering_comma")),
    Sample("txt03_t2019", "txt", "2019", "medium", ("signed_change",)),
    Sample("txt04_bad_blank_totals", "txt", "2021", "medium", ("inconsistent", "total_blank_outcomes")),
    Sample("txt05_kangxi_gb18030", "txt", "2021", "small",
           ("enc_gb18030", "kangxi_headings", "radical_supplement", "toc_line")),
    Sample("txt06_city_subtotals", "txt", "2021", "large",
           ("thousands_sep", "subtotal_rows_xiaoji", "heading_review_yin")),
    Sample("txt07_halfwidth_nonum", "txt", "2021", "small",
           ("halfwidth_brackets", "no_row_numbering", "blank_slash", "stat_period_sentence")),
    Sample("txt08_t2020_yuan", "txt", "2019", "small",
           ("procurement_cell_yuan", "blank_hyphen", "title_split_lines"), 2020),
    Sample("txt09_cell_per_line_nbsp", "txt", "2021", "medium", ("text_cell_per_line", "blank_empty")),
    Sample("txt10_t2019_cell_per_line_qita", "txt", "2019", "medium", ("text_cell_per_line", "heading_qita_other")),
    Sample("txt11_lost_labels_t4_slash", "txt", "2021", "medium", ("lost_row_labels", "table4_all_slash")),
    # --- Markdown ---------------------------------------------------------------
    Sample("md01_wrapped", "md", "2021", "medium", ("wrapped_labels",)),
    Sample("md02_t2019_header_wan", "md", "2019", "medium", ("procurement_header_wan", "heading_problems_long")),
    Sample("md03_flat_inline", "md", "2021", "medium", ("flat_header_table3", "subtotal_rows_inline")),
    Sample("md04_city_bad", "md", "2021", "large", ("inconsistent", "thousands_sep", "units_in_cells")),
    Sample("md05_gb18030_single6", "md", "2021", "small", ("enc_gb18030", "other_single_row", "blank_dash")),
    Sample("md06_dot_misprint", "md", "2021", "medium", ("numbering_dot", "misprinted_label", "preamble_split")),
    Sample("md07_lost_labels_misprint_weak", "md", "2021", "medium", ("lost_row_labels", "misprinted_leaf_weak")),
    # --- PDF (reportlab, CJK font subset embedded) --------------------------------------
    Sample("pdf01_ruled_footer", "pdf", "2021", "medium", ("pdf_footer_dash",), 2023),
    Sample("pdf02_unruled_vertical", "pdf", "2021", "medium", ("pdf_unruled", "pdf_vertical_label", "pdf_footer_page")),
    Sample("pdf03_split_header_kangxi", "pdf", "2021", "medium",
           ("pdf_split_table3", "pdf_running_header", "pdf_footer_dash", "kangxi_headings")),
    Sample("pdf04_split_noheader_vertical", "pdf", "2021", "small",
           ("pdf_split_table3_noheader", "pdf_vertical_label", "pdf_footer_page", "pdf_running_header")),
    Sample("pdf05_city_title_bottom_wrapped", "pdf", "2021", "large",
           ("pdf_title_bottom", "wrapped_labels", "thousands_sep", "pdf_footer_dash")),
    Sample("pdf06_t2019_unruled", "pdf", "2019", "medium",
           ("pdf_unruled", "blank_slash", "signed_change", "procurement_cell_yuan", "pdf_footer_page"), 2019),
    Sample("pdf07_unruled_split_bad", "pdf", "2021", "medium",
           ("pdf_unruled", "pdf_split_table3", "inconsistent", "blank_dash", "pdf_running_header")),
    Sample("pdf08_zero_unruled_blank", "pdf", "2021", "zero", ("pdf_unruled", "blank_empty", "pdf_title_bottom"), 2024),
    Sample("pdf09_unruled_noheader_kangxi_wrapped", "pdf", "2021", "small",
           ("pdf_unruled", "pdf_split_table3_noheader", "kangxi_headings", "kangxi_labels", "wrapped_labels",
            "pdf_footer_dash")),
    Sample("pdf10_t2020_vertical_wrapped_bad", "pdf", "2019", "small",
           ("pdf_vertical_label", "inconsistent", "blank_hyphen", "wrapped_labels", "pdf_title_bottom"), 2020),
    Sample("pdf13_split_after_subtotal", "pdf", "2021", "medium",
           ("pdf_split_table3", "subtotal_rows_xiaoji", "pdf_footer_page")),
    Sample("pdf14_unruled_split_after_subtotal", "pdf", "2021", "small",
           ("pdf_unruled", "pdf_split_table3", "subtotal_rows_xiaoji")),
    Sample("pdf15_wps_group_top", "pdf", "2021", "medium", ("pdf_group_span_wps", "pdf_footer_page")),
    Sample("pdf16_split_leaf_label", "pdf", "2021", "medium", ("pdf_split_leaf_label", "pdf_footer_dash")),
    Sample("pdf17_t2019_split_leaf_wps", "pdf", "2019", "medium", ("pdf_split_leaf_label", "pdf_group_span_wps"),
           2020),
    Sample("pdf18_city_number_wrapped", "pdf", "2021", "large", ("pdf_number_wrapped",)),
    Sample("pdf19_unruled_fee_zero", "pdf", "2021", "medium", ("pdf_unruled_fee_zero", "pdf_footer_page")),
    Sample("pdf20_ruled_empty_cell", "pdf", "2021", "medium", ("ruled_empty_cell",)),
    Sample("pdf21_t4_blank_misprint_weak", "pdf", "2021", "small", ("table4_all_blank", "misprinted_leaf_weak")),
    # PDF converted from the DOCX by LibreOffice: committed, reused while the DOCX is unchanged
    Sample("pdf11_soffice_wrapped", "pdf", "2021", "medium", ("docx_soffice", "wrapped_labels", "blank_dash")),
    Sample("pdf12_soffice_t2019_bad", "pdf", "2019", "medium",
           ("docx_soffice", "inconsistent", "blank_slash", "procurement_cell_yuan", "halfwidth_brackets"), 2019),
)
