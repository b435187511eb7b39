"""The stage sequence for one article: ingest → clean → extract. Batches: :mod:`pipeline.batch`."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .clean import clean_text
from .dates import parse_date
from .extract import default_nlp, extract
from .ingest import InputError
from .records import Article, ProcessingError, RawArticle

MIN_HTML_WORDS = 12


@dataclass(frozen=True)
class Options:
    """Settings passed down through the stages."""

    model: str | None = None          # an installed spaCy pipeline adding PERSON/ORG candidates
    language: str | None = None       # force "en" or "vi" instead of detecting per article
    quiet: bool = False               # no progress bar
    jobs: int | None = None           # worker processes (default: all cores)
    engine: str = "local"             # "local" process pool or "dask"
    scheduler: str | None = None      # dask scheduler address (default: a local cluster)
    exports: bool = True              # write the fact tables beside records.jsonl
    max_chars: int = 2_000_000        # longer articles are refused (a news article is far shorter)


def _from_html(html: str) -> tuple[str, str | None, str | None, str | None]:
    """Main text, title, date and URL of an HTML page (trafilatura + htmldate)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True,
                                          date_extraction_params={"extensive_search": True,
                                                                  "original_date": True,
                                                                  "outputformat": "%Y-%m-%d"})
    except Exception as exc:  # trafilatura raises many types on broken markup
        raise InputError(f"HTML could not be parsed: {exc}") from exc
    if doc is None or len((doc.text or "").split()) < MIN_HTML_WORDS:
        raise InputError("no article text found in the HTML page")
    return doc.text, doc.title, doc.date, doc.url


def process(raw: RawArticle, options: Options = Options()) -> Article:
    """One raw article through cleaning and extraction into its record."""
    size = len(raw.text if raw.text is not None else raw.html or "")
    if size > options.max_chars:
        raise InputError(f"too long for one article: {size:,} characters (limit {options.max_chars:,}); "
                         "split the file into articles")
    url, html_title, html_date = raw.url, None, None
    body = raw.text
    if body is None:
        body, html_title, html_date, html_url = _from_html(raw.html or "")
        url = url or html_url
    cleaned = clean_text(body)
    if not cleaned.text.strip():
        raise InputError("no article prose left after cleaning")
    published = (parse_date(raw.published) if raw.published else None) or html_date or cleaned.published
    language = options.language or raw.language or cleaned.language
    nlp = default_nlp(language if language in ("en", "vi") else "en", options.model)
    found = extract(cleaned.text, published, language, nlp)
    return Article(
        article_id=raw.article_id,
        source=raw.source,
        url=url,
        language=language,
        title=raw.title or html_title or cleaned.title,
        published=published,
        text=cleaned.text,
        **found,
    )


def process_all(items: Iterable[RawArticle | ProcessingError],
                options: Options = Options()) -> Iterator[Article | ProcessingError]:
    """Records for a stream of raw articles; an article that fails becomes a ProcessingError."""
    for item in items:
        if isinstance(item, ProcessingError):
            yield item
            continue
        try:
            yield process(item, options)
        except InputError as exc:
            yield ProcessingError(source=item.source, article_id=item.article_id, reason=str(exc))
        except Exception as exc:  # one article never stops a batch
            yield ProcessingError(source=item.source, article_id=item.article_id,
                                  reason=f"internal error: {type(exc).__name__}: {exc}")
