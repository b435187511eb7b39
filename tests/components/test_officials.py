"""Officials: names paired with their positions (docs/EXTRACTION.md, section 3)."""
import pytest

from pipeline.extract import extract


def officials(text, lang="en"):
    return [(o.name, o.title) for o in extract(text, None, lang)["officials"]]


@pytest.mark.parametrize("text, expected", [
    ("On the morning of October 9, comrade Dang Xuan Phuong, Deputy Secretary of the Provincial Party Committee, "
     "Head of the Provincial National Assembly Delegation chaired a working session.",
     [("Dang Xuan Phuong", "Deputy Secretary of the Provincial Party Committee; "
                           "Head of the Provincial National Assembly Delegation")]),
    ("Comrade Hoang Ba Nam, Secretary of Mong Cai City Party Committee reported at the meeting.",
     [("Hoang Ba Nam", "Secretary of Mong Cai City Party Committee")]),
    ("Also working were comrades: Bui Thuy Phuong, Head of the Provincial Party Committee's Organization Committee; "
     "Nguyen Thi Hanh, Vice Chairman of the Provincial People's Committee.",
     [("Bui Thuy Phuong", "Head of the Provincial Party Committee's Organization Committee"),
      ("Nguyen Thi Hanh", "Vice Chairman of the Provincial People's Committee")]),
    ("Mr. Nguyen Hoang Thao – Permanent Deputy Secretary of the Provincial Party Committee, cum Rector of the "
     "Provincial School of Politics chaired the seminar.",
     [("Nguyen Hoang Thao", "Permanent Deputy Secretary of the Provincial Party Committee; "
                            "Rector of the Provincial School of Politics")]),
    ("Dr. Nguyen Thi Tram - Faculty of Party Building, Academy of Politics Region II presents at the Seminar",
     [("Nguyen Thi Tram", "Faculty of Party Building; Academy of Politics Region II")]),
    ("Secretary of the provincial Party Committee Nguyen Manh Hien delivers a speech.",
     [("Nguyen Manh Hien", "Secretary of the provincial Party Committee")]),
    ("Head of the Party Central Committee's Economic Commission Nguyen Van Binh and Secretary of the provincial "
     "Party Committee Nguyen Manh Hien spoke.",
     [("Nguyen Van Binh", "Head of the Party Central Committee's Economic Commission"),
      ("Nguyen Manh Hien", "Secretary of the provincial Party Committee")]),
    ("Comrade Diep Van Chien, Provincial Party Committee member and Head of the Provincial Party Committee's "
     "Internal Affairs Department, was elected.",
     [("Diep Van Chien", "Provincial Party Committee member; "
                         "Head of the Provincial Party Committee's Internal Affairs Department")]),
    ("Mr. Nguyen Thanh Son, Deputy Secretary of the Party Committee, Deputy General Director of the company said.",
     [("Nguyen Thanh Son", "Deputy Secretary of the Party Committee; Deputy General Director of the company")]),
    ("Brick-maker Nguyen Thanh Chung (Mining Workshop 2, Khe Cham Coal Company) shared his pride.",
     [("Nguyen Thanh Chung", "Brick-maker")]),
    ("Prime Minister Pham Minh Chinh attended; General Secretary To Lam met voters.",
     [("Pham Minh Chinh", "Prime Minister"), ("To Lam", "General Secretary")]),
    ("Prof. Dr. Ta Ngoc Tan - former member of the Party Central Committee, Permanent Vice Chairman of the Central "
     "Theoretical Council and leaders of the province attended.",
     [("Ta Ngoc Tan", "former member of the Party Central Committee; "
                      "Permanent Vice Chairman of the Central Theoretical Council")]),
    # one record per person: the first title wins, a later mention fills a missing one
    ("Mr. Nguyen Hoang Thao emphasized the goals. Mr. Nguyen Hoang Thao - Permanent Deputy Secretary of the "
     "Provincial Party Committee speaks.",
     [("Nguyen Hoang Thao", "Permanent Deputy Secretary of the Provincial Party Committee")]),
    ("Comrade Le Van Hieu, Chairman of the Provincial People's Council, spoke. Comrade Le Van Hieu, Head of the "
     "Provincial National Assembly Delegation, concluded.",
     [("Le Van Hieu", "Chairman of the Provincial People's Council")]),
    ("Mr. Huynh Tan Viet, Commissioner of the Central Party Committee cum Secretary of the Provincial Party "
     "Committee chaired the meeting.",
     [("Huynh Tan Viet", "Commissioner of the Central Party Committee; Secretary of the Provincial Party Committee")]),
    ("Comrade Huynh Thi Thuy Dung - Party Secretary, Head of the Provincial Party Committee's Propaganda and Mass "
     "Mobilization Department presented the decision.",
     [("Huynh Thi Thuy Dung", "Party Secretary; Head of the Provincial Party Committee's Propaganda and Mass "
                              "Mobilization Department")]),
    ("Ms. Vu Thi Lan, a teacher at Hai Ba Trung High School, was admitted to the Party; comrade Le Van Hieu, "
     "Secretary at the ceremony, spoke.",
     [("Vu Thi Lan", "teacher at Hai Ba Trung High School"), ("Le Van Hieu", "Secretary")]),
    # minority family names (Mùa, Hầu, Lộc) and the one-letter "A" inside their names
    ("Mùa A Sơn, Permanent Deputy Secretary of the Provincial Party Committee, attended.",
     [("Mùa A Sơn", "Permanent Deputy Secretary of the Provincial Party Committee")]),
    ("Provincial Party Secretary Hau A Lenh speaks at the Congress.", [("Hau A Lenh", "Provincial Party Secretary")]),
    # two positions joined by "and" before the name; a position after a bare comma before it is capitalised
    ("He cited Party General Secretary and State President Nguyen Phu Trong.",
     [("Nguyen Phu Trong", "Party General Secretary; State President")]),
    ("Receiving the decision from the Secretary of the Mai Chau district Party Committee, new Party member Mua Thi "
     "Vang felt proud.", [("Mua Thi Vang", "new Party member")]),
    ("Member of the Party Central Committee, Secretary of the Provincial Party Committee Tran Van Binh spoke.",
     [("Tran Van Binh", "Member of the Party Central Committee; Secretary of the Provincial Party Committee")]),
    ("Dinh Hung Cuong, head of the Organisation Commission of the district Party Committee, said.",
     [("Dinh Hung Cuong", "head of the Organisation Commission of the district Party Committee")]),
    # not officials: bylines, places that look like names, bodies, names without position or honorific
    ("The Commissioner of the Provincial Party Committee spoke.", []),
    ("Nguyen Van Hung, a reporter, wrote that the congress went well.", []),
    ("Photo: Nguyen Trang", []),
    ("By Hoang Linh, translated by Mai Anh", []),
    ("The delegation visited Ha Long City, Ha Tinh province and Phan Thiet.", []),
    ("Secretary of Ha Tinh Provincial Party Committee chaired the meeting.", []),
    ("Party building is the No. 1 priority of Binh Duong Provincial Party Committee.", []),
    ("They studied Ho Chi Minh's ideology, morality and style.", []),
    ("Loc Ninh district and Giang A Party Cell admitted 5 members; A member spoke.", []),
])
def test_english_officials(text, expected):
    assert officials(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Tới dự có đồng chí Nguyễn Xuân Thắng, Ủy viên Bộ Chính trị, Giám đốc Học viện Chính trị Quốc gia Hồ Chí "
     "Minh, Chủ tịch Hội đồng Lý luận Trung ương, yêu cầu tỉnh tiếp tục.",
     [("Nguyễn Xuân Thắng", "Ủy viên Bộ Chính trị; Giám đốc Học viện Chính trị Quốc gia Hồ Chí Minh; "
                            "Chủ tịch Hội đồng Lý luận Trung ương")]),
    ("Bí thư Tỉnh ủy Quảng Ninh Vũ Đại Thắng dự đại hội.", [("Vũ Đại Thắng", "Bí thư Tỉnh ủy Quảng Ninh")]),
    ("Các đồng chí: Cao Tường Huy, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; Trịnh Thị Minh Thanh, Phó Bí thư "
     "Thường trực Tỉnh ủy dự hội nghị.",
     [("Cao Tường Huy", "Phó Bí thư Tỉnh ủy; Chủ tịch UBND tỉnh"),
      ("Trịnh Thị Minh Thanh", "Phó Bí thư Thường trực Tỉnh ủy")]),
    ("Ông Thái Thanh Quý, Ủy viên dự khuyết Trung ương Đảng, Bí thư Tỉnh ủy khóa XVIII, được bầu.",
     [("Thái Thanh Quý", "Ủy viên dự khuyết Trung ương Đảng; Bí thư Tỉnh ủy khóa XVIII")]),
    ("2 đồng chí Nguyễn Hoàng Thao, Võ Văn Minh được bầu giữ chức Phó Bí thư Tỉnh ủy.",
     [("Nguyễn Hoàng Thao", "Phó Bí thư Tỉnh ủy"), ("Võ Văn Minh", "Phó Bí thư Tỉnh ủy")]),
    ("Đồng chí Phạm Văn Được được tín nhiệm bầu giữ chức vụ Bí thư Chi bộ nhiệm kỳ 2025 - 2027.",
     [("Phạm Văn Được", "Bí thư Chi bộ nhiệm kỳ 2025 - 2027")]),
    ("Đồng chí Phạm Văn Được được tín nhiệm cao.", [("Phạm Văn Được", None)]),
    ("Ông Phạm Văn Hùng, công nhân Công ty Than Hà Lầm, chia sẻ.",
     [("Phạm Văn Hùng", "công nhân Công ty Than Hà Lầm")]),
    ("Dự có đồng chí Nguyễn Thị Thanh Huyền - Ủy viên BTV Tỉnh ủy, Phó Bí thư Thường trực chuyên trách Đảng ủy "
     "các cơ quan Đảng tỉnh; đồng chí Nguyễn Thị Hồng Lâm - TUV, Phó Chủ tịch HĐND tỉnh.",
     [("Nguyễn Thị Thanh Huyền", "Ủy viên BTV Tỉnh ủy; Phó Bí thư Thường trực chuyên trách Đảng ủy các cơ quan Đảng tỉnh"),
      ("Nguyễn Thị Hồng Lâm", "TUV; Phó Chủ tịch HĐND tỉnh")]),
    ("Đồng chí Lê Văn Hùng, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy phát biểu.",
     [("Lê Văn Hùng", "Ủy viên Ban Thường vụ Tỉnh ủy; Trưởng Ban Tổ chức Tỉnh ủy")]),
    # a name straight after the body (no place between) is the post holder's, not part of the body
    ("Bí thư Tỉnh ủy Nguyễn Văn Hùng phát biểu; Phó Chủ tịch HĐND tỉnh Nguyễn Thị Hồng Lâm dự.",
     [("Nguyễn Văn Hùng", "Bí thư Tỉnh ủy"), ("Nguyễn Thị Hồng Lâm", "Phó Chủ tịch HĐND tỉnh")]),
    # a position written straight after the name, without a comma, ends the name
    ("Về sự có đồng chí Châu Ngọc Hồng Bí thư Đảng ủy và các đồng chí lãnh đạo Đảng ủy.",
     [("Châu Ngọc Hồng", "Bí thư Đảng ủy")]),
    ("Ông Trần Văn Quyền Phó Chủ tịch HĐND huyện và ông Nguyễn Văn Quyền Chủ tịch UBND xã dự.",
     [("Trần Văn Quyền", "Phó Chủ tịch HĐND huyện"), ("Nguyễn Văn Quyền", "Chủ tịch UBND xã")]),
    ("Bà Nguyễn Thị Phó dự hội nghị.", [("Nguyễn Thị Phó", None)]),
    ("Tham dự có đồng chí Lộc Duy Quang - Bí thư Chi bộ và đồng chí Giàng A Chu.",
     [("Lộc Duy Quang", "Bí thư Chi bộ"), ("Giàng A Chu", None)]),
    ("Thành lập Đảng bộ P.Bình Dương trực thuộc Thành ủy Đông Triều. ẢNH: N.H", []),
    ("Chủ tịch HĐND tỉnh Hà Nam và Bí thư Tỉnh ủy Cao Bằng dự hội nghị.", []),
    ("Tại tỉnh Hà Tĩnh, Đại hội đã bầu Ban Chấp hành Đảng bộ tỉnh Hà Tĩnh khóa XIX.", []),
])
def test_vietnamese_officials(text, expected):
    assert officials(text, "vi") == expected


def test_official_offsets_are_the_first_mention_of_the_name():
    text = "Mr. Nguyen Hoang Thao opened it. Mr. Nguyen Hoang Thao - Rector of the Provincial School of Politics spoke."
    (official,) = extract(text)["officials"]
    assert (official.start, official.end) == (4, 21)
    assert text[official.start:official.end] == "Nguyen Hoang Thao"
    assert official.evidence == "Mr. Nguyen Hoang Thao opened it."
    assert official.title == "Rector of the Provincial School of Politics"
