import pytest

from pipeline.dates import has_full_date, parse_date


@pytest.mark.parametrize("text, language, published, expected", [
    # day-first numeric dates
    ("Việt NamViệt Nam09/10/2024", "en", None, "2024-10-09"),
    ("Thứ 5, Ngày 25/05/2023, 15:00", "vi", None, "2023-05-25"),
    ("MONDAY, 08/06/2020 11:35:56", "en", None, "2020-06-08"),
    ("dated 11/7/2023", "en", None, "2023-07-11"),
    ("Thứ Sáu, 01/11/2024 08:30", "vi", None, "2024-11-01"),
    ("1.11.2024", "vi", None, "2024-11-01"),
    ("26-9-2025", "vi", None, "2025-09-26"),
    ("2024-10-09T08:00:00", "en", None, "2024-10-09"),
    # month-first only where day-first is no date
    ("9:34:53 AM | 7/31/2023", "en", None, "2023-07-31"),
    ("7/11/2023", "en", None, "2023-11-07"),
    # written dates
    ("dated July 11, 2023", "en", None, "2023-07-11"),
    ("Decision No. 244-QD/TW dated June 9, 2014, of the Central Committee", "en", None, "2014-06-09"),
    ("on 14 June 2024", "en", None, "2024-06-14"),
    # relative dates resolve against the publication date, and are unknown without one
    ("On the morning of October 9", "en", "2024-10-09", "2024-10-09"),
    ("On the morning of October 9", "en", None, None),
    ("On the afternoon of December 30", "en", "2025-01-02", "2024-12-30"),
    ("Ngày 1.11, Ban Chấp hành", "vi", "2024-11-02", "2024-11-01"),
    ("Ngày 1.11, Ban Chấp hành", "vi", None, None),
    ("Ngày 30.12, Thành ủy", "vi", "2025-01-03", "2024-12-30"),
    ("ngày 14 tháng 6 năm 2024", "vi", None, "2024-06-14"),
    # not dates
    ("date 2024-11", "en", None, None),
    ("31/02/2024", "en", None, None),
    ("104,000 party members", "en", None, None),
])
def test_parse_date(text, language, published, expected):
    assert parse_date(text, language, published) == expected


@pytest.mark.parametrize("text, expected", [
    ("Báo Nhân dânBáo Nhân dân25/09/2025", True),
    ("10/11/2020 | Nguyen Trang", True),
    ("term 2020-2025", False),
    ("date 2024-11", False),
])
def test_has_full_date(text, expected):
    assert has_full_date(text) is expected
