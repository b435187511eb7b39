"""Numbered congresses ("the 13th National Party Congress", "XXV Party Executive Committee", "khóa XVI")."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from ..patterns import PatternError, alternation, expand_shapes, load_jsonl
from ..records import Congress
from . import evidence, facts, lines_with, sentence_at, text_of, with_first_chars

ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
BEFORE_WINDOW = 80
NEAREST_WINDOW = 300


@dataclass(frozen=True)
class Rule:
    """A congress pattern, what must not stand before its match in the sentence, and what every match
    contains (the rule runs only on the lines holding it)."""

    pattern: re.Pattern
    exclude_before: re.Pattern | None
    requires: re.Pattern | None


@dataclass(frozen=True)
class Mention:
    """An ordinal found by a rule: its span, the rule's whole match, and the level and org read there."""

    ordinal: int
    start: int
    end: int
    level: str | None
    org: str | None
    match_start: int
    match_end: int


def roman_value(text: str) -> int | None:
    """The value of a Roman numeral, or None if it is not one; a trailing lowercase "l" is a stray mark
    ("XXVl, term 2020-2025" follows "the XXV Party Executive Committee, term 2020-2025")."""
    text = text.rstrip("l")
    if not ROMAN.match(text):
        return None
    values = [ROMAN_VALUES[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)) or None


class CongressRecognizer:
    """Ordinals tied to a congress, or to the committee or term a congress elected."""

    def __init__(self, patterns_file: str):
        entries = load_jsonl(patterns_file, {"type": str})
        self.words = {w.lower(): v for e in entries if e["type"] == "ordinal_words" for w, v in e["words"].items()}
        shapes = {e["name"]: e["pattern"] for e in entries if e["type"] == "shape"}
        shapes.update({e["shape"]: alternation(tuple(e["words"])) for e in entries if e["type"] == "ordinal_words"})

        def compiled(pattern: str) -> re.Pattern:
            return with_first_chars(re.compile(expand_shapes(pattern, shapes)))


        def optional(entry: dict, key: str, flags: int = 0) -> re.Pattern | None:
            return with_first_chars(re.compile(expand_shapes(entry[key], shapes), flags)) if key in entry else None

        self.rules = [Rule(compiled(e["pattern"]), optional(e, "exclude_before"), optional(e, "requires", re.IGNORECASE))
                      for e in entries if e["type"] == "rule"]
        self.one_ordinal = compiled("{ORD}|{VIORD}")
        self.levels = [(e["level"], compiled(e["pattern"])) for e in entries if e["type"] == "level"]
        self.promotions = [(e["level"], e["to"], compiled(e["pattern"])) for e in entries if e["type"] == "promote"]
        self.generic = {w.lower() for e in entries if e["type"] == "generic" for w in e["words"]}
        prefixes = [w for e in entries if e["type"] == "org_prefix" for w in e["words"]]
        self.org_prefix = re.compile(rf"^(?:(?:{alternation(prefixes)})\s+)+") if prefixes else None
        if not self.rules or not self.levels:
            raise PatternError(f"{patterns_file}: needs rule and level entries")

    def __call__(self, doc: Doc) -> Doc:
        mentions = self._mentions(doc)
        if not mentions:
            return doc
        spans = sorted((m.match_start, m.match_end) for m in mentions)
        levels = [m.level or self._nearest_level(doc, m, spans) for m in mentions]
        promoted = {level: to for level, to, regex in self.promotions if level in levels and regex.search(text_of(doc))}
        levels = [promoted.get(level, level) for level in levels]
        known = {m.ordinal for m, level in zip(mentions, levels) if level}
        found: dict[tuple[int, str], Congress] = {}
        for m, level in zip(mentions, levels):
            if level is None and m.ordinal in known:
                continue
            key = (m.ordinal, level or "other")
            first = found.get(key)
            if first is None:
                found[key] = Congress(ordinal=m.ordinal, level=key[1], org=m.org, start=m.start, end=m.end,
                                      evidence=evidence(doc, m.start, m.end))
            elif first.org is None and m.org:
                found[key] = replace(first, org=m.org)
        facts(doc)["congresses"].extend(sorted(found.values(), key=lambda c: c.start))
        return doc

    def _mentions(self, doc: Doc) -> list[Mention]:
        """Every ordinal a rule ties to a congress; of mentions of one ordinal, the longest match wins."""
        best: dict[int, Mention] = {}
        text, lines = text_of(doc), {}
        for rule in self.rules:
            if rule.requires and rule.requires.pattern not in lines:
                lines[rule.requires.pattern] = lines_with(text, rule.requires)
            windows = lines[rule.requires.pattern] if rule.requires else [(0, len(text))]
            for m in (m for start, end in windows for m in rule.pattern.finditer(text, start, end)):
                if rule.exclude_before and self._excluded(doc, m.start(), rule.exclude_before):
                    continue
                groups = m.groupdict()
                org = self._org(groups.get("org") or groups.get("name"))
                level = self._level(m[0]) or (self._level(org) if org else None)
                base = m.start("ordinals")
                for o in self.one_ordinal.finditer(m["ordinals"]):
                    value = self._value(o[0])
                    if value is None:
                        continue
                    start, end = base + o.start(), base + o.end()
                    mention = Mention(value, start, end, level, org, m.start(), m.end())
                    if start not in best or m.end() - m.start() > best[start].match_end - best[start].match_start:
                        best[start] = mention
        return sorted(best.values(), key=lambda x: x.start)

    def _value(self, text: str) -> int | None:
        """The number an ordinal stands for ("13th", "thirteenth", "XIII")."""
        if text[:1].isdigit():
            return int(re.match(r"\d+", text)[0])
        return self.words.get(text.lower()) or roman_value(text)

    def _excluded(self, doc: Doc, start: int, regex: re.Pattern) -> bool:
        sentence_start, _ = sentence_at(doc, start)
        return bool(regex.search(text_of(doc)[max(sentence_start, start - BEFORE_WINDOW):start]))

    def _org(self, text: str | None) -> str | None:
        if not text:
            return None
        text = re.sub(r"^(?:the\s+)", "", text.strip(), flags=re.IGNORECASE)
        if self.org_prefix:
            text = self.org_prefix.sub("", text)
        words = [re.sub(r"['’]s$|[,.]", "", w).lower() for w in text.split()]
        return text if any(w and w not in self.generic for w in words) else None

    def _level(self, text: str) -> str | None:
        return next((level for level, regex in self.levels if regex.search(text)), None)

    def _nearest_level(self, doc: Doc, mention: Mention, spans: list[tuple[int, int]]) -> str | None:
        """The level whose cue stands nearest the ordinal in its sentence, outside other congress mentions."""
        s, e = sentence_at(doc, mention.start)
        s, e = max(s, mention.start - NEAREST_WINDOW), min(e, mention.end + NEAREST_WINDOW)
        first = bisect_left(spans, (s - NEAREST_WINDOW, 0))
        others = [(a, b) for a, b in spans[first:bisect_right(spans, (e, e))] if not a <= mention.start < b]
        cues = [(abs(s + m.start() - mention.start), level) for level, regex in self.levels
                for m in regex.finditer(text_of(doc)[s:e])
                if not any(a <= s + m.start() < b for a, b in others)]
        return min(cues)[1] if cues else None


@Language.factory("partyfacts_congresses", default_config={"patterns_file": "patterns/congresses.jsonl"})
def make_congresses(nlp: Language, name: str, patterns_file: str) -> CongressRecognizer:
    return CongressRecognizer(patterns_file)
