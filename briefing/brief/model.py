"""The briefing's data types: plain frozen dataclasses, JSON round-trippable for the cache."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Union

__all__ = [
    "NO_SIDE",
    "Briefing",
    "BriefingCancelled",
    "EntityRow",
    "Evidence",
    "Point",
    "SideGroup",
    "Source",
    "SpeakerGroup",
    "Statement",
    "TimelineEntry",
    "from_jsonable",
    "to_jsonable",
]

#: The heading used for speakers whose side the corpus does not give.
NO_SIDE = "Side not given"


class BriefingCancelled(Exception):
    """Raised by :func:`briefing.brief.build_briefing` when ``cancelled()`` returns true."""


@dataclass(frozen=True, slots=True)
class Source:
    """One article in the numbered source list. ``copy_of`` is the source it nearly copies."""

    number: int
    article_id: str
    title: str
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    copy_of: int | None = None
    copy_similarity: float | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """One cited sentence: ``text == article.text[start:end]`` of source ``source``."""

    source: int
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Point:
    """A cited statement. ``evidence[0]`` (and any context sentence) give the displayed text;
    the rest are repeats or near-repeats of it in other sources."""

    text: str
    evidence: tuple[Evidence, ...]
    sources: tuple[int, ...]
    independent: int
    pinned: bool = False

    @property
    def words(self) -> int:
        """Word count of the displayed text."""
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated event: ``date`` is ISO ``YYYY-MM-DD``; ``date_text`` is the expression used."""

    date: str
    point: Point
    date_text: str = ""


@dataclass(frozen=True, slots=True)
class Statement:
    """A quotation or reported statement by one speaker; ``evidence[0]`` is the text shown,
    the rest are the same statement reported by other sources."""

    speaker: str
    text: str
    kind: str  # "quote" or "reported"
    evidence: tuple[Evidence, ...]
    sources: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SpeakerGroup:
    """A speaker's statements (canonical name)."""

    speaker: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class SideGroup:
    """Speakers who speak for one side (``NO_SIDE`` when the corpus does not say)."""

    side: str
    speakers: tuple[SpeakerGroup, ...]


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A main entity: canonical name, label, mention count and the sources it appears in."""

    name: str
    label: str
    mentions: int
    sources: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    """A combined, cited briefing. ``summary_text`` is the key points as plain text."""

    title: str
    description: str
    date_from: str | None
    date_to: str | None
    n_articles: int
    n_outlets: int
    n_independent: int
    method: str
    generated_at: str
    engine_version: str
    bottom_line: tuple[Point, ...] = ()
    key_points: tuple[Point, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    statements: tuple[SideGroup, ...] = ()
    entities: tuple[EntityRow, ...] = ()
    sources: tuple[Source, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def summary_text(self) -> str:
        """The key points as plain text, one per line (used for evaluation)."""
        return "\n".join(p.text for p in self.key_points)

    def source(self, number: int) -> Source:
        """The source numbered ``number``."""
        return self.sources[number - 1]


def to_jsonable(obj: Any) -> Any:
    """Dataclasses/tuples to plain JSON values (dicts and lists)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    return obj


_HINTS: dict[type, dict[str, Any]] = {}


def from_jsonable(cls: type, data: Any) -> Any:
    """Rebuild a dataclass of type ``cls`` (recursively) from :func:`to_jsonable` output."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        (inner, *_rest) = typing.get_args(tp)
        return tuple(_convert(inner, v) for v in value)
    if dataclasses.is_dataclass(tp):
        return from_jsonable(tp, value)
    return value
