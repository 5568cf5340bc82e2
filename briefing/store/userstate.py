"""The user's own state: read marks, pinned sentences, the last opened article, preferences.

The same methods (names, arguments, results) as the reader's former ``StateStore``, but
nothing raises: on database trouble reads return the empty answer and the store reports
one line (see :mod:`briefing.store.db`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.store.db import StoreBase, now


@dataclass(frozen=True, slots=True)
class PinRecord:
    """A pinned sentence: its index in ``split_sentences(article.text)``, span and text.

    The same fields as the ``PinRecord`` of the reader's former state module.
    """

    article_id: str
    index: int
    start: int
    end: int
    text: str


class UserState(StoreBase):
    """Read marks, pins, last article per corpus (``corpus`` is a :func:`corpus_key`)."""

    # -- read marks ------------------------------------------------------------------------

    def read_ids(self, corpus: str) -> set[str]:
        """Ids of the articles marked read in ``corpus``."""

        def read(db: sqlite3.Connection) -> set[str]:
            rows = db.execute("SELECT article FROM read_state WHERE corpus = ?", (corpus,))
            return {row[0] for row in rows}

        return self._run(read, set())

    def set_read(self, corpus: str, article_id: str, read: bool = True) -> None:
        """Mark one article read or unread."""
        self.set_read_many(corpus, [article_id], read)

    def set_read_many(self, corpus: str, article_ids: Iterable[str], read: bool = True) -> None:
        """Mark several articles read or unread in one transaction."""
        ids = list(article_ids)

        def write(db: sqlite3.Connection) -> None:
            with self._transaction(db):
                if read:
                    stamp = now()
                    db.executemany(
                        "INSERT OR REPLACE INTO read_state (corpus, article, read_at)"
                        " VALUES (?, ?, ?)",
                        [(corpus, article, stamp) for article in ids],
                    )
                else:
                    db.executemany(
                        "DELETE FROM read_state WHERE corpus = ? AND article = ?",
                        [(corpus, article) for article in ids],
                    )

        self._run(write, None)

    # -- last article ----------------------------------------------------------------------

    def last_article(self, corpus: str) -> str | None:
        """The article last opened in ``corpus``, if any."""

        def read(db: sqlite3.Connection) -> str | None:
            row = db.execute(
                "SELECT last_article FROM corpus_state WHERE corpus = ?", (corpus,)
            ).fetchone()
            return row[0] if row else None

        return self._run(read, None)

    def set_last_article(self, corpus: str, article_id: str) -> None:
        """Remember the article last opened in ``corpus``."""

        def write(db: sqlite3.Connection) -> None:
            with self._transaction(db):
                db.execute(
                    "INSERT INTO corpus_state (corpus, last_article, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT(corpus) DO UPDATE SET last_article = excluded.last_article,"
                    " updated_at = excluded.updated_at",
                    (corpus, article_id, now()),
                )

        self._run(write, None)

    # -- preferences -----------------------------------------------------------------------

    def get_pref(self, key: str, default: str | None = None) -> str | None:
        """A stored preference (theme, summary method, ...), or ``default``."""

        def read(db: sqlite3.Connection) -> str | None:
            row = db.execute("SELECT value FROM prefs WHERE key = ?", (key,)).fetchone()
            return row[0] if row else default

        return self._run(read, default)

    def set_pref(self, key: str, value: str) -> None:
        """Store a preference."""

        def write(db: sqlite3.Connection) -> None:
            with self._transaction(db):
                db.execute("INSERT OR REPLACE INTO prefs (key, value) VALUES (?, ?)", (key, value))

        self._run(write, None)

    # -- pins ------------------------------------------------------------------------------

    def pins(self, corpus: str) -> list[PinRecord]:
        """The sentences pinned in ``corpus``, oldest pin first."""

        def read(db: sqlite3.Connection) -> list[PinRecord]:
            rows = db.execute(
                "SELECT article, sentence, start, end, text FROM pins WHERE corpus = ?"
                " ORDER BY pinned_at, rowid",
                (corpus,),
            )
            return [PinRecord(str(a), int(i), int(s), int(e), str(t)) for a, i, s, e, t in rows]

        return self._run(read, [])

    def set_pin(self, corpus: str, pin: PinRecord, pinned: bool = True) -> None:
        """Pin (or unpin) one sentence; pins are keyed by article and sentence index."""

        def write(db: sqlite3.Connection) -> None:
            with self._transaction(db):
                if pinned:
                    db.execute(
                        "INSERT OR REPLACE INTO pins"
                        " (corpus, article, sentence, start, end, text, pinned_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (corpus, pin.article_id, pin.index, pin.start, pin.end, pin.text, now()),
                    )
                else:
                    db.execute(
                        "DELETE FROM pins WHERE corpus = ? AND article = ? AND sentence = ?",
                        (corpus, pin.article_id, pin.index),
                    )

        self._run(write, None)

    def clear_pins(self, corpus: str) -> None:
        """Remove every pin of ``corpus``."""

        def write(db: sqlite3.Connection) -> None:
            with self._transaction(db):
                db.execute("DELETE FROM pins WHERE corpus = ?", (corpus,))

        self._run(write, None)
