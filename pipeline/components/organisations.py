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
from functools import cached_property, lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..patterns import PatternError, load_jsonl
from ..records import Organisation
from . import TokenAttrs, evidence, facts, is_capitalised, span_text, token_attrs, token_texts

SPAN_KEY = "organisations"
DEFAULT_PATTERNS = "patterns/organisations.jsonl"
DEFAULT_SURNAMES = "patterns/surnames.jsonl"
ORDINAL = re.compile(r"^\d{1,3}(?:st|nd|rd|th)$")
POSSESSIVE = {"'s", "’s"}
WORD_KINDS = {"head", "final_head", "numbered_head", "standalone", "generic", "level", "place_level", "stop", "enterprise",
              "sector", "qualifier", "abbreviation", "title_word", "name_breaker", "party_noun", "not_place",
              "field_head", "anaphor", "lower_head"}
PAIR_KINDS = {"fold", "expand"}
CANONICAL_CACHE = 65536  # canonical keys remembered per vocabulary
Phrases = tuple[tuple[str, ...], ...]


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without diacritics (đ → d)."""
    text = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


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
    texts = token_texts(doc)
    if i >= len(texts):
        return 0
    candidates = _by_first_word(phrases).get(texts[i])
    if not candidates:
        return 0
    whitespace = token_attrs(doc).whitespace
    for phrase in candidates:
        n = len(phrase)
        if i + n <= len(texts) and all(texts[i + k] == phrase[k] for k in range(1, n)) \
                and all("\n" not in whitespace[i + k] for k in range(n - 1)):
            return n
    return 0


def person_name_at(doc: Doc, i: int, end: int, surnames: frozenset[str], not_name: frozenset[str]) -> bool:
    """Tokens ``i:end`` read as a person's name: a family name and one to three more syllables."""
    if not 2 <= end - i <= 4:
        return False
    t = token_attrs(doc)
    return fold(t.text[i]) in surnames and all(
        t.is_title[k] and t.is_alpha[k] and t.text[k] not in not_name for k in range(i, end))


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

    @cached_property
    def folded(self) -> dict[str, frozenset[str]]:
        """Folded word lists for :func:`canonical_key`, by kind ("head" includes the final heads)."""
        return {"head": frozenset(fold(h) for h in self("head") | self("final_head")),
                **{kind: frozenset(fold(w) for w in self(kind)) for kind in ("field_head", "generic", "enterprise")}}

    @cached_property
    def canonical_keys(self) -> dict[str, str]:
        """:func:`canonical_key` results for this vocabulary by name (names recur across articles)."""
        return {}

    @cached_property
    def folded_sectors(self) -> list[list[str]]:
        """The sector phrases, folded and split, longest first."""
        return sorted((fold(s).split() for s in self("sector")), key=len, reverse=True)


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
    key = v.canonical_keys.get(name)
    if key is None:
        if len(v.canonical_keys) >= CANONICAL_CACHE:
            v.canonical_keys.clear()
        key = v.canonical_keys[name] = _canonical_key(name, v)
    return key


def _canonical_key(name: str, v: Vocabulary) -> str:
    text = fold(name)
    for regex, replacement in v.expansions:
        text = regex.sub(replacement, text)
    text = re.sub(r"['’]s\b", " ", text)
    text = " ".join(re.sub(r"[^\w\s]", " ", text).split())
    heads = v.folded["head"]
    parts = [re.sub(r"^the ", "", p).strip() for p in text.split(" of ")]
    parts = [_enterprise_order(p, v) for p in parts if p]
    key = parts[-1] if parts else ""
    if len(parts) == 2 and parts[0] in v.folded["field_head"]:
        field, suffix = _split_generic_suffix(key, v)
        return _folded(" ".join(w for w in (field, parts[0], suffix) if w), v)
    for part in reversed(parts[:-1]):
        key = f"{key} {part}" if part.split()[-1] in heads else f"{part} of {key}"
    return _folded(key, v)


def _split_generic_suffix(key: str, v: Vocabulary) -> tuple[str, str]:
    """ "home affairs party committee" -> ("home affairs", "party committee")."""
    words, generic = key.split(), v.folded["generic"]
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
    enterprise = v.folded["enterprise"]
    if len(words) > 1 and words[0] in enterprise and words[-1] not in enterprise:
        words = words[1:] + words[:1]
    if words[-1] not in enterprise:
        return part
    sectors = v.folded_sectors
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
        self.heads, self.final_heads, self.numbered_heads = v("head"), v("final_head"), v("numbered_head")
        self.stops, self.title_words = v("stop"), v("title_word")
        self.levels, self.place_levels = v("level"), v("place_level")
        self.generic_words = v("generic")

    def mentions(self, doc: Doc) -> list[tuple[int, int]]:
        found, i, levels, t = [], 0, self.levels, token_attrs(doc)
        for k in [k for k, (text, lower) in enumerate(zip(t.text, t.lower))  # where a run may start
                  if text[:1].isupper() or lower in levels or (text[:1].isdigit() and ORDINAL.match(text))]:
            if k < i:
                continue
            i = k
            run_end = self._run_end(doc, i)
            if run_end == i:
                i += 1
                continue
            start = self._trim(doc, i, run_end)
            head = self._last_head(doc, start, run_end)
            if head is None:
                i = run_end
                continue
            end = self._extend(doc, self._number_after(doc, head))
            found.append((start, end))
            i = end
        return found

    def is_generic(self, doc: Doc, start: int, end: int) -> bool:
        """A body named by a common head alone ("the Party Committee of the Company", "the Department")."""
        t = token_attrs(doc)
        parts = " ".join(t.text[k] for k in range(start, end)  # a number names a body too ("Party Cell 1")
                         if (t.is_alpha[k] or t.text[k].isdigit()) and t.lower[k] != "the").split(" of ")
        return all(len(set(words) - {"Party"}) <= 1 and set(words) <= self.generic_words | self.v("anaphor")
                   and not set(words) & self.v("standalone") for words in (p.split() for p in parts))

    def _in_run(self, t: TokenAttrs, k: int) -> bool:
        texts, whitespace = t.text, t.whitespace
        text = texts[k]
        if text in self.title_words or (k > 0 and "\n" in whitespace[k - 1]):
            return False
        if text in POSSESSIVE or (text in ("'", "’") and k > 0 and texts[k - 1].endswith("s")
                                  and not whitespace[k - 1]):
            return k + 1 < len(texts) and is_capitalised(texts[k + 1])
        if text == "-":
            return not whitespace[k] and k > 0 and not whitespace[k - 1]
        if t.lower[k] in self.levels and t.is_lower[k]:  # "the provincial Party Committee", "provincial Standing ..."
            return k + 1 < len(texts) and (texts[k + 1] == "Party" or (
                t.capitalised[k + 1] and texts[k + 1] not in self.title_words and texts[k + 1] not in self.stops))
        return t.capitalised[k] or bool(text[:1].isdigit() and ORDINAL.match(text))

    def _run_end(self, doc: Doc, i: int) -> int:
        k, t = i, token_attrs(doc)
        while k < len(t.text) and (self._in_run(t, k) or (t.lower[k] == "and" and self._joins(doc, i, k))):
            k += 1
        return k

    def _joins(self, doc: Doc, i: int, k: int) -> bool:
        """ "and" inside one name: between capitalised words, before any head of the owned body's name
        ("Propaganda and Mass Mobilization Committee", "the Party Committee's Propaganda and Mass Mobilization
        Department"), never between two bodies."""
        texts = token_texts(doc)
        if not (token_attrs(doc).lower[k] == "and" and i < k < len(texts) - 1 and is_capitalised(texts[k + 1])
                and texts[k + 1] not in self.title_words and is_capitalised(texts[k - 1])):
            return False
        owned = max((j + 1 for j in range(i, k) if texts[j] in POSSESSIVE), default=i)
        return self._last_head(doc, owned, k) is None

    def _trim(self, doc: Doc, start: int, end: int) -> int:
        """Drop words that open a run without belonging to the name (sentence openers, determiners)."""
        t = token_attrs(doc)
        while start < end - 1:
            text, following = t.text[start], t.text[start + 1]
            opener = text.endswith("ing") and following not in self.heads
            if text in self.stops or text in POSSESSIVE or opener or (
                    t.is_stop[start] and text not in self.heads and following not in self.heads):
                start += 1
            else:
                break
        return start

    def _last_head(self, doc: Doc, start: int, end: int) -> int | None:
        texts = token_texts(doc)
        for k in range(end - 1, start - 1, -1):
            text = texts[k]
            if text in self.heads or (text in self.final_heads and k == end - 1 and self._closes(doc, k)):
                return k
        return None

    def _closes(self, doc: Doc, k: int) -> bool:
        """A final head ("Party") ends a name only after a capitalised word and before a lower-case word
        that is not a Party noun ("Quang Ninh Coalition Party aims", not "the city Party organization")."""
        t = token_attrs(doc)
        last = k + 1 >= len(t.text)
        return k > 0 and is_capitalised(t.text[k - 1]) and t.text[k - 1] not in POSSESSIVE and (
            last or not is_capitalised(t.text[k + 1])) and (
            last or t.lower[k + 1] not in self.v("party_noun"))

    def _number_after(self, doc: Doc, head: int) -> int:
        """The end of a name whose head takes a number ("Party Cell 1", "Party Cell No. 2")."""
        texts = token_texts(doc)
        k = head + 1
        if texts[head] not in self.numbered_heads or k >= len(texts):
            return k
        k += texts[k] in ("No.", "no.") and k + 1 < len(texts)
        return k + 1 if texts[k].isdigit() and len(texts[k]) <= 2 else head + 1

    def _extend(self, doc: Doc, end: int) -> int:
        """Follow ``of [the] <body | place [province]>`` complements after a head, or ``of the company``."""
        t = token_attrs(doc)
        texts, lower = t.text, t.lower
        while end + 1 < len(texts) and lower[end] == "of":
            k = end + 1
            if lower[k] == "the" and k + 1 < len(texts):
                k += 1
            if t.is_lower[k] and texts[k] in self.v("anaphor") and not self._in_run(t, k):
                return k + 1  # "of the company", but "of the district Party Committee" goes on
            run_end = self._run_end(doc, k)
            if not any(t.is_alpha[k:run_end]) or texts[k] in self.stops or (  # "of Party Committees at all levels"
                    texts[run_end - 1].endswith("s") and texts[run_end - 1][:-1] in self.heads):
                break
            run_end = self._without_trailing_name(doc, k, run_end)
            if run_end + 1 < len(texts) and lower[run_end] == "and" and self._last_head(doc, k, run_end) is None:
                after = self._run_end(doc, run_end + 1)
                if after > run_end + 1 and self._last_head(doc, run_end + 1, after) is None \
                        and fold(texts[run_end + 1]) not in self.v.surnames:
                    run_end = after
            if run_end < len(texts) and texts[run_end] in self.place_levels:
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
        self.first_words = {phrase[0] for phrase in self.heads + self.lower_heads}  # where a mention may start
        self.qualifiers = v.phrase_list("qualifier", "vi")
        self.levels = v.phrase_list("level", "vi")
        self.abbreviations = tuple(v("abbreviation", "vi"))
        self.standalone = {tuple(p.split()) for p in v("standalone", "vi")}
        self.not_place = v.phrase_list("not_place", "vi")

    def mentions(self, doc: Doc) -> list[tuple[int, int]]:
        found, i, first_words = [], 0, self.first_words
        for k in [k for k, text in enumerate(token_texts(doc)) if text in first_words]:
            if k < i:
                continue
            i = k
            n = phrase_at(doc, i, self.heads)
            if n:
                end = self._complements(doc, i + n)
            else:
                n = phrase_at(doc, i, self.lower_heads)
                level = phrase_at(doc, i + n, self.levels) if n else 0
                end = self._complements(doc, i + n) if level and self._place_word_at(doc, i + n + level) else i
            if end > i:
                found.append((i, end))
                i = end
        return found

    def _place_word_at(self, doc: Doc, k: int) -> bool:
        """A capitalised word that may be (part of) a place name; "Đồng chí" is none, "Lâm Đồng" is one."""
        texts = token_texts(doc)
        return k < len(texts) and texts[k].istitle() and texts[k].isalpha() and not phrase_at(doc, k, self.not_place)

    def is_generic(self, doc: Doc, start: int, end: int) -> bool:
        return phrase_at(doc, start, self.heads) == end - start and \
            tuple(token_texts(doc)[start:end]) not in self.standalone

    def _complements(self, doc: Doc, j: int) -> int:
        texts, whitespace = token_texts(doc), token_attrs(doc).whitespace
        while j < len(texts) and "\n" not in whitespace[j - 1]:
            n = max(phrase_at(doc, j, self.heads), phrase_at(doc, j, self.qualifiers))  # "Bộ đội Biên phòng", not "Bộ"
            if n:
                j += n
                continue
            n = phrase_at(doc, j, self.levels)
            text = texts[j]
            if n and self._place_word_at(doc, j + n):
                place_start = j + n
            elif any(text.startswith(a) and len(text) > len(a) for a in self.abbreviations):
                place_start = j + 1
            elif self._place_word_at(doc, j):
                place_start = j
            else:
                break
            j, name_follows = self._place(doc, place_start, bare=place_start == j)
            if name_follows:
                break
        return j

    def _place(self, doc: Doc, j: int, bare: bool) -> tuple[int, bool]:
        """The end of a place name, and whether a person's name was cut from its end. A place without a
        level word before it that is a name of three or four syllables is the name of the person holding
        the post ("Bí thư Tỉnh ủy Nguyễn Văn Hùng"); two syllables stay a place ("HĐND tỉnh Hà Nam")."""
        start = j
        whitespace = token_attrs(doc).whitespace
        while self._place_word_at(doc, j) and not phrase_at(doc, j, self.heads) \
                and "\n" not in whitespace[j - 1]:
            j += 1
        for k in range(start if bare and j - start >= 3 else start + 1, j - 1):
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
            spans.append(Span(doc, start, end, label="GENERIC" if grammar.is_generic(doc, start, end) else "NAMED"))
        doc.spans[SPAN_KEY] = spans
        found = facts(doc)["organisations"]
        for span in spans:
            if span.label_ == "NAMED":
                name = span_text(span)
                found.append(Organisation(name=name, canonical=canonical_key(name, self.vocabulary),
                                          start=span.start_char, end=span.end_char,
                                          evidence=evidence(doc, span.start_char, span.end_char)))
        return doc


@Language.factory("partyfacts_organisations",
                  default_config={"patterns_file": DEFAULT_PATTERNS, "surnames_file": DEFAULT_SURNAMES})
def make_organisations(nlp: Language, name: str, patterns_file: str, surnames_file: str) -> OrganisationRecognizer:
    return OrganisationRecognizer(patterns_file, surnames_file)
