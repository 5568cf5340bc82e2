"""Messages that analysis workers post to the reader (the only way results reach the UI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from briefing.models import Mention, Sentence
from briefing.tui.analysis import SummaryRequest


@dataclass
class SummaryReady(Message):
    """A summary was computed for ``request``."""

    request: SummaryRequest
    sentences: list[Sentence]


@dataclass
class MentionsReady(Message):
    """Entity mentions of one article were found."""

    article_id: str
    mentions: list[Mention]


@dataclass
class IndexReady(Message):
    """Mentions of every article, with names unified across the corpus."""

    index: dict[str, list[Mention]]


@dataclass
class AnalysisFailed(Message):
    """Analysing an article failed; ``error`` is one line for a notice."""

    article_id: str
    what: str
    error: str


@dataclass
class StoreProblem(Message):
    """The store met a problem (one line); it carries on in memory."""

    problem: str


@dataclass
class BackgroundProgress(Message):
    """The background work advanced: ``stage`` is "indexing" or "analysing"."""

    generation: int
    stage: str
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, BackgroundProgress)


@dataclass
class SearchIndexReady(Message):
    """The corpus is in the search index (searches use it from now on)."""

    generation: int
    degraded: bool = False
    """Whether the store was already working in memory (the index is there, not on disk)."""


@dataclass
class BackgroundDone(Message):
    """The background work finished (``note``: one line for the user, or empty)."""

    generation: int
    note: str = ""


@dataclass
class SearchResults(Message):
    """Articles found for ``query`` (best first), with title and snippet highlights."""

    generation: int
    query: str
    ids: list[str]
    hits: dict[str, Any] = field(default_factory=dict)
    """``{article id: SearchHit}`` when the index answered (empty for the fallback)."""


@dataclass
class SnippetReady(Message):
    """The snippet of one search result (fetched when it was highlighted)."""

    generation: int
    article_id: str
    hit: Any
