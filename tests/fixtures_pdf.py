"""What the PDF fixtures in tests/data/pdf print (shared by make.py and the tests), and grid helpers."""

from __future__ import annotations

from pathlib import Path

import regex as re

from extractor.model import Cell, Document, Table

PDF_DIR = Path(__file__).resolve().parent / "data" / "pdf"

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
CATEGORIES = {
    "（三）不予公开": ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                 "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                 "7.属于行政执法案卷", "8.属于行政查询事项"],
    "（四）无法提供": ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"],
    "（五）不予处理": ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                 "5.要求行政机关确认或重新出具已获取信息"],
    "（六）其他处理": ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                 "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"],
}
OUTCOMES = (["（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]
            + [leaf for leaves in CATEGORIES.values() for leaf in leaves] + ["（七）总计"])
ROW_LABELS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", *OUTCOMES,
              "四、结转下年度继续办理"]
REVIEW = [5, 2, 1, 0, 8, 3, 1, 0, 2, 6, 1, 0, 1, 1, 3]
# table 二: (block title, header, rows of (label, values))
DISCLOSURE = [
    ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
     [("规章", ["2", "0", "15"]), ("行政规范性文件", ["9", "3", "58"])]),
    ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", ["1234"])]),
    ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", ["567"]), ("行政强制", ["0"])]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", ["12.5"])]),
]
KANGXI = "本机关全年收取信息处理费⼀百元，收费⾏为规范，⻓期坚持依法收费。"  # ⼀ ⾏ ⻓: radicals
RUNNING_HEADER = "某某市人民政府办公室2024年政府信息公开工作年度报告"
LONG = ("本机关坚持以公开为常态、不公开为例外，围绕群众关切推进政务公开，全年主动公开政府信息一千余条，"
        "持续优化政府网站信息公开专栏，及时发布政策文件、政策解读和重点领域信息，提升公开质量和实效。")


def row_values(i: int) -> list[str]:
    """The seven printed numbers of data row ``i`` of table 三: six applicant columns, total."""
    six = [(i * 37 + j * 11) % 90 if j in (0, 1, 4) else (i + j) % 3 for j in range(6)]
    six[0] += 1000 if i == 0 else 0
    return [str(v) for v in six] + [str(sum(six))]


# --- reading grids in tests ------------------------------------------------------

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def grid_rows(table: Table) -> list[tuple[str, list[Cell]]]:
    """Each grid row as (its last label text, its value cells from the first number on)."""
    out: list[tuple[str, list[Cell]]] = []
    for r in range(table.n_rows):
        items = table.row_cells(r)
        first = next((k for k, (_, cell) in enumerate(items) if _NUMBER.match(cell.text)), len(items))
        labels = [cell.text for _, cell in items[:first] if cell.text]
        out.append((labels[-1] if labels else "", [cell for _, cell in items[first:]]))
    return out


def find_row(doc: Document, label: str) -> list[Cell]:
    """Value cells of the one grid row whose last label starts with ``label``."""
    hits = [values for table in doc.tables() for text, values in grid_rows(table)
            if text.startswith(label) and values]
    assert len(hits) == 1, f"{len(hits)} rows labelled {label}"
    return hits[0]


def texts(cells: list[Cell]) -> list[str]:
    return [cell.text for cell in cells]
