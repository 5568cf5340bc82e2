"""Batch analysis of a corpus into the store, in worker processes, cancellable.

:func:`analyze_corpus` finds the articles whose analysis is not cached (by content hash and
engine version), splits them into chunks and analyses the chunks in a pool of ``spawn``
worker processes (safe to start from a thread; the CPU-bound work runs in parallel on every
core). Workers only compute; the calling process writes each finished chunk to the store in
one transaction, so a cancelled or interrupted run keeps everything finished so far.
Small jobs (fewer than :data:`PARALLEL_MIN_ARTICLES` articles) run in the calling process.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from briefing.models import Corpus, EntitySpec
from briefing.store.cache import (
    content_hashes,
    encode_mentions,
    encode_sentences,
    mentions_kind,
    sentences_kind,
    specs_key,
    summary_kind,
)

DEFAULT_LENGTHS = (5,)
"""Summary lengths computed ahead (the reader's default length)."""
DEFAULT_METHODS = ("default",)
PARALLEL_MIN_ARTICLES = 24
CHUNK_SIZE = 16
"""Articles per task: small enough to cancel within a fraction of a second."""
_POLL = 0.05

Progress = Callable[[int, int], None]
"""``progress(done, total)``: articles analysed (or found cached) so far, of ``total``."""

Job = tuple[str, str, str, tuple[str, ...]]
"""``(content hash, title, text, kinds wanted)``."""


@dataclass(slots=True)
class AnalysisReport:
    """What :func:`analyze_corpus` did."""

    total: int = 0
    cached: int = 0
    analysed: int = 0
    failed: int = 0
    cancelled: bool = False
    workers: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    """One line per article that could not be analysed (at most 20)."""


def default_workers() -> int:
    """Worker processes: ``$BRIEFING_WORKERS`` if set (0 = in-process), else one per CPU."""
    env = os.environ.get("BRIEFING_WORKERS", "").strip()
    if env.isdigit():
        return int(env)
    return max(1, os.cpu_count() or 1)


def _kinds(methods: Sequence[str], lengths: Sequence[int], specs: str, entities: bool) -> list[str]:
    kinds = [sentences_kind()]
    kinds += [summary_kind(m, n) for m in methods for n in lengths]
    if entities:
        kinds.append(mentions_kind(specs))
    return kinds


# --- worker side --------------------------------------------------------------------------

_GAZETTEER: dict[str, Any] = {}


def _gazetteer(specs: Sequence[EntitySpec]) -> Any:
    from briefing.entities import Gazetteer

    key = specs_key(specs)
    if key not in _GAZETTEER:
        _GAZETTEER.clear()
        _GAZETTEER[key] = Gazetteer.from_specs(specs) if specs else None
    return _GAZETTEER[key]


def analyse_one(
    content: str, title: str, text: str, kinds: Sequence[str], specs: Sequence[EntitySpec]
) -> list[tuple[str, str, Any]]:
    """``(hash, kind, value)`` rows for one article (runs in a worker or in-process)."""
    from briefing.sentences import split_sentences
    from briefing.summarize import summarize_sentences

    rows: list[tuple[str, str, Any]] = []
    sentences = split_sentences(text)
    for kind in kinds:
        if kind == "sentences":
            rows.append((content, kind, encode_sentences(sentences)))
        elif kind.startswith("summary/"):
            _prefix, method, length = kind.split("/")
            picked = summarize_sentences(
                sentences, int(length), method=method, text=text, title=title
            )
            picked.sort(key=lambda s: s.start)
            rows.append((content, kind, encode_sentences(picked)))
        elif kind.startswith("mentions/"):
            from briefing.entities import extract_entities

            mentions = sorted(
                extract_entities(text, _gazetteer(specs)), key=lambda m: (m.start, -m.end)
            )
            rows.append((content, kind, encode_mentions(mentions)))
    return rows


def analyse_chunk(
    jobs: Sequence[Job], specs: Sequence[EntitySpec]
) -> tuple[list[tuple[str, str, Any]], list[str]]:
    """Rows for a chunk of articles, and one error line per article that failed."""
    rows: list[tuple[str, str, Any]] = []
    errors: list[str] = []
    for content, title, text, kinds in jobs:
        try:
            rows.extend(analyse_one(content, title, text, kinds, specs))
        except Exception as error:  # one bad article must not stop the others
            errors.append(f"{title[:60]!r}: {type(error).__name__}: {error}")
    return rows, errors


# --- caller side --------------------------------------------------------------------------


def analyze_corpus(
    corpus: Corpus,
    store: Any,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    methods: Sequence[str] = DEFAULT_METHODS,
    lengths: Sequence[int] = DEFAULT_LENGTHS,
    entities: bool = True,
    hashes: dict[str, str] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> AnalysisReport:
    """Analyse every article of ``corpus`` not yet cached in ``store`` (a :class:`Store`).

    Computes sentences, summaries (each of ``methods`` x ``lengths``) and entity mentions
    (with the corpus's ``entities:`` as gazetteer). ``workers``: processes to use (default
    :func:`default_workers`; 0 = in the calling process). ``progress(done, total)`` is called
    from the calling thread; ``cancelled()`` is polled between chunks (and while waiting),
    and a cancelled run returns promptly with ``report.cancelled`` set.
    """
    started = time.perf_counter()
    is_cancelled = cancelled or (lambda: False)
    report_progress = progress or (lambda done, total: None)
    hashes = hashes if hashes is not None else content_hashes(corpus)
    specs = list(corpus.entities)
    kinds = _kinds(methods, lengths, specs_key(specs), entities)
    have = store.cached_keys(hashes.values(), kinds)
    jobs: list[Job] = []
    queued: set[str] = set()
    report = AnalysisReport(total=len(corpus.articles))
    for article in corpus.articles:
        content = hashes[article.id]
        missing = tuple(k for k in kinds if (content, k) not in have)
        if not missing:
            report.cached += 1
        elif content not in queued:  # identical articles are analysed once
            queued.add(content)
            jobs.append((content, article.title, article.text, missing))
        else:
            report.cached += 1
    done = report.cached
    report_progress(done, report.total)
    if not jobs:
        report.seconds = time.perf_counter() - started
        return report
    count = default_workers() if workers is None else max(0, workers)
    if count >= 1 and len(jobs) >= PARALLEL_MIN_ARTICLES:
        report.workers = count
        remaining = _run_pool(
            jobs,
            specs,
            store,
            report,
            count,
            chunk_size,
            is_cancelled,
            lambda n: report_progress(done + n, report.total),
        )
        done += len(jobs) - len(remaining)
        jobs = [] if report.cancelled else remaining  # a broken pool: finish in-process
    if jobs:
        _run_here(
            jobs,
            specs,
            store,
            report,
            chunk_size,
            is_cancelled,
            lambda n: report_progress(done + n, report.total),
        )
    report.seconds = time.perf_counter() - started
    return report


def _record(report: AnalysisReport, store: Any, rows: list, errors: list[str], n: int) -> None:
    if rows:
        store.put_analysis_many(rows)
    report.failed += len(errors)
    report.analysed += n - len(errors)
    room = 20 - len(report.errors)
    if room > 0:
        report.errors.extend(errors[:room])


def _run_here(
    jobs: list[Job],
    specs: list[EntitySpec],
    store: Any,
    report: AnalysisReport,
    chunk_size: int,
    cancelled: Callable[[], bool],
    advanced: Callable[[int], None],
) -> None:
    finished = 0
    for i in range(0, len(jobs), chunk_size):
        if cancelled():
            report.cancelled = True
            return
        chunk = jobs[i : i + chunk_size]
        rows, errors = analyse_chunk(chunk, specs)
        _record(report, store, rows, errors, len(chunk))
        finished += len(chunk)
        advanced(finished)


def _run_pool(
    jobs: list[Job],
    specs: list[EntitySpec],
    store: Any,
    report: AnalysisReport,
    workers: int,
    chunk_size: int,
    cancelled: Callable[[], bool],
    advanced: Callable[[int], None],
) -> list[Job]:
    """Analyse ``jobs`` in processes; returns the jobs left undone if the pool broke."""
    import multiprocessing

    chunks = [jobs[i : i + chunk_size] for i in range(0, len(jobs), chunk_size)]
    from briefing.workers import quiet_worker

    if cancelled():  # quit before the pool started: start no worker process at all
        report.cancelled = True
        return jobs
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=quiet_worker,
    )
    pending: dict[Future, int] = {}
    next_chunk = 0
    finished = 0
    left: set[int] = set(range(len(chunks)))
    try:
        while next_chunk < len(chunks) or pending:
            while next_chunk < len(chunks) and len(pending) < workers * 2:
                future = pool.submit(analyse_chunk, chunks[next_chunk], specs)
                pending[future] = next_chunk
                next_chunk += 1
            if cancelled():
                report.cancelled = True
                break
            ready, _ = wait(pending, timeout=_POLL, return_when=FIRST_COMPLETED)
            for future in ready:
                index = pending.pop(future)
                rows, errors = future.result()
                left.discard(index)
                _record(report, store, rows, errors, len(chunks[index]))
                finished += len(chunks[index])
                advanced(finished)
        return []
    except BrokenProcessPool:
        report.errors.append("a worker process stopped; the rest is analysed in this process")
        return [job for i in sorted(left) for job in chunks[i]]
    finally:
        pool.shutdown(wait=not report.cancelled, cancel_futures=True)
