"""Stage 4: the fact table, typed tables, organisation keys and near-duplicates.

Row tests feed the gold files, turned into Article records, through the aggregation and compare
with rows derived directly from the gold JSON.
"""
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from pipeline.aggregate import (FACT_COLUMNS, TABLE_COLUMNS, MinHasher, OrgCanonicaliser, build_tables, fold,
                                load_aliases, near_duplicate_clusters, official_timeline, org_count_series, score_pairs)
from pipeline.patterns import PatternError
from pipeline.records import Article, Congress, Count, Document, Official, Organisation, Term

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLD = sorted((CORPUS / "gold").glob("*.json"))
AT = {"start": 0, "end": 0}


def gold_article(gold: dict) -> Article:
    """The record a perfect pipeline would write for one gold file."""
    raw = CORPUS / "raw" / f"{gold['article_id']}.txt"
    return Article(
        article_id=gold["article_id"], source=str(raw), title=gold.get("title"), published=gold.get("published"),
        language="vi" if "vi_" in gold["article_id"] else "en", text=raw.read_text(encoding="utf-8"),
        officials=tuple(Official(name=o["name"], title=o.get("title"), **AT) for o in gold["officials"]),
        organisations=tuple(Organisation(name=n, canonical=n.lower(), **AT) for n in gold["organisations"]),
        documents=tuple(Document(number=d["number"], kind=d.get("kind"), date=d.get("date"), issuer=d.get("issuer"), **AT)
                        for d in gold["documents"]),
        terms=tuple(Term(start_year=a, end_year=b, **AT) for a, b in gold["terms"]),
        congresses=tuple(Congress(ordinal=c["ordinal"], level=c.get("level", "other"), org=c.get("org"), **AT)
                         for c in gold["congresses"]),
        counts=tuple(Count(measure=c["measure"], value=c["value"], value_max=c.get("value_max"),
                           qualifier=c.get("qualifier", "exact"), org=c.get("org"), period=c.get("period"),
                           is_target=c.get("is_target", False), **AT) for c in gold["counts"]),
    )


def load_gold() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in GOLD]


@pytest.fixture(scope="module")
def gold():
    return load_gold()


@pytest.fixture(scope="module")
def tables(gold):
    return build_tables([gold_article(g) for g in gold])


@pytest.fixture(scope="module")
def canon():
    return OrgCanonicaliser()


def _none(value):
    return None if value is None or pd.isna(value) else value


def test_every_table_has_its_columns_in_order_with_their_dtypes(tables):
    assert list(tables.facts.columns) == list(FACT_COLUMNS)
    for name, frame in tables.items():
        assert {c: str(t) for c, t in frame.dtypes.items()} == TABLE_COLUMNS[name], name


def test_fact_table_has_one_row_per_gold_fact(tables, gold):
    expected = Counter()
    for g in gold:
        for field, fact_type in (("officials", "official"), ("organisations", "organisation"),
                                 ("documents", "document"), ("terms", "term"), ("congresses", "congress"),
                                 ("counts", "count")):
            expected[(g["article_id"], fact_type)] += len(g[field])
    assert Counter(zip(tables.facts.article_id, tables.facts.fact_type)) == +expected


def test_articles_table_has_one_row_per_gold_file_with_its_fact_numbers(tables, gold):
    rows = tables.articles.set_index("article_id")
    assert sorted(rows.index) == sorted(g["article_id"] for g in gold)
    for g in gold:
        for field in ("officials", "organisations", "documents", "terms", "congresses", "counts"):
            assert rows.loc[g["article_id"], field] == len(g[field]), (g["article_id"], field)


def test_counts_table_has_exactly_the_gold_counts(tables, gold):
    expected = Counter((g["article_id"], c["measure"], c["value"], c.get("value_max"), c.get("qualifier", "exact"),
                        c.get("period"), bool(c.get("is_target")), c.get("org"))
                       for g in gold for c in g["counts"])
    counts = tables.counts
    got = Counter((r.article_id, r.measure, r.value, _none(r.value_max), r.qualifier, _none(r.period),
                   bool(r.is_target), _none(r.organisation)) for r in counts.itertuples())
    assert got == expected
    assert counts.org_key.notna().sum() == sum(1 for g in gold for c in g["counts"] if c.get("org"))


def test_officials_table_has_the_positions_of_each_gold_official(tables, gold):
    expected = {(g["article_id"], o["name"]): o["title"].replace("; ", ", ") for g in gold for o in g["officials"]}
    got = tables.officials.groupby(["article_id", "person"], sort=False)["position"].agg(", ".join).to_dict()
    assert got == expected


def test_documents_table_has_each_gold_number_once_with_its_citing_articles(tables, gold):
    citing: dict[str, set] = {}
    for g in gold:
        for d in g["documents"]:
            citing.setdefault(d["number"], set()).add(g["article_id"])
    documents = tables.documents.set_index("number")
    assert sorted(documents.index) == sorted(citing)
    for number, articles in citing.items():
        assert documents.loc[number, "citations"] == len(articles)
        assert set(documents.loc[number, "articles"].split(" | ")) == articles


def test_organisations_table_lists_every_gold_name_under_exactly_one_key(tables, gold):
    named = Counter(n for g in gold for n in g["organisations"])
    named.update(c["org"] for g in gold for c in g["counts"] if c.get("org"))
    named.update(c["org"] for g in gold for c in g["congresses"] if c.get("org"))
    aliases = {a for row in tables.organisations.aliases for a in row.split(" | ")}
    assert aliases == set(named)
    assert tables.organisations.mentions.sum() == sum(named.values())
    assert tables.organisations.org_key.is_unique
    referred = tables.facts[tables.facts.fact_type.isin(["organisation", "count", "congress"])]
    assert set(referred.org_key.dropna()) == set(tables.organisations.org_key)
    # within one article a name is one body ("Provincial Party Committee" differs between provinces)
    assert referred.groupby(["article_id", "organisation"]).org_key.nunique().max() == 1


@pytest.mark.parametrize("name, province, key", [
    ("Tỉnh ủy Quảng Ninh", None, "quang ninh provincial party committee"),
    ("Provincial Party Committee", "Quang Ninh", "quang ninh provincial party committee"),
    ("Party Committee of the Department of Home Affairs", None, "home affairs department party committee"),
    ("Standing Committee of the Provincial Party Committee", "Hai Duong",
     "hai duong provincial party committee standing committee"),
    ("Provincial Party Standing Committee", "Hai Duong", "hai duong provincial party committee standing committee"),
    ("Ban Chấp hành Đảng bộ tỉnh Quảng Ninh khóa XVI", None,
     "quang ninh provincial party committee executive committee"),
    ("Organizing Committee of the Provincial Party Committee", "Binh Duong",
     "binh duong provincial party committee organization committee"),
    ("Đảng bộ TP.Đông Triều", None, "dong trieu city party committee"),
    ("Đảng bộ TX.Đông Triều", None, "dong trieu town party committee"),
    ("Party Committee of the Than Khe Cham Company", None, "khe cham coal company party committee"),
    ("Party Committee of QuangNinh Coal Party", None, "quang ninh coal party committee"),
    ("Bộ Chính trị", None, "politburo"),
    ("", None, ""),
])
def test_rule_key(canon, name, province, key):
    assert canon.key(name, province) == key


@pytest.mark.parametrize("a, b, province, same", [
    ("Quang Ninh Provincial Party Committee", "Quang Ninh Coal Group Party Committee", None, False),
    ("Provincial Party Committee", "Quang Ninh Provincial Party Committee", "Quang Ninh", True),
    ("Provincial Party Committee", "Quang Ninh Provincial Party Committee", "Hai Duong", False),
    ("Party Committee of the Bloc of Hai Duong Provincial Agencies", "Party Committee of Hai Duong Provincial Agencies",
     None, True),
    ("Hai Duong Provincial Party Committee", "Hai Duong City Party Committee", None, False),
    ("Đảng bộ P.Thủy An", "Đảng bộ xã Thủy An", None, False),
    ("Hai Duong Clean Water Trading Joint Stock Company",
     "Party Committee of Hai Duong Clean Water Trading Joint Stock Company", None, False),
    ("Provincial Public Security Party Committee", "Provincial Military Party Committee", "Hai Duong", False),
])
def test_same_body(canon, a, b, province, same):
    assert canon.same(a, b, province) is same


@pytest.mark.parametrize("name, context, key", [
    ("Bloc Party Committee", ["Party Committee of the Bloc of Hai Duong Provincial Agencies"],
     "hai duong provincial agencies bloc party committee"),
    ("the company", ["Hai Duong Clean Water Trading Joint Stock Company"],
     "hai duong clean water trading joint stock company"),
    ("the company", ["Khe Cham Coal Company", "Vang Danh Coal Joint Stock Company"], "company"),
    ("Bloc Party Committee", [], "bloc party committee"),
])
def test_bare_name_takes_the_one_matching_body_of_its_article(canon, name, context, key):
    assert canon.article_keys([name, *context])[name] == key


def test_tfidf_merges_variants_within_one_block_only(canon):
    merged = canon.propose(["hai duong provincial agencies party committee",
                            "hai duong provincial agencies bloc party committee",
                            "hai duong provincial party committee"])
    assert [(a, b) for a, b, _ in merged] == [("hai duong provincial agencies bloc party committee",
                                               "hai duong provincial agencies party committee")]


def test_labelled_pairs_precision_and_recall(canon):
    scores = score_pairs(CORPUS / "org_pairs.csv", CORPUS / "gold", canon)
    assert scores["pairs"] >= 80
    assert scores["precision"] >= 0.95, scores["errors"]
    assert scores["recall"] >= 0.85, scores["errors"]


@pytest.mark.parametrize("text, province", [
    ("The Quang Ninh Provincial Party Committee met. Quang Ninh has 14 districts.", "Quang Ninh"),
    ("Tỉnh ủy Quảng Ninh họp.", "Quang Ninh"),
    ("The Provincial Party Committee met delegates from Ho Chi Minh City.", None),
    ("Hai Duong province and Hai Duong city; a guest from Binh Duong.", "Hai Duong"),
    ("No place at all.", None),
])
def test_article_province(canon, text, province):
    assert canon.article_province(text) == province


@pytest.mark.parametrize("title, positions", [
    ("Deputy Secretary of the Provincial Party Committee; Head of the Provincial National Assembly Delegation",
     [("Deputy Secretary", "Provincial Party Committee"), ("Head", "Provincial National Assembly Delegation")]),
    ("Member of the Standing Committee, Chairman of Inspection Committee of the Party Committee of X Coal Party",
     [("Member", "Standing Committee"), ("Chairman", "Inspection Committee of the Party Committee of X Coal Party")]),
    ("Faculty of Party Building, Academy of Politics Region II",
     [("Faculty", "Party Building, Academy of Politics Region II")]),
    ("Bí thư Tỉnh ủy Quảng Ninh", [("Secretary", "Tỉnh ủy Quảng Ninh")]),
    ("Permanent Deputy Secretary", [("Permanent Deputy Secretary", None)]),
    ("Brick-maker", [("Brick-maker", None)]),
    (None, []),
])
def test_positions_of_a_title(canon, title, positions):
    assert [canon.split_position(p) for p in canon.positions(title)] == positions


STORY = ("On the morning of October 9, the Standing Committee of the City Party Committee worked with "
         "the Party Committee of the Department of Home Affairs on Party building. The Party Committee "
         "currently has 9 Party cells and 263 Party members, and admitted 12 new members in 2024. ")
OTHER = ("The provincial congress elected an Executive Committee of 55 comrades and adopted the resolution "
         "for the 2025-2030 term, with 350 delegates attending the opening session in the capital. ")


@pytest.mark.parametrize("texts, clusters", [
    ([STORY, STORY], [1, 1]),
    ([STORY * 2, "Home Business Politics\n" + STORY * 2 + "\nComment (0) Same tag"], [1, 1]),
    ([STORY, OTHER], [1, 2]),
    ([OTHER, STORY, STORY.upper()], [1, 2, 2]),
    ([], []),
])
def test_near_duplicate_clusters(texts, clusters):
    assert near_duplicate_clusters(texts) == clusters


def _page(name: str) -> str:
    return (CORPUS / "raw" / f"{name}.txt").read_text(encoding="utf-8")


def _edit(text: str, every: int, offset: int = 0) -> str:
    """``text`` with one word in ``every`` replaced (word Jaccard: one in 8 ≈ 0.48, 15 ≈ 0.7, 30 ≈ 0.84)."""
    words = text.split(" ")
    return " ".join("changed" if i % every == offset else w for i, w in enumerate(words))


EN, VI, EN_OTHER = _page("en_002"), _page("vi_002"), _page("en_009")


@pytest.mark.parametrize("case, texts, clusters", [
    ("exact copies", [EN, VI, EN, VI], [1, 2, 1, 2]),
    ("a word in a hundred changed", [EN, _edit(EN, 100), VI, _edit(VI, 100)], [1, 1, 2, 2]),
    ("site furniture around a copy", [EN, f"Home > Politics\nShare 0\n{EN}\nComment (0)\nSame tag"], [1, 1]),
    ("whitespace and case", [EN, " ".join(EN.split()).upper()], [1, 1]),
    ("distinct stories of one corpus", [EN, EN_OTHER, VI], [1, 2, 3]),
    ("half of a story is another story", [EN, EN[:len(EN) // 2]], [1, 2]),
    ("a word in thirty changed", [EN, _edit(EN, 30), VI, _edit(VI, 30)], [1, 1, 2, 2]),
    ("a word in eight changed", [EN, _edit(EN, 8), VI, _edit(VI, 8)], [1, 2, 3, 4]),
    # the last is close to the first and to the third, which are not close to each other
    ("a copy of a copy", [EN, EN_OTHER, _edit(_edit(EN, 20), 20, 10), _edit(EN, 20)], [1, 2, 1, 1]),
    ("too short to compare", ["Tỉnh ủy", "Tỉnh ủy", "", ""], [1, 2, 3, 4]),
])
def test_lsh_clusters_copies_and_near_copies_only(case, texts, clusters):
    assert near_duplicate_clusters(texts) == clusters, case


def test_lsh_clusters_among_many_distinct_texts():
    rng = random.Random(3)
    vocabulary = sorted({w.lower() for w in re.findall(r"\w{3,}", EN + VI + EN_OTHER)})
    texts = [" ".join(rng.choices(vocabulary, k=150)) for _ in range(400)]
    copies = {index: _edit(texts[index], 40) for index in rng.sample(range(400), 25)}
    clusters = near_duplicate_clusters(texts + list(copies.values()))
    assert clusters[:400] == list(range(1, 401))
    assert clusters[400:] == [index + 1 for index in copies]


def test_lsh_signatures_do_not_depend_on_the_process():
    script = "from pipeline.aggregate import MinHasher; import sys; print(MinHasher().signature(sys.stdin.read()).hex())"
    runs = {subprocess.run([sys.executable, "-c", script], input=VI, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip() for seed in ("1", "2")}
    assert runs == {MinHasher().signature(VI).hex()}


def _count_article(article_id, text, published, value=12):
    return Article(article_id=article_id, source=f"{article_id}.txt", text=text, published=published,
                   officials=(Official(name="Hoang Ba Nam", title="Secretary of Mong Cai City Party Committee", **AT),),
                   counts=(Count(measure="new_members", value=value, org="Mong Cai City Party Committee",
                                 period="2024", **AT),))


def test_a_syndicated_copy_states_each_fact_once():
    tables = build_tables([_count_article("copy", "Source: another site\n" + STORY, "2024-10-10"),
                           _count_article("first", STORY, "2024-10-09"),
                           _count_article("other", OTHER, "2024-11-01")])
    assert tables.articles.set_index("article_id").cluster_size.to_dict() == {"copy": 2, "first": 2, "other": 1}
    once = tables.facts[~tables.facts.is_repeat]
    assert sorted(once.article_id) == ["first", "first", "other", "other"]
    assert len(org_count_series(tables.counts)) == 2


def test_official_timeline_spans_first_and_last_article():
    tables = build_tables([_count_article("a", STORY, "2024-10-09"), _count_article("b", OTHER, "2025-02-01"),
                           _count_article("c", OTHER + " Another story.", None)])
    row = official_timeline(tables.officials).iloc[0]
    assert (row.person, row.position) == ("Hoang Ba Nam", "Secretary of Mong Cai City Party Committee")
    assert (str(row.first_seen.date()), str(row.last_seen.date())) == ("2024-10-09", "2025-02-01")
    assert row.articles == "a | b | c"


def test_no_articles_give_empty_tables_with_their_columns():
    for name, frame in build_tables([]).items():
        assert frame.empty and list(frame.columns) == list(TABLE_COLUMNS[name])


@pytest.mark.parametrize("row, message", [
    ("nonsense,X,Y,", "bad kind"),
    ("word,Organizing Committee,,", "needs a canonical"),
    ("pattern,Tỉnh ủy {x},Provincial Party Committee,", "must appear in both"),
])
def test_alias_table_is_validated_on_load(tmp_path, row, message):
    path = tmp_path / "aliases.csv"
    path.write_text("kind,alias,canonical,note\n# a comment\n" + row + "\n", encoding="utf-8")
    with pytest.raises(PatternError, match=message):
        load_aliases(path)


@pytest.mark.parametrize("text, folded", [
    ("Đảng bộ TP.Đông Triều", "dang bo tp dong trieu"),
    ("QuangNinh University", "quang ninh university"),
    ("the Provincial People’s Committee", "provincial people committee"),
    (None, ""),
])
def test_fold(text, folded):
    assert fold(text) == folded
