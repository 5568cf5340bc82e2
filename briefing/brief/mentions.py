"""Entity mentions for the briefing: from the store's analysis cache, or extracted (in worker
processes for large corpora).

Entity recognition is the costliest step of a build. When a store is given, the mentions
cached by :func:`briefing.store.analysis.analyze_corpus` (by content hash) are used and only
the missing articles are analysed (and their mentions saved back). For at least
:data:`PARALLEL_MIN_ARTICLES` articles to analyse, recognition runs in a pool of ``spawn``
worker processes (safe from a thread, no fork) while the caller goes on with its own work;
fewer, or ``BRIEFING_WORKERS=0``, run it in-process. Names are unified across the corpus
afterwards. Only the labels the briefing uses are kept in memory (:data:`KEPT_LABELS`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from briefing.models import Corpus, EntitySpec, Mention

__all__ = ["KEPT_LABELS", "PARALLEL_MIN_ARTICLES", "MentionJob"]

#: Articles to analyse from which worker processes are used.
PARALLEL_MIN_ARTICLES = 150
#: Labels the briefing needs: speakers and entity rows, and NORP, which takes part in the
#: corpus-wide unification of organisation and place names.
KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})
_CHUNK = 40
_BATCH = 500


def _order(mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions by start (longest first), as the analysis cache keeps them."""
    return sorted(mentions, key=lambda m: (m.start, -m.end))


def _extract_chunk(texts: Sequence[str], specs: Sequence[EntitySpec]) -> list[list[Mention]]:
    """Worker: mentions of each text (module-level so it can be pickled)."""
    from briefing.entities import Gazetteer, extract_entities

    gazetteer = Gazetteer.from_specs(specs) if specs else None
    return [_order(extract_entities(t, gazetteer)) for t in texts]


def _workers() -> int:
    """Worker processes to use: ``$BRIEFING_WORKERS``, else one per spare CPU (at most 4).

    0 means in-process. The calling process keeps working meanwhile, so one CPU is left to it.
    """
    env = os.environ.get("BRIEFING_WORKERS", "").strip()
    if env.isdigit():
        return int(env)
    return max(0, min(4, (os.cpu_count() or 1) - 1))


class MentionJob:
    """Entity mentions of a corpus, started at construction and collected by :meth:`result`.

    With a ``store`` (a :class:`briefing.store.Store`), cached mentions are read instead of
    recomputed, and newly extracted ones are saved to it.
    """

    def __init__(
        self,
        corpus: Corpus,
        *,
        min_parallel: int = PARALLEL_MIN_ARTICLES,
        store: Any = None,
        hashes: dict[str, str] | None = None,
    ) -> None:
        self.corpus = corpus
        self.store = store
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[list[list[Mention]]]] = []
        self._hashes = hashes
        self._kind = ""
        arts = corpus.articles
        self._todo = list(range(len(arts)))
        if store is not None:
            from briefing.store.cache import content_hashes, mentions_kind

            if self._hashes is None:
                self._hashes = content_hashes(corpus)
            self._kind = mentions_kind(corpus.entities)
            have = store.cached_keys(self._hashes.values(), [self._kind])
            self._todo = [
                i for i, a in enumerate(arts) if (self._hashes[a.id], self._kind) not in have
            ]
        workers = _workers()
        if workers >= 1 and len(self._todo) >= min_parallel:
            import multiprocessing

            texts = [arts[i].text for i in self._todo]
            specs = list(corpus.entities)
            from briefing.workers import quiet_worker

            self._pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=quiet_worker,
            )
            self._futures = [
                self._pool.submit(_extract_chunk, texts[i : i + _CHUNK], specs)
                for i in range(0, len(texts), _CHUNK)
            ]

    @property
    def parallel(self) -> bool:
        """True if worker processes are used."""
        return self._pool is not None

    @property
    def to_extract(self) -> int:
        """How many articles are analysed (not taken from the store)."""
        return len(self._todo)

    def cancel(self) -> None:
        """Stop the workers (pending chunks are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _extracted(self, check: Callable[[], None]) -> list[list[Mention]]:
        """Mentions of the articles in ``self._todo`` (all labels, cache order)."""
        from briefing.entities import Gazetteer, extract_entities

        out: list[list[Mention]] = []
        if self._pool is not None:
            # The caller has done its own work: it takes the chunks no worker has started,
            # from the end, while the workers go on from the start.
            specs = list(self.corpus.entities)
            chunks: list[list[list[Mention]] | None] = [None] * len(self._futures)
            last = len(self._futures)
            for k, fut in enumerate(self._futures):
                while last > k + 1 and self._futures[last - 1].cancel():
                    last -= 1
                    check()
                    lo = last * _CHUNK
                    texts = [self.corpus.articles[i].text for i in self._todo[lo : lo + _CHUNK]]
                    chunks[last] = _extract_chunk(texts, specs)
                if k >= last:
                    break
                check()
                chunks[k] = fut.result()
            self._pool.shutdown(wait=True)  # all done: let the workers exit cleanly
            self._pool = None
            for chunk in chunks:
                assert chunk is not None
                out.extend(chunk)
            return out
        specs = self.corpus.entities
        gazetteer = Gazetteer.from_specs(specs) if specs else None
        for k, i in enumerate(self._todo):
            if k % 16 == 0:
                check()
            out.append(_order(extract_entities(self.corpus.articles[i].text, gazetteer)))
        return out

    def _cached(self, check: Callable[[], None], skip: set[int]) -> dict[int, list[Mention]]:
        """Cached mentions (kept labels) of the articles not in ``skip``, read in batches."""
        from briefing.store.cache import decode_mentions

        arts = self.corpus.articles
        assert self._hashes is not None
        wanted = [i for i in range(len(arts)) if i not in skip]
        out: dict[int, list[Mention]] = {}
        for k in range(0, len(wanted), _BATCH):
            check()
            batch = wanted[k : k + _BATCH]
            rows = self.store.get_analysis_many(
                [self._hashes[arts[i].id] for i in batch], self._kind
            )
            for i in batch:
                found = rows.get(self._hashes[arts[i].id])
                mentions = None if found is None else decode_mentions(arts[i].text, found)
                if mentions is not None:
                    out[i] = [m for m in mentions if m.label in KEPT_LABELS]
        return out

    def result(self, check: Callable[[], None]) -> list[list[Mention]]:
        """Mentions per article (corpus order, the labels of :data:`KEPT_LABELS`), canonical
        names unified across the corpus.

        ``check`` is called between chunks; if it raises, the workers are stopped.
        """
        from briefing.entities import Gazetteer, resolve_corpus

        arts = self.corpus.articles
        per_article: dict[int, list[Mention]] = {}
        try:
            extracted = self._extracted(check)
        finally:
            self.cancel()
        if self.store is not None and extracted:
            from briefing.store.cache import encode_mentions

            assert self._hashes is not None
            self.store.put_analysis_many(
                (self._hashes[arts[i].id], self._kind, encode_mentions(ms))
                for i, ms in zip(self._todo, extracted)
            )
        for i, ms in zip(self._todo, extracted):
            per_article[i] = [m for m in ms if m.label in KEPT_LABELS]
        del extracted
        if self.store is not None:
            cached = self._cached(check, set(per_article))
            missing = [i for i in range(len(arts)) if i not in per_article and i not in cached]
            per_article.update(cached)
            if missing:  # unreadable cache rows: extract those here
                gazetteer = (
                    Gazetteer.from_specs(self.corpus.entities) if self.corpus.entities else None
                )
                from briefing.entities import extract_entities

                for i in missing:
                    check()
                    ms = _order(extract_entities(arts[i].text, gazetteer))
                    per_article[i] = [m for m in ms if m.label in KEPT_LABELS]
        gazetteer = Gazetteer.from_specs(self.corpus.entities) if self.corpus.entities else None
        by_id = {arts[i].id: per_article[i] for i in range(len(arts))}
        del per_article

        def cancelled() -> bool:
            check()  # raises (out of resolve_corpus too) once the build is cancelled
            return False

        resolved = resolve_corpus(by_id, gazetteer, cancelled=cancelled)
        return [list(resolved.get(art.id, by_id[art.id])) for art in arts]
