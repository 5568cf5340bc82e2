"""Where briefing keeps its files, and how a corpus is named in them (one source for all)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "briefing"


def data_dir() -> Path:
    """The user's data folder for briefing (``$BRIEFING_DATA_DIR`` overrides it)."""
    override = os.environ.get("BRIEFING_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user's config folder for briefing (``$BRIEFING_CONFIG_DIR`` overrides it)."""
    override = os.environ.get("BRIEFING_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def corpus_key(path: Path | str | None) -> str:
    """The key that identifies a corpus: its resolved path (``"<memory>"`` when it has none)."""
    if path is None:
        return "<memory>"
    try:
        return str(Path(path).expanduser().resolve())
    except OSError:
        return str(path)
