"""Plain text: paragraphs, tab-separated tables and Markdown pipe tables.

Tab-separated rows are what copying a table out of Word or a web page gives (merged
label cells become runs of empty fields); pipe tables are what converters and OCR
services write. Consecutive table lines form one table.
"""

from __future__ import annotations

import regex as re

from ..encoding import decode_bytes
from ..model import Document, Paragraph, Table

_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _pipe_fields(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [f.strip().replace("<br>", "") for f in body.split("|")]


def _kind(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "pipe"
    if "\t" in line.strip("\r\n") and line.strip():
        return "tab"
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
                doc.blocks.append(Paragraph(line.strip()))
            continue
        if line_kind != kind:
            flush()
        kind = line_kind
        if line_kind == "pipe":
            if not _PIPE_RULE.match(line):
                rows.append(_pipe_fields(line))
        else:
            rows.append([f.strip() for f in line.rstrip("\n").split("\t")])
    flush()
    return doc


def load(data: bytes) -> Document:
    text, _ = decode_bytes(data)
    return parse_text(text)
