"""Officials (placeholder: the rules land with the extraction issue)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import facts


class OfficialRecognizer:
    def __init__(self, patterns_file: str):
        self.patterns_file = patterns_file

    def __call__(self, doc: Doc) -> Doc:
        facts(doc)
        return doc


@Language.factory("partyfacts_officials", default_config={"patterns_file": "patterns/officials.jsonl"})
def make_officials(nlp: Language, name: str, patterns_file: str) -> OfficialRecognizer:
    return OfficialRecognizer(patterns_file)
