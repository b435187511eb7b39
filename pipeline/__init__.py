"""partyfacts: structured facts from Vietnamese Party news articles.

The verbs: :func:`read_articles` (ingest), :func:`clean_text` (clean), :func:`extract` (facts from
text), :func:`process` (one article, every stage), :func:`run` (a batch to disk),
:func:`evaluate` (scores against gold).
"""
from .batch import RunSummary, run
from .clean import clean_text
from .core import Options, process
from .evaluate import evaluate
from .extract import build_nlp, extract
from .ingest import read_articles
from .records import Article, Congress, Count, Document, Official, Organisation, ProcessingError, RawArticle, Term

__version__ = "0.1.0"

__all__ = [
    "Article", "Congress", "Count", "Document", "Official", "Options", "Organisation", "ProcessingError",
    "RawArticle", "RunSummary", "Term", "build_nlp", "clean_text", "evaluate", "extract", "process",
    "read_articles", "run",
]
