"""Documents cited by number: canonical number, kind, date and issuer (docs/EXTRACTION.md, section 5)."""
import pytest

from pipeline.extract import extract


def documents(text, published=None, lang="en"):
    return [(d.number, d.kind, d.date, d.issuer) for d in extract(text, published, lang)["documents"]]


@pytest.mark.parametrize("text, expected", [
    ("The committee issued Resolution No. 05-NQ/TU dated April 9, 2020 on administrative reform.",
     [("05-NQ/TU", "Resolution", "2020-04-09", None)]),
    ("Resolution No. 05 - NQ/TU dated 11/7/2023 of the Provincial Party Committee on Party building.",
     [("05-NQ/TU", "Resolution", "2023-07-11", "Provincial Party Committee")]),
    ("Based on Regulation No. 24-QĐ/TW dated July 30, 2021, of the Central Committee of the Communist Party "
     "of Vietnam on the implementation of the Party Charter.",
     [("24-QD/TW", "Regulation", "2021-07-30", "Central Committee of the Communist Party of Vietnam")]),
    ("It carried out Resolution No. 04/NQ-ĐU of the Bloc Party Committee.",
     [("04-NQ/DU", "Resolution", None, "Bloc Party Committee")]),
    ("Plan No. 01-KH/TBVK, dated September 17, 2024 on drafting documents for the congress.",
     [("01-KH/TBVK", "Plan", "2024-09-17", None)]),
    ("Thoroughly implementing Directive No. 45-CT/TW (dated April 14, 2025) of the Politburo on party congresses.",
     [("45-CT/TW", "Directive", "2025-04-14", "Politburo")]),
    ("The committee issued Plan 227-KH/TU, dated June 17, 2024 on organizing congresses.",
     [("227-KH/TU", "Plan", "2024-06-17", None)]),
    ("Binh Duong issued Program No. 25-CTr/TU, dated July 07, 2021 on Party development among workers.",
     [("25-CTr/TU", "Program", "2021-07-07", None)]),
    ("The province implemented Resolutions No. 05-NQ/TU and 06-NQ/TU of the Provincial Party Committee.",
     [("05-NQ/TU", "Resolution", None, None), ("06-NQ/TU", "Resolution", None, "Provincial Party Committee")]),
    ("To perfect its work, on February 3, 2025, the Provincial Party Standing Committee issued Decision "
     "No. 1798-QD/TU appointing the Secretary.",
     [("1798-QD/TU", "Decision", "2025-02-03", None)]),
    ("Units studied 35-CT/TW of the Politburo.", [("35-CT/TW", "Directive", None, "Politburo")]),
    ("The office sent Official Dispatch No. 123-CV/TU dated 5/3/2024 to all units.",
     [("123-CV/TU", "Official Dispatch", "2024-03-05", None)]),
    ("Instruction No. 05-HD/BTCTU dated May 19, 2024 of the Provincial Party Committee's Organizing Committee.",
     [("05-HD/BTCTU", "Instruction", "2024-05-19", "Provincial Party Committee's Organizing Committee")]),
    ("Directive No. 35-CT/TW is being implemented. The Politburo issued Directive No. 35-CT/TW dated June 14, 2024.",
     [("35-CT/TW", "Directive", "2024-06-14", None)]),
    ("Implementing Resolution No. 18-NQ/TW dated October 25, 2017 of the 12th Party Central Committee, the "
     "province cut its apparatus.", [("18-NQ/TW", "Resolution", "2017-10-25", "12th Party Central Committee")]),
    # a short name in brackets between the number and its date or issuer
    ("It is a task in Regulation No. 1513-QD/TU (Regulation 1513) dated February 15, 2024 on Party cell meetings.",
     [("1513-QD/TU", "Regulation", "2024-02-15", None)]),
    ("Directive No. 35-CT/TW (Directive 35) of the Politburo guides the congresses.",
     [("35-CT/TW", "Directive", None, "Politburo")]),
    ("Plan No. 02-KH/TU (attached) was sent on time; the meeting was held on May 5, 2024.",
     [("02-KH/TU", "Plan", None, None)]),
    # a date alone in brackets right after the number is the document's date
    ("Implementing Directive No.45-CT/TW (April 14, 2025) of the Politburo and Plan No.01-KH/ĐU (July 1, 2025).",
     [("45-CT/TW", "Directive", "2025-04-14", "Politburo"), ("01-KH/DU", "Plan", "2025-07-01", None)]),
    # not documents: numbers without type and issuer codes, and other numbers
    ("Thoroughly grasping Directive No. 35 of the Politburo on the Party Congress.", []),
    ("The Politburo's Directive 35 guides the congresses.", []),
    ("Conclusion No. 126 and Decision No. 2161 were disseminated.", []),
    ("Party building is the No. 1 priority.", []),
    ("The rate reached 98.5%, and VND 1.2 billion was raised.", []),
    ("Hotline: 0203-3825-123; the 2021-2025 period.", []),
    ("The city upgraded its 5-G/LTE network.", []),
])
def test_english_documents(text, expected):
    assert documents(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Chi bộ quán triệt Nghị quyết số 05-NQ/TU ngày 11/7/2023 của Tỉnh ủy về phát triển đảng viên.",
     [("05-NQ/TU", "Resolution", "2023-07-11", "Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 35-CT/TW, ngày 14/6/2024 của Bộ Chính trị về đại hội đảng bộ các cấp.",
     [("35-CT/TW", "Directive", "2024-06-14", "Bộ Chính trị")]),
    ("Ban hành Kế hoạch số 227-KH/TU ngày 17 tháng 6 năm 2024 của Ban Thường vụ Tỉnh ủy.",
     [("227-KH/TU", "Plan", "2024-06-17", "Ban Thường vụ Tỉnh ủy")]),
    ("Theo Quyết định số 1789-QĐ/TU và Quy định số 24-QĐ/TW.",
     [("1789-QD/TU", "Decision", None, None), ("24-QD/TW", "Regulation", None, None)]),
    ("Sơ kết Nghị quyết số 03-NQ/HU ngày12/4/2021 của Huyện ủy Tiên Yên về phát triển đảng viên.",
     [("03-NQ/HU", "Resolution", "2021-04-12", "Huyện ủy Tiên Yên")]),
    ("Thực hiện Nghị quyết số 05-NQ/TU (Nghị quyết 05) ngày 12/3/2021 về phát triển đảng viên.",
     [("05-NQ/TU", "Resolution", "2021-03-12", None)]),
    ("Thực hiện Chỉ thị số 45-CT/TW (ngày 14/4/2025) của Bộ Chính trị về đại hội đảng bộ các cấp.",
     [("45-CT/TW", "Directive", "2025-04-14", "Bộ Chính trị")]),
    ("Đại hội biểu quyết với 100% đại biểu tán thành, chi bộ số 1.", []),
])
def test_vietnamese_documents(text, expected):
    assert documents(text, lang="vi") == expected


def test_year_less_date_takes_the_publication_year():
    assert documents("Notice No. 12-TB/TU dated March 5 on the congress.", "2024-06-01") == [
        ("12-TB/TU", "Notice", "2024-03-05", None)]


def test_offsets_are_the_number_span_and_evidence_the_sentence():
    text = "Opening. Resolution No. 05 - NQ/TU dated 11/7/2023 was issued. Closing."
    (document,) = extract(text)["documents"]
    assert text[document.start:document.end] == "05 - NQ/TU"
    assert document.evidence == "Resolution No. 05 - NQ/TU dated 11/7/2023 was issued."
