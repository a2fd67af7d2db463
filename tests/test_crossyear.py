"""Cross-year checks over a dataset directory: 上年结转 vs last year's 结转下年度, and the stock of documents."""

from __future__ import annotations

import pandas as pd
import pytest

from extractor.crossyear import main, run_crossyear
from extractor.dataset import DatasetWriter
from extractor.pipeline import extract_bytes
from extractor.schema import APPLICATIONS

COLS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
        "legal_service_org", "other_org", "total")


def _report(agency: str, year: int, *, carried_over: int, carried_forward: int, in_force: int,
            issued: int = 2, repealed: int = 1, template_2019: bool = False,
            overview: str = "本机关认真落实。", problems: str = "无。") -> bytes:
    """A small complete report; 行政规范性文件 has the given stock figures (2021 template)."""
    new = carried_forward + 1 - carried_over  # keeps the report's own balance
    values = {"new_received": new, "carried_over": carried_over, "granted": 1, "total_handled": 1,
              "carried_forward": carried_forward}
    rows = []
    for row in APPLICATIONS.rows_for("2019" if template_2019 else "2021"):
        if row.subtotal_of and not template_2019:
            continue
        if template_2019 and row.key in ("denied_total", "unable_total", "not_processed_total"):
            continue
        v = values.get(row.key, 0)
        rows.append(f"{row.label}\t" + "\t".join([str(v), "0", "0", "0", "0", "0", str(v)]))
    if template_2019:
        active = ("信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n"
                  f"规范性文件\t{issued}\t{issued}\t{in_force}\n"
                  "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t1\t0\t3\n"
                  "其他对外管理服务事项\t0\t0\t0\n行政处罚\t0\t0\t0\n行政强制\t0\t0\t0\n"
                  "信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t0\t0\n"
                  "信息内容\t采购项目数量\t采购总金额\n政府集中采购\t0\t0\n")
    else:
        active = ("信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n"
                  f"行政规范性文件\t{issued}\t{repealed}\t{in_force}\n"
                  "信息内容\t本年处理决定数量\n行政许可\t3\n信息内容\t本年处理决定数量\n行政处罚\t0\n行政强制\t0\n"
                  "信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t0\n")
    heads = "结果维持\t结果纠正\t其他结果\t尚未审结\t总计"
    review = ("行政复议\t\t\t\t\t未经复议直接起诉\t\t\t\t\t复议后起诉\n" + "\t".join([heads] * 3) + "\n"
              + "\t".join(["0"] * 15) + "\n")
    text = (f"{agency}{year}年政府信息公开工作年度报告\n\n"
            f"本报告所列数据统计期限自{year}年1月1日至{year}年12月31日。\n\n"
            f"一、总体情况\n\n{overview}\n\n二、主动公开政府信息情况\n\n" + active +
            "\n三、收到和处理政府信息公开申请情况\n\n" + "\n".join(rows) +
            "\n\n四、政府信息公开行政复议、行政诉讼情况\n\n" + review +
            f"\n五、存在的主要问题及改进情况\n\n{problems}\n\n六、其他需要报告的事项\n\n无。\n")
    return text.encode("utf-8")


@pytest.fixture()
def dataset(tmp_path):
    """彭阳县司法局 2021, 2022, 2023 (2023 carries over one fewer than 2022 carried forward),
    and 淮安市人民政府 2020 and 2022 (a gap year)."""
    reports = [
        _report("彭阳县司法局", 2021, carried_over=0, carried_forward=2, in_force=10),
        _report("宁夏彭阳县司法局", 2022, carried_over=2, carried_forward=3, in_force=11),  # 10 + 2 − 1
        _report("彭阳县司法局", 2023, carried_over=2, carried_forward=0, in_force=15),  # expected 12
        _report("淮安市人民政府", 2020, carried_over=0, carried_forward=1, in_force=4),
        _report("淮安市人民政府", 2022, carried_over=5, carried_forward=0, in_force=4),
    ]
    out = tmp_path / "dataset"
    writer = DatasetWriter(out, every=2)
    for i, data in enumerate(reports):
        rep = extract_bytes(data, f"r{i}.txt")
        assert rep.status == "ok", rep.meta["error"]
        writer.add(rep)
    writer.flush()
    return out


def test_carry_over_mismatch_fails_with_expected_and_actual(dataset):
    df, written = run_crossyear(dataset)
    assert [p.name for p in written] == ["crossyear_checks.parquet", "crossyear_checks.csv",
                                         "text_reuse.parquet", "text_reuse.csv"]
    carried = df[df.rule == "crossyear.carried_over"].set_index(["year", "target"])
    assert sorted(set(df["year"])) == [2022, 2023]  # 淮安 2022 has no 2021 report: not evaluated
    assert set(df["region_code"]) == {"640425"}
    assert (carried.loc[2022, "status"] == "pass").all()
    row = carried.loc[(2023, "natural_person")]
    assert (row["status"], row["expected"], row["actual"], row["prev_year"]) == ("fail", 3.0, 2.0, 2022)
    assert carried.loc[(2023, "total"), "status"] == "fail"
    assert set(carried.loc[2023].query("status == 'pass'").index) == set(COLS) - {"natural_person", "total"}


def test_stock_of_documents_in_force(dataset):
    df, _ = run_crossyear(dataset)
    stock = df[df.rule == "crossyear.in_force"].set_index(["year", "target"])
    assert stock.loc[(2022, "normative_documents"), "status"] == "pass"
    row = stock.loc[(2023, "normative_documents")]
    assert (row["status"], row["expected"], row["actual"]) == ("fail", 12.0, 15.0)
    assert stock.loc[(2023, "regulations"), "status"] == "pass"


def test_results_are_written_where_a_researcher_finds_them(dataset):
    assert main([str(dataset), "-q"]) == 0
    parquet = pd.read_parquet(dataset / "crossyear_checks.parquet")
    csv = pd.read_csv(dataset / "crossyear_checks.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(parquet) == len(csv) == 2 * (7 + 2)
    assert list(csv.columns) == ["agency", "region_code", "year", "prev_year", "report_id", "prev_report_id",
                                 "rule", "target", "expected", "actual", "status", "note"]
    assert main([str(dataset / "nothing-here")]) == 2


def test_template_change_is_not_assessed_for_the_stock(tmp_path):
    out = tmp_path / "ds"
    writer = DatasetWriter(out)
    writer.add(extract_bytes(_report("彭阳县司法局", 2020, carried_over=0, carried_forward=1, in_force=7,
                                     template_2019=True), "a.txt"))
    writer.add(extract_bytes(_report("彭阳县司法局", 2021, carried_over=1, carried_forward=0, in_force=8),
                             "b.txt"))
    writer.flush()
    df, _ = run_crossyear(out)
    assert set(df[df.rule == "crossyear.carried_over"]["status"]) == {"pass"}
    stock = df[df.rule == "crossyear.in_force"]
    assert set(stock["status"]) == {"not_assessable"}
    assert stock["note"].str.startswith("templates 2019 → 2021").all()
