"""The :class:`Store`: one SQLite database per user for state, cache, index and snapshots."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from briefing.store import cache
from briefing.store.cache import AnalysisCache
from briefing.store.db import ProblemFn
from briefing.store.schema import CACHE_TABLES, SCHEMA_VERSION
from briefing.store.search import SearchIndex
from briefing.store.snapshot import Snapshots
from briefing.store.userstate import UserState


@dataclass(slots=True)
class StoreInfo:
    """What ``briefing cache info`` shows."""

    path: str | None
    size_bytes: int
    schema_version: int | None
    degraded: bool
    problem: str | None
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "path": self.path,
            "size_bytes": self.size_bytes,
            "schema_version": self.schema_version,
            "degraded": self.degraded,
            "problem": self.problem,
            "counts": dict(self.counts),
        }


class Store(UserState, AnalysisCache, SearchIndex, Snapshots):
    """Read state and pins, the analysis cache, the search index and corpus snapshots.

    Open with :meth:`Store.open` (never raises for database trouble: see ``problem`` and
    ``degraded``) or :meth:`Store.memory`. Thread-safe (one connection behind a lock).
    """

    def info(self) -> StoreInfo:
        """Location, size, schema version and row counts."""
        engine = cache.engine_version()

        def read(db: sqlite3.Connection) -> dict[str, int]:
            def one(sql: str, *args: object) -> int:
                return int(db.execute(sql, args).fetchone()[0])

            return {
                "analysis_rows": one("SELECT count(*) FROM analysis WHERE engine = ?", engine),
                "stale_analysis_rows": one(
                    "SELECT count(*) FROM analysis WHERE engine != ?", engine
                ),
                "analysed_articles": one(
                    "SELECT count(DISTINCT hash) FROM analysis WHERE engine = ?", engine
                ),
                "indexed_articles": one("SELECT count(*) FROM search_docs"),
                "indexed_corpora": one("SELECT count(DISTINCT corpus) FROM search_docs"),
                "snapshots": one("SELECT count(*) FROM corpus_snapshots"),
                "read_marks": one("SELECT count(*) FROM read_state"),
                "pins": one("SELECT count(*) FROM pins"),
                "corpora_with_state": one(
                    "SELECT count(*) FROM (SELECT corpus FROM read_state UNION"
                    " SELECT corpus FROM corpus_state UNION SELECT corpus FROM pins)"
                ),
                "prefs": one("SELECT count(*) FROM prefs"),
            }

        counts = self._run(read, {})
        return StoreInfo(
            path=str(self.path) if self.path is not None else None,
            size_bytes=self.size_bytes(),
            schema_version=self.schema_version(),
            degraded=self.degraded,
            problem=self.problem,
            counts=counts,
        )

    def clear_cache(self) -> bool:
        """Empty the analysis cache, the search index and the snapshots; keep user state.

        The file is compacted afterwards. Returns False if the database could not be changed.
        """

        def write(db: sqlite3.Connection) -> bool:
            with self._transaction(db):
                for table in CACHE_TABLES:
                    db.execute(f"DELETE FROM {table}")
            return True

        done = self._run(write, False)
        if done and self.path is not None and not self.degraded:
            self.compact()
        return done and not self.degraded

    def compact(self) -> bool:
        """Give free pages back to the file system (skipped while another program reads)."""
        with self._lock:
            if self._db is None:
                return False
            try:
                self._db.execute("VACUUM")
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                return True
            except sqlite3.Error:
                return False


def open_store(
    path: Path | str | None = None, *, on_problem: ProblemFn | None = None
) -> tuple[Store, str | None]:
    """Open the store (degraded to memory on trouble); returns ``(store, problem or None)``.

    The same shape as ``open_store`` of the reader's former state module.
    """
    store = Store.open(path, on_problem=on_problem)
    return store, store.problem


__all__ = ["SCHEMA_VERSION", "Store", "StoreInfo", "open_store"]
