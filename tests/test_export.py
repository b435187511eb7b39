"""Stage 5: CSV, Parquet and DuckDB files round-trip; `partyfacts run` and `partyfacts export` write them."""
import json
import random
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import pipeline
from pipeline.aggregate import TABLE_COLUMNS, build_tables, fold, typed
from pipeline.cli import main
from pipeline.export import CSV_ENCODING, DB_FILE, VIEWS, export, load, read_csv_table, read_records, write_tables
from test_aggregate import gold_article, load_gold

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def gold_tables():
    return build_tables([gold_article(g) for g in load_gold()])


@pytest.fixture(scope="module")
def gold_dir(gold_tables, tmp_path_factory):
    out = tmp_path_factory.mktemp("gold-tables")
    write_tables(gold_tables, out)
    return out


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    """The real pipeline over the bundled corpus, exports on."""
    out = tmp_path_factory.mktemp("run")
    pipeline.run([str(CORPUS / "raw")], out, pipeline.Options(quiet=True, jobs=1))
    return out


@pytest.mark.parametrize("table", list(TABLE_COLUMNS))
def test_csv_and_parquet_round_trip(gold_tables, gold_dir, table):
    frame = getattr(gold_tables, table)
    pd.testing.assert_frame_equal(read_csv_table(gold_dir / f"{table}.csv", table), frame)
    pd.testing.assert_frame_equal(getattr(load(gold_dir), table), frame)


@pytest.mark.parametrize("table", ["facts", "organisations", "officials"])
def test_csv_is_utf8_with_bom_and_keeps_vietnamese(gold_dir, table):
    raw = (gold_dir / f"{table}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode(CSV_ENCODING)
    assert "Tỉnh ủy Quảng Ninh" in text
    assert text.splitlines()[0].split(",") == list(TABLE_COLUMNS[table])


def test_duckdb_file_holds_every_table_and_view(gold_tables, gold_dir):
    with duckdb.connect(str(gold_dir / DB_FILE), read_only=True) as con:
        names = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert names == set(TABLE_COLUMNS) | set(VIEWS)
        for table, frame in gold_tables.items():
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == len(frame)
        assert con.execute("SELECT data_type FROM information_schema.columns "
                           "WHERE table_name = 'facts' AND column_name = 'published'").fetchone()[0] == "DATE"


@pytest.mark.parametrize("sql, expected", [
    ("SELECT citations FROM documents WHERE number = '35-CT/TW'",
     lambda g: len({x["article_id"] for x in g if any(d["number"] == "35-CT/TW" for d in x["documents"])})),
    ("SELECT count(*) FROM document_citations WHERE number = '35-CT/TW'",
     lambda g: len({x["article_id"] for x in g if any(d["number"] == "35-CT/TW" for d in x["documents"])})),
    ("SELECT count(*) FROM counts WHERE measure = 'new_members'",
     lambda g: sum(c["measure"] == "new_members" for x in g for c in x["counts"])),
    ("SELECT count(*) FROM unique_facts", lambda g: sum(len(x[f]) for x in g for f in (
        "officials", "organisations", "documents", "terms", "congresses", "counts"))),
    ("SELECT count(DISTINCT person_key) FROM official_positions",
     lambda g: len({fold(o["name"]) for x in g for o in x["officials"]})),
])
def test_views_answer_from_the_gold(gold_dir, sql, expected):
    with duckdb.connect(str(gold_dir / DB_FILE), read_only=True) as con:
        assert con.execute(sql).fetchone()[0] == expected(load_gold())


def test_new_members_by_org_year_sums_admissions_not_targets(gold_dir):
    expected = Counter()
    for x in load_gold():
        for c in x["counts"]:
            period = c.get("period")
            year = int(period) if period and period.isdigit() else None if period else (x.get("published") or "")[:4]
            if c["measure"] == "new_members" and not c.get("is_target") and year:
                expected[int(year)] += c["value"]
    with duckdb.connect(str(gold_dir / DB_FILE), read_only=True) as con:
        got = dict(con.execute("SELECT year, sum(new_members) FROM new_members_by_org_year GROUP BY year").fetchall())
    assert expected and got == dict(expected)


def test_run_writes_every_export_beside_the_records(run_dir):
    for table in TABLE_COLUMNS:
        assert (run_dir / f"{table}.csv").is_file() and (run_dir / f"{table}.parquet").is_file()
    tables = load(run_dir)
    records = [line for line in (run_dir / "records.jsonl").read_text(encoding="utf-8").splitlines() if line]
    assert len(tables.articles) == len(records)
    assert tables.db.execute("SELECT count(*) FROM facts").fetchone()[0] == len(tables.facts)
    for name, frame in tables.items():
        assert list(frame.columns) == list(TABLE_COLUMNS[name])
        pd.testing.assert_frame_equal(read_csv_table(run_dir / f"{name}.csv", name), frame)


def test_export_command_rebuilds_the_same_tables(run_dir, tmp_path):
    (tmp_path / "records.jsonl").write_bytes((run_dir / "records.jsonl").read_bytes())
    assert main(["export", str(tmp_path)]) == 0
    for table in TABLE_COLUMNS:
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{table}.parquet"),
                                      pd.read_parquet(run_dir / f"{table}.parquet"))


def test_export_command_without_records_fails_cleanly(tmp_path, capsys):
    assert main(["export", str(tmp_path)]) == 2
    assert "no records.jsonl" in capsys.readouterr().err


def test_load_builds_tables_from_records_alone(run_dir, tmp_path):
    (tmp_path / "records.jsonl").write_bytes((run_dir / "records.jsonl").read_bytes())
    tables = load(tmp_path)
    assert tables.db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(tables.articles)
    assert not (tmp_path / DB_FILE).exists()


def test_export_replaces_the_files_of_an_earlier_export(gold_tables, tmp_path):
    write_tables(gold_tables, tmp_path)
    assert len(load(tmp_path).facts) == len(gold_tables.facts)
    (tmp_path / "records.jsonl").write_text("", encoding="utf-8")
    export(tmp_path)
    assert len(load(tmp_path).facts) == 0
    assert duckdb.connect(str(tmp_path / DB_FILE), read_only=True).execute("SELECT count(*) FROM facts").fetchone()[0] == 0


def _generated_records(count: int) -> list:
    """Records made from the gold articles: new ids and dates, words and numbers varied; every fifth
    is a copy of an earlier record (so clusters and repeated facts exist)."""
    gold = [gold_article(g) for g in load_gold()]
    rng = random.Random(5)
    records = []
    for i in range(count):
        if i % 5 == 4:
            base = rng.choice(records)
        else:
            base = gold[i % len(gold)]
            words = [f"w{i}" if rng.random() < 0.3 else w for w in base.text.split(" ")]
            base = replace(base, text=" ".join(words),
                           counts=tuple(replace(c, value=c.value + rng.randint(0, 3)) for c in base.counts))
        records.append(replace(base, article_id=f"g{i:04d}", published=f"{2015 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}"))
    return records


def test_export_streams_a_records_file_into_the_tables_build_tables_gives(tmp_path):
    records = _generated_records(150)
    with open(tmp_path / "records.jsonl", "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records)
    expected = build_tables(records)
    assert expected.articles.cluster_size.max() > 1 and expected.facts.is_repeat.any()
    export(tmp_path)
    archive = load(tmp_path)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(getattr(archive, name), frame)
        pd.testing.assert_frame_equal(read_csv_table(tmp_path / f"{name}.csv", name), frame)
        pd.testing.assert_frame_equal(typed(archive.db.execute(f"SELECT * FROM {name}").df(), name), frame)
    assert [r.article_id for r in read_records(tmp_path / "records.jsonl")] == list(expected.articles.article_id)


def test_importing_the_table_stages_loads_no_table_library():
    script = ("import sys, pipeline.aggregate, pipeline.export; "
              "print(sorted({'pandas', 'duckdb', 'pyarrow', 'sklearn', 'scipy', 'datasketch'} & set(sys.modules)))")
    assert subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout == "[]\n"
