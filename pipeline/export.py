"""Stage 5: the tables of :mod:`pipeline.aggregate` on disk — CSV, Parquet, DuckDB — and back.

Beside ``records.jsonl`` a run writes ``<table>.csv`` and ``<table>.parquet`` for the fact table and
each typed table, and ``partyfacts.duckdb`` holding the same tables plus the views of :data:`VIEWS`.
CSV files are UTF-8 with a byte-order mark (``utf-8-sig``): Excel reads BOM-less UTF-8 in the local
code page and garbles Vietnamese diacritics, while pandas, DuckDB and LibreOffice read the mark as
UTF-8 and drop it. Dates are ISO ``YYYY-MM-DD``; lists inside a cell are joined with " | ".

:func:`export` streams ``records.jsonl`` into a scratch DuckDB database beside it, builds the tables
straight into the new ``partyfacts.duckdb`` and copies them out to CSV and Parquet with DuckDB's
``COPY``, so memory stays bounded however large the archive. Every file is written to a temporary
name and renamed.
"""
from __future__ import annotations

import codecs
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .aggregate import TABLE_COLUMNS, Tables, build_into, build_tables, create_table, scratch_db, sql_literal, typed
from .records import Article

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

CSV_ENCODING = "utf-8-sig"
DB_FILE = "partyfacts.duckdb"

VIEWS = {
    # each fact once: facts repeated by a near-duplicate copy of an earlier article left out
    "unique_facts": "SELECT * FROM facts WHERE NOT is_repeat",
    # who held which post: first and last seen, in which articles
    "official_positions": """
        SELECT person_key, any_value(person) AS person, position, any_value(org_key) AS org_key,
               min(published) AS first_seen, max(published) AS last_seen,
               count(DISTINCT article_id) AS articles,
               string_agg(DISTINCT article_id, ' | ' ORDER BY article_id) AS article_ids
        FROM officials GROUP BY person_key, position""",
    # each organisation's counts over time, by measure
    "org_counts_over_time": """
        SELECT org_key, measure, published, period, value, value_max, qualifier, is_target, article_id
        FROM counts WHERE NOT is_repeat ORDER BY org_key, measure, published NULLS LAST, period""",
    # admitted members per organisation and year (the stated one-year period, else the publication year)
    "new_members_by_org_year": """
        SELECT org_key, year, CAST(sum(value) AS BIGINT) AS new_members, count(*) AS counts FROM (
            SELECT org_key, value, CASE WHEN regexp_full_match(period, '\\d{4}') THEN CAST(period AS INTEGER)
                                        WHEN period IS NULL THEN year(published) END AS year
            FROM counts WHERE measure = 'new_members' AND NOT is_target AND NOT is_repeat)
        WHERE year IS NOT NULL GROUP BY org_key, year ORDER BY org_key, year""",
    # each document with every article that cites it
    "document_citations": """
        SELECT d.number, d.kind, d.date, d.citations, f.article_id, f.published
        FROM documents d JOIN (SELECT DISTINCT doc_number, article_id, published FROM facts
                               WHERE fact_type = 'document') f ON f.doc_number = d.number
        ORDER BY d.citations DESC, d.number, f.published""",
}


@dataclass(frozen=True)
class Archive(Tables):
    """The tables of an output directory as DataFrames, and a DuckDB connection to them."""

    db: duckdb.DuckDBPyConnection | None = None


def _replace_into(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp_path)`` and move the result onto ``path``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)   # DuckDB's log, if a write failed


def _fill_db(con: duckdb.DuckDBPyConnection, tables: Tables, db: str = "main") -> None:
    """The DataFrames of ``tables`` as tables of database ``db``."""
    for name, frame in tables.items():
        con.register("frame", frame)
        create_table(con, name, "SELECT * FROM frame", db=db)
        con.unregister("frame")


def _create_views(con: duckdb.DuckDBPyConnection) -> None:
    for name, sql in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")


def _select(table: str, to: str) -> str:
    """A query of ``target.table`` for COPY: to CSV with flags written True/False and empty text as
    an empty field (as pandas writes them); to Parquet with dates as timestamps (as pandas reads them)."""
    columns = []
    for name, dtype in TABLE_COLUMNS[table].items():
        if to == "csv" and dtype == "boolean":
            columns.append(f"CASE WHEN \"{name}\" THEN 'True' WHEN NOT \"{name}\" THEN 'False' END AS \"{name}\"")
        elif to == "csv" and dtype == "string":
            columns.append(f"nullif(\"{name}\", '') AS \"{name}\"")
        elif to == "parquet" and dtype.startswith("datetime"):
            columns.append(f'CAST("{name}" AS TIMESTAMP_NS) AS "{name}"')
        else:
            columns.append(f'"{name}"')
    return f"SELECT {', '.join(columns)} FROM target.{table}"


@lru_cache(maxsize=None)
def _pandas_metadata(table: str) -> str:
    """The schema metadata pandas writes to Parquet for ``table``, so that pandas reads it back
    with the dtypes of :data:`TABLE_COLUMNS`."""
    import pandas as pd
    import pyarrow as pa

    schema = pa.Schema.from_pandas(typed(pd.DataFrame(), table), preserve_index=False)
    return schema.metadata[b"pandas"].decode("utf-8")


def _copy_csv(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    body = path.with_name(path.name + ".body")
    try:
        con.execute(f"COPY ({_select(table, 'csv')}) TO {sql_literal(body)} (FORMAT csv, HEADER)")
        with open(path, "wb") as handle, open(body, "rb") as rows:
            handle.write(codecs.BOM_UTF8)
            shutil.copyfileobj(rows, handle, 1 << 20)
    finally:
        body.unlink(missing_ok=True)


def _copy_parquet(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    con.execute(f"COPY ({_select(table, 'parquet')}) TO {sql_literal(path)} "
                f"(FORMAT parquet, KV_METADATA {{pandas: {sql_literal(_pandas_metadata(table))}}})")


def _write(con: duckdb.DuckDBPyConnection, out: Path, fill: Callable[[str], None]) -> list[Path]:
    """``fill(db)`` creates the tables in database ``db`` (the new ``partyfacts.duckdb``, attached to
    ``con``); then each is copied to CSV and Parquet, and the database gets its views."""
    import duckdb

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write_db(path: Path) -> None:
        con.execute(f"ATTACH {sql_literal(path)} AS target")
        try:
            fill("target")
            for name in TABLE_COLUMNS:
                csv_path, parquet_path = out / f"{name}.csv", out / f"{name}.parquet"
                _replace_into(csv_path, lambda p: _copy_csv(con, name, p))
                _replace_into(parquet_path, lambda p: _copy_parquet(con, name, p))
                written.extend([csv_path, parquet_path])
        finally:
            con.execute("DETACH target")
        with duckdb.connect(str(path)) as db:
            _create_views(db)

    _replace_into(out / DB_FILE, write_db)
    return [*written, out / DB_FILE]


def write_tables(tables: Tables, out_dir: str | Path) -> list[Path]:
    """Write every table as CSV and Parquet, and the DuckDB database; returns the paths written."""
    with scratch_db() as scratch:
        return _write(scratch.con, Path(out_dir), lambda db: _fill_db(scratch.con, tables, db))


def read_records(path: str | Path) -> Iterator[Article]:
    """The article records of a ``records.jsonl`` file, one at a time."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield Article.from_dict(json.loads(line))


def export(out_dir: str | Path) -> list[Path]:
    """Rebuild every table of ``out_dir`` from its ``records.jsonl``, streaming the records."""
    out = Path(out_dir)
    records = out / "records.jsonl"
    if not records.is_file():
        raise FileNotFoundError(f"no records.jsonl in {out}")
    with scratch_db(out) as scratch:
        return _write(scratch.con, out, lambda db: build_into(scratch, read_records(records), db=db))


def read_csv_table(path: str | Path, table: str) -> pd.DataFrame:
    """A table written by :func:`write_tables` read back from CSV with its dtypes."""
    import pandas as pd

    return typed(pd.read_csv(path, encoding=CSV_ENCODING, dtype=str, keep_default_na=False, na_values=[""]), table)


def load(out_dir: str | Path) -> Archive:
    """The tables of an output directory (its Parquet files, else built from ``records.jsonl``)
    and a DuckDB connection: the database file read-only if present, else an in-memory copy."""
    import duckdb
    import pandas as pd

    out = Path(out_dir)
    if all((out / f"{name}.parquet").is_file() for name in TABLE_COLUMNS):
        tables = Tables(**{name: typed(pd.read_parquet(out / f"{name}.parquet"), name) for name in TABLE_COLUMNS})
    elif (out / "records.jsonl").is_file():
        tables = build_tables(read_records(out / "records.jsonl"))
    else:
        raise FileNotFoundError(f"no tables and no records.jsonl in {out}")
    if (out / DB_FILE).is_file():
        db = duckdb.connect(str(out / DB_FILE), read_only=True)
    else:
        db = duckdb.connect()
        _fill_db(db, tables)
        _create_views(db)
    return Archive(**{name: frame for name, frame in tables.items()}, db=db)


__all__ = ["CSV_ENCODING", "DB_FILE", "VIEWS", "Archive", "export", "load", "read_csv_table", "read_records",
           "write_tables"]
