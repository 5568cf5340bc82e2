"""Summary benchmark on the BBC News Summary public set: ROUGE F1 and speed for every method.

For each article, k = the number of reference sentences; each method picks k sentences and the
summary (sentences joined by a space) is scored against the reference (reference sentences
joined by a space) with rouge-score 0.1.2 (ROUGE-1/2/L F1, Porter stemmer), averaged over
articles, x100. Also reported: sentence-level F1 against the reference sentences (the
references are extractive), the share of summaries whose first sentence depends on a sentence
before it (see :func:`briefing.summarize.is_dependent`), and the median time per article
(sentence splitting + summarizing, one thread). The article title is passed to every method
(only ``edmundson`` uses it).

    python benchmarks/bench_summaries.py [--methods default,lead,lexrank] [--limit N]
    python benchmarks/bench_summaries.py --ablation   # the default with one part changed
    python benchmarks/bench_summaries.py --long       # time per method on one very long text

``--ablation`` runs the default method with one component changed at a time (position bias,
MMR, dependency rule, fragment damping, PacSum centrality instead of PageRank). ``--long``
times every method on all BBC articles glued into one text, which shows the input caps at work.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from _common import Rouge, load_jsonl_or_skip, markdown_table, norm_ws

import briefing.summarize as summarize_module
from briefing.sentences import split_sentences
from briefing.summarize import METHODS, is_dependent, summarize, summarize_sentences

#: Variants of the default method: (label, {module constant: value}).
ABLATIONS: list[tuple[str, dict[str, object]]] = [
    ("default (as shipped)", {}),
    ("no position bias (uniform teleport)", {"POSITION_BIAS": False}),
    ("no MMR", {"MMR_LAMBDA": 1.0}),
    ("no dependency rule", {"DEPENDENCY_RULE": False}),
    ("no fragment damping", {"FRAGMENT_FACTOR": 1.0}),
    ("PacSum centrality instead of PageRank", {"CENTRALITY": "pacsum"}),
]
HEADER = ("R-1 F", "R-2 F", "R-L F", "sent F1", "dep. first %", "median ms")


def evaluate(items: list[dict[str, Any]], method: str) -> tuple[float, ...]:
    """(R-1, R-2, R-L, sentence F1, dependent-first %, median ms) of ``method`` on ``items``."""
    summarize(items[0]["text"], 1, method=method)  # warm-up: this method's lazy imports
    rouge = Rouge()
    times: list[float] = []
    sent_f1: list[float] = []
    dependent_first = 0
    for item in items:
        refs = item["reference_sentences"]
        t0 = time.perf_counter()
        summary = summarize(item["text"], len(refs), method=method, title=item.get("title"))
        times.append(time.perf_counter() - t0)
        rouge.add(" ".join(refs), " ".join(s.text for s in summary))
        picked = {norm_ws(s.text) for s in summary}
        gold = {norm_ws(r) for r in refs}
        tp = len(picked & gold)
        p = tp / len(picked) if picked else 0.0
        r = tp / len(gold) if gold else 0.0
        sent_f1.append(2 * p * r / (p + r) if p + r else 0.0)
        if summary and summary[0].index > 0 and is_dependent(summary[0].text):
            dependent_first += 1
    means = rouge.means()
    return (
        means["rouge1"],
        means["rouge2"],
        means["rougeL"],
        100 * statistics.fmean(sent_f1),
        100 * dependent_first / len(items),
        1000 * statistics.median(times),
    )


def run_methods(items: list[dict[str, Any]], methods: list[str]) -> None:
    """The main table: every method on every article."""
    rows = []
    for method in methods:
        rows.append((method, *evaluate(items, method)))
        print(f"done: {method}", flush=True)
    print(f"\nBBC News Summary, public half: {len(items)} articles, k = reference sentences\n")
    print(markdown_table(("method", *HEADER), rows))


def run_ablation(items: list[dict[str, Any]]) -> None:
    """The default method with one component changed at a time."""
    rows = []
    for label, changes in ABLATIONS:
        saved = {name: getattr(summarize_module, name) for name in changes}
        for name, value in changes.items():
            setattr(summarize_module, name, value)
        try:
            rows.append((label, *evaluate(items, "default")))
        finally:
            for name, value in saved.items():
                setattr(summarize_module, name, value)
        print(f"done: {label}", flush=True)
    print(f"\nAblation of the default method, BBC public half: {len(items)} articles\n")
    print(markdown_table(("variant", *HEADER), rows))


def run_long(items: list[dict[str, Any]], methods: list[str]) -> None:
    """Time every method on all articles joined into one long text (5-sentence summary)."""
    text = "\n\n".join(item["text"] for item in items)
    sents = split_sentences(text)
    print(f"One long text: {len(text):,} characters, {len(sents):,} sentences\n")
    rows = []
    for method in methods:
        summarize(items[0]["text"], 1, method=method)  # warm-up
        t0 = time.perf_counter()
        summarize_sentences(sents, 5, method=method, text=text)
        seconds = time.perf_counter() - t0
        rows.append((method, summarize_module.SENTENCE_CAPS.get(method, "none"), seconds))
    print(markdown_table(("method", "sentence cap", "seconds"), rows))


def main() -> None:
    """Parse arguments and run the chosen benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated methods")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--ablation", action="store_true", help="variants of the default")
    parser.add_argument("--long", action="store_true", help="time methods on one long text")
    args = parser.parse_args()
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]

    items = load_jsonl_or_skip("bbc-summ-public.jsonl")
    if args.limit:
        items = items[: args.limit]
    if args.long:
        run_long(items, methods)
    elif args.ablation:
        run_ablation(items)
    else:
        run_methods(items, methods)


if __name__ == "__main__":
    main()
