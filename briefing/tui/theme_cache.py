"""A JSON cache of parsed theme files, so a start with no changed theme parses no YAML.

``<data dir>/themes-cache.json`` holds a *key* and one *outcome* per theme file (a theme's
fields or its one-line error, as plain JSON values). The key is the cache format version, the
stat stamps of the code that shapes a theme, and each theme folder with the name and stamp of
every theme file in it, so an edited, added, removed or replaced file (or an upgrade of that
code) no longer matches and the files are parsed again.

A stamp is ``[st_mtime_ns, st_ctime_ns, st_size, st_ino, st_mode]`` (symlinks followed). A
file whose modification time is less than :data:`RACY_NS` old is not trusted to a stamp (a
second edit within the file system's timestamp granularity would keep it), so that start
writes no cache.

The cache only ever saves time: a missing, corrupt, stale or unwritable cache is ignored
silently and the files are parsed as usual.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from briefing.paths import data_dir

CACHE_NAME = "themes-cache.json"
FORMAT = 1
"""Bump when the cache layout or what a theme's fields mean changes."""
RACY_NS = 2_000_000_000
"""Files modified this recently (ns) are not cached: their stamp may not yet show an edit."""
MAX_BYTES = 4_000_000
"""A larger cache file is not read (nor written): no one has that many themes."""

Stamp = list[int]
Key = dict[str, Any]
Outcome = dict[str, Any]
"""``{"theme": {Theme keyword arguments}}`` or ``{"error": "one line"}``."""


def cache_path() -> Path:
    """Where the cache lives (in :func:`briefing.paths.data_dir`)."""
    return data_dir() / CACHE_NAME


def _stamp(st: os.stat_result) -> Stamp:
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino, st.st_mode]


def stamp(path: str | os.PathLike[str]) -> Stamp:
    """The stamp of one file (raises :class:`OSError`)."""
    return _stamp(os.stat(path))


def scan(folder: Path) -> list[tuple[str, Stamp]]:
    """``(name, stamp)`` of each ``*.yaml``/``*.yml`` file in ``folder``, by name.

    A folder that is not there gives ``[]``; one that cannot be listed raises :class:`OSError`.
    """
    if not folder.is_dir():
        return []
    found: list[tuple[str, Stamp]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                found.append((entry.name, _stamp(entry.stat())))
    found.sort(key=lambda item: item[0])
    return found


def make_key(code: list[Stamp], folders: list[tuple[Path, list[tuple[str, Stamp]]]]) -> Key:
    """The key a cache must carry to be used (JSON values only, so it compares after loading)."""
    return {
        "format": FORMAT,
        "code": code,
        "folders": [
            [str(folder), [[name, *file_stamp] for name, file_stamp in files]]
            for folder, files in folders
        ],
    }


def read(key: Key, path: Path | None = None) -> list[Outcome] | None:
    """The cached outcomes if the cache at ``path`` carries ``key``, else ``None``."""
    try:
        with open(path or cache_path(), "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        data = json.loads(raw) if len(raw) <= MAX_BYTES else None
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    outcomes = data.get("outcomes")
    return outcomes if isinstance(outcomes, list) else None


def is_racy(key: Key, now_ns: int | None = None) -> bool:
    """Whether a file in ``key`` changed too recently for its stamp to be trusted."""
    limit = (time.time_ns() if now_ns is None else now_ns) - RACY_NS
    stamps = list(key["code"])
    stamps += [entry[1:] for _folder, files in key["folders"] for entry in files]
    return any(file_stamp[0] > limit for file_stamp in stamps)


def write(key: Key, outcomes: list[Outcome], path: Path | None = None) -> bool:
    """Save ``outcomes`` under ``key`` atomically; ``False`` (and nothing said) if it cannot."""
    if is_racy(key):
        return False
    from briefing.atomic import atomic_write  # only a start that parsed files writes

    target = path or cache_path()
    try:
        data = json.dumps({"key": key, "outcomes": outcomes}).encode("utf-8")
        if len(data) > MAX_BYTES:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data)
    except (OSError, ValueError, TypeError):
        return False
    return True
