"""Plain-text renderers: tab-separated (as copied out of Word) and Markdown pipe tables.

Tab-separated tables follow the copied-from-Word shape of a real report: one line
per grid row, a merged cell's text at its first position and empty fields for the
positions it covers. Paragraphs are separated by blank lines. Variant
``text_cell_per_line``: tables as a browser copy or a crawler's innerText of an HTML
table gives them, every cell (a merged one once) on its own line in reading order, a
blank line after each, an empty cell one extra blank line, no separators.
"""

from __future__ import annotations

from .model import Document, Grid, Para, stack
from .spec import ReportSpec


def _encode(spec: ReportSpec, text: str) -> bytes:
    return text.encode(spec.encoding)


def _tsv(grid: Grid) -> list[str]:
    return ["\t".join(row) for row in grid.rows_text()]


def _cell_per_line(grid: Grid) -> list[str]:
    lines: list[str] = []
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        lines += [cell.text, ""] if cell.text else [""]
    return lines[:-1] if lines and lines[-1] == "" else lines


def _pipe(grid: Grid) -> list[str]:
    rows = [[f.replace("|", "｜") for f in row] for row in grid.rows_text("<br>")]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * grid.n_cols]
    return lines + ["| " + " | ".join(row) + " |" for row in rows[1:]]


def _blocks(doc: Document, stack_ad: bool) -> list[Para | Grid]:
    out: list[Para | Grid] = []
    for block in doc.blocks:
        if stack_ad and isinstance(block, Grid) and out and isinstance(out[-1], Grid) \
                and out[-1].part == block.part == "active_disclosure":
            out[-1] = stack([out[-1], block])
        else:
            out.append(block)
    return out


def render_tsv(spec: ReportSpec, doc: Document) -> bytes:
    """Tab-separated text (or one cell per line); table 二 as one run of lines."""
    table = _cell_per_line if spec.has("text_cell_per_line") else _tsv
    chunks: list[str] = ["", ""]
    for block in _blocks(doc, stack_ad=True):
        if isinstance(block, Grid):
            chunks.append("\n".join(table(block)))
        else:
            chunks.append(block.text)
        chunks.append("")
    return _encode(spec, "\n".join(chunks))


def render_md(spec: ReportSpec, doc: Document) -> bytes:
    """Markdown: ## headings, pipe tables (one per table-二 block)."""
    chunks: list[str] = []
    for block in _blocks(doc, stack_ad=False):
        if isinstance(block, Grid):
            chunks.append("\n".join(_pipe(block)))
        elif block.role == "heading":
            chunks.append(f"## {block.text}")
        else:
            chunks.append(block.text)
    return _encode(spec, "\n\n".join(chunks) + "\n")
