"""Bring your own articles: add files, saved web pages and URLs to a corpus; start a corpus.

Public API (what ``briefing add``/``briefing new`` and the reader's add dialog call)::

    add_to_corpus(corpus_path, sources, *, force=False, progress=None, cancelled=None,
                  limits=None, metadata=None, backup=True) -> AddReport
    new_corpus(story_dir, title, description="") -> Path
    split_sources(line) -> list[str]       # one typed/pasted line -> paths and URLs

Web pages are read with trafilatura, imported only when a page is extracted.
"""

from __future__ import annotations

from briefing.add.fetch import USER_AGENT, FetchError, FetchLimits, fetch_url, is_url
from briefing.add.newcorpus import new_corpus
from briefing.add.pipeline import (
    ARTICLES_DIR,
    METADATA_FIELDS,
    add_to_corpus,
    resolve_corpus_path,
    split_sources,
)
from briefing.add.report import AddReport, SourceResult

__all__ = [
    "ARTICLES_DIR",
    "METADATA_FIELDS",
    "USER_AGENT",
    "AddReport",
    "FetchError",
    "FetchLimits",
    "SourceResult",
    "add_to_corpus",
    "fetch_url",
    "is_url",
    "new_corpus",
    "resolve_corpus_path",
    "split_sources",
]
