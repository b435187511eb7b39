"""Stage 3: extract facts from clean article text with a spaCy pipeline.

The default pipeline is ``spacy.blank(lang)`` plus the partyfacts components; nothing is
downloaded. ``model=`` names an installed spaCy pipeline whose PERSON/ORG entities are offered
to the components as extra candidates.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .records import Fact

if TYPE_CHECKING:
    from spacy.language import Language

# "05-NQ/TU", "1026-KL/TU", "24-QĐ/TW", "04/NQ-ĐU" stay one token.
DOCUMENT_NUMBER = re.compile(r"^\d{1,5}[-/][A-ZĐ]{1,6}(?:-[A-ZĐ]{1,6})?[/-][A-ZĐ]{1,10}(?:-[A-ZĐ]{1,6})?$")
ABBREVIATIONS = ("No.", "no.", "Nos.", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Assoc.", "Lt.", "Gen.", "Col.",
                 "Maj.", "Sen.", "St.", "TP.", "TX.", "P.", "Q.", "H.")


def build_nlp(lang: str = "en", model: str | None = None) -> Language:
    """A fresh partyfacts pipeline: tokenizer rules, sentences, then one component per fact type."""
    import spacy  # imported here, not at module level: a run that reuses every shard never loads spaCy
    from spacy.symbols import ORTH

    from .components import COMPONENTS
    from .components import congresses, counts, documents, officials, organisations, segmenter, terms  # noqa: F401  (registers factories)

    # spaCy's own Vietnamese tokenizer splits on spaces only without pyvi; the multi-language
    # tokenizer separates punctuation and needs nothing else.
    nlp = spacy.load(model, exclude=["lemmatizer"]) if model else spacy.blank("xx" if lang == "vi" else lang)
    for abbreviation in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.tokenizer.token_match = DOCUMENT_NUMBER.match
    if model:
        nlp.add_pipe("partyfacts_sentences", before="parser" if "parser" in nlp.pipe_names else None)
    else:
        nlp.add_pipe("partyfacts_sentences")
    for factory in COMPONENTS:
        nlp.add_pipe(factory)
    return nlp


@lru_cache(maxsize=4)
def default_nlp(lang: str = "en", model: str | None = None) -> Language:
    """The pipeline for ``lang``, built once per process."""
    return build_nlp(lang, model)


def extract(text: str, published: str | None = None, lang: str = "en",
            nlp: Language | None = None) -> dict[str, tuple[Fact, ...]]:
    """Every fact in ``text``, by fact type; ``published`` (ISO date) resolves dates without a year."""
    from .components import TEXT_KEY, facts

    nlp = nlp or default_nlp(lang if lang in ("en", "vi") else "en")
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text  # spaCy rebuilds doc.text from every token on each access
    doc._.published = published
    doc = nlp(doc)
    return {name: tuple(items) for name, items in facts(doc).items()}


__all__ = ["build_nlp", "default_nlp", "extract"]
