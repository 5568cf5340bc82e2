"""Messages that analysis workers post to the reader (the only way results reach the UI).

Plain classes, not dataclasses: this module is imported before the first frame, and making a
dataclass costs about 0.3 ms each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:  # pragma: no cover
    from briefing.models import Mention, Sentence
    from briefing.tui.analysis import SummaryRequest


class SummaryReady(Message):
    """A summary was computed for ``request``."""

    def __init__(self, request: SummaryRequest, sentences: list[Sentence]) -> None:
        super().__init__()
        self.request = request
        self.sentences = sentences


class MentionsReady(Message):
    """Entity mentions of one article were found."""

    def __init__(self, article_id: str, mentions: list[Mention]) -> None:
        super().__init__()
        self.article_id = article_id
        self.mentions = mentions


class IndexReady(Message):
    """Mentions of every article, with names unified across the corpus."""

    def __init__(self, index: dict[str, list[Mention]]) -> None:
        super().__init__()
        self.index = index


class AnalysisFailed(Message):
    """Analysing an article failed; ``error`` is one line for a notice."""

    def __init__(self, article_id: str, what: str, error: str) -> None:
        super().__init__()
        self.article_id = article_id
        self.what = what
        self.error = error


class StoreProblem(Message):
    """The store met a problem (one line); it carries on in memory."""

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem


class BackgroundProgress(Message):
    """The background work advanced: ``stage`` is "indexing" or "analysing"."""

    def __init__(self, generation: int, stage: str, done: int, total: int) -> None:
        super().__init__()
        self.generation = generation
        self.stage = stage
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, BackgroundProgress)


class SearchIndexReady(Message):
    """The corpus is in the search index (searches use it from now on).

    ``degraded``: whether the store was already working in memory (the index is there, not
    on disk).
    """

    def __init__(self, generation: int, degraded: bool = False) -> None:
        super().__init__()
        self.generation = generation
        self.degraded = degraded


class BackgroundDone(Message):
    """The background work finished (``note``: one line for the user, or empty)."""

    def __init__(self, generation: int, note: str = "") -> None:
        super().__init__()
        self.generation = generation
        self.note = note


class SearchResults(Message):
    """Articles found for ``query`` (best first), with title and snippet highlights.

    ``hits``: ``{article id: SearchHit}`` when the index answered (empty for the fallback).
    """

    def __init__(
        self, generation: int, query: str, ids: list[str], hits: dict[str, Any] | None = None
    ) -> None:
        super().__init__()
        self.generation = generation
        self.query = query
        self.ids = ids
        self.hits: dict[str, Any] = {} if hits is None else hits


class SnippetReady(Message):
    """The snippet of one search result (fetched when it was highlighted)."""

    def __init__(self, generation: int, article_id: str, hit: Any) -> None:
        super().__init__()
        self.generation = generation
        self.article_id = article_id
        self.hit = hit
