"""Numbered congresses, and the numbered committees and terms they elected (docs/EXTRACTION.md, section 7)."""
import pytest

from pipeline.components.congresses import roman_value
from pipeline.extract import extract


def congresses(text, lang="en"):
    return [(c.ordinal, c.level) for c in extract(text, None, lang)["congresses"]]


@pytest.mark.parametrize("text, expected", [
    ("It carried out the Resolution of the 13th National Party Congress.", [(13, "national")]),
    ("The 16th Quang Ninh Provincial Party Congress, term 2025-2030 took place.", [(16, "provincial")]),
    ("The 23rd Hai Duong city Party Congress for the 2020 – 2025 tenure finished.", [(23, "city")]),
    ("Preparations for the 25th City Party Congress are under way.", [(25, "city")]),
    ("He is a member of the 13th Party Central Committee.", [(13, "national")]),
    ("Following resolutions of the 4th sessions of the 11th and 12th Party Central Committees.",
     [(11, "national"), (12, "national")]),
    ("The Executive Committee of the Hai Duong Provincial Party Committee, 17th term, opened its 22nd conference.",
     [(17, "provincial")]),
    ("Secretary of the XXIV School's Party Committee, term 2015-2020, was re-elected.", [(24, "grassroots")]),
    ("Five years of implementing Resolution XIII of the Party.", [(13, "national")]),
    ("The Standing Committee of the 10th Provincial Party Committee led the preparation.", [(10, "provincial")]),
    ("It served the fourth Resolution Party Committee of QuangNinh Coal Party, term 2015-2020.", [(4, "bloc")]),
    ("Delegates to the 5th Congress of the Party Committee of the Provincial Agencies Bloc.", [(5, "bloc")]),
    ("The 3rd Congress of the Party Committee of Hanoi opened.", [(3, "provincial")]),
    ("The 2nd Congress of the Hon Gai Coal Company Party Committee opened.", [(2, "enterprise")]),
    ("Members of the 13th-tenure Party Central Committee attended.", [(13, "national")]),
    ("During the XXIV term, the University Party Committee issued 05 thematic resolutions.", [(24, "grassroots")]),
    ("Secretary of the Party Committee of XXVl, term 2020-2025.", [(25, "other")]),
    ("The 10th Plenum of the Party Central Committee (13th tenure) closed.", [(13, "national")]),
    ("Members of the 13th Politburo visited the province.", [(13, "national")]),
    ("The Resolution of the 9th Party Central Committee’s fifth plenum on the collective economy.", [(9, "national")]),
    ("The 10th Party Central Committee's seventh session discussed agriculture.", [(10, "national")]),
    ("Conclusion No. 21-KL/TW of the 4th Central Conference (13th tenure) on Party building.", [(13, "national")]),
    # not congresses: plenums, meetings, legislatures, anniversaries, rankings, plain numbers
    ("The 4th Conference of the 13th Party Central Committee discussed it.", [(13, "national")]),
    ("On August 21, the Provincial Party Committee held its 54th meeting.", []),
    ("The Executive Committee opened its 22nd conference.", []),
    ("The 2nd Party Committee conference reviewed the work.", []),
    ("Deputies of the 15th National Assembly met voters.", []),
    ("He was a deputy of the National Assembly, 15th term.", []),
    ("The province celebrated the 90th anniversary of the Party's founding.", []),
    ("Quang Ninh ranked first nationwide; Party building is the No. 1 priority.", []),
    ("Chi Linh City is the first locality in the province to complete the congress.", []),
    ("In the first quarter of 2025, 98% of cells held their congresses.", []),
])
def test_english_congresses(text, expected):
    assert congresses(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Đại hội đại biểu Đảng bộ tỉnh Quảng Ninh lần thứ XVI, nhiệm kỳ 2025-2030 khai mạc.", [(16, "provincial")]),
    ("Đại hội bầu Ban Chấp hành Đảng bộ tỉnh Quảng Ninh khóa XVI gồm 55 đồng chí.", [(16, "provincial")]),
    ("Bầu đoàn đại biểu dự Đại hội đại biểu toàn quốc lần thứ XIII của Đảng.", [(13, "national")]),
    ("Tiếp tục thực hiện Nghị quyết Trung ương 4 (khóa XII) về xây dựng Đảng.", [(12, "national")]),
    ("Ông được bầu giữ chức Bí thư Thành ủy Thành phố Hồ Chí Minh Khóa XI.", [(11, "provincial")]),
    ("Đại hội đại biểu Đảng bộ phường Mông Dương lần thứ I, nhiệm kỳ 2025-2030.", [(1, "commune")]),
    ("Ban Chấp hành Đảng bộ huyện Tiên Yên khóa XXIV ra mắt.", [(24, "district")]),
    ("Nghị quyết Đại hội XIII của Đảng đi vào cuộc sống.", [(13, "national")]),
    ("Ban Chấp hành khóa XVI tiến hành hội nghị lần thứ nhất.", [(16, "other")]),
    ("Hội nghị Trung ương 10 khóa XIII bàn về công tác nhân sự.", [(13, "national")]),
    ("Đại hội đại biểu Đảng bộ Khối các cơ quan tỉnh lần thứ VII thành công.", [(7, "bloc")]),
    ("Quốc hội khóa XV họp kỳ họp thứ 8.", []),
    ("Sáng ngày 1/6/2025, Chi bộ III tổ chức Đại hội Chi bộ III nhiệm kỳ 2025 - 2027.", []),
    ("Đại hội đại biểu Đảng bộ huyện XXIV thành công tốt đẹp.", [(24, "district")]),
    ("Đại biểu HĐND tỉnh khóa XIV tiếp xúc cử tri.", []),
])
def test_vietnamese_congresses(text, expected):
    assert congresses(text, "vi") == expected


@pytest.mark.parametrize("text, lang, org", [
    ("View of the 16th Congress of Quang Ninh Provincial Party Committee, term 2025-2030.", "en",
     "Quang Ninh Provincial Party Committee"),
    ("Representatives attend the 5th Party Committee Congress of QuangNinh Coal party, term 2020-2025.", "en",
     "QuangNinh Coal party"),
    ("The 16th Provincial Party Congress opened.", "en", None),
    ("Đại hội đại biểu Đảng bộ tỉnh Quảng Ninh lần thứ XVI khai mạc.", "vi", "Đảng bộ tỉnh Quảng Ninh"),
    ("Ban Chấp hành Đảng bộ tỉnh Nghệ An Khóa XIX gồm 64 ủy viên.", "vi", "Đảng bộ tỉnh Nghệ An"),
])
def test_org_is_the_body_holding_the_congress(text, lang, org):
    (congress,) = extract(text, None, lang)["congresses"]
    assert congress.org == org


def test_one_congress_per_ordinal_and_level_with_the_ordinal_span():
    text = "The 14th National Party Congress. Towards the 14th National Congress of the Party, units prepared."
    (congress,) = extract(text)["congresses"]
    assert (congress.ordinal, congress.level, text[congress.start:congress.end]) == (14, "national", "14th")
    assert congress.evidence == "The 14th National Party Congress."


@pytest.mark.parametrize("numeral, value", [
    ("XIII", 13), ("XXIV", 24), ("XIX", 19), ("XVIII", 18), ("IV", 4), ("XXVl", 25), ("IIV", None), ("VV", None),
])
def test_roman_value(numeral, value):
    assert roman_value(numeral) == value
