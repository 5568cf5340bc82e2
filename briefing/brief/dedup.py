"""Near-copy detection between articles (republished, lightly edited or machine-rewritten copies).

Two signals, both general:

1. **Shingles**: the share of word 5-grams two articles have in common (containment in the
   shorter one). Republished and lightly edited copies share most of them.
2. **Sentence alignment**: machine "spinning" swaps many words for synonyms, which destroys
   5-grams but keeps the sentence structure, the order of sentences, the function words, and
   the names, numbers and quotations. For article pairs that share many such fingerprint
   tokens, sentences are aligned in order (each sentence matched to the best sentence within a
   small window ahead of the last match), scoring each pair by token overlap; the pair is a
   near-copy when most sentences of the shorter article align with high overlap.

Candidate pairs come from inverted indexes (no all-pairs comparison), so the cost stays near
linear in the corpus size. Different reports of the same event share quotes and names but not
the sentence-by-sentence structure, so they are not flagged.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.brief.text import fingerprint, norm_tokens

__all__ = ["CopyPair", "DocSketch", "find_near_copies", "sketch"]

SHINGLE = 5
#: Containment of 5-gram shingles above which two articles are near-copies.
SHINGLE_THRESHOLD = 0.5
#: Share of the shorter article's sentences that must align for a rewrite to count.
ALIGN_THRESHOLD = 0.6
#: Token overlap (Dice) for two sentences to count as aligned.
SENTENCE_MATCH = 0.5
_MAX_POSTING = 64  # shingles/fingerprints shared by more articles than this are boilerplate


@dataclass(frozen=True, slots=True)
class DocSketch:
    """What near-copy detection needs from one article."""

    shingles: frozenset[int]
    prints: frozenset[str]
    sentences: tuple[frozenset[str], ...]
    n_words: int


@dataclass(frozen=True, slots=True)
class CopyPair:
    """Articles ``a`` and ``b`` (indexes) are near-copies; ``how`` is "shingles" or "aligned"."""

    a: int
    b: int
    similarity: float
    how: str


def sketch(text: str, sentence_tokens: Sequence[Sequence[str]] | None = None) -> DocSketch:
    """The shingles, fingerprints and per-sentence token sets of an article.

    ``sentence_tokens`` are the :func:`norm_tokens` of each sentence, if already computed
    (otherwise the text is one sentence per line).
    """
    if sentence_tokens is None:
        sentence_tokens = [norm_tokens(line) for line in text.splitlines()]
    toks = [t for st in sentence_tokens for t in st]
    # hash() is salted per process: sketches are compared within one build only.
    shingles = frozenset(hash(tuple(toks[i : i + SHINGLE])) for i in range(len(toks) - SHINGLE + 1))
    sent_sets = tuple(frozenset(st) for st in sentence_tokens if len(st) >= 4)
    return DocSketch(shingles, fingerprint(text), sent_sets, len(toks))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def aligned_share(x: DocSketch, y: DocSketch, window: int = 3) -> float:
    """Share of the shorter article's sentences matched, in order, to the other's sentences."""
    short, long_ = (x, y) if len(x.sentences) <= len(y.sentences) else (y, x)
    if not short.sentences:
        return 0.0
    matched = 0
    pos = 0
    for sent in short.sentences:
        best, best_j = 0.0, -1
        lo = max(0, pos - 1)
        for j in range(lo, min(len(long_.sentences), pos + window + 1)):
            d = _dice(sent, long_.sentences[j])
            if d > best:
                best, best_j = d, j
        if best >= SENTENCE_MATCH:
            matched += 1
            pos = best_j + 1
    return matched / len(short.sentences)


def _pairs_from_index(sets: Sequence[frozenset], min_shared: int) -> Counter[tuple[int, int]]:
    """How many items each pair of sets shares (pairs sharing >= ``min_shared``)."""
    df: Counter[object] = Counter()
    for items in sets:
        df.update(items)
    index: defaultdict[object, list[int]] = defaultdict(list)
    for i, items in enumerate(sets):
        for item in items:
            if 1 < df[item] <= _MAX_POSTING:  # only items found in several sets matter
                index[item].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for posting in index.values():
        if 1 < len(posting) <= _MAX_POSTING:
            for k, i in enumerate(posting):
                for j in posting[k + 1 :]:
                    shared[(i, j)] += 1
    return Counter({p: n for p, n in shared.items() if n >= min_shared})


def find_near_copies(sketches: Sequence[DocSketch]) -> list[CopyPair]:
    """All near-copy pairs among ``sketches`` (``a < b``), sorted."""
    found: dict[tuple[int, int], CopyPair] = {}
    for (i, j), n in _pairs_from_index([s.shingles for s in sketches], 5).items():
        denom = min(len(sketches[i].shingles), len(sketches[j].shingles)) or 1
        sim = n / denom
        if sim >= SHINGLE_THRESHOLD:
            found[(i, j)] = CopyPair(i, j, round(sim, 3), "shingles")
    for (i, j), n in _pairs_from_index([s.prints for s in sketches], 4).items():
        if (i, j) in found:
            continue
        denom = min(len(sketches[i].prints), len(sketches[j].prints)) or 1
        if n / denom < 0.4:
            continue
        share = aligned_share(sketches[i], sketches[j])
        if share >= ALIGN_THRESHOLD:
            found[(i, j)] = CopyPair(i, j, round(share, 3), "aligned")
    return sorted(found.values(), key=lambda p: (p.a, p.b))
