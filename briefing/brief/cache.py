"""On-disk cache of built briefings, keyed by a hash of the corpus content and options.

Location: ``$BRIEFING_DATA_DIR/cache`` if that variable is set, else
``platformdirs.user_data_dir("briefing")/cache``. Entries are JSON; a corrupt or foreign
entry is ignored (and rebuilt). At most :data:`MAX_ENTRIES` briefings are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from briefing.paths import data_dir

__all__ = ["MAX_ENTRIES", "cache_dir", "content_key", "load", "store"]

MAX_ENTRIES = 32


def cache_dir() -> Path:
    """Where briefings are cached."""
    return data_dir() / "cache"


def content_key(parts: Iterable[object]) -> str:
    """A SHA-256 hex digest of ``parts`` (each serialised as JSON)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode())
        h.update(b"\x00")
    return h.hexdigest()


def load(kind: str, key: str) -> dict[str, Any] | None:
    """The cached JSON object for ``key``, or None (missing, unreadable or from another key)."""
    path = cache_dir() / f"{kind}-{key}.json"
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    value = data.get("value")
    return value if isinstance(value, dict) else None


def store(kind: str, key: str, value: dict[str, Any]) -> None:
    """Write ``value`` for ``key`` atomically; errors (read-only disk, ...) are ignored."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"key": key, "value": value}, fh, ensure_ascii=False)
            os.replace(tmp, folder / f"{kind}-{key}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _prune(folder, kind)
    except OSError:
        return


def _prune(folder: Path, kind: str) -> None:
    entries = sorted(folder.glob(f"{kind}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()
