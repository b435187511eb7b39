"""partyfacts: structured facts from Vietnamese Party news articles.

The verbs: :func:`read_articles` (ingest), :func:`clean_text` (clean), :func:`extract` (facts from
text), :func:`process` (one article, every stage), :func:`run` (a batch to disk),
:func:`evaluate` (scores against gold), :func:`build_tables` (records to the fact table and typed
tables), :func:`load` (an output directory's tables and a DuckDB connection, for notebooks).
"""
from .aggregate import Tables, build_tables
from .batch import RunSummary, run
from .clean import clean_text
from .core import Options, process
from .evaluate import evaluate
from .export import Archive, export, load
from .extract import build_nlp, extract
from .ingest import read_articles
from .records import Article, Congress, Count, Document, Official, Organisation, ProcessingError, RawArticle, Term

__version__ = "0.1.0"

__all__ = [
    "Archive", "Article", "Tables", "build_tables", "export", "load", "Congress", "Count", "Document", "Official", "Options", "Organisation", "ProcessingError",
    "RawArticle", "RunSummary", "Term", "build_nlp", "clean_text", "evaluate", "extract", "process",
    "read_articles", "run",
]
