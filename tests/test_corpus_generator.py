"""The generated test corpus: committed files up to date, truth files self-consistent."""

from __future__ import annotations

import importlib.util
import json
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from corpus.checks import evaluate, failed
from corpus.generate import REPORTS_DIR, generate_samples, main
from corpus.variants import VARIANTS
from extractor.schema import ACTIVE_DISCLOSURE_LAYOUT, APPLICANT_COLUMNS, APPLICATIONS, REVIEW_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
TRUTHS = sorted(REPORTS_DIR.glob("*.truth.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _docx_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate_samples(out)
    return out


def test_committed_corpus_is_up_to_date(regenerated: Path) -> None:
    committed = sorted(p.name for p in REPORTS_DIR.iterdir() if p.is_file())
    assert sorted(p.name for p in regenerated.iterdir()) == committed, "run: python -m corpus.generate"
    for name in committed:
        old, new = REPORTS_DIR / name, regenerated / name
        if name.endswith(".docx"):  # compare the XML parts, not the compressed bytes
            assert _docx_members(old) == _docx_members(new), f"{name} is stale: python -m corpus.generate"
        else:
            assert old.read_bytes() == new.read_bytes(), f"{name} is stale: python -m corpus.generate"


def test_sample_set_size_and_coverage() -> None:
    assert 40 <= len(TRUTHS) <= 70
    size = sum(p.stat().st_size for p in REPORTS_DIR.iterdir())
    assert size < 4_000_000  # 21 PDFs embed their CJK font subset (~75 KB each)
    for truth in TRUTHS:  # reportlab and LibreOffice PDFs both embed a subset of their font
        record = _load(truth)
        if record["format"] == "pdf":
            limit = 150_000 if "docx_soffice" in record["variants"] else 100_000
            assert (REPORTS_DIR / record["file"]).stat().st_size < limit, record["file"]
    seen = {v for t in TRUTHS for v in _load(t)["variants"]}
    assert set(VARIANTS) <= seen, f"variants not in the sample set: {sorted(set(VARIANTS) - seen)}"
    assert {_load(t)["file"].rsplit(".", 1)[1] for t in TRUTHS} == {"docx", "html", "txt", "md", "pdf"}
    pdf_variants = {v for t in TRUTHS if _load(t)["format"] == "pdf" for v in _load(t)["variants"]}
    assert {"blank_slash", "blank_dash", "thousands_sep", "template_2019", "inconsistent", "kangxi_headings",
            "wrapped_labels"} <= pdf_variants


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.name)
def test_truth_keys_follow_schema(path: Path) -> None:
    truth = _load(path)
    template = truth["template"]
    cells = truth["cells"]
    assert set(cells) == {"applications", "review_litigation", "active_disclosure"}
    ad = {row: tuple(cols) for row, cols in cells["active_disclosure"].items()}
    assert ad == ACTIVE_DISCLOSURE_LAYOUT[template]
    app_cols = [c.key for c in APPLICANT_COLUMNS]
    rows = cells["applications"]
    assert all(list(cols) == app_cols for cols in rows.values())
    leaves = {r.key for r in APPLICATIONS.rows if not r.subtotal_of}
    expected = {r.key for r in APPLICATIONS.rows_for(template) if r.key in leaves}
    if template == "2019" or "other_single_row" in truth["variants"]:
        expected = expected - {"other_no_correction", "other_unpaid_fee", "other_other"} | {"other_total"}
    if any(v.startswith("subtotal_rows") for v in truth["variants"]):
        expected |= {"denied_total", "unable_total", "not_processed_total", "other_total"}
    assert set(rows) == expected
    rl_cols = [c.key for c in REVIEW_COLUMNS]
    assert {r: list(c) for r, c in cells["review_litigation"].items()} == {
        r: rl_cols for r in ("review", "litigation_direct", "litigation_after_review")}
    assert set(truth["headings"]) == {"overview", "active_disclosure", "applications", "review_litigation",
                                      "problems_improvements", "other_matters"}


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.name)
def test_truth_arithmetic_is_self_consistent(path: Path) -> None:
    truth = _load(path)
    fails = failed(truth["cells"])
    assert fails == sorted(truth["failed_checks"])
    assert ("inconsistent" in truth["variants"]) == bool(fails) == bool(truth["injected_faults"])
    if "inconsistent" not in truth["variants"]:  # the identities, spelled out
        app = truth["cells"]["applications"]
        for col in (c.key for c in APPLICANT_COLUMNS):
            values = [app[r][col] for r in ("new_received", "carried_over", "total_handled", "carried_forward")]
            if None not in values:
                assert values[0] + values[1] == values[2] + values[3]


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.name)
def test_printed_text_carries_the_truth(path: Path) -> None:
    truth = _load(path)
    report = REPORTS_DIR / truth["file"]
    if report.suffix == ".docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    elif report.suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(report))
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        pdf.close()
    else:
        text = report.read_bytes().decode(truth["encoding"])
    for heading in truth["headings"].values():
        assert heading in text
    assert truth["agency"] in text
    if truth["encoding"] != "utf-8":
        with pytest.raises(UnicodeDecodeError):
            report.read_bytes().decode("utf-8")


def test_checks_follow_the_schema_rules() -> None:
    cols = [c.key for c in APPLICANT_COLUMNS]
    row = dict.fromkeys(cols, 0)
    app = {r.key: dict(row) for r in APPLICATIONS.rows_for("2021") if not r.subtotal_of}
    app["new_received"].update(natural_person=2, total=2)
    app["granted"].update(natural_person=2, total=2)
    app["total_handled"].update(natural_person=2, total=2)
    cells = {"applications": app, "review_litigation": {"review": {
        "upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}}}
    assert failed(cells) == []
    app["granted"]["total"] = None  # blank is not 0: not assessable, not failed
    status = evaluate(cells)
    assert status["applications.row_total/granted"] == "not_assessable"
    assert status["applications.outcome_total/total"] == "not_assessable"
    app["granted"]["natural_person"] = 3
    assert failed(cells) == ["applications.outcome_total/natural_person"]
    app["granted"]["natural_person"] = 1
    for leaf in ("other_no_correction", "other_unpaid_fee", "other_other"):  # （六） printed as one row
        del app[leaf]
    app["other_total"] = dict(row, natural_person=1, total=1)  # stands for its category
    assert "applications.outcome_total/natural_person" not in failed(cells)


def test_random_generation_is_deterministic(tmp_path: Path) -> None:
    for out in ("a", "b"):
        assert main(["--count", "12", "--out", str(tmp_path / out), "--seed", "7"]) == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 24 and names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        if name.endswith(".truth.json"):
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
            truth = _load(tmp_path / "a" / name)
            assert failed(truth["cells"]) == truth["failed_checks"]


def _benchmark():
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def test_benchmark_scores_a_perfect_and_a_wrong_extraction() -> None:
    bench = _benchmark()
    truth_path = TRUTHS[0]
    truth = _load(truth_path)

    class Echo:  # an "extractor" that returns the truth, optionally with one cell wrong
        def __init__(self, wrong: bool) -> None:
            rows = [{"table": t, "row": r, "col": c, "value": v, "derived": False}
                    for t, rs in truth["cells"].items() for r, cs in rs.items() for c, v in cs.items()]
            if wrong:
                rows[0]["value"] = (rows[0]["value"] or 0) + 1
            rows.append({"table": "applications", "row": "denied_total", "col": "total", "value": 1,
                         "derived": True})
            self.cells = pd.DataFrame(rows)
            self.sections = pd.DataFrame([{"key": k, "heading": h} for k, h in truth["headings"].items()])
            self.checks = pd.DataFrame([{"rule": f.split("/")[0], "target": f.split("/")[1], "status": "fail"}
                                        for f in truth["failed_checks"]], columns=["rule", "target", "status"])
            self.meta = {k: truth[k] for k in ("agency", "year", "template")} | {"status": "ok"}

    report = REPORTS_DIR / truth["file"]
    good = bench.score(report, truth_path, lambda _path: Echo(False))
    assert (good.right, good.extra, good.headings_exact) == (good.cells, 0, 6)
    assert good.agency and good.year and good.template and good.checks
    bad = bench.score(report, truth_path, lambda _path: Echo(True))
    assert bad.right == bad.cells - 1
    assert bench.same(None, float("nan")) and bench.same(96171.6, 96171.6 + 1e-12) and not bench.same(0, None)


# --- the failure classes of issue 10: each variant prints what it claims --------------------------------


def _with(variant: str) -> list[dict]:
    """Truth records of the committed samples carrying ``variant`` (at least one)."""
    records = [_load(t) for t in TRUTHS if variant in _load(t)["variants"]]
    assert records, f"no committed sample has {variant}"
    return records


def _spec(name: str):
    from corpus.generate import sample_specs

    return next(s for s in sample_specs() if s.name == name)


def _text(record: dict) -> str:
    """The report's text (a DOCX: its paragraphs, then its table cells, one a line)."""
    path = REPORTS_DIR / record["file"]
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return path.read_bytes().decode(record["encoding"])


def _pdf_pages(record: dict) -> list[tuple[list[dict], list[dict]]]:
    """(words, rects) of every page of a committed PDF."""
    import pdfplumber

    with pdfplumber.open(REPORTS_DIR / record["file"]) as pdf:
        return [(page.extract_words(), page.rects) for page in pdf.pages]


def _inside(word: dict, rect: dict) -> bool:
    return (rect["x0"] <= word["x0"] and word["x1"] <= rect["x1"]
            and rect["top"] <= word["top"] and word["bottom"] <= rect["bottom"])


def _printed(spec, table: str, row: str) -> list[str]:
    from corpus.values import printed

    return [printed(spec, table, row, col) for col in _load(REPORTS_DIR / f"{spec.name}.truth.json")["cells"][
        table][row]]


def test_number_wrapped_prints_digits_on_lines_of_one_cell() -> None:
    from corpus.render_pdf import CELL_LEADING, NARROW_VALUE

    (record,) = _with("pdf_number_wrapped")
    long = [str(v) for row in record["cells"]["applications"].values() for v in row.values() if v and v >= 1000]
    assert len(long) >= 5
    words, rects = next((w, r) for w, r in _pdf_pages(record) if any(x["text"] == "自" for x in w))
    cells = [r for r in rects if abs(r["width"] - NARROW_VALUE) < 0.1]
    stacks = []
    for rect in cells:
        inside = sorted((w for w in words if _inside(w, rect)), key=lambda w: w["top"])
        if len(inside) >= 2 and all(w["text"].isdigit() for w in inside):
            tops = [w["top"] for w in inside]
            assert all(abs(b - a - CELL_LEADING) < 0.1 for a, b in zip(tops, tops[1:]))  # consecutive lines
            assert len(inside[0]["text"]) == 3  # three digits fit the cell, the rest wraps
            stacks.append("".join(w["text"] for w in inside))
    assert sorted(stacks) == sorted(long)  # e.g. 2073 printed as 207 over 3, inside one ruled box


def test_cell_per_line_text_has_one_table_cell_per_line() -> None:
    from corpus.model import GCell, Grid
    from corpus.render_text import _cell_per_line

    records = _with("text_cell_per_line")
    assert {r["template"] for r in records} == {"2021", "2019"}
    for record in records:
        lines = _text(record).split("\n")
        assert not any("\t" in line or "|" in line for line in lines)
        spec = _spec(record["file"].rsplit(".", 1)[0])
        empty = 0
        for key in record["cells"]["applications"]:
            at = lines.index(APPLICATIONS.row(key).label)
            values = _printed(spec, "applications", key)  # a blank line after each cell, one for an empty cell
            want = [""] + [x for v in values for x in ((v, "") if v else ("",))]
            assert lines[at + 1:at + len(want)] == want[:-1], key
            empty += values.count("")
        assert empty == sum(v is None for row in record["cells"]["applications"].values() for v in row.values())
        assert lines.index(spec.headings["applications"]) < lines.index(APPLICATIONS.row("new_received").label)
    grid = Grid([GCell(("a",), 0, 0), GCell(("",), 0, 1, kind="value"), GCell(("1",), 0, 2, kind="value"),
                 GCell(("2",), 1, 0, 1, 3, "value")], 2, 3, "applications")
    assert _cell_per_line(grid) == ["a", "", "", "1", "", "2"]  # an empty cell: one extra blank line


def test_group_labels_sit_at_the_top_of_their_cell_in_wps_style() -> None:
    for record in _with("pdf_group_span_wps"):
        seen = []
        for words, rects in _pdf_pages(record):  # a table broken over pages: each group where it starts
            for group in (w for w in words if w["text"][:3] in ("（三）", "（四）", "（五）", "（六）")
                          and any(_inside(w, r) for r in rects)):
                box = min((r for r in rects if _inside(group, r)), key=lambda r: r["height"])
                if box["height"] < 30:
                    continue  # （六）其他处理 printed as one row (2019 template)
                first = [w for w in words if w["text"].startswith("1.") and abs(w["top"] - group["top"]) < 0.5]
                assert len(first) == 1 and first[0]["x0"] > group["x1"], group["text"]  # level with leaf 1
                assert box["top"] > group["top"] - 6  # a cell spanning rows, its text at the top
                seen.append(group["text"][:3])
        assert seen == ["（三）", "（四）", "（五）", "（六）"][:4 if record["template"] == "2021" else 3]
    plain = _pdf_pages(next(_load(t) for t in TRUTHS if t.name.startswith("pdf01_")))
    words = next(w for w, _ in plain if any(x["text"].startswith("1.属于国家秘密") for x in w))
    group = next(w for w in words if w["text"].startswith("（三）"))
    leaf = next(w for w in words if w["text"].startswith("1.属于国家秘密"))
    assert group["top"] - leaf["top"] > 30  # without the variant: centred in its cell


def test_leaf_label_cut_by_a_page_break_with_the_header_between() -> None:
    for record in _with("pdf_split_leaf_label"):
        spec = _spec(record["file"].rsplit(".", 1)[0])
        pages = _pdf_pages(record)
        first = next(i for i, (w, _) in enumerate(pages) if any(x["text"] == "2.没有现成信息需要" for x in w))
        words = pages[first][0]
        head = next(w for w in words if w["text"] == "2.没有现成信息需要")
        assert not [w for w in words if abs(w["top"] - head["top"]) < 6 and w["text"].isdigit()]  # no numbers
        below = [w for w in words if head["bottom"] < w["top"] < 842 - 72 and w["text"].isdigit()]
        assert not below  # the last row of the table on its page (the footer aside)
        words = pages[first + 1][0]
        tail = next(w for w in words if w["text"] == "另行制作")
        header = [w for w in words if w["text"] in ("申请人情况", "自然人") and w["top"] < tail["top"]]
        assert len(header) == 2  # the header rows repeated between the halves
        row = sorted((w for w in words if abs(w["top"] - tail["top"]) < 1 and w["x0"] > tail["x1"]),
                     key=lambda w: w["x0"])
        assert [w["text"] for w in row] == _printed(spec, "applications", "unable_needs_creation")


def test_table4_printed_all_blank_dash_or_slash() -> None:
    import docx

    marks = {"table4_all_blank": "", "table4_all_dash": "—", "table4_all_slash": "/"}
    for variant, mark in marks.items():
        for record in _with(variant):
            rl = record["cells"]["review_litigation"]
            assert [v for row in rl.values() for v in row.values()] == [None] * 15
            assert record["raw"]["review_litigation"] == {r: dict.fromkeys(cols, mark) for r, cols in rl.items()}
            path = REPORTS_DIR / record["file"]
            if path.suffix == ".docx":
                table = docx.Document(str(path)).tables[-1]
                assert [c.text for c in table.rows[-1].cells] == [mark] * 15
            elif path.suffix == ".html":
                last_row = _text(record).split("<table")[-1].split("<tr>")[-1]
                assert last_row.count(f"<td>{mark or '&nbsp;'}</td>") == 15
            elif path.suffix == ".txt":
                assert "\t".join([mark] * 15) in _text(record).split("\n")
            else:
                words = next(w for w, _ in _pdf_pages(record) if any(x["text"] == "结果" for x in w))
                last_head = max(w["bottom"] for w in words if w["text"] in ("总计", "审结", "维持"))
                heading5 = min(w["top"] for w in words if w["text"].startswith("五、"))
                assert not [w for w in words if last_head < w["top"] < heading5]  # nothing in the value row


def test_heading_variants_print_their_wording() -> None:
    from corpus.texts import HEADING_VARIANTS

    for variant, (key, text) in HEADING_VARIANTS.items():
        for record in _with(variant):
            if any(v.startswith("numbering_") or v == "kangxi_headings" for v in record["variants"]):
                continue  # the ordinal's punctuation or Kangxi radicals changed
            assert record["headings"][key] == text
            if not record["file"].endswith(".pdf"):
                assert text in _text(record)
    assert _with("heading_qita_other")[0]["headings"]["other_matters"] == "六、其它需要报告的事项"


def test_lost_row_labels_print_numbers_between_labelled_rows() -> None:
    from corpus.layout import lost_label_rows

    for record in _with("lost_row_labels"):
        spec = _spec(record["file"].rsplit(".", 1)[0])
        lost = lost_label_rows(spec)
        assert 2 <= len(lost) <= 3 and all(k in record["cells"]["applications"] for k in lost)
        keys = spec.rows
        before, after = keys[keys.index(lost[0]) - 1], keys[keys.index(lost[-1]) + 1]
        text = _text(record)
        assert all(APPLICATIONS.row(k).label not in text for k in lost)
        assert APPLICATIONS.row(before).label in text and APPLICATIONS.row(after).label in text
        if record["file"].endswith(".txt"):
            lines = text.split("\n")
            at = next(i for i, line in enumerate(lines) if APPLICATIONS.row(before).label in line)
            assert lines[at + 1:at + 1 + len(lost)] == [
                "\t\t\t" + "\t".join(_printed(spec, "applications", k)) for k in lost]


def test_ruled_empty_cell_leaves_one_table3_cell_empty() -> None:
    import docx

    from corpus.render_pdf import LEFT, TEXT_WIDTH, VALUE_WIDTH

    first_value = LEFT + TEXT_WIDTH - 7 * VALUE_WIDTH - 0.5  # x of table 三's first value column

    cols = [c.key for c in APPLICANT_COLUMNS]
    for record in _with("ruled_empty_cell"):
        (row, raw), = [(r, c) for r, c in record["raw"]["applications"].items()]
        (col, text), = raw.items()
        assert text == "" and record["cells"]["applications"][row][col] is None and col not in (cols[0], cols[-1])
        spec = _spec(record["file"].rsplit(".", 1)[0])
        values = _printed(spec, "applications", row)
        assert values.count("") == 1 and values[cols.index(col)] == ""
        path = REPORTS_DIR / record["file"]
        if path.suffix == ".docx":
            table = docx.Document(str(path)).tables[-2]
            rows = [[c.text for c in r.cells][3:] for r in table.rows]
            assert values in rows
        elif path.suffix == ".html":
            cells = "".join(f"<td>{v or '&nbsp;'}</td>" for v in values)
            assert cells in _text(record)
        else:
            for words, rects in _pdf_pages(record):
                boxes = [r for r in rects if any(_inside(w, r) and w["text"] == values[0] for w in words)]
                rows = {round(b["top"]) for b in boxes}
                found = []
                for top in rows:
                    line = sorted((r for r in rects if round(r["top"]) == top and r["x0"] >= first_value),
                                  key=lambda r: r["x0"])
                    found.append(["".join(w["text"] for w in words if _inside(w, r)) for r in line])
                if values in found:
                    break
            else:
                raise AssertionError(f"{record['file']}: no ruled row printing {values}")


def test_unruled_fee_zero_prints_0_without_rules() -> None:
    (record,) = _with("pdf_unruled_fee_zero")
    assert record["cells"]["active_disclosure"]["administrative_fees"] == {"amount_10k_yuan": 0}
    pages = _pdf_pages(record)
    assert all(not rects for _, rects in pages)
    words = next(w for w, _ in pages if any(x["text"] == "行政事业性收费" for x in w))
    label = next(w for w in words if w["text"] == "行政事业性收费")
    assert [w["text"] for w in words if abs(w["top"] - label["top"]) < 1 and w["x0"] > label["x1"]] == ["0"]


def test_weak_misprints_are_too_far_for_similarity() -> None:
    from corpus.layout import WEAK_MISPRINTS, weak_misprint_row
    from extractor.labels import MIN_ROW_SCORE, match_row, similarity
    from extractor.normalize import label_key

    for key, text in WEAK_MISPRINTS.items():
        own = APPLICATIONS.row(key).label
        assert similarity(label_key(text), label_key(own)) < MIN_ROW_SCORE and match_row(text) is None, text
        assert sum(a != b for a, b in zip(text, own)) in (2, 3) and len(text) == len(own)
    for record in _with("misprinted_leaf_weak"):
        row = weak_misprint_row(_spec(record["file"].rsplit(".", 1)[0]))
        if record["format"] == "pdf":
            words = [w["text"] for page, _ in _pdf_pages(record) for w in page]
            assert WEAK_MISPRINTS[row] in words and APPLICATIONS.row(row).label not in words
        else:
            assert WEAK_MISPRINTS[row] in _text(record) and APPLICATIONS.row(row).label not in _text(record)
