"""Terms of office ("2020-2025 term", "term 2025 - 2030", "nhiệm kỳ 2020 - 2025")."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..patterns import load_jsonl
from ..records import Term
from . import evidence, facts, text_of, with_first_chars


class TermRecognizer:
    """Year ranges that the text ties to a term of office."""

    def __init__(self, patterns_file: str):
        rules = load_jsonl(patterns_file, {"id": str, "pattern": str})
        self.regexes = [with_first_chars(re.compile(rule["pattern"], re.IGNORECASE)) for rule in rules]

    def __call__(self, doc: Doc) -> Doc:
        found = facts(doc)["terms"]
        seen = set()
        for regex in self.regexes:
            for m in regex.finditer(text_of(doc)):
                first, last = int(m["start_year"]), int(m["end_year"])
                if not 0 < last - first <= 10 or (first, last) in seen:
                    continue
                seen.add((first, last))
                start, end = m.start("start_year"), m.end("end_year")
                found.append(Term(start_year=first, end_year=last, start=start, end=end,
                                  evidence=evidence(doc, start, end)))
        found.sort(key=lambda t: t.start)
        return doc


@Language.factory("partyfacts_terms", default_config={"patterns_file": "patterns/terms.jsonl"})
def make_terms(nlp: Language, name: str, patterns_file: str) -> TermRecognizer:
    return TermRecognizer(patterns_file)
