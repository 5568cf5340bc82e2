"""Per-article analysis for the reader: summaries and entity mentions, computed once and cached.

Results are kept in memory and in the store's analysis cache (keyed by the article's content
hash), so reopening the reader shows what was analysed before without computing it again, and
an article whose text changed is analysed afresh. :meth:`Analyser.analyse_corpus` fills the
cache for a whole corpus (in worker processes); :meth:`Analyser.compute_index` then gives every
article's mentions with corpus-wide names and an inverted index (name -> article ids).

This module imports no Textual, no sumy and not the store: they are imported on first use,
which happens in worker threads, so the first paint never waits for them. All methods are
thread-safe; the reader calls the ``compute_*`` methods from workers and the ``cached_*``
methods (memory only, never the database) from the UI thread.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

from briefing.models import Article, Corpus, Mention, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from briefing.store import Store

SummarizeFn = Callable[..., Sequence[Sentence]]
"""``summarize(text, sentences=N, method=NAME, title=TITLE) -> [Sentence]``."""
EntitiesFn = Callable[[str], Sequence[Mention]]
"""``extract(text) -> [Mention]`` (the reader binds the corpus gazetteer)."""
ResolveFn = Callable[..., dict[str, list[Mention]]]
"""``resolve({article id: mentions}, cancelled=FN) -> {article id: mentions}`` with corpus-wide
names; raises :class:`briefing.entities.ResolveCancelled` once ``cancelled()`` is true."""
Progress = Callable[[int, int], None]
"""``progress(done, total)``."""
BulkFn = Callable[..., Any]
"""``bulk(corpus, store, *, hashes, methods, lengths, progress, cancelled) -> report``: fills
the store's cache for every article (:func:`briefing.store.analysis.analyze_corpus`)."""

FALLBACK_METHODS = ("default",)
EAGER_INDEX_LIMIT = 200
"""Corpora up to this many articles get corpus-wide entity names from the first analysis."""
PROCESSES_FROM = 100
"""Corpora this large are analysed in worker processes; smaller ones in-process (measured on
2 cores: starting the workers costs about a second, analysing 100 articles here about half of
one; see benchmarks/bench_reader_scale.py)."""
BULK_CHUNK = 8
"""Articles per batch-analysis task: a cancelled run's worker processes finish the task in
hand before they exit, so small tasks let quitting end them sooner."""
INDEX_BATCH = 250
"""Articles whose cached mentions are read from the store at a time."""
INDEX_PAUSE = 0.005
"""Seconds between two such reads: the store's lock is not fair, so without a pause a search
waiting for it could wait until every batch is read."""


class SummaryRequest(NamedTuple):
    """What to summarize; ``generation`` tells a current request from a stale one."""

    article_id: str
    method: str
    length: int
    generation: int = 0

    @property
    def key(self) -> tuple[str, str, int]:
        """The cache key (article, method, length)."""
        return (self.article_id, self.method, self.length)


class EntityRow(NamedTuple):
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


def store_bulk(corpus: Corpus, store: Store, **options: Any) -> Any:
    """:func:`briefing.store.analysis.analyze_corpus` in tasks of :data:`BULK_CHUNK` articles:
    in worker processes (``$BRIEFING_WORKERS``) from :data:`PROCESSES_FROM` articles on."""
    from briefing.store.analysis import analyze_corpus

    options.setdefault("chunk_size", BULK_CHUNK)
    if len(corpus.articles) < PROCESSES_FROM:
        options.setdefault("workers", 0)  # starting worker processes costs more than it saves
    return analyze_corpus(corpus, store, **options)


def inverted_index(
    mentions: Mapping[str, Sequence[Mention]], cancelled: Callable[[], bool] | None = None
) -> dict[str, frozenset[str]] | None:
    """``{canonical name: ids of the articles that mention it}``; ``None`` if ``cancelled()``
    (asked between articles) turns true."""
    found: dict[str, set[str]] = {}
    for article_id, article_mentions in mentions.items():
        if cancelled is not None and cancelled():
            return None
        for mention in article_mentions:
            found.setdefault(mention.canonical, set()).add(article_id)
    return {name: frozenset(ids) for name, ids in found.items()}


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while building many long-lived objects; frozen afterwards.

    Reading the mentions of a large corpus creates hundreds of thousands of objects, and a
    full collection in the middle of it stops every thread, the UI's included, for a moment.
    They are long-lived, so afterwards they are moved out of the collector's sight.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled and not _GC_PAUSED:
            gc.enable()


class Analyser:
    """Computes and caches summaries and mentions for one corpus (in memory and in a store).

    ``summarize``/``extract``/``resolve`` replace the real core (tests); ``bulk`` analyses a
    whole corpus into the store (default: :func:`store_bulk` with the real core, none with a
    replaced one). The store is optional and may be given later (:meth:`use_store`).
    """

    def __init__(
        self,
        corpus: Corpus,
        *,
        store: Store | None = None,
        summarize: SummarizeFn | None = None,
        extract: EntitiesFn | None = None,
        resolve: ResolveFn | None = None,
        methods: Sequence[str] | None = None,
        bulk: BulkFn | None = None,
    ) -> None:
        self.corpus = corpus
        self.store = store
        """The store whose analysis cache backs this analyser, if any."""
        self._summarize = summarize
        self._extract = extract
        self._methods = tuple(methods) if methods else None
        real = summarize is None and extract is None
        self.bulk: BulkFn | None = bulk if bulk is not None else (store_bulk if real else None)
        """Analyses the whole corpus into the store (``None``: the reader does not)."""
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._summaries: dict[tuple[str, str, int], list[Sentence]] = {}
        self._mentions: dict[str, list[Mention]] = {}
        self._corpus_mentions: dict[str, list[Mention]] | None = None
        self._names: dict[str, frozenset[str]] | None = None
        self._hashes: dict[str, str] = {}
        self._specs: str | None = None
        self._resolve = resolve
        self.store_hits = 0
        """Results taken from the store's cache instead of being computed (for tests)."""

    def use_store(self, store: Store) -> None:
        """Back this analyser with ``store`` (unless it has one already)."""
        if self.store is None:
            self.store = store

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

                specs = self.corpus.entities
                # As the batch analysis does, so both fill the cache with the same results.
                gazetteer = Gazetteer.from_specs(specs) if specs else None
                if self._resolve is None:

                    def resolve(
                        per_article: dict[str, list[Mention]],
                        cancelled: Callable[[], bool] | None = None,
                    ) -> dict[str, list[Mention]]:
                        return resolve_corpus(per_article, gazetteer, cancelled=cancelled)

                    self._resolve = resolve

                def extract(text: str) -> Sequence[Mention]:
                    return extract_entities(text, gazetteer=gazetteer)

                self._extract = extract
                freeze_long_lived()
            return self._extract

    # -- content hashes --------------------------------------------------------------------

    def content_hash(self, article: Article) -> str:
        """The store's key for ``article`` (SHA-256 of its title and text; remembered)."""
        found = self._hashes.get(article.id)
        if found is None:
            from briefing.store.cache import content_hash

            found = self._hashes[article.id] = content_hash(article)
        return found

    def hashes(self) -> dict[str, str]:
        """``{article id: content hash}`` for the whole corpus."""
        return {article.id: self.content_hash(article) for article in self.corpus.articles}

    def _specs_key(self) -> str:
        if self._specs is None:
            from briefing.store.cache import specs_key

            self._specs = specs_key(self.corpus.entities)
        return self._specs

    # -- summaries -------------------------------------------------------------------------

    def cached_summary(self, request: SummaryRequest) -> list[Sentence] | None:
        """The summary for ``request`` if it is in memory (never asks the database)."""
        with self._lock:
            return self._summaries.get(request.key)

    def compute_summary(self, article: Article, request: SummaryRequest) -> list[Sentence]:
        """Summarize ``article`` (from memory, else the store, else computed and stored);
        sentences come back in document order."""
        cached = self.cached_summary(request)
        if cached is not None:
            return cached
        store = self.store
        content = self.content_hash(article) if store is not None else ""
        sentences = (
            store.get_summary(article, request.method, request.length, content=content)
            if store is not None
            else None
        )
        if sentences is not None:
            self.store_hits += 1
        else:
            summarizer = self._summarizer()
            sentences = list(
                summarizer(
                    article.text,
                    sentences=request.length,
                    method=request.method,
                    title=article.title,
                )
            )
            sentences.sort(key=lambda sentence: sentence.start)
            if store is not None:
                store.put_summary(
                    article, request.method, request.length, sentences, content=content
                )
        with self._lock:
            first = not self._summaries
            self._summaries[request.key] = sentences
        if first:  # the summarizer's lazy imports (sumy, nltk, numpy) have happened now
            freeze_long_lived()
        return sentences

    # -- entities --------------------------------------------------------------------------

    def cached_mentions(self, article_id: str) -> list[Mention] | None:
        """The mentions of one article if in memory (corpus-resolved once the index is built)."""
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
        """One article's mentions as extracted (memory, else the store, else computed)."""
        with self._lock:
            cached = self._mentions.get(article.id)
        if cached is not None:
            return cached
        store = self.store
        mentions = None
        if store is not None:
            content = self.content_hash(article)
            mentions = store.get_mentions(article, self._specs_key(), content=content)
            if mentions is not None:
                self.store_hits += 1
        if mentions is None:
            mentions = sorted(self._extractor()(article.text), key=lambda m: (m.start, -m.end))
            if store is not None:
                store.put_mentions(article, self._specs_key(), mentions, content=content)
        with self._lock:
            self._mentions[article.id] = mentions
        return mentions

    def cached_index(self) -> dict[str, list[Mention]] | None:
        """Mentions of every article with corpus-wide canonical names, once built."""
        with self._lock:
            return self._corpus_mentions

    def articles_naming(self, canonical: str) -> frozenset[str] | None:
        """Ids of the articles that mention ``canonical`` (``None`` until the index is built)."""
        with self._lock:
            if self._names is None:
                return None
            return self._names.get(canonical, frozenset())

    def compute_index(
        self,
        cancelled: Callable[[], bool] = lambda: False,
        progress: Progress | None = None,
    ) -> dict[str, list[Mention]] | None:
        """Mentions for every article, names unified across the corpus; ``None`` if cancelled
        (``cancelled()`` is also handed to the resolver, so unifying names stops part-way).

        Mentions cached in the store are read in batches; the others are found here (and
        stored). Also builds the inverted index behind :meth:`articles_naming`. One build
        runs at a time (a second caller waits for it and gets its result). ``progress(done,
        total)`` counts articles, then ``progress(0, 0)`` says names are being unified.
        """
        existing = self.cached_index()
        if existing is not None:
            return existing
        with self._index_lock, collector_paused():
            existing = self.cached_index()
            if existing is not None:
                return existing
            return self._build_index(cancelled, progress or (lambda done, total: None))

    def _build_index(
        self, cancelled: Callable[[], bool], progress: Progress
    ) -> dict[str, list[Mention]] | None:
        articles = self.corpus.articles
        total = len(articles)
        if self.store is not None and not self._load_stored_mentions(cancelled, progress):
            return None
        per_article: dict[str, list[Mention]] = {}
        for done, article in enumerate(articles, 1):
            if cancelled():
                return None
            per_article[article.id] = self._article_mentions(article)
            if done % INDEX_BATCH == 0:
                progress(done, total)
        progress(total, total)
        progress(0, 0)  # names are being unified (no count)
        if self._resolve is None:
            self._extractor()  # sets the corpus-wide resolver
        if self._resolve is not None:
            from briefing.entities.cancel import ResolveCancelled

            try:
                per_article = self._resolve(per_article, cancelled=cancelled)
            except ResolveCancelled:
                return None
        resolved: dict[str, list[Mention]] = {}
        for key, value in per_article.items():
            if cancelled():
                return None
            resolved[key] = sorted(value, key=lambda m: (m.start, -m.end))
        names = inverted_index(resolved, cancelled)
        if names is None:
            return None
        with self._lock:
            self._corpus_mentions = resolved
            self._names = names
            self._mentions = {}  # the resolved mentions replace them (half the memory)
        return resolved

    def _load_stored_mentions(self, cancelled: Callable[[], bool], progress: Progress) -> bool:
        """Read the cached mentions of every article not in memory, in short batches (the
        store stays available to others between them); ``False`` if cancelled."""
        from briefing.store.cache import decode_mentions, mentions_kind

        store = self.store
        if store is None:
            return True
        kind = mentions_kind(self._specs_key())
        with self._lock:
            wanted = [a for a in self.corpus.articles if a.id not in self._mentions]
        for start in range(0, len(wanted), INDEX_BATCH):
            if cancelled():
                return False
            batch = wanted[start : start + INDEX_BATCH]
            found = store.get_analysis_many([self.content_hash(a) for a in batch], kind)
            loaded: dict[str, list[Mention]] = {}
            for article in batch:
                rows = found.get(self.content_hash(article))
                mentions = decode_mentions(article.text, rows) if rows is not None else None
                if mentions is not None:
                    loaded[article.id] = mentions
            self.store_hits += len(loaded)
            with self._lock:
                for article_id, mentions in loaded.items():
                    self._mentions.setdefault(article_id, mentions)
            progress(start + len(batch), len(self.corpus.articles))
            time.sleep(INDEX_PAUSE)  # let a search (or the reader's state) have the store now
        return True

    # -- the whole corpus ------------------------------------------------------------------

    def analyse_corpus(
        self,
        *,
        method: str,
        length: int,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Any:
        """Fill the store's cache for every article not analysed yet (``bulk``); returns its
        report, or ``None`` when there is no store or no bulk analysis."""
        if self.bulk is None or self.store is None:
            return None
        methods = (method,) if method in self.methods else ("default",)
        return self.bulk(
            self.corpus,
            self.store,
            hashes=self.hashes(),
            methods=methods,
            lengths=(length,),
            progress=progress,
            cancelled=cancelled,
        )
