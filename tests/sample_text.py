"""A small, complete report as tab-separated text, for CLI and output tests."""

from __future__ import annotations

from extractor.schema import APPLICATIONS

_APP = "\n".join(
    f"{row.label}\t" + "\t".join(["1", "0", "0", "0", "0", "0", "1"] if row.key in (
        "new_received", "granted", "total_handled") else ["0"] * 7)
    for row in APPLICATIONS.rows_for("2021") if not row.subtotal_of
)

SAMPLE_REPORT = f"""测试县统计局2022年政府信息公开工作年度报告

本报告所列数据统计期限自2022年1月1日至2022年12月31日。发布日期：2023-01-20。

一、总体情况

2022年，本局认真落实政府信息公开工作。

二、主动公开政府信息情况

信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
行政规范性文件\t2\t1\t9
信息内容\t本年处理决定数量
行政许可\t12
信息内容\t本年处理决定数量
行政处罚\t3
行政强制\t0
信息内容\t本年收费金额（单位：万元）
行政事业性收费\t1.5

三、收到和处理政府信息公开申请情况

\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计
{_APP}

四、政府信息公开行政复议、行政诉讼情况

行政复议\t\t\t\t\t行政诉讼
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉
\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0

五、存在的主要问题及改进情况

公开的及时性有待提高。

六、其他需要报告的事项

本年度未收取信息处理费。
"""
