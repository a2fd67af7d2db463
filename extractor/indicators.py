"""Indicators per report: the one place where each is defined, with its formula and Chinese name.

Every indicator is a ratio (or a count) of cells of the ``cells`` table, all in the
总计 column unless said otherwise::

    value = scale × (sum of the numerator cells) / (sum of the denominator cells)

Undefined stays empty, never 0 or inf: the value is NULL (NaN in pandas) when the
denominator is 0, or when any cell it needs is blank, missing or not printed (blank
is not 0, as in the checks). In the second case numerator and denominator are NULL
as well, so Σ numerator / Σ denominator over a group pools exactly the reports
where both are known (a 0/0 report adds 0 to each). An indicator limited to one
template is NULL for reports of the other. A report that does not add up can give
a rate above 1: its failed checks say so.

:func:`compute` gives the long table (one row per report and indicator, with the
numerator and denominator, so groups can be pooled as Σ numerator / Σ denominator
instead of averaging rates); :func:`wide` pivots it to one row per report;
:func:`definitions` lists the definitions; :func:`sql` is the query behind both
:func:`compute` and the ``indicators`` view of :func:`extractor.open_dataset`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

Term = tuple[str, str, str]  # (table, row, col) of the cells table


def _a(row: str, col: str = "total") -> Term:
    return ("applications", row, col)


def _r(row: str, col: str = "total") -> Term:
    return ("review_litigation", row, col)


def _d(row: str, col: str) -> Term:
    return ("active_disclosure", row, col)


_RECEIVED = (_a("new_received"), _a("carried_over"))
_ORGS = ("commercial_enterprise", "research_institution", "social_welfare_org", "legal_service_org", "other_org")
_DECISIONS = (_d("administrative_licensing", "decisions"), _d("administrative_penalty", "decisions"),
              _d("administrative_coercion", "decisions"))


@dataclass(frozen=True)
class Indicator:
    key: str
    name_zh: str
    name_en: str
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...] = ()  # empty: a count, not a ratio
    scale: float = 1.0
    unit: str = "ratio"  # ratio (0–1), 件 (count), per 100, 元
    templates: tuple[str, ...] = ("2021", "2019")
    note: str = ""

    @property
    def formula(self) -> str:
        """The formula in cell keys, e.g. ``(granted + partially_granted) / total_handled``."""
        num = _terms_text(self.numerator)
        if not self.denominator:
            return num
        den = _terms_text(self.denominator)
        head = f"{self.scale:g} × " if self.scale != 1 else ""
        return f"{head}{_paren(num, self.numerator)} / {_paren(den, self.denominator)}"


def _term_text(term: Term) -> str:
    table, row, col = term  # row keys are unique across the three tables
    return row if col == "total" and table == "applications" else f"{row}.{col}"


def _terms_text(terms: tuple[Term, ...]) -> str:
    rows = {(t, r) for t, r, _ in terms}
    if len(terms) > 2 and len(rows) == 1:  # several columns of one row: row.(a + b + …)
        return f"{terms[0][1]}.({' + '.join(c for _, _, c in terms)})"
    return " + ".join(_term_text(t) for t in terms)


def _paren(text: str, terms: tuple[Term, ...]) -> str:
    return f"({text})" if " + " in text and not text.endswith(")") else text


INDICATORS: tuple[Indicator, ...] = (
    Indicator("applications_received", "收到申请数（本年新收＋上年结转）", "applications received",
              _RECEIVED, unit="件",
              note="applications table: new_received + carried_over, 总计 column"),
    Indicator("disclosure_rate", "公开率（予以公开＋部分公开）", "disclosure rate",
              (_a("granted"), _a("partially_granted")), (_a("total_handled"),),
              note="share of handled applications granted in full or in part"),
    Indicator("denial_rate", "不予公开率", "denial rate",
              (_a("denied_total"),), (_a("total_handled"),)),
    Indicator("unable_rate", "无法提供率", "unable-to-provide rate",
              (_a("unable_total"),), (_a("total_handled"),)),
    Indicator("not_processed_rate", "不予处理率", "not-processed rate",
              (_a("not_processed_total"),), (_a("total_handled"),)),
    Indicator("carry_forward_rate", "结转下年度率", "carry-forward rate",
              (_a("carried_forward"),), _RECEIVED,
              note="share of the applications received still open at year end"),
    Indicator("review_correction_rate", "行政复议纠错率", "review correction rate",
              (_r("review", "corrected"),), (_r("review"),),
              note="review_litigation table: review.corrected / review.total"),
    Indicator("litigation_correction_rate", "行政诉讼纠错率", "litigation correction rate",
              (_r("litigation_direct", "corrected"), _r("litigation_after_review", "corrected")),
              (_r("litigation_direct"), _r("litigation_after_review")),
              note="both kinds of suit together"),
    Indicator("litigation_direct_correction_rate", "行政诉讼（未经复议直接起诉）纠错率",
              "litigation correction rate, direct suits",
              (_r("litigation_direct", "corrected"),), (_r("litigation_direct"),)),
    Indicator("litigation_after_review_correction_rate", "行政诉讼（复议后起诉）纠错率",
              "litigation correction rate, suits after review",
              (_r("litigation_after_review", "corrected"),), (_r("litigation_after_review"),)),
    Indicator("disputes_per_100_applications", "每百件申请的复议诉讼数", "disputes per 100 applications",
              (_r("review"), _r("litigation_direct"), _r("litigation_after_review")), _RECEIVED,
              scale=100.0, unit="per 100",
              note="review + litigation totals per 100 applications received (new + carried over)"),
    Indicator("legal_person_share", "法人或其他组织申请占比", "share of applications from legal persons",
              tuple(_a("new_received", c) for c in _ORGS),
              tuple(_a("new_received", c) for c in ("natural_person", *_ORGS)),
              note="new_received: the five 法人或其他组织 columns / the six applicant columns"),
    Indicator("fees_per_decision", "每件行政处理决定的行政事业性收费（元）", "fees per decision (yuan)",
              (_d("administrative_fees", "amount_10k_yuan"),), _DECISIONS, scale=10_000.0, unit="元",
              templates=("2021",),
              note="2021 template only (the 2019 fee line counts fee items, not money): 本年收费金额 "
                   "(万元, × 10,000 → 元) / 处理决定数量 of 行政许可 + 行政处罚 + 行政强制"),
)

BY_KEY: dict[str, Indicator] = {i.key: i for i in INDICATORS}
KEYS: tuple[str, ...] = tuple(BY_KEY)
LONG_COLUMNS = ("report_id", "agency", "year", "template", "indicator", "numerator", "denominator", "value")


def _terms() -> list[Term]:
    seen: dict[Term, None] = {}
    for ind in INDICATORS:
        for term in ind.numerator + ind.denominator:
            seen.setdefault(term)
    return list(seen)


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sql(source: str = "cells") -> str:
    """The query giving the long indicators table from a relation with the ``cells`` columns."""
    terms = _terms()
    alias = {t: f"t{i}" for i, t in enumerate(terms)}
    pivots = ",\n    ".join(
        f'max(value) FILTER (WHERE "table" = {_lit(t)} AND "row" = {_lit(r)} AND col = {_lit(c)}) '
        f"AS {alias[(t, r, c)]}" for t, r, c in terms
    )
    parts = []
    for i, ind in enumerate(INDICATORS):
        num = " + ".join(alias[t] for t in ind.numerator)
        den = " + ".join(alias[t] for t in ind.denominator) if ind.denominator else "NULL"
        only = ", ".join(_lit(t) for t in ind.templates)
        num_expr = f"CASE WHEN template IN ({only}) THEN CAST({num} AS DOUBLE) END"
        den_expr = f"CASE WHEN template IN ({only}) THEN CAST({den} AS DOUBLE) END"
        if ind.denominator:
            value = (f"CASE WHEN n IS NULL OR d IS NULL OR d = 0 THEN NULL "
                     f"ELSE {ind.scale!r} * n / d END")
            pair = "CASE WHEN n IS NULL OR d IS NULL THEN NULL ELSE {} END"
            num_out, den_out = pair.format("n"), pair.format("d")
        else:
            value, num_out, den_out = "n", "n", "d"
        parts.append(
            f"SELECT report_id, agency, year, template, {i} AS _order, {_lit(ind.key)} AS indicator, "
            f"{num_out} AS numerator, {den_out} AS denominator, CAST({value} AS DOUBLE) AS value\n"
            f"FROM (SELECT *, {num_expr} AS n, {den_expr} AS d FROM per_report)"
        )
    union = "\nUNION ALL\n".join(parts)
    return (
        f"WITH per_report AS (\n  SELECT report_id, any_value(agency) AS agency, "
        f"CAST(any_value(year) AS BIGINT) AS year, any_value(template) AS template,\n    {pivots}\n"
        f"  FROM {source}\n  GROUP BY report_id\n)\n"
        f"SELECT {', '.join(LONG_COLUMNS)} FROM (\n{union}\n) ORDER BY report_id, _order"
    )


def _typed_long(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype({"report_id": "string", "agency": "string", "year": "Int64", "template": "string",
                      "indicator": "string", "numerator": "float64", "denominator": "float64",
                      "value": "float64"})


def compute(cells: pd.DataFrame) -> pd.DataFrame:
    """The long indicators table of a ``cells`` frame (``Report.cells``, or a dataset's cells).

    One row per report (that has cells) and indicator: report_id, agency, year,
    template, indicator, numerator, denominator, value.
    """
    import duckdb
    import pyarrow as pa

    needed = ["report_id", "agency", "year", "template", "table", "row", "col", "value"]
    arrow = pa.Table.from_pandas(cells[needed], preserve_index=False)  # NaN → NULL
    con = duckdb.connect()
    try:
        con.register("cells_input", arrow)
        return _typed_long(con.sql(sql("cells_input")).df())
    finally:
        con.close()


def wide(long: pd.DataFrame) -> pd.DataFrame:
    """One row per report (report_id, agency, year, template), one column per indicator."""
    ids = ["report_id", "agency", "year", "template"]
    values = long.set_index(["report_id", "indicator"])["value"].unstack("indicator")
    values = values.reindex(columns=list(KEYS)).astype("float64")
    values.columns.name = None
    out = long.drop_duplicates("report_id")[ids].merge(values, left_on="report_id", right_index=True, how="left")
    return out.reset_index(drop=True)


def pool(long: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Indicators of groups of reports (a county-year, a level …), from the long table.

    A ratio is pooled as scale × Σ numerator / Σ denominator over the reports where
    it is known (not the mean of the reports' rates); a count is summed. 0/0 stays
    empty. Returns ``by`` + indicator, numerator, denominator, reports (how many
    reports the value rests on), value.
    """
    import numpy as np

    keys = [*by, "indicator"]
    known = long.assign(_known=long["value"].notna())
    out = known.groupby(keys, dropna=False, observed=True, sort=True).agg(
        numerator=("numerator", lambda s: s.sum(min_count=1)),
        denominator=("denominator", lambda s: s.sum(min_count=1)),
        reports=("_known", "sum"),
    ).reset_index()
    scale = out["indicator"].map({i.key: i.scale for i in INDICATORS}).astype("float64")
    ratio = out["indicator"].map({i.key: bool(i.denominator) for i in INDICATORS}).astype(bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = scale * out["numerator"] / out["denominator"].where(out["denominator"] != 0)
    out["value"] = rate.where(ratio, out["numerator"]).astype("float64")
    out["reports"] = out["reports"].astype("int64")
    return out


def definitions() -> pd.DataFrame:
    """The definitions: key, Chinese and English name, formula, unit, scale, templates, note."""
    import pandas as pd

    return pd.DataFrame(
        [{"indicator": i.key, "name_zh": i.name_zh, "name_en": i.name_en, "formula": i.formula,
          "unit": i.unit, "scale": i.scale, "templates": ", ".join(i.templates), "note": i.note}
         for i in INDICATORS]
    ).astype({"indicator": "string", "name_zh": "string", "name_en": "string", "formula": "string",
              "unit": "string", "scale": "float64", "templates": "string", "note": "string"})


def markdown() -> str:
    """The definitions as a Markdown table (README, data dictionary)."""
    lines = ["| indicator | 名称 | formula | unit | templates |", "|---|---|---|---|---|"]
    for i in INDICATORS:
        lines.append(f"| `{i.key}` | {i.name_zh} | `{i.formula}` | {i.unit} | {', '.join(i.templates)} |")
    return "\n".join(lines)
