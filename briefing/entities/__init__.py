"""Offline named-entity recognition for English news.

Rules plus word lists shipped with the package (see ``data/SOURCES.md``); nothing is
downloaded. Public API:

- :func:`extract_entities` -- mentions (PERSON, ORG, GPE, LOC, NORP, DATE, TIME, MONEY,
  PERCENT, NUMBER) in one text, optionally guided by a :class:`Gazetteer`;
- :class:`Gazetteer` -- user entities from the corpus ``entities:`` block;
- :func:`resolve_corpus` -- one canonical name per entity across articles (its optional
  ``cancelled()`` hook stops it part-way with :class:`ResolveCancelled`).
"""

from __future__ import annotations

from briefing.entities.cancel import ResolveCancelled
from briefing.entities.gazetteer import Gazetteer, normalize_label
from briefing.entities.recognizer import extract_entities
from briefing.entities.resolve import canonical_for, resolve_corpus

__all__ = [
    "Gazetteer",
    "ResolveCancelled",
    "canonical_for",
    "extract_entities",
    "normalize_label",
    "resolve_corpus",
]
