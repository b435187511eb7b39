"""The spaCy pipeline as a whole: offsets on real articles, save/load, languages."""
import json

import pytest
import spacy

import pipeline.extract  # noqa: F401  (registers the factories)
from pipeline.clean import clean_text
from pipeline.components import COMPONENTS
from pipeline.extract import build_nlp, extract


@pytest.fixture(scope="module")
def articles(corpus_dir):
    out = []
    for gold_path in sorted((corpus_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        cleaned = clean_text((corpus_dir / "raw" / f"{gold_path.stem}.txt").read_text(encoding="utf-8"))
        out.append((gold_path.stem, cleaned, gold.get("language", "en")))
    return out


def test_every_offset_points_at_its_mention(articles):
    checked = 0
    for stem, cleaned, lang in articles:
        for name, items in extract(cleaned.text, cleaned.published, lang).items():
            for item in items:
                mention = cleaned.text[item.start:item.end]
                assert mention.strip(), (stem, name, item)
                assert mention in item.evidence, (stem, name, item)
                assert item.evidence in cleaned.text, (stem, name, item)
                checked += 1
    assert checked > 300


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_pipeline_has_every_component_in_order(lang):
    nlp = build_nlp(lang)
    assert nlp.pipe_names == ["partyfacts_sentences", *COMPONENTS]


def test_saved_pipeline_loads_and_extracts_the_same(tmp_path, articles):
    nlp = build_nlp("en")
    nlp.to_disk(tmp_path / "partyfacts-en")
    loaded = spacy.load(tmp_path / "partyfacts-en")
    assert loaded.pipe_names == nlp.pipe_names
    for _, cleaned, lang in articles:
        if lang == "en":
            assert extract(cleaned.text, cleaned.published, nlp=loaded) == extract(cleaned.text, cleaned.published, nlp=nlp)


@pytest.mark.parametrize("text, tokens", [
    ("Resolution No. 05-NQ/TU dated", ["Resolution", "No.", "05-NQ/TU", "dated"]),
    ("Quyết định số 24-QĐ/TW ngày", ["Quyết", "định", "số", "24-QĐ/TW", "ngày"]),
    ("Nghị quyết 04/NQ-ĐU.", ["Nghị", "quyết", "04/NQ-ĐU", "."]),
    ("Mr. Nguyen Van A", ["Mr.", "Nguyen", "Van", "A"]),
])
def test_tokenizer_keeps_document_numbers_and_abbreviations_whole(text, tokens):
    assert [t.text for t in build_nlp("en").make_doc(text)] == tokens


def test_an_installed_model_adds_person_and_org_candidates(tmp_path):
    """``model=`` loads a spaCy pipeline whose entities become extra candidates (here a tiny ruler)."""
    base = spacy.blank("en")
    ruler = base.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Kpa Thuyen"},
                        {"label": "ORG", "pattern": "Hoa Binh Rubber Works"}])
    base.to_disk(tmp_path / "tiny-model")
    text = "Kpa Thuyen, Director of Hoa Binh Rubber Works, spoke at the meeting."
    plain = extract(text, nlp=build_nlp("en"))
    with_model = extract(text, nlp=build_nlp("en", model=str(tmp_path / "tiny-model")))
    assert "Kpa Thuyen" not in {o.name for o in plain["officials"]}
    assert {(o.name, o.title) for o in with_model["officials"]} >= {("Kpa Thuyen", "Director of Hoa Binh Rubber Works")}
    assert "Hoa Binh Rubber Works" in {o.name for o in with_model["organisations"]}
