"""Organisation mentions and their canonical keys (docs/EXTRACTION.md, section 4)."""
import pytest

from pipeline.components.organisations import SPAN_KEY, canonical_key
from pipeline.extract import default_nlp, extract


def names(text, lang="en"):
    return [o.name for o in extract(text, None, lang)["organisations"]]


@pytest.mark.parametrize("text, expected", [
    ("Mong Cai City Party Committee currently has 36 branches.", ["Mong Cai City Party Committee"]),
    ("He worked with the Standing Committee of Mong Cai City Party Committee.",
     ["Standing Committee of Mong Cai City Party Committee"]),
    ("The Party Committee of the Department of Home Affairs has 9 Party cells.",
     ["Party Committee of the Department of Home Affairs"]),
    ("Comrade Bui Thuy Phuong, Head of the Provincial Party Committee's Organization Committee, spoke.",
     ["Provincial Party Committee's Organization Committee"]),
    ("It advised the Provincial People's Committee and the People's Council of Quang Ninh province.",
     ["Provincial People's Committee", "People's Council of Quang Ninh province"]),
    ("Binh Duong Provincial School of Politics held a seminar with the Academy of Politics Region II.",
     ["Binh Duong Provincial School of Politics", "Academy of Politics Region II"]),
    ("Directive No. 35-CT/TW of the Politburo and Decision No. 261-QD/TW of the Secretariat.",
     ["Politburo", "Secretariat"]),
    ("The Party Committee of the Than Khe Cham Company has 39 branches.",
     ["Party Committee of the Than Khe Cham Company"]),
    ("Workers at Mong Duong Coal Joint Stock Company and the Youth Union of the company.",
     ["Mong Duong Coal Joint Stock Company", "Youth Union of the company"]),
    ("Secretary of the Party Committee of the Company Than Khe Cham Pham Duc Khoa said.",
     ["Party Committee of the Company Than Khe Cham"]),
    ("Head of the Party Central Committee's Economic Commission Nguyen Van Binh presented flowers.",
     ["Party Central Committee's Economic Commission"]),
    ("The unit was directed by the provincial Party Committee's Standing Board.",
     ["provincial Party Committee's Standing Board"]),
    ("Van Don District People's Committee and Co To District Party Committee signed it.",
     ["Van Don District People's Committee", "Co To District Party Committee"]),
    ("Director of the Department of Natural Resources and Environment and the Veterans' Association attended.",
     ["Department of Natural Resources and Environment", "Veterans' Association"]),
    ("The congress elected the Congress Presidium and the Delegate Qualification Examination Board.",
     ["Congress Presidium", "Delegate Qualification Examination Board"]),
    ("Quang Ninh Coalition Party aims to admit party members at 5%.", ["Quang Ninh Coalition Party"]),
    ("She heads the Provincial Party Committee's Propaganda and Mass Mobilization Department.",
     ["Provincial Party Committee's Propaganda and Mass Mobilization Department"]),
    ("The provincial Standing Party Committee met the district People's Committee.",
     ["provincial Standing Party Committee", "district People's Committee"]),
    ("The Standing Committee of Party Committees at all levels and the Party Committee of Thanh Mien District met.",
     ["Standing Committee", "Party Committee of Thanh Mien District"]),
    ("Party Cell 1 was set up; Party Cell No. 5 of the ward met.", ["Party Cell 1", "Party Cell No. 5 of the ward"]),
    ("The City Party Committee's Standing Committee and the People's Committee met.",
     ["City Party Committee's Standing Committee", "People's Committee"]),
    # a lower-case level word after "of the" opens a body ("of the district Party Committee"), alone it points back
    ("Dinh Hung Cuong heads the Organisation Commission of the district Party Committee.",
     ["Organisation Commission of the district Party Committee"]),
    ("The Organisation Commission of the district, the Youth Union of the city and the Party Committee met.",
     ["Organisation Commission of the district", "Youth Union of the city"]),
    # not organisations: congresses, positions, places, generic and plural mentions, lone capitals
    ("It implemented the Resolution of the 13th National Party Congress.", []),
    ("Provincial Party Secretary Tran Duc Thang emphasized the task.", []),
    ("The delegation visited Ha Long City and Thu Dau Mot.", []),
    ("The Party Committee of the company and the Department reported.", []),
    ("The Party Committees of Cam Giang, Binh Giang, and Thanh Mien strive to finish.", []),
    ("The city Party organization must promote the results.", []),
    ("In the district Nguyen Van Hung and the province Secretary spoke.", []),
    ("Secretaries of Party Committees at all levels attended.", []),
    ("The Party Cell 2024 plan and the Party Committee 15 targets were adopted.", []),
    ("Party building is the No. 1 priority of the Party.", []),
    # Vietnamese: head first, then bodies, qualifiers and places
    ("Ban Chấp hành Đảng bộ tỉnh Quảng Ninh tổ chức hội nghị.", ["Ban Chấp hành Đảng bộ tỉnh Quảng Ninh"]),
    ("Thành lập Đảng bộ TP.Đông Triều và Đảng bộ xã Việt Dân.", ["Đảng bộ TP.Đông Triều", "Đảng bộ xã Việt Dân"]),
    ("Ban Tổ chức Tỉnh ủy Quảng Ninh công bố quyết định.", ["Ban Tổ chức Tỉnh ủy Quảng Ninh"]),
    ("Bí thư Tỉnh ủy Quảng Ninh Vũ Đại Thắng dự đại hội.", ["Tỉnh ủy Quảng Ninh"]),
    ("Ủy viên Bộ Chính trị, Giám đốc Học viện Chính trị Quốc gia Hồ Chí Minh phát biểu.",
     ["Bộ Chính trị", "Học viện Chính trị Quốc gia Hồ Chí Minh"]),
    ("Phó Bí thư Thành ủy Khóa X tham dự.", ["Thành ủy"]),
    ("Đảng ủy Khối Doanh nghiệp tỉnh tổ chức hội nghị.", ["Đảng ủy Khối Doanh nghiệp tỉnh"]),
    ("Từ nay, đảng bộ xã Văn Xá tiếp tục tạo nguồn.", ["đảng bộ xã Văn Xá"]),
    ("Giải thể Chi bộ Phòng Dân tộc, chuyển Chi bộ về Đảng bộ Khối Các cơ quan tỉnh Lâm Đồng.",
     ["Chi bộ Phòng Dân tộc", "Đảng bộ Khối Các cơ quan tỉnh Lâm Đồng"]),
    ("Ủy viên BTV Tỉnh ủy, Phó Bí thư Đảng ủy các cơ quan Đảng tỉnh dự.", ["BTV Tỉnh ủy", "Đảng ủy các cơ quan Đảng tỉnh"]),
    ("Bí thư Tỉnh ủy Nguyễn Văn Hùng dự; HĐND tỉnh Hà Nam họp.", ["Tỉnh ủy", "HĐND tỉnh Hà Nam"]),
    ("Tỉnh ủy Đồng chí Nguyễn Văn Hùng.", ["Tỉnh ủy"]),
    # a qualifier longer than a head starting with the same word ("Bộ đội Biên phòng", not the head "Bộ")
    ("Đảng bộ Bộ đội Biên phòng tỉnh kết nạp 4 đảng viên; Bộ Nội vụ hướng dẫn.",
     ["Đảng bộ Bộ đội Biên phòng tỉnh", "Bộ Nội vụ"]),
    ("đảng bộ 4 xã lên phường.", []),
    ("Phòng chống tham nhũng là nhiệm vụ thường xuyên.", []),
    ("Tiếp tục thực hiện Nghị quyết Trung ương 4 (khóa XII).", []),
])
def test_organisation_mentions(text, expected):
    lang = "vi" if any(c in text for c in "ảạủưđĐ") else "en"
    assert names(text, lang) == expected


def test_records_carry_offsets_and_evidence():
    text = "On October 14, the Standing Committee worked with the Department of Home Affairs. It was useful."
    found = extract(text)["organisations"]
    assert [text[o.start:o.end] for o in found] == ["Standing Committee", "Department of Home Affairs"]
    assert {o.evidence for o in found} == {"On October 14, the Standing Committee worked with the Department of Home Affairs."}


def test_generic_mentions_are_spans_not_records():
    doc = default_nlp("en")("The Party Committee of the company admitted 18 members.")
    assert [(s.text, s.label_) for s in doc.spans[SPAN_KEY]] == [("Party Committee of the company", "GENERIC")]
    assert doc._.facts["organisations"] == []


@pytest.mark.parametrize("variant, other", [
    ("Party Committee of the Department of Home Affairs", "Department of Home Affairs Party Committee"),
    ("Party Committee of the Than Khe Cham Company", "Khe Cham Coal Company Party Committee"),
    ("Party Committee of the Company Than Khe Cham", "the Khe Cham Coal Company Party Committee"),
    ("Organizing Committee of the Provincial Party Committee", "Provincial Party Committee's Organization Committee"),
    ("Standing Committee of the Provincial Party Committee", "Provincial Party Standing Committee"),
    ("Provincial Party Committee Executive Committee", "Provincial Party Executive Committee"),
    ("People's Council of Quang Ninh province", "Quang Ninh Provincial People's Council"),
    ("Party Committee of the Provincial People's Committee", "Provincial People's Committee Party Committee"),
    ("Mong Duong Coal Joint Stock Company", "Mong Duong Coal Company"),
    ("Đảng bộ TP.Đông Triều", "Đảng bộ thành phố Đông Triều"),
    ("BTV Tỉnh ủy", "Ban Thường vụ Tỉnh ủy"),
    ("BCH Đảng bộ tỉnh", "Ban Chấp hành Đảng bộ tỉnh"),
])
def test_canonical_key_folds_variants(variant, other):
    assert canonical_key(variant) == canonical_key(other)


@pytest.mark.parametrize("one, other", [
    ("Mong Cai City Party Committee", "Mong Cai City People's Committee"),
    ("Hai Duong Provincial Party Committee", "Hai Duong City Party Committee"),
    ("Standing Committee of the Provincial Party Committee", "Provincial Party Committee"),
    ("Department of Home Affairs", "Party Committee of the Department of Home Affairs"),
    ("Đảng bộ P.Đông Triều", "Đảng bộ TX.Đông Triều"),
    ("BTV Tỉnh ủy", "Tỉnh ủy"),
])
def test_canonical_key_keeps_bodies_apart(one, other):
    assert canonical_key(one) != canonical_key(other)


def test_canonical_key_is_plain_folded_text():
    assert canonical_key("Ban Thường vụ Tỉnh ủy Quảng Ninh") == "ban thuong vu tinh uy quang ninh"
    assert canonical_key("the Mong Cai City Party Committee") == "mong cai city party committee"
