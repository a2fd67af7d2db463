"""HTML renderer: a government portal article page.

The report sits inside a CMS container (div.TRS_Editor, #zoom, #ivs_content,
.Custom_UnionStyle) among navigation menus, a breadcrumb, related links and a
footer. Tables use colspan/rowspan; blanks are ``&nbsp;``.
"""

from __future__ import annotations

from html import escape

from .model import Document, GCell, Grid, Para, stack
from .spec import ReportSpec

CONTAINERS = {
    "html_trs_editor": '<div class="TRS_Editor">',
    "html_zoom": '<div id="zoom" class="article-content">',
    "html_ivs_content": '<div id="ivs_content" class="ivs-content">',
    "html_union_style": '<div class="Custom_UnionStyle">',
}
NAV = ("首页", "政务公开", "政务服务", "互动交流", "走进{county}")
SIDE = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "依申请公开")


def _cell_html(spec: ReportSpec, cell: GCell) -> str:
    attrs = "".join(f' {k}="{v}"' for k, v in (("colspan", cell.colspan), ("rowspan", cell.rowspan)) if v > 1)
    text = "<br>".join(escape(line) for line in cell.lines) or "&nbsp;"
    if spec.has("html_nested_spans"):
        text = (f'<p class="MsoNormal" align="center" style="text-align:center">'
                f'<span style="font-family:仿宋_GB2312;font-size:10.5pt">{text}</span></p>')
    width = ' style="width:23px"' if cell.rowspan > 10 else ""
    return f"<td{attrs}{width}>{text}</td>"


def _table(spec: ReportSpec, grid: Grid) -> str:
    rows = []
    for r in range(grid.n_rows):
        cells = "".join(_cell_html(spec, c) for c in grid.cells_in_row(r))
        rows.append(f"<tr>{cells}</tr>")
    body = "\n".join(rows)
    return f'<table border="1" cellspacing="0" cellpadding="0" width="100%">\n<tbody>\n{body}\n</tbody>\n</table>'


def _paragraph(para: Para) -> str:
    text = escape(para.text)
    if para.role == "heading":
        return f'<p style="text-indent:2em"><strong>{text}</strong></p>'
    if para.role in ("title", "signature"):
        align = "center" if para.role == "title" else "right"
        return f'<p style="text-align:{align}">{text}</p>'
    return f'<p style="text-indent:2em">{text}</p>'


def _article(spec: ReportSpec, doc: Document) -> str:
    parts: list[str] = []
    ad = doc.grids("active_disclosure")
    one_table = spec.has("html_table2_one_table")
    for block in doc.blocks:
        if isinstance(block, Para):
            if block.role not in ("title", "meta"):
                parts.append(_paragraph(block))
        elif block.part == "active_disclosure" and one_table:
            if block is ad[0]:
                parts.append(_table(spec, stack(ad)))
        else:
            parts.append(_table(spec, block))
    return "\n".join(parts)


def _charset(spec: ReportSpec) -> str:
    if spec.has("enc_lying_meta"):
        return "gb2312"
    return "gbk" if spec.encoding == "gbk" else "utf-8"


def _page(spec: ReportSpec, doc: Document) -> str:
    title = "".join(spec.title)
    county = spec.region[2]
    container = next((CONTAINERS[v] for v in CONTAINERS if spec.has(v)), CONTAINERS["html_trs_editor"])
    nav = "".join(f'<li><a href="#">{escape(n.format(county=county))}</a></li>' for n in NAV)
    side = "".join(f'<li><a href="#">{s}</a></li>' for s in SIDE)
    prev_title = title.replace(str(spec.year), str(spec.year - 1))
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={_charset(spec)}">
<title>{escape(title)}_{escape(spec.site)}</title>
<style>.nav li{{float:left;list-style:none}} .footer{{clear:both;font-size:12px}}</style>
<script>var siteId = "{spec.region[2]}"; var _hmt = _hmt || [];</script>
</head>
<body>
<div class="header"><div class="logo">{escape(spec.site)}</div>
<ul class="nav">{nav}</ul></div>
<div class="position">当前位置：<a href="#">首页</a> &gt; <a href="#">政府信息公开</a> &gt; <a href="#">政府信息公开年报</a></div>
<div class="left-menu"><ul>{side}</ul></div>
<div class="article">
<h1 class="article-title">{escape(title)}</h1>
<div class="article-info">发布日期：{spec.pub_date}　来源：{escape(spec.agency)}　浏览次数：<span id="hits">{len(title) * 37}</span>　字号：[大 中 小]</div>
{container}
{_article(spec, doc)}
</div>
<div class="article-nav"><p>上一篇：<a href="#">{escape(prev_title)}</a></p><p>下一篇：<a href="#">关于开展政务公开专项检查的通知</a></p></div>
</div>
<div class="footer"><p>主办单位：{escape(spec.site)}办公室　承办单位：{escape(county)}大数据中心</p>
<p>网站标识码：{6400000000 + len(title)}　ICP备05001234号-1</p></div>
</body>
</html>
"""


def render(spec: ReportSpec, doc: Document) -> bytes:
    return _page(spec, doc).encode(spec.encoding)
