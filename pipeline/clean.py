"""Stage 2: turn a scraped page's text dump into article prose, its headline and its date.

Each line is judged from its own features (length, punctuation, sentence shape, dates, URLs,
file names, the furniture vocabulary in ``models/furniture.jsonl``) and from its place on the
page (before the headline, after a footer marker), never from a list of known pages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .dates import WRITTEN_DATE, has_full_date, parse_date
from .patterns import load_jsonl

SENTENCE_END = re.compile(r"[.!?…:;\"”’)»]\s*$")
STATEMENT_END = re.compile(r"[.!…:;\"”’)»]\s*$")  # a sentence, unless a question (headlines may ask one)
INNER_SENTENCE = re.compile(r"[a-zà-ỹ0-9)][.!?]\s+[A-ZÀ-Ỹ]")
IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|bmp|svg)\)?\s*$", re.IGNORECASE)  # "photo.jpg", ".jpg)"
URL = re.compile(r"https?://\S+|\bwww\.\S+")
DOMAIN = re.compile(r"\b[\w-]+\.(?:vn|com|net|org|gov|info)\b", re.IGNORECASE)
METADATA_PREFIX = re.compile(r"^\s*(?:date|published|ngày đăng|cập nhật)\s*:?\s*((?:19|20)\d{2}-\d{2}(?:-\d{2})?)\s+",
                             re.IGNORECASE)
DATELINE_WORDS = re.compile(  # what a date line holds besides its date: weekday, clock, time zone
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b[ap]\.?m\b\.?|[(\[]?\b(?:gmt|utc)\s*(?:[+-]\s*\d{1,4})?[)\]]?",
    re.IGNORECASE)
TRAILING_QUALIFIER = re.compile(r"(?<=\S)\s*\([^():.!?]*\)\s*$")  # "... Party Committees (new)"
BRACKETED_DATE = re.compile(r"^(?P<head>.*\S)\s*\((?P<date>[^()]+)\)\s*$")  # "Headline (10:42 10/01/2019)"
SLUG = re.compile(r"[a-z0-9]+(?: [a-z0-9]+){5,}")  # a headline as a URL slug: lower case, no diacritics
VI_LETTER = re.compile("[ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]")
PROSE_WORDS = 25
LEAD_WORDS = 15  # a lead sentence under a headline


@dataclass(frozen=True)
class Cleaned:
    """The article prose, and the headline and date recovered from the page."""

    text: str
    title: str | None
    published: str | None
    language: str


@lru_cache(maxsize=1)
def _furniture() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The footer lines, widget lines and line trailers of ``models/furniture.jsonl``, each kind as one regex."""
    rules = load_jsonl("furniture.jsonl", {"kind": str, "pattern": str})
    footer, widget, trailer = ("|".join(f"(?:{r['pattern']})" for r in rules if r["kind"] == kind)
                               for kind in ("footer", "widget", "trailer"))
    return (re.compile(footer, re.IGNORECASE), re.compile(widget, re.IGNORECASE),
            re.compile(rf"\s*(?:{trailer})\s*$", re.IGNORECASE))


def _words(line: str) -> int:
    return len(line.split())


def is_prose(line: str) -> bool:
    """A paragraph of running text: long and closed by sentence punctuation."""
    return _words(line) >= PROSE_WORDS and bool(SENTENCE_END.search(line))


def is_dateline(line: str) -> bool:
    """A short line that states a full date and little else (source+date lines, weekday+date+time,
    byline+date); a sentence that mentions a date ("No later than June 25, 2025, ...:") is not one."""
    if _words(line) > 10 or re.search(r"[.:;!?]\s*$", line):
        return False
    if has_full_date(line):
        return True
    written = [m for m in WRITTEN_DATE.finditer(line) if re.search(r"(?:19|20)\d{2}", m[0])]
    rest = DATELINE_WORDS.sub(" ", WRITTEN_DATE.sub(" ", line)) if written else ""
    return bool(written) and _words(re.sub(r"[\d:|,/-]+", " ", rest)) <= 4


def is_footer_marker(line: str) -> bool:
    """A line that opens the page's footer (source, comments, related headlines, CMS fields)."""
    return bool(_furniture()[0].fullmatch(line))


def furniture_reason(line: str) -> str | None:
    """Why a line, seen on its own, is page furniture; ``None`` if it may be prose."""
    stripped = line.strip()
    words = _words(stripped)
    if not stripped:
        return "empty"
    if is_dateline(stripped):
        return "dateline"
    if stripped.isdigit() and len(stripped) <= 6:
        return "counter"
    if len(stripped) <= 2 or not re.search(r"[^\W\d_]{2}", stripped):
        return "stub"
    if words <= 12 and IMAGE_FILE.search(stripped):
        return "image file"
    if words <= 6 and URL.search(stripped):
        return "url"
    if words <= 12 and DOMAIN.search(stripped) and (words <= 8 or not SENTENCE_END.search(stripped)):
        return "site banner"
    if _furniture()[1].fullmatch(stripped):
        return "widget"
    if is_footer_marker(stripped):
        return "footer"
    if stripped.isupper() and words <= 4 and not SENTENCE_END.search(stripped):
        return "byline"
    return None


STRAY_PERIOD = re.compile(r"\s+\.$")


def _is_headline(line: str) -> bool:
    """Headline-shaped: a few words, one sentence at most, no furniture, not a table cell ("caption |")."""
    words = _words(line)
    return 3 <= words <= 35 and not INNER_SENTENCE.search(line) and not line.endswith("|") \
        and not furniture_reason(line)


def _is_breadcrumb(line: str, following: str | None) -> bool:
    if not following or not re.search(r"(\.\.\.|…)\s*$", line):
        return False
    body = line.rstrip().rstrip(".…").rstrip()
    tail = " ".join(body.split()[-5:])
    return len(tail) >= 15 and tail in following


def detect_language(text: str) -> str:
    """'vi' when Vietnamese letters are frequent, else 'en'."""
    letters = sum(map(str.isalpha, text))
    if not letters:
        return "en"
    return "vi" if len(VI_LETTER.findall(text.lower())) / letters > 0.04 else "en"


def clean_text(raw: str) -> Cleaned:
    """Article prose, headline and publication date from a page's text dump."""
    trailer = _furniture()[2]
    lines = [trailer.sub("", line.strip()) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _split_dated_headline([line for line in lines if line])
    published = None
    for i, line in enumerate(lines):
        m = METADATA_PREFIX.match(line)
        if m:
            lines[i] = line[m.end():]
            published = published or parse_date(m[1])

    title_at = _find_title(lines)
    title = STRAY_PERIOD.sub("", lines[title_at]) if title_at is not None else None
    kept: list[str] = []
    in_footer = False
    seen_prose = False
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        reason = furniture_reason(line)
        if reason == "dateline" and not in_footer:
            published = published or parse_date(line)
        if in_footer:
            if is_prose(line) and not reason:
                in_footer = False
            else:
                continue
        if reason in ("footer",) and (seen_prose or kept):
            in_footer = True
            continue
        if reason:
            continue
        if title_at is not None and (i <= title_at or line == title):
            continue  # banners, breadcrumbs and section labels above the headline; the headline again
        if title_at is not None and not seen_prose and _is_label(line, 8):
            continue  # section names, bylines and source names between the headline and the prose
        if _is_breadcrumb(line, following):
            continue
        if kept and kept[-1] == line:
            continue  # a caption repeated twice in a row
        kept.append(line)
        seen_prose = seen_prose or is_prose(line)
    while len(kept) > 1 and (_is_label(kept[-1]) or _is_signature(kept[-1])):
        kept.pop()  # a signature or source credit closing the article
    del kept[len(kept) - _related_teasers(kept):]
    text = "\n\n".join(kept)
    return Cleaned(text=text, title=title, published=published, language=detect_language(text))


def _split_dated_headline(lines: list[str]) -> list[str]:
    """A headline with its date in brackets ("Ba Dinh District reviews the Party building (10:42 10/01/2019)"),
    above the prose, as a headline line and a date line."""
    for i, line in enumerate(lines):
        if is_prose(line):
            break
        m = BRACKETED_DATE.match(line)
        if m and is_dateline(m["date"]) and _is_headline(m["head"]):
            return [*lines[:i], m["head"], m["date"], *lines[i + 1:]]
    return lines


def _is_letterhead(line: str) -> bool:
    """A document's letterhead line under its headline ("ĐẢNG BỘ ĐẠI HỌC THÁI NGUYÊN"): short, upper case, unpunctuated."""
    return line.isupper() and _words(line) <= 10 and not SENTENCE_END.search(line)


def _related_teasers(kept: list[str], min_items: int = 2) -> int:
    """How many closing lines are related articles: two or more pairs of an unpunctuated headline and a
    one-sentence teaser ("Many provinces have new leaders" / "Provinces ... elect new leaders."), after the prose."""
    n = 0
    while n + 3 <= len(kept):
        headline, teaser = kept[-n - 2], kept[-n - 1]
        if not (_is_headline(headline) and _words(headline) <= 15 and not SENTENCE_END.search(headline)
                and STATEMENT_END.search(teaser) and _words(teaser) < 2 * PROSE_WORDS
                and not INNER_SENTENCE.search(teaser)):
            break
        n += 2
    return n if n >= 2 * min_items else 0


def _is_label(line: str, max_words: int = 4) -> bool:
    """A short line without sentence punctuation, or such a line in brackets: a section name, byline or
    credit ("(Đài TT-TH Quảng Trạch)")."""
    if line[:1] == "(" and line[-1:] == ")":
        line = line[1:-1]
    return _words(line) <= max_words and not SENTENCE_END.search(line)


SIGNATURE = re.compile(r"\s+[-–—]\s+")


def _is_signature(line: str, max_words: int = 12) -> bool:
    """A byline with the writer's post or unit ("Đỗ Thuần – Bí thư Chi bộ"): a capitalised name of two to four
    words, a dash, a few more words, no sentence punctuation."""
    name = SIGNATURE.split(line, maxsplit=1)
    words = name[0].split()
    return len(name) == 2 and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) \
        and _words(line) <= max_words and not SENTENCE_END.search(line)


def _prose_below(lines: list[str], i: int) -> bool:
    """Prose right below line ``i``, or below a one-sentence photo caption ("Caption. (Photo: VNA) |") that
    follows it; a section label or widget between them ("Latest") is passed over, and past one a lead sentence will do."""
    captions = 0
    passed_label = False
    for line in lines[i + 1:i + 5]:
        if _words(line) >= PROSE_WORDS or (passed_label and _words(line) >= LEAD_WORDS and STATEMENT_END.search(line)):
            return True
        if furniture_reason(line):
            passed_label = True
            continue
        if captions or not SENTENCE_END.search(line.rstrip(" |")):
            return False
        captions += 1
    return False


def _is_slug(line: str, rest: list[str]) -> bool:
    """The headline written as its URL slug (lower case, no diacritics) atop a Vietnamese page."""
    return bool(SLUG.fullmatch(line)) and any(VI_LETTER.search(other) for other in rest[:3])


def _find_title(lines: list[str], scan: int = 8) -> int | None:
    """Index of the headline: the first real line of the page when it is headline-shaped and has
    page furniture (banner, breadcrumb, section label) above it, or a date line, widget or counter
    below it, or is unpunctuated (or a question, or closed by a bracketed qualifier: "... (new)") with
    prose below it or below a caption under it, or is the page's slug atop a Vietnamese page.
    A page that opens with prose has no headline."""
    for i, line in enumerate(lines[:scan]):
        prev = lines[i - 1] if i > 0 else None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if furniture_reason(line) or _is_breadcrumb(line, nxt):
            continue
        if _is_headline(line):
            above = prev is not None and (bool(furniture_reason(prev)) or _is_breadcrumb(prev, line) or _is_label(prev))
            unpunctuated = not STATEMENT_END.search(TRAILING_QUALIFIER.sub("", STRAY_PERIOD.sub("", line)))
            below = nxt is not None and (furniture_reason(nxt) in ("dateline", "counter", "widget", "byline", "site banner")
                                         or (unpunctuated and (_prose_below(lines, i) or _is_letterhead(nxt))))
            if above or below or (i == 0 and _is_slug(line, lines[1:])):
                return i
        if not _is_label(line):
            return None
    return None
