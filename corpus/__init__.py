"""Synthetic test corpus: realistic reports written from known numbers.

A report is described by a :class:`~corpus.spec.ReportSpec` (agency, year, template,
section texts, the truth numbers, variant flags). :mod:`corpus.layout` turns a spec
into a format-neutral document (paragraphs and merged-cell grids) and one
``render_<format>`` module per output format (DOCX, HTML, text, Markdown, PDF) writes
the bytes. The truth file is written from the spec's own numbers, never from what an
extractor reads.

Regenerate the committed sample set with ``python -m corpus.generate``.
"""
