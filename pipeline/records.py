"""Typed, frozen records that flow between the stages (see docs/EXTRACTION.md, section 1).

Every extracted fact carries ``start``/``end`` character offsets into the article's cleaned
``text`` (``text[start:end]`` is the mention) and ``evidence``, the sentence it was read from.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class RawArticle:
    """One article as read from disk, before cleaning."""

    article_id: str
    source: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class ProcessingError:
    """An input that could not be turned into a record, and why."""

    source: str
    reason: str
    article_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class Fact:
    """Fields shared by every extracted fact (listed last in the JSON form)."""

    start: int
    end: int
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        names = [f.name for f in fields(self)]  # every field is a plain value: no deep copy needed
        shared = ("start", "end", "evidence")
        return {name: getattr(self, name) for name in (*(n for n in names if n not in shared), *shared)}


@dataclass(frozen=True, kw_only=True)
class Official(Fact):
    name: str
    title: str | None = None


@dataclass(frozen=True, kw_only=True)
class Organisation(Fact):
    name: str
    canonical: str


@dataclass(frozen=True, kw_only=True)
class Document(Fact):
    number: str
    kind: str | None = None
    date: str | None = None
    issuer: str | None = None


@dataclass(frozen=True, kw_only=True)
class Term(Fact):
    start_year: int
    end_year: int


@dataclass(frozen=True, kw_only=True)
class Congress(Fact):
    ordinal: int
    level: str = "other"
    org: str | None = None


@dataclass(frozen=True, kw_only=True)
class Count(Fact):
    measure: str
    value: int
    value_max: int | None = None
    qualifier: str = "exact"
    org: str | None = None
    period: str | None = None
    is_target: bool = False


FACT_TYPES: dict[str, type[Fact]] = {
    "officials": Official,
    "organisations": Organisation,
    "documents": Document,
    "terms": Term,
    "congresses": Congress,
    "counts": Count,
}


@dataclass(frozen=True)
class Article:
    """The record of one article: metadata, cleaned text and its facts."""

    article_id: str
    source: str
    url: str | None = None
    language: str | None = None
    title: str | None = None
    published: str | None = None
    text: str = ""
    officials: tuple[Official, ...] = field(default_factory=tuple)
    organisations: tuple[Organisation, ...] = field(default_factory=tuple)
    documents: tuple[Document, ...] = field(default_factory=tuple)
    terms: tuple[Term, ...] = field(default_factory=tuple)
    congresses: tuple[Congress, ...] = field(default_factory=tuple)
    counts: tuple[Count, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready record, keys in the order of the spec."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = [fact.to_dict() for fact in value] if f.name in FACT_TYPES else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        """Rebuild a record from its JSON form (unknown keys are ignored)."""
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            if f.name in FACT_TYPES:
                fact_cls = FACT_TYPES[f.name]
                names = {ff.name for ff in fields(fact_cls)}
                kwargs[f.name] = tuple(
                    fact_cls(**{k: v for k, v in item.items() if k in names}) for item in data[f.name] or ()
                )
            else:
                kwargs[f.name] = data[f.name]
        return cls(**kwargs)
