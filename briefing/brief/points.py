"""Turning chosen sentences into cited points, with repeats from other sources merged in."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from briefing.brief.analysis import ArticleAnalysis
from briefing.brief.model import Evidence, Point
from briefing.brief.text import norm_tokens

__all__ = ["REPEAT_JACCARD", "Citer"]

#: Two sentences from different sources repeat each other above this content-stem Jaccard.
REPEAT_JACCARD = 0.45
#: ... or, between near-copy articles, above this all-token Dice (catches synonym rewrites).
COPY_DICE = 0.5
#: ... or, when they share two quoted word 4-grams, above this content-stem Jaccard.
QUOTE_JACCARD = 0.2
_MAX_POSTING = 4000


class Citer:
    """Builds :class:`Point` objects and finds repeats of a sentence across the corpus."""

    def __init__(
        self,
        analyses: Sequence[ArticleAnalysis],
        article_ids: Sequence[str],
        source_numbers: Sequence[int],
        groups: Sequence[int],
        copies: set[tuple[int, int]],
    ) -> None:
        self.analyses = analyses
        self.article_ids = article_ids
        self.source_numbers = source_numbers
        self.groups = groups
        self.copies = copies
        self._index: dict[str, list[tuple[int, int]]] | None = None
        self._quotes: dict[str, list[tuple[int, int]]] = {}
        self._copies_of: defaultdict[int, list[int]] = defaultdict(list)
        for x, y in sorted(copies):
            self._copies_of[x].append(y)
            self._copies_of[y].append(x)

    def _build_index(self) -> dict[str, list[tuple[int, int]]]:
        index: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        quotes: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for a, an in enumerate(self.analyses):
            for info in an.infos:
                if info.n_words >= 5:
                    for st in info.stems:
                        index[st].append((a, info.index))
                    for g in info.quote_grams:
                        quotes[g].append((a, info.index))
        self._quotes = dict(quotes)
        return dict(index)

    def evidence(self, article: int, index: int) -> Evidence:
        """The citation of sentence ``index`` of article ``article``."""
        s = self.analyses[article].sentences[index]
        return Evidence(
            self.source_numbers[article], self.article_ids[article], index, s.start, s.end, s.text
        )

    def repeats(self, article: int, indexes: Sequence[int]) -> list[tuple[int, int]]:
        """Sentences of *other* articles that repeat or nearly repeat the given sentences."""
        if self._index is None:
            self._index = self._build_index()
        an = self.analyses[article]
        found: dict[int, tuple[float, int]] = {}
        for i in indexes:
            stems = an.infos[i].stems
            if not stems:
                continue
            # A repeat (Jaccard >= REPEAT_JACCARD) shares at least one of the rarest
            # (1 - REPEAT_JACCARD) * |stems| + 1 stems, so only their postings are read.
            rare = sorted(stems, key=lambda st: (len(self._index.get(st, ())), st))
            keep = int((1 - REPEAT_JACCARD) * len(rare)) + 1
            cands: set[tuple[int, int]] = set()
            for st in rare[:keep]:
                posting = self._index.get(st, ())
                if len(posting) > _MAX_POSTING:
                    break
                cands.update(posting)
            same_quote = Counter(
                p
                for g in an.infos[i].quote_grams
                for p in self._quotes.get(g, ())
                if p[0] != article
            )
            cands.update(same_quote)
            for b in self._copies_of.get(article, ()):
                cands.update((b, info.index) for info in self.analyses[b].infos)
            counts = {
                (b, j): len(stems & self.analyses[b].infos[j].stems)
                for b, j in cands
                if b != article
            }
            tokens = None
            for (b, j), shared in counts.items():
                other = self.analyses[b].infos[j].stems
                jac = shared / (len(stems) + len(other) - shared)
                ok = jac >= REPEAT_JACCARD or (same_quote[(b, j)] >= 2 and jac >= QUOTE_JACCARD)
                pair = (min(article, b), max(article, b))
                if not ok and pair in self.copies and jac >= 0.15:
                    if tokens is None:
                        tokens = set(norm_tokens(an.sentences[i].text))
                    other_tok = set(norm_tokens(self.analyses[b].sentences[j].text))
                    dice = 2 * len(tokens & other_tok) / (len(tokens) + len(other_tok) or 1)
                    ok = dice >= COPY_DICE
                    jac = max(jac, dice)
                if ok and (b not in found or jac > found[b][0]):
                    found[b] = (jac, j)
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
