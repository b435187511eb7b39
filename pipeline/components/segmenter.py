"""Sentence boundaries for news prose: after . ! ? (abbreviations are kept whole by the
tokenizer) and at every line break, since scraped paragraphs and captions sit one per line."""
from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc

from . import text_of

ENDS = (".", "!", "?", "…", "...", "”.")
END_HASHES = numpy.array([hash_string(end) for end in ENDS], dtype="uint64")  # the ORTH of each
NEWLINE = re.compile("\n")
_OPENS: dict[str, dict[int, bool]] = {}  # language -> ORTH hash -> whether the word may open a sentence


def _opens(lexeme) -> bool:
    """After an end mark, a word opens a sentence when it is no punctuation and is capitalised, a
    number or no word."""
    return not lexeme.is_punct and (lexeme.is_title or lexeme.is_upper or lexeme.is_digit or not lexeme.is_alpha)


@Language.component("partyfacts_sentences")
def partyfacts_sentences(doc: Doc) -> Doc:
    """Mark sentence starts from two arrays, words' ORTH and start offsets (Token objects are slow to
    make, and setting ``is_sent_start`` token by token is quadratic)."""
    if not len(doc):
        return doc
    orth, start = doc.to_array([ORTH, IDX]).T
    starts = numpy.full((len(doc), 1), -1, dtype="int64")
    starts[0] = 1
    # a line break is always a whitespace token of its own: the token holding each "\n" is found by offset
    breaks = [m.start() for m in NEWLINE.finditer(text_of(doc))]
    after_break = numpy.searchsorted(start, breaks, side="right")
    starts[after_break[after_break < len(doc)]] = 1
    opens, vocab = _OPENS.setdefault(doc.lang_, {}), doc.vocab
    if len(opens) > 200_000:
        opens.clear()
    for k in (numpy.flatnonzero(numpy.isin(orth[:-1], END_HASHES)) + 1).tolist():
        word = int(orth[k])
        if word not in opens:
            opens[word] = _opens(vocab[word])
        if opens[word]:
            starts[k] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc
