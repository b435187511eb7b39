"""Organisations: Party, State, mass and enterprise bodies, one record per mention.

English names are head-last: a run of capitalised words ending in a head noun ("Mong Cai City
Party Committee"), extended by ``of [the] <body or place>`` ("Party Committee of the Department of
Home Affairs"). Vietnamese names are head-first: a head followed by complements ("Ban Tổ chức Tỉnh
ủy Quảng Ninh"). Every mention, generic ones ("the Party Committee") included, is kept in
``doc.spans["organisations"]`` (label ``NAMED`` or ``GENERIC``) for later components; the named
ones become :class:`Organisation` records.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..patterns import PatternError, load_jsonl
from ..records import Organisation
from . import evidence, facts, token_texts

SPAN_KEY = "organisations"
DEFAULT_PATTERNS = "patterns/organisations.jsonl"
DEFAULT_SURNAMES = "patterns/surnames.jsonl"
ORDINAL = re.compile(r"^\d{1,3}(?:st|nd|rd|th)$")
POSSESSIVE = {"'s", "’s"}
WORD_KINDS = {"head", "final_head", "standalone", "generic", "level", "place_level", "stop", "enterprise",
              "sector", "qualifier", "abbreviation", "title_word", "name_breaker", "party_noun", "not_place",
              "field_head", "anaphor", "lower_head"}
PAIR_KINDS = {"fold", "expand"}
Phrases = tuple[tuple[str, ...], ...]


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without diacritics (đ → d)."""
    text = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def is_capitalised(text: str) -> bool:
    return text[:1].isupper() and any(c.isalpha() for c in text)


_FIRST_WORD_INDEX: dict[int, tuple[Phrases, dict[str, Phrases]]] = {}


def _by_first_word(phrases: Phrases) -> dict[str, Phrases]:
    """``phrases`` grouped by their first word, longest first (built once per phrase list)."""
    entry = _FIRST_WORD_INDEX.get(id(phrases))
    if entry is None or entry[0] is not phrases:
        index: dict[str, list] = {}
        for phrase in phrases:
            index.setdefault(phrase[0], []).append(phrase)
        entry = _FIRST_WORD_INDEX[id(phrases)] = (phrases, {w: tuple(found) for w, found in index.items()})
    return entry[1]


def phrase_at(doc: Doc, i: int, phrases: Phrases) -> int:
    """Length in tokens of the longest phrase starting at token ``i`` (0 if none)."""
    if i >= len(doc):
        return 0
    for phrase in _by_first_word(phrases).get(doc[i].text, ()):
        n = len(phrase)
        if i + n <= len(doc) and all(doc[i + k].text == phrase[k] for k in range(1, n)) \
                and all("\n" not in doc[i + k].whitespace_ for k in range(n - 1)):
            return n
    return 0


def person_name_at(doc: Doc, i: int, end: int, surnames: frozenset[str], not_name: frozenset[str]) -> bool:
    """Tokens ``i:end`` read as a person's name: a family name and one to three more syllables."""
    return 2 <= end - i <= 4 and fold(doc[i].text) in surnames and all(
        doc[k].is_title and doc[k].is_alpha and doc[k].text not in not_name for k in range(i, end))


@dataclass(frozen=True)
class Vocabulary:
    """The word lists of the grammar, by kind and language (see ``models/patterns/organisations.jsonl``)."""

    words: dict[tuple[str, str], frozenset[str]]
    phrases: dict[tuple[str, str], Phrases]
    pairs: tuple[tuple[re.Pattern, str], ...]
    expansions: tuple[tuple[re.Pattern, str], ...]
    surnames: frozenset[str]

    def __call__(self, kind: str, lang: str = "en") -> frozenset[str]:
        return self.words.get((kind, lang), frozenset())

    def phrase_list(self, kind: str, lang: str) -> Phrases:
        return self.phrases.get((kind, lang), ())


def load_vocabulary(patterns_file: str = DEFAULT_PATTERNS, surnames_file: str = DEFAULT_SURNAMES) -> Vocabulary:
    """Read and validate the grammar's vocabularies."""
    words: dict[tuple[str, str], set[str]] = {}
    pairs, expansions = [], []
    for rule in load_jsonl(patterns_file, {"kind": str, "lang": str, "phrases": list}):
        kind, lang = rule["kind"], rule["lang"]
        if kind in PAIR_KINDS:
            for pair in rule["phrases"]:
                if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
                    raise PatternError(f"{patterns_file}: {kind} entries must be [pattern, replacement] pairs")
                (pairs if kind == "fold" else expansions).append((re.compile(pair[0]), pair[1]))
        elif kind in WORD_KINDS and all(isinstance(p, str) and p.strip() for p in rule["phrases"]):
            words.setdefault((kind, lang), set()).update(rule["phrases"])
        else:
            raise PatternError(f"{patterns_file}: unknown kind {kind!r} or non-string phrases")
    surnames = set()
    for rule in load_jsonl(surnames_file, {"kind": str, "phrases": list}):
        surnames.update(fold(s) for s in rule["phrases"])
    phrases = {key: tuple(sorted((tuple(p.split()) for p in values), key=len, reverse=True))
               for key, values in words.items()}
    return Vocabulary({k: frozenset(v) for k, v in words.items()}, phrases, tuple(pairs), tuple(expansions),
                      frozenset(surnames))


@lru_cache(maxsize=None)
def default_vocabulary() -> Vocabulary:
    return load_vocabulary()


def canonical_key(name: str, vocabulary: Vocabulary | None = None) -> str:
    """A key shared by the surface variants of one body: folded case and diacritics, ``"Party Committee
    of the X"`` = ``"X Party Committee"``, ``"Company Than Khe Cham"`` = ``"Khe Cham Coal Company"``."""
    v = vocabulary or default_vocabulary()
    text = fold(name)
    for regex, replacement in v.expansions:
        text = regex.sub(replacement, text)
    text = re.sub(r"['’]s\b", " ", text)
    text = " ".join(re.sub(r"[^\w\s]", " ", text).split())
    heads = {fold(h) for h in v("head") | v("final_head")}
    parts = [re.sub(r"^the ", "", p).strip() for p in text.split(" of ")]
    parts = [_enterprise_order(p, v) for p in parts if p]
    key = parts[-1] if parts else ""
    if len(parts) == 2 and parts[0] in {fold(h) for h in v("field_head")}:
        field, suffix = _split_generic_suffix(key, v)
        return _folded(" ".join(w for w in (field, parts[0], suffix) if w), v)
    for part in reversed(parts[:-1]):
        key = f"{key} {part}" if part.split()[-1] in heads else f"{part} of {key}"
    return _folded(key, v)


def _split_generic_suffix(key: str, v: Vocabulary) -> tuple[str, str]:
    """ "home affairs party committee" -> ("home affairs", "party committee")."""
    words, generic = key.split(), {fold(g) for g in v("generic")}
    k = len(words)
    while k > 0 and words[k - 1] in generic:
        k -= 1
    return " ".join(words[:k]), " ".join(words[k:])


def _folded(key: str, v: Vocabulary) -> str:
    key = re.sub(r"^the ", "", key)
    for regex, replacement in v.pairs:
        key = regex.sub(replacement, key)
    return " ".join(key.split())


def _enterprise_order(part: str, v: Vocabulary) -> str:
    """A company name in English order: place words, then sector words, then the head."""
    words = part.split()
    enterprise = {fold(h) for h in v("enterprise")}
    if len(words) > 1 and words[0] in enterprise and words[-1] not in enterprise:
        words = words[1:] + words[:1]
    if words[-1] not in enterprise:
        return part
    sectors = sorted((fold(s).split() for s in v("sector")), key=len, reverse=True)
    rest, found, i = [], [], 0
    body = words[:-1]
    while i < len(body):
        match = next((s for s in sectors if body[i:i + len(s)] == s), None)
        if match:
            found += match
            i += len(match)
        else:
            rest.append(body[i])
            i += 1
    return " ".join(rest + found + words[-1:])


class EnglishGrammar:
    """Head-last names: capitalised runs ending in a head, extended by ``of [the] ...``."""

    def __init__(self, v: Vocabulary):
        self.v = v
        self.heads, self.final_heads = v("head"), v("final_head")
        self.stops, self.title_words = v("stop"), v("title_word")
        self.levels, self.place_levels = v("level"), v("place_level")
        self.generic_words = v("generic")

    def mentions(self, doc: Doc) -> list[tuple[int, int]]:
        found, i = [], 0
        texts = token_texts(doc)
        while i < len(doc):
            text = texts[i]
            if not (text[:1].isupper() or text.lower() in self.levels or ORDINAL.match(text)):
                i += 1  # a run never starts here: skip the token cheaply
                continue
            run_end = self._run_end(doc, i)
            if run_end == i:
                i += 1
                continue
            start = self._trim(doc, i, run_end)
            head = self._last_head(doc, start, run_end)
            if head is None:
                i = run_end
                continue
            end = self._extend(doc, head + 1)
            found.append((start, end))
            i = end
        return found

    def is_generic(self, span: Span) -> bool:
        """A body named by a common head alone ("the Party Committee of the Company", "the Department")."""
        parts = " ".join(t.text for t in span if t.is_alpha and t.lower_ != "the").split(" of ")
        return all(len(set(words) - {"Party"}) <= 1 and set(words) <= self.generic_words | self.v("anaphor")
                   and not set(words) & self.v("standalone") for words in (p.split() for p in parts))

    def _in_run(self, doc: Doc, k: int) -> bool:
        token = doc[k]
        if token.text in self.title_words or (k > 0 and "\n" in doc[k - 1].whitespace_):
            return False
        if token.text in POSSESSIVE or (token.text in ("'", "’") and k > 0 and doc[k - 1].text.endswith("s")
                                         and not doc[k - 1].whitespace_):
            return k + 1 < len(doc) and is_capitalised(doc[k + 1].text)
        if token.text == "-":
            return not token.whitespace_ and k > 0 and not doc[k - 1].whitespace_
        if token.lower_ in self.levels and token.is_lower:
            return k + 1 < len(doc) and doc[k + 1].text == "Party"
        return is_capitalised(token.text) or bool(ORDINAL.match(token.text))

    def _run_end(self, doc: Doc, i: int) -> int:
        k = i
        while k < len(doc) and (self._in_run(doc, k) or self._joins(doc, i, k)):
            k += 1
        return k

    def _joins(self, doc: Doc, i: int, k: int) -> bool:
        """ "and" inside one name: between capitalised words, before any head ("Propaganda and Mass
        Mobilization Committee"), never between two bodies."""
        return doc[k].lower_ == "and" and i < k < len(doc) - 1 and is_capitalised(doc[k + 1].text) \
            and doc[k + 1].text not in self.title_words and self._last_head(doc, i, k) is None \
            and is_capitalised(doc[k - 1].text)

    def _trim(self, doc: Doc, start: int, end: int) -> int:
        """Drop words that open a run without belonging to the name (sentence openers, determiners)."""
        while start < end - 1:
            token, following = doc[start], doc[start + 1].text
            opener = token.text.endswith("ing") and following not in self.heads
            if token.text in self.stops or token.text in POSSESSIVE or opener or (
                    token.is_stop and token.text not in self.heads and following not in self.heads):
                start += 1
            else:
                break
        return start

    def _last_head(self, doc: Doc, start: int, end: int) -> int | None:
        for k in range(end - 1, start - 1, -1):
            text = doc[k].text
            if text in self.heads or (text in self.final_heads and k == end - 1 and self._closes(doc, k)):
                return k
        return None

    def _closes(self, doc: Doc, k: int) -> bool:
        """A final head ("Party") ends a name only after a capitalised word and before a lower-case word
        that is not a Party noun ("Quang Ninh Coalition Party aims", not "the city Party organization")."""
        following = doc[k + 1] if k + 1 < len(doc) else None
        return k > 0 and is_capitalised(doc[k - 1].text) and doc[k - 1].text not in POSSESSIVE and (
            following is None or not is_capitalised(following.text)) and (
            following is None or following.lower_ not in self.v("party_noun"))

    def _extend(self, doc: Doc, end: int) -> int:
        """Follow ``of [the] <body | place [province]>`` complements after a head, or ``of the company``."""
        while end + 1 < len(doc) and doc[end].lower_ == "of":
            k = end + 1
            if doc[k].lower_ == "the" and k + 1 < len(doc):
                k += 1
            if doc[k].is_lower and doc[k].text in self.v("anaphor"):
                return k + 1
            run_end = self._run_end(doc, k)
            if not any(doc[m].is_alpha for m in range(k, run_end)) or doc[k].text in self.stops:
                break
            run_end = self._without_trailing_name(doc, k, run_end)
            if run_end + 1 < len(doc) and doc[run_end].lower_ == "and" and self._last_head(doc, k, run_end) is None:
                after = self._run_end(doc, run_end + 1)
                if after > run_end + 1 and self._last_head(doc, run_end + 1, after) is None \
                        and fold(doc[run_end + 1].text) not in self.v.surnames:
                    run_end = after
            if run_end < len(doc) and doc[run_end].text in self.place_levels:
                run_end += 1
            end = run_end
        return end

    def _without_trailing_name(self, doc: Doc, start: int, end: int) -> int:
        """Cut a person's name written right after a body ("... Company Than Khe Cham Pham Duc Khoa said")."""
        for k in range(start + 1, end - 1):
            if person_name_at(doc, k, end, self.v.surnames, self.v("name_breaker")):
                return k
        return end


class VietnameseGrammar:
    """Head-first names: a head, then further heads, qualifiers and places."""

    def __init__(self, v: Vocabulary):
        self.v = v
        self.heads = v.phrase_list("head", "vi")
        self.lower_heads = v.phrase_list("lower_head", "vi")
        self.qualifiers = v.phrase_list("qualifier", "vi")
        self.levels = v.phrase_list("level", "vi")
        self.abbreviations = tuple(v("abbreviation", "vi"))
        self.standalone = {tuple(p.split()) for p in v("standalone", "vi")}
        self.not_place = v("not_place", "vi")

    def mentions(self, doc: Doc) -> list[tuple[int, int]]:
        found, i = [], 0
        while i < len(doc):
            n = phrase_at(doc, i, self.heads)
            if n:
                end = self._complements(doc, i + n)
            else:
                n = phrase_at(doc, i, self.lower_heads)
                level = phrase_at(doc, i + n, self.levels) if n else 0
                end = self._complements(doc, i + n) if level and self._place_word_at(doc, i + n + level) else i
            if end == i:
                i += 1
                continue
            found.append((i, end))
            i = end
        return found

    def _place_word_at(self, doc: Doc, k: int) -> bool:
        return k < len(doc) and self._place_word(doc[k].text)

    def is_generic(self, span: Span) -> bool:
        return phrase_at(span.doc, span.start, self.heads) == len(span) and \
            tuple(t.text for t in span) not in self.standalone

    def _complements(self, doc: Doc, j: int) -> int:
        while j < len(doc) and "\n" not in doc[j - 1].whitespace_:
            n = phrase_at(doc, j, self.heads) or phrase_at(doc, j, self.qualifiers)
            if n:
                j += n
                continue
            n = phrase_at(doc, j, self.levels)
            text = doc[j].text
            if n and j + n < len(doc) and self._place_word(doc[j + n].text):
                place_start = j + n
            elif any(text.startswith(a) and len(text) > len(a) for a in self.abbreviations):
                place_start = j + 1
            elif self._place_word(text):
                place_start = j
            else:
                break
            j, name_follows = self._place(doc, place_start)
            if name_follows:
                break
        return j

    def _place_word(self, text: str) -> bool:
        return text.istitle() and text.isalpha() and text not in self.not_place

    def _place(self, doc: Doc, j: int) -> tuple[int, bool]:
        """The end of a place name, and whether a person's name was cut from its end."""
        start = j
        while j < len(doc) and self._place_word(doc[j].text) and not phrase_at(doc, j, self.heads) \
                and "\n" not in doc[j - 1].whitespace_:
            j += 1
        for k in range(start + 1, j - 1):
            if person_name_at(doc, k, j, self.v.surnames, self.v("name_breaker")):
                return k, True
        return j, False


class OrganisationRecognizer:
    """Marks every body mention and records the named ones."""

    def __init__(self, patterns_file: str, surnames_file: str):
        vocabulary = load_vocabulary(patterns_file, surnames_file)
        self.vocabulary = vocabulary
        self.grammars = {"en": EnglishGrammar(vocabulary), "vi": VietnameseGrammar(vocabulary)}

    def __call__(self, doc: Doc) -> Doc:
        grammar = self.grammars["vi" if doc.lang_ in ("xx", "vi") else "en"]
        spans = []
        bounds = grammar.mentions(doc)
        taken = {k for start, end in bounds for k in range(start, end)}
        # a statistical model's ORG entities (``--model``) are extra candidates where the grammar found none
        bounds += [(e.start, e.end) for e in doc.ents if e.label_ == "ORG" and not taken & set(range(e.start, e.end))]
        for start, end in sorted(bounds):
            span = Span(doc, start, end, label="GENERIC")
            spans.append(span if grammar.is_generic(span) else Span(doc, start, end, label="NAMED"))
        doc.spans[SPAN_KEY] = spans
        found = facts(doc)["organisations"]
        for span in spans:
            if span.label_ == "NAMED":
                found.append(Organisation(name=span.text, canonical=canonical_key(span.text, self.vocabulary),
                                          start=span.start_char, end=span.end_char,
                                          evidence=evidence(doc, span.start_char, span.end_char)))
        return doc


@Language.factory("partyfacts_organisations",
                  default_config={"patterns_file": DEFAULT_PATTERNS, "surnames_file": DEFAULT_SURNAMES})
def make_organisations(nlp: Language, name: str, patterns_file: str, surnames_file: str) -> OrganisationRecognizer:
    return OrganisationRecognizer(patterns_file, surnames_file)
