"""Rule files are validated when loaded: a broken file fails loudly, naming the line."""
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.patterns import PatternError, alternation, load_jsonl

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


@pytest.mark.parametrize("words, text, expected", [
    (["one", "one hundred", "two"], "one hundred and two", "one hundred"),
    (["one", "one hundred", "two"], "one hundredth", "one"),  # the longer word fails the boundary
    (["ten", "twelve", "two"], "twelve", "twelve"),
    (["Ban Chấp hành", "Ban Thường vụ"], "Ban Thường vụ Tỉnh ủy", "Ban Thường vụ"),
    (["a.b", "a"], "a b", "a"),  # literal characters are escaped
    (["x"], "yx", "x"),
])
def test_alternation_matches_the_longest_word(words, text, expected):
    assert re.search(rf"(?:{alternation(words)})(?!\w)", text)[0] == expected


@given(st.lists(st.text("ab .", min_size=1, max_size=4), min_size=1, max_size=8), st.text("ab .", max_size=8))
def test_alternation_agrees_with_a_longest_first_list(words, text):
    longest_first = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    for suffix in ("", r"(?!\w)", "$"):
        expected = re.match(f"(?:{longest_first}){suffix}", text)
        found = re.match(f"(?:{alternation(words)}){suffix}", text)
        assert (found and found[0]) == (expected and expected[0])
