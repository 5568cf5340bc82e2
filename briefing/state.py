"""Per-user state: read marks, pinned sentences, the last article and preferences (SQLite).

The database lives in the user's data folder (``platformdirs.user_data_dir("briefing")``, or
``$BRIEFING_DATA_DIR``). Each corpus is keyed by its resolved path, so two corpora keep separate
read state. Schema changes go through :data:`_MIGRATIONS` (``PRAGMA user_version``), so later
features can grow the store without losing what users already have.

Every failure (a corrupt file, a read-only folder) becomes a :class:`StateError` with a one-line
message; callers show it as a notice and carry on with :meth:`StateStore.memory`.

Several processes may use one file at once (two readers on the same corpus): the journal is WAL
(readers never block the writer), writes are short ``BEGIN IMMEDIATE`` transactions and a busy
timeout makes a second writer wait instead of failing. A process killed mid-transaction leaves
the file as it was before that transaction.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from briefing.errors import BriefingError
from briefing.paths import config_dir as config_dir  # re-exported for the reader
from briefing.paths import corpus_key as corpus_key  # re-exported for the reader
from briefing.paths import data_dir

APP_NAME = "briefing"
DB_NAME = "state.sqlite3"
BUSY_TIMEOUT = 2.0
"""Seconds a write waits for another process's write to finish before it fails."""

_T = TypeVar("_T")

_MIGRATIONS: tuple[str, ...] = (
    # 1: read marks, last article per corpus, preferences.
    """
    CREATE TABLE read_state (
        corpus TEXT NOT NULL,
        article TEXT NOT NULL,
        read_at TEXT NOT NULL,
        PRIMARY KEY (corpus, article)
    );
    CREATE TABLE corpus_state (
        corpus TEXT PRIMARY KEY,
        last_article TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE prefs (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2: sentences pinned into the briefing (the span and text tell if the article changed).
    """
    CREATE TABLE pins (
        corpus TEXT NOT NULL,
        article TEXT NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        pinned_at TEXT NOT NULL,
        PRIMARY KEY (corpus, article, sentence)
    );
    """,
)


@dataclass(frozen=True, slots=True)
class PinRecord:
    """A pinned sentence: its index in ``split_sentences(article.text)``, span and text."""

    article_id: str
    index: int
    start: int
    end: int
    text: str


class StateError(BriefingError):
    """The state database cannot be opened, read or written."""


def default_db_path() -> Path:
    """Where the state database lives by default."""
    return data_dir() / DB_NAME


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


class StateStore:
    """Read state, last article and preferences; every method raises only :class:`StateError`."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self._db = connection
        self.path = path
        """The database file, or ``None`` for an in-memory store."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None) -> StateStore:
        """Open (creating if needed) the store at ``path`` or :func:`default_db_path`."""
        db_path = Path(path) if path is not None else default_db_path()
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise StateError(f"cannot open state database {db_path}: {_describe(error)}") from None
        store = cls(connection, db_path)
        try:
            store._tune()
            store._migrate()
        except StateError:
            connection.close()
            raise
        return store

    @classmethod
    def memory(cls) -> StateStore:
        """A store that keeps state for this session only."""
        store = cls(sqlite3.connect(":memory:", isolation_level=None), None)
        store._migrate()
        return store

    def close(self) -> None:
        """Close the database (safe to call twice)."""
        with suppress(sqlite3.Error):
            self._db.close()

    def _where(self) -> str:
        return str(self.path) if self.path is not None else "in-memory state"

    def _guard(self, action: str, work: Callable[[], _T]) -> _T:
        try:
            return work()
        except sqlite3.Error as error:
            raise StateError(f"cannot {action} {self._where()}: {_describe(error)}") from None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: ``BEGIN IMMEDIATE`` takes the write lock up front (waiting up
        to :data:`BUSY_TIMEOUT` for another writer), so it never fails half-way on a lock."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _tune(self) -> None:
        """WAL journal, no fsync per commit: a mark costs microseconds on the UI thread.

        A crash may lose the last few marks, never corrupt the file.
        """

        def tune() -> None:
            self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")

        self._guard("read", tune)

    def _version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        def check(version: int) -> None:
            if version > len(_MIGRATIONS):
                raise StateError(
                    f"{self._where()} was written by a newer briefing (schema {version})"
                )

        def migrate() -> None:
            check(self._version())
            if self._version() == len(_MIGRATIONS):
                return
            with self._transaction() as db:
                version = self._version()  # another process may have migrated meanwhile
                check(version)
                for number, script in enumerate(_MIGRATIONS[version:], start=version + 1):
                    for statement in script.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {number}")

        self._guard("read", migrate)

    # -- read state ------------------------------------------------------------------------

    def read_ids(self, corpus: str) -> set[str]:
        """Ids of the articles marked read in ``corpus``."""
        rows = self._guard(
            "read",
            lambda: self._db.execute(
                "SELECT article FROM read_state WHERE corpus = ?", (corpus,)
            ).fetchall(),
        )
        return {row[0] for row in rows}

    def set_read(self, corpus: str, article_id: str, read: bool = True) -> None:
        """Mark one article read or unread."""

        def write() -> None:
            with self._transaction() as db:
                if read:
                    db.execute(
                        "INSERT OR REPLACE INTO read_state (corpus, article, read_at)"
                        " VALUES (?, ?, ?)",
                        (corpus, article_id, _now()),
                    )
                else:
                    db.execute(
                        "DELETE FROM read_state WHERE corpus = ? AND article = ?",
                        (corpus, article_id),
                    )

        self._guard("write", write)

    # -- last article ----------------------------------------------------------------------

    def last_article(self, corpus: str) -> str | None:
        """The article last opened in ``corpus``, if any."""
        row = self._guard(
            "read",
            lambda: self._db.execute(
                "SELECT last_article FROM corpus_state WHERE corpus = ?", (corpus,)
            ).fetchone(),
        )
        return row[0] if row else None

    def set_last_article(self, corpus: str, article_id: str) -> None:
        """Remember the article last opened in ``corpus``."""

        def write() -> None:
            with self._transaction() as db:
                db.execute(
                    "INSERT INTO corpus_state (corpus, last_article, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT(corpus) DO UPDATE SET last_article = excluded.last_article,"
                    " updated_at = excluded.updated_at",
                    (corpus, article_id, _now()),
                )

        self._guard("write", write)

    # -- pinned sentences ------------------------------------------------------------------

    def pins(self, corpus: str) -> list[PinRecord]:
        """The sentences pinned in ``corpus``, oldest pin first."""
        rows = self._guard(
            "read",
            lambda: self._db.execute(
                "SELECT article, sentence, start, end, text FROM pins WHERE corpus = ?"
                " ORDER BY pinned_at, rowid",
                (corpus,),
            ).fetchall(),
        )
        return [PinRecord(str(a), int(i), int(s), int(e), str(t)) for a, i, s, e, t in rows]

    def set_pin(self, corpus: str, pin: PinRecord, pinned: bool = True) -> None:
        """Pin (or unpin) one sentence; pins are keyed by article and sentence index."""

        def write() -> None:
            with self._transaction() as db:
                if pinned:
                    db.execute(
                        "INSERT OR REPLACE INTO pins"
                        " (corpus, article, sentence, start, end, text, pinned_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (corpus, pin.article_id, pin.index, pin.start, pin.end, pin.text, _now()),
                    )
                else:
                    db.execute(
                        "DELETE FROM pins WHERE corpus = ? AND article = ? AND sentence = ?",
                        (corpus, pin.article_id, pin.index),
                    )

        self._guard("write", write)

    # -- preferences -----------------------------------------------------------------------

    def get_pref(self, key: str, default: str | None = None) -> str | None:
        """A stored preference (theme, summary method, ...), or ``default``."""
        row = self._guard(
            "read",
            lambda: self._db.execute("SELECT value FROM prefs WHERE key = ?", (key,)).fetchone(),
        )
        return row[0] if row else default

    def set_pref(self, key: str, value: str) -> None:
        """Store a preference."""

        def write() -> None:
            with self._transaction() as db:
                db.execute("INSERT OR REPLACE INTO prefs (key, value) VALUES (?, ?)", (key, value))

        self._guard("write", write)


def open_store(path: Path | str | None = None) -> tuple[StateStore, str | None]:
    """Open the store, or fall back to memory; returns ``(store, problem or None)``."""
    try:
        return StateStore.open(path), None
    except StateError as error:
        return StateStore.memory(), f"{error}; read state will not be saved this session"
