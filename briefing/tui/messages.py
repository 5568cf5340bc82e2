"""Messages that analysis workers post to the reader (the only way results reach the UI)."""

from __future__ import annotations

from dataclasses import dataclass

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
