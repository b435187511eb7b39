"""Counts of Party members, Party units, delegates and committee seats (docs/EXTRACTION.md, section 8).

A count is a number followed by a counted noun ("263 party cells", "gần 300 đại biểu"). The rules in
``models/patterns/counts.jsonl`` say which nouns count what, which numbers are not counts (margins,
parts of a total, units that something happened to), which cues make a goal, which phrases give the
period, and how the owning body is tied to the number; ``counts_vocabulary.jsonl`` holds the word lists.
The owner comes from the organisation mentions found earlier (``facts(doc)["organisations"]``), with
"the city", "the province", "the Party Committee" resolved to the named body the article means.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Set
from itertools import accumulate
from dataclasses import dataclass, replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from ..patterns import PatternError, alternation, load_jsonl
from ..records import Count, Organisation
from . import evidence, facts, sentences, text_of, with_first_chars

DIGITS = r"\d{1,3}(?:[.,]\d{3}){1,3}(?![.,]?\d)|\d{1,9}(?![.,]?\d)"  # up to a billion; longer runs are no counts
SINGLE_RULE_KINDS = ("owner_bridge", "owner_after", "sub_body", "year_context")
RULE_KINDS = ("measure", "not_before", "not_after", "parts", "parts_opening", "sub_level", "target_before",
              "target_after", "elected_body", "period", "post_qualifier", "parent", "ratio_of_target", "represented",
              *SINGLE_RULE_KINDS)
PEOPLE = frozenset({"party_members", "new_members", "disciplined", "delegates", "committee_members"})
YEAR_REACH = 400  # characters before a sentence searched for the year "the year" means
PERIOD_REACH = 40  # characters after a counted noun where its period may still be written ("... in 2023")
OF_THE = re.compile(r"(?:\s*\([^)]*\))?\s+of(?:\s+the)?(?=\s)", re.IGNORECASE)
VOCABULARY_KINDS = ("number_words", "scale_words", "qualifiers", "references", "kind_keywords", "kind_fallbacks",
                    "generic_words", "party_words")


@dataclass(frozen=True)
class MeasureRule:
    measure: str
    noun: re.Pattern
    before: re.Pattern | None
    sentence: re.Pattern | None
    nearby: re.Pattern | None


@dataclass(frozen=True)
class Candidate:
    """A body a count may belong to: a named mention, or a reference such as "the city" to resolve."""

    start: int
    end: int
    name: str | None  # the Party organisation meant, None for a reference to resolve
    kind: str
    surface: str  # as written


@dataclass(frozen=True)
class Mention:
    """A number with its counted noun, before it becomes a record."""

    measure: str
    value: int
    value_max: int | None
    qualifier: str
    lead: int  # where the qualifier (or the number) starts
    start: int
    end: int
    body: str | None = None  # the committee named with the noun ("elected 16 members to the Standing Committee")
    of_ratio: bool = False  # M of "N out of M" / "N/M"
    sub_level: bool = False  # units under the grassroots level ("3.673 chi bộ trực thuộc"): no part of their total
    part_of: Mention | None = None  # the total given earlier in the sentence that this number is a part of
    target: bool = False  # a goal whatever the cues say (M of "N/M, x% of the target")
    excluded: bool = False  # no count (units merged, people honoured), but still a total its parts belong to


class Grammar:
    """The compiled rules and words of one language."""

    def __init__(self, rules: list[dict], vocabulary: dict[str, dict | list]):
        by_kind: dict[str, list[dict]] = {kind: [] for kind in RULE_KINDS}
        for rule in rules:
            by_kind[rule["kind"]].append(rule)
        for kind in SINGLE_RULE_KINDS:
            if len(by_kind[kind]) != 1:
                raise PatternError(f"counts: expected one {kind!r} rule per language, got {len(by_kind[kind])}")

        def compiled(kind: str) -> list[re.Pattern]:
            return [with_first_chars(re.compile(rule["pattern"], re.IGNORECASE)) for rule in by_kind[kind]]

        self.measures = [MeasureRule(rule["measure"], re.compile(rule["pattern"], re.IGNORECASE),
                                     _optional(rule, "before"), _optional(rule, "sentence"), _optional(rule, "nearby"))
                         for rule in by_kind["measure"]]
        self.measure_names = {rule.measure for rule in self.measures}
        self.not_before, self.not_after, self.periods = (  # each with the measures it is limited to
            [(with_first_chars(re.compile(rule["pattern"], re.IGNORECASE)), frozenset(rule.get("measures", ())))
             for rule in by_kind[kind]] for kind in ("not_before", "not_after", "period"))
        self.post_qualifiers = [(re.compile(rule["pattern"], re.IGNORECASE), rule["qualifier"])
                                for rule in by_kind["post_qualifier"]]
        self.parts, self.parts_openings, self.sub_levels = (compiled(kind) for kind in ("parts", "parts_opening",
                                                                                     "sub_level"))
        self.ratios_of_target, self.represented = compiled("ratio_of_target"), compiled("represented")
        self.targets_before, self.targets_after = compiled("target_before"), compiled("target_after")
        self.parents = [(re.compile(rule["pattern"]), rule.get("suffix", "")) for rule in by_kind["parent"]]
        self.elected_bodies = [with_first_chars(re.compile(rule["pattern"]))  # case tells names
                               for rule in by_kind["elected_body"]]
        self.owner_bridge, self.owner_after, self.sub_body, self.year_context = (
            with_first_chars(re.compile(by_kind[k][0]["pattern"], 0 if k == "sub_body" else re.IGNORECASE))
            for k in SINGLE_RULE_KINDS)

        self.number_words = {w.lower(): v for w, v in vocabulary["number_words"].items()}
        self.scale_words = {w.lower(): v for w, v in vocabulary["scale_words"].items()}
        self.scaled = re.compile(rf"(?P<digits>\d{{1,3}}(?:[.,]\d{{1,2}})?)\s+(?P<scale>{alternation(list(self.scale_words))})\b",
                                 re.IGNORECASE)  # "5.1 million", "5,2 triệu"
        number = rf"(?:{self.scaled.pattern}|{DIGITS}|\b(?:{alternation(list(self.number_words))})\b)".replace(
            "(?P<digits>", "(?:").replace("(?P<scale>", "(?:")
        self.number = with_first_chars(re.compile(
            rf"(?<![\w.,/-])(?:(?P<part>{number})\s*/\s*|(?P<part_of>{number})\s+(?:out\s+)?of\s+(?:the\s+)?)?"
            rf"(?P<value>{number})(?:\s*(?:-|–|to|đến)\s*(?P<max>{number}))?"
            rf"(?![\w%/-]|\s*(?:%|percent|per\s+cent|phần\s+trăm))", re.IGNORECASE))
        self.qualifiers = {w.lower(): q for w, q in vocabulary["qualifiers"].items()}
        self.qualifier_reach = max(map(len, self.qualifiers), default=0)
        self.qualifier = with_first_chars(
            re.compile(rf"\b(?:{alternation(list(self.qualifiers))})\s*$", re.IGNORECASE))
        self.references = {w.lower(): k for w, k in vocabulary["references"].items()}
        self.reference = with_first_chars(
            re.compile(rf"(?<!\w)(?:{alternation(list(self.references))})(?!\w)", re.IGNORECASE))
        self.kind_keywords = {k: [w.lower() for w in words] for k, words in vocabulary["kind_keywords"].items()}
        self.fallbacks = vocabulary["kind_fallbacks"]
        self.generic_words = {w.lower() for w in vocabulary["generic_words"]}
        self.party_words = [w.lower() for w in vocabulary["party_words"]]


def _optional(rule: dict, key: str) -> re.Pattern | None:
    return with_first_chars(re.compile(rule[key], re.IGNORECASE)) if key in rule else None


class CountRecognizer:
    """Numbers of Party members, units, delegates and committee seats, with what they belong to."""

    def __init__(self, patterns_file: str, vocabulary_file: str):
        rules = load_jsonl(patterns_file, {"id": str, "kind": str, "lang": str, "pattern": str})
        words = load_jsonl(vocabulary_file, {"kind": str, "lang": str, "words": (list, dict)})
        for entry in (*rules, *words):
            if entry["kind"] not in (*RULE_KINDS, *VOCABULARY_KINDS) or entry["lang"] not in ("en", "vi", "any"):
                raise PatternError(f"counts: unknown kind or lang in {entry}")
        for rule in rules:
            needed = {"measure": "measure", "post_qualifier": "qualifier"}.get(rule["kind"])
            if needed and not isinstance(rule.get(needed), str):
                raise PatternError(f"counts: {rule['kind']} rule {rule['id']!r} has no {needed!r}")
        self.grammars = {lang: Grammar([r for r in rules if r["lang"] in (lang, "any")],
                                       _merge_vocabulary([w for w in words if w["lang"] in (lang, "any")]))
                         for lang in ("en", "vi")}

    def __call__(self, doc: Doc) -> Doc:
        grammar = self.grammars["vi" if doc.lang_ in ("vi", "xx") else "en"]
        found = facts(doc)["counts"]
        text = text_of(doc)
        owners = cache(lambda: Owners(doc, text, grammar))  # made for the first sentence with a count
        seen: dict[tuple[str, int, int | None], set[str | None]] = {}  # the bodies each count was read for
        previous_start, previous_orgs = 0, frozenset()  # the bodies of the last sentence with counts
        for sent in sentences(doc):
            counted = len(found)
            for mention, org, period, is_target in self._sentence_counts(doc, text, sent.start_char, sent.end_char,
                                                                        previous_start, previous_orgs, grammar, owners):
                key = (mention.measure, mention.value, mention.value_max)
                if _same_fact(org, seen.get(key)) or (mention.of_ratio and any(k[1] == mention.value for k in seen)):
                    continue
                seen.setdefault(key, set()).add(org)
                found.append(Count(measure=mention.measure, value=mention.value, value_max=mention.value_max,
                                   qualifier=mention.qualifier, org=org, period=period, is_target=is_target,
                                   start=mention.start, end=mention.end,
                                   evidence=evidence(doc, mention.start, mention.end)))
            previous_start = sent.start_char
            previous_orgs = frozenset(c.org for c in found[counted:]) or previous_orgs
        found.sort(key=lambda c: c.start)
        return doc

    def _sentence_counts(self, doc: Doc, text: str, s: int, e: int, previous_start: int,
                         previous_orgs: frozenset[str | None], grammar: Grammar, owners: Callable[[], Owners]):
        """(mention, org, period, is_target) for every count of the sentence ``text[s:e]``."""
        numbers = list(grammar.number.finditer(text, s, e))
        if not numbers:
            return []
        opening = any(p.match(text[s:e]) for p in grammar.parts_openings)  # all numbers are parts of the last total
        mentions: list[Mention] = []
        totals: list[Mention] = []  # the numbers later ones may be parts of, counts or not
        for m in numbers:
            mention = self._mention(text, s, e, previous_start, m, grammar, totals)
            if mention is None:
                continue
            if not mention.part_of:
                totals.append(mention)
            if mention.excluded:
                continue
            if mention.of_ratio and any(p.match(text[mention.end:e]) for p in grammar.ratios_of_target):
                # "26/30 new members, 86% of the target": 26 were admitted, 30 is the goal
                done = m["part"] or m["part_of"]
                mentions.append(replace(mention, value=_number(done, grammar), start=m.start(), end=m.start() + len(done),
                                        of_ratio=False))
                mention = replace(mention, target=True)
            mentions.append(mention)
        if not mentions:
            return []
        owned = [(mention, owners().own(mention, s, e, mentions)) for mention in mentions]
        owner_of = {id(mention): owner for mention, owner in owned}
        owned = [(mention, owner) for mention, owner in owned
                 if not (opening or mention.part_of)
                 or owners().own_body(mention, s, mentions,
                                      {owner_of.get(id(mention.part_of))} if mention.part_of else previous_orgs)]
        sentence_owner = next((owner for mention, owner in owned
                               if owner is not None and mention.measure != "committee_members"), None)
        out = []
        for mention, owner in owned:
            if owner is None and mention.measure != "committee_members":
                owner = sentence_owner or owners().default(mention, s)
            out.append((mention, owner, self._period(doc, text, s, e, mention, grammar),
                        self._is_target(text, s, e, mention, grammar)))
        return out

    def _mention(self, text: str, s: int, e: int, previous_start: int, m: re.Match, grammar: Grammar,
                 earlier: list[Mention]) -> Mention | None:
        """The count a number match makes, or None when it is no count."""
        value = _number(m["value"], grammar)
        value_max = _number(m["max"], grammar) if m["max"] else None
        if value_max is not None and value_max <= value:
            return None
        of_ratio = bool(m["part_of"] or m["part"])
        before = text[s:m.start("value") if of_ratio else m.start()]
        if m["value"].isdigit() and 1900 <= value <= 2100 and grammar.year_context.search(before):
            return None
        # a qualifier ends where the text before the number does, so only its last characters are searched
        qualifier_match = grammar.qualifier.search(before, max(0, len(before.rstrip()) - grammar.qualifier_reach))
        qualifier = grammar.qualifiers[_words(qualifier_match.group())] if qualifier_match else "exact"
        lead = s + (qualifier_match.start() if qualifier_match else len(before))
        context = text[s:lead]
        noun_from = m.end()
        if m["part_of"]:  # "27 out of 66 (41%) of the grassroots party organizations"
            of_the = OF_THE.match(text, noun_from, e)
            noun_from = of_the.end() if of_the else noun_from
        for regex, post in grammar.post_qualifiers:  # "2,200 or more party members"
            after_number = regex.match(text[noun_from:e])
            if after_number:
                qualifier, noun_from = post, noun_from + after_number.end()
        best: tuple[re.Match, MeasureRule] | None = None
        for rule in grammar.measures:
            noun = rule.noun.match(text, noun_from, e)
            if noun is None or (rule.before and not rule.before.search(context)):
                continue
            if rule.sentence and not rule.sentence.search(text, s, e):
                continue
            if rule.nearby and not rule.nearby.search(text, previous_start, e):
                continue
            if best is None or noun.end() > best[0].end():
                best = (noun, rule)
        if best is None:
            return None
        noun, rule = best
        end = noun.end()
        represented = any(p.search(context) for p in grammar.represented)  # "representing 4,400 members", who attend
        excluded = any((not only or rule.measure in only) and p.search(context) for p, only in grammar.not_before) \
            or not (of_ratio or represented) and any((not only or rule.measure in only) and p.search(text[end:e])
                                                     for p, only in grammar.not_after)
        # M of "N/M ... that completed" stays: it is the body's total, N the units that did
        for regex, post in grammar.post_qualifiers:  # "100 đảng viên trở lên"
            if regex.match(text[end:e]):
                qualifier = post
        sub_level = any(p.match(text, noun_from, e) for p in grammar.sub_levels)
        return Mention(measure=rule.measure, value=value, value_max=value_max, qualifier=qualifier, lead=lead,
                       start=m.start("value"), end=end, body=noun.groupdict().get("body"), of_ratio=of_ratio,
                       sub_level=sub_level, part_of=_total_of(text, lead, rule.measure, sub_level, earlier, grammar),
                       excluded=excluded)

    def _period(self, doc: Doc, text: str, s: int, e: int, mention: Mention, grammar: Grammar) -> str | None:
        """The time the count covers: the last period phrase before it, else one right after its noun."""
        periods = [regex for regex, measures in grammar.periods if not measures or mention.measure in measures]
        before = [m for regex in periods for m in regex.finditer(text, s, mention.lead)]
        clause_end = text.find(";", mention.end, e)
        reach = min(e if clause_end < 0 else clause_end, mention.end + PERIOD_REACH)
        after = [m for regex in periods for m in regex.finditer(text, mention.end, reach)]
        if not before and not after:
            return None
        best = max(before, key=lambda m: m.start()) if before else min(after, key=lambda m: m.start())
        groups = best.groupdict()
        if groups.get("range"):
            return "-".join(re.findall(r"\d{4}", groups["range"]))
        if groups.get("year"):
            return groups["year"]
        if groups.get("phrase"):
            return " ".join(groups["phrase"].split())
        if groups.get("roman"):
            return f"{groups['roman'].upper()} term"
        if groups.get("year_ref"):
            return self._year_before(text, s, grammar) or _words(groups["year_ref"])
        return self._current_term(doc, best.start()) or _words(groups["term_ref"])

    @staticmethod
    def _year_before(text: str, s: int, grammar: Grammar) -> str | None:
        """The year the preceding sentences are about, for "since the beginning of the year"."""
        years = [m for regex, _ in grammar.periods for m in regex.finditer(text, max(0, s - YEAR_REACH), s)
                 if m.groupdict().get("year")]
        return max(years, key=lambda m: m.start())["year"] if years else None

    @staticmethod
    def _current_term(doc: Doc, before: int) -> str | None:
        """The term "the term" means: the one holding the publication year, else the last one named before."""
        terms = [t for t in facts(doc)["terms"] if t.start < before]
        year = int(doc._.published[:4]) if doc._.published else None
        current = [t for t in terms if year and t.start_year <= year <= t.end_year] or terms
        return f"{current[-1].start_year}-{current[-1].end_year}" if current else None

    @staticmethod
    def _is_target(text: str, s: int, e: int, mention: Mention, grammar: Grammar) -> bool:
        """A goal: a goal cue in the clause before the number, or "will be admitted" after it."""
        if mention.target:
            return True
        clause_start = max(s, text.rfind(";", s, mention.lead) + 1)
        if any(p.search(text[clause_start:mention.lead]) for p in grammar.targets_before):
            return True
        return any(p.search(text[mention.end:e]) for p in grammar.targets_after)


class Owners:
    """Which body a count belongs to, from the organisation mentions and references of one document."""

    def __init__(self, doc: Doc, text: str, grammar: Grammar):
        self.text, self.grammar = text, grammar
        mentions = [o for o in facts(doc)["organisations"] if isinstance(o, Organisation)]
        self.candidates: list[Candidate] = []
        for o in _outermost(mentions):
            organisation = self._parent(o.name) if grammar.sub_body.search(o.name) else o.name
            named = organisation is not None and self._is_named(organisation)
            self.candidates.append(Candidate(o.start, o.end, organisation if named else None,
                                             self._kind_of(organisation or o.name), o.name))
        by_start = sorted(self.candidates, key=lambda c: c.start)
        starts, reach = [c.start for c in by_start], list(accumulate((c.end for c in by_start), max))
        for m in grammar.reference.finditer(text):  # references where no organisation was found
            before = bisect_left(starts, m.end())  # candidates starting before the reference ends
            if not before or reach[before - 1] <= m.start():
                self.candidates.append(Candidate(m.start(), m.end(), None, grammar.references[_words(m.group())],
                                                 m.group()))
        self.candidates.sort(key=lambda c: c.start)
        self.named = [c for c in self.candidates if c.name and self._is_party_body(c.name)]
        frequency = Counter(_words(c.name) for c in self.named)
        self.main_body = max(self.named, key=lambda c: (frequency[_words(c.name)], -c.start), default=None)

    def own(self, mention: Mention, s: int, e: int, mentions: list[Mention]) -> str | None:
        """The body the sentence ties this count to, if any."""
        text = self.text
        if mention.body:
            return mention.body.strip()
        nearest = self._bridged(mention, s, mentions)
        if nearest is not None:
            if mention.measure != "committee_members":
                owner = self.resolve(nearest)
                if owner:
                    return owner
            elif self.grammar.sub_body.search(nearest.surface):
                return nearest.surface
        if mention.measure == "committee_members":
            for regex in self.grammar.elected_bodies:
                body = regex.search(text, s, mention.lead)
                if body:
                    return body["body"].strip()
            return None
        for c in self.candidates:
            if mention.end <= c.start < e and self.grammar.owner_after.search(text[mention.end:c.start]):
                return self.resolve(c)
        return None

    def own_body(self, mention: Mention, s: int, mentions: list[Mention], total_orgs: Set[str | None]) -> bool:
        """A part of a total that is still a count: a body of its own is named right before it, with no other
        number between ("trong đó, Đảng bộ Công an tỉnh kết nạp được 21 đảng viên"), and it is none of the
        total's bodies (a breakdown by body, not by attribute)."""
        nearest = self._bridged(mention, s, mentions)
        return nearest is not None and nearest.name is not None \
            and "#" not in _mask(self.text, nearest.end, mention.lead, mentions) \
            and all(_name_words(nearest.name) != _name_words(org) for org in total_orgs if org is not None)

    def _bridged(self, mention: Mention, s: int, mentions: list[Mention]) -> Candidate | None:
        """The body written in the sentence right before the count, tied to it ("X currently has |9 cells")."""
        before = [c for c in self.candidates if s <= c.start and c.end <= mention.lead]
        if before and self.grammar.owner_bridge.search(_mask(self.text, before[-1].end, mention.lead, mentions)):
            return before[-1]
        return None

    def default(self, mention: Mention, s: int) -> str | None:
        """The body of a count whose sentence names none: the congress holder, else the last body named,
        else the stand-in for the last kind of body referred to, else, in an article that names no body and
        refers to no particular kind of one, the stand-in for the article's own (a provincial paper's province)."""
        if mention.measure == "delegates" and self.main_body:
            return self.main_body.name
        earlier = [c for c in self.named if c.end <= s]
        if earlier:
            return earlier[-1].name
        if self.main_body:
            return self.main_body.name
        kinds = [c.kind for c in self.candidates if c.end <= s and c.kind in self.grammar.fallbacks]
        kinds = kinds or [c.kind for c in self.candidates if c.kind in self.grammar.fallbacks]
        if kinds:
            return self.grammar.fallbacks[kinds[-1]]
        unnamed = any(c.kind != "any" for c in self.candidates)  # "Đảng bộ xã", "the company": some body not named
        return None if unnamed else self.grammar.fallbacks.get("article")

    def resolve(self, candidate: Candidate) -> str | None:
        """A named body for a candidate: itself, else the last earlier named body of its kind, else a stand-in."""
        if candidate.name:
            return candidate.name
        if candidate.kind == "congress":
            return self.main_body.name if self.main_body else None
        keywords = self.grammar.kind_keywords.get(candidate.kind, [])
        fits = [c for c in self.named if not keywords or any(k in c.name.lower() for k in keywords)]
        earlier = [c for c in fits if c.end <= candidate.start]
        if earlier:
            return earlier[-1].name
        if self.main_body and self.main_body in fits:
            return self.main_body.name
        if fits:
            return fits[0].name
        return self.grammar.fallbacks.get(candidate.kind)

    def _is_named(self, name: str) -> bool:
        words = re.findall(r"(?<!\w)(?:[^\W\d_]+|\d+)(?!\w)", name.lower())  # "Ward 5" yes, "10th" no
        return any(w not in self.grammar.generic_words for w in words)

    def _parent(self, name: str) -> str | None:
        """The organisation a committee or office belongs to ("Standing Committee of X" -> X), if written."""
        for regex, suffix in self.grammar.parents:
            m = regex.search(name)
            if m:
                return m["parent"].strip() + suffix
        return None

    def _is_party_body(self, name: str) -> bool:
        lowered = name.lower()
        return any(w in lowered for w in self.grammar.party_words)

    def _kind_of(self, name: str) -> str:
        lowered = name.lower()
        for kind, keywords in self.grammar.kind_keywords.items():
            if keywords and any(k in lowered for k in keywords):
                return kind
        return "any"


def _total_of(text: str, lead: int, measure: str, sub_level: bool, earlier: list[Mention],
              grammar: Grammar) -> Mention | None:
    """The total given earlier in the sentence that the number at ``lead`` is a part of: a parts cue ("including",
    "trong đó") stands between them. The total is the last count of the same family (people, or units); units under
    the grassroots level ("với 3.673 chi bộ trực thuộc") are asides, neither parts nor totals of the level above."""
    family = PEOPLE if measure in PEOPLE else frozenset(grammar.measure_names) - PEOPLE
    for total in reversed(earlier):
        if total.measure not in family or (sub_level and not (total.sub_level and total.measure == measure)):
            continue
        if any(p.search(text[total.end:lead]) for p in grammar.parts):
            return total
        if sub_level or not total.sub_level:
            return None
    return None


def _same_fact(org: str | None, bodies: set[str | None] | None) -> bool:
    """A count already read: the same number of the same thing, unless the two bodies are named apart ("Party
    Cell 1 with 12 members; ... Party Cell 3 with 12 members"); one name holding the other's words is one body
    ("Provincial Party Committee", "Hai Duong Provincial Party Committee")."""
    if bodies is None:
        return False
    if org is None or None in bodies:
        return True
    words = _name_words(org)
    return any(words <= other or other <= words for other in map(_name_words, bodies))


def _name_words(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", name.lower())) - {"of", "the"}


def _outermost(mentions: list[Organisation]) -> list[Organisation]:
    """The mentions not inside a longer one, in their order."""
    inside, furthest_end, its_start = set(), -1, -1
    for i in sorted(range(len(mentions)), key=lambda i: (mentions[i].start, -mentions[i].end)):
        o = mentions[i]  # every mention seen before starts no later than this one
        if furthest_end > o.end or (furthest_end == o.end and its_start < o.start):
            inside.add(i)
        if o.end > furthest_end:
            furthest_end, its_start = o.end, o.start
    return [o for i, o in enumerate(mentions) if i not in inside]


def _mask(text: str, start: int, end: int, mentions: list[Mention]) -> str:
    """``text[start:end]`` with every count read so far replaced by "#"."""
    pieces, at = [], start
    for m in mentions:
        if start <= m.lead and m.end <= end:
            pieces.append(text[at:m.lead] + "#")
            at = m.end
    return "".join(pieces) + text[at:end]


def _number(token: str, grammar: Grammar) -> int:
    word = _words(token)
    scaled = grammar.scaled.fullmatch(word)
    if scaled:  # the separator before one or two digits is a decimal point
        return round(float(scaled["digits"].replace(",", ".")) * grammar.scale_words[scaled["scale"]])
    return grammar.number_words[word] if word in grammar.number_words else int(re.sub(r"[.,]", "", token))


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _merge_vocabulary(entries: list[dict]) -> dict[str, dict | list]:
    merged: dict[str, dict | list] = {}
    for entry in entries:
        words = entry["words"]
        if isinstance(words, dict):
            merged.setdefault(entry["kind"], {}).update(words)
        else:
            merged.setdefault(entry["kind"], []).extend(words)
    missing = [kind for kind in VOCABULARY_KINDS if kind not in merged]
    if missing:
        raise PatternError(f"counts vocabulary: missing {missing}")
    return merged


@Language.factory("partyfacts_counts", default_config={"patterns_file": "patterns/counts.jsonl",
                                                        "vocabulary_file": "patterns/counts_vocabulary.jsonl"})
def make_counts(nlp: Language, name: str, patterns_file: str, vocabulary_file: str) -> CountRecognizer:
    return CountRecognizer(patterns_file, vocabulary_file)
