"""Sentence boundaries for news prose: after . ! ? (abbreviations are kept whole by the
tokenizer) and at every line break, since scraped paragraphs and captions sit one per line."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

ENDS = {".", "!", "?", "…", "...", "”."}


@Language.component("partyfacts_sentences")
def partyfacts_sentences(doc: Doc) -> Doc:
    """Mark sentence starts."""
    for i, token in enumerate(doc):
        if i == 0:
            token.is_sent_start = True
            continue
        prev = doc[i - 1]
        boundary = "\n" in prev.text or "\n" in prev.whitespace_ or (
            prev.text in ENDS and not token.is_punct and (token.is_title or token.is_upper or token.is_digit
                                                          or not token.is_alpha)
        )
        token.is_sent_start = bool(boundary)
    return doc
