"""The store's schema: ordered migrations, applied in one transaction each (``user_version``).

Versions 1 and 2 are exactly the schema of the reader's ``state.sqlite3`` (written by the
former ``briefing.state`` module), so such a file upgrades in place. Never edit a released
migration: append a new one.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing, suppress
from pathlib import Path

MIGRATIONS: tuple[str, ...] = (
    # 1: read marks, last article per corpus, preferences (as the old state.sqlite3 has them).
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
    # 2: sentences pinned into the briefing (as the old state.sqlite3 has them).
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
    # 3: the analysis cache, the full-text index, loaded-corpus snapshots.
    """
    CREATE TABLE analysis (
        hash TEXT NOT NULL,
        kind TEXT NOT NULL,
        engine TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (hash, kind, engine)
    ) WITHOUT ROWID;
    CREATE TABLE search_docs (
        id INTEGER PRIMARY KEY,
        corpus TEXT NOT NULL,
        article TEXT NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (corpus, article)
    );
    CREATE VIRTUAL TABLE search_fts USING fts5(
        scope, title, body,
        tokenize = 'porter unicode61 remove_diacritics 2',
        prefix = '2 3'
    );
    INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(0.0, 4.0, 1.0)');
    CREATE TABLE corpus_snapshots (
        corpus TEXT PRIMARY KEY,
        stamp TEXT NOT NULL,
        files TEXT NOT NULL,
        data BLOB NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this briefing writes."""

USER_TABLES = ("read_state", "corpus_state", "prefs", "pins")
"""Tables holding the user's own state (kept by ``cache clear``, rescued in degraded mode)."""
CACHE_TABLES = ("analysis", "search_docs", "search_fts", "corpus_snapshots")
"""Tables that can be rebuilt from the corpora (emptied by ``cache clear``)."""


class NewerSchemaError(Exception):
    """The database was written by a newer briefing."""

    def __init__(self, version: int) -> None:
        super().__init__(f"was written by a newer briefing (schema {version})")
        self.version = version


def schema_version(db: sqlite3.Connection) -> int:
    """The database's ``user_version``."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection) -> int:
    """Bring ``db`` (autocommit mode) up to :data:`SCHEMA_VERSION`; returns the old version.

    Raises :class:`NewerSchemaError` for a newer schema and ``sqlite3.Error`` on failure.
    """
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(version)
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(db) >= number:  # another process migrated meanwhile
                db.execute("ROLLBACK")
                continue
            for statement in _statements(script):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
            db.execute("COMMIT")
        except BaseException:
            with suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
    return version


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (none of ours has ';' inside a literal)."""
    return [part.strip() for part in script.split(";") if part.strip()]


def _read_table(
    source: sqlite3.Connection, target: sqlite3.Connection, table: str
) -> tuple[str, list[tuple]]:
    """The insert statement and the rows of one user table of ``source`` (shared columns)."""
    columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
    wanted = [row[1] for row in target.execute(f"PRAGMA table_info({table})")]
    shared = [name for name in columns if name in wanted]
    if not shared:
        return "", []
    names = ", ".join(shared)
    rows = source.execute(f"SELECT {names} FROM {table}").fetchall()
    marks = ", ".join("?" for _ in shared)
    return f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({marks})", rows


def copy_user_state(source: sqlite3.Connection, target: sqlite3.Connection) -> int:
    """Copy the user's tables (those that exist in ``source``) into ``target``; rows copied.

    Best effort, one transaction per table: a table that cannot be read is skipped.
    ``target`` must be migrated.
    """
    copied = 0
    for table in USER_TABLES:
        try:
            insert, rows = _read_table(source, target, table)
            if not rows:
                continue
            target.execute("BEGIN")
            target.executemany(insert, rows)
            target.execute("COMMIT")
            copied += len(rows)
        except sqlite3.Error:
            with suppress(sqlite3.Error):
                target.execute("ROLLBACK")
    return copied


def has_user_state(db: sqlite3.Connection) -> bool:
    """True if any of the user's tables holds a row."""
    return any(db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in USER_TABLES)


def open_read_only(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to ``path`` that can run a query, or ``None``.

    Tries a normal read-only open, then ``immutable`` (for a WAL file in a read-only folder).
    """
    if not path.is_file():
        return None
    uri = path.resolve().as_uri()
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            db = sqlite3.connect(f"{uri}?{options}", uri=True, isolation_level=None)
        except sqlite3.Error:
            continue
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.Error:
            db.close()
    return None


def import_legacy_state(target: sqlite3.Connection, legacy: Path) -> int:
    """Copy read marks, pins, last articles and preferences from the reader's old state file.

    Only into a store holding no user state yet, in one transaction: a process killed
    meanwhile imports nothing, and the next open imports again. A table of ``legacy`` that
    cannot be read is skipped; an error writing ``target`` (autocommit mode) is raised.
    """
    if has_user_state(target):
        return 0
    source = open_read_only(legacy)
    if source is None:
        return 0
    tables = []
    with closing(source):
        for table in USER_TABLES:
            try:
                tables.append(_read_table(source, target, table))
            except sqlite3.Error:  # a table missing or unreadable in the old file
                continue
    target.execute("BEGIN IMMEDIATE")
    try:
        if has_user_state(target):  # another process imported (or wrote) meanwhile
            target.execute("ROLLBACK")
            return 0
        for insert, rows in tables:
            if rows:
                target.executemany(insert, rows)
        target.execute("COMMIT")
    except BaseException:
        with suppress(sqlite3.Error):
            target.execute("ROLLBACK")
        raise
    return sum(len(rows) for _insert, rows in tables)
