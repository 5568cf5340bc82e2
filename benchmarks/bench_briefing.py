"""Briefing benchmark: key-point quality on DUC 2006/2007 and build speed at 1,000 articles.

Quality (``--duc``, default on): each DUC cluster becomes a corpus (its documents as articles,
the topic query ignored). The briefing's key points (``Briefing.summary_text``) truncated to
the target length (250 words for DUC 2006, 100 for DUC 2007) are scored against the four
human summaries with rouge-score 0.1.2 (Porter stemming; recall and F1, mean over the
references, then over clusters, x100). Peers, measured in the same run on the same machine:

* LexRank: sumy's ``LexRankSummarizer`` (stop words, Snowball stemmer) over the concatenated
  documents, with briefing's offline tokenizer; sentences by LexRank rating until the target
  length.
* Lead: the first N words of the most recent document (NIST's baseline).

Time per cluster is wall time of one cold build from already loaded text: for the briefing
``build_briefing(corpus, use_cache=False)`` (the whole briefing: all sections, entities
included), and separately the key points alone (``sections=("key_points",)``, the same
text); for LexRank parsing plus summarising. Medians are reported (and means).

Scale (``--scale``, default on): 1,000 articles made from the benchmark documents (DUC 2006
and 2007 documents, BBC articles, CoNLL documents; topped up with re-published copies of the
first ones) are built in a fresh process with an empty cache (cold), then again in another fresh
process with the same cache (unchanged). Prints build wall time, the process's peak RSS and
the largest entity worker's peak RSS (entity recognition runs in ``BRIEFING_WORKERS`` worker
processes for large corpora; default: one per CPU beyond the first).

    python benchmarks/bench_briefing.py [--duc] [--scale] [--limit N] [--articles 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import REPO, benchdata_dir, load_jsonl_or_skip, markdown_table

from briefing.models import Article, Corpus, Story


def parse_date(text: str) -> dt.date | None:
    """ISO date; DUC has a few 'YYYY-DD-MM' typos, read as such; None if hopeless."""
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        pass
    try:
        y, d, m = text.split("-")
        return dt.date(int(y), int(m), int(d))
    except (AttributeError, ValueError):
        return None


def cluster_corpus(record: dict[str, Any]) -> Corpus:
    """A DUC cluster as a corpus (the query is ignored)."""
    arts = [
        Article(
            id=d["docno"],
            title=d.get("title") or d["docno"],
            text=d["text"],
            raw_text=d["text"],
            outlet=d["docno"][:3],
            published=parse_date(d.get("date", "")),
        )
        for d in record["documents"]
    ]
    return Corpus(path=None, story=Story(title=record["id"]), articles=arts)


def truncate(text: str, n: int) -> str:
    """The first ``n`` whitespace-separated words of ``text``."""
    return " ".join(text.split()[:n])


class RougeRecall:
    """ROUGE-1/2 recall and F1 (rouge-score 0.1.2, stemming), mean over references."""

    def __init__(self) -> None:
        try:
            from rouge_score import rouge_scorer
        except ImportError:  # pragma: no cover - bench extra
            print("skipped: rouge-score is not installed (pip install 'rouge-score==0.1.2')")
            raise SystemExit(0) from None
        self.scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)

    def score(self, refs: list[str], summary: str) -> dict[str, float]:
        """Mean over ``refs`` of R1/R2 recall and F1 (x100)."""
        acc = {"r1": 0.0, "r2": 0.0, "f1": 0.0, "f2": 0.0}
        for ref in refs:
            s = self.scorer.score(ref, summary)
            acc["r1"] += s["rouge1"].recall
            acc["r2"] += s["rouge2"].recall
            acc["f1"] += s["rouge1"].fmeasure
            acc["f2"] += s["rouge2"].fmeasure
        return {k: 100 * v / len(refs) for k, v in acc.items()}


def lexrank_summary(docs: list[dict[str, Any]], n_words: int) -> str:
    """sumy LexRank over the concatenated documents, best-rated sentences up to ``n_words``."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    from briefing.sentences import OfflineTokenizer

    text = "\n\n".join(d["text"] for d in docs)
    parser = PlaintextParser.from_string(text, OfflineTokenizer())
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    ranked: list[tuple[float, int, str]] = []

    def capture(sentences, count, rating, *args, **kwargs):
        for k, s in enumerate(sentences):
            value = rating[s] if isinstance(rating, dict) else rating(s, *args, **kwargs)
            ranked.append((-float(value), k, str(s)))
        return ()

    summarizer._get_best_sentences = capture  # read LexRank's ratings, pick ourselves
    summarizer(parser.document, 1)
    ranked.sort()
    out: list[str] = []
    used = 0
    for _, _, sentence in ranked:
        if used >= n_words:
            break
        out.append(sentence)
        used += len(sentence.split())
    return " ".join(out)


def lead_summary(docs: list[dict[str, Any]], n_words: int) -> str:
    """NIST baseline: the first ``n_words`` of the most recent document."""
    latest = max(docs, key=lambda d: (parse_date(d.get("date", "")) or dt.date.min, d["docno"]))
    return truncate(latest["text"], n_words)


def run_duc(name: str, limit: int | None) -> None:
    """Print the ROUGE/speed table for one DUC file."""
    from briefing.brief import build_briefing

    records = load_jsonl_or_skip(name)[:limit]
    rouge = RougeRecall()
    systems = ("briefing key points", "sumy LexRank (concatenated)", "Lead (latest document)")
    kp_only: list[float] = []
    scores: dict[str, list[dict[str, float]]] = {s: [] for s in systems}
    times: dict[str, list[float]] = {s: [] for s in systems}
    for rec in records:
        n = int(rec.get("target_words", 250))
        refs = rec["references"]
        corpus = cluster_corpus(rec)
        t0 = time.perf_counter()
        briefing = build_briefing(corpus, words=n, use_cache=False)
        times[systems[0]].append(time.perf_counter() - t0)
        scores[systems[0]].append(rouge.score(refs, truncate(briefing.summary_text, n)))
        t0 = time.perf_counter()
        only = build_briefing(corpus, words=n, use_cache=False, sections=("key_points",))
        kp_only.append(time.perf_counter() - t0)
        assert only.summary_text == briefing.summary_text
        t0 = time.perf_counter()
        lex = lexrank_summary(rec["documents"], n)
        times[systems[1]].append(time.perf_counter() - t0)
        scores[systems[1]].append(rouge.score(refs, truncate(lex, n)))
        t0 = time.perf_counter()
        lead = lead_summary(rec["documents"], n)
        times[systems[2]].append(time.perf_counter() - t0)
        scores[systems[2]].append(rouge.score(refs, lead))
    rows = []
    for s in systems:
        mean = {k: statistics.fmean(x[k] for x in scores[s]) for k in ("r1", "r2", "f1", "f2")}
        rows.append(
            [
                s,
                mean["r1"],
                mean["r2"],
                mean["f1"],
                mean["f2"],
                f"{1000 * statistics.median(times[s]):.0f} ms",
                f"{1000 * statistics.fmean(times[s]):.0f} ms",
            ]
        )
    words = records[0].get("target_words", 250) if records else 250
    print(f"\n{name}: {len(records)} clusters, summaries truncated to {words} words")
    print(
        markdown_table(
            [
                "system",
                "R-1 recall",
                "R-2 recall",
                "R-1 F1",
                "R-2 F1",
                "median time/cluster",
                "mean time/cluster",
            ],
            rows,
        )
    )
    b, lx = systems[0], systems[1]
    gain = rows[0][2] - rows[1][2]
    speed = statistics.median(times[lx]) / max(statistics.median(times[b]), 1e-9)
    print(
        f"briefing vs LexRank: R-2 recall {gain:+.2f} points; whole briefing built "
        f"{speed:.1f}x faster (medians)"
    )
    kp = statistics.median(kp_only)
    fast = statistics.median(times[lx]) / max(kp, 1e-9)
    print(
        f"key points alone (sections=('key_points',)): median {1000 * kp:.0f} ms/cluster, "
        f"{fast:.1f}x faster than LexRank"
    )


# --- scale -----------------------------------------------------------------------------------


def scale_articles(n: int) -> list[dict[str, Any]]:
    """``n`` article dicts from the benchmark documents (copies top it up if needed)."""
    out: list[dict[str, Any]] = []
    for name in ("duc2006-mds-public.jsonl", "duc2007updA-mds-public.jsonl"):
        for rec in load_jsonl_or_skip(name):
            for d in rec["documents"]:
                out.append({"id": d["docno"], "title": d.get("title") or d["docno"],
                            "text": d["text"], "date": d.get("date", ""),
                            "outlet": d["docno"][:3]})  # fmt: skip
    for rec in load_jsonl_or_skip("bbc-summ-public.jsonl"):
        out.append({"id": rec["id"], "title": rec["title"], "text": rec["text"], "date": "",
                    "outlet": "BBC"})  # fmt: skip
    docs: dict[str, list[str]] = {}
    for rec in load_jsonl_or_skip("conll2003-testb-ner-public.jsonl"):
        docs.setdefault(rec["doc_id"], []).append(" ".join(rec["tokens"]))
    for doc_id, sents in docs.items():
        out.append({"id": doc_id, "title": sents[0], "text": "\n".join(sents[1:]), "date": "",
                    "outlet": "Reuters"})  # fmt: skip
    k = 0
    while len(out) < n:
        src = out[k]
        out.append({**src, "id": f"{src['id']}-copy", "outlet": "Republisher"})
        k += 1
    return out[:n]


_CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, {repo!r})
t_start = time.perf_counter()
from briefing.brief import build_briefing
from briefing.models import Article, Corpus, Story
sys.path.insert(0, {bench!r})
from bench_briefing import parse_date
items = json.load(open({data!r}, encoding="utf-8"))
arts = [Article(id=i["id"], title=i["title"], text=i["text"], raw_text=i["text"],
                outlet=i["outlet"], published=parse_date(i["date"])) for i in items]
corpus = Corpus(path=None, story=Story(title="benchmark corpus"), articles=arts)
t0 = time.perf_counter()
b = build_briefing(corpus, words=250)
t1 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({{"build": t1 - t0, "process": t1 - t_start, "peak_mb": peak,
                  "workers_mb": workers,
                  "points": len(b.key_points), "timeline": len(b.timeline),
                  "copies": sum(1 for s in b.sources if s.copy_of)}}))
"""


def run_scale(n: int) -> None:
    """Build a briefing over ``n`` articles cold, then unchanged, in fresh processes."""
    items = scale_articles(n)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "articles.json"
        data.write_text(json.dumps(items), encoding="utf-8")
        env = {**os.environ, "BRIEFING_DATA_DIR": str(Path(tmp) / "data")}
        code = _CHILD.format(repo=str(REPO), bench=str(Path(__file__).parent), data=str(data))
        results = []
        for label in ("cold (empty cache)", "unchanged (cache)"):
            proc = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
            )
            if proc.returncode != 0:
                print(proc.stderr)
                raise SystemExit(1)
            results.append((label, json.loads(proc.stdout.strip().splitlines()[-1])))
    words = sum(len(i["text"].split()) for i in items)
    print(f"\nscale: {len(items)} articles, {words:,} words, {os.cpu_count()} CPUs")
    rows = [
        [
            label,
            f"{r['build']:.2f} s",
            f"{r['process']:.2f} s",
            f"{r['peak_mb']:.0f} MB",
            f"{r['workers_mb']:.0f} MB" if r["workers_mb"] else "none",
        ]
        for label, r in results
    ]
    header = ["build", "build_briefing()", "process (imports+build)", "peak RSS", "worker peak RSS"]
    print(markdown_table(header, rows))
    cold = results[0][1]
    print(f"({cold['points']} key points, {cold['timeline']} timeline entries, "
          f"{cold['copies']} near-copies detected)")  # fmt: skip


def main() -> None:
    """Run the selected benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duc", action="store_true", help="only the DUC quality tables")
    parser.add_argument("--scale", action="store_true", help="only the 1,000-article build")
    parser.add_argument("--limit", type=int, default=None, help="first N clusters only")
    parser.add_argument("--articles", type=int, default=1000, help="scale corpus size")
    args = parser.parse_args()
    both = not (args.duc or args.scale)
    print(f"benchdata: {benchdata_dir()}")
    if args.duc or both:
        run_duc("duc2006-mds-public.jsonl", args.limit)
        run_duc("duc2007updA-mds-public.jsonl", args.limit)
    if args.scale or both:
        run_scale(args.articles)


if __name__ == "__main__":
    main()
