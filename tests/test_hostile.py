"""Hostile input: every file ends as a record or a named error; nothing crashes the batch."""
import json
from pathlib import Path

import pytest

from pipeline.batch import run
from pipeline.clean import clean_text
from pipeline.core import Options
from pipeline.extract import extract

HOSTILE = Path(__file__).parent / "hostile"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for path in HOSTILE.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    big = folder / "huge.txt"
    paragraph = ("The Provincial Party Committee currently has 36 grassroots party organizations and 263 party "
                 "cells, and admitted 857 new Party members since the beginning of the 2020-2025 term.\n\n")
    with big.open("w", encoding="utf-8") as handle:
        for _ in range(50 * 2**20 // len(paragraph) + 1):
            handle.write(paragraph)
    out = folder / "out"
    summary = run([str(folder)], out, Options(jobs=1, quiet=True, exports=False))
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    return summary, records, errors


@pytest.mark.parametrize("source, reason", [
    ("empty.txt", "empty file"),
    ("binary.txt", "binary file"),
    ("no-article.html", "no article text"),
    ("wrong-types.jsonl:2", "field 'text' must be a string"),
    ("wrong-types.jsonl:3", "no text"),
    ("wrong-types.jsonl:4", "expected a JSON object"),
    ("wrong-types.jsonl:5", "field 'text' must be a string"),
    ("wrong-types.jsonl:6", "not JSON"),
    ("no-header.csv:2", "no text"),
    ("only-furniture.txt", "no article prose"),
    ("huge.txt", "too long for one article"),
])
def test_bad_inputs_are_named(hostile_run, source, reason):
    _, _, errors = hostile_run
    matching = [e for e in errors if e["source"].endswith("/" + source)]
    assert len(matching) == 1, source
    assert reason in matching[0]["reason"]


@pytest.mark.parametrize("article_id, snippet", [
    ("utf16-bom", "104.000 đảng viên"),
    ("latin1", "Comité du Parti à Hanoï"),
    ("broken-markup", "59 grassroots party organisations"),
    ("ok", "263 party cells"),
    ("long-line", "12-NQ/TU"),
    ("control-chars", "Party members 69"),
])
def test_readable_inputs_become_records(hostile_run, article_id, snippet):
    _, records, _ = hostile_run
    (record,) = [r for r in records if r["article_id"] == article_id]
    assert snippet in record["text"]
    for name in ("officials", "organisations", "documents", "terms", "congresses", "counts"):
        for item in record[name]:
            assert 0 <= item["start"] < item["end"] <= len(record["text"])


def test_summary_counts_everything(hostile_run):
    summary, records, errors = hostile_run
    assert summary.written == len(records) == 6
    assert summary.failed == len(errors) == 11
    assert summary.read == 17


def test_huge_text_is_cleaned_and_extracted_without_error():
    text = clean_text(("Party cells: 9. " * 20 + "\n") * 2000).text
    facts = extract(text)
    assert all(0 <= f.start < f.end <= len(text) for items in facts.values() for f in items)
