"""Entity mentions for the briefing, extracted in worker processes for large corpora.

Entity recognition is the costliest step of a build. For corpora of at least
:data:`PARALLEL_MIN_ARTICLES` articles it runs in a pool of ``spawn`` worker processes (safe
from a thread, no fork) while the caller goes on with its own work; smaller corpora, or
``BRIEFING_WORKERS=0``, run it in-process. Names are unified across the corpus afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from briefing.models import Corpus, EntitySpec, Mention

__all__ = ["PARALLEL_MIN_ARTICLES", "MentionJob"]

#: Corpora with at least this many articles use worker processes.
PARALLEL_MIN_ARTICLES = 150
_CHUNK = 40


def _extract_chunk(texts: Sequence[str], specs: Sequence[EntitySpec]) -> list[list[Mention]]:
    """Worker: mentions of each text (module-level so it can be pickled)."""
    from briefing.entities import Gazetteer, extract_entities

    gazetteer = Gazetteer.from_specs(specs) if specs else None
    return [extract_entities(t, gazetteer) for t in texts]


def _workers() -> int:
    """Worker processes to use: ``$BRIEFING_WORKERS``, else one per spare CPU (at most 4).

    0 means in-process. The calling process keeps working meanwhile, so one CPU is left to it.
    """
    env = os.environ.get("BRIEFING_WORKERS", "").strip()
    if env.isdigit():
        return int(env)
    return max(0, min(4, (os.cpu_count() or 1) - 1))


class MentionJob:
    """Entity extraction over a corpus, started at construction and collected by :meth:`result`."""

    def __init__(self, corpus: Corpus, *, min_parallel: int = PARALLEL_MIN_ARTICLES) -> None:
        self.corpus = corpus
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[list[list[Mention]]]] = []
        workers = _workers()
        if workers >= 1 and len(corpus.articles) >= min_parallel:
            import multiprocessing

            texts = [a.text for a in corpus.articles]
            specs = list(corpus.entities)
            self._pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn")
            )
            self._futures = [
                self._pool.submit(_extract_chunk, texts[i : i + _CHUNK], specs)
                for i in range(0, len(texts), _CHUNK)
            ]

    @property
    def parallel(self) -> bool:
        """True if worker processes are used."""
        return self._pool is not None

    def cancel(self) -> None:
        """Stop the workers (pending chunks are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def result(self, check: Callable[[], None]) -> list[list[Mention]]:
        """Mentions per article (corpus order), canonical names unified across the corpus.

        ``check`` is called between chunks; if it raises, the workers are stopped.
        """
        from briefing.entities import Gazetteer, extract_entities, resolve_corpus

        arts = self.corpus.articles
        per_article: list[list[Mention]] = []
        try:
            if self._pool is not None:
                for fut in self._futures:
                    check()
                    per_article.extend(fut.result())
                self._pool.shutdown(wait=True)  # all done: let the workers exit cleanly
                self._pool = None
            else:
                specs = self.corpus.entities
                gazetteer = Gazetteer.from_specs(specs) if specs else None
                for i, art in enumerate(arts):
                    if i % 16 == 0:
                        check()
                    per_article.append(extract_entities(art.text, gazetteer))
        finally:
            self.cancel()
        gazetteer = Gazetteer.from_specs(self.corpus.entities) if self.corpus.entities else None
        by_id = {art.id: ms for art, ms in zip(arts, per_article)}
        resolved = resolve_corpus(by_id, gazetteer)
        return [list(resolved.get(art.id, by_id[art.id])) for art in arts]
