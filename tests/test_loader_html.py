"""HTML loader: charset handling, article finding, paragraphs and merged tables."""

from __future__ import annotations

import codecs

import pytest

from extractor.errors import ExtractionError
from extractor.loaders import load_bytes
from extractor.loaders.html import declared_charset, load
from extractor.model import Paragraph, Table

TITLE = "某县商务局2023年政府信息公开工作年度报告"

APPLICATIONS_TABLE = """
<table border="1" cellspacing="0">
 <tbody>
  <tr><td colspan="3" rowspan="3"><p><span>（本列数据的勾稽关系为：第一项加第二项之和，</span></p>
      <p><span>等于第三项加第四项之和）</span></p></td><td colspan="7">申请人情况</td></tr>
  <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
  <tr><td><p><span>商业</span></p><p><span>企业</span></p></td><td>科研<br>机构</td>
      <td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
  <tr><td colspan="3">一、本年新收政府信息公开申请数量</td>
      <td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>&nbsp;</td><td>6</td></tr>
  <tr><td rowspan="3" style="width:23px">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>
      <td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>
  <tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td>
      <td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
  <tr><td>2.其他法律行政法规禁止公开</td>
      <td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
 </tbody>
</table>
"""


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _texts(doc) -> list[str]:
    return [b.text if isinstance(b, Paragraph) else "<table>" for b in doc.blocks]


# --- decoding -----------------------------------------------------------------------------


@pytest.mark.parametrize("head, charset", [
    ('<meta charset="GBK">', "gbk"),
    ("<meta charset=utf-8 />", "utf-8"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb2312"),
    ("", None),
])
def test_declared_charset(head, charset):
    assert declared_charset(_page("<p>正文</p>", head).encode("ascii", "xmlcharrefreplace")) == charset


GBK_META = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'


@pytest.mark.parametrize("data", [
    _page("<p>一、总体情况</p>", '<meta charset="utf-8">').encode("utf-8"),
    _page("<p>一、总体情况</p>", '<meta charset="gbk">').encode("gbk"),
    _page("<p>一、总体情况</p>", GBK_META).encode("utf-8"),  # the meta lies: bytes are UTF-8
    codecs.BOM_UTF8 + _page("<p>一、总体情况</p>", GBK_META).encode("utf-8"),
    _page("<p>一、总体情况</p>").encode("gb18030"),  # no declaration at all
    ('<?xml version="1.0" encoding="gbk"?>' + _page("<p>一、总体情况</p>")).encode("gbk"),
], ids=["utf8", "gbk", "gb2312-meta-utf8-bytes", "bom", "undeclared-gbk", "xml-declaration"])
def test_decoding(data):
    assert _texts(load(data)) == ["一、总体情况"]


# --- paragraphs ---------------------------------------------------------------------------


def test_paragraphs_br_nbsp_inline_markup_and_order():
    body = ("<div>&nbsp;&nbsp;一、总体情况<br/>本机关<span style='color:red'>2023年</span>收到申请"
            "<b>5</b>件。</div><p>（一）主动公开\n   情况</p>"
            "<script>var t = '年度报告';</script><style>p{}</style><!-- 注释 -->"
            f"{APPLICATIONS_TABLE}<h2>四、政府信息公开行政复议、行政诉讼情况</h2>"
            "<ul><li>第一项</li><li>第二项</li></ul>")
    assert _texts(load(_page(body).encode())) == [
        "一、总体情况", "本机关2023年收到申请5件。", "（一）主动公开 情况", "<table>",
        "四、政府信息公开行政复议、行政诉讼情况", "第一项", "第二项"]


# --- tables -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def applications() -> Table:
    return next(load(_page(APPLICATIONS_TABLE).encode()).tables())


def test_table_header_spans(applications):
    t = applications
    assert (t.n_rows, t.n_cols) == (7, 10)
    corner = t.grid[0][0]
    assert (corner.rowspan, corner.colspan) == (3, 3) and t.grid[2][2] is corner
    assert corner.text == "（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）"
    assert [t.text(0, c) for c in range(3, 10)] == ["申请人情况"] * 7
    assert t.text(2, 3) == "自然人" and t.grid[1][3].rowspan == 2
    assert [t.text(2, c) for c in range(4, 10)] == ["商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_table_body_spans_and_values(applications):
    t = applications
    assert t.grid[3][0].colspan == 3 and t.text(3, 2) == "一、本年新收政府信息公开申请数量"
    assert [t.text(3, c) for c in range(3, 10)] == ["5", "1", "0", "0", "0", "", "6"]  # &nbsp; -> blank
    outcome = t.grid[4][0]
    assert outcome.rowspan == 3 and all(t.grid[r][0] is outcome for r in range(4, 7))
    assert t.text(6, 0) == "三、本年度办理结果"
    assert t.text(6, 1) == "（三）不予公开" and t.text(6, 2) == "2.其他法律行政法规禁止公开"
    assert t.text(6, 3) == "0"


def test_absurd_spans_are_clamped():
    html = ("<table><tr><td colspan='99'>第二十条第（一）项</td></tr>"
            "<tr><td rowspan='999'>信息内容</td><td>本年制发件数</td><td>本年废止件数</td></tr>"
            "<tr><td rowspan='0'>1</td><td>2</td></tr><tr><td>3</td></tr></table>")
    t = next(load(html.encode()).tables())
    assert (t.n_rows, t.n_cols) == (4, 3)
    assert t.grid[0][0].colspan == 3
    assert t.grid[1][0].rowspan == 3 and t.text(3, 0) == "信息内容"
    assert t.grid[2][1].rowspan == 2 and t.text(3, 1) == "1"
    assert [t.text(2, 2), t.text(3, 2)] == ["2", "3"]


def test_caption_and_thead():
    html = ("<table><caption>表一</caption><thead><tr><th>信息内容</th><th>本年处理决定数量</th></tr></thead>"
            "<tbody><tr><td>行政许可</td><td>12</td></tr></tbody></table>")
    doc = load(html.encode())
    assert _texts(doc) == ["表一", "<table>"]
    assert next(doc.tables()).text(1, 1) == "12"


def test_nested_table_after_outer_and_layout_wrapper_unwrapped():
    inner = "<table><tr><td>结果维持</td><td>总计</td></tr><tr><td>1</td><td>1</td></tr></table>"
    data_outer = (f"<table><tr><td>项目</td><td>说明</td></tr><tr><td>行政复议</td><td>见下表{inner}</td></tr>"
                  "</table>")
    doc = load(_page(data_outer).encode())
    outer, nested = list(doc.tables())
    assert outer.text(1, 1) == "见下表" and nested.text(0, 0) == "结果维持"
    assert _texts(doc) == ["<table>", "<table>"]

    layout = f"<table><tr><td><p>（四）行政复议情况</p>{inner}<p>表后说明</p></td></tr></table>"
    doc = load(_page(layout).encode())
    assert _texts(doc) == ["（四）行政复议情况", "<table>", "表后说明"]
    assert next(doc.tables()).text(1, 1) == "1"


# --- portal pages -------------------------------------------------------------------------

PORTAL = f"""
<div class="top-header"><img src="logo.png"><span>某县人民政府门户网站</span></div>
<div id="mainNav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
  <li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; 政府信息公开年报</div>
<div class="wrap">
  <div class="sidebar"><h3>相关栏目</h3><p>政府信息公开指南、政府信息公开制度</p></div>
  <div class="detail">
    <h1 class="article-title">{TITLE}</h1>
    <div class="info">发布时间：2024-01-20 来源：县商务局</div>
    <div class="TRS_Editor">
      <p>&nbsp;&nbsp;本报告依据《中华人民共和国政府信息公开条例》编制。</p>
      <p>一、总体情况</p><p>2023年，本机关认真贯彻落实政府信息公开工作要求。</p>
      <p>三、收到和处理政府信息公开申请情况</p>
      {APPLICATIONS_TABLE}
      <p>六、其他需要报告的事项</p><p>本机关未收取信息处理费。</p>
    </div>
    <div class="share-bar">分享到：微信 微博</div>
  </div>
</div>
<div id="footer"><p>主办单位：某县人民政府办公室 版权所有 备案号：某ICP备12345678号</p></div>
"""


def test_portal_page_keeps_only_the_article_and_prepends_title():
    head = f'<meta charset="gbk"><title>{TITLE}_某县人民政府</title>'
    doc = load(_page(PORTAL, head).encode("gbk"))
    texts = _texts(doc)
    assert texts == [TITLE, "本报告依据《中华人民共和国政府信息公开条例》编制。", "一、总体情况",
                     "2023年，本机关认真贯彻落实政府信息公开工作要求。", "三、收到和处理政府信息公开申请情况",
                     "<table>", "六、其他需要报告的事项", "本机关未收取信息处理费。"]
    assert next(doc.tables()).text(5, 0) == "三、本年度办理结果"
    assert doc.format == "html"


def test_density_heuristic_without_cms_classes_and_site_suffix_stripped():
    body = ("<table width='1000'><tr><td width='200'>"
            + "".join(f"<p><a href='/{i}'>栏目{i}链接文字</a></p>" for i in range(30))
            + "</td><td><div><p>一、总体情况</p><p>本年度共收到申请5件，均已按期答复，未发生行政复议和诉讼。</p>"
            + APPLICATIONS_TABLE + "</div></td></tr></table><div>联系电话：0000-1234567</div>")
    head = f"<title>{TITLE} - 某县政府网</title>"
    doc = load(_page(body, head).encode())
    assert _texts(doc)[:3] == [TITLE, "一、总体情况", "本年度共收到申请5件，均已按期答复，未发生行政复议和诉讼。"]
    assert _texts(doc)[3:] == ["<table>"]
    assert next(doc.tables()).n_cols == 10


def test_title_not_repeated_when_article_has_it():
    body = f"<div id='zoom'><p>{TITLE}</p><p>一、总体情况</p></div><div id='footer'>版权所有</div>"
    doc = load(_page(body, f"<title>{TITLE}_某县人民政府</title>").encode())
    assert _texts(doc) == [TITLE, "一、总体情况"]


def test_clutter_named_wrapper_holding_the_article_is_kept():
    body = ("<div class='header-wrap'><div class='search-result'>"
            "<p>一、总体情况</p><p>本机关2023年主动公开政府信息120条，收到政府信息公开申请5件。</p>"
            "</div></div><div class='nav'><a>首页</a></div>")
    assert _texts(load(_page(body).encode())) == [
        "一、总体情况", "本机关2023年主动公开政府信息120条，收到政府信息公开申请5件。"]


def test_sniffed_and_dispatched():
    doc = load_bytes(_page("<p>二、主动公开政府信息情况</p>", '<meta charset="gbk">').encode("gbk"))
    assert doc.format == "html" and _texts(doc) == ["二、主动公开政府信息情况"]


def test_image_only_page():
    with pytest.raises(ExtractionError, match=r"^HTML page has no text \(image-only or script-rendered page\)$"):
        load(_page('<div class="content"><img src="report.jpg"></div>').encode())


def test_own_title_line_wins_over_page_title():
    body = ("<div class='WordSection1'><p align='center'><b>某局2022年政府信息公开工作年度报告<o:p></o:p></b></p>"
            "<p>一、总体情况</p></div>")
    doc = load(_page(body, "<title>2022年度报告</title>").encode())
    assert _texts(doc) == ["某局2022年政府信息公开工作年度报告", "一、总体情况"]


def test_empty_rows_from_word_html_are_dropped():
    html = ("<table><tr><td rowspan='3'>三、本年度办理结果</td><td>（一）予以公开</td></tr>"
            "<tr></tr><tr><td>（七）总计</td></tr></table>")
    t = next(load(html.encode()).tables())
    assert (t.n_rows, t.n_cols) == (2, 2)
    assert t.grid[0][0].rowspan == 2 and t.text(1, 0) == "三、本年度办理结果" and t.text(1, 1) == "（七）总计"


def test_title_prepended_when_preamble_only_cites_it():
    body = (f"<h1>{TITLE}</h1><div class='TRS_Editor'><p>根据《中华人民共和国政府信息公开条例》要求，"
            f"现发布《{TITLE}》。本报告电子版可在门户网站查阅或下载。</p><p>一、总体情况</p></div>")
    texts = _texts(load(_page(body).encode()))
    assert texts[0] == TITLE and texts[2] == "一、总体情况"


def test_container_that_is_a_table_or_a_kept_header():
    page = _page("<div class='nav'><a>首页</a></div>" + APPLICATIONS_TABLE.replace("<table", "<table class=content", 1))
    table = next(load(page.encode()).tables())
    assert table.text(5, 0) == "三、本年度办理结果"
    body = "<header><p>一、总体情况</p><p>本机关2023年主动公开政府信息120条，收到申请5件。</p></header>"
    assert _texts(load(_page(body).encode())) == ["一、总体情况", "本机关2023年主动公开政府信息120条，收到申请5件。"]


def test_boxed_text_in_one_cell_table_becomes_paragraphs():
    long_text = "本机关" + "认真落实政府信息公开工作要求，" * 15
    html = f"<table><tr><td><p>五、存在的主要问题及改进情况</p><p>{long_text}</p></td></tr></table>"
    assert _texts(load(_page(html).encode())) == ["五、存在的主要问题及改进情况", long_text]
    short = "<table><tr><td>单位：件</td></tr></table>"
    assert _texts(load(_page(short).encode())) == ["<table>"]
