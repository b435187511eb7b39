"""Rule files are validated when loaded: a broken file fails loudly, naming the line."""
import pytest

from pipeline.patterns import PatternError, load_jsonl

REQUIRED = {"id": str, "pattern": str}


@pytest.mark.parametrize("content, message", [
    ('{"id": "a", "pattern": "x"}\n{"id": "b"}\n', "rules.jsonl:2: missing key 'pattern'"),
    ('{"id": 3, "pattern": "x"}\n', "rules.jsonl:1: key 'id' must be"),
    ('{"id": "a", "pattern": "(unclosed"}\n', "rules.jsonl:1: bad regular expression"),
    ('{"id": "a", "pattern": "x"\n', "rules.jsonl:1: not JSON"),
    ('["id", "pattern"]\n', "rules.jsonl:1: expected a JSON object"),
    ("// only a comment\n\n", "no entries"),
])
def test_broken_rule_files_are_refused(tmp_path, content, message):
    path = tmp_path / "rules.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PatternError, match=message.replace("(", r"\(")):
        load_jsonl(path, REQUIRED)


def test_missing_rule_file(tmp_path):
    with pytest.raises(PatternError, match="rule file not found"):
        load_jsonl(tmp_path / "absent.jsonl", REQUIRED)


def test_comments_and_blank_lines_are_skipped(tmp_path):
    path = tmp_path / "rules.jsonl"
    path.write_text('// a comment\n\n{"id": "a", "pattern": "x", "extra": 1}\n', encoding="utf-8")
    assert load_jsonl(path, REQUIRED) == ({"id": "a", "pattern": "x", "extra": 1},)
