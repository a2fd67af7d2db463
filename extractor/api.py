"""The Python API for notebooks: one report, or a whole dataset directory.

``extractor.extract(path)`` → a report object with ``.cells``, ``.sections``,
``.checks`` (DataFrames), ``.meta`` (dict) and ``.to_json()``.

``extractor.open_dataset(dir)`` → a :class:`Dataset` over a dataset directory written
by ``extract … -o dir/``: its ``cells``, ``reports``, ``sections``, ``checks`` and
``indicators`` as DataFrames (read when first used), and ``connect()`` / ``sql()``
for DuckDB; ``open_dataset(dir, engine="duckdb")`` gives the DuckDB connection
directly, with views ``cells``, ``reports``, ``sections``, ``checks``, ``facts``,
``indicators`` (long: one row per report and indicator), ``crossyear_checks`` and
``text_reuse`` (when ``extract-crossyear`` has been run on the directory) and the table
``indicator_definitions``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .schema import OUTPUTS

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from .pipeline import Report

TABLES = ("cells", "reports", "sections", "checks", "facts")
_SQL_TYPES = {"string": "VARCHAR", "Int64": "BIGINT", "float64": "DOUBLE", "boolean": "BOOLEAN"}


def extract(path: str | Path) -> Report:
    """Extract one report file (PDF, Word, HTML, text); never raises for a bad file.

    The result has ``.meta`` (dict: agency, year, template, status, error …),
    ``.cells``, ``.sections``, ``.checks`` (DataFrames) and ``.to_json()``.
    """
    from .pipeline import extract as _extract

    return _extract(path)


def table_view(cells: pd.DataFrame, table: str, show: str = "raw") -> pd.DataFrame:
    """One report's table as the report prints it: rows × columns under their Chinese labels.

    ``show="raw"``: the cell text as printed ("" for an empty cell; a derived subtotal,
    which is not printed, as its value in brackets); ``show="value"``: the numbers.
    Rows and columns the report does not have are left out.
    """
    import pandas as pd

    from .schema import TABLES

    if cells["report_id"].nunique() > 1:
        raise ValueError("table_view shows one report: filter cells by report_id first")
    spec = TABLES[table]
    mine = cells[cells["table"] == table]
    known = [r.key for r in spec.rows]
    rows = [r for r in known if r in set(mine["row"])] + sorted(set(mine["row"]) - set(known))
    cols = [c.key for c in spec.columns if c.key in set(mine["col"])]
    labels = {c.key: c.label for c in spec.columns}
    index = pd.MultiIndex.from_tuples(
        [(spec.row(r).label if r in known else r, r) for r in rows], names=["label", "row"])
    out = pd.DataFrame("", index=index, columns=pd.Index([labels[c] for c in cols], name="col"), dtype=object)
    for cell in mine.itertuples(index=False):
        at = (spec.row(cell.row).label if cell.row in known else cell.row, cell.row)
        if show == "value":
            out.loc[at, labels[cell.col]] = cell.value
        elif pd.notna(cell.derived) and bool(cell.derived) and not isinstance(cell.raw, str):
            out.loc[at, labels[cell.col]] = "" if pd.isna(cell.value) else f"({_number_text(cell.value)})"
        else:
            out.loc[at, labels[cell.col]] = "" if pd.isna(cell.raw) else cell.raw
    if show == "value":
        out = out.replace("", float("nan")).astype("float64")
    return out


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _parts(root: Path, table: str) -> list[Path]:
    """The Parquet files holding ``table``: parts of a batch run, or one file."""
    parts = sorted((root / table).glob("part-*.parquet")) if (root / table).is_dir() else []
    if not parts and (root / f"{table}.parquet").is_file():
        parts = [root / f"{table}.parquet"]
    return parts


def _empty_select(table: str) -> str:
    cols = ", ".join(f'CAST(NULL AS {_SQL_TYPES[c.dtype]}) AS "{c.name}"' for c in OUTPUTS[table])
    return f"SELECT {cols} WHERE false"


def connect(path: str | Path, con: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with views over the dataset directory at ``path``."""
    import duckdb

    from . import indicators

    root = Path(path).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"no dataset directory at {path}")
    found = {t: _parts(root, t) for t in TABLES}
    if not any(found.values()):
        raise FileNotFoundError(f"{path} holds no dataset (no cells/, reports/ … Parquet parts)")
    con = con or duckdb.connect()
    for table, parts in found.items():
        if parts:
            files = "[" + ", ".join(_lit(str(p)) for p in parts) + "]"
            source = f"SELECT * FROM read_parquet({files}, union_by_name = true)"
        else:
            source = _empty_select(table)
        con.execute(f'CREATE OR REPLACE VIEW "{table}" AS {source}')
    con.execute(f"CREATE OR REPLACE VIEW indicators AS {indicators.sql('cells')}")
    for name in ("crossyear_checks", "text_reuse"):  # written by extract-crossyear, when it was run
        written = root / f"{name}.parquet"
        if written.is_file():
            con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet({_lit(str(written))})")
    con.register("_indicator_definitions", indicators.definitions())
    con.execute("CREATE OR REPLACE TABLE indicator_definitions AS SELECT * FROM _indicator_definitions")
    con.unregister("_indicator_definitions")
    return con


def _typed(df: pd.DataFrame, table: str) -> pd.DataFrame:
    from .dataset import typed

    return typed(df, table)


@dataclass
class Dataset:
    """A dataset directory: DataFrames read on first use, and DuckDB on demand."""

    path: Path
    _frames: dict[str, Any] = field(default_factory=dict, repr=False)
    _con: Any = field(default=None, repr=False)

    def connect(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection (views cells, reports, sections, checks, indicators)."""
        if self._con is None:
            self._con = connect(self.path)
        return self._con

    def sql(self, query: str) -> pd.DataFrame:
        """Run a DuckDB query over the views and return a DataFrame."""
        return self.connect().sql(query).df()

    def _frame(self, table: str) -> pd.DataFrame:
        if table not in self._frames:
            df = self.sql(f'SELECT * FROM "{table}"')
            if table == "indicators":
                from .indicators import _typed_long

                df = _typed_long(df)
            else:
                df = _typed(df, table)
            self._frames[table] = df
        return self._frames[table]

    @property
    def cells(self) -> pd.DataFrame:
        return self._frame("cells")

    @property
    def reports(self) -> pd.DataFrame:
        return self._frame("reports")

    @property
    def sections(self) -> pd.DataFrame:
        return self._frame("sections")

    @property
    def checks(self) -> pd.DataFrame:
        return self._frame("checks")

    @property
    def facts(self) -> pd.DataFrame:
        """Numbers the narrative states, with what they count (extractor.facts)."""
        return self._frame("facts")

    @property
    def indicators(self) -> pd.DataFrame:
        """Long: report_id, agency, year, template, indicator, numerator, denominator, value."""
        return self._frame("indicators")

    def indicators_wide(self) -> pd.DataFrame:
        """One row per report, one column per indicator."""
        from .indicators import wide

        return wide(self.indicators)

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_dataset(path: str | Path, engine: str = "pandas") -> Dataset | duckdb.DuckDBPyConnection:
    """Open a dataset directory (``extract reports/ -o DIR/``).

    ``engine="pandas"`` (default): a :class:`Dataset` whose ``.cells``, ``.reports``,
    ``.sections``, ``.checks``, ``.indicators`` are DataFrames with the declared
    dtypes. ``engine="duckdb"``: a DuckDB connection with those five as views.
    """
    if engine == "duckdb":
        return connect(path)
    if engine != "pandas":
        raise ValueError(f"unknown engine {engine!r} (use 'pandas' or 'duckdb')")
    root = Path(path)
    connect(root).close()  # fail now, with a clear message, if there is no dataset
    return Dataset(root)
