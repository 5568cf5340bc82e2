"""Loaded-corpus snapshots: reopen a corpus without parsing and cleaning it again.

:func:`load_corpus_cached` returns what :func:`briefing.corpus.load_corpus` would, taking it
from the store when nothing changed since it was saved: the same corpus.yaml (path,
modification time, size, inode), the same article files (each one's time, size and inode),
the same loader code (:func:`loader_version`) and limits. Anything else loads afresh (and
errors are reported exactly as by ``load_corpus``, since that is what runs). Every corpus
is snapshotted, however small: reading a snapshot needs neither PyYAML nor the cleaner, which
is what makes a warm ``briefing`` start fast.

A snapshot keeps each article's text-to-raw ``offsets`` as runs
(:class:`briefing.offsets.CompactOffsets`, re-exported here), not as one Python int per
character, so a 10,000-article corpus fits in a few hundred MB.
Snapshots are stored as a pickle of plain values only (strings, numbers, bytes, lists),
read back with an unpickler that refuses every class or function reference.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import stat
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.models import Article, Corpus, EntitySpec, Story
from briefing.offsets import CompactOffsets
from briefing.store.db import StoreBase, now
from briefing.store.paths import corpus_key

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

FORMAT = 1
_FINE_NS = 50_000_000
"""How recent (ns) a file's time stamp may be for a snapshot to rely on it (see _settled)."""
_COARSE_NS = 2_000_000_000
"""The same for a time stamp in whole seconds (FAT keeps even seconds only)."""
_LOADER_SOURCES = ("corpus.py", "limits.py", "cleaning.py", "models.py", "offsets.py")

__all__ = ["CompactOffsets", "Snapshots", "decode_corpus", "encode_corpus", "load_corpus_cached"]


@lru_cache(maxsize=1)
def loader_version() -> str:
    """The package version plus a checksum of the corpus loader's code."""
    import zlib

    import briefing

    checksum = zlib.crc32(str(FORMAT).encode())
    root = Path(briefing.__file__).resolve().parent
    for name in _LOADER_SOURCES:
        try:
            checksum = zlib.crc32(name.encode() + (root / name).read_bytes(), checksum)
        except OSError:
            continue
    return f"{briefing.__version__}+{checksum:08x}"


def _stat(path: Path | str) -> list[int] | None:
    """``[mtime_ns, size, inode]`` of a regular file (``None`` if it is not one)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def _stamp(yaml_stat: list[int]) -> str:
    """What a snapshot depends on besides the files: loader code, limits, environment.

    The limits are all of :func:`briefing.corpus.limits` (so raising, say,
    ``BRIEFING_MAX_ARTICLES`` loads afresh and reports what the new limit says). They are
    taken from :mod:`briefing.limits` until :mod:`briefing.corpus` is imported (the same
    values, without importing the loader); from then on from the loader's own names, which
    are what ``load_corpus`` applies.
    """
    import json

    from briefing import limits as defaults

    source = sys.modules.get("briefing.corpus") or defaults
    bad_env = getattr(source, "_BAD_ENV", None)  # limits set wrongly: load_corpus reports them
    return json.dumps(
        {
            "loader": loader_version(),
            "yaml": yaml_stat,
            "limits": source.limits(),
            "bad_env": sorted(bad_env.items()) if isinstance(bad_env, dict) else None,
        },
        sort_keys=True,
    )


# --- encoding -----------------------------------------------------------------------------


class _PlainUnpickler(pickle.Unpickler):
    """Refuses every global: only plain values can come out."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"snapshot refers to {module}.{name}")


def _date_out(value: dt.date | dt.datetime | None) -> tuple[str, str] | None:
    if value is None:
        return None
    return ("t" if isinstance(value, dt.datetime) else "d", value.isoformat())


def _date_in(value: Any) -> dt.date | dt.datetime | None:
    if value is None:
        return None
    kind, text = value
    return dt.datetime.fromisoformat(text) if kind == "t" else dt.date.fromisoformat(text)


def encode_corpus(corpus: Corpus) -> bytes:
    """A snapshot of ``corpus`` (plain values only)."""
    import json

    articles = []
    for a in corpus.articles:
        offsets = CompactOffsets.from_offsets(a.offsets)
        articles.append(
            (
                a.id,
                a.title,
                a.text,
                None if a.raw_text == a.text else a.raw_text,
                a.outlet,
                a.author,
                _date_out(a.published),
                a.url,
                a.place,
                None if a.path is None else str(a.path),
                *offsets.to_bytes(),
                json.dumps(a.extra, ensure_ascii=False) if a.extra else None,
            )
        )
    entities = [(e.name, e.type, list(e.aliases), e.side) for e in corpus.entities]
    payload = (FORMAT, corpus.story.title, corpus.story.description, entities, articles)
    return pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)


def decode_corpus(data: bytes, path: Path | None) -> Corpus:
    """The corpus in a snapshot (``ValueError`` if it is not a valid one)."""
    import json

    try:
        payload = _PlainUnpickler(io.BytesIO(data)).load()
        version, title, description, entities, rows = payload
        if version != FORMAT:
            raise ValueError("snapshot format")
        articles = []
        for row in rows:
            (ident, atitle, text, raw, outlet, author, published, url, place, apath) = row[:10]
            starts, raws, length, extra = row[10:14]
            articles.append(
                Article(
                    id=ident,
                    title=atitle,
                    text=text,
                    raw_text=text if raw is None else raw,
                    outlet=outlet,
                    author=author,
                    published=_date_in(published),
                    url=url,
                    place=place,
                    path=None if apath is None else Path(apath),
                    offsets=CompactOffsets.from_bytes(starts, raws, length),  # type: ignore[arg-type]
                    extra=json.loads(extra) if extra else {},
                )
            )
        specs = [EntitySpec(n, t, tuple(al), s) for n, t, al, s in entities]
        return Corpus(path=path, story=Story(title, description), articles=articles, entities=specs)
    except (pickle.UnpicklingError, EOFError, TypeError, ValueError, IndexError) as error:
        raise ValueError(f"not a valid snapshot: {error}") from None


# --- store --------------------------------------------------------------------------------


class Snapshots(StoreBase):
    """Snapshot rows of the store."""

    def get_snapshot(self, key: str) -> tuple[str, str, bytes] | None:
        """``(stamp, files, data)`` saved for the corpus with this key, or ``None``."""

        def read(db: sqlite3.Connection) -> tuple[str, str, bytes] | None:
            row = db.execute(
                "SELECT stamp, files, data FROM corpus_snapshots WHERE corpus = ?", (key,)
            ).fetchone()
            return (row[0], row[1], bytes(row[2])) if row else None

        return self._run(read, None)

    def put_snapshot(self, key: str, stamp: str, files: str, data: bytes) -> None:
        """Save (replace) the snapshot of one corpus."""

        def write(db: sqlite3.Connection) -> None:
            with self._transaction(db):
                db.execute(
                    "INSERT OR REPLACE INTO corpus_snapshots (corpus, stamp, files, data,"
                    " created_at) VALUES (?, ?, ?, ?, ?)",
                    (key, stamp, files, data, now()),
                )

        self._run(write, None)

    def drop_snapshot(self, key: str) -> None:
        """Forget the snapshot of one corpus."""

        def write(db: sqlite3.Connection) -> None:
            with self._transaction(db):
                db.execute("DELETE FROM corpus_snapshots WHERE corpus = ?", (key,))

        self._run(write, None)


def load_corpus_cached(path: str | os.PathLike[str] | None = None, store: Any = None) -> Corpus:
    """Like :func:`briefing.corpus.load_corpus`, from a snapshot in ``store`` when still valid.

    ``store`` is a :class:`~briefing.store.Store` (``None``: plain ``load_corpus``). A fresh
    load is saved for next time. Reading a valid snapshot imports neither the loader
    (:mod:`briefing.corpus`, PyYAML) nor the text cleaner.
    """
    from briefing.limits import default_corpus_path

    yaml_path = Path(path) if path is not None else default_corpus_path()
    yaml_stat = _stat(yaml_path)
    if store is None or yaml_stat is None:
        return _load(yaml_path)
    key = corpus_key(yaml_path)
    stamp = _stamp(yaml_stat)
    saved = store.get_snapshot(key)
    if saved is not None and saved[0] == stamp:
        import json

        try:
            files = json.loads(saved[1])
            if all(_stat(name) == seen for name, seen in files):
                return decode_corpus(saved[2], yaml_path)
        except (ValueError, TypeError):
            pass
    started = time.time_ns()
    corpus = _load(yaml_path)
    if store.path is not None and not store.degraded:
        _save(store, key, yaml_path, yaml_stat, corpus, started)
    return corpus


def _load(path: Path) -> Corpus:
    """A fresh load (the loader is imported only now)."""
    from briefing.corpus import load_corpus

    return load_corpus(path)


def _settled(mtime_ns: int, started: int, now_ns: int) -> bool:
    """True if a file with this time stamp cannot change again and keep the stamp.

    It was not written during the load (stamped before ``started``), nor so recently that a
    new write could get the same stamp: file systems stamp files from a clock that may lag a
    few milliseconds, or in whole seconds (FAT: every 2 s), and a same-size change with the
    same stamp and inode would go unnoticed. A stamp in whole seconds is taken to come from
    such a file system.
    """
    grain = _COARSE_NS if mtime_ns % 1_000_000_000 == 0 else _FINE_NS
    return mtime_ns < started and mtime_ns < now_ns - grain


def _save(
    store: Any, key: str, yaml_path: Path, yaml_stat: list[int], corpus: Corpus, started: int
) -> None:
    """Save a snapshot unless a file changed, or may still change unnoticed (see :func:`_settled`).

    A load that is not saved is saved by a later one, once its files have settled.
    """
    import json

    now_ns = time.time_ns()
    if _stat(yaml_path) != yaml_stat or not _settled(yaml_stat[0], started, now_ns):
        return
    files = []
    for article in corpus.articles:
        if article.path is None:
            continue
        seen = _stat(article.path)
        if seen is None or not _settled(seen[0], started, now_ns):
            return
        files.append((str(article.path), seen))
    store.put_snapshot(key, _stamp(yaml_stat), json.dumps(files), encode_corpus(corpus))
