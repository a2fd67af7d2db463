"""Extract the tables and sections of 政府信息公开工作年度报告 into a normalized schema.

For notebooks::

    import extractor
    report = extractor.extract("report.pdf")      # .meta, .cells, .sections, .checks, .to_json()
    ds = extractor.open_dataset("dataset/")       # .cells, .reports, .sections, .checks, .indicators
    con = extractor.open_dataset("dataset/", engine="duckdb")   # views of the same names

Importing the package is light: the pipeline, pandas and DuckDB load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["extract", "open_dataset", "__version__"]

if TYPE_CHECKING:
    from .api import extract, open_dataset


def __getattr__(name: str) -> Any:
    if name in ("extract", "open_dataset"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
