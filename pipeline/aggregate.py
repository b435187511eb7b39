"""Stage 4: article records → the fact table and the typed tables researchers query.

* :func:`build_tables` — the fact table plus ``articles``, ``officials``, ``organisations``,
  ``documents`` and ``counts`` (:class:`Tables`) as DataFrames; :func:`fact_table` the first.
  Both run :func:`build_into`, which streams the records once into a scratch DuckDB database
  (:func:`scratch_db`) and builds the tables there with SQL, so an archive of any size is built
  in a bounded amount of memory (``pipeline.export`` writes the same tables to disk).
* :class:`OrgCanonicaliser` — archive-wide organisation keys: rule normalisation with the reviewed
  alias table ``models/aliases.csv``, the province the article is about for "Provincial ..." names,
  and character n-gram TF-IDF nearest neighbours proposing merges between keys of the same level,
  place and kind of body.
* :func:`near_duplicate_clusters` — syndicated or re-scraped copies of one story share a cluster
  id (MinHash of word-trigram shingles, LSH bands, estimated Jaccard); ``is_repeat`` marks a fact
  already stated by an earlier article of its cluster, so ``facts[~facts.is_repeat]`` counts each
  fact once.
* :func:`official_timeline`, :func:`org_count_series` — cross-article views.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .patterns import MODELS_DIR, PatternError
from .records import Article

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

ALIAS_KINDS = ("province", "abbreviation", "word", "pattern", "body", "level", "role")
LIST_SEPARATOR = " | "
MERGE_THRESHOLD = 0.75      # cosine of character n-gram TF-IDF vectors of two organisation keys
DUPLICATE_THRESHOLD = 0.65  # estimated Jaccard of the word-trigram shingle sets of two article texts
MINHASH_PERMUTATIONS, MINHASH_SEED = 128, 1
# 25 bands of 5 rows: a pair at Jaccard 0.65 shares a band with probability 0.95, at 0.3 with 0.06;
# candidates are then checked against the threshold on their whole signatures
LSH_BANDS, LSH_ROWS = 25, 5
SIGNATURES, SIGNATURE_SIZE = "signatures.bin", 4 * MINHASH_PERMUTATIONS   # staged signatures: file, bytes each
TABLE_MEMORY, TABLE_THREADS = "64MB", 1    # DuckDB's limits while building tables (it spills beyond the memory)

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


# the DuckDB type of each pandas dtype of TABLE_COLUMNS
SQL_TYPES = {"string": "VARCHAR", "datetime64[ns]": "DATE", "Int64": "BIGINT", "boolean": "BOOLEAN"}


def typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` with exactly the columns of ``table``, in order, with their dtypes."""
    import pandas as pd

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
        """Pairs of distinct keys in one block whose character n-gram TF-IDF cosine reaches the threshold
        (the vectors are fitted on every key; similarities are computed block by block, in slices)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        keys = sorted({k for k in keys if k})
        if len(keys) < 2:
            return []
        vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).fit_transform(keys)  # rows of norm 1
        blocks: dict[tuple, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            blocks[self.block(key)].append(i)
        pairs = set()
        for rows in blocks.values():
            if len(rows) < 2:
                continue
            block = vectors[rows]
            step = max(1, 1_000_000 // len(rows))     # at most a million similarities at a time
            for start in range(0, len(rows), step):
                similar = (block[start:start + step] @ block.T).tocoo()
                for i, j, cosine in zip(similar.row + start, similar.col, similar.data):
                    if i < j and cosine >= self.threshold - 1e-9:
                        pairs.add((keys[rows[i]], keys[rows[j]], round(float(cosine), 3)))
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
    with open(pairs_file, encoding="utf-8-sig", newline="") as handle:
        pairs = list(csv.DictReader(handle, restval=""))
    outcome, errors = Counter(), []
    for pair in pairs:
        context: list[str] = []
        if pair["article"]:
            gold = json.loads((Path(gold_dir) / f"{pair['article']}.json").read_text(encoding="utf-8"))
            context = gold["organisations"] + [c["org"] for c in gold["counts"] if c.get("org")]
        predicted = canon.same(pair["name_a"], pair["name_b"], pair["province"] or None, context)
        truth = pair["same"] == "1"
        outcome[("t" if predicted == truth else "f") + ("p" if predicted else "n")] += 1
        if predicted != truth:
            errors.append((pair["name_a"], pair["name_b"], int(truth)))
    tp, fp, fn = outcome["tp"], outcome["fp"], outcome["fn"]
    return {"pairs": len(pairs), "tp": tp, "fp": fp, "fn": fn, "tn": outcome["tn"],
            "precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "errors": errors}


def person_key(name: str | None) -> str:
    return fold(name)


WORD = re.compile(r"(?u)\b\w\w+\b")   # scikit-learn's default token pattern


class MinHasher:
    """MinHash signatures (datasketch, fixed seed) of the word-trigram shingle sets of texts, and
    their LSH band buckets."""

    def __init__(self):
        from datasketch import MinHash

        self._minhash = MinHash(num_perm=MINHASH_PERMUTATIONS, seed=MINHASH_SEED, scheme="affine32")

    def signature(self, text: str) -> bytes | None:
        """The signature (:data:`SIGNATURE_SIZE` bytes of uint32 values) of a text's lower-cased word
        trigrams; None if it has none."""
        words = WORD.findall(text.lower())
        if len(words) < 3:
            return None
        self._minhash.clear()
        self._minhash.update_batch([" ".join(words[i:i + 3]).encode("utf-8") for i in range(len(words) - 2)])
        return self._minhash.hashvalues.tobytes()

    @staticmethod
    def buckets(signature: bytes) -> list[int]:
        """A 64-bit hash of each LSH band: texts sharing a bucket are candidate near-duplicates."""
        width = 4 * LSH_ROWS
        return [int.from_bytes(hashlib.blake2b(signature[band * width:(band + 1) * width], digest_size=8).digest(),
                               "little", signed=True) for band in range(LSH_BANDS)]


# the scratch tables records are streamed into, in article order: one row per article, fact, official position,
# ... (with the article's fields a table shows, so that no wide row need be joined or sorted)
STAGE: dict[str, dict[str, str]] = {
    "stage_articles": {
        "seq": "INTEGER", "article_id": "VARCHAR", "published": "VARCHAR", "source": "VARCHAR", "url": "VARCHAR",
        "language": "VARCHAR", "title": "VARCHAR", "province": "VARCHAR", "officials": "BIGINT",
        "organisations": "BIGINT", "documents": "BIGINT", "terms": "BIGINT", "congresses": "BIGINT", "counts": "BIGINT",
    },
    "stage_facts": {
        "seq": "INTEGER", "n": "INTEGER", "article_id": "VARCHAR", "published": "VARCHAR", "source": "VARCHAR",
        "language": "VARCHAR", "fact_type": "VARCHAR", "organisation": "VARCHAR", "person": "VARCHAR",
        "person_key": "VARCHAR", "attribute": "VARCHAR", "value": "BIGINT", "value_max": "BIGINT",
        "qualifier": "VARCHAR", "is_target": "BOOLEAN", "period": "VARCHAR", "doc_number": "VARCHAR",
        "doc_kind": "VARCHAR", "doc_date": "VARCHAR", "evidence": "VARCHAR", "start": "BIGINT", "end": "BIGINT",
        "rule_key": "VARCHAR",   # of the organisation, in its article
    },
    "stage_positions": {"seq": "INTEGER", "n": "INTEGER", "k": "INTEGER", "person": "VARCHAR", "person_key": "VARCHAR",
                        "position": "VARCHAR", "role": "VARCHAR", "organisation": "VARCHAR", "rule_key": "VARCHAR",
                        "article_id": "VARCHAR", "published": "VARCHAR"},
    "stage_signatures": {"seq": "INTEGER", "buckets": "BIGINT[]"},   # the signatures go to SIGNATURES
    # after the pass: merged organisation keys and their level and province, the rule key of each name
    # alone, near-duplicate groups (the first article of each)
    "stage_merged": {"rule_key": "VARCHAR", "org_key": "VARCHAR"},
    "stage_org_info": {"org_key": "VARCHAR", "level": "VARCHAR", "province": "VARCHAR"},
    "stage_bare": {"name": "VARCHAR", "bare_key": "VARCHAR"},
    "stage_roots": {"seq": "INTEGER", "root": "INTEGER"},
}


def sql_literal(text: str | Path) -> str:
    """``text`` as a SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


SCRATCH_PREFIX = ".partyfacts-tables-"  # the scratch folder's name; one left by a killed run is removed by the next


@dataclass(frozen=True)
class Scratch:
    """A scratch DuckDB database and its folder (staging files, spills)."""

    con: duckdb.DuckDBPyConnection
    folder: Path


@contextmanager
def scratch_db(folder: str | Path | None = None) -> Iterator[Scratch]:
    """A scratch database in a temporary directory (under ``folder`` if given), removed on exit;
    DuckDB keeps to :data:`TABLE_MEMORY` and spills beyond it."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=folder) as name:
        path = Path(name)
        config = {"memory_limit": TABLE_MEMORY, "threads": TABLE_THREADS, "temp_directory": str(path / "spill")}
        with duckdb.connect(str(path / "scratch.duckdb"), config=config) as con:
            yield Scratch(con, path)


class _Stager:
    """Rows for scratch tables, appended to JSON Lines files as they come; :meth:`load` turns
    each file into its table."""

    def __init__(self, scratch: Scratch, tables: Iterable[str]):
        self.scratch = scratch
        self.files = {name: (scratch.folder / f"{name}.jsonl").open("w", encoding="utf-8") for name in tables}

    def add(self, table: str, **row) -> None:
        self.files[table].write(json.dumps(row, ensure_ascii=False) + "\n")

    def load(self) -> None:
        for name, handle in self.files.items():
            handle.close()
            columns = ", ".join(f"'{c}': '{t}'" for c, t in STAGE[name].items())
            self.scratch.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_json("
                                     f"{sql_literal(handle.name)}, columns = {{{columns}}}, format = 'newline_delimited')")
            Path(handle.name).unlink()


def _stage_signature(stager: _Stager, signatures: BinaryIO, hasher: MinHasher, seq: int, text: str) -> None:
    """A text's LSH buckets to ``stage_signatures``, its signature to record ``seq`` of the signature file."""
    signature = hasher.signature(text)
    if signature:
        signatures.seek(seq * SIGNATURE_SIZE)
        signatures.write(signature)
    stager.add("stage_signatures", seq=seq, buckets=hasher.buckets(signature) if signature else None)


def _link_near_duplicates(scratch: Scratch, threshold: float) -> None:
    """``stage_clusters``: cluster id (1, 2, ... in order of first member) and size of each staged
    text. Texts sharing an LSH bucket whose signatures agree on ``threshold`` of their values are
    linked; clusters are the connected groups."""
    import numpy as np

    con = scratch.con
    con.execute(f"""
        CREATE OR REPLACE TABLE stage_candidates AS
        WITH bands AS (SELECT seq, band, buckets[band + 1] AS bucket
                       FROM stage_signatures, range({LSH_BANDS}) AS bands(band) WHERE buckets IS NOT NULL)
        SELECT DISTINCT a.seq AS a, b.seq AS b
        FROM bands a JOIN bands b ON a.band = b.band AND a.bucket = b.bucket AND a.seq < b.seq""")
    parent: dict[int, int] = {}

    def root(seq: int) -> int:
        while parent.setdefault(seq, seq) != seq:
            parent[seq] = parent[parent[seq]]
            seq = parent[seq]
        return seq

    candidates = con.execute("SELECT a, b FROM stage_candidates")
    with (scratch.folder / SIGNATURES).open("rb") as signatures:
        def signature(seq: int) -> np.ndarray:
            signatures.seek(seq * SIGNATURE_SIZE)
            return np.frombuffer(signatures.read(SIGNATURE_SIZE), np.uint32)

        while pairs := candidates.fetchmany(10_000):
            for a, b in pairs:
                if np.count_nonzero(signature(a) == signature(b)) >= threshold * MINHASH_PERMUTATIONS:
                    first, second = sorted((root(a), root(b)))
                    parent[second] = first
    stager = _Stager(scratch, ["stage_roots"])
    for seq in list(parent):
        stager.add("stage_roots", seq=seq, root=root(seq))
    stager.load()
    con.execute("""
        CREATE OR REPLACE TABLE stage_clusters AS
        SELECT seq, dense_rank() OVER (ORDER BY coalesce(root, seq)) AS cluster_id,
               count(*) OVER (PARTITION BY coalesce(root, seq)) AS cluster_size
        FROM stage_signatures LEFT JOIN stage_roots USING (seq)""")


def near_duplicate_clusters(texts: Sequence[str], threshold: float = DUPLICATE_THRESHOLD) -> list[int]:
    """A cluster id (1, 2, ... in order of first member) per text; copies of one story share it.

    Each text's lower-cased word trigrams are MinHashed; texts sharing an LSH band bucket whose
    estimated Jaccard similarity reaches ``threshold`` are linked, and clusters are the connected
    groups. A text of fewer than three words is a cluster of its own.
    """
    with scratch_db() as scratch:
        stager, hasher = _Stager(scratch, ["stage_signatures"]), MinHasher()
        with (scratch.folder / SIGNATURES).open("wb") as signatures:
            for seq, text in enumerate(texts):
                _stage_signature(stager, signatures, hasher, seq, text)
        stager.load()
        _link_near_duplicates(scratch, threshold)
        return [cluster for cluster, in scratch.con.execute("SELECT cluster_id FROM stage_clusters ORDER BY seq").fetchall()]


def _facts_of(article: Article, canon: OrgCanonicaliser) -> Iterable[tuple[dict, list[tuple]]]:
    """Each fact of an article as a row of the fact table, with an official's (position, role,
    organisation) triples ([] for other facts)."""
    for facts_name, fact_type in FACT_TYPE_OF.items():
        for fact in getattr(article, facts_name):
            row = {"fact_type": fact_type, "evidence": fact.evidence or None, "start": fact.start, "end": fact.end}
            positions: list[tuple] = []
            if fact_type == "official":
                positions = [(p, *canon.split_position(p)) for p in canon.positions(fact.title)]
                row.update(person=fact.name, person_key=person_key(fact.name), attribute=fact.title,
                           organisation=positions[0][2] if positions else None)
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
            yield row, positions


def _stage(scratch: Scratch, articles: Iterable[Article], canon: OrgCanonicaliser) -> Counter:
    """Stream the articles once into the scratch tables; returns how many (article, name) pairs
    each organisation rule key has."""
    stager = _Stager(scratch, ["stage_articles", "stage_facts", "stage_positions", "stage_signatures"])
    hasher, weights = MinHasher(), Counter()
    with (scratch.folder / SIGNATURES).open("wb") as signatures:
        for seq, article in enumerate(articles):
            _stage_article(stager, signatures, hasher, weights, canon, seq, article)
    stager.load()
    return weights


def _stage_article(stager: _Stager, signatures: BinaryIO, hasher: MinHasher, weights: Counter,
                   canon: OrgCanonicaliser, seq: int, article: Article) -> None:
    province = canon.article_province(f"{article.title or ''}\n{article.text}")
    stager.add("stage_articles", seq=seq, article_id=article.article_id, published=article.published,
               source=article.source, url=article.url, language=article.language, title=article.title,
               province=province, **{facts: len(getattr(article, facts)) for facts in FACT_TYPE_OF})
    facts = list(_facts_of(article, canon))
    names = {row.get("organisation") for row, _ in facts} | {org for _, positions in facts for *_, org in positions}
    keys = canon.article_keys(names - {None}, province)
    weights.update(keys.values())
    shown = {"article_id": article.article_id, "published": article.published}
    for n, (row, positions) in enumerate(facts):
        stager.add("stage_facts", seq=seq, n=n, source=article.source, language=article.language,
                   rule_key=keys.get(row.get("organisation")), **shown, **row)
        if row["fact_type"] == "official":
            for k, (position, role, organisation) in enumerate(positions or [(None, None, None)]):
                stager.add("stage_positions", seq=seq, n=n, k=k, person=row["person"], person_key=row["person_key"],
                           position=position, role=role, organisation=organisation, rule_key=keys.get(organisation),
                           **shown)
    _stage_signature(stager, signatures, hasher, seq, article.text or article.title or "")


NAMED = ("organisation", "count", "congress", "document")   # fact types whose organisation is a body's name

# one row per fact, in article order (see ALIGNED)
FACTS = "(SELECT f.*, x.cluster_id, x.org_key, x.is_repeat FROM stage_facts f POSITIONAL JOIN stage_fact_extras x)"

# built after the pass, in this order
DERIVED: dict[str, str] = {
    # each article's cluster and place in publication order
    "stage_article_extras": """
        SELECT seq, cluster_id, cluster_size, published_order FROM stage_clusters JOIN (
            SELECT seq, row_number() OVER (ORDER BY coalesce(nullif(published, ''), '9999'), article_id, seq)
                        AS published_order
            FROM stage_articles) USING (seq)
        ORDER BY seq""",
    # each fact's organisation key; it is a repeat when an earlier article of its cluster states the same fact
    "stage_fact_extras": """
        SELECT f.seq, f.n, a.cluster_id, m.org_key,
               a.published_order > min(a.published_order) OVER (PARTITION BY a.cluster_id, f.fact_type, m.org_key,
                   f.person_key, f.attribute, f.value, f.value_max, f.qualifier, f.period, f.is_target, f.doc_number)
               AS is_repeat
        FROM stage_facts f JOIN stage_article_extras a USING (seq) LEFT JOIN stage_merged m USING (rule_key)
        ORDER BY f.seq, f.n""",
    # each official position's organisation key
    "stage_official_extras": """
        SELECT p.seq, p.n, p.k, m.org_key, x.is_repeat
        FROM stage_positions p JOIN stage_fact_extras x USING (seq, n) LEFT JOIN stage_merged m USING (rule_key)
        ORDER BY p.seq, p.n, p.k""",
    # the facts the organisations and documents tables sum up
    "stage_named": f"""
        SELECT seq, n, org_key, organisation, article_id FROM {FACTS}
        WHERE fact_type IN {NAMED} AND org_key IS NOT NULL""",
    "stage_cited": f"""
        SELECT doc_number, doc_kind, TRY_CAST(doc_date AS DATE) AS doc_date, organisation, article_id,
               TRY_CAST(published AS DATE) AS published
        FROM {FACTS} WHERE fact_type = 'document' AND doc_number IS NOT NULL""",
}

# the archive-wide columns of a staged table's rows: narrow, sorted, and paired with the staged rows by
# POSITIONAL JOIN (so that no wide row is joined or sorted); extras table: (staged table, shared key)
ALIGNED = {"stage_article_extras": ("stage_articles", "seq"), "stage_fact_extras": ("stage_facts", "seq, n"),
           "stage_official_extras": ("stage_positions", "seq, n, k")}


def _mode(column: str) -> str:
    """Per document number, ``{column}_mode``: the most frequent value of ``column`` among its citations
    (the smallest on a tie)."""
    return f"""(SELECT doc_number, first(value ORDER BY uses DESC, value) AS {column}_mode FROM
                (SELECT doc_number, {column} AS value, count(*) AS uses FROM stage_cited WHERE {column} IS NOT NULL
                 GROUP BY ALL)
                GROUP BY doc_number)"""


TABLE_SQL: dict[str, tuple[str, str | None]] = {   # table: (query, order; None for the staged order)
    "facts": (f"SELECT * FROM {FACTS}", None),
    "articles": ("SELECT a.*, x.cluster_id, x.cluster_size FROM stage_articles a POSITIONAL JOIN stage_article_extras x",
                 None),
    "officials": ("SELECT p.*, x.org_key, x.is_repeat FROM stage_positions p POSITIONAL JOIN stage_official_extras x",
                  None),
    "organisations": ("""
        WITH names AS (SELECT org_key, organisation, count(*) AS uses, min((seq, n)) AS first FROM stage_named GROUP BY ALL),
             spread AS (SELECT org_key, count(DISTINCT article_id) AS articles FROM stage_named GROUP BY org_key)
        -- the display name: a name that is the key on its own, then the most used, the longest, the first
        SELECT org_key, first(organisation ORDER BY bare_key = org_key DESC, uses DESC, length(organisation) DESC, first)
                        AS name,
               string_agg(organisation, ' | ' ORDER BY organisation) AS aliases, any_value(level) AS level,
               any_value(province) AS province, sum(uses) AS mentions, any_value(articles) AS articles
        FROM names JOIN stage_bare ON name = organisation JOIN stage_org_info USING (org_key) JOIN spread USING (org_key)
        GROUP BY org_key""", "org_key"),
    "documents": (f"""
        SELECT doc_number AS number, any_value(doc_kind_mode) AS kind, any_value(doc_date_mode) AS date,
               any_value(organisation_mode) AS issuer, count(DISTINCT article_id) AS citations,
               string_agg(DISTINCT article_id, ' | ' ORDER BY article_id) AS articles, min(published) AS first_cited
        FROM stage_cited LEFT JOIN {_mode("doc_kind")} USING (doc_number) LEFT JOIN {_mode("doc_date")} USING (doc_number)
        LEFT JOIN {_mode("organisation")} USING (doc_number)
        GROUP BY doc_number""", "number"),
    "counts": (f"SELECT *, attribute AS measure FROM {FACTS} WHERE fact_type = 'count'", None),
}


def create_table(con: duckdb.DuckDBPyConnection, name: str, query: str, order: str | None = None,
                 db: str = "main") -> None:
    """Table ``name`` of database ``db`` from ``query``: the columns of :data:`TABLE_COLUMNS` in
    order, with their SQL types (a value that does not convert becomes NULL, as in :func:`typed`),
    rows sorted by ``order`` if given, else in the query's order."""
    schema = {f'"{c}"': SQL_TYPES[t] for c, t in TABLE_COLUMNS[name].items()}
    columns = ", ".join(f"TRY_CAST({c} AS {t}) AS {c}" for c, t in schema.items())
    order_by = f" ORDER BY {order}" if order else ""
    con.execute(f"CREATE OR REPLACE TABLE {db}.{name} AS SELECT {columns} FROM ({query}){order_by}")


def build_into(scratch: Scratch, articles: Iterable[Article], canon: OrgCanonicaliser | None = None,
               db: str = "main") -> None:
    """Every table of :data:`TABLE_COLUMNS` for a stream of article records, built in database ``db``
    of the scratch database's connection: one pass over the records, then SQL."""
    canon = canon or OrgCanonicaliser()
    _build_staged(scratch, canon, _stage(scratch, articles, canon), db)


def _build_staged(scratch: Scratch, canon: OrgCanonicaliser, weights: Counter, db: str) -> None:
    """The tables from the staged records: organisation keys merged, near-duplicates linked, then SQL."""
    con = scratch.con
    canon.fit(weights, weights)
    stager = _Stager(scratch, ["stage_merged", "stage_org_info", "stage_bare"])
    for key in weights:
        stager.add("stage_merged", rule_key=key, org_key=canon.resolve(key))
    for key in {canon.resolve(key) for key in weights}:
        stager.add("stage_org_info", org_key=key, level=canon.level(key), province=canon.province_in(key))
    named = con.execute(f"SELECT DISTINCT organisation FROM stage_facts WHERE fact_type IN {NAMED} "
                        "AND organisation IS NOT NULL").fetchall()
    for name, in named:
        stager.add("stage_bare", name=name, bare_key=canon.key(name))
    stager.load()
    _link_near_duplicates(scratch, DUPLICATE_THRESHOLD)
    for name, query in DERIVED.items():
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {query}")
        if name in ALIGNED:
            staged, key = ALIGNED[name]
            misplaced = con.execute(f"SELECT count(*) FROM {staged} s POSITIONAL JOIN {name} x "
                                    f"WHERE ({', '.join('s.' + k for k in key.split(', '))}) "
                                    f"IS DISTINCT FROM ({', '.join('x.' + k for k in key.split(', '))})").fetchall()[0][0]
            if misplaced:
                raise RuntimeError(f"{name}: {misplaced} rows out of line with {staged}")
    for name, (query, order) in TABLE_SQL.items():
        create_table(con, name, query, order, db)


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
    """Every table for a set of article records (streamed through a scratch DuckDB database)."""
    with scratch_db() as scratch:
        build_into(scratch, articles, canon)
        return Tables(**{name: typed(scratch.con.execute(f"SELECT * FROM {name}").df(), name) for name in TABLE_COLUMNS})


def fact_table(articles: Iterable[Article]) -> pd.DataFrame:
    """The long fact table of :data:`FACT_COLUMNS`, one row per fact."""
    return build_tables(articles).facts


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


__all__ = ["FACT_COLUMNS", "SQL_TYPES", "TABLE_COLUMNS", "OrgCanonicaliser", "Tables", "build_into", "build_tables",
           "create_table", "fact_table", "fold", "load_aliases", "near_duplicate_clusters", "official_timeline",
           "org_count_series", "score_pairs", "Scratch", "scratch_db", "sql_literal", "typed"]
