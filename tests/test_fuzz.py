"""Generated text through every stage: no exception, every offset valid.

``HYPOTHESIS_PROFILE=fuzz`` runs 10,000 examples per test instead of the suite's 150.
"""
import os

from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.clean import clean_text
from pipeline.extract import default_nlp, extract

settings.register_profile("suite", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

PIECES = [
    "Resolution No. ", "05-NQ/TU", "04/NQ-ĐU", " - ", "QĐ", "dated ", "July 11, 2023", "11/7/2023", " of the Politburo",
    "the 13th National Party Congress", "XXIV", "lần thứ XVI", "khóa", "term ", "2020-2025", "2025 – 2030",
    "comrade ", "Nguyen Van A", "Đồng chí Vũ Đại Thắng", ", Secretary of the ", "Provincial Party Committee",
    "Mong Cai City Party Committee", "Party Committee of the ", "Department of Home Affairs", " currently has ",
    "nearly ", "more than ", "19,000", "104.000", "35-40", "two", " Party cells", " party members", " new members",
    " delegates", " grassroots party organizations", "gồm 48 chi bộ", " đảng viên", "%", " VND", "No. 1",
    ". ", "; ", ", ", "\n", "\n\n", "(", ")", "“", "”", "Mr. ", "Dr. ", "the city", "the company", "strives to admit ",
]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join),
)


def _check_offsets(text: str, lang: str) -> None:
    for name, items in extract(text, lang=lang, nlp=default_nlp(lang)).items():
        for item in items:
            assert 0 <= item.start < item.end <= len(text), (name, item)
            assert text[item.start:item.end].strip(), (name, item)


@given(texts)
def test_english_extractors_never_fail_and_offsets_are_valid(text):
    _check_offsets(text, "en")


@given(texts)
def test_vietnamese_extractors_never_fail_and_offsets_are_valid(text):
    _check_offsets(text, "vi")


@given(texts, st.sampled_from(["", "Site.vn - Banner\n\n", "Home News Title...\n", "09/10/2024\n"]))
def test_cleaning_never_fails_and_keeps_only_page_text(text, header):
    cleaned = clean_text(header + text)
    assert all(line in header + text for line in cleaned.text.split("\n\n"))
    assert cleaned.language in ("en", "vi")
