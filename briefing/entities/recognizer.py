"""Rule-based named-entity recognizer for English news (no model, no download).

Pipeline: tokens -> user gazetteer -> numeric/temporal regexes -> capitalised runs ->
title stripping and classification (lexicons, keywords, name cues, context) -> document-level
consistency (a name labelled once is labelled the same elsewhere; surnames resolve to the
full name) -> canonical names.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from functools import lru_cache

from briefing.entities.classify import emit_run
from briefing.entities.consistency import doc_consistency, link_acronyms, rescue
from briefing.entities.document import STRONG, USER, Cand, Doc
from briefing.entities.gazetteer import Gazetteer, GazetteerMatch
from briefing.entities.lexicon import lexicon
from briefing.entities.numeric import find_numeric
from briefing.entities.resolve import canonical_for, unify_mentions
from briefing.entities.runs import find_runs
from briefing.entities.tokens import Token
from briefing.models import EntitySpec, Mention


def _gazetteer_of(gazetteer: Gazetteer | Iterable[EntitySpec] | None) -> Gazetteer | None:
    if gazetteer is None or isinstance(gazetteer, Gazetteer):
        return gazetteer
    specs = tuple(gazetteer)
    try:
        return _cached_gazetteer(specs)
    except TypeError:  # unhashable spec objects: build afresh
        return Gazetteer.from_specs(specs)


@lru_cache(maxsize=8)
def _cached_gazetteer(specs: tuple[EntitySpec, ...]) -> Gazetteer:
    """The same corpus entity list is indexed once, not once per article."""
    return Gazetteer.from_specs(specs)


def extract_entities(
    text: str, gazetteer: Gazetteer | Iterable[EntitySpec] | None = None
) -> list[Mention]:
    """Named entities and numeric/temporal expressions in ``text``, sorted and non-overlapping.

    Labels: PERSON, ORG, GPE, LOC, NORP, DATE, TIME, MONEY, PERCENT, NUMBER. Each mention's
    ``canonical`` groups its aliases within the text ("Mr. Lavrov" after "Sergey Lavrov" ->
    "Sergey Lavrov"); use :func:`resolve_corpus` to unify names across articles.
    """
    if not text or not text.strip():
        return []
    gaz = _gazetteer_of(gazetteer)
    doc = Doc(text, lexicon())
    toks = doc.tokens
    starts = [t.start for t in toks]

    mentions: list[tuple[int, int, str, str | None, int]] = []  # start, end, label, canon, str.
    # 1. User gazetteer (highest priority).
    user: list[GazetteerMatch] = gaz.find(toks, text) if gaz is not None else []
    cands: list[Cand] = []
    for m in user:
        for k in range(m.first, m.last + 1):
            doc.blocked[k] = True
        cands.append(Cand(m.first, m.last, m.label, USER, canonical=m.canonical))
    # 2. Numbers and dates (their tokens cannot be part of names).
    numeric = [
        (s, e, label)
        for s, e, label in find_numeric(text, toks)
        if not any(doc.blocked[k] for k in _tokens_in(toks, starts, s, e))
    ]
    for s, e, _label in numeric:
        for k in _tokens_in(toks, starts, s, e):
            doc.blocked[k] = True
    # 3. Capitalised runs.
    for run in find_runs(doc):
        emit_run(doc, run, cands)
    cands.sort(key=lambda c: c.first)
    cands = doc_consistency(doc, cands)
    cands = rescue(doc, cands)

    for c in cands:
        start, end = toks[c.first].start, toks[c.last].end
        mentions.append((start, end, c.label, c.canonical, c.strength))
    for s, e, label in numeric:
        mentions.append((s, e, label, None, STRONG))
    mentions.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    result: list[Mention] = []
    last_end = -1
    for start, end, label, canon, _strength in mentions:
        if start < last_end:
            continue
        surface = text[start:end]
        result.append(Mention(surface, start, end, label, canon or canonical_for(surface, label)))
        last_end = end
    return unify_mentions(link_acronyms(text, result), gaz)


def _tokens_in(toks: list[Token], starts: list[int], s: int, e: int) -> range:
    """Indices of the tokens overlapping characters [s, e)."""
    first = max(bisect.bisect_right(starts, s) - 1, 0)
    if first < len(toks) and toks[first].end <= s:
        first += 1
    last = bisect.bisect_left(starts, e)
    return range(first, last)
