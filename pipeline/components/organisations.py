"""Organisations (placeholder: the rules land with the extraction issue)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import facts


class OrganisationRecognizer:
    def __init__(self, patterns_file: str):
        self.patterns_file = patterns_file

    def __call__(self, doc: Doc) -> Doc:
        facts(doc)
        return doc


@Language.factory("partyfacts_organisations", default_config={"patterns_file": "patterns/organisations.jsonl"})
def make_organisations(nlp: Language, name: str, patterns_file: str) -> OrganisationRecognizer:
    return OrganisationRecognizer(patterns_file)
