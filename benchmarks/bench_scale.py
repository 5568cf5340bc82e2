"""Scale benchmark: corpora of 100, 1,000 and 10,000 articles (issue 5, "Speed at scale").

For each size a corpus is generated from the benchmark documents (``../shared/benchdata`` or
``$BRIEFING_BENCHDATA``; see ``_scale_corpus.py``) into a temporary folder, and each phase runs
in its own process with its own data folder, so timings and peak memory are those a user sees:

* cold -- empty store: load the corpus (parse, clean, snapshot), index it for search, analyse
  every article (sentences, default 5-sentence summary, entities) in worker processes;
* warm -- a new process on the filled store: import, open the store, load the corpus (from its
  snapshot) and the read marks: a usable list. Then check the index and the analysis cache
  (all hits) and load every cached summary and mention list; then 20 searches as you type;
* brief -- a new process: load the corpus (snapshot) and build the combined briefing with the
  store (``build_briefing(corpus, use_cache=False, store=store)``): the sentences and entity
  mentions the cold phase cached are reused, as the reader does. With ``--brief-no-store``
  another process also builds it without the store (sentences split and entities recognised
  again, in worker processes), as a command-line build on a fresh machine would.

Peak memory is the largest sum of the memory (PSS) of a phase's process and its worker
processes (sampled every 0.1 s on Linux; at least the process's own peak RSS), over all
phases. The package is copied first, so all
phases run the same code. Prints a Markdown table and the growth factor between sizes. Run::

    python benchmarks/bench_scale.py [--sizes 100,1000,10000] [--workers N] [--no-briefing]
        [--brief-no-store]
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()  # before any briefing import: the warm phase counts imports

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
from itertools import pairwise  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from _common import REPO, benchdata_dir, markdown_table  # noqa: E402
from _scale_corpus import DOC_FILES, generate_corpus, load_documents  # noqa: E402

QUERIES = (
    "president",
    "oil prices",
    "election",
    "bank",
    "court ruling",
    '"prime minister"',
    "china",
    "football club",
    "stock market",
    "police said",
    "government plans",
    "war",
    "health care",
    "mobile phone",
    "music award",
    "ch",
    "elec",
    "the",
    "economic growth",
    "steroids athletes",
)
"""Searches typed by a user (the last word is matched as a prefix, as in the reader)."""


def _own_peak_mb() -> float:
    """Peak resident memory of this process, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class TreeMemory:
    """Samples the memory of this process plus its child processes (Linux /proc, PSS).

    The peak of the sum is what the machine must hold while worker processes run. Elsewhere
    it reports this process's own peak only.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    @staticmethod
    def _rss_kb(pid: str) -> int:
        """Proportional set size (shared pages split between their users), else RSS."""
        for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
            try:
                with open(f"/proc/{pid}/{name}", encoding="ascii") as fh:
                    for line in fh:
                        if line.startswith(key):
                            return int(line.split()[1])
            except (OSError, ValueError):
                continue
        return 0

    def _children(self) -> set[str]:
        kids: set[str] = set()
        try:
            for task in os.listdir("/proc/self/task"):
                with open(f"/proc/self/task/{task}/children", encoding="ascii") as fh:
                    kids.update(fh.read().split())
        except OSError:
            pass
        return kids

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            total = self._rss_kb("self") + sum(self._rss_kb(pid) for pid in self._children())
            self.peak_mb = max(self.peak_mb, total / 1024)

    def stop(self) -> float:
        """Stop sampling; the peak (at least this process's own peak), in MB."""
        self._stop.set()
        self._thread.join()
        return max(self.peak_mb, _own_peak_mb())


# --- phases (run in child processes) ------------------------------------------------------


def phase_cold(corpus_path: Path, workers: int | None) -> dict[str, Any]:
    from briefing.store import Store, content_hashes, load_corpus_cached
    from briefing.store.analysis import analyze_corpus

    memory = TreeMemory()
    store = Store.open()
    t = time.perf_counter()
    corpus = load_corpus_cached(corpus_path, store)
    load = time.perf_counter() - t
    t = time.perf_counter()
    hashes = content_hashes(corpus)
    store.index_corpus(corpus, hashes)
    index = time.perf_counter() - t
    t = time.perf_counter()
    report = analyze_corpus(corpus, store, hashes=hashes, workers=workers)
    analyse = time.perf_counter() - t
    assert report.analysed + report.failed + report.cached == report.total, report
    store.close()
    return {
        "load": load,
        "index": index,
        "analyse": analyse,
        "analysed": report.analysed,
        "failed": report.failed,
        "workers": report.workers,
        "peak_mb": _own_peak_mb(),
        "tree_peak_mb": memory.stop(),
    }


def phase_warm(corpus_path: Path) -> dict[str, Any]:
    from briefing.store import Store, content_hashes, corpus_key, load_corpus_cached

    store = Store.open()
    corpus = load_corpus_cached(corpus_path, store)
    key = corpus_key(corpus.path)
    store.read_ids(key)
    store.last_article(key)
    listed = time.perf_counter() - _STARTED

    from briefing.store.analysis import analyze_corpus

    t = time.perf_counter()
    hashes = content_hashes(corpus)
    index = store.index_corpus(corpus, hashes)
    report = analyze_corpus(corpus, store, hashes=hashes, workers=0)
    checked = time.perf_counter() - t
    assert index.changed == 0 and report.analysed == 0, (index, report)
    t = time.perf_counter()
    summaries = store.corpus_summaries(corpus, "default", 5, hashes)
    mentions = store.corpus_mentions(corpus, hashes)
    loaded = time.perf_counter() - t
    assert len(summaries) == len(mentions) == len(corpus.articles)

    latencies = []
    hits = 0
    for query in QUERIES:
        t = time.perf_counter()
        found = store.search(key, query, limit=20, as_you_type=True)
        latencies.append((time.perf_counter() - t) * 1000)
        hits += bool(found)
    store.close()
    return {
        "list": listed,
        "check": checked,
        "load_results": loaded,
        "search_median_ms": statistics.median(latencies),
        "search_worst_ms": max(latencies),
        "queries_with_hits": hits,
        "peak_mb": _own_peak_mb(),
        "tree_peak_mb": _own_peak_mb(),
    }


def phase_brief(corpus_path: Path, with_store: bool = True) -> dict[str, Any]:
    from briefing.brief import build_briefing
    from briefing.store import Store, load_corpus_cached

    memory = TreeMemory()
    with Store.open() as store:
        corpus = load_corpus_cached(corpus_path, store)
        t = time.perf_counter()
        briefing = build_briefing(corpus, use_cache=False, store=store if with_store else None)
        build = time.perf_counter() - t
    return {
        "build": build,
        "articles": briefing.n_articles,
        "peak_mb": _own_peak_mb(),
        "tree_peak_mb": memory.stop(),
    }


# --- driver -------------------------------------------------------------------------------


def _freeze_source(base: Path) -> Path:
    """Copy the package, so every phase runs the same code even if the tree is being edited
    (the cache keys include a digest of the code)."""
    import shutil

    target = base / "src"
    shutil.copytree(
        REPO / "briefing", target / "briefing", ignore=shutil.ignore_patterns("__pycache__")
    )
    return target


def _run_phase(
    phase: str, corpus: Path, data: Path, workers: int | None, source: Path
) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, str(corpus)]
    command += ["--source", str(source)]
    if workers is not None:
        command += ["--workers", str(workers)]
    env = dict(os.environ, BRIEFING_DATA_DIR=str(data), PYTHONPATH=str(source))
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise SystemExit(f"phase {phase} failed:\n{done.stdout}\n{done.stderr}")


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _growth(a: float | None, b: float | None) -> str:
    if a is None or b is None or a <= 0:
        return "—"
    return f"×{b / a:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated sizes")
    parser.add_argument("--workers", type=int, help="analysis worker processes (default: CPUs)")
    parser.add_argument("--no-briefing", action="store_true", help="skip the briefing build")
    parser.add_argument(
        "--brief-no-store", action="store_true", help="also build the briefing without the store"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora")
    parser.add_argument(
        "--phase", choices=("cold", "warm", "brief", "brief-no-store"), help=argparse.SUPPRESS
    )
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("corpus", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        if args.source is not None:  # the frozen copy goes before the repository (see _common)
            sys.path.insert(0, str(args.source))
            import briefing

            assert Path(briefing.__file__).is_relative_to(args.source), briefing.__file__
        phases = {
            "cold": lambda: phase_cold(args.corpus, args.workers),
            "warm": lambda: phase_warm(args.corpus),
            "brief": lambda: phase_brief(args.corpus),
            "brief-no-store": lambda: phase_brief(args.corpus, with_store=False),
        }
        print("RESULT " + json.dumps(phases[args.phase]()))
        return

    folder = benchdata_dir()
    if not any((folder / name).is_file() for name in DOC_FILES):
        print(f"skipped: no benchmark documents in {folder} (set BRIEFING_BENCHDATA)")
        return
    docs = load_documents(folder)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{os.cpu_count()} CPUs, load average {load:.2f} at start, Python "
        f"{sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}; "
        f"{len(docs)} source documents from {folder}"
    )
    rows: list[dict[str, Any]] = []
    base = Path(tempfile.mkdtemp(prefix="briefing-scale-"))
    try:
        source = _freeze_source(base)
        for size in sizes:
            corpus = generate_corpus(base / f"corpus-{size}", size, docs)
            data = base / f"data-{size}"
            cold = _run_phase("cold", corpus, data, args.workers, source)
            warm = _run_phase("warm", corpus, data, args.workers, source)
            brief = None if args.no_briefing else _run_phase("brief", corpus, data, None, source)
            bare = None
            if args.brief_no_store and not args.no_briefing:
                bare = _run_phase("brief-no-store", corpus, data, None, source)
            row = {"size": size, **{f"cold_{k}": v for k, v in cold.items()}}
            row.update({f"warm_{k}": v for k, v in warm.items()})
            if brief is not None:
                row.update({f"brief_{k}": v for k, v in brief.items()})
            if bare is not None:
                row.update({f"bare_{k}": v for k, v in bare.items()})
            phases = [cold, warm, *([brief] if brief else [])]
            row["peak_mb"] = max(p["tree_peak_mb"] for p in phases)
            rows.append(row)
            print(f"  {size:,} articles done: {json.dumps(row)}", file=sys.stderr, flush=True)
    finally:
        if args.keep:
            print(f"corpora kept in {base}", file=sys.stderr)
        else:
            import shutil

            shutil.rmtree(base, ignore_errors=True)

    header = [
        "articles",
        "cold load (s)",
        "index (s)",
        "cold analysis (s)",
        "per article (ms)",
        "warm reopen to list (s)",
        "warm: cache checked + results loaded (s)",
        "search median (ms)",
        "search worst (ms)",
        "briefing build (s)",
        "peak memory (MB)",
        "cold phase peak (MB)",
        "warm phase peak (MB)",
        "briefing phase peak (MB)",
    ]
    if args.brief_no_store:
        header += ["briefing build without the store (s)", "its peak (MB)"]
    table = []
    for r in rows:
        table.append(
            [
                f"{r['size']:,}",
                _fmt(r["cold_load"]),
                _fmt(r["cold_index"]),
                _fmt(r["cold_analyse"]),
                _fmt(1000 * r["cold_analyse"] / max(1, r["cold_analysed"]), 1),
                _fmt(r["warm_list"]),
                _fmt(r["warm_check"] + r["warm_load_results"]),
                _fmt(r["warm_search_median_ms"], 1),
                _fmt(r["warm_search_worst_ms"], 1),
                _fmt(r.get("brief_build")),
                _fmt(r["peak_mb"], 0),
                _fmt(r["cold_tree_peak_mb"], 0),
                _fmt(r["warm_tree_peak_mb"], 0),
                _fmt(r.get("brief_tree_peak_mb"), 0),
            ]
        )
        if args.brief_no_store:
            table[-1] += [_fmt(r.get("bare_build")), _fmt(r.get("bare_tree_peak_mb"), 0)]
    print()
    print(markdown_table(header, table))
    if len(rows) > 1:
        growth_header = [
            "growth",
            "articles",
            "cold load",
            "cold analysis",
            "warm reopen",
            "search median",
            "briefing build",
            "peak memory",
        ]
        growth = []
        for a, b in pairwise(rows):
            growth.append(
                [
                    f"{a['size']:,} → {b['size']:,}",
                    _growth(a["size"], b["size"]),
                    _growth(a["cold_load"], b["cold_load"]),
                    _growth(a["cold_analyse"], b["cold_analyse"]),
                    _growth(a["warm_list"], b["warm_list"]),
                    _growth(a["warm_search_median_ms"], b["warm_search_median_ms"]),
                    _growth(a.get("brief_build"), b.get("brief_build")),
                    _growth(a["peak_mb"], b["peak_mb"]),
                ]
            )
        print()
        print(markdown_table(growth_header, growth))
    end_load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nload average {end_load:.2f} at the end")
    print(
        "\nTargets (2 cores): warm reopen of 10,000 articles < 2 s, search < 100 ms, peak memory"
        " < 1 GiB, cold analysis growing no worse than linearly."
    )


if __name__ == "__main__":
    main()
