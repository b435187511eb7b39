"""spaCy components, one per fact type, and the helpers they share.

Each component reads its rules from ``models/patterns/<fact type>.jsonl`` (path overridable in its
config) and appends frozen records to ``doc._.facts[<fact type>]``. Components run in the order
of :data:`COMPONENTS`, so later ones (counts, congresses) can use the organisations found earlier.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

from ..records import Fact

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)

TEXT_KEY = "partyfacts_text"  # doc.user_data key of the doc's text, set by extract() when it has it
_TEXT, _TOKENS, _SENTENCES, _STARTS = TEXT_KEY, "partyfacts_tokens", "partyfacts_sentences", "partyfacts_sentence_starts"

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


def token_texts(doc: Doc) -> list[str]:
    """The text of every token, built once per doc from offsets (no Token objects are made)."""
    texts = doc.user_data.get(_TOKENS)
    if texts is None:
        text = text_of(doc)
        texts = doc.user_data[_TOKENS] = [text[i:i + n] for i, n in doc.to_array([IDX, LENGTH]).tolist()]
    return texts


def sentences(doc: Doc) -> list[Span]:
    """The sentences of ``doc``, computed once per doc (``Span.sent`` rescans the whole doc)."""
    cached = doc.user_data.get(_SENTENCES)
    if cached is None:
        cached = doc.user_data[_SENTENCES] = list(doc.sents)
    return cached


def sentence_of(doc: Doc, char: int) -> Span:
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
