"""Terms of office written as two years (docs/EXTRACTION.md, section 6)."""
import pytest

from pipeline.extract import extract


def terms(text, lang="en"):
    return [(t.start_year, t.end_year) for t in extract(text, None, lang)["terms"]]


@pytest.mark.parametrize("text, expected", [
    ("Members of the Standing Committee for the 2020-2025 term met.", [(2020, 2025)]),
    ("The 16th Provincial Party Congress, term 2025 - 2030, opened.", [(2025, 2030)]),
    ("The city Party Congress for the 2020 – 2025 tenure finished.", [(2020, 2025)]),
    ("The 11th Party Congress of Binh Duong Province, term 2020 -2025 was successful.", [(2020, 2025)]),
    ("He was Secretary in the 2015-2020 and 2020-2025 terms.", [(2015, 2020), (2020, 2025)]),
    ("Preparing congresses at all levels, term 2025-2030; the term 2025-2030 begins.", [(2025, 2030)]),
    ("the mid-term review of the Resolution, term 2020 - 2025 and the 2025 - 2027 term", [(2020, 2025), (2025, 2027)]),
    ("The Executive Committee, tenure of 2020-2025, includes 10 comrades.", [(2020, 2025)]),
    ("The Party Committee, term 2020 - 2030, was elected.", [(2020, 2030)]),
    ("In the term (2015-2020) the district admitted 1,500 members; the (2020-2025) term began.", [(2015, 2020), (2020, 2025)]),
    # not terms: periods of plans and counts, horizons, plain and impossible ranges
    ("Party development among workers in the 2021-2025 period.", []),
    ("From 2020 to 2024, the PAR Index ranked first nationwide.", []),
    ("In the period of 2015-2020 alone, 857 new party members were admitted.", []),
    ("Socio-economic development to 2030, with a vision to 2045.", []),
    ("The plan for 2021-2025 was adopted.", []),
    ("The term 2025-2020 is a typing error; 1990-2025 spans too long a term.", []),
    ("Hotline 2020-2025-123 for term questions.", []),
])
def test_english_terms(text, expected):
    assert terms(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI, nhiệm kỳ 2025-2030 khai mạc.", [(2025, 2030)]),
    ("Ban Chấp hành Đảng bộ tỉnh khóa XI, nhiệm kỳ 2020 - 2025 gồm 49 đồng chí.", [(2020, 2025)]),
    ("Chủ tịch UBND thành phố nhiệm kỳ 2016 - 2021.", [(2016, 2021)]),
    ("Kế hoạch phát triển kinh tế giai đoạn 2021-2025.", []),
    ("Từ năm 2020 đến năm 2024, tỉnh kết nạp 5.000 đảng viên.", []),
    ("Trong nhiệm kỳ (2015-2020) huyện Chư Sê đã kết nạp được 1.500 đảng viên.", [(2015, 2020)]),
    ("Giai đoạn (2015-2020) huyện đã kết nạp được 1.500 đảng viên.", []),
])
def test_vietnamese_terms(text, expected):
    assert terms(text, "vi") == expected


def test_offsets_span_the_two_years():
    text = "The Congress, term 2020 -2025, closed."
    (term,) = extract(text)["terms"]
    assert text[term.start:term.end] == "2020 -2025"
    assert term.evidence == text
