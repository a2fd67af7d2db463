"""Plain text: paragraphs, tab-separated tables and Markdown pipe tables.

Tab-separated rows are what copying a table out of Word or a web page gives (merged
label cells become runs of empty fields); pipe tables are what converters and OCR
services write. Consecutive table lines form one table. Lines aligned with spaces
only (what ``pdftotext -layout`` or a hand-typed report gives) become table rows
when they are a known row label followed by numbers, a run of numbers, or a line
of column labels.
"""

from __future__ import annotations

import regex as re

from ..encoding import decode_bytes
from ..labels import match_column, match_row
from ..model import Document, Paragraph, Table
from ..values import is_value_text

_MD_HEADING = re.compile(r"^#{1,6}\s+")  # Markdown "### 行政复议" is a heading line
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _pipe_fields(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [f.strip().replace("<br>", "") for f in body.split("|")]


def spaced_fields(line: str) -> list[str] | None:
    """Fields of a space-aligned table line, or None when the line is prose."""
    tokens = line.split()
    tail = 0
    while tail < len(tokens) and is_value_text(tokens[len(tokens) - 1 - tail]) and tokens[-1 - tail].strip():
        tail += 1
    label = "".join(tokens[: len(tokens) - tail])
    if tail and label and len(label) <= 60 and not any(p in label for p in "。；;") and match_row(label):
        return tokens  # label words stay separate cells: "（三）不予公开 1.属于国家秘密"
    if not label and tail >= 5:
        return tokens
    if not tail and len(tokens) >= 2 and sum(1 for t in tokens if match_column(t)) >= 2:
        return tokens
    return None


def _kind(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "pipe"
    if "\t" in line.strip("\r\n") and line.strip():
        return "tab"
    if stripped and spaced_fields(stripped) is not None:
        return "spaced"
    return "text"


def parse_text(text: str) -> Document:
    """Split decoded text into paragraphs and tables."""
    doc = Document(format="txt")
    rows: list[list[str]] = []
    kind = ""

    def flush() -> None:
        nonlocal rows
        if rows:
            doc.blocks.append(Table.from_rows(rows))
            rows = []

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line_kind = _kind(line)
        if line_kind == "text":
            flush()
            if line.strip():
                doc.blocks.append(Paragraph(_MD_HEADING.sub("", line.strip())))
            continue
        if line_kind != kind:
            flush()
        kind = line_kind
        if line_kind == "pipe":
            if not _PIPE_RULE.match(line):
                rows.append(_pipe_fields(line))
        elif line_kind == "spaced":
            rows.append(spaced_fields(line.strip()) or [])
        else:
            rows.append([f.strip() for f in line.rstrip("\n").split("\t")])
    flush()
    return doc


def load(data: bytes) -> Document:
    text, _ = decode_bytes(data)
    return parse_text(text)
