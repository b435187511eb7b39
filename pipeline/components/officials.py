"""Officials: persons named with a position ("comrade Dang Xuan Phuong, Deputy Secretary of the
Provincial Party Committee", "Secretary of the provincial Party Committee Nguyen Manh Hien",
"Brick-maker Nguyen Thanh Chung", "đồng chí Nguyễn Xuân Thắng, Ủy viên Bộ Chính trị").

A name is 2-4 capitalised syllables starting with a family name; words inside an organisation
mention ("Binh Duong Provincial Party Committee") are never a name. A position is a run of position
words, optionally with its body: ``of [the] <organisation>`` in English, the organisation itself in
Vietnamese, or an organisation before it ("Provincial Party Committee member"). One record per
person: the first mention's offsets, the first title found.
"""
from __future__ import annotations

import re
from itertools import compress

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..patterns import PatternError, load_jsonl
from ..records import Official
from . import evidence, facts, sentence_of, span_text, token_attrs, token_texts
from .organisations import (DEFAULT_PATTERNS, DEFAULT_SURNAMES, POSSESSIVE, SPAN_KEY, fold, is_capitalised,
                            load_vocabulary, Phrases, person_name_at, phrase_at)

KINDS = {"honorific", "position_noun", "position_modifier", "occupation", "joiner", "lowercase_body", "separator",
         "not_name", "elected_as", "name_joiner", "term_word", "article"}
DASHES = {"-", "–", "—"}
MAX_TITLE_TOKENS = 40  # the longest run of positions looked for before a name
TERM = re.compile(r"^(?:[IVXLC]+|(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)$")


class Lexicon:
    """The phrase lists of ``models/patterns/officials.jsonl`` for one language."""

    def __init__(self, rules: tuple[dict, ...], lang: str):
        by_kind: dict[str, set[str]] = {kind: set() for kind in KINDS}
        for rule in rules:
            if rule["kind"] not in KINDS or not all(isinstance(p, str) and p.strip() for p in rule["phrases"]):
                raise PatternError(f"officials rules: unknown kind {rule['kind']!r} or non-string phrases")
            if rule["lang"] in (lang, "any"):
                by_kind[rule["kind"]].update(rule["phrases"])
        self.case_sensitive = lang == "vi"
        self.phrases = {kind: tuple(sorted((tuple(self.key(w) for w in p.split()) for p in values),
                                           key=len, reverse=True))
                        for kind, values in by_kind.items()}
        self.words = {kind: {self.key(p) for p in values} for kind, values in by_kind.items()}
        self.by_first: dict[str, dict[str, list[list[str]]]] = {}
        for kind, phrases in self.phrases.items():
            index: dict[str, list] = {}
            for phrase in phrases:
                index.setdefault(phrase[0], []).append(list(phrase))
            self.by_first[kind] = index
        # the first words of the phrases a position may start with
        self.position_openers = {word for kind in ("position_noun", "occupation", "position_modifier")
                                 for word in self.by_first[kind]}

    def key(self, text: str) -> str:
        """The form a word is compared in: as written (Vietnamese) or lower case (English)."""
        return text if self.case_sensitive else text.lower()

    def keys(self, doc: Doc) -> list[str]:
        """:meth:`key` of every token of ``doc``."""
        t = token_attrs(doc)
        return t.text if self.case_sensitive else t.lower

    def match(self, doc: Doc, i: int, kind: str) -> int:
        """Length of the longest ``kind`` phrase at token ``i`` (0 if none)."""
        keys = self.keys(doc)
        if i >= len(keys):
            return 0
        for phrase in self.by_first[kind].get(keys[i], ()):
            if keys[i:i + len(phrase)] == phrase:
                return len(phrase)
        return 0

    def match_before(self, doc: Doc, end: int, kind: str) -> int:
        """Length of the longest ``kind`` phrase ending just before token ``end`` (0 if none)."""
        for phrase in self.phrases[kind]:
            start = end - len(phrase)
            if start >= 0 and self.match(doc, start, kind) == len(phrase):
                return len(phrase)
        return 0


class OfficialRecognizer:
    """Finds names, pairs them with the positions written around them, one record per person."""

    def __init__(self, patterns_file: str, organisations_file: str, surnames_file: str):
        rules = load_jsonl(patterns_file, {"kind": str, "lang": str, "phrases": list})
        self.lexicons = {lang: Lexicon(rules, lang) for lang in ("en", "vi")}
        vocabulary = load_vocabulary(organisations_file, surnames_file)
        self.surnames = vocabulary.surnames
        self.name_breakers = vocabulary("name_breaker") | vocabulary("title_word")
        self.place_levels = vocabulary("place_level")
        self.qualifiers = vocabulary.phrase_list("qualifier", "vi")

    def __call__(self, doc: Doc) -> Doc:
        lex = self.lexicons["vi" if doc.lang_ in ("xx", "vi") else "en"]
        orgs = {span.start: span for span in doc.spans[SPAN_KEY]} if SPAN_KEY in doc.spans else {}
        in_org = {k for span in orgs.values() for k in range(span.start, span.end)}
        people: dict[str, dict] = {}
        names = self._names(doc, lex, in_org)
        titles = [self._title_after(doc, name.end, lex, orgs) or self._title_before(doc, name, lex, orgs)
                  for name in names]
        for k in range(len(names) - 2, -1, -1):
            if not titles[k] and self._listed_together(doc, names[k], names[k + 1], lex):
                titles[k] = titles[k + 1]
        for name, title in zip(names, titles):
            if not title and not lex.match_before(doc, name.start, "honorific"):
                continue
            person = people.setdefault(fold(span_text(name)), {"name": name, "title": None})
            person["title"] = person["title"] or title
        found = facts(doc)["officials"]
        for person in people.values():
            name = person["name"]
            found.append(Official(name=span_text(name), title=person["title"], start=name.start_char, end=name.end_char,
                                  evidence=evidence(doc, name.start_char, name.end_char)))
        return doc

    def _names(self, doc: Doc, lex: Lexicon, in_org: set[int]) -> list[Span]:
        names, i = [], 0
        texts, whitespace = token_texts(doc), token_attrs(doc).whitespace
        surnames = self.surnames
        # where a family name stands (a name's words are all title-case)
        for start in [k for k in compress(range(len(texts)), token_attrs(doc).is_title) if fold(texts[k]) in surnames]:
            if start < i:
                continue
            i = end = start
            while end < len(texts) and end - i < 4 and self._continues(doc, end, end - i, lex, in_org) \
                    and (end == i or "\n" not in whitespace[end - 1]):
                end += 1
            following = texts[end] if end < len(texts) else ""
            if person_name_at(doc, i, end, self.surnames, self.name_breakers) and following not in self.place_levels \
                    and not (end < len(texts) and self._continues(doc, end, end - i, lex, in_org)):
                names.append(doc[i:end])
                i = end
            else:
                i += 1
        # a statistical model's PERSON entities (``--model``) are extra candidates
        taken = {k for name in names for k in range(name.start, name.end)}
        names += [e for e in doc.ents if e.label_ in ("PERSON", "PER") and not taken & set(range(e.start, e.end))
                  and not in_org & set(range(e.start, e.end))]
        return sorted(names, key=lambda span: span.start)

    @staticmethod
    def _listed_together(doc: Doc, name: Span, following: Span, lex: Lexicon) -> bool:
        """Two names joined by "," or "và" only ("Nguyễn Hoàng Thao, Võ Văn Minh được bầu ...")."""
        n = lex.match(doc, name.end, "name_joiner")
        return bool(n) and name.end + n == following.start

    def _continues(self, doc: Doc, k: int, syllables: int, lex: Lexicon, in_org: set[int]) -> bool:
        """Token ``k`` may be the next syllable of a name that has ``syllables`` already (a one-letter "A" inside
        a minority name counts: "Mùa A Sơn", "Hầu A Lềnh"): not where a position
        of several words starts ("đồng chí Châu Ngọc Hồng Bí thư Đảng ủy"), nor, after three syllables, where
        a modifier opens one ("Trần Văn Quyền Phó Chủ tịch"; "Quyền" may be a name as well as "acting")."""
        middle_a = syllables and token_texts(doc)[k] == "A" and self._syllable(doc, k + 1, lex, in_org)
        if not (middle_a or self._syllable(doc, k, lex, in_org)) or lex.match(doc, k, "position_noun") >= 2:
            return False
        n = lex.match(doc, k, "position_modifier") if syllables >= 3 else 0
        return not (n and lex.match(doc, k + n, "position_noun") >= 2)

    def _syllable(self, doc: Doc, k: int, lex: Lexicon, in_org: set[int]) -> bool:
        t = token_attrs(doc)
        if k >= len(t.text):
            return False
        text = t.text[k]
        return t.is_title[k] and t.is_alpha[k] and len(text) > 1 and k not in in_org \
            and lex.key(text) not in lex.words["not_name"] and text not in self.name_breakers

    def _title_after(self, doc: Doc, k: int, lex: Lexicon, orgs: dict[int, Span]) -> str | None:
        """A position written after the name: "X, Secretary of ...", "X - Director of ..."."""
        if k >= len(doc):
            return None
        n = lex.match(doc, k, "separator") or lex.match(doc, k, "elected_as")
        if not n and not (lex.case_sensitive and self._position_words(doc, k, lex)):
            return None  # Vietnamese may write the position straight after the name, without a comma
        n += k + n < len(doc) and lex.match(doc, k + n, "article") > 0  # "X, a teacher at ..."
        _, pieces = self._positions(doc, k + n, lex, orgs, affiliation=token_texts(doc)[k] in DASHES)
        return "; ".join(pieces) or None

    def _title_before(self, doc: Doc, name: Span, lex: Lexicon, orgs: dict[int, Span]) -> str | None:
        """A position or occupation written right before the name: "Secretary of ... X", "Brick-maker X"."""
        t = token_attrs(doc)
        n = lex.match_before(doc, name.start, "occupation")
        if not n and name.start > 0 and any(t.lower[name.start - 1].endswith(w) for w in lex.words["occupation"]):
            n = 1
        if n:
            start = name.start - n
            if start >= 2 and t.text[start - 1] == "-" and not t.whitespace[start - 2]:
                start -= 2
            return span_text(doc[start:name.start])
        keys = lex.keys(doc)
        for start in range(max(sentence_of(doc, name.start_char).start, name.start - MAX_TITLE_TOKENS), name.start):
            if keys[start] not in lex.position_openers and self._org_at(doc, start, orgs) is None:
                continue  # no position starts here
            end, pieces = self._positions(doc, start, lex, orgs, affiliation=False, before_name=True)
            if pieces and end == name.start:
                return "; ".join(pieces)
        return None

    def _positions(self, doc: Doc, k: int, lex: Lexicon, orgs: dict[int, Span],
                   affiliation: bool, before_name: bool = False) -> tuple[int, list[str]]:
        """Consecutive positions from token ``k`` ("Deputy Secretary of X, Head of Y"): end and texts. Before a
        name, English positions after a bare comma are capitalised: "from the Secretary of X, new Party member Y"
        gives Y only "new Party member"."""
        pieces: list[str] = []
        texts = token_texts(doc)
        while k < len(doc):
            end = self._position(doc, k, lex, orgs, affiliation)
            if end is None:
                break
            pieces.append(span_text(doc[k:end]))
            k = end
            nxt = k + (k < len(doc) and texts[k] == ",")
            joiner = lex.match(doc, nxt, "joiner") if nxt < len(doc) else 0
            if before_name and not lex.case_sensitive and nxt > k and not joiner and nxt < len(doc) \
                    and not is_capitalised(texts[nxt]):
                break
            nxt += joiner
            if nxt == k or self._position(doc, nxt, lex, orgs, affiliation) is None:
                break
            k = nxt
        return k, pieces

    def _position(self, doc: Doc, k: int, lex: Lexicon, orgs: dict[int, Span], affiliation: bool) -> int | None:
        """End of one position starting at token ``k``, or None."""
        org = self._org_at(doc, k, orgs)
        if org is not None:
            end = self._position_words(doc, org.end, lex)
            return end if end else (org.end if affiliation and org.start == k else None)
        end = self._position_words(doc, k, lex)
        if not end:
            return None
        if lex.case_sensitive:
            inner = next((orgs[j] for j in range(k + 1, end) if j in orgs), None)
            if inner is not None:  # "Trưởng Ban Tổ chức Tỉnh ủy": the body starts inside the position words
                return self._term_after(doc, inner.end, lex)
            while self._org_at(doc, end, orgs) is None and phrase_at(doc, end, self.qualifiers):
                end += phrase_at(doc, end, self.qualifiers)
            org = self._org_at(doc, end, orgs)
            return self._term_after(doc, org.end if org is not None else end, lex)
        t = token_attrs(doc)
        if end + 1 < len(doc) and t.lower[end] in ("of", "at"):  # "Secretary of X", "a teacher at X School"
            m = end + 1 + (t.lower[end + 1] == "the" and end + 2 < len(doc))
            org = self._org_at(doc, m, orgs)
            if org is not None:
                return self._owned_end(doc, org.end, orgs)
            if lex.match(doc, m, "lowercase_body"):
                return self._owned_end(doc, m + 1, orgs)
            if t.lower[end] == "at":
                return end
            run = m
            while run < len(doc) and is_capitalised(t.text[run]) and t.is_alpha[run] \
                    and not person_name_at(doc, run, min(run + 4, len(doc)), self.surnames, self.name_breakers):
                run += 1
            return run if run > m else end
        return end

    @staticmethod
    def _term_after(doc: Doc, end: int, lex: Lexicon) -> int:
        """Extend a Vietnamese position over its numbered term ("khoá XIX", "nhiệm kỳ 2016 - 2021")."""
        n = lex.match(doc, end, "term_word")
        if not n:
            return end
        for size in (3, 1):
            span = doc[end + n:end + n + size]
            if len(span) == size and TERM.match(span_text(span)):
                return span.end
        return end

    @staticmethod
    def _owned_end(doc: Doc, end: int, orgs: dict[int, Span]) -> int:
        """Extend a body over the bodies it owns ("the Provincial Party Committee's Propaganda Department")."""
        texts = token_texts(doc)
        while end + 1 < len(texts) and texts[end] in POSSESSIVE and end + 1 in orgs:
            end = orgs[end + 1].end
        return end

    @staticmethod
    def _org_at(doc: Doc, k: int, orgs: dict[int, Span]) -> Span | None:
        if k < len(doc) and token_attrs(doc).lower[k] == "the" and k + 1 in orgs:
            return orgs[k + 1]
        return orgs.get(k)

    @staticmethod
    def _position_words(doc: Doc, k: int, lex: Lexicon) -> int:
        """End of a run of position words ending in a position noun ("Permanent Deputy Secretary") or an
        occupation ("công nhân"), or 0."""
        end, last_noun = k, 0
        while end < len(doc):
            n = lex.match(doc, end, "position_noun") or lex.match(doc, end, "occupation")
            if n:
                end += n
                last_noun = end
                continue
            n = lex.match(doc, end, "position_modifier")
            if not n:
                break
            end += n
        return last_noun


@Language.factory("partyfacts_officials",
                  default_config={"patterns_file": "patterns/officials.jsonl",
                                  "organisations_file": DEFAULT_PATTERNS, "surnames_file": DEFAULT_SURNAMES})
def make_officials(nlp: Language, name: str, patterns_file: str, organisations_file: str,
                   surnames_file: str) -> OfficialRecognizer:
    return OfficialRecognizer(patterns_file, organisations_file, surnames_file)
