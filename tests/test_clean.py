import json

import pytest

from pipeline.clean import clean_text, detect_language, furniture_reason

PROSE = ("The Party Committee of the Department of Home Affairs currently has 9 Party cells with 69 Party "
         "members, and since the beginning of the term it has focused on Party building work.")


@pytest.mark.parametrize("line, reason", [
    ("Vietnam.vn - Nền tảng quảng bá Việt Nam", "site banner"),
    ("Việt NamViệt Nam09/10/2024", "dateline"),
    ("Báo Nhân dânBáo Nhân dân25/09/2025", "dateline"),
    ("Thứ 5, Ngày 25/05/2023, 15:00", "dateline"),
    ("MONDAY, 08/06/2020 11:35:56", "dateline"),
    ("10/11/2020 | Nguyen Trang", "dateline"),
    ("g", "stub"),
    ("2", "counter"),
    ("-", "stub"),
    ("dh-dang-8.jpg", "image file"),
    ("Chi Linh People's Congress.jpg", "image file"),
    ("Source: https://baohaiduong.vn/15-dang-bo-cap-tren", "url"),
    ("Source", "footer"),
    ("Comment (0)", "footer"),
    ("Bình luận (12)", "footer"),
    ("Same tag", "footer"),
    ("Same category", "footer"),
    ("Tin liên quan", "footer"),
    ("Xem thêm:", "footer"),
    ("Lượt người xem:  Views:   292", "footer"),
    ("Reported by  Phuong Chi- Translated by Thanh Tam", "footer"),
    ("Content Type: Tin Tức Mở Rộng", "footer"),
    ("Cỡ chữ: Font size: Giảm (A-) Mặc định (A) Tăng (A+)", "widget"),
    ("No videos available", "widget"),
    ("LAN NGUYEN", "byline"),
    ("SGGP", "byline"),
    ("LE HUONG November 1, 2024 19:25", "dateline"),
    ("22/10/2020 11:50   554", "dateline"),
    ("Follow Tay Ninh Newspaper on", "widget"),
    ("Skip to main content", "widget"),
    ("Trang thông tin điện tử Đảng bộ tỉnh Ninh Bình", "widget"),
    ("Nhóm PV (Nguồn: baoninhbinh.org.vn)", "site banner"),
    ("Độc lập - Tự do - Hạnh phúc", "widget"),
    ("Updated : Wednesday, December 05, 2018 1:20 PM (GMT+0700)", "dateline"),
    ("Update: 12-02-2020 | 11:10:58", "dateline"),
    ("Vietnamese |  English |  中文 |  Báo In", "widget"),
    ("Home | Politics | Party building", "widget"),
    ("Tác giả: Dương An", "footer"),
    ("Những tin cũ hơn", "footer"),
    ("Newer articles", "footer"),
    (".jpg)", "image file"),
    ("9:34:53 AM | 7/31/2023", "dateline"),
    ("2 tháng 2 tuần trước", "widget"),
    ("3 hours ago", "widget"),
    ("Party resolution continues to be implemented  - ảnh 1", "widget"),
    ("Viết bình luận", "footer"),
    ("Sau 2 tháng, 3 tuần trước đại hội, chi bộ đã hoàn thành báo cáo.", None),
    ("Delegates at the congress - photo of the day", None),
    ("Tác giả cuốn sách đã tặng 100 bản cho thư viện xã.", None),
    ("Delegates vote at the congress | Photo: VNA", None),
    ("No later than June 25, 2025, the agencies assigned must:", None),
    ("The meeting on Monday, June 2, 2025 discussed Party tasks", None),
    # prose and captions stay
    (PROSE, None),
    ("Working scene.", None),
    ("Overview of the Seminar", None),
    ("PORTAL - On the morning of May 24, in Thu Dau Mot City, the seminar was held.", None),
    ("The Congress elected the XXV Party Executive Committee, term 2020-2025, including 10 comrades.", None),
    ("Ngày 26-9, Đại hội đại biểu Đảng bộ tỉnh Quảng Ninh lần thứ XVI đã khai mạc trọng thể.", None),
])
def test_furniture_reason(line, reason):
    assert furniture_reason(line) == reason


@pytest.mark.parametrize("page, title, published, kept, dropped", [
    # banner, headline, source+date line
    (f"Site.vn - Nền tảng tin tức\n\nProvince admits new Party members\n\nViệt NamViệt Nam03/02/2025\n\n{PROSE}",
     "Province admits new Party members", "2025-02-03", [PROSE], ["Site.vn", "Việt Nam03"]),
    # breadcrumb ending in an ellipsis, share counters
    (f"Home Politics Coal Party Committee: Developing new...\n\nCoal Party Committee: Developing new members\n\n2\n0\n\n{PROSE}",
     "Coal Party Committee: Developing new members", None, [PROSE], ["Home Politics", "\n2\n"]),
    # a page that opens with prose has no headline
    (f"{PROSE}\nA second paragraph follows here.", None, None, [PROSE, "A second paragraph"], []),
    # section label above the headline, date line under it
    (f"Provincial News\n\nCity Party Congress a great success\n\nMONDAY, 08/06/2020 11:35:56\n\n{PROSE}",
     "City Party Congress a great success", "2020-06-08", [PROSE], ["Provincial News", "MONDAY"]),
    # a caption repeated twice in a row is kept once; image stubs and file names go
    (f"{PROSE}\n\ng\nWorking scene.\nWorking scene.\nphoto-1.jpg\n\n{PROSE[:60]} again.",
     None, None, ["Working scene."], ["\ng\n", "Working scene.\n\nWorking scene.", "photo-1.jpg"]),
    # footer: everything after a footer marker goes, until long prose resumes
    (f"{PROSE}\n\nSource\n\nComment (0)\n\nSame category\n\nFamous magazine reveals the most beautiful destinations\nPilot recounts the moment\n\nNews\n\nLocal",
     None, None, [PROSE], ["Source", "Comment", "Famous magazine", "Pilot recounts", "Local"]),
    # CMS field labels after the view counter
    (f"{PROSE}\n\nLượt người xem:  Views:   292\nChia sẻ:\nTiêu đề\n\nHình ảnh\n\nApproval Status\nLast modified at by",
     None, None, [PROSE], ["Lượt người xem", "Tiêu đề", "Hình ảnh", "Approval Status", "Last modified"]),
    # a metadata prefix glued to the first paragraph
    (" date 2024-11 Ngày 1.11, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị công bố quyết định thành lập Đảng bộ thành phố.",
     None, None, ["Ngày 1.11, Ban Chấp hành"], ["date 2024-11"]),
    # byline + written date under the headline
    (f"News\n\nTown picks a ward to hold a model congress\n\nLE HUONG November 1, 2024 19:25\n\n{PROSE}",
     "Town picks a ward to hold a model congress", "2024-11-01", [PROSE], ["LE HUONG", "News\n"]),
    # an unpunctuated headline straight above prose; a closing signature goes
    (f"Đại hội đại biểu Đảng bộ phường lần thứ I, nhiệm kỳ 2025-2030\n{PROSE}\nThuy Thao",
     "Đại hội đại biểu Đảng bộ phường lần thứ I, nhiệm kỳ 2025-2030", None, [PROSE], ["Thuy Thao", "Đại hội"]),
    # a breadcrumb and the headline printed again between the headline and the prose
    (f"Skip to main content\n\nXã kết nạp 5 đảng viên mới\n\nTin tức - Sự kiện Tin hoạt động\nXã kết nạp 5 đảng viên mới\n{PROSE}",
     "Xã kết nạp 5 đảng viên mới", None, [PROSE], ["Skip", "Tin tức", "Xã kết nạp"]),
    # the national motto under the banner is not the headline; a headline's detached final period goes
    (f"Site.vn - Banner\n\nĐộc lập - Tự do - Hạnh phúc\n\nBloc guides Party cell congresses\n\nViệt NamViệt Nam13/11/2024\n\n{PROSE}",
     "Bloc guides Party cell congresses", "2024-11-13", [PROSE], ["Độc lập"]),
    (f"Xã sơ kết 3 năm công tác phát triển đảng viên mới .\n\n{PROSE[:-1]}",
     "Xã sơ kết 3 năm công tác phát triển đảng viên mới", None, [PROSE[:-1]], ["Xã sơ kết"]),
    # headline above a weekday + written date + clock + time zone line
    (f"Standing Committee works with the bloc Party Committee\nUpdated : Wednesday, December 05, 2018 1:20 PM (GMT+0700)\n\n{PROSE}",
     "Standing Committee works with the bloc Party Committee", "2018-12-05", [PROSE], ["Updated", "GMT"]),
    # an image stub and a table-cell caption ("... |") open the page: the caption is no headline
    (f"![]() |\nParty member admission ceremony in Quang Trung commune |\n{PROSE}",
     None, None, ["Party member admission ceremony in Quang Trung commune |", PROSE], ["![]()"]),
    (f"![]()\nParty member admission ceremony in Quang Trung commune\n{PROSE}",
     "Party member admission ceremony in Quang Trung commune", None, [PROSE], ["![]()"]),
    # an unpunctuated headline above a one-sentence photo caption and the prose; a question as headline
    (f"Hải Dương kết nạp được 848 đảng viên\nLễ kết nạp đảng viên mới ở Chi bộ Trường Mầm non xã Hà Thanh.\n{PROSE}",
     "Hải Dương kết nạp được 848 đảng viên", None, ["Lễ kết nạp đảng viên mới", PROSE], ["848 đảng viên\n"]),
    (f"Vì sao Thanh Hà sớm vượt chỉ tiêu phát triển đảng viên?\n\n{PROSE}",
     "Vì sao Thanh Hà sớm vượt chỉ tiêu phát triển đảng viên?", None, [PROSE], ["Vì sao"]),
    # a first line that is a sentence is no headline
    (f"The province admitted 848 new party members.\nLễ kết nạp đảng viên mới ở Chi bộ.\n{PROSE}",
     None, None, ["The province admitted 848 new party members.", PROSE], []),
    # a byline and a bracketed source credit close the article; a bracketed sentence does not
    (f"{PROSE}\n\nHoài Thi\n(Đài TT-TH Quảng Trạch)", None, None, [PROSE], ["Hoài Thi", "Đài TT-TH"]),
    (f"{PROSE}\n\n(The conference closed at noon.)", None, None, [PROSE, "(The conference closed at noon.)"], []),
    # a language switcher above the headline; a signature with the writer's post closes the article, a sentence does not
    (f"Vietnamese |  English |  中文 |  Báo In\n\nProvincial Party Executive Committee contributes ideas\n\n"
     f"Update: 12-02-2020 | 11:10:58\n\n{PROSE}", "Provincial Party Executive Committee contributes ideas",
     "2020-02-12", [PROSE], ["English", "Update"]),
    (f"{PROSE}\n\nĐỗ Thuần – Bí thư Chi bộ Các cơ quan Đảng", None, None, [PROSE], ["Đỗ Thuần"]),
    (f"{PROSE}\n\nTrần Văn Nam - Bí thư Tỉnh ủy phát biểu bế mạc.", None, None, [PROSE, "Trần Văn Nam - Bí thư"], []),
    # a headline with its date in brackets; other words in brackets stay in the headline
    (f"Ba Dinh District reviews the Party building (10:42 10/01/2019)\n\n{PROSE}",
     "Ba Dinh District reviews the Party building", "2019-01-10", [PROSE], ["10:42", "reviews"]),
    (f"Party building in the new period (part 2)\n\n{PROSE}", "Party building in the new period (part 2)", None,
     [PROSE], ["part 2"]),
    # a headline closed by a bracketed qualifier above a one-sentence sapo; a caption closed by a credit is none
    (f"Nghe An establishes commune-level Party Committees (new)\nThe new committees start on July 1.\n{PROSE}",
     "Nghe An establishes commune-level Party Committees (new)", None, ["The new committees start", PROSE], []),
    (f"At the working meeting (Photo: VOV)\n\n{PROSE}", None, None, ["At the working meeting (Photo: VOV)", PROSE], []),
    # the page's slug atop a Vietnamese page is its headline; a lower-case line atop an English page is not
    ("dai tu hoan tat cong tac chuan bi dai hoi dang bo huyen\nCác khâu chuẩn bị sẵn sàng phục vụ Đại hội\n\n"
     "Đảng bộ huyện Đại Từ hiện có 51 chi, đảng bộ trực thuộc với trên 9.200 đảng viên.",
     "dai tu hoan tat cong tac chuan bi dai hoi dang bo huyen", None, ["Đảng bộ huyện Đại Từ"], ["dai tu"]),
    (f"party building work in the province this year\nOverview of the meeting\n\n{PROSE}", None, None,
     ["party building work", PROSE], []),
    # a headline over a section label ("Latest") and a caption with a table stub, then a lead sentence
    ("Party Central Committee discusses building Party organisations\nLatest\nParticipants at the meeting. (Photo: VNA) |\n"
     "On behalf of the Politburo, Politburo member Vo Van Thuong presided over the morning session of the meeting.\n"
     f"{PROSE}", "Party Central Committee discusses building Party organisations", None,
     ["On behalf of the Politburo", PROSE], ["Latest"]),
    # a headline over a relative age line; an unpunctuated first line over a short line is no headline
    (f"Hà Tĩnh hướng tới Đại hội Đảng bộ tỉnh\n2 tháng 2 tuần trước\n{PROSE}\nViết bình luận\nTin liên quan",
     "Hà Tĩnh hướng tới Đại hội Đảng bộ tỉnh", None, [PROSE], ["tuần trước", "Viết bình luận"]),
    (f"Party building in the province\nThe meeting was held in the hall.\nOverview of the meeting", None, None,
     ["Party building in the province", "The meeting was held in the hall."], []),
    ("The Provincial Party Committee has 59 grassroots party organisations according to the report\n"
     "The 16th Provincial Party Congress, term 2025-2030, was attended by 366 official delegates.", None, None,
     ["59 grassroots party organisations", "366 official delegates"], []),
    # a document's letterhead under its headline
    (f"Hướng dẫn xét kết nạp đảng viên\nĐẢNG BỘ ĐẠI HỌC THÁI NGUYÊN\n\nQUYẾT ĐỊNH\n{PROSE}",
     "Hướng dẫn xét kết nạp đảng viên", None, [PROSE], []),
    # related articles closing the page: two or more headline + one-sentence teaser pairs; one subheaded section stays
    (f"{PROSE}\nNine female Secretaries elected\nNine women have been elected to the post.\n"
     "Many provinces have new leaders\nProvinces have held their party congresses.", None, None,
     [PROSE], ["Nine female", "Nine women", "Many provinces", "Provinces have held"]),
    (f"{PROSE}\nExceptional outcomes\nIn 2024 the city welcomed 57 Party members.", None, None,
     [PROSE, "Exceptional outcomes", "In 2024 the city"], []),
    # an aggregator's link to the full story is cut from the end of the last line; a sentence ending "read more." stays
    (f"{PROSE[:-1]}… Read full this story", None, None, [PROSE[:-1] + "…"], ["Read full"]),
    (f"{PROSE} Members were encouraged to read more.", None, None, ["encouraged to read more."], []),
])
def test_clean_text(page, title, published, kept, dropped):
    cleaned = clean_text(page)
    assert cleaned.title == title
    assert cleaned.published == published
    for snippet in kept:
        assert snippet in cleaned.text
    for snippet in dropped:
        assert snippet not in cleaned.text


@pytest.mark.parametrize("text, language", [
    (PROSE, "en"),
    ("Đảng bộ P.Thủy An gồm 10 chi bộ trực thuộc với 243 đảng viên.", "vi"),
    ("", "en"),
])
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_corpus_pages_clean_to_gold(corpus_dir):
    """Every gold page: its prose kept, its furniture dropped, its headline and date recovered."""
    for gold_path in sorted((corpus_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        cleaned = clean_text((corpus_dir / "raw" / f"{gold_path.stem}.txt").read_text(encoding="utf-8"))
        assert [s for s in gold["must_contain"] if s not in cleaned.text] == [], gold_path.stem
        assert [s for s in gold["must_not_contain"] if s in cleaned.text] == [], gold_path.stem
        assert cleaned.title == gold["title"], gold_path.stem
        assert cleaned.published == gold["published"], gold_path.stem
