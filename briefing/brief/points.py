"""Turning chosen sentences into cited points, with repeats from other sources merged in."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from briefing.brief.model import Evidence, Point
from briefing.brief.table import CorpusTable, ranges, unique

__all__ = ["REPEAT_JACCARD", "Citer"]

#: Two sentences from different sources repeat each other above this content-stem Jaccard.
REPEAT_JACCARD = 0.45
#: ... or, between near-copy articles, above this all-token Dice (catches synonym rewrites).
COPY_DICE = 0.5
#: ... or, when they share two quoted word 4-grams, above this content-stem Jaccard.
QUOTE_JACCARD = 0.2
_MAX_POSTING = 4000
#: Sentences shorter than this (words) are not looked up as repeats by their stems.
_MIN_INDEXED_WORDS = 5


class Citer:
    """Builds :class:`Point` objects and finds repeats of a sentence across the corpus.

    The repeat index (content stem -> sentences, quoted 4-gram -> sentences) is built on first
    use as sorted numpy arrays: a few bytes per posting, whatever the corpus size.
    """

    def __init__(
        self,
        table: CorpusTable,
        article_ids: Sequence[str],
        source_numbers: Sequence[int],
        groups: Sequence[int],
        copies: set[tuple[int, int]],
    ) -> None:
        self.table = table
        self.article_ids = article_ids
        self.source_numbers = source_numbers
        self.groups = groups
        self.copies = copies
        self._ready = False
        self._copies_of: defaultdict[int, list[int]] = defaultdict(list)
        for x, y in sorted(copies):
            self._copies_of[x].append(y)
            self._copies_of[y].append(x)

    def _build_index(self) -> None:
        t = self.table
        indexed = t.n_words[t.stem_sid] >= _MIN_INDEXED_WORDS
        stems = t.stem_ids[indexed]
        order = np.argsort(stems, kind="stable")  # sentences stay in corpus order per stem
        self._post_sids = t.stem_sid[indexed][order]
        self._post_ptr = np.searchsorted(stems[order], np.arange(t.n_stems + 1))
        keep = t.n_words[t.gram_sid] >= _MIN_INDEXED_WORDS
        h, o = t.gram_hash[keep], t.gram_sid[keep].astype(np.int64)
        order = np.lexsort((o, h))
        self._gram_hash, self._gram_sid = h[order], o[order]
        self._ready = True

    def _gram_postings(self, gram: int) -> np.ndarray:
        lo = np.searchsorted(self._gram_hash, gram, side="left")
        hi = np.searchsorted(self._gram_hash, gram, side="right")
        return self._gram_sid[lo:hi]

    def evidence(self, article: int, index: int) -> Evidence:
        """The citation of sentence ``index`` of article ``article``."""
        s = self.table.sentence(article, index)
        return Evidence(
            self.source_numbers[article], self.article_ids[article], index, s.start, s.end, s.text
        )

    def repeats(self, article: int, indexes: Sequence[int]) -> list[tuple[int, int]]:
        """Sentences of *other* articles that repeat or nearly repeat the given sentences."""
        if not self._ready:
            self._build_index()
        t = self.table
        own_lo, own_hi = int(t.art_ptr[article]), int(t.art_ptr[article + 1])
        found: dict[int, tuple[float, int]] = {}
        for i in indexes:
            sid = own_lo + i
            stems = t.stem_ids[t.stem_ptr[sid] : t.stem_ptr[sid + 1]]
            if not len(stems):
                continue
            # A repeat (Jaccard >= REPEAT_JACCARD) shares at least one of the rarest
            # (1 - REPEAT_JACCARD) * |stems| + 1 stems, so only their postings are read.
            sizes = (self._post_ptr[stems + 1] - self._post_ptr[stems]).tolist()
            names = [t.lex.stem_text[s] for s in stems.tolist()]
            rare = sorted(range(len(stems)), key=lambda k: (sizes[k], names[k]))
            keep = int((1 - REPEAT_JACCARD) * len(stems)) + 1
            parts: list[np.ndarray] = []
            for k in rare[:keep]:
                if sizes[k] > _MAX_POSTING:
                    break
                s = stems[k]
                parts.append(self._post_sids[self._post_ptr[s] : self._post_ptr[s + 1]])
            same_quote: Counter[int] = Counter()
            for g in t.quote_grams(sid):
                same_quote.update(
                    x for x in self._gram_postings(g).tolist() if not own_lo <= x < own_hi
                )
            if same_quote:
                parts.append(np.fromiter(same_quote, dtype=np.int64, count=len(same_quote)))
            for b in self._copies_of.get(article, ()):
                parts.append(np.arange(t.art_ptr[b], t.art_ptr[b + 1], dtype=np.int64))
            if not parts:
                continue
            cands = unique(np.concatenate(parts).astype(np.int64))
            cands = cands[(cands < own_lo) | (cands >= own_hi)]
            if not len(cands):
                continue
            lo = t.stem_ptr[cands]
            lens = t.stem_ptr[cands + 1] - lo
            gathered = t.stem_ids[ranges(lo, lens)]
            at = np.minimum(np.searchsorted(stems, gathered), len(stems) - 1)
            hits = (stems[at] == gathered).astype(np.int64)
            shared = np.zeros(len(cands), dtype=np.int64)
            np.add.at(shared, np.repeat(np.arange(len(cands)), lens), hits)
            jac = shared / (len(stems) + lens - shared)
            owner = t.article_of[cands]
            tokens: frozenset[int] | None = None
            for k in np.flatnonzero(jac >= min(QUOTE_JACCARD, 0.15)).tolist():
                b = int(owner[k])
                c = int(cands[k])
                score = float(jac[k])
                ok = score >= REPEAT_JACCARD or (same_quote[c] >= 2 and score >= QUOTE_JACCARD)
                if not ok and (min(article, b), max(article, b)) in self.copies:
                    if tokens is None:
                        tokens = t.tokens(sid)
                    other = t.tokens(c)
                    dice = 2 * len(tokens & other) / (len(tokens) + len(other) or 1)
                    ok = dice >= COPY_DICE
                    score = max(score, dice)
                if ok and (b not in found or score > found[b][0]):
                    found[b] = (score, c - int(t.art_ptr[b]))
        return sorted((b, j) for b, (_, j) in found.items())

    def point(
        self,
        article: int,
        indexes: Sequence[int],
        *,
        pinned: bool = False,
        with_repeats: bool = True,
        extra: Sequence[tuple[int, int]] = (),
    ) -> Point:
        """A point showing sentences ``indexes`` of ``article``, citing every repeat too
        (and the ``extra`` (article, sentence) pairs, e.g. other reports of the same event)."""
        primary = [self.evidence(article, i) for i in indexes]
        reps = self.repeats(article, indexes) if with_repeats else []
        seen = {(article, i) for i in indexes} | set(reps)
        for pair in extra:
            if pair not in seen:
                seen.add(pair)
                reps.append(pair)
        evidence = tuple(primary + [self.evidence(b, j) for b, j in reps])
        sources = tuple(sorted({e.source for e in evidence}))
        independent = len({self.groups[a] for a in {article, *(b for b, _ in reps)}})
        text = " ".join(e.text for e in primary)
        return Point(text, evidence, sources, independent, pinned)
