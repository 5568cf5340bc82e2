"""The combined briefing: cited, deduplicated, chronological (see :func:`build_briefing`).

Rendering to Markdown lives in :mod:`briefing.export`.
"""

from __future__ import annotations

from briefing.brief.build import DEFAULT_WORDS, ENGINE_VERSION, SECTIONS, build_briefing
from briefing.brief.model import (
    NO_SIDE,
    Briefing,
    BriefingCancelled,
    EntityRow,
    Evidence,
    Point,
    SideGroup,
    Source,
    SpeakerGroup,
    Statement,
    TimelineEntry,
)

__all__ = [
    "DEFAULT_WORDS",
    "ENGINE_VERSION",
    "NO_SIDE",
    "SECTIONS",
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
    "build_briefing",
]
