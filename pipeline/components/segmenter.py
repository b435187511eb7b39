"""Sentence boundaries for news prose: after . ! ? (abbreviations are kept whole by the
tokenizer) and at every line break, since scraped paragraphs and captions sit one per line."""
from __future__ import annotations

import numpy
from spacy.attrs import IS_ALPHA, IS_DIGIT, IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

ENDS = (".", "!", "?", "…", "...", "”.")


@Language.component("partyfacts_sentences")
def partyfacts_sentences(doc: Doc) -> Doc:
    """Mark sentence starts, reading token attributes as one array (Token objects are slow to make
    and setting ``is_sent_start`` token by token is quadratic)."""
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    ends = {strings.add(end) for end in ENDS}
    rows = doc.to_array([ORTH, IS_PUNCT, IS_TITLE, IS_UPPER, IS_DIGIT, IS_ALPHA, IS_SPACE]).tolist()
    starts = numpy.full((len(doc), 1), -1, dtype="int64")
    starts[0] = 1
    for i in range(1, len(rows)):
        orth, _, _, _, _, _, space = rows[i - 1]
        _, punct, title, upper, digit, alpha, _ = rows[i]
        if (space and "\n" in strings[orth]) or (orth in ends and not punct and (title or upper or digit or not alpha)):
            starts[i] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc
