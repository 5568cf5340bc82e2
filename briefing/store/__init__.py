"""One SQLite database per user: read state and pins, the analysis cache, full-text search.

The database is ``<data dir>/briefing.sqlite3`` (``platformdirs.user_data_dir("briefing")``,
overridden by ``$BRIEFING_DATA_DIR`` or ``briefing --data-dir``). See ``docs/store.md``.

- :class:`Store` -- open with :meth:`Store.open`; never raises for database trouble (it works
  in memory and reports one line in ``problem``);
- :func:`content_hash`, :func:`engine_version` -- the analysis cache's keys;
- :func:`load_corpus_cached` -- ``load_corpus`` from a snapshot when nothing changed;
- :func:`briefing.store.analysis.analyze_corpus` -- batch analysis in worker processes.
"""

from __future__ import annotations

from briefing.store.api import Store, StoreInfo, open_store
from briefing.store.cache import (
    content_hash,
    content_hashes,
    engine_version,
    mentions_kind,
    sentences_kind,
    specs_key,
    summary_kind,
)
from briefing.store.paths import DB_NAME, corpus_key, data_dir, default_db_path
from briefing.store.schema import SCHEMA_VERSION
from briefing.store.search import IndexReport, SearchHit, build_query
from briefing.store.snapshot import CompactOffsets, load_corpus_cached
from briefing.store.userstate import PinRecord

__all__ = [
    "DB_NAME",
    "SCHEMA_VERSION",
    "CompactOffsets",
    "IndexReport",
    "PinRecord",
    "SearchHit",
    "Store",
    "StoreInfo",
    "build_query",
    "content_hash",
    "content_hashes",
    "corpus_key",
    "data_dir",
    "default_db_path",
    "engine_version",
    "load_corpus_cached",
    "mentions_kind",
    "open_store",
    "sentences_kind",
    "specs_key",
    "summary_kind",
]
