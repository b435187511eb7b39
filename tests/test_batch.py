"""Batch runs: same bytes whatever the workers or engine, incremental re-runs, resume after kill -9."""
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import STATE_DIR, run
from pipeline.core import Options

PARTYFACTS = str(Path(sys.executable).with_name("partyfacts"))
QUIET = dict(quiet=True, exports=False)


@pytest.fixture(scope="module")
def archive(tmp_path_factory, corpus_dir):
    """The corpus pages, each copied under several names so there are many work units."""
    folder = tmp_path_factory.mktemp("archive")
    for copy in range(3):
        for page in sorted((corpus_dir / "raw").glob("*.txt")):
            shutil.copy(page, folder / f"{copy}-{page.name}")
    (folder / "broken.jsonl").write_text('{"id": "ok", "text": "A line of text."}\n{oops\n', encoding="utf-8")
    return folder


def outputs(folder: Path) -> tuple[bytes, bytes]:
    return (folder / "records.jsonl").read_bytes(), (folder / "errors.jsonl").read_bytes()


@pytest.fixture(scope="module")
def pages(archive) -> int:
    """Articles in the archive: the copied pages plus the one good JSONL row."""
    return len(list(archive.glob("*.txt"))) + 1


@pytest.fixture(scope="module")
def reference(archive, pages, tmp_path_factory):
    out = tmp_path_factory.mktemp("reference")
    summary = run([str(archive)], out, Options(jobs=1, **QUIET))
    assert (summary.written, summary.failed, summary.skipped) == (pages, 1, 0)
    return outputs(out)


def test_parallel_output_is_identical(archive, pages, reference, tmp_path):
    summary = run([str(archive)], tmp_path, Options(jobs=2, **QUIET))
    assert summary.written == pages
    assert outputs(tmp_path) == reference


def mtimes(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` (state included) and its modification time."""
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_rerun_skips_unchanged_and_redoes_changed(archive, pages, reference, tmp_path):
    folder = tmp_path / "archive"
    shutil.copytree(archive, folder)
    out = tmp_path / "out"
    run([str(folder)], out, Options(jobs=1, **QUIET))
    shards = out / STATE_DIR / "shards"
    before = mtimes(shards)
    again = run([str(folder)], out, Options(jobs=1, **QUIET))
    assert (again.skipped, again.written) == (pages, pages)
    page = folder / "0-en_001.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new closing paragraph.", encoding="utf-8")
    third = run([str(folder)], out, Options(jobs=1, **QUIET))
    assert third.skipped == pages - 1
    assert b"A new closing paragraph." in (out / "records.jsonl").read_bytes()
    after = mtimes(shards)
    assert len(before.keys() - after.keys()) == len(after.keys() - before.keys()) == 1  # one shard replaced
    assert all(after[name] == built for name, built in before.items() if name in after)


def test_dask_engine_gives_the_same_output(archive, reference, tmp_path):
    run([str(archive)], tmp_path, Options(engine="dask", jobs=2, **QUIET))
    assert outputs(tmp_path) == reference


def test_kill_and_resume_gives_the_output_of_a_clean_run(archive, pages, reference, tmp_path):
    out = tmp_path / "out"
    shards = out / ".partyfacts" / "shards"
    process = subprocess.Popen([PARTYFACTS, "run", str(archive), "--out", str(out), "--jobs", "1", "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(shards.glob("*.jsonl"))) < 10:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done = len(list(shards.glob("*.jsonl")))
    assert 10 <= done < pages, "the run was killed mid-way"
    assert not (out / "records.jsonl").exists()
    resumed = subprocess.run([PARTYFACTS, "run", str(archive), "--out", str(out), "--jobs", "1", "--quiet"],
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 1  # the broken JSONL line is still reported
    assert f"({done} unchanged)" in resumed.stdout
    assert outputs(out) == reference


def test_tables_are_rebuilt_only_when_the_records_change(tmp_path, corpus_dir):
    folder = tmp_path / "pages"
    folder.mkdir()
    for stem in ("en_001", "en_002"):
        shutil.copy(corpus_dir / "raw" / f"{stem}.txt", folder)
    out = tmp_path / "out"
    run([str(folder)], out, Options(jobs=1, quiet=True))
    database = out / "partyfacts.duckdb"
    built = database.stat().st_mtime_ns
    run([str(folder)], out, Options(jobs=1, quiet=True))
    assert database.stat().st_mtime_ns == built
    (folder / "en_001.txt").write_text("The City Party Committee currently has 12 Party cells and many members.",
                                       encoding="utf-8")
    run([str(folder)], out, Options(jobs=1, quiet=True))
    assert database.stat().st_mtime_ns != built
    assert b"12 Party cells" in (out / "facts.csv").read_bytes()


def test_no_tables_writes_records_only(tmp_path, corpus_dir):
    out = tmp_path / "out"
    result = subprocess.run([PARTYFACTS, "run", str(corpus_dir / "raw" / "en_001.txt"), "--out", str(out),
                             "--no-tables", "--quiet"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["errors.jsonl", "records.jsonl"]


@pytest.fixture(scope="module")
def pair(tmp_path_factory, corpus_dir) -> Path:
    """Two pages and a JSONL file with a bad line."""
    folder = tmp_path_factory.mktemp("pair")
    for stem in ("en_001", "en_002"):
        shutil.copy(corpus_dir / "raw" / f"{stem}.txt", folder)
    (folder / "broken.jsonl").write_text('{oops\n', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pair_out(pair, tmp_path_factory) -> Path:
    """A finished run on ``pair``, with tables; copy it before changing anything."""
    out = tmp_path_factory.mktemp("pair-out")
    run([str(pair)], out, Options(jobs=1, quiet=True))
    return out


def test_unchanged_rerun_rewrites_nothing(pair, pair_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(pair_out, out)  # copies keep their modification times
    before = mtimes(out)
    summary = run([str(pair)], out, Options(jobs=1, quiet=True))
    assert (summary.read, summary.written, summary.skipped, summary.failed) == (3, 2, 2, 1)
    assert mtimes(out) == before


def test_rerun_reads_standard_input_again(pair, tmp_path, monkeypatch):
    for text in ("The Commune Party Committee has 41 Party members.", "The Ward Party Committee has 52 Party members."):
        monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"id": "s", "text": text}) + "\n"))
        summary = run([str(pair), "-"], tmp_path, Options(jobs=1, **QUIET))
        assert summary.written == 3
        assert text in (tmp_path / "records.jsonl").read_text(encoding="utf-8")


def tables_and_records(folder: Path) -> dict[str, bytes]:
    """The output files of ``folder`` but the DuckDB database (whose bytes vary), by name."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.suffix != ".duckdb"}


@pytest.mark.parametrize("name, edit", [
    pytest.param("records.jsonl", lambda path: path.unlink(), id="records deleted"),
    pytest.param("records.jsonl", lambda path: path.write_bytes(path.read_bytes() + b"{}\n"), id="records appended"),
    pytest.param("records.jsonl", lambda path: path.write_bytes(path.read_bytes().replace(b"Committee", b"Kommittee")),
                 id="records edited, same size"),
    pytest.param("errors.jsonl", lambda path: path.unlink(), id="errors deleted"),
    pytest.param("errors.jsonl", lambda path: path.write_bytes(b""), id="errors emptied"),
    pytest.param("facts.csv", lambda path: path.unlink(), id="table deleted"),
    pytest.param("officials.parquet", lambda path: path.write_bytes(b""), id="table emptied"),
    pytest.param("partyfacts.duckdb", lambda path: path.unlink(), id="database deleted"),
])
def test_deleted_or_edited_output_is_rebuilt_from_the_shards(name, edit, pair, pair_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(pair_out, out)
    edit(out / name)
    summary = run([str(pair)], out, Options(jobs=1, quiet=True))
    assert summary.skipped == 2  # rebuilt from the shards: no input processed again
    assert tables_and_records(out) == tables_and_records(pair_out)
    assert (out / "partyfacts.duckdb").is_file()


KILLER = """
import fnmatch, os, shutil, signal, sys
from pathlib import Path
from pipeline.batch import run
from pipeline.core import Options
from pipeline.extract import default_nlp

inputs, finished, *points = sys.argv[1:]
default_nlp("en")  # loaded once, before forking
replace = os.replace
for number, point in enumerate(points):
    out = Path(finished).parent / f"killed-{number}"
    shutil.copytree(finished, out)
    child = os.fork()
    if child == 0:
        def replace_then_die(source, target):
            replace(source, target)
            if fnmatch.fnmatch(Path(target).relative_to(out).as_posix(), point):
                os.kill(os.getpid(), signal.SIGKILL)
        os.replace = replace_then_die
        run([inputs], out, Options(jobs=1, quiet=True))
        os._exit(0)
    _, status = os.waitpid(child, 0)
    print(os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL)
"""
# each file a run renames into place, in order: a run killed right after any of them must resume
KILL_POINTS = (".partyfacts/shards/*", "records.jsonl", "errors.jsonl", ".partyfacts/merged.json", "facts.csv",
               "partyfacts.duckdb")


@pytest.fixture(scope="module")
def killed_while_finishing(pair, tmp_path_factory):
    """Runs on an edited input over a finished output, each killed (SIGKILL) right after one of
    :data:`KILL_POINTS`; returns the inputs, a clean run's output and the killed runs' outputs."""
    folder = tmp_path_factory.mktemp("edited")
    shutil.copytree(pair, folder, dirs_exist_ok=True)
    finished = tmp_path_factory.mktemp("finished") / "out"
    run([str(folder)], finished, Options(jobs=1, quiet=True))
    page = folder / "en_002.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\nThe Commune Party Committee has 41 Party members.",
                    encoding="utf-8")
    clean = tmp_path_factory.mktemp("clean")
    run([str(folder)], clean, Options(jobs=1, quiet=True))
    result = subprocess.run([sys.executable, "-c", KILLER, str(folder), str(finished), *KILL_POINTS],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * len(KILL_POINTS), "every run was killed"
    return folder, clean, [finished.parent / f"killed-{number}" for number in range(len(KILL_POINTS))]


@pytest.mark.parametrize("point", range(len(KILL_POINTS)), ids=KILL_POINTS)
def test_killed_while_finishing_resumes_to_the_output_of_a_clean_run(point, killed_while_finishing):
    folder, clean, killed = killed_while_finishing
    out = killed[point]
    run([str(folder)], out, Options(jobs=1, quiet=True))
    assert tables_and_records(out) == tables_and_records(clean)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in clean.iterdir())
    assert sorted(p.name for p in (out / STATE_DIR).rglob("*")) == sorted(p.name for p in (clean / STATE_DIR).rglob("*"))
