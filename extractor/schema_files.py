"""Generate ``schemas/`` from :mod:`extractor.schema`: the one source of truth.

Writes a JSON Schema for the ``.json`` output, a Frictionless Table Schema per
output table and a Markdown data dictionary. ``python -m extractor.schema_files``
regenerates them; a test fails when the committed files are stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .schema import OUTPUTS, PLACED_BY, SECTIONS, TABLES, TEMPLATES

_FRICTIONLESS_TYPES = {"string": "string", "Int64": "integer", "float64": "number", "boolean": "boolean"}
_JSON_TYPES = {"string": "string", "Int64": "integer", "float64": "number", "boolean": "boolean"}


def table_schema(name: str) -> dict:
    """Frictionless Table Schema of one output table."""
    fields = []
    for col in OUTPUTS[name]:
        field: dict = {"name": col.name, "type": _FRICTIONLESS_TYPES[col.dtype], "description": col.description}
        if col.enum:
            field["constraints"] = {"enum": list(col.enum)}
        fields.append(field)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if name == "reports":
        schema["primaryKey"] = ["report_id"]
    return schema


def _cell_schema() -> dict:
    return {
        "type": "object",
        "properties": {
            "value": {"type": ["number", "null"]},
            "raw": {"type": ["string", "null"]},
            "derived": {"type": "boolean"},
            "placed_by": {"type": "string", "enum": list(PLACED_BY)},
            "ocr_confidence": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            "page": {"type": ["integer", "null"]},
            "bbox": {"type": ["array", "null"], "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
        },
        "required": ["value", "raw"],
    }


def json_schema() -> dict:
    """JSON Schema of one report document in the ``.json`` output (an array of these)."""
    tables = {}
    for table in TABLES.values():
        rows = {}
        for row in table.rows:
            rows[row.key] = {
                "type": "object",
                "description": row.label,
                "properties": {c: {"$ref": "#/$defs/cell"} for c in row.cols},
                "additionalProperties": False,
            }
        tables[table.key] = {
            "type": "object",
            "description": table.title,
            "properties": rows,
            "additionalProperties": {"type": "object", "description": "province-added row (extra)"}
            if table.extra_rows else False,
        }
    meta = {
        col.name: {"type": [_JSON_TYPES[col.dtype], "null"], "description": col.description}
        for col in OUTPUTS["reports"]
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "政府信息公开工作年度报告 — one extracted report",
        "type": "object",
        "required": ["meta", "sections", "tables", "checks", "facts"],
        "properties": {
            "meta": {"type": "object", "properties": meta, "required": ["report_id", "status"]},
            "sections": {"type": "array", "items": {
                "type": "object",
                "properties": {
                    "section": {"type": "integer", "minimum": 1, "maximum": 6},
                    "key": {"enum": [s.key for s in SECTIONS]},
                    "heading": {"type": "string"},
                    "text": {"type": "string"},
                },
                "required": ["section", "key", "heading", "text"],
            }},
            "tables": {"type": "object", "properties": tables, "additionalProperties": False},
            "checks": {"type": "array", "items": {
                "type": "object",
                "properties": {
                    "rule": {"type": "string"}, "target": {"type": "string"},
                    "expected": {"type": ["number", "null"]}, "actual": {"type": ["number", "null"]},
                    "status": {"enum": ["pass", "fail", "not_assessable"]},
                    "note": {"type": ["string", "null"]},
                },
                "required": ["rule", "target", "status"],
            }},
            "facts": {"type": "array", "items": {
                "type": "object",
                "properties": {c.name: {"type": [_JSON_TYPES[c.dtype], "null"], "description": c.description}
                               for c in OUTPUTS["facts"] if c.name != "report_id"},
                "required": ["section", "key", "value", "unit", "scope", "sentence", "start", "end"],
            }},
        },
        "$defs": {"cell": _cell_schema()},
    }


def data_dictionary() -> str:
    """Markdown listing every key with its Chinese label."""
    lines = ["# Data dictionary", "",
             "Generated from `extractor/schema.py` by `python -m extractor.schema_files`; do not edit.", "",
             f"Templates: {', '.join(f'`{t}`' for t in TEMPLATES)}.", "", "## Sections", "",
             "| section | key | heading (2021 template) |", "|---|---|---|"]
    lines += [f"| {s.number} | `{s.key}` | {s.heading} |" for s in SECTIONS]
    for table in TABLES.values():
        lines += ["", f"## Table `{table.key}` — {table.title}", "", "### Rows", "",
                  "| row | label | columns | templates |", "|---|---|---|---|"]
        for row in table.rows:
            note = " (subtotal)" if row.subtotal_of else ""
            lines.append(f"| `{row.key}` | {row.label}{note} | {', '.join(f'`{c}`' for c in row.cols)} | "
                         f"{', '.join(row.templates)} |")
        lines += ["", "### Columns", "", "| col | label |", "|---|---|"]
        lines += [f"| `{c.key}` | {c.label} |" for c in table.columns]
    for name, cols in OUTPUTS.items():
        lines += ["", f"## Output `{name}`", "", "| column | type | meaning |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.dtype} | {c.description} |" for c in cols]
    lines += ["", *_fact_lines(), "", *_indicator_lines()]
    return "\n".join(lines) + "\n"


def _fact_lines() -> list[str]:
    """The fact vocabulary of :mod:`extractor.facts` and the text checks it feeds."""
    from .facts import VOCABULARY
    from .textchecks import RULES

    lines = ["## Fact keys (`facts.key`, `extractor.facts.VOCABULARY`)", "",
             "| key | what it counts | units | text check |", "|---|---|---|---|"]
    for term in VOCABULARY:
        rule = RULES.get(term.key)
        check = f"`{rule[0]}` vs " + " + ".join(f"`{t}.{r}.{c}`" for t, r, c in rule[2]) if rule else ""
        lines.append(f"| `{term.key}` | {term.description} | {' '.join(term.units)} | {check} |")
    return lines


def _indicator_lines() -> list[str]:
    """The indicators of :mod:`extractor.indicators` (the ``indicators`` view of open_dataset)."""
    from . import indicators

    return ["## Indicators (`extractor.indicators`)", "",
            "Computed per report from `cells` (总计 column unless a column is named): value = scale × "
            "numerator / denominator. Empty (never 0 or inf) when the denominator is 0 or a cell it needs "
            "is blank or missing. Long form: report_id, agency, year, template, indicator, numerator, "
            "denominator, value.", "", indicators.markdown()]


def render() -> dict[str, str]:
    """File name → content of every generated file."""
    files = {"report.schema.json": json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n",
             "data_dictionary.md": data_dictionary()}
    for name in OUTPUTS:
        files[f"{name}.tableschema.json"] = json.dumps(table_schema(name), ensure_ascii=False, indent=2) + "\n"
    return files


def write(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in render().items():
        (directory / name).write_text(content, encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "schemas")
