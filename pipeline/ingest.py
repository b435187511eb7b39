"""Stage 1: read articles from text dumps, HTML pages, JSONL and CSV archives.

Every reader yields :class:`RawArticle` objects, or a :class:`ProcessingError` for an input it
cannot read, so one bad file or line never stops a batch.
"""
from __future__ import annotations

import codecs
import csv
import glob
import io
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from .records import ProcessingError, RawArticle

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES
ID_KEYS = ("article_id", "id", "doc_id", "uid")
TEXT_KEYS = ("text", "content", "body", "raw_text")
HTML_KEYS = ("html", "raw_html", "page")
DATE_KEYS = ("published", "date", "published_at", "pub_date")
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

Item = RawArticle | ProcessingError


class InputError(ValueError):
    """An input that cannot be read as an article; the message says why."""


def decode(data: bytes) -> str:
    """Bytes to NFC text: a BOM decides, else UTF-8, else the most likely legacy encoding
    (cp1258, cp1252, latin-1). Empty and binary data raise :class:`InputError`."""
    if not data.strip():
        raise InputError("empty file")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return unicodedata.normalize("NFC", data.decode(encoding))
    if b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=["cp1258", "cp1252", "latin_1"]).best()
        text = str(best) if best is not None else data.decode("latin-1")
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 4096):
        raise InputError("binary file (control bytes), not text")
    return unicodedata.normalize("NFC", text)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("no such file") from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory") from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from exc


def _first(row: dict, keys: Iterable[str]):
    for key in keys:
        value = row.get(key)
        if value not in (None, ""):
            return value
    return None


def article_from_row(row: object, default_id: str, source: str) -> RawArticle:
    """A :class:`RawArticle` from one archive row (JSONL object or CSV row)."""
    if not isinstance(row, dict):
        raise InputError(f"expected a JSON object, got {type(row).__name__}")
    text, html = _first(row, TEXT_KEYS), _first(row, HTML_KEYS)
    if text is None and html is None:
        raise InputError(f"no text: the row has none of the fields {', '.join(TEXT_KEYS + HTML_KEYS)}")
    for name, value in (("text", text), ("html", html), ("title", row.get("title")), ("url", row.get("url"))):
        if value is not None and not isinstance(value, str):
            raise InputError(f"field {name!r} must be a string, got {type(value).__name__}")
    article_id = _first(row, ID_KEYS)
    published = _first(row, DATE_KEYS)
    return RawArticle(
        article_id=str(article_id) if article_id is not None else default_id,
        source=source,
        text=text,
        html=html,
        url=row.get("url") or None,
        title=row.get("title") or None,
        published=str(published) if published is not None else None,
        language=row.get("language") or None,
    )


def read_text_file(path: Path) -> Iterator[Item]:
    """A scraped page's text dump: one article, id = file stem."""
    try:
        yield RawArticle(article_id=path.stem, source=str(path), text=decode(_read_bytes(path)))
    except InputError as exc:
        yield ProcessingError(source=str(path), article_id=path.stem, reason=str(exc))


def read_html_file(path: Path) -> Iterator[Item]:
    """An HTML page: one article, extracted later by trafilatura."""
    try:
        yield RawArticle(article_id=path.stem, source=str(path), html=decode(_read_bytes(path)))
    except InputError as exc:
        yield ProcessingError(source=str(path), article_id=path.stem, reason=str(exc))


def read_jsonl(stream: Iterable[str], source: str, stem: str) -> Iterator[Item]:
    """One article per JSON line; a bad line is an error for that line only."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            yield article_from_row(json.loads(line), f"{stem}-{number}", where)
        except json.JSONDecodeError as exc:
            yield ProcessingError(source=where, reason=f"not JSON: {exc.msg} at column {exc.colno}")
        except InputError as exc:
            yield ProcessingError(source=where, reason=str(exc))


def read_csv(stream: Iterable[str], source: str, stem: str) -> Iterator[Item]:
    """One article per CSV row, with a header naming the columns."""
    csv.field_size_limit(2**31 - 1)
    try:
        for number, row in enumerate(csv.DictReader(stream), 2):
            where = f"{source}:{number}"
            try:
                yield article_from_row(dict(row), f"{stem}-{number}", where)
            except InputError as exc:
                yield ProcessingError(source=where, reason=str(exc))
    except csv.Error as exc:
        yield ProcessingError(source=source, reason=f"malformed CSV: {exc}")


def read_table_file(path: Path) -> Iterator[Item]:
    """A JSONL or CSV archive file."""
    try:
        text = decode(_read_bytes(path))
    except InputError as exc:
        yield ProcessingError(source=str(path), reason=str(exc))
        return
    reader = read_csv if path.suffix.lower() == ".csv" else read_jsonl
    yield from reader(io.StringIO(text, newline=""), str(path), path.stem)


def read_file(path: Path) -> Iterator[Item]:
    """Dispatch on the file's suffix (text dump for unknown suffixes)."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return read_html_file(path)
    if suffix in TABLE_SUFFIXES:
        return read_table_file(path)
    return read_text_file(path)


def expand_inputs(inputs: Iterable[str]) -> Iterator[Path | str]:
    """Files named by paths, directories (recursive, known suffixes) and globs, in sorted order;
    ``-`` is passed through for standard input and a missing path as its string."""
    for spec in inputs:
        if spec == "-":
            yield spec
            continue
        path = Path(spec)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.exists():
            yield path
        elif glob.has_magic(spec):
            matches = sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())
            yield from matches if matches else [spec]
        else:
            yield spec


def read_articles(inputs: Iterable[str], stdin: Iterable[str] | None = None) -> Iterator[Item]:
    """Every article (or error) from the given paths, directories, globs and ``-`` (JSONL on stdin)."""
    for item in expand_inputs(inputs):
        if item == "-":
            yield from read_jsonl(stdin if stdin is not None else sys.stdin, "<stdin>", "stdin")
        elif isinstance(item, str):
            yield ProcessingError(source=item, reason="no such file or directory")
        else:
            yield from read_file(item)
