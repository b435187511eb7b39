import io
import json
import unicodedata

import pytest

from pipeline.core import process_all
from pipeline.ingest import decode, InputError, read_articles
from pipeline.records import ProcessingError, RawArticle

VI = "Đảng bộ P.Thủy An gồm 10 chi bộ trực thuộc với 243 đảng viên."
ARTICLE_HTML = """<html><head><title>Province admits 857 new Party members</title>
<meta property="article:published_time" content="2024-10-09"></head><body>
<nav>Home | Politics | Society</nav>
<article><h1>Province admits 857 new Party members</h1>
<p>Since the beginning of the 2020-2025 term, the City Party Committee has admitted 857 new Party members,
focusing on workers in enterprises and young people in residential areas across the province.</p>
<p>The City Party Committee currently has 36 grassroots party organizations and 263 party cells directly
under grassroots party committees, according to a report presented at the working session.</p>
</article><footer>Comment (0) Same category</footer></body></html>"""


def _items(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_articles([str(path)]))


@pytest.mark.parametrize("data, expected", [
    (VI.encode("utf-8"), VI),
    (b"\xef\xbb\xbf" + VI.encode("utf-8"), VI),
    (VI.encode("utf-16"), VI),
    ("Comité du Parti à Hanoï, réunion élargie".encode("latin-1"), "Comité du Parti à Hanoï, réunion élargie"),
])
def test_decode(data, expected):
    assert decode(data) == expected


@pytest.mark.parametrize("data, message", [
    (b"", "empty file"),
    (b"  \n\n ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
])
def test_decode_rejects(data, message):
    with pytest.raises(InputError, match=message):
        decode(data)


def _cp1258(text: str) -> bytes:
    """Vietnamese in Windows-1258: precomposed where the code page has it, else base + tone mark."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            vowel = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
            out += vowel.encode("cp1258") + "".join(tones).encode("cp1258")
    return out


def test_decode_legacy_vietnamese_encoding():
    text = "Thành ủy Hạ Long tổ chức hội nghị về công tác xây dựng Đảng và kết nạp đảng viên mới năm 2024."
    assert decode(_cp1258(text)) == text


@pytest.mark.parametrize("name, data, article_id, field, value", [
    ("page-1.txt", "Headline\n\nBody text.".encode(), "page-1", "text", "Headline\n\nBody text."),
    ("page-2.html", ARTICLE_HTML.encode(), "page-2", "html", ARTICLE_HTML),
    ("a.jsonl", json.dumps({"id": "x1", "text": VI, "published": "09/10/2024"}).encode(), "x1", "published", "09/10/2024"),
    ("a.jsonl", json.dumps({"url": "https://e.vn/a", "html": "<p>x</p>"}).encode(), "a-1", "url", "https://e.vn/a"),
    ("b.csv", "id,title,text\nc7,Tiêu đề,Nội dung bài viết\n".encode(), "c7", "title", "Tiêu đề"),
    ("b.csv", "url,content\nhttps://e.vn/b,Body\n".encode(), "b-2", "text", "Body"),
])
def test_readers(tmp_path, name, data, article_id, field, value):
    (item,) = _items(tmp_path, name, data)
    assert isinstance(item, RawArticle)
    assert item.article_id == article_id
    assert getattr(item, field) == value
    assert name in item.source


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty file"),
    ("image.txt", b"\x00\x01\x02binary\x00" * 50, "binary file"),
    ("bad.jsonl", b'{"id": 1, "text": "ok"}\n{not json}\n', "not JSON"),
    ("types.jsonl", b'{"id": "t", "text": 42}\n', "must be a string"),
    ("notext.jsonl", b'{"id": "t", "title": "only a title"}\n', "no text"),
    ("list.jsonl", b'[1, 2, 3]\n', "expected a JSON object"),
])
def test_bad_input_is_named_not_raised(tmp_path, name, data, reason):
    items = _items(tmp_path, name, data)
    errors = [i for i in items if isinstance(i, ProcessingError)]
    assert len(errors) == 1
    assert reason in errors[0].reason
    assert name in errors[0].source


def test_missing_path_and_broken_link(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    items = list(read_articles([str(tmp_path / "missing.txt"), str(link)]))
    assert [type(i) for i in items] == [ProcessingError, ProcessingError]
    assert "no such file" in items[0].reason and "no such file" in items[1].reason


def test_directory_glob_and_stdin(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("B text", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A text", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    assert [i.article_id for i in read_articles([str(tmp_path)])] == ["a", "b"]
    assert [i.article_id for i in read_articles([str(tmp_path / "*.txt")])] == ["a"]
    stdin = io.StringIO(json.dumps({"id": "s1", "text": "From stdin"}) + "\n")
    (item,) = read_articles(["-"], stdin=stdin)
    assert (item.article_id, item.text, item.source) == ("s1", "From stdin", "<stdin>:1")


def test_html_article_through_the_pipeline(tmp_path):
    items = _items(tmp_path, "page.html", ARTICLE_HTML.encode())
    (record,) = process_all(items)
    assert record.title == "Province admits 857 new Party members"
    assert record.published == "2024-10-09"
    assert "admitted 857 new Party members" in record.text
    assert "Comment (0)" not in record.text


def test_html_without_article_is_an_error(tmp_path):
    items = _items(tmp_path, "nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (result,) = process_all(items)
    assert isinstance(result, ProcessingError)
    assert "no article text" in result.reason
