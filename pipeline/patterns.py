"""Load the rule data under ``models/`` (one JSONL file per fact type), validated on load."""
from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

SHAPE = re.compile(r"\{([A-Z_]+)\}")  # a named shape inside a pattern: "{NUMBER}"
MODELS_DIR = Path(os.environ.get("PARTYFACTS_MODELS", Path(__file__).resolve().parent.parent / "models"))


class PatternError(ValueError):
    """A rule file is missing, malformed, or has an entry of the wrong shape."""


def _check_entry(entry: Any, required: dict[str, type | tuple[type, ...]], where: str) -> None:
    if not isinstance(entry, dict):
        raise PatternError(f"{where}: expected a JSON object, got {type(entry).__name__}")
    for key, kind in required.items():
        if key not in entry:
            raise PatternError(f"{where}: missing key {key!r}")
        if not isinstance(entry[key], kind):
            raise PatternError(f"{where}: key {key!r} must be {kind}, got {type(entry[key]).__name__}")
    if "pattern" in entry:
        try:
            re.compile(entry["pattern"])
        except re.error as exc:
            raise PatternError(f"{where}: bad regular expression: {exc}") from exc


def load_jsonl(path: str | Path, required: dict[str, type | tuple[type, ...]]) -> tuple[dict[str, Any], ...]:
    """Read a JSONL rule file; every line must be an object holding ``required`` keys of the given types."""
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = MODELS_DIR / path
    return _load_jsonl(path, tuple(sorted(required.items(), key=lambda kv: kv[0])))


@lru_cache(maxsize=None)
def _load_jsonl(path: Path, required: tuple) -> tuple[dict[str, Any], ...]:
    if not path.is_file():
        raise PatternError(f"{path}: rule file not found")
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path.name}:{number}"
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PatternError(f"{where}: not JSON: {exc.msg}") from exc
        _check_entry(entry, dict(required), where)
        entries.append(entry)
    if not entries:
        raise PatternError(f"{path}: no entries")
    return tuple(entries)


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex matching any of the literal ``words``, the longest where several match.

    The words are merged into a prefix tree ("t(?:en|hree|w(?:elve|o))"), so ``re`` tests each
    character once instead of every word in turn; at each branch the longer continuation is tried
    first, which is what a longest-first list of words does. (Words are compared as written: under
    ``re.IGNORECASE`` pass them in one case.)"""
    tree: dict = {}
    for word in set(words):
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _tree_regex(tree)


def _tree_regex(node: dict) -> str:
    branches = [re.escape(char) + _tree_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" not in node:
        return body
    return f"{body}?" if len(body) == 1 else f"(?:{body})?"


def expand_shapes(pattern: str, shapes: dict[str, str]) -> str:
    """``pattern`` with every ``{NAME}`` replaced by the shape of that name (shapes may nest)."""
    def sub(m: re.Match) -> str:
        if m[1] not in shapes:
            raise PatternError(f"unknown shape {{{m[1]}}}")
        return expand_shapes(shapes[m[1]], shapes)
    return SHAPE.sub(sub, pattern)
