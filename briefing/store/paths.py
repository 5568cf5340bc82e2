"""Where the store lives, and how a corpus is named in it."""

from __future__ import annotations

from pathlib import Path

from briefing.paths import corpus_key, data_dir

__all__ = ["DB_NAME", "LEGACY_STATE_NAME", "corpus_key", "data_dir", "default_db_path"]

APP_NAME = "briefing"
DB_NAME = "briefing.sqlite3"
"""The store's file name inside the data folder."""
LEGACY_STATE_NAME = "state.sqlite3"
"""The reader's earlier state file; its read marks are imported when the store is created."""


def default_db_path() -> Path:
    """Where the store lives by default: ``<data dir>/briefing.sqlite3``."""
    return data_dir() / DB_NAME
