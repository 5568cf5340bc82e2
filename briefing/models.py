"""Plain data types shared by the core and the reader."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Entity labels produced by :func:`briefing.extract_entities`.
LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "TIME", "MONEY", "PERCENT", "NUMBER")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a text: ``text == source[start:end]``."""

    text: str
    index: int
    start: int
    end: int
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: ``text == source[start:end]``; ``canonical`` groups aliases."""

    text: str
    start: int
    end: int
    label: str
    canonical: str


@dataclass(frozen=True, slots=True)
class EntitySpec:
    """A user-declared entity from the corpus ``entities:`` block."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    side: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """The corpus ``story:`` block."""

    title: str
    description: str = ""


@dataclass(slots=True)
class Article:
    """One article of a corpus. ``text`` is the cleaned text all offsets refer to."""

    id: str
    title: str
    text: str
    raw_text: str
    outlet: str | None = None
    author: str | None = None
    published: dt.date | dt.datetime | None = None
    url: str | None = None
    place: str | None = None
    path: Path | None = None
    #: ``offsets[i]`` is the index in ``raw_text`` of ``text[i]`` (len(text)+1 entries).
    offsets: Sequence[int] = field(default_factory=list, repr=False)
    extra: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def published_date(self) -> dt.date | None:
        """The publication day (a datetime is reduced to its date)."""
        if isinstance(self.published, dt.datetime):
            return self.published.date()
        return self.published

    def to_dict(self) -> dict[str, object]:
        """The article's corpus fields as JSON-ready values (text is the cleaned text)."""
        out: dict[str, object] = {"id": self.id, "title": self.title}
        for key in ("outlet", "author", "url", "place"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.published is not None:
            out["published"] = self.published.isoformat()
        if self.path is not None:
            out["path"] = str(self.path)
        out.update(self.extra)
        out["text"] = self.text
        return out


@dataclass(slots=True)
class Corpus:
    """A loaded, validated corpus."""

    path: Path | None
    story: Story
    articles: list[Article]
    entities: list[EntitySpec] = field(default_factory=list)

    def get(self, article_id: str) -> Article:
        """The article with this id (KeyError if none)."""
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)
