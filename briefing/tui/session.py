"""The reader's persistent state for one corpus, tolerant of a broken store (no Textual here).

Read marks and pins live in memory and are written through to
:class:`~briefing.state.StateStore`. The first time the store fails, ``on_error`` gets one
line (the reader shows it as a notice) and the session carries on in memory: reading never
stops because a database is broken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from briefing.state import PinRecord, StateError, StateStore

_T = TypeVar("_T")


class Session:
    """Read marks, the last opened article and preferences for one corpus."""

    def __init__(
        self,
        store: StateStore,
        corpus_key: str,
        on_error: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.store = store
        self.corpus_key = corpus_key
        self.on_error = on_error
        self.failed = False
        """Whether the store has failed (state is then kept for this session only)."""
        self.read: set[str] = self._try(lambda: store.read_ids(corpus_key), set())
        self.pins: dict[tuple[str, int], PinRecord] = {
            (pin.article_id, pin.index): pin
            for pin in self._try(lambda: store.pins(corpus_key), [])
        }
        """Pinned sentences by (article id, sentence index), oldest first."""

    def _try(self, work: Callable[[], _T], fallback: _T) -> _T:
        if self.failed:
            return fallback
        try:
            return work()
        except StateError as error:
            self.failed = True
            self.on_error(f"{error}; read state is kept for this session only")
            return fallback

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
        self._try(lambda: self.store.set_read(self.corpus_key, article_id, read), None)

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
        self._try(lambda: self.store.set_pin(self.corpus_key, pin, pinned), None)
        return pinned

    def last_article(self) -> str | None:
        """The article opened last time, if any."""
        return self._try(lambda: self.store.last_article(self.corpus_key), None)

    def remember(self, article_id: str) -> None:
        """Remember ``article_id`` as the last opened article."""
        self._try(lambda: self.store.set_last_article(self.corpus_key, article_id), None)

    def pref(self, key: str, default: str | None = None) -> str | None:
        """A stored preference, or ``default``."""
        return self._try(lambda: self.store.get_pref(key, default), default)

    def set_pref(self, key: str, value: str) -> None:
        """Store a preference."""
        self._try(lambda: self.store.set_pref(key, value), None)
