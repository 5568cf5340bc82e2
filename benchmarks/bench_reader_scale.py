"""The reader at scale: a usable list at once, responsive keys while the corpus is analysed.

For each size (default 1,000 and 10,000 articles) a corpus is generated from the benchmark
documents (``../shared/benchdata`` or ``$BRIEFING_BENCHDATA``; see ``_scale_corpus.py``) and
the reader runs headless under Pilot (120x36), twice, each time in a fresh process:

* cold -- an empty store: the corpus is loaded (parsed, cleaned, snapshotted), then the
  background run indexes it for search, analyses every article in worker processes
  (``$BRIEFING_WORKERS`` or one per CPU) and builds the entity index;
* warm -- the same store: the corpus comes from its snapshot; the background run finds
  everything indexed and analysed and only builds the entity index (from cached mentions).

Reported per run:

* list usable -- from the start of loading (store open, corpus load) until the app's first
  frame with the list is on screen (Textual's Ready);
* event-loop lag -- the largest delay of a 10 ms heartbeat on the UI thread, per background
  stage (how long the UI could not react);
* key latencies while the background run goes on -- ``j`` (cursor moved, article shown,
  frame painted), a search keystroke (from the key until that query's ranked results are in
  the list and painted; includes the 80 ms debounce), ``/`` typed letter by letter;
* entity filter -- enter on the shown article's most widespread name until the filtered
  list is painted (once the entity index is there);
* background time per stage, and the time to quit; then a third run on an empty store quits
  as soon as the analysis is under way: how long until the app has exited, and until its
  worker processes are gone (each finishes the task in hand).

A last table compares analysing a small corpus in-process and in worker processes (the
reader leaves tiny corpora in-process). No timings are asserted; figures are measured.

Usage: python benchmarks/bench_reader_scale.py [--sizes 1000,10000] [--keys 12] [--no-pool]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import REPO, benchdata_dir
from _scale_corpus import DOC_FILES, generate_corpus, load_documents

SEARCH_WORD = "minister"
SIZE = (120, 36)


# --- one run, in its own process -------------------------------------------------------------


async def _paint(app: Any) -> None:
    painted = asyncio.Event()
    app.call_after_refresh(painted.set)
    await painted.wait()


async def _until(condition: Any, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(0.001)
    return True


async def run_reader(corpus_path: str, keys: int) -> dict[str, Any]:
    """Open the reader on ``corpus_path`` with the store in ``$BRIEFING_DATA_DIR``."""
    started = time.perf_counter()
    from textual import events

    from briefing.store import Store, load_corpus_cached
    from briefing.tui.app import make_app
    from briefing.tui.messages import BackgroundDone, BackgroundProgress, SearchIndexReady

    store = Store.open()
    corpus = load_corpus_cached(corpus_path, store)
    loaded = time.perf_counter() - started
    app = make_app(corpus, store=store)
    stages: dict[str, list[float]] = {}
    marks: dict[str, float] = {}
    beats: list[tuple[float, float]] = []

    def hook(message: Any) -> None:
        now = time.perf_counter() - started
        if isinstance(message, BackgroundProgress):
            stage = message.stage
            if message.stage == "entities" and message.total <= 0:
                stage = "names"
            stages.setdefault(stage, [now, now])[1] = now
        elif isinstance(message, SearchIndexReady):
            marks.setdefault("search ready", now)
        elif isinstance(message, BackgroundDone):
            marks.setdefault("background done", now)

    busy: list[tuple[float, float]] = []
    """Intervals (seconds from start) when this script's own keys kept the UI busy."""
    result: dict[str, Any] = {"articles": len(corpus.articles), "load": loaded}
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        reader = app.reader
        listing = reader.query_one("#articles")
        await _paint(app)
        result["list usable"] = time.perf_counter() - started
        result["listed"] = len(listing.article_ids)
        last = [time.perf_counter()]

        def beat() -> None:
            now = time.perf_counter()
            beats.append((now - started, now - last[0]))
            last[0] = now

        app.set_interval(0.01, beat)

        async def press(key: str, character: str | None) -> None:
            app.post_message(events.Key(key, character))

        # j while the background run goes on
        j_times: list[tuple[float, float]] = []
        for _ in range(keys):
            before = reader.current_id
            t = time.perf_counter()
            await press("j", "j")
            await _until(lambda before=before: reader.current_id != before, 10)
            await _paint(app)
            j_times.append((t - started, time.perf_counter() - t))
            busy.append((t - started, time.perf_counter() - started + 0.05))
            await asyncio.sleep(0.25)
        result["j"] = j_times

        # a search typed letter by letter
        await press("slash", "/")
        await _until(lambda: reader.search_box is not None and app.focused is reader.search_box, 5)
        typed = ""
        search_times: list[tuple[float, float, int]] = []
        for letter in SEARCH_WORD:
            typed += letter
            old = reader.search_results
            t = time.perf_counter()
            await press(letter, letter)
            ok = await _until(
                lambda old=old, typed=typed: (
                    reader.search_query == typed and reader.search_results is not old
                ),
                30,
            )
            await _paint(app)
            busy.append((t - started, time.perf_counter() - started + 0.05))
            if ok:
                search_times.append(
                    (t - started, time.perf_counter() - t, len(listing.article_ids))
                )
            await asyncio.sleep(0.15)
        result["search"] = search_times
        result["search used index"] = bool(reader.search_hits)
        await press("escape", "\x1b")
        await pilot.pause(0.2)

        # wait for the background run, then the entity filter
        await _until(lambda: "background done" in marks, 1800)
        await pilot.pause(0.3)
        index = app.analyser.cached_index() or {}
        mentions = index.get(reader.current_id or "", [])
        names = {m.canonical for m in mentions if m.label in ("PERSON", "ORG", "GPE")}
        best = max(names, key=lambda n: len(app.analyser.articles_naming(n) or ()), default=None)
        if best is not None:
            t = time.perf_counter()
            reader._apply_entity_filter(best)
            await _paint(app)
            result["entity filter"] = time.perf_counter() - t
            result["entity filter rows"] = len(listing.article_ids)
            t = time.perf_counter()
            reader.action_clear_filters()
            await _paint(app)
            result["clear filter"] = time.perf_counter() - t
        quit_at = time.perf_counter()
    result["quit"] = time.perf_counter() - quit_at
    # A stage lasts until the next one starts (or the run is done).
    done_at = marks.get("background done", time.perf_counter() - started)
    starts = sorted((begin, stage) for stage, (begin, _end) in stages.items())
    spans = {
        stage: (begin, starts[i + 1][0] if i + 1 < len(starts) else done_at)
        for i, (begin, stage) in enumerate(starts)
    }
    result["stages"] = spans
    result["marks"] = marks

    def quiet(at: float, gap: float) -> bool:
        return not any(b0 < at and at - gap < b1 for b0, b1 in busy)

    lags: dict[str, float] = {}
    for stage, (begin, end) in spans.items():
        inside = [gap for at, gap in beats if begin <= at <= end and quiet(at, gap)]
        if inside:
            lags[stage] = max(inside)
    idle = [gap for at, gap in beats if at > done_at and quiet(at, gap)]
    if idle:
        lags["idle"] = max(idle)
    result["lag"] = lags
    return result


async def quit_mid_analysis(corpus_path: str) -> dict[str, Any]:
    """Open the reader on an empty store, quit once the analysis is under way."""
    import multiprocessing

    from briefing.store import Store, load_corpus_cached
    from briefing.tui.app import make_app

    store = Store.open()
    corpus = load_corpus_cached(corpus_path, store)
    app = make_app(corpus, store=store)
    async with app.run_test(size=SIZE):
        line = app.reader.progress_line
        await _until(lambda: line.stage == "analysing", 1800)
        first = line.done  # articles found cached
        await _until(lambda: line.done > first and multiprocessing.active_children(), 600)
        children = len(multiprocessing.active_children())
        done, total = line.done, line.total
        quit_at = time.perf_counter()
    exited = time.perf_counter() - quit_at
    await _until(lambda: not multiprocessing.active_children(), 60)
    gone = time.perf_counter() - quit_at
    return {"exit": exited, "children gone": gone, "children": children, "at": [done, total]}


# --- small corpora: in-process or worker processes -------------------------------------------


def pool_check(sizes: list[int], docs_folder: Path, work: Path) -> list[tuple[int, float, float]]:
    """Seconds to analyse ``n`` articles in-process vs in worker processes (fresh stores)."""
    from briefing.store import Store, load_corpus_cached
    from briefing.store.analysis import analyze_corpus, default_workers

    docs = load_documents(docs_folder)
    rows = []
    for size in sizes:
        path = generate_corpus(work / f"pool{size}", size, docs)
        times = []
        for workers in (0, default_workers()):
            store = Store.memory()
            corpus = load_corpus_cached(path, store)
            t = time.perf_counter()
            report = analyze_corpus(corpus, store, workers=workers)
            times.append(time.perf_counter() - t)
            assert report.analysed == size
        rows.append((size, times[0], times[1]))
    return rows


# --- driver ------------------------------------------------------------------------------------


def _child(corpus: Path, data: Path, keys: int, call: str | None = None) -> dict[str, Any]:
    env = {
        **os.environ,
        "BRIEFING_DATA_DIR": str(data),
        "BRIEFING_CONFIG_DIR": str(data / "config"),
        "PYTHONPATH": str(REPO),
    }
    code = (
        "import asyncio, json, sys;"
        f"sys.path.insert(0, {str(REPO / 'benchmarks')!r});"
        "from bench_reader_scale import run_reader;"
        "from bench_reader_scale import quit_mid_analysis;"
        f"print('RESULT' + json.dumps(asyncio.run("
        f"{call or f'run_reader({str(corpus)!r}, {keys})'})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith("RESULT"):
            return json.loads(line[len("RESULT") :])
    raise RuntimeError(f"the reader run failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def summary(values: list[float]) -> str:
    if not values:
        return "-"
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"median {ms(statistics.median(values))}, p95 {ms(p95)}, max {ms(values[-1])}"


def report(label: str, result: dict[str, Any]) -> None:
    stages, marks = result["stages"], result["marks"]
    print(f"  {label}:")
    print(
        f"    list usable        {ms(result['list usable'])}"
        f"  (corpus load {ms(result['load'])}; {result['listed']:,} listed)"
    )
    names = {"entities": "reading entities", "names": "unifying names"}
    for stage in ("indexing", "analysing", "entities", "names"):
        if stage in stages:
            begin, end = stages[stage]
            lag = result["lag"].get(stage)
            print(
                f"    {names.get(stage, stage):<18} {ms(end - begin):>10}  (from {begin:.1f} s)"
                + (f"; UI lag max {ms(lag)}" if lag is not None else "")
            )
    if "background done" in marks:
        print(f"    background done    {marks['background done']:.1f} s after start")
    if "idle" in result["lag"]:
        print(f"    UI lag when idle   max {ms(result['lag']['idle'])}")
    j = [latency for _at, latency in result["j"]]
    when = [at for at, _latency in result["j"]]
    print(f"    j (n={len(j)})            {summary(j)}  (pressed {when[0]:.1f}-{when[-1]:.1f} s)")
    search = [latency for _at, latency, _n in result["search"]]
    counts = [n for _at, _latency, n in result["search"]]
    print(
        f"    search keystroke   {summary(search)}"
        f"  ({'index' if result['search used index'] else 'in memory'};"
        f" results per step {counts})"
    )
    if "entity filter" in result:
        print(
            f"    entity filter      {ms(result['entity filter'])}"
            f" ({result['entity filter rows']:,} articles); clear {ms(result['clear filter'])}"
        )
    print(f"    quit               {ms(result['quit'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--keys", type=int, default=12, help="j presses per run")
    parser.add_argument("--no-pool", action="store_true", help="skip the small-corpus table")
    args = parser.parse_args()
    folder = benchdata_dir()
    if not any((folder / name).is_file() for name in DOC_FILES):
        print(f"skipped: no benchmark documents in {folder} (set BRIEFING_BENCHDATA)")
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(
        f"reader at scale (headless Pilot {SIZE[0]}x{SIZE[1]}, {os.cpu_count()} CPUs,"
        f" workers: {os.environ.get('BRIEFING_WORKERS', 'one per CPU')})"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs = load_documents(folder)
        for size in sizes:
            corpus = generate_corpus(work / f"corpus{size}", size, docs)
            data = work / f"data{size}"
            print(f"\n{size:,} articles")
            report("cold (empty store)", _child(corpus, data, args.keys))
            report("warm (same store)", _child(corpus, data, args.keys))
            early = _child(corpus, work / f"quit{size}", 0, f"quit_mid_analysis({str(corpus)!r})")
            print(
                f"  quit while analysing ({early['at'][0]:,} of {early['at'][1]:,} done,"
                f" {early['children']} worker processes): the app exits in {ms(early['exit'])},"
                f" its worker processes are gone {ms(early['children gone'])} after the key"
            )
        if not args.no_pool:
            print("\nanalysing a small corpus: in-process vs worker processes (fresh store)")
            for size, here, pool in pool_check([48, 96, 192], folder, work):
                print(f"  {size:>4} articles: in-process {ms(here)}, worker processes {ms(pool)}")


if __name__ == "__main__":
    main()
