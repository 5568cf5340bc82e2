"""Per-article analysis for the reader: summaries and entity mentions, computed once and cached.

This module imports no Textual and no sumy: the summarizer and the entity extractor are imported
on first use, which happens in a worker thread, so the first paint never waits for them. All
methods are thread-safe; the reader calls the ``compute_*`` methods from workers and the
``cached_*`` methods from the UI thread.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefing.models import Article, Corpus, Mention, Sentence

SummarizeFn = Callable[..., Sequence[Sentence]]
"""``summarize(text, sentences=N, method=NAME, title=TITLE) -> [Sentence]``."""
EntitiesFn = Callable[[str], Sequence[Mention]]
"""``extract(text) -> [Mention]`` (the reader binds the corpus gazetteer)."""
ResolveFn = Callable[[dict[str, list[Mention]]], dict[str, list[Mention]]]
"""``resolve({article id: mentions}) -> {article id: mentions}`` with corpus-wide names."""

FALLBACK_METHODS = ("default",)
EAGER_INDEX_LIMIT = 200
"""Corpora up to this many articles get corpus-wide entity names from the first analysis."""


@dataclass(frozen=True, slots=True)
class SummaryRequest:
    """What to summarize; ``generation`` tells a current request from a stale one."""

    article_id: str
    method: str
    length: int
    generation: int = 0

    @property
    def key(self) -> tuple[str, str, int]:
        """The cache key (article, method, length)."""
        return (self.article_id, self.method, self.length)


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One canonical entity of an article, for the entity panel."""

    canonical: str
    label: str
    count: int


NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})
"""Types that name something; the panel lists them before dates and numbers."""


def entity_rows(mentions: Sequence[Mention]) -> list[EntityRow]:
    """Group mentions by canonical name: names before dates and numbers, then by count."""
    counts: dict[str, int] = {}
    labels: dict[str, dict[str, int]] = {}
    for mention in mentions:
        counts[mention.canonical] = counts.get(mention.canonical, 0) + 1
        per_label = labels.setdefault(mention.canonical, {})
        per_label[mention.label] = per_label.get(mention.label, 0) + 1
    rows = [
        EntityRow(name, max(labels[name].items(), key=lambda item: item[1])[0], count)
        for name, count in counts.items()
    ]
    rows.sort(key=lambda row: (row.label not in NAME_LABELS, -row.count, row.canonical.casefold()))
    return rows


_GC_PAUSED = False


def pause_gc() -> None:
    """Hold the cyclic garbage collector until :func:`freeze_long_lived` (start-up only).

    Start-up allocates many long-lived objects (widgets, styles, the corpus); a full
    collection in the middle of it costs the first paint 10-20 ms and frees nothing.
    """
    global _GC_PAUSED
    if gc.isenabled():
        gc.disable()
        _GC_PAUSED = True


def freeze_long_lived() -> None:
    """Move every object alive now out of the garbage collector's sight (and let it run
    again if :func:`pause_gc` held it).

    The summarizer and the entity word lists load many long-lived objects; without this a
    full collection (every few key presses) stalls the UI for 100 ms or more.
    """
    global _GC_PAUSED
    gc.freeze()
    if _GC_PAUSED:
        _GC_PAUSED = False
        gc.enable()


class Analyser:
    """Computes and caches summaries and mentions for one corpus."""

    def __init__(
        self,
        corpus: Corpus,
        *,
        summarize: SummarizeFn | None = None,
        extract: EntitiesFn | None = None,
        resolve: ResolveFn | None = None,
        methods: Sequence[str] | None = None,
    ) -> None:
        self.corpus = corpus
        self._summarize = summarize
        self._extract = extract
        self._methods = tuple(methods) if methods else None
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._summaries: dict[tuple[str, str, int], list[Sentence]] = {}
        self._mentions: dict[str, list[Mention]] = {}
        self._corpus_mentions: dict[str, list[Mention]] | None = None
        self._resolve = resolve

    # -- configuration ---------------------------------------------------------------------

    @property
    def methods(self) -> tuple[str, ...]:
        """Summary method names, ``"default"`` first (cheap: sumy is not imported)."""
        if self._methods is None:
            try:
                from briefing.summarize import METHODS

                self._methods = tuple(METHODS) or FALLBACK_METHODS
            except ImportError:
                self._methods = FALLBACK_METHODS
        return self._methods

    def _summarizer(self) -> SummarizeFn:
        if self._summarize is None:
            from briefing.summarize import summarize

            self._summarize = summarize
            freeze_long_lived()
        return self._summarize

    def _extractor(self) -> EntitiesFn:
        with self._build_lock:
            if self._extract is None:
                from briefing.entities import Gazetteer, extract_entities, resolve_corpus

                gazetteer = Gazetteer.from_specs(self.corpus.entities)
                if self._resolve is None:
                    self._resolve = lambda per_article: resolve_corpus(per_article, gazetteer)

                def extract(text: str) -> Sequence[Mention]:
                    return extract_entities(text, gazetteer=gazetteer)

                self._extract = extract
                freeze_long_lived()
            return self._extract

    # -- summaries -------------------------------------------------------------------------

    def cached_summary(self, request: SummaryRequest) -> list[Sentence] | None:
        """The cached summary for ``request``, if it was computed before."""
        with self._lock:
            return self._summaries.get(request.key)

    def compute_summary(self, article: Article, request: SummaryRequest) -> list[Sentence]:
        """Summarize ``article`` (cached); sentences come back in document order."""
        cached = self.cached_summary(request)
        if cached is not None:
            return cached
        summarizer = self._summarizer()
        sentences = list(
            summarizer(
                article.text, sentences=request.length, method=request.method, title=article.title
            )
        )
        sentences.sort(key=lambda sentence: sentence.start)
        with self._lock:
            first = not self._summaries
            self._summaries[request.key] = sentences
        if first:  # the summarizer's lazy imports (sumy, nltk, numpy) have happened now
            freeze_long_lived()
        return sentences

    # -- entities --------------------------------------------------------------------------

    def cached_mentions(self, article_id: str) -> list[Mention] | None:
        """The cached mentions of one article (corpus-resolved once the index is built)."""
        with self._lock:
            if self._corpus_mentions is not None and article_id in self._corpus_mentions:
                return self._corpus_mentions[article_id]
            return self._mentions.get(article_id)

    def compute_mentions(
        self, article: Article, cancelled: Callable[[], bool] = lambda: False
    ) -> list[Mention] | None:
        """Entity mentions of ``article`` in text order (cached); ``None`` if cancelled.

        In a corpus of up to :data:`EAGER_INDEX_LIMIT` articles every article is analysed at
        once (it is quick), so names are unified across the corpus from the start.
        """
        cached = self.cached_mentions(article.id)
        if cached is not None:
            return cached
        if len(self.corpus.articles) <= EAGER_INDEX_LIMIT:
            index = self.compute_index(cancelled)
            if index is not None and article.id in index:
                return index[article.id]
            if index is None:
                return None
        return self._article_mentions(article)

    def _article_mentions(self, article: Article) -> list[Mention]:
        with self._lock:
            cached = self._mentions.get(article.id)
        if cached is not None:
            return cached
        mentions = sorted(self._extractor()(article.text), key=lambda m: (m.start, -m.end))
        with self._lock:
            self._mentions[article.id] = mentions
        return mentions

    def cached_index(self) -> dict[str, list[Mention]] | None:
        """Mentions of every article with corpus-wide canonical names, once built."""
        with self._lock:
            return self._corpus_mentions

    def compute_index(
        self, cancelled: Callable[[], bool] = lambda: False
    ) -> dict[str, list[Mention]] | None:
        """Mentions for every article, names unified across the corpus; ``None`` if cancelled."""
        existing = self.cached_index()
        if existing is not None:
            return existing
        per_article: dict[str, list[Mention]] = {}
        for article in self.corpus.articles:
            if cancelled():
                return None
            per_article[article.id] = self._article_mentions(article)
        resolved = self._resolve(per_article) if self._resolve is not None else per_article
        resolved = {
            key: sorted(value, key=lambda m: (m.start, -m.end)) for key, value in resolved.items()
        }
        with self._lock:
            self._corpus_mentions = resolved
        return resolved
