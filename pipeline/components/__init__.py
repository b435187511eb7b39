"""spaCy components, one per fact type, and the helpers they share.

Each component reads its rules from ``models/patterns/<fact type>.jsonl`` (path overridable in its
config) and appends frozen records to ``doc._.facts[<fact type>]``. Components run in the order
of :data:`COMPONENTS`, so later ones (counts, congresses) can use the organisations found earlier.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..records import Fact

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)

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


def sentence_at(doc: Doc, start: int, end: int | None = None) -> tuple[int, int]:
    """Character bounds of the sentence holding ``doc.text[start:end]`` (several if it spans them)."""
    end = start + 1 if end is None else end
    span = doc.char_span(start, max(end, start + 1), alignment_mode="expand")
    if span is None or not len(span):
        return start, end
    first, last = span[0].sent, span[-1].sent
    s, e = first.start_char, last.end_char
    text = doc.text
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def evidence(doc: Doc, start: int, end: int) -> str:
    """The sentence that holds a mention, as text."""
    s, e = sentence_at(doc, start, end)
    return doc.text[s:e]
