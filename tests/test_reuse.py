"""Year-over-year text reuse of sections 一 and 五 (extractor.reuse, extract-crossyear)."""

from __future__ import annotations

import pandas as pd

from extractor.crossyear import run_crossyear
from extractor.dataset import DatasetWriter
from extractor.pipeline import extract_bytes
from extractor.reuse import compare, containment, problems, sentences

from .test_crossyear import _report

P2022 = ("（一）存在的主要问题。一是主动公开意识不强。主动公开的文件较少；二是业务能力水平有待提高；"
         "三是信息发布还不够及时。（二）改进措施。一是提高主动公开意识；二是加强培训。")
P2023 = ("（一）存在的主要问题。一是政策解读形式较为单一；二是业务能力水平有待提高；三是信息发布还不够及时。"
         "（二）改进措施。一是丰富解读形式；二是加强培训。")


def test_containment_folds_digits_and_punctuation():
    assert containment("2023年共收到申请95件。", "2022年，共收到申请7件") == 1.0
    assert containment("完全不同的一段文字内容", "政府信息公开工作年度报告") == 0.0
    assert containment("短", "短") is None
    assert round(containment("甲乙丙丁戊己庚辛", "甲乙丙丁戊己"), 4) == round(2 / 4, 4)


def test_sentences_and_problems():
    assert sentences("（一）主动公开工作。全年公开信息95条；\n二是加强业务培训！") == [
        "主动公开工作", "全年公开信息95条", "二是加强业务培训"]
    assert problems(P2022) == ["主动公开意识不强", "业务能力水平有待提高", "信息发布还不够及时"]
    huaian = ("对照上级新要求，还有一些需要加强的地方。主要表现在：一是政策解读质量仍需提升，个别单位内容简单；"
              "二是政务公开队伍建设还需进一步加强。针对存在问题，下一步，我市将着力加强政策解读质效。")
    assert problems(huaian) == ["政策解读质量仍需提升,个别单位内容简单", "政务公开队伍建设还需进一步加强"]
    assert problems("信息公开的及时性有待提高。下一步将加强培训。") == ["信息公开的及时性有待提高"]


def test_compare_section_five():
    row = compare(5, P2023, P2022)
    assert (row["sentences"], row["same_sentences"]) == (6, 4)  # 存在的主要问题, 二是…, 三是…, 二是加强培训
    assert row["same_sentence_share"] == 4 / 6
    assert row["repeated_problems"] == "业务能力水平有待提高 | 信息发布还不够及时"
    assert (row["n_repeated_problems"], row["n_prev_problems"]) == (2, 3)
    assert compare(1, "本机关认真落实。", "本机关认真落实。")["ngram_containment"] == 1.0


def test_text_reuse_over_a_dataset(tmp_path):
    overview = "全年共收到政府信息公开申请{n}件。持续加强政府网站信息公开专栏建设，优化栏目设置。"
    reports = [
        _report("彭阳县司法局", 2022, carried_over=0, carried_forward=0, in_force=1,
                overview=overview.format(n=1), problems=P2022),
        _report("彭阳县司法局", 2023, carried_over=0, carried_forward=0, in_force=2,
                overview=overview.format(n=1) + "新建政务新媒体矩阵。", problems=P2023),
    ]
    out = tmp_path / "dataset"
    writer = DatasetWriter(out, every=5)
    for i, data in enumerate(reports):
        writer.add(extract_bytes(data, f"r{i}.txt"))
    writer.flush()
    _, written = run_crossyear(out)
    assert [p.name for p in written][2:] == ["text_reuse.parquet", "text_reuse.csv"]
    df = pd.read_parquet(out / "text_reuse.parquet").set_index("section")
    assert list(df.index) == [1, 5]
    assert (df.loc[1, "sentences"], df.loc[1, "same_sentences"]) == (3, 2)
    assert 0.7 < df.loc[1, "ngram_containment"] < 1.0
    assert df.loc[5, "repeated_problems"] == "业务能力水平有待提高 | 信息发布还不够及时"
    assert (df.loc[5, "year"], df.loc[5, "prev_year"]) == (2023, 2022)
