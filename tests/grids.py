"""Build table grids in the official merged-cell layout for unit tests."""

from __future__ import annotations

from extractor.model import Cell, Table
from extractor.schema import APPLICATIONS

APP_COLS = [c.key for c in APPLICATIONS.columns]
_CATEGORY_ROWS = {"denied_total": 8, "unable_total": 3, "not_processed_total": 5, "other_total": 3}


def applications_grid(values: dict[str, list[str]], template: str = "2021") -> Table:
    """Table 三 as Word draws it: 3 header rows, 3 label columns + 7 value columns.

    ``values`` maps a row key to its 7 printed texts; missing rows print "0".
    """
    cells = [
        Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 0, 0, 3, 3),
        Cell("申请人情况", 0, 3, 1, 7),
        Cell("自然人", 1, 3, 2, 1),
        Cell("法人或其他组织", 1, 4, 1, 5),
        Cell("总计", 1, 9, 2, 1),
    ]
    cells += [Cell(t, 2, 4 + i) for i, t in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])]
    r = 3
    rows = [row for row in APPLICATIONS.rows_for(template) if not row.subtotal_of]
    if template == "2019":
        rows.insert([x.key for x in rows].index("total_handled"), APPLICATIONS.row("other_total"))
    outcome_start = None
    parent_done: set[str] = set()
    for row in rows:
        key = row.key
        if key in ("new_received", "carried_over", "carried_forward"):
            cells.append(Cell(row.label, r, 0, 1, 3))
        elif key in ("granted", "partially_granted", "total_handled", "other_total"):
            if outcome_start is None:
                outcome_start = r
            cells.append(Cell(row.label, r, 1, 1, 2))
        else:
            if row.parent not in parent_done:
                parent_done.add(row.parent)
                cells.append(Cell(APPLICATIONS.row(row.parent).label, r, 1, _CATEGORY_ROWS[row.parent], 1))
            cells.append(Cell(row.label, r, 2))
        for i, text in enumerate(values.get(key, ["0"] * 7)):
            cells.append(Cell(text, r, 3 + i))
        r += 1
    n_outcome = sum(1 for row in rows if row.key not in ("new_received", "carried_over", "carried_forward"))
    cells.append(Cell("三、本年度办理结果", outcome_start, 0, n_outcome, 1))
    return Table.from_cells(cells)


def review_grid(numbers: list[str]) -> Table:
    """Table 四: two merged header rows over one row of 15 numbers."""
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    cells = [Cell("行政复议", 0, 0, 1, 5), Cell("行政诉讼", 0, 5, 1, 10),
             Cell("未经复议直接起诉", 1, 5, 1, 5), Cell("复议后起诉", 1, 10, 1, 5)]
    cells += [Cell(h, 1, i, 2, 1) for i, h in enumerate(heads)]
    cells += [Cell(h, 2, 5 + i) for i, h in enumerate(heads * 2)]
    cells += [Cell(n, 3, i) for i, n in enumerate(numbers)]
    return Table.from_cells(cells)
