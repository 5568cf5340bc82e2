"""Background work on the whole corpus, started after the first paint.

One thread worker (group ``background``; a new corpus cancels the old run):

1. brings the store's search index up to date (only new or changed articles are written), after
   which ``/`` searches the index;
2. analyses every article not in the store's cache yet (sentences, the summary at the reader's
   method and length, entity mentions) with :meth:`Analyser.analyse_corpus`: worker processes
   for the CPU-bound part (``$BRIEFING_WORKERS``), in-process for a small corpus; on Linux at
   a lower CPU priority than the UI (every core is used, but the UI comes first);
3. reads every article's mentions back from the store, unifies names across the corpus and
   builds the inverted index the entity filter uses.

Progress shows in a slim line under the article list; the UI never waits for any of it.
Quitting or replacing the corpus cancels the run: the analysis stops within a fraction of a
second (its worker processes finish the task in hand and exit), everything finished is kept;
unifying names stops within milliseconds and a cancelled run posts nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from textual import on, work
from textual.worker import get_current_worker

from briefing.models import Corpus
from briefing.tui.analysis import PROCESSES_FROM, Analyser
from briefing.tui.messages import (
    BackgroundDone,
    BackgroundProgress,
    IndexReady,
    SearchIndexReady,
)
from briefing.tui.progress_line import ProgressLine
from briefing.tui.reader_analysis import ReaderAnalysis, _one_error_line

PROGRESS_EVERY = 0.1
"""Seconds between progress messages."""
FIRST_ANALYSIS_WAIT = 10.0
"""The batch analysis waits this long at most for the shown article's own analysis."""
PROGRESS_DELAY = 0.5
"""Background work shorter than this shows no progress line (it would only flicker)."""
STOP_WAIT = 3.0
"""Seconds quitting waits for the background run to notice it was cancelled."""

STAGE_NAMES = {"indexing": "indexing", "analysing": "analysing", "entities": "reading entities"}


class ReaderBackground(ReaderAnalysis):
    """Runs the corpus-wide background work and shows its progress."""

    def __init__(self) -> None:
        super().__init__()
        self.search_ready = False
        """Whether the search index holds the current corpus (else ``/`` matches in memory)."""
        self.search_index_degraded = False
        """Whether that index was built after the store fell back to memory."""
        self.background_running = False
        """Whether the background work is still going."""
        self._bg_generation = 0
        self._bg_active = 0
        self._bg_lock = threading.Lock()
        self._bg_idle = threading.Event()
        self._bg_idle.set()
        self._bg_started = 0.0
        self._bg_pending: BackgroundProgress | None = None

    # -- starting and stopping -------------------------------------------------------------

    def start_background(self) -> None:
        """(Re)start the corpus-wide work for the current corpus."""
        app = self.reader_app
        self._bg_generation += 1
        self.search_ready = False
        self.background_running = True
        if self.current_id is None:
            self._first_analysis.set()
        if app.analyser.bulk is not None and len(app.corpus.articles) >= PROCESSES_FROM:
            from briefing.tui.processes import prepare_worker_processes

            prepare_worker_processes()
        self._bg_started = time.monotonic()
        self._bg_pending = None
        self.set_timer(PROGRESS_DELAY, self._show_pending_progress)
        self._background(self._bg_generation, app.corpus, app.analyser, self.method, self.length)

    def stop_background(self, wait: float = STOP_WAIT) -> bool:
        """Cancel the background work and wait (at most ``wait`` seconds) for it to stop."""
        self._bg_generation += 1
        self.workers.cancel_group(self, "background")
        self.background_running = False
        return self._bg_idle.wait(wait)

    def _start_first_analysis(self) -> None:
        super()._start_first_analysis()
        self.start_background()

    # -- the worker ------------------------------------------------------------------------

    def _poster(self, generation: int, stage: str) -> Callable[[int, int], None]:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done >= total or now - last[0] >= PROGRESS_EVERY:
                last[0] = now
                self.post_message(BackgroundProgress(generation, stage, done, total))

        return progress

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="background",
        description="background run",
    )
    def _background(
        self, generation: int, corpus: Corpus, analyser: Analyser, method: str, length: int
    ) -> None:
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled or generation != self._bg_generation

        with self._bg_lock:
            self._bg_active += 1
            self._bg_idle.clear()
        notes: list[str] = []
        try:
            store = analyser.store
            if store is None:
                return
            report = store.index_corpus(
                corpus,
                analyser.hashes(),
                progress=self._poster(generation, "indexing"),
                cancelled=cancelled,
            )
            if cancelled():
                return
            if not report.failed:
                self.post_message(SearchIndexReady(generation, store.degraded))
            if analyser.bulk is not None:
                deadline = time.monotonic() + FIRST_ANALYSIS_WAIT
                while not self._first_analysis.wait(0.05) and time.monotonic() < deadline:
                    if cancelled():
                        return
                if cancelled():
                    return
                from briefing.tui.processes import run_at_low_priority

                result = run_at_low_priority(
                    lambda: analyser.analyse_corpus(
                        method=method,
                        length=length,
                        progress=self._poster(generation, "analysing"),
                        cancelled=cancelled,
                    )
                )
                if cancelled():
                    return
                failed = getattr(result, "failed", 0)
                if failed:
                    notes.append(f"{failed:,} articles could not be analysed")
            had_index = analyser.cached_index() is not None
            index = analyser.compute_index(cancelled, self._poster(generation, "entities"))
            if index is not None and not had_index and not cancelled():
                self.post_message(IndexReady(index))
        except Exception as error:  # shown as a notice; the reader carries on
            notes.append(f"background analysis stopped: {_one_error_line(error)}")
        finally:
            if not cancelled():
                self.post_message(BackgroundDone(generation, "; ".join(notes)))
            with self._bg_lock:
                self._bg_active -= 1
                if self._bg_active == 0:
                    self._bg_idle.set()

    # -- messages --------------------------------------------------------------------------

    @property
    def progress_line(self) -> ProgressLine:
        """The background work's progress line."""
        return self.query_one("#progress", ProgressLine)

    @on(BackgroundProgress)
    def _background_progress(self, message: BackgroundProgress) -> None:
        if message.generation != self._bg_generation:
            return
        if time.monotonic() - self._bg_started < PROGRESS_DELAY:
            self._bg_pending = message  # shown if the work is still going on by then
            return
        self._show_progress(message)

    def _show_pending_progress(self) -> None:
        pending, self._bg_pending = self._bg_pending, None
        if pending is not None and self.background_running:
            self._show_progress(pending)

    def _show_progress(self, message: BackgroundProgress) -> None:
        if message.generation != self._bg_generation:
            return
        stage = STAGE_NAMES.get(message.stage, message.stage)
        if message.stage == "entities" and message.total <= 0:
            stage = "unifying names"
        self.progress_line.show_progress(stage, message.done, message.total)

    @on(SearchIndexReady)
    def _search_index_ready(self, message: SearchIndexReady) -> None:
        if message.generation == self._bg_generation:
            self.search_ready = True
            self.search_index_degraded = message.degraded

    @on(BackgroundDone)
    def _background_done(self, message: BackgroundDone) -> None:
        if message.generation != self._bg_generation:
            return
        self.background_running = False
        self.progress_line.hide()
        if message.note:
            self.notify(message.note, title="Analysis", severity="warning", markup=False)
        if self._pending_filter is not None and self.analyser.cached_index() is None:
            self._index()  # the background run built no index (cancelled or failed)
