"""Choosing the briefing's key points across articles.

Method (budgeted maximum coverage of shared content, Gillick & Favre 2009 style, solved
greedily): a *concept* is a bigram of stemmed words (bigrams of two stop words excluded); its
weight is the number of *independent* sources (near-copies count once) whose text contains
it, and only concepts found in at least ``min_df`` sources count. Sentences are chosen greedily
by new concept weight per word, times a mild lead prior per article (news puts the main facts
first), so each pick adds facts that many outlets report and that the briefing does not yet
cover; concepts already covered add nothing, which removes repeated wire sentences. The greedy
uses lazy evaluation (gains only shrink), so it is fast on large corpora.

A sentence that leans on the one before it ("He said ...", "But ...") is only used together
with that sentence (when that one stands alone), so no point opens without its context.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Candidate", "NeedMore", "SentenceInfo", "concept_weights", "select_greedy"]

#: Lead prior: gain is multiplied by ``1 + LEAD_BONUS / (1 + position)``.
LEAD_BONUS = 0.3
#: Source diversity: gain is divided by ``1 + DIVERSITY * (points already from that article)``.
DIVERSITY = 0.3
MIN_WORDS = 8
MAX_WORDS = 60


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    """What selection needs from one sentence of one article."""

    article: int
    index: int
    n_words: int
    concepts: frozenset[int]
    stems: frozenset[int]
    dependent: bool
    usable: bool  # a full declarative sentence of a sensible length
    quote_grams: frozenset[int] = frozenset()  # hashed word 4-grams inside quotation marks


@dataclass(frozen=True, slots=True)
class Candidate:
    """A unit that can become a point: one sentence, or a context sentence plus a dependent one."""

    article: int
    indexes: tuple[int, ...]
    n_words: int
    concepts: frozenset[int]
    stems: frozenset[int]
    position: int


def concept_weights(
    per_article: Sequence[Sequence[SentenceInfo]], groups: Sequence[int], min_df: int
) -> dict[int, int]:
    """Concept -> number of independent groups (sources) containing it (>= ``min_df``)."""
    seen: dict[int, set[int]] = {}
    for art, sents in enumerate(per_article):
        bucket = seen.setdefault(groups[art], set())
        for s in sents:
            bucket.update(s.concepts)
    df: Counter[int] = Counter()
    for concepts in seen.values():
        df.update(concepts)
    return {c: n for c, n in df.items() if n >= min_df}


def candidates(sents: Sequence[SentenceInfo]) -> list[Candidate]:
    """Selectable units of one article (dependent sentences come with their context)."""
    out = []
    for k, s in enumerate(sents):
        if not s.usable:
            continue
        if not s.dependent:
            out.append(Candidate(s.article, (s.index,), s.n_words, s.concepts, s.stems, k))
            continue
        if k == 0:
            continue
        prev = sents[k - 1]
        if prev.dependent or prev.index != s.index - 1 or prev.n_words < 4:
            continue
        out.append(
            Candidate(
                s.article,
                (prev.index, s.index),
                prev.n_words + s.n_words,
                prev.concepts | s.concepts,
                prev.stems | s.stems,
                k - 1,
            )
        )
    return out


class NeedMore(Exception):
    """:func:`select_greedy` cannot tell its next pick from a candidate left out of its pool."""


def _similar(a: frozenset, b: frozenset, threshold: float) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= threshold


def select_greedy(
    cands: Iterable[Candidate],
    weights: Mapping[Any, int],
    *,
    words: int | None,
    points: int | None,
    covered: Iterable[str] = (),
    chosen_stems: Iterable[frozenset[int]] = (),
    redundancy: float = 0.5,
    lead_bonus: float = LEAD_BONUS,
    diversity: float = DIVERSITY,
    cancelled: Callable[[], bool] | None = None,
    ceiling: float = 0.0,
) -> list[Candidate]:
    """Greedy budgeted coverage: pick candidates until ``words`` or ``points`` is reached.

    The last pick may overrun the word budget (the caller may truncate). ``covered`` concepts
    (e.g. from pinned sentences) add nothing; candidates whose stem sets overlap a chosen one
    by Jaccard >= ``redundancy`` are skipped.

    ``cands`` may be the best part of a larger pool: ``ceiling`` is then the largest gain any
    left-out candidate could have. Gains only shrink, so every pick worth more than that is
    the pick the whole pool would give; otherwise :class:`NeedMore` is raised.
    """
    cov = set(covered)
    stems_taken = list(chosen_stems)
    per_article: Counter[int] = Counter()

    def gain(c: Candidate) -> float:
        g = sum(weights.get(x, 0) for x in c.concepts if x not in cov)
        g *= (1.0 + lead_bonus / (1 + c.position)) / (1.0 + diversity * per_article[c.article])
        return g / max(c.n_words, 1)

    heap: list[tuple[float, int, Candidate]] = []
    for k, c in enumerate(cands):
        g = gain(c)
        if g > 0:
            heap.append((-g, k, c))
    heapq.heapify(heap)
    out: list[Candidate] = []
    taken: set[tuple[int, int]] = set()
    used = 0
    steps = 0
    while heap:
        if (words is not None and used >= words) or (points is not None and len(out) >= points):
            break
        steps += 1
        if cancelled is not None and steps % 256 == 0 and cancelled():
            break
        _, k, c = heapq.heappop(heap)
        g = gain(c)
        if g <= 0:
            continue
        if heap and g < -heap[0][0] - 1e-12:
            heapq.heappush(heap, (-g, k, c))  # stale bound: re-insert with the true gain
            continue
        if ceiling > 0 and g <= ceiling:
            raise NeedMore
        if any((c.article, i) in taken for i in c.indexes):
            continue
        if any(_similar(c.stems, s, redundancy) for s in stems_taken):
            continue
        out.append(c)
        taken.update((c.article, i) for i in c.indexes)
        per_article[c.article] += 1
        used += c.n_words
        cov.update(c.concepts)
        stems_taken.append(c.stems)
    done = (words is not None and used >= words) or (points is not None and len(out) >= points)
    if ceiling > 0 and not done:
        raise NeedMore
    return out
