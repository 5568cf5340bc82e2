"""The reader's persistent state for one corpus, on the :class:`~briefing.store.Store` (no Textual).

Read marks, pins, preferences and the last article live in memory; changes are written to the
store by one writer thread, in order, so the UI thread never waits for the database (a large
background write, such as indexing 10,000 articles, holds the store for a moment). The store
never raises: on trouble it works in memory and reports one line; the session passes the
first such line to ``on_problem`` (the reader shows it as a notice) and carries on.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from briefing.store import PinRecord, Store

ProblemFn = Callable[[str], None]
_STOP = object()


class Session:
    """Read marks, pins, the last opened article and preferences for one corpus.

    ``on_problem`` gets the store's first problem (one line), once, from whichever thread met
    it: it must not block (the reader posts a message). ``write_behind=False`` writes on the
    calling thread (scripts and tests that read the store right after a change).
    """

    def __init__(
        self,
        store: Store,
        corpus_key: str,
        on_problem: ProblemFn = lambda message: None,
        *,
        write_behind: bool = True,
    ) -> None:
        self.store = store
        self.corpus_key = corpus_key
        self.on_problem = on_problem
        self._reported = False
        self._report_lock = threading.Lock()
        store.on_problem = self._store_problem
        self.read: set[str] = store.read_ids(corpus_key)
        self.pins: dict[tuple[str, int], PinRecord] = {
            (pin.article_id, pin.index): pin for pin in store.pins(corpus_key)
        }
        """Pinned sentences by (article id, sentence index), oldest first."""
        self._prefs: dict[str, str | None] = {}
        self._last: str | None = store.last_article(corpus_key)
        self._write_behind = write_behind
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None
        self._closed = False
        if store.problem:
            self._store_problem(store.problem)

    # -- problems --------------------------------------------------------------------------

    @property
    def failed(self) -> bool:
        """Whether the store reported a problem (state may then be kept for this session only)."""
        return self._reported or self.store.problem is not None

    def _store_problem(self, message: str) -> None:
        with self._report_lock:
            if self._reported:
                return
            self._reported = True
        with suppress(Exception):  # a notice must never break a write
            self.on_problem(message)

    # -- writing ---------------------------------------------------------------------------

    def _write(self, work: Callable[[], object]) -> None:
        if not self._write_behind or self._closed:
            self._run(work)
            return
        if self._writer is None:
            self._writer = threading.Thread(
                target=self._drain, name="briefing-state-writer", daemon=True
            )
            self._writer.start()
        self._queue.put(work)

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        except Exception as error:  # the store reports its own trouble; anything else too
            self._store_problem(f"could not save the reader's state ({error})")

    def _drain(self) -> None:
        while True:
            work = self._queue.get()
            if work is _STOP:
                return
            self._run(work)  # type: ignore[arg-type]

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Wait until every change so far is written; ``False`` on timeout."""
        if self._writer is None or self._closed:
            return True
        done = threading.Event()
        self._queue.put(done.set)
        return done.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Write what is pending and stop the writer thread (later changes write directly)."""
        if self._closed:
            return
        self._closed = True
        writer, self._writer = self._writer, None
        if writer is not None:
            self._queue.put(_STOP)
            writer.join(timeout)

    # -- read marks ------------------------------------------------------------------------

    def is_read(self, article_id: str) -> bool:
        """Whether ``article_id`` is marked read."""
        return article_id in self.read

    def mark(self, article_id: str, read: bool = True) -> None:
        """Mark an article read or unread (no write when nothing changes)."""
        if (article_id in self.read) == read:
            return
        if read:
            self.read.add(article_id)
        else:
            self.read.discard(article_id)
        store, key = self.store, self.corpus_key
        self._write(lambda: store.set_read(key, article_id, read))

    # -- pins ------------------------------------------------------------------------------

    def pins_of(self, article_id: str) -> list[PinRecord]:
        """The pins of one article."""
        return [pin for (article, _index), pin in self.pins.items() if article == article_id]

    def is_pinned(self, article_id: str, index: int) -> bool:
        """Whether sentence ``index`` of ``article_id`` is pinned."""
        return (article_id, index) in self.pins

    def toggle_pin(self, pin: PinRecord) -> bool:
        """Pin ``pin`` or, when that sentence is pinned already, unpin it; returns the new state."""
        key = (pin.article_id, pin.index)
        pinned = key not in self.pins
        if pinned:
            self.pins[key] = pin
        else:
            del self.pins[key]
        store, corpus = self.store, self.corpus_key
        self._write(lambda: store.set_pin(corpus, pin, pinned))
        return pinned

    # -- last article and preferences ------------------------------------------------------

    def last_article(self) -> str | None:
        """The article opened last (in an earlier session or this one), if any."""
        return self._last

    def remember(self, article_id: str) -> None:
        """Remember ``article_id`` as the last opened article."""
        if article_id == self._last:
            return
        self._last = article_id
        store, key = self.store, self.corpus_key
        self._write(lambda: store.set_last_article(key, article_id))

    def pref(self, key: str, default: str | None = None) -> str | None:
        """A stored preference, or ``default`` (each key is read from the store once)."""
        if key not in self._prefs:
            self._prefs[key] = self.store.get_pref(key)
        value = self._prefs[key]
        return default if value is None else value

    def set_pref(self, key: str, value: str) -> None:
        """Store a preference."""
        if key in self._prefs and self._prefs[key] == value:
            return
        self._prefs[key] = value
        store = self.store
        self._write(lambda: store.set_pref(key, value))
