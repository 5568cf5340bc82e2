"""NER benchmark on the public CoNLL-2003 English test documents (a script, not a test).

Each document's sentences are joined (tokens by spaces, sentences by newlines, keeping
token offsets); ``extract_entities`` runs with no gazetteer; labels map PERSON->PER, ORG->ORG,
GPE/LOC->LOC, NORP->MISC (numeric and date labels are dropped); entity-level exact-span
precision/recall/F1 is printed per type and micro-averaged, next to a capitalised-word-run
baseline. Data: ``$BRIEFING_BENCHDATA`` or ``../shared/benchdata`` next to the repository.

Usage: ``python benchmarks/bench_ner.py [--errors N]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.entities import extract_entities  # noqa: E402

FILE = "conll2003-testb-ner-public.jsonl"
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "NORP": "MISC"}
TYPES = ("PER", "LOC", "ORG", "MISC")

Span = tuple[int, int, str]


def data_path() -> Path:
    base = os.environ.get("BRIEFING_BENCHDATA")
    folder = Path(base) if base else ROOT.parent / "shared" / "benchdata"
    return folder / FILE


def load_documents(path: Path) -> list[tuple[str, str, list[Span], list[tuple[int, int]]]]:
    """(doc id, text, gold char spans, token char offsets) per document."""
    docs: dict[str, list[dict[str, object]]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                docs.setdefault(rec["doc_id"], []).append(rec)
    out = []
    for doc_id, sentences in docs.items():
        parts: list[str] = []
        offsets: list[tuple[int, int]] = []
        gold: list[Span] = []
        pos = 0
        for s_index, sent in enumerate(sentences):
            if s_index:
                parts.append("\n")
                pos += 1
            tokens: list[str] = sent["tokens"]  # type: ignore[assignment]
            tags: list[str] = sent["tags"]  # type: ignore[assignment]
            starts = []
            for t_index, tok in enumerate(tokens):
                if t_index:
                    parts.append(" ")
                    pos += 1
                starts.append(pos)
                offsets.append((pos, pos + len(tok)))
                parts.append(tok)
                pos += len(tok)
            gold.extend(_gold_spans(tokens, tags, starts))
        out.append((doc_id, "".join(parts), gold, offsets))
    return out


def _gold_spans(tokens: list[str], tags: list[str], starts: list[int]) -> Iterable[Span]:
    current: list[int] | None = None
    label = ""
    for i, tag in enumerate([*tags, "O"]):
        begins = tag.startswith("B-") or (
            tag.startswith("I-") and (current is None or tag[2:] != label)
        )
        if current is not None and (tag == "O" or begins):
            first, last = current[0], current[-1]
            yield starts[first], starts[last] + len(tokens[last]), label
            current = None
        if begins:
            current, label = [i], tag[2:]
        elif tag.startswith("I-") and current is not None:
            current.append(i)


def predict_rules(text: str) -> list[Span]:
    out = []
    for m in extract_entities(text):
        label = LABEL_MAP.get(m.label)
        if label:
            out.append((m.start, m.end, label))
    return out


def predict_baseline(text: str, offsets: list[tuple[int, int]]) -> list[Span]:
    """Runs of capitalised tokens (not at a line start unless another follows); all-caps
    single tokens -> ORG, single tokens -> LOC, longer runs -> PER."""
    spans: list[Span] = []
    run: list[tuple[int, int]] = []

    def flush() -> None:
        if run:
            words = [text[s:e] for s, e in run]
            if len(run) == 1:
                label = "ORG" if words[0].isupper() and len(words[0]) > 1 else "LOC"
            else:
                label = "PER"
            spans.append((run[0][0], run[-1][1], label))
            run.clear()

    prev_end = -1
    for s, e in offsets:
        word = text[s:e]
        if "\n" in text[prev_end:s] if prev_end >= 0 else False:
            flush()
        if word[:1].isupper():
            run.append((s, e))
        else:
            flush()
        prev_end = e
    flush()
    return spans


def score(
    gold: list[set[Span]], pred: list[set[Span]]
) -> dict[str, tuple[float, float, float, int]]:
    table: dict[str, tuple[float, float, float, int]] = {}
    for typ in (*TYPES, "micro"):
        tp = fp = fn = 0
        for g, p in zip(gold, pred, strict=True):
            gs = g if typ == "micro" else {x for x in g if x[2] == typ}
            ps = p if typ == "micro" else {x for x in p if x[2] == typ}
            tp += len(gs & ps)
            fp += len(ps - gs)
            fn += len(gs - ps)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        table[typ] = (prec, rec, f1, tp + fn)
    return table


def untyped_f1(gold: list[set[Span]], pred: list[set[Span]]) -> float:
    tp = sum(len({x[:2] for x in g} & {x[:2] for x in p}) for g, p in zip(gold, pred, strict=True))
    n_gold = sum(len(g) for g in gold)
    n_pred = sum(len(p) for p in pred)
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def timed(fn: Callable[[], list[Span]]) -> tuple[list[Span], float]:
    t0 = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="print N sample errors per type")
    args = parser.parse_args(argv)
    path = data_path()
    if not path.exists():
        print(f"skipped: {path} not found (set BRIEFING_BENCHDATA)")
        return 0
    docs = load_documents(path)
    t0 = time.perf_counter()
    extract_entities("Warm-up: Sergey Lavrov met Antony Blinken in Geneva.")
    first_call = time.perf_counter() - t0

    gold_sets: list[set[Span]] = []
    rule_sets: list[set[Span]] = []
    base_sets: list[set[Span]] = []
    times: list[float] = []
    sizes: list[int] = []
    for _doc_id, text, gold, offsets in docs:
        pred, elapsed = timed(lambda text=text: predict_rules(text))
        times.append(elapsed)
        sizes.append(len(text))
        gold_sets.append(set(gold))
        rule_sets.append(set(pred))
        base_sets.append(set(predict_baseline(text, offsets)))

    rules = score(gold_sets, rule_sets)
    base = score(gold_sets, base_sets)
    n_ents = sum(len(g) for g in gold_sets)
    print(f"## NER on CoNLL-2003 test (public part): {len(docs)} documents, {n_ents} entities\n")
    print("| type | gold | rules P | rules R | rules F1 | baseline F1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for typ in (*TYPES, "micro"):
        p, r, f, n = rules[typ]
        print(f"| {typ} | {n} | {p:.3f} | {r:.3f} | **{f:.3f}** | {base[typ][2]:.3f} |")
    print(
        f"\nUntyped span F1: rules {untyped_f1(gold_sets, rule_sets):.3f}, "
        f"baseline {untyped_f1(gold_sets, base_sets):.3f}"
    )
    mean_ms = 1000 * statistics.mean(times)
    per_kb = 1000 * sum(times) / (sum(sizes) / 1000)
    print(
        f"\nTime: {mean_ms:.2f} ms per document on average (median "
        f"{1000 * statistics.median(times):.2f} ms, max {1000 * max(times):.2f} ms; "
        f"mean size {statistics.mean(sizes) / 1000:.1f} kB; {per_kb:.2f} ms per kB); "
        f"first call incl. loading word lists {1000 * first_call:.0f} ms."
    )
    if args.errors:
        _print_errors(docs, gold_sets, rule_sets, args.errors)
    return 0


def _print_errors(docs, gold_sets, rule_sets, limit: int) -> None:  # type: ignore[no-untyped-def]
    fps: Counter[tuple[str, str]] = Counter()
    fns: Counter[tuple[str, str]] = Counter()
    for (_id, text, _g, _o), gold, pred in zip(docs, gold_sets, rule_sets, strict=True):
        gold_spans = {g[:2]: g[2] for g in gold}
        for s, e, label in pred - gold:
            glabel = gold_spans.get((s, e), "-")
            fps[(f"{label} (gold {glabel})", text[s:e])] += 1
        pred_spans = {p[:2] for p in pred}
        for s, e, label in gold - pred:
            if (s, e) not in pred_spans:
                fns[(label, text[s:e])] += 1
    print(f"\n### Top false positives / wrong labels ({limit})")
    for (label, surface), n in fps.most_common(limit):
        print(f"- {n} x {surface!r} as {label}")
    print(f"\n### Top misses (no span) ({limit})")
    for (label, surface), n in fns.most_common(limit):
        print(f"- {n} x {surface!r} ({label})")


if __name__ == "__main__":
    raise SystemExit(main())
