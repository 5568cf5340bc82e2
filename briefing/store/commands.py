"""``briefing cache info|clear`` and ``briefing search`` (called from :mod:`briefing.cli`)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

from briefing.errors import BriefingError
from briefing.store.api import Store
from briefing.store.cache import engine_version
from briefing.store.paths import corpus_key
from briefing.store.schema import SCHEMA_VERSION
from briefing.store.search import Span

_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def warn(message: str) -> None:
    """Print a store problem as one warning line on standard error (control characters out)."""
    from briefing.cleaning import strip_control

    print(f"briefing: warning: {' '.join(strip_control(message).split())}", file=sys.stderr)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    for unit in ("KB", "MB", "GB"):
        n /= 1024  # type: ignore[assignment]
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}"
    return f"{n} B"  # pragma: no cover


def _briefing_files() -> list[Path]:
    """Cached combined briefings (JSON files of :mod:`briefing.brief.cache`)."""
    from briefing.brief.cache import cache_dir

    try:
        return sorted(cache_dir().glob("briefing-*.json"))
    except OSError:
        return []


def _files_size(files: list[Path]) -> int:
    total = 0
    for file in files:
        with contextlib.suppress(OSError):
            total += file.stat().st_size
    return total


# --- cache --------------------------------------------------------------------------------


def run_cache(args: argparse.Namespace) -> int:
    """``briefing cache info [--json]`` / ``briefing cache clear [--yes]``."""
    if args.cache_command == "clear":
        return _cache_clear(args)
    return _cache_info(args)


def _cache_info(args: argparse.Namespace) -> int:
    store = Store.open()
    try:
        info = store.info()
    finally:
        store.close()
    briefings = _briefing_files()
    doc = info.to_dict()
    doc["engine"] = engine_version()
    doc["supported_schema_version"] = SCHEMA_VERSION
    doc["briefing_cache"] = {"files": len(briefings), "size_bytes": _files_size(briefings)}
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    c = info.counts
    print(f"database      {info.path or '(memory)'}")
    if info.problem:
        print(f"status        not usable: {info.problem}")
    print(f"size          {_size(info.size_bytes)}")
    print(f"schema        {info.schema_version} (this briefing writes {SCHEMA_VERSION})")
    print(f"engine        {doc['engine']}")
    if c:
        print(
            f"analysis      {c['analysis_rows']:,} results for {c['analysed_articles']:,} "
            f"articles ({c['stale_analysis_rows']:,} from other versions)"
        )
        print(
            f"search index  {c['indexed_articles']:,} articles in {c['indexed_corpora']:,} corpora"
        )
        print(f"snapshots     {c['snapshots']:,} loaded corpora")
        print(
            f"your state    {c['read_marks']:,} read marks, {c['pins']:,} pins in "
            f"{c['corpora_with_state']:,} corpora; {c['prefs']:,} preferences (kept by clear)"
        )
    print(
        f"briefings     {len(briefings):,} cached briefings "
        f"({_size(doc['briefing_cache']['size_bytes'])})"
    )
    return 0


def _confirm(path: str) -> bool:
    if not sys.stdin.isatty():
        raise BriefingError("cache clear: add --yes to confirm (there is no terminal to ask)")
    answer = input(
        f"Clear the analysis cache, search index and snapshots in {path}? "
        "Read marks, pins and preferences are kept. [y/N] "
    )
    return answer.strip().lower() in ("y", "yes")


def _cache_clear(args: argparse.Namespace) -> int:
    store = Store.open()
    try:
        if store.degraded:
            raise BriefingError(f"cannot clear the cache: {store.problem}")
        path = str(store.path)
        if not args.yes and not _confirm(path):
            print("nothing cleared", file=sys.stderr)
            return 1
        before = store.size_bytes()
        if not store.clear_cache():
            raise BriefingError(f"cannot clear the cache: {store.problem or path}")
        after = store.size_bytes()
    finally:
        store.close()
    briefings = _briefing_files()
    freed_files = _files_size(briefings)
    removed = 0
    for file in briefings:
        try:
            file.unlink()
            removed += 1
        except OSError:
            pass
    freed = max(0, before - after) + freed_files
    print(f"cleared {path} and {removed} cached briefings; freed {_size(freed)}")
    return 0


# --- search -------------------------------------------------------------------------------


def _marked(text: str, spans: tuple[Span, ...], color: bool) -> str:
    if not color or not spans:
        return text
    out, pos = [], 0
    for start, end in spans:
        out += [text[pos:start], _BOLD, text[start:end], _RESET]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def run_search(args: argparse.Namespace) -> int:
    """``briefing search QUERY... [--corpus C] [--json] [--limit N]``."""
    from briefing.store.search import build_query
    from briefing.store.snapshot import load_corpus_cached

    query = " ".join(args.query).strip()
    if build_query(query) is None:
        raise BriefingError("search: give one or more words to search for")
    if args.limit < 1:
        raise BriefingError("--limit must be 1 or more")
    store = Store.open(on_problem=warn)  # reports an open problem once, itself
    try:
        corpus = load_corpus_cached(args.corpus, store)
        tty = sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            if tty and total >= 200:
                print(f"\rindexing {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

        report = store.index_corpus(corpus, progress=progress)
        if tty and report.changed >= 200:
            print(file=sys.stderr)
        hits = store.search(corpus_key(corpus.path), query, limit=args.limit)
    finally:
        store.close()
    if args.json:
        print(json.dumps([hit.to_dict() for hit in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print(f"no results for {query!r} in {corpus.path}", file=sys.stderr)
        return 0
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    for rank, hit in enumerate(hits, start=1):
        title = _marked(hit.title, hit.title_highlights, color)
        print(f"{rank:>2}. {hit.article_id}  {title}")
        print(f"    {_marked(hit.snippet, hit.highlights, color)}")
    return 0
