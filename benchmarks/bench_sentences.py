"""Sentence-splitter benchmark on the BBC News Summary public set.

Each reference sentence occurs verbatim in its article (up to whitespace). We count the share
of reference sentences that :func:`briefing.sentences.split_sentences` returns exactly as one
sentence (whitespace normalised on both sides).

    python benchmarks/bench_sentences.py [--verbose]
"""

from __future__ import annotations

import argparse
import time

from _common import load_jsonl_or_skip, norm_ws

from briefing.sentences import split_sentences


def main() -> None:
    """Print the share of reference sentences the splitter returns exactly."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list some misses")
    parser.add_argument("--misses", type=int, default=15, help="how many misses to list")
    args = parser.parse_args()

    items = load_jsonl_or_skip("bbc-summ-public.jsonl")
    total = hits = 0
    misses: list[tuple[str, str, list[str]]] = []
    elapsed = 0.0
    chars = 0
    for item in items:
        text = item["text"]
        t0 = time.perf_counter()
        sents = split_sentences(text)
        elapsed += time.perf_counter() - t0
        chars += len(text)
        produced = {norm_ws(s.text) for s in sents}
        for ref in item["reference_sentences"]:
            total += 1
            ref_n = norm_ws(ref)
            if ref_n in produced:
                hits += 1
            else:
                near = [s for s in produced if ref_n[:30] in s or s[:30] in ref_n]
                misses.append((item["id"], ref_n, near))

    share = 100 * hits / total if total else 0.0
    print(f"BBC public: {len(items)} articles, {total} reference sentences")
    print(f"exact sentence matches: {hits}/{total} = {share:.2f}%")
    print(f"split speed: {chars / max(elapsed, 1e-9) / 1e6:.1f} M chars/s")
    if args.verbose:
        for item_id, ref, near in misses[: args.misses]:
            print(f"\n[{item_id}] reference: {ref}")
            for s in near:
                print(f"    produced: {s}")


if __name__ == "__main__":
    main()
