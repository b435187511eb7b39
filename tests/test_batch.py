"""Batch runs: same bytes whatever the workers or engine, incremental re-runs, resume after kill -9."""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import run
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


def test_rerun_skips_unchanged_and_redoes_changed(archive, pages, reference, tmp_path):
    folder = tmp_path / "archive"
    shutil.copytree(archive, folder)
    out = tmp_path / "out"
    run([str(folder)], out, Options(jobs=1, **QUIET))
    again = run([str(folder)], out, Options(jobs=1, **QUIET))
    assert (again.skipped, again.written) == (pages, pages)
    page = folder / "0-en_001.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new closing paragraph.", encoding="utf-8")
    third = run([str(folder)], out, Options(jobs=1, **QUIET))
    assert third.skipped == pages - 1
    assert b"A new closing paragraph." in (out / "records.jsonl").read_bytes()


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
