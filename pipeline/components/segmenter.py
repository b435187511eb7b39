"""Sentence boundaries for news prose: after . ! ? (abbreviations are kept whole by the
tokenizer) and at every line break, since scraped paragraphs and captions sit one per line."""
from __future__ import annotations

import numpy
from spacy.attrs import IS_ALPHA, IS_DIGIT, IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc

ENDS = (".", "!", "?", "…", "...", "”.")
END_HASHES = numpy.array([hash_string(end) for end in ENDS], dtype="uint64")  # the ORTH of each


@Language.component("partyfacts_sentences")
def partyfacts_sentences(doc: Doc) -> Doc:
    """Mark sentence starts, reading token attributes as one array (Token objects are slow to make
    and setting ``is_sent_start`` token by token is quadratic)."""
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    ends = END_HASHES
    orth, punct, title, upper, digit, alpha, space = doc.to_array(
        [ORTH, IS_PUNCT, IS_TITLE, IS_UPPER, IS_DIGIT, IS_ALPHA, IS_SPACE]).T
    spaces = numpy.flatnonzero(space)
    newline = numpy.zeros(len(doc), dtype=bool)
    newline[spaces] = ["\n" in strings[o] for o in orth[spaces].tolist()]
    # a token starts a sentence after a line break, or after an end mark when it is no punctuation and
    # is capitalised, a number or no word
    opens = (punct == 0) & (((title | upper | digit) != 0) | (alpha == 0))
    starts = numpy.full((len(doc), 1), -1, dtype="int64")
    starts[0] = 1
    starts[1:][newline[:-1] | numpy.isin(orth, ends)[:-1] & opens[1:]] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc
