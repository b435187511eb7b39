"""The ``partyfacts`` command driven as a user drives it: a real process, real files."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PARTYFACTS = str(Path(sys.executable).with_name("partyfacts"))


def partyfacts(*args, cwd=None, stdin=None):
    return subprocess.run([PARTYFACTS, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          input=stdin, timeout=300)


@pytest.fixture(scope="module")
def mixed_batch(tmp_path_factory, corpus_dir):
    inputs = tmp_path_factory.mktemp("inputs")
    for stem in ("mong-cai-working-session", "en_002"):
        shutil.copy(corpus_dir / "raw" / f"{stem}.txt", inputs)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "picture.txt").write_bytes(b"\x89PNG\x00\x00\x01\x02" * 100)
    (inputs / "archive.jsonl").write_text(
        json.dumps({"id": "row-ok", "text": (corpus_dir / "raw" / "en_001.txt").read_text(encoding="utf-8")})
        + "\n{broken json\n", encoding="utf-8")
    return inputs


def test_run_writes_records_and_names_every_bad_input(mixed_batch, tmp_path):
    out = tmp_path / "out"
    result = partyfacts("run", mixed_batch, tmp_path / "missing-dir", "--out", out)
    assert result.returncode == 1
    assert "7 articles read, 3 written (0 unchanged), 4 failed" in result.stdout
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["article_id"] for r in records] == ["row-ok", "en_002", "mong-cai-working-session"]
    assert records[2]["published"] == "2024-10-09"
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    reasons = {Path(e["source"]).name: e["reason"] for e in errors}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["picture.txt"].startswith("binary file")
    assert reasons["archive.jsonl:2"].startswith("not JSON")
    assert reasons["missing-dir"] == "no such file or directory"
    for name in ("empty.txt", "picture.txt", "archive.jsonl:2", "missing-dir"):
        assert name in result.stderr


def test_run_is_deterministic(mixed_batch, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    partyfacts("run", mixed_batch, "--out", first, "--quiet")
    partyfacts("run", mixed_batch, "--out", second, "--quiet")
    assert (first / "records.jsonl").read_bytes() == (second / "records.jsonl").read_bytes()


def test_run_clean_batch_exits_zero_and_reads_stdin(tmp_path, corpus_dir):
    text = (corpus_dir / "raw" / "qn-home-affairs.txt").read_text(encoding="utf-8")
    result = partyfacts("run", "-", "--out", tmp_path, stdin=json.dumps({"id": "s", "text": text}) + "\n")
    assert result.returncode == 0, result.stderr
    assert "1 articles read, 1 written (0 unchanged), 0 failed" in result.stdout
    (record,) = [json.loads(line) for line in (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["title"].startswith("Standing Provincial Party Committee works with")
    assert (tmp_path / "errors.jsonl").read_text(encoding="utf-8") == ""


def test_evaluate_gates_on_floors(tmp_path, corpus_dir):
    out = tmp_path / "out"
    partyfacts("run", corpus_dir / "raw", "--out", out, "--quiet")
    met, unmet = tmp_path / "met.json", tmp_path / "unmet.json"
    met.write_text(json.dumps({"all.keep": 1.0, "all.title": 1.0}), encoding="utf-8")
    unmet.write_text(json.dumps({"all.keep": 1.0, "en.terms.f1": 1.01}), encoding="utf-8")
    ok = partyfacts("evaluate", "--gold", corpus_dir / "gold", "--records", out / "records.jsonl", "--floors", met)
    assert ok.returncode == 0, ok.stderr
    assert "all floors" in ok.stdout and "[en]" in ok.stdout and "[vi]" in ok.stdout
    low = partyfacts("evaluate", "--gold", corpus_dir / "gold", "--records", out / "records.jsonl", "--floors", unmet)
    assert low.returncode == 1
    assert "en.terms.f1" in low.stderr


def test_evaluate_agrees_with_the_independent_scorer(tmp_path, corpus_dir):
    scorer = corpus_dir.parent.parent / "shared" / "tools" / "score.py"
    out = tmp_path / "out"
    partyfacts("run", corpus_dir / "raw", "--out", out, "--quiet")
    ours = json.loads(partyfacts("evaluate", "--gold", corpus_dir / "gold", "--records", out / "records.jsonl",
                                 "--floors", "", "--json").stdout)["all"]
    theirs = json.loads(subprocess.run([sys.executable, str(scorer), str(out / "records.jsonl"),
                                        str(corpus_dir / "gold"), "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    assert ours == theirs


# libraries loaded where first needed: importing the CLI, or re-running it on an unchanged archive, loads none
LAZY_MODULES = ("spacy", "dateparser", "trafilatura", "htmldate", "charset_normalizer", "dask", "tqdm", "pandas", "duckdb",
                "pyarrow", "sklearn", "scipy", "datasketch")
LOADED_MODULES = "import json, sys; from pipeline.cli import main; {call}; print(json.dumps(sorted(sys.modules)))"


@pytest.fixture(scope="module")
def loaded_modules(tmp_path_factory, corpus_dir) -> dict[str, set[str]]:
    """The modules in ``sys.modules`` of a fresh interpreter after importing the CLI, and after
    a re-run on an unchanged archive."""
    out = tmp_path_factory.mktemp("rerun")
    assert partyfacts("run", corpus_dir / "raw" / "en_001.txt", "--out", out, "--quiet").returncode == 0
    calls = {"import": "None", "re-run": f"main(['run', {str(corpus_dir / 'raw' / 'en_001.txt')!r}, '--out', {str(out)!r}])"}
    loaded = {}
    for name, call in calls.items():
        result = subprocess.run([sys.executable, "-c", LOADED_MODULES.format(call=call)],
                                capture_output=True, text=True, check=True)
        loaded[name] = set(json.loads(result.stdout.splitlines()[-1]))
        assert "pipeline.cli" in loaded[name]
    assert "1 written (1 unchanged)" in result.stdout
    return loaded


@pytest.mark.parametrize("scenario", ["import", "re-run"])
@pytest.mark.parametrize("module", LAZY_MODULES)
def test_heavy_libraries_are_not_loaded_until_needed(module, scenario, loaded_modules):
    assert module not in loaded_modules[scenario]
