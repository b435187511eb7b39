"""Documents cited by number ("Resolution No. 05-NQ/TU dated April 9, 2020 of the Provincial Party Committee")."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from ..dates import parse_date
from ..patterns import PatternError, alternation, expand_shapes, load_jsonl
from ..records import Document
from . import evidence, facts, sentence_at, text_of, with_first_chars

# What may stand between a kind word and the number, or between two numbers of one list.
NUMBER_MARK = r"(?:(?i:Nos?\.?|Number|số)[ \t]*)?"
LIST_JOIN = re.compile(r"^[ \t]*(?:,|;|and|or|và|&)[ \t]*" + NUMBER_MARK + "$")
AFTER_WINDOW = 200  # characters after a number searched for its date and issuer


def fold(text: str) -> str:
    """Without diacritics (Đ → D) and without spaces."""
    text = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return re.sub(r"\s+", "", "".join(c for c in text if not unicodedata.combining(c)))


def first_match(regexes: list[re.Pattern], text: str, search: bool = False) -> re.Match | None:
    """The first of ``regexes`` to match at the start of ``text`` (anywhere in it with ``search``)."""
    return next((m for regex in regexes if (m := (regex.search if search else regex.match)(text))), None)


class DocumentRecognizer:
    """Numbers of the form ``<number>-<type>/<issuer>`` with their kind, date and issuer."""

    def __init__(self, patterns_file: str):
        rules = load_jsonl(patterns_file, {"type": str})
        shapes = {r["name"]: r["pattern"] for r in rules if r["type"] == "shape"}

        def compiled(kind: str, side: str | None = None) -> list[re.Pattern]:
            return [re.compile(expand_shapes(r["pattern"], shapes)) for r in rules
                    if r["type"] == kind and r.get("side") == side]

        self.numbers = [with_first_chars(regex) for regex in compiled("number")]
        self.dates_after = compiled("date", "after")
        self.dates_before = compiled("date", "before")
        self.issuers = compiled("issuer")
        self.code_kinds = {fold(r["code"]).upper(): r["kind"] for r in rules if r["type"] == "code"}
        self.word_kinds = {w.lower(): r["kind"] for r in rules if r["type"] == "kind" for w in r["words"]}
        if not self.numbers or not self.word_kinds:
            raise PatternError(f"{patterns_file}: needs number and kind entries")
        self.kind_before = re.compile(rf"(?<!\w)(?P<kind>{alternation(tuple(self.word_kinds))})[ \t]*{NUMBER_MARK}$",
                                      re.IGNORECASE)

    def __call__(self, doc: Doc) -> Doc:
        by_number: dict[str, Document] = {}
        previous: tuple[int, str | None] | None = None
        text = text_of(doc)
        for m in self._number_matches(text):
            number = f"{m['num']}-{fold(m['type'])}/{fold(m['issuer'])}"
            kind, kind_start = self._kind(text, m, previous)
            code_kind = self.code_kinds.get(fold(m["type"]).upper())
            previous = (m.end(), kind)
            if kind is None and code_kind is None:
                continue
            date, issuer = self._date_and_issuer(text[m.end():m.end() + AFTER_WINDOW], doc._.published)
            if date is None:
                date = self._date_before(doc, kind_start, m.start())
            found = Document(number=number, kind=kind or code_kind, date=date, issuer=issuer,
                             start=m.start(), end=m.end(), evidence=evidence(doc, m.start(), m.end()))
            first = by_number.get(number)
            by_number[number] = found if first is None else replace(
                first, kind=first.kind or found.kind, date=first.date or found.date,
                issuer=first.issuer or found.issuer)
        facts(doc)["documents"].extend(by_number.values())
        return doc

    def _number_matches(self, text: str) -> list[re.Match]:
        matches = sorted((m for regex in self.numbers for m in regex.finditer(text)), key=lambda m: m.start())
        kept: list[re.Match] = []
        for m in matches:
            if not kept or m.start() >= kept[-1].end():
                kept.append(m)
        return kept

    def _kind(self, text: str, m: re.Match, previous: tuple[int, str | None] | None) -> tuple[str | None, int]:
        """The kind word written before the number (or before the list it ends), and where it starts."""
        before = text[max(0, m.start() - 60):m.start()]
        if previous and previous[0] >= m.start() - 30 and LIST_JOIN.match(text[previous[0]:m.start()]):
            return previous[1], m.start()
        k = self.kind_before.search(before)
        if k is None:
            return None, m.start()
        return self.word_kinds[k["kind"].lower()], m.start() - len(before) + k.start()

    def _date_and_issuer(self, after: str, published: str | None) -> tuple[str | None, str | None]:
        """The date and issuer written right after the number, in either order."""
        date = issuer = None
        rest = after
        for _ in range(2):
            d = None if date else first_match(self.dates_after, rest)
            i = None if issuer or d else first_match(self.issuers, rest)
            if d:  # English month names go to dateparser; Vietnamese and numeric forms are read by regex
                date = parse_date(d["date"], "en", published)
            elif i:
                issuer = i["issuer"].strip()
            else:
                break
            rest = rest[(d or i).end():]
        return date, issuer

    def _date_before(self, doc: Doc, kind_start: int, number_start: int) -> str | None:
        """The date of "on <date>, <body> issued <kind> No. ..." in the number's sentence."""
        sentence_start, _ = sentence_at(doc, number_start)
        d = first_match(self.dates_before, text_of(doc)[sentence_start:kind_start], search=True)
        return parse_date(d["date"], "en", doc._.published) if d else None


@Language.factory("partyfacts_documents", default_config={"patterns_file": "patterns/documents.jsonl"})
def make_documents(nlp: Language, name: str, patterns_file: str) -> DocumentRecognizer:
    return DocumentRecognizer(patterns_file)
