"""Sentence boundaries for news prose: after . ! ? (abbreviations are kept whole by the
tokenizer) and at every line break, since scraped paragraphs and captions sit one per line."""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

ENDS = {".", "!", "?", "…", "...", "”."}


@Language.component("partyfacts_sentences")
def partyfacts_sentences(doc: Doc) -> Doc:
    """Mark sentence starts (set in one array: setting ``is_sent_start`` per token is quadratic)."""
    starts = numpy.full((len(doc), 1), -1, dtype="int64")
    previous = None
    for i, token in enumerate(doc):
        if previous is None:
            starts[i] = 1
        elif "\n" in previous.text or "\n" in previous.whitespace_ or (
                previous.text in ENDS and not token.is_punct
                and (token.is_title or token.is_upper or token.is_digit or not token.is_alpha)):
            starts[i] = 1
        previous = token
    if len(doc):
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc
