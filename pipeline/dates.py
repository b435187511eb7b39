"""Day-first date parsing for Vietnamese news (``09/10/2024`` is 9 October 2024).

Numeric dates are read by a regular expression; written dates go to dateparser with the
article's language and day-first order, cached, so dateparser never guesses a language.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d{2})(?!\d)")
ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
MONTH_NUMBERS = {name: number for number, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), 1) for name in names}
WRITTEN_DATE = re.compile(
    rf"\b(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(?:19|20)\d{{2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\.?,?\s+(?:19|20)\d{{2}}"
    rf"|(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*,?\s*\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b(?!\.?,?\s*\d))",
    re.IGNORECASE,
)
VI_DATE = re.compile(r"\bngày\s+(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*((?:19|20)\d{2}))?(?!\d)", re.IGNORECASE)
VI_WRITTEN = re.compile(r"\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+((?:19|20)\d{2}))?", re.IGNORECASE)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _dateparser(text: str, language: str, base: str | None) -> str | None:
    import dateparser  # slow to import, and needed only for the rare year-less written date

    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if base:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(base)
        settings["PREFER_DATES_FROM"] = "past"
    parsed = dateparser.parse(text, languages=[language], settings=settings)
    return parsed.date().isoformat() if parsed else None


def _in_year_before(published: str, month: int, day: int) -> str | None:
    """A year-less day and month as the latest such date not long after ``published``."""
    year = int(published[:4])
    date = _iso(year, month, day)
    if date and date > (dt.date.fromisoformat(published[:10]) + dt.timedelta(days=7)).isoformat():
        date = _iso(year - 1, month, day)
    return date


def parse_date(text: str, language: str = "en", published: str | None = None) -> str | None:
    """The first date written in ``text`` as ISO ``YYYY-MM-DD``, read day-first.

    A date without a year ("October 9", "ngày 1.11") takes its year from ``published`` and is
    ``None`` when there is none to resolve it against.
    """
    m = ISO_DATE.search(text)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = NUMERIC_DATE.search(text)
    if m:  # day-first, unless only month-first is a date ("7/31/2023")
        return _iso(int(m[3]), int(m[2]), int(m[1])) or _iso(int(m[3]), int(m[1]), int(m[2]))
    for pattern in (VI_DATE, VI_WRITTEN):
        m = pattern.search(text)
        if m:
            if m[3]:
                return _iso(int(m[3]), int(m[2]), int(m[1]))
            return _in_year_before(published, int(m[2]), int(m[1])) if published else None
    m = WRITTEN_DATE.search(text)
    if m:
        year = re.search(r"(?:19|20)\d{2}", m[0])
        if year:  # "July 11, 2023", "14 June 2024": read directly
            month = MONTH_NUMBERS[re.search(MONTHS, m[0], re.IGNORECASE)[0].lower()]
            return _iso(int(year[0]), month, int(re.search(r"\d{1,2}(?!\d)", m[0])[0]))
        return _dateparser(m[0], "en", published) if published else None
    return None


def has_full_date(text: str) -> bool:
    """Whether ``text`` holds a complete numeric or ISO date."""
    return bool(ISO_DATE.search(text) or NUMERIC_DATE.search(text))
