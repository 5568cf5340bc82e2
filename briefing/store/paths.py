"""Where the store lives, and how a corpus is named in it."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "briefing"
DB_NAME = "briefing.sqlite3"
"""The store's file name inside the data folder."""
LEGACY_STATE_NAME = "state.sqlite3"
"""The reader's earlier state file; its read marks are imported when the store is created."""


def data_dir() -> Path:
    """The user's data folder for briefing (``$BRIEFING_DATA_DIR`` overrides it)."""
    override = os.environ.get("BRIEFING_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """Where the store lives by default: ``<data dir>/briefing.sqlite3``."""
    return data_dir() / DB_NAME


def corpus_key(path: Path | str | None) -> str:
    """The key of a corpus in the store: its resolved path (``"<memory>"`` when it has none).

    The same rule as :func:`briefing.state.corpus_key`, so read marks keep their keys.
    """
    if path is None:
        return "<memory>"
    try:
        return str(Path(path).expanduser().resolve())
    except OSError:
        return str(path)
