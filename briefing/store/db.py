"""The store's connection: opening, tuning, migrating, and degrading instead of failing.

Every operation goes through :meth:`StoreBase._run`. When the database is corrupt, read-only,
unreadable, on a full disk, failing with I/O errors or written by a newer briefing, the store
reports one line (``problem``, and the ``on_problem`` callback) and carries on with an
in-memory database, into which the user's own state (read marks, pins, last articles,
preferences) is copied when the file can still be read. A database locked by another program
for longer than the busy timeout, or a change the database refuses (a constraint, a value
SQLite cannot store), skips that one operation and reports it once. Callers never see a
database exception; the user's file is never deleted or overwritten.

Every write is one ``BEGIN IMMEDIATE`` transaction in WAL mode, so a process killed at any
moment leaves every committed transaction and nothing of the one under way.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from briefing.store.paths import LEGACY_STATE_NAME, default_db_path
from briefing.store.schema import (
    NewerSchemaError,
    copy_user_state,
    import_legacy_state,
    migrate,
    open_read_only,
    schema_version,
)

_T = TypeVar("_T")
ProblemFn = Callable[[str], None]

BUSY_TIMEOUT = 2.0
"""Seconds to wait for another program's write lock before giving up on one operation."""
_KEEP = "read marks and the cache are kept for this session only"
_OPEN_RETRY = 0.02
"""Seconds between attempts to open a file another process holds locked."""


def now() -> str:
    """The current UTC time as ISO text (seconds)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def describe(error: BaseException) -> str:
    """The first line of an error's message."""
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def reason(error: BaseException) -> str:
    """What went wrong with the database file, in a few words."""
    if isinstance(error, NewerSchemaError):
        return str(error)
    text = describe(error)
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return f"is not a usable database ({text})"
    if "readonly" in lowered or "read-only" in lowered:
        return "is read-only"
    if "locked" in lowered or "busy" in lowered:
        return "is locked by another program"
    if "disk is full" in lowered:  # SQLITE_FULL: ENOSPC, or a quota
        return "cannot be written: the disk is full"
    if "disk i/o error" in lowered:  # SQLITE_IOERR: a failing disk, a file size limit, ...
        return "cannot be written (disk I/O error)"
    if "unable to open" in lowered:
        return f"cannot be opened ({text})"
    return f"failed ({text})"


def is_locked(error: BaseException) -> bool:
    """True for a lock held by another connection (a passing condition)."""
    lowered = describe(error).lower()
    return "locked" in lowered or "busy" in lowered


def is_refused_change(error: BaseException) -> bool:
    """True for a change the database refused, not a fault of the file.

    A constraint violation (e.g. two processes adding the same row at once), or a value
    SQLite cannot store (a string with lone surrogates, an integer over 64 bits).
    """
    return isinstance(error, (sqlite3.IntegrityError, UnicodeEncodeError, OverflowError))


def _tune(db: sqlite3.Connection, timeout: float) -> None:
    db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # e.g. a read-only file: WAL needs write access
        raise sqlite3.OperationalError("attempt to write a readonly database")
    db.execute("PRAGMA synchronous = NORMAL")  # WAL: a crash may lose the last commits only
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute("PRAGMA cache_size = -16000")  # 16 MB page cache


def _memory_db() -> sqlite3.Connection | None:
    try:
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migrate(db)
        return db
    except sqlite3.Error:  # pragma: no cover - only without FTS5 in the sqlite3 module
        return None


class StoreBase:
    """One SQLite connection, guarded by a lock; see the module doc for failure handling."""

    def __init__(
        self,
        connection: sqlite3.Connection | None,
        path: Path | None,
        *,
        on_problem: ProblemFn | None = None,
    ) -> None:
        self._db = connection
        self._lock = threading.RLock()
        self.path = path
        """The database file (also when degraded), or ``None`` for a memory-only store."""
        self.degraded = False
        """True once the store works in memory only (its file is unusable)."""
        self.problem: str | None = None
        """The last problem reported (one line), or ``None``."""
        self.on_problem = on_problem
        """Called with each new one-line problem (the reader shows it as a notice)."""
        self._reported: set[str] = set()

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        on_problem: ProblemFn | None = None,
        timeout: float = BUSY_TIMEOUT,
    ):  # -> Self (3.10 has no typing.Self)
        """Open (creating and migrating) the store at ``path`` or :func:`default_db_path`.

        Never raises for database trouble: the store is then degraded, with ``problem`` set.
        """
        db_path = Path(path).expanduser() if path is not None else default_db_path()
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            store = cls._degraded_store(db_path, on_problem)
            store._report(
                f"cannot create the data folder {db_path.parent} "
                f"({error.strerror or error}); {_KEEP}"
            )
            return store
        legacy = db_path.parent / LEGACY_STATE_NAME
        deadline = time.monotonic() + timeout
        while True:
            connection: sqlite3.Connection | None = None
            try:
                connection = sqlite3.connect(
                    db_path, timeout=timeout, isolation_level=None, check_same_thread=False
                )
                _tune(connection, timeout)
                migrate(connection)
                if legacy.is_file():  # imported into a store without user state only
                    import_legacy_state(connection, legacy)
                return cls(connection, db_path, on_problem=on_problem)
            except (sqlite3.Error, NewerSchemaError) as error:
                if connection is not None:
                    with suppress(sqlite3.Error):
                        connection.close()
                # Switching a new file to WAL does not wait for the busy timeout: another
                # process creating the same file at this moment makes it fail at once.
                if is_locked(error) and time.monotonic() < deadline:
                    time.sleep(_OPEN_RETRY)
                    continue
                rescue = not isinstance(error, NewerSchemaError)
                store = cls._degraded_store(db_path, on_problem, rescue=rescue)
                store._report(f"{db_path} {reason(error)}; {_KEEP}")
                return store

    @classmethod
    def memory(cls, *, on_problem: ProblemFn | None = None):
        """A store that keeps everything in memory for this session."""
        return cls(_memory_db(), None, on_problem=on_problem)

    @classmethod
    def _degraded_store(cls, db_path: Path, on_problem: ProblemFn | None, *, rescue: bool = True):
        store = cls(_memory_db(), db_path, on_problem=on_problem)
        store.degraded = True
        if rescue and store._db is not None:
            for source_path in (db_path, db_path.parent / LEGACY_STATE_NAME):
                source = open_read_only(source_path)
                if source is None:
                    continue
                with closing(source):
                    copied = copy_user_state(source, store._db)
                if copied:  # else: the store was new (or empty); try the old state file
                    break
        return store

    def close(self) -> None:
        """Close the database (safe to call twice)."""
        with self._lock:
            if self._db is not None:
                with suppress(sqlite3.Error):
                    self._db.close()
                self._db = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- running operations ----------------------------------------------------------------

    def _report(self, message: str) -> None:
        self.problem = message
        if message in self._reported:
            return
        self._reported.add(message)
        if self.on_problem is not None:
            with suppress(Exception):
                self.on_problem(message)

    def _where(self) -> str:
        return str(self.path) if self.path is not None else "the in-memory store"

    def _degrade(self, error: BaseException) -> None:
        """Switch to memory, keeping the user's state if the file can still be read."""
        old = self._db
        memory = _memory_db()
        if old is not None and memory is not None:
            copy_user_state(old, memory)
        if old is not None:
            with suppress(sqlite3.Error):
                old.close()
        self._db = memory
        self.degraded = True
        self._report(f"{self._where()} {reason(error)}; {_KEEP}")

    def _run(self, work: Callable[[sqlite3.Connection], _T], fallback: _T) -> _T:
        """Run ``work`` on the connection; on database trouble degrade (or skip) and report."""
        with self._lock:
            if self._db is None:
                return fallback
            try:
                return work(self._db)
            except (sqlite3.Error, UnicodeEncodeError, OverflowError) as error:
                self._rollback()
                if is_refused_change(error):  # the file is fine: skip this one change
                    self._report(f"{self._where()}: a change was not saved ({describe(error)})")
                    return fallback
                if is_locked(error):
                    self._report(f"{self._where()} {reason(error)}; a change was not saved")
                    return fallback
                if self.degraded:  # already in memory: nothing more to fall back to
                    return fallback
                self._degrade(error)
                if self._db is None:
                    return fallback  # pragma: no cover - no usable sqlite3 at all
                try:
                    return work(self._db)
                except (sqlite3.Error, UnicodeEncodeError, OverflowError):
                    self._rollback()
                    return fallback

    def _rollback(self) -> None:
        if self._db is not None and self._db.in_transaction:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

    @staticmethod
    @contextmanager
    def _transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error."""
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                with suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            raise

    # -- facts -----------------------------------------------------------------------------

    def schema_version(self) -> int | None:
        """The schema version of the open database (``None`` if unreadable)."""
        return self._run(schema_version, None)

    def size_bytes(self) -> int:
        """Bytes on disk: the database file and its WAL (0 in memory)."""
        if self.path is None or self.degraded:
            return 0
        total = 0
        for suffix in ("", "-wal"):
            with suppress(OSError):
                total += Path(f"{self.path}{suffix}").stat().st_size
        return total
