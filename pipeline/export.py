"""Stage 5: the tables of :mod:`pipeline.aggregate` on disk — CSV, Parquet, DuckDB — and back.

Beside ``records.jsonl`` a run writes ``<table>.csv`` and ``<table>.parquet`` for the fact table and
each typed table, and ``partyfacts.duckdb`` holding the same tables plus the views of :data:`VIEWS`.
CSV files are UTF-8 with a byte-order mark (``utf-8-sig``): Excel reads BOM-less UTF-8 in the local
code page and garbles Vietnamese diacritics, while pandas, DuckDB and LibreOffice read the mark as
UTF-8 and drop it. Dates are ISO ``YYYY-MM-DD``; lists inside a cell are joined with " | ".
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from .aggregate import TABLE_COLUMNS, Tables, build_tables, typed
from .records import Article

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


def _replace_into(path: Path, write) -> None:
    """Call ``write(tmp_path)`` and move the result onto ``path``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _fill_db(con: duckdb.DuckDBPyConnection, tables: Tables) -> None:
    for name, frame in tables.items():
        dates = [c for c, dtype in TABLE_COLUMNS[name].items() if dtype.startswith("datetime")]
        cast = f" REPLACE ({', '.join(f'CAST({c} AS DATE) AS {c}' for c in dates)})" if dates else ""
        con.register("frame", frame)
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT *{cast} FROM frame")
        con.unregister("frame")
    for name, sql in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")


def write_tables(tables: Tables, out_dir: str | Path) -> list[Path]:
    """Write every table as CSV and Parquet, and the DuckDB database; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        csv_path, parquet_path = out / f"{name}.csv", out / f"{name}.parquet"
        _replace_into(csv_path, lambda p: frame.to_csv(p, index=False, encoding=CSV_ENCODING, date_format="%Y-%m-%d"))
        _replace_into(parquet_path, lambda p: frame.to_parquet(p, index=False))
        written += [csv_path, parquet_path]

    def write_db(path: Path) -> None:
        with duckdb.connect(str(path)) as con:
            _fill_db(con, tables)

    _replace_into(out / DB_FILE, write_db)
    return [*written, out / DB_FILE]


def read_records(path: str | Path) -> list[Article]:
    """The article records of a ``records.jsonl`` file."""
    with open(path, encoding="utf-8") as handle:
        return [Article.from_dict(json.loads(line)) for line in handle if line.strip()]


def export(out_dir: str | Path) -> list[Path]:
    """Rebuild every table of ``out_dir`` from its ``records.jsonl``."""
    out = Path(out_dir)
    return write_tables(build_tables(read_records(out / "records.jsonl")), out)


def read_csv_table(path: str | Path, table: str) -> pd.DataFrame:
    """A table written by :func:`write_tables` read back from CSV with its dtypes."""
    return typed(pd.read_csv(path, encoding=CSV_ENCODING, dtype=str, keep_default_na=False, na_values=[""]), table)


def load(out_dir: str | Path) -> Archive:
    """The tables of an output directory (its Parquet files, else built from ``records.jsonl``)
    and a DuckDB connection: the database file read-only if present, else an in-memory copy."""
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
    return Archive(**{name: frame for name, frame in tables.items()}, db=db)


__all__ = ["CSV_ENCODING", "DB_FILE", "VIEWS", "Archive", "export", "load", "read_csv_table", "read_records",
           "write_tables"]
