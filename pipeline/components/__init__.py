"""spaCy components, one per fact type, and the helpers they share.

Each component reads its rules from ``models/patterns/<fact type>.jsonl`` (path overridable in its
config) and appends frozen records to ``doc._.facts[<fact type>]``. Components run in the order
of :data:`COMPONENTS`, so later ones (counts, congresses) can use the organisations found earlier.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

try:  # the parser behind re (Python 3.11+), used only to speed regexes up; without it they run as written
    from re import _constants as sre, _parser
except ImportError:
    _parser = None

import numpy
from spacy.attrs import IDX, LENGTH, ORTH, SENT_START, SPACY
from spacy.tokens import Doc, Span

from ..records import Fact

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)

TEXT_KEY = "partyfacts_text"  # doc.user_data key of the doc's text, set by extract() when it has it
_TEXT, _TOKENS, _SENTENCES, _STARTS = TEXT_KEY, "partyfacts_tokens", "partyfacts_sentences", "partyfacts_sentence_starts"
_ATTRS = "partyfacts_token_attrs"

# factory name -> fact type, in pipeline order
COMPONENTS = {
    "partyfacts_organisations": "organisations",
    "partyfacts_officials": "officials",
    "partyfacts_documents": "documents",
    "partyfacts_terms": "terms",
    "partyfacts_congresses": "congresses",
    "partyfacts_counts": "counts",
}


def facts(doc: Doc) -> dict[str, list[Fact]]:
    """The fact lists of ``doc``, created on first use."""
    if doc._.facts is None:
        doc._.facts = {name: [] for name in COMPONENTS.values()}
    return doc._.facts


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per doc (spaCy joins every token again on each access)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text``, sliced from the doc's text (``Span.text`` makes a Token object per word)."""
    return text_of(span.doc)[span.start_char:span.end_char]


def token_texts(doc: Doc) -> list[str]:
    """The text of every token (``token_texts(doc)[i] == doc[i].text``), without making Token objects."""
    return token_attrs(doc).text


@dataclass(frozen=True)
class TokenAttrs:
    """Token attributes of one doc as plain lists indexed like ``doc`` (``attrs.text[i] == doc[i].text``)."""

    text: list[str]
    whitespace: list[str]  # Token.whitespace_
    lower: list[str]       # Token.lower_
    is_title: list[bool]
    is_alpha: list[bool]
    is_lower: list[bool]
    is_stop: list[bool]
    capitalised: list[bool]  # starts with a capital and has a letter (see :func:`is_capitalised`)


def is_capitalised(text: str) -> bool:
    return text[:1].isupper() and (text[0].isalpha() or any(c.isalpha() for c in text))


_SPELLINGS: dict[str, dict[int, tuple]] = {}  # language -> ORTH hash -> the word's text and attributes
_MAX_SPELLINGS = 200_000  # per language; then its table starts afresh, so memory stays bounded (~50 MB at most)
_WHITESPACE = ("", " ")


def _spelling(lexeme) -> tuple[str, str, bool, bool, bool, bool, bool]:
    """A word's attributes as spaCy defines them (``Token.lower_`` is ``str.lower`` and so on)."""
    text = lexeme.orth_
    return (text, text.lower(), text.istitle(), text.isalpha(), text.islower(), is_capitalised(text),
            lexeme.is_stop)


def spellings(doc: Doc) -> dict[int, tuple]:
    """The attribute table of the words of ``doc``'s language, by ORTH hash (words recur across docs)."""
    table = _SPELLINGS.setdefault(doc.lang_, {})
    if len(table) > _MAX_SPELLINGS:
        table.clear()
    return table


def token_attrs(doc: Doc) -> TokenAttrs:
    """The :class:`TokenAttrs` of ``doc``, read once per doc as one array (Token objects are slow to make)
    and looked up by spelling (a word's attributes are worked out once per process)."""
    attrs = doc.user_data.get(_ATTRS)
    if attrs is None:
        orth, space = doc.to_array([ORTH, SPACY]).T.tolist()
        table, vocab = spellings(doc), doc.vocab
        rows = [table.get(o) or table.setdefault(o, _spelling(vocab[o])) for o in orth]
        columns = [list(map(itemgetter(k), rows)) for k in range(7)]
        attrs = doc.user_data[_ATTRS] = TokenAttrs(
            columns[0], list(map(_WHITESPACE.__getitem__, space)), *columns[1:5], columns[6], columns[5])
    return attrs


def lines_with(text: str, regex: re.Pattern) -> list[tuple[int, int]]:
    """Bounds of the lines of ``text`` where ``regex`` matches (each line with its newline), in order."""
    lines, pos = [], 0
    while (m := regex.search(text, pos)) is not None:
        start, end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
        pos = len(text) if end < 0 else end + 1
        lines.append((start, pos))
    return lines


class Sentence(NamedTuple):
    """A sentence's token and character bounds, named as :class:`Span`'s (a Span is slow to make)."""

    start: int
    end: int
    start_char: int
    end_char: int


def sentences(doc: Doc) -> list[Sentence]:
    """The sentences of ``doc`` (as ``doc.sents`` gives them), computed once per doc."""
    cached = doc.user_data.get(_SENTENCES)
    if cached is None:
        sent_start, start, length = doc.to_array([SENT_START, IDX, LENGTH]).T
        bounds = [0, *(numpy.flatnonzero(sent_start[1:] == 1) + 1).tolist(), len(doc)] if len(doc) else []
        ends = (start + length).tolist()
        start = start.tolist()
        cached = doc.user_data[_SENTENCES] = [Sentence(s, e, start[s], ends[e - 1]) for s, e in zip(bounds, bounds[1:])]
    return cached


def sentence_of(doc: Doc, char: int) -> Sentence:
    """The sentence holding character ``char`` of ``doc.text``."""
    sents = sentences(doc)
    starts = doc.user_data.get(_STARTS)
    if starts is None:
        starts = doc.user_data[_STARTS] = [s.start_char for s in sents]
    i = bisect_right(starts, char) - 1
    return sents[max(i, 0)]


def sentence_at(doc: Doc, start: int, end: int | None = None) -> tuple[int, int]:
    """Character bounds of the sentence holding ``doc.text[start:end]`` (several if it spans them)."""
    end = start + 1 if end is None else end
    if not len(doc):
        return start, end
    s, e = sentence_of(doc, start).start_char, sentence_of(doc, max(end - 1, start)).end_char
    text = text_of(doc)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def evidence(doc: Doc, start: int, end: int) -> str:
    """The sentence that holds a mention, as text."""
    s, e = sentence_at(doc, start, end)
    return text_of(doc)[s:e]


_CATEGORIES = {} if _parser is None else {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
               sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}


def _first_chars(items) -> tuple[set[str], bool] | None:
    """Character-class pieces a match of the parsed ``items`` can start with, and whether it can be
    empty; None when that is not worked out (any character then counts as a possible start)."""
    pieces: set[str] = set()
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width
        if op is sre.LITERAL:
            return pieces | {re.escape(chr(av))}, False
        if op is sre.IN:
            for item_op, item in av:
                if item_op is sre.LITERAL:
                    pieces.add(re.escape(chr(item)))
                elif item_op is sre.RANGE:
                    pieces.add(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
                elif item_op is sre.CATEGORY and item in _CATEGORIES:
                    pieces.add(_CATEGORIES[item])
                else:
                    return None
            return pieces, False
        if op is sre.SUBPATTERN:  # (?u:...) under re.ASCII: \w and case there go beyond the lookahead's
            first = None if av[1] & re.UNICODE else _first_chars(av[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            first = _first_chars(av[2])
            first = first and (first[0], first[1] or av[0] == 0)
        elif op is sre.ATOMIC_GROUP:
            first = _first_chars(av)
        elif op is sre.BRANCH:
            branches = [_first_chars(branch) for branch in av[1]]
            first = None if None in branches else (set().union(*(b[0] for b in branches)), any(b[1] for b in branches))
        else:
            return None
        if first is None:
            return None
        pieces |= first[0]
        if not first[1]:
            return pieces, False
    return pieces, True


def _starts_plainly(items) -> bool:
    """Whether the parsed pattern starts with a character or class outside any flag group: ``re`` then
    already skips to the positions where it can match."""
    if not items:
        return False
    op, av = items[0]
    if op is sre.SUBPATTERN:
        return not av[1] and not av[2] and _starts_plainly(av[3])
    if op is sre.BRANCH:
        return all(_starts_plainly(branch) for branch in av[1])
    return op in (sre.LITERAL, sre.IN)


def with_first_chars(pattern: re.Pattern) -> re.Pattern:
    """``pattern`` behind a lookahead for the characters its matches can start with, so ``search`` and
    ``finditer`` skip other positions cheaply; the matches are the same. Unchanged when any character
    may start a match, or when ``re`` skips by itself."""
    if _parser is None:
        return pattern
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    first = None if _starts_plainly(parsed) else _first_chars(parsed)
    if first is None or first[1]:
        return pattern
    try:  # the class is read case-insensitively: a superset of what any case setting of the pattern allows
        return re.compile(f"(?=(?i:[{''.join(sorted(first[0]))}])){pattern.pattern}", pattern.flags)
    except re.error:  # global inline flags must stay at the start of the pattern
        return pattern
