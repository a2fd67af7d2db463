"""schemas/ is generated from extractor/schema.py and must be up to date."""

from __future__ import annotations

import json

from extractor.schema_files import render

from .conftest import ROOT


def test_committed_schema_files_are_up_to_date():
    for name, content in render().items():
        path = ROOT / "schemas" / name
        assert path.exists(), f"schemas/{name} missing: run python -m extractor.schema_files"
        assert path.read_text(encoding="utf-8") == content, (
            f"schemas/{name} is stale: run python -m extractor.schema_files")


def test_cells_table_schema_matches_the_contract():
    schema = json.loads((ROOT / "schemas" / "cells.tableschema.json").read_text(encoding="utf-8"))
    names = [f["name"] for f in schema["fields"]]
    assert names == ["report_id", "source", "agency", "year", "template", "table", "row", "col", "value",
                     "derived", "raw", "page", "bbox", "region_code", "placed_by", "ocr_confidence"]


def test_dictionary_lists_every_key_with_its_label():
    text = (ROOT / "schemas" / "data_dictionary.md").read_text(encoding="utf-8")
    assert "| `denied_security_stability` | 3.危及“三安全一稳定” |" in text
    assert "| `amount_10k_yuan` | 本年收费金额（单位：万元） |" in text
