"""Stage 4: article records → the fact table and the typed tables researchers query.

* :func:`fact_table` — one row per fact, long format, columns and dtypes of :data:`FACT_COLUMNS`.
* :func:`build_tables` — the fact table plus ``articles``, ``officials``, ``organisations``,
  ``documents`` and ``counts`` (:class:`Tables`).
* :class:`OrgCanonicaliser` — archive-wide organisation keys: rule normalisation with the reviewed
  alias table ``models/aliases.csv``, the province the article is about for "Provincial ..." names,
  and character n-gram TF-IDF nearest neighbours proposing merges between keys of the same level,
  place and kind of body.
* :func:`near_duplicate_clusters` — syndicated or re-scraped copies of one story share a cluster
  id; ``is_repeat`` marks a fact already stated by an earlier article of its cluster, so
  ``facts[~facts.is_repeat]`` counts each fact once.
* :func:`official_timeline`, :func:`org_count_series` — cross-article views.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .patterns import MODELS_DIR, PatternError
from .records import Article

ALIAS_KINDS = ("province", "abbreviation", "word", "pattern", "body", "level", "role")
LIST_SEPARATOR = " | "
MERGE_THRESHOLD = 0.75      # cosine of character n-gram TF-IDF vectors of two organisation keys
DUPLICATE_THRESHOLD = 0.8   # cosine of word-trigram shingle vectors of two article texts

# a term or ordinal inside a name ("the 10th Provincial Party Committee", "khóa XVI", "XXV Party ...")
ROMAN = r"(?:x{1,3}(?:ix|iv|v?i{0,3})|ix|iv|vi{0,3}|i{2,3})"
TERM_MARK = re.compile(rf"\b(?:(?:khoa|term|nhiem ky) {ROMAN}|\d+(?:st|nd|rd|th)|{ROMAN}(?= party| school))\b")

LEADING_OF_THE = re.compile(r"^(?:of\s+)?(?:the\s+)?", re.I)

FACT_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "published": "datetime64[ns]",
    "source": "string",
    "language": "string",
    "cluster_id": "Int64",
    "is_repeat": "boolean",
    "fact_type": "string",
    "org_key": "string",
    "organisation": "string",
    "person": "string",
    "attribute": "string",
    "value": "Int64",
    "value_max": "Int64",
    "qualifier": "string",
    "is_target": "boolean",
    "period": "string",
    "doc_number": "string",
    "doc_kind": "string",
    "doc_date": "datetime64[ns]",
    "evidence": "string",
    "start": "Int64",
    "end": "Int64",
}

TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "facts": FACT_COLUMNS,
    "articles": {
        "article_id": "string", "published": "datetime64[ns]", "source": "string", "url": "string",
        "language": "string", "title": "string", "province": "string", "cluster_id": "Int64",
        "cluster_size": "Int64", "officials": "Int64", "organisations": "Int64", "documents": "Int64",
        "terms": "Int64", "congresses": "Int64", "counts": "Int64",
    },
    "officials": {
        "person": "string", "person_key": "string", "position": "string", "role": "string",
        "organisation": "string", "org_key": "string", "article_id": "string",
        "published": "datetime64[ns]", "is_repeat": "boolean",
    },
    "organisations": {
        "org_key": "string", "name": "string", "aliases": "string", "level": "string",
        "province": "string", "mentions": "Int64", "articles": "Int64",
    },
    "documents": {
        "number": "string", "kind": "string", "date": "datetime64[ns]", "issuer": "string",
        "citations": "Int64", "articles": "string", "first_cited": "datetime64[ns]",
    },
    "counts": {
        "org_key": "string", "organisation": "string", "measure": "string", "value": "Int64",
        "value_max": "Int64", "qualifier": "string", "period": "string", "is_target": "boolean",
        "published": "datetime64[ns]", "article_id": "string", "is_repeat": "boolean",
    },
}

FACT_TYPE_OF = {"officials": "official", "organisations": "organisation", "documents": "document",
                "terms": "term", "congresses": "congress", "counts": "count"}


def fold(text: str | None) -> str:
    """Lower case without diacritics (đ → d), "'s", punctuation and "the" removed; joined
    capitalised words split ("QuangNinh" → "quang ninh")."""
    if not text:
        return ""
    text = str(text)
    return _fold_short(text) if len(text) <= 200 else _fold(text)


@lru_cache(maxsize=1 << 16)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = "".join(f" {c}" if c.isupper() and prev.islower() else c for prev, c in zip(" " + text, text))
    text = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d").replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"'s\b", " ", text)
    words = re.sub(r"[^\w{}]+", " ", text).split()
    return " ".join(w for w in words if w != "the")


def typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` with exactly the columns of ``table``, in order, with their dtypes."""
    schema = TABLE_COLUMNS[table]
    out = pd.DataFrame(index=frame.index)
    for name, dtype in schema.items():
        column = frame[name] if name in frame else pd.Series(pd.NA, index=frame.index, dtype="object")
        if dtype.startswith("datetime"):
            out[name] = pd.to_datetime(column, errors="coerce", format="ISO8601").astype(dtype)
        elif dtype == "boolean":
            out[name] = column.map(_to_bool, na_action="ignore").astype("boolean")
        elif dtype == "Int64":
            out[name] = pd.to_numeric(column, errors="coerce").astype("Int64")
        else:
            out[name] = column.astype(dtype)
    return out.reset_index(drop=True)


def _to_bool(value) -> bool | None:
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().lower())
    return bool(value)


@dataclass(frozen=True)
class Aliases:
    """The reviewed alias table, compiled (see the header of ``models/aliases.csv``)."""

    provinces: tuple[tuple[str, str], ...]          # folded alias, display name
    abbreviations: tuple[tuple[re.Pattern, str], ...]
    words: tuple[tuple[re.Pattern, str], ...]
    patterns: tuple[tuple[re.Pattern, str], ...]
    bodies: tuple[str, ...]                          # folded, longest first
    levels: tuple[tuple[re.Pattern, str], ...]
    roles: tuple[tuple[str, str], ...]               # folded alias, English role; longest first
    generic: frozenset[str]                          # words that name no place or body of their own


@lru_cache(maxsize=None)
def _phrase(folded: str) -> re.Pattern:
    return re.compile(r"(?<!\S)" + re.escape(folded) + r"(?!\S)")


@lru_cache(maxsize=None)
def load_aliases(path: str | Path | None = None) -> Aliases:
    """Read and validate an alias table (default ``models/aliases.csv``)."""
    path = Path(path) if path else MODELS_DIR / "aliases.csv"
    if not path.is_file():
        raise PatternError(f"{path}: alias table not found")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for number, row in enumerate(csv.DictReader(lines), 2):
        kind, alias, canonical = row.get("kind"), (row.get("alias") or "").strip(), (row.get("canonical") or "").strip()
        if kind not in ALIAS_KINDS or not alias:
            raise PatternError(f"{path.name}: row {number}: bad kind {kind!r} or empty alias")
        if kind in ("province", "word", "pattern", "level", "role", "abbreviation") and not canonical:
            raise PatternError(f"{path.name}: row {number}: {kind} row needs a canonical form")
        if kind == "pattern" and alias.count("{x}") != canonical.count("{x}"):
            raise PatternError(f"{path.name}: row {number}: {{x}} must appear in both alias and canonical")
        rows[kind].append((alias, canonical))
    words = sorted(((fold(a), fold(c)) for a, c in rows["word"]), key=lambda ac: -len(ac[0]))
    bodies = tuple(sorted({fold(a) for a, _ in rows["body"]}, key=len, reverse=True))
    # "Party Committee of X" is "X Party Committee"; these come before the table's own patterns
    patterns = [(re.compile("^" + re.escape(body) + r" of (?P<x>.+)$"), "{x} " + body) for body in bodies]
    patterns += [(re.compile("^" + re.escape(fold(a)).replace(r"\{x\}", "(?P<x>.+)") + "$"), fold(c))
                 for a, c in rows["pattern"]]
    levels = tuple((_phrase(fold(a)), c) for a, c in rows["level"])
    generic = {w for a, _ in rows["level"] + rows["body"] for w in fold(a).split()} | {"of", "and", "for"}
    return Aliases(
        provinces=tuple(sorted(((fold(a), c) for a, c in rows["province"]), key=lambda ac: -len(ac[0]))),
        abbreviations=tuple((re.compile(r"(?<![\w.])" + re.escape(a.lower()) + r"\s*", re.I), c + " ")
                            for a, c in rows["abbreviation"]),
        words=tuple((_phrase(a), c) for a, c in words),
        patterns=tuple(patterns),
        bodies=bodies,
        levels=levels,
        roles=tuple(sorted(((fold(a), c) for a, c in rows["role"]), key=lambda ac: -len(ac[0]))),
        generic=frozenset(generic),
    )


class OrgCanonicaliser:
    """Archive-wide keys for organisation names.

    ``key(name, province)`` is the rule key: folded name, aliases and "X of Y" rewrites applied,
    and "Provincial ..." names prefixed with ``province`` (the province the article is about).
    ``fit(keys)`` then merges rule keys whose TF-IDF vectors are close, but only within one
    level, one set of place words and one multiset of body kinds; ``resolve(key)`` maps a rule
    key to the key of its merged group.
    """

    def __init__(self, aliases: Aliases | None = None, threshold: float = MERGE_THRESHOLD):
        self.aliases = aliases or load_aliases()
        self.threshold = threshold
        self.merged: dict[str, str] = {}
        names = sorted({alias for alias, _ in self.aliases.provinces}, key=len, reverse=True)
        self._any_province = re.compile(r"(?<!\S)(" + "|".join(map(re.escape, names)) + r")(?!\S)")

    def key(self, name: str | None, province: str | None = None) -> str:
        if not name:
            return ""
        text = str(name)
        for pattern, replacement in self.aliases.abbreviations:
            text = pattern.sub(replacement, text)
        key = self._rewrite(self._words(TERM_MARK.sub(" ", fold(text))))
        place = self.province_in(key)
        if place and key.startswith(f"{fold(place)} party committee"):   # "Binh Duong Party Committee"
            key = key.replace(" party committee", " provincial party committee", 1)
        if province and (key.startswith("provincial ") or key == "provincial") and not self.province_in(key):
            key = f"{fold(province)} {key}"
        return key

    def _words(self, key: str) -> str:
        for pattern, replacement in self.aliases.words:
            key = pattern.sub(replacement, key)
        return re.sub(r"\s+", " ", key).strip()

    def _rewrite(self, key: str) -> str:
        for pattern, template in self.aliases.patterns:
            match = pattern.match(key)
            if match:
                inner = self._rewrite(match.group("x")) if "x" in pattern.groupindex else ""
                return self._words(template.replace("{x}", inner))
        return key

    def province_in(self, text: str) -> str | None:
        """The first province named in folded ``text``."""
        for alias, display in self.aliases.provinces:
            if _phrase(alias).search(text):
                return display
        return None

    def article_province(self, text: str) -> str | None:
        """The province an article is about: the one it names most often, if named as a province
        ("Quang Ninh province", "Tỉnh ủy Quảng Ninh") or more than once."""
        folded = fold(text)
        named = Counter(self._any_province.findall(folded))
        best = []
        for alias, display in self.aliases.provinces:
            mentions = named[alias]
            if not mentions:
                continue
            as_province = re.search(rf"(?:\b(?:tinh|tinh uy) {re.escape(alias)}|{re.escape(alias)} provinc(?:e|ial))\b", folded)
            if mentions > 1 or as_province:
                best.append((mentions, display))
        return max(best)[1] if best else None

    def article_keys(self, names: Iterable[str], province: str | None = None) -> dict[str, str]:
        """Keys for the organisation names of one article. A name without place words ("Bloc Party
        Committee", "the company") takes the key of the one named body of the article that has
        the same level and kinds of body and all of its words."""
        keys = {name: self.key(name, province) for name in names if name}
        placed = {k for k in keys.values() if self.place(k)}
        for name, key in keys.items():
            if key and not self.place(key):
                level, bodies, words = self.level(key), self.bodies(key), set(key.split())
                matches = {k for k in placed if self.level(k) == level and self.bodies(k) == bodies
                           and words <= set(k.split())}
                if len(matches) == 1:
                    keys[name] = matches.pop()
        return {name: key for name, key in keys.items() if key}

    def level(self, key: str) -> str:
        for pattern, level in self.aliases.levels:
            if pattern.search(key):
                return level
        return "other"

    def bodies(self, key: str) -> tuple[str, ...]:
        """The kinds of body named in ``key``, sorted (longest phrase first when they overlap)."""
        found, rest = [], f" {key} "
        for body in self.aliases.bodies:
            while f" {body} " in rest:
                found.append(body)
                rest = rest.replace(f" {body} ", " ", 1)
        return tuple(sorted(found))

    def place(self, key: str) -> str:
        """The words of ``key`` that are neither level nor body words, spaces removed."""
        return "".join(w for w in key.split() if w not in self.aliases.generic)

    def block(self, key: str) -> tuple[str, str, tuple[str, ...]]:
        """Keys may merge only within one block: same level, place words and body kinds."""
        return self.level(key), self.place(key), self.bodies(key)

    def propose(self, keys: Iterable[str]) -> list[tuple[str, str, float]]:
        """Pairs of distinct keys in one block whose character n-gram TF-IDF cosine reaches the threshold."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.neighbors import NearestNeighbors

        keys = sorted({k for k in keys if k})
        if len(keys) < 2:
            return []
        vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).fit_transform(keys)
        neighbours = NearestNeighbors(metric="cosine").fit(vectors)
        distances, indices = neighbours.radius_neighbors(vectors, radius=1.0 - self.threshold + 1e-9)
        pairs = set()
        for i, (row_d, row_i) in enumerate(zip(distances, indices)):
            for distance, j in zip(row_d, row_i):
                if i < j and self.block(keys[i]) == self.block(keys[j]):
                    pairs.add((keys[i], keys[j], round(1.0 - float(distance), 3)))
        return sorted(pairs)

    def fit(self, keys: Iterable[str], weights: Counter | None = None) -> "OrgCanonicaliser":
        """Merge the proposed pairs (transitively); a group's key is its most used, then shortest, key."""
        keys = sorted({k for k in keys if k})
        weights = weights or Counter()
        parent = {k: k for k in keys}

        def root(k: str) -> str:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for a, b, _ in self.propose(keys):
            parent[root(a)] = root(b)
        groups: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            groups[root(k)].append(k)
        self.merged = {}
        for members in groups.values():
            head = min(members, key=lambda k: (-weights[k], len(k), k))
            self.merged.update({k: head for k in members})
        return self

    def resolve(self, key: str) -> str:
        return self.merged.get(key, key)

    def same(self, a: str, b: str, province: str | None = None, context: Iterable[str] = ()) -> bool:
        """Whether two names are one body: rule keys (with the other names of their article as
        ``context``), then a TF-IDF merge proposal for the pair."""
        ka = self.article_keys({a, *context}, province).get(a, "")
        kb = self.article_keys({b, *context}, province).get(b, "")
        return bool(ka) and (ka == kb or bool(self.propose([ka, kb])))

    def split_position(self, position: str) -> tuple[str, str | None]:
        """An official's position as (role, organisation): "Secretary of the X" → ("Secretary", "X")."""
        position = " ".join(position.split())
        folded = fold(position)
        for alias, role in self.aliases.roles:
            if folded == alias or folded.startswith(alias + " "):
                rest = " ".join(position.split()[len(alias.split()):])
                return role, LEADING_OF_THE.sub("", rest) or None
        head, sep, rest = position.partition(" of ")
        return (head, LEADING_OF_THE.sub("", rest) or None) if sep else (position, None)

    def positions(self, title: str | None) -> list[str]:
        """The positions in a title: split at ";" and at ", " before a role word."""
        if not title:
            return []
        parts = []
        for chunk in title.split(";"):
            pieces = [p for p in re.split(r",\s+", chunk) if p.strip()]
            for piece in pieces:
                folded = fold(piece)
                starts_role = any(folded == a or folded.startswith(a + " ") for a, _ in self.aliases.roles)
                if parts and not starts_role and piece is not pieces[0]:
                    parts[-1] += ", " + piece
                else:
                    parts.append(piece.strip())
        return [p for p in parts if p]


def score_pairs(pairs_file: str | Path, gold_dir: str | Path, canon: OrgCanonicaliser | None = None) -> dict:
    """Precision and recall of :meth:`OrgCanonicaliser.same` on labelled pairs (``corpus/org_pairs.csv``).

    A pair naming an ``article`` is judged with that article's gold organisation names as context.
    """
    canon = canon or OrgCanonicaliser()
    pairs = pd.read_csv(pairs_file, dtype=str, keep_default_na=False)
    outcome, errors = Counter(), []
    for pair in pairs.itertuples(index=False):
        context: list[str] = []
        if pair.article:
            gold = json.loads((Path(gold_dir) / f"{pair.article}.json").read_text(encoding="utf-8"))
            context = gold["organisations"] + [c["org"] for c in gold["counts"] if c.get("org")]
        predicted, truth = canon.same(pair.name_a, pair.name_b, pair.province or None, context), pair.same == "1"
        outcome[("t" if predicted == truth else "f") + ("p" if predicted else "n")] += 1
        if predicted != truth:
            errors.append((pair.name_a, pair.name_b, int(truth)))
    tp, fp, fn = outcome["tp"], outcome["fp"], outcome["fn"]
    return {"pairs": len(pairs), "tp": tp, "fp": fp, "fn": fn, "tn": outcome["tn"],
            "precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "errors": errors}


def person_key(name: str | None) -> str:
    return fold(name)


def near_duplicate_clusters(texts: Sequence[str], threshold: float = DUPLICATE_THRESHOLD) -> list[int]:
    """A cluster id (1, 2, ... in order of first member) per text; copies of one story share it.

    Texts are hashed into word-trigram shingle vectors; two texts whose cosine reaches
    ``threshold`` are linked, and clusters are the connected groups.
    """
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import HashingVectorizer

    if not texts:
        return []
    vectors = HashingVectorizer(analyzer="word", ngram_range=(3, 3), n_features=2 ** 20,
                                alternate_sign=False, norm="l2").transform(texts)
    similar = (vectors @ vectors.T) >= threshold
    _, labels = connected_components(similar, directed=False)
    first_seen: dict[int, int] = {}
    for label in labels:
        first_seen.setdefault(int(label), len(first_seen) + 1)
    return [first_seen[int(label)] for label in labels]


def _facts_of(article: Article, canon: OrgCanonicaliser) -> Iterable[dict]:
    for facts_name, fact_type in FACT_TYPE_OF.items():
        for fact in getattr(article, facts_name):
            row = {"fact_type": fact_type, "evidence": fact.evidence or None, "start": fact.start, "end": fact.end}
            if fact_type == "official":
                positions = canon.positions(fact.title)
                organisation = canon.split_position(positions[0])[1] if positions else None
                row.update(person=fact.name, attribute=fact.title, organisation=organisation)
            elif fact_type == "organisation":
                row.update(organisation=fact.name or fact.canonical, attribute="named")
            elif fact_type == "document":
                row.update(organisation=fact.issuer, attribute=fact.kind, doc_number=fact.number,
                           doc_kind=fact.kind, doc_date=fact.date)
            elif fact_type == "term":
                row.update(attribute="term", value=fact.start_year, value_max=fact.end_year)
            elif fact_type == "congress":
                row.update(organisation=fact.org, attribute=fact.level, value=fact.ordinal)
            else:
                row.update(organisation=fact.org, attribute=fact.measure, value=fact.value,
                           value_max=fact.value_max, qualifier=fact.qualifier, is_target=fact.is_target,
                           period=fact.period)
            yield row


REPEAT_KEY = ("fact_type", "org_key", "person_key", "attribute", "value", "value_max", "qualifier",
              "period", "is_target", "doc_number")


def _mark_repeats(frame: pd.DataFrame, order: dict[str, int]) -> pd.Series:
    """True for a fact already stated by an earlier article of the same cluster."""
    keyed = frame.assign(person_key=frame["person"].map(person_key, na_action="ignore"),
                         order=frame["article_id"].map(order))
    first = keyed.groupby(["cluster_id", *REPEAT_KEY], dropna=False)["order"].transform("min")
    return keyed["order"] > first


@dataclass(frozen=True)
class Tables:
    """The fact table and the typed tables built from it, as DataFrames."""

    facts: pd.DataFrame
    articles: pd.DataFrame
    officials: pd.DataFrame
    organisations: pd.DataFrame
    documents: pd.DataFrame
    counts: pd.DataFrame

    def items(self) -> list[tuple[str, pd.DataFrame]]:
        """(name, table) pairs, the fact table first."""
        return [(name, getattr(self, name)) for name in TABLE_COLUMNS]


def build_tables(articles: Iterable[Article], canon: OrgCanonicaliser | None = None) -> Tables:
    """Every table for a set of article records."""
    articles = list(articles)
    canon = canon or OrgCanonicaliser()
    provinces = {a.article_id: canon.article_province(f"{a.title or ''}\n{a.text}") for a in articles}
    clusters = dict(zip((a.article_id for a in articles), near_duplicate_clusters([a.text or a.title or "" for a in articles])))
    order = {a.article_id: i for i, a in enumerate(sorted(articles, key=lambda a: (a.published or "9999", a.article_id)))}

    rows, names = [], defaultdict(set)
    for article in articles:
        for row in _facts_of(article, canon):
            row.update(article_id=article.article_id, published=article.published, source=article.source,
                       language=article.language, cluster_id=clusters[article.article_id])
            rows.append(row)
            if row.get("organisation"):
                names[article.article_id].add(row["organisation"])
            if row["fact_type"] == "official":
                names[article.article_id].update(
                    org for _, org in map(canon.split_position, canon.positions(row["attribute"])) if org)
    keys = {(aid, name): key for aid, found in names.items()
            for name, key in canon.article_keys(found, provinces[aid]).items()}
    canon.fit(keys.values(), Counter(keys.values()))
    keys = {pair: canon.resolve(key) for pair, key in keys.items()}
    for row in rows:
        row["org_key"] = keys.get((row["article_id"], row.get("organisation")))
    frame = pd.DataFrame(rows, columns=list(FACT_COLUMNS))
    frame["is_repeat"] = _mark_repeats(frame, order) if len(frame) else pd.Series(dtype=bool)
    facts = typed(frame, "facts")
    return Tables(
        facts=facts,
        articles=_articles(articles, facts, provinces, clusters),
        officials=_officials(facts, canon, keys),
        organisations=_organisations(facts, canon),
        documents=_documents(facts),
        counts=typed(facts[facts.fact_type == "count"].rename(columns={"attribute": "measure"}), "counts"),
    )


def fact_table(articles: Iterable[Article]) -> pd.DataFrame:
    """The long fact table of :data:`FACT_COLUMNS`, one row per fact."""
    return build_tables(articles).facts


def _articles(articles: list[Article], facts: pd.DataFrame, provinces: dict, clusters: dict) -> pd.DataFrame:
    sizes = Counter(clusters.values())
    per_type = facts.groupby(["article_id", "fact_type"]).size()
    rows = []
    for a in articles:
        row = {"article_id": a.article_id, "published": a.published, "source": a.source, "url": a.url,
               "language": a.language, "title": a.title, "province": provinces[a.article_id],
               "cluster_id": clusters[a.article_id], "cluster_size": sizes[clusters[a.article_id]]}
        for facts_name, fact_type in FACT_TYPE_OF.items():
            row[facts_name] = int(per_type.get((a.article_id, fact_type), 0))
        rows.append(row)
    return typed(pd.DataFrame(rows), "articles")


def _officials(facts: pd.DataFrame, canon: OrgCanonicaliser, keys: dict) -> pd.DataFrame:
    rows = []
    for fact in facts[facts.fact_type == "official"].itertuples(index=False):
        title = None if pd.isna(fact.attribute) else fact.attribute
        for position in canon.positions(title) or [None]:
            role, organisation = canon.split_position(position) if position else (None, None)
            key = keys.get((fact.article_id, organisation))
            rows.append({"person": fact.person, "person_key": person_key(fact.person), "position": position,
                         "role": role, "organisation": organisation,
                         "org_key": key, "article_id": fact.article_id,
                         "published": fact.published, "is_repeat": fact.is_repeat})
    return typed(pd.DataFrame(rows, columns=list(TABLE_COLUMNS["officials"])), "officials")


def _organisations(facts: pd.DataFrame, canon: OrgCanonicaliser) -> pd.DataFrame:
    named = facts[facts.fact_type.isin(["organisation", "count", "congress", "document"]) & facts.org_key.notna()]
    rows = []
    for key, group in named.groupby("org_key", sort=True):
        names = Counter(group["organisation"])
        # a name that is the key on its own ("Quang Ninh Provincial Party Committee") beats a bare one
        display = max(names, key=lambda n: (canon.key(n) == key, names[n], len(n)))
        rows.append({"org_key": key, "name": display, "aliases": LIST_SEPARATOR.join(sorted(names)),
                     "level": canon.level(key), "province": canon.province_in(key),
                     "mentions": len(group), "articles": group["article_id"].nunique()})
    return typed(pd.DataFrame(rows, columns=list(TABLE_COLUMNS["organisations"])), "organisations")


def _documents(facts: pd.DataFrame) -> pd.DataFrame:
    cited = facts[facts.fact_type == "document"]
    rows = []
    for number, group in cited.groupby("doc_number", sort=True):
        def first(column: str):
            values = group[column].dropna()
            return values.mode().iloc[0] if len(values) else None
        rows.append({"number": number, "kind": first("doc_kind"), "date": first("doc_date"),
                     "issuer": first("organisation"), "citations": group["article_id"].nunique(),
                     "articles": LIST_SEPARATOR.join(sorted(group["article_id"].unique())),
                     "first_cited": group["published"].min()})
    return typed(pd.DataFrame(rows, columns=list(TABLE_COLUMNS["documents"])), "documents")


def official_timeline(officials: pd.DataFrame) -> pd.DataFrame:
    """Each official's positions over time: first and last seen, and the articles."""
    grouped = officials.groupby(["person_key", "position"], dropna=False, sort=True)
    return grouped.agg(person=("person", "first"), first_seen=("published", "min"), last_seen=("published", "max"),
                       articles=("article_id", lambda ids: LIST_SEPARATOR.join(sorted(set(ids))))).reset_index()


def org_count_series(counts: pd.DataFrame) -> pd.DataFrame:
    """Each organisation's counts over time, by measure (facts repeated by near-duplicates left out)."""
    once = counts[~counts["is_repeat"].fillna(False).astype(bool)]
    columns = ["org_key", "measure", "published", "period", "value", "value_max", "qualifier", "is_target", "article_id"]
    return once[columns].sort_values(["org_key", "measure", "published", "period"], na_position="last").reset_index(drop=True)


__all__ = ["FACT_COLUMNS", "TABLE_COLUMNS", "OrgCanonicaliser", "Tables", "build_tables", "fact_table", "fold", "score_pairs",
           "load_aliases", "near_duplicate_clusters", "official_timeline", "org_count_series", "typed"]
