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

Items shared by more than :data:`_MAX_POSTING` articles are boilerplate and do not count.
Candidate pairs are found without comparing all pairs: each article *probes* the index with
its :data:`PROBES` items of smallest (mixed) hash, a bottom-k sketch, and a pair is a
candidate when at least as many probes as the minimum number of shared items (4 or 5) hit it.
An article with at most :data:`PROBES` items probes with all of them, so this is exact for
it; otherwise a pair sharing at least 40% of the shorter article's items (the lowest threshold
below) is hit by about 26 of its 64 probes on average, and by fewer than 4 with probability
below 1e-9. Candidates are then verified with exact counts. The work is linear in the corpus
size (each probe reads one posting of at most ``_MAX_POSTING`` articles). Different reports of
the same event share quotes and names but not the sentence-by-sentence structure, so they are
not flagged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from briefing.brief.table import unique, unique_counts
from briefing.brief.text import fingerprint, norm_tokens

__all__ = [
    "CopyPair",
    "DocSketch",
    "Sets",
    "aligned_share",
    "as_sets",
    "find_near_copies",
    "near_copy_pairs",
    "shared_pairs",
    "sketch",
]

SHINGLE = 5
#: Containment of 5-gram shingles above which two articles are near-copies.
SHINGLE_THRESHOLD = 0.5
#: Share of the shorter article's fingerprint tokens two articles must share to be aligned.
PRINT_THRESHOLD = 0.4
#: Share of the shorter article's sentences that must align for a rewrite to count.
ALIGN_THRESHOLD = 0.6
#: Token overlap (Dice) for two sentences to count as aligned.
SENTENCE_MATCH = 0.5
#: Items each article probes the index with (bottom-k sketch).
PROBES = 64
_SLICE = 256  # sets whose probes are expanded at once
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
    # hash() is salted per process: sketches are compared within one process only.
    shingles = frozenset(hash(tuple(toks[i : i + SHINGLE])) for i in range(len(toks) - SHINGLE + 1))
    sent_sets = tuple(frozenset(st) for st in sentence_tokens if len(st) >= 4)
    return DocSketch(shingles, fingerprint(text), sent_sets, len(toks))


def _dice(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def aligned_sentences(xs: Sequence[frozenset], ys: Sequence[frozenset], window: int = 3) -> float:
    """Share of the shorter list's sentences matched, in order, to the other's sentences."""
    short, long_ = (xs, ys) if len(xs) <= len(ys) else (ys, xs)
    if not short:
        return 0.0
    matched = 0
    pos = 0
    for sent in short:
        best, best_j = 0.0, -1
        lo = max(0, pos - 1)
        for j in range(lo, min(len(long_), pos + window + 1)):
            d = _dice(sent, long_[j])
            if d > best:
                best, best_j = d, j
        if best >= SENTENCE_MATCH:
            matched += 1
            pos = best_j + 1
    return matched / len(short)


def aligned_share(x: DocSketch, y: DocSketch, window: int = 3) -> float:
    """Share of the shorter article's sentences matched, in order, to the other's sentences."""
    return aligned_sentences(x.sentences, y.sentences, window)


def _mix(values: np.ndarray) -> np.ndarray:
    """A 64-bit finaliser (splitmix64): a pseudo-random order of items for the probes."""
    h = values.astype(np.int64).view(np.uint64)
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ (h >> np.uint64(27))
        h = h * np.uint64(0x94D049BB133111EB)
        return h ^ (h >> np.uint64(31))


Sets = tuple[np.ndarray, np.ndarray]
"""Sets of integers as CSR arrays ``(ptr, items)``: set ``i`` is ``items[ptr[i]:ptr[i + 1]]``,
distinct and sorted."""


def as_sets(arrays: Sequence[np.ndarray]) -> Sets:
    """:data:`Sets` from a list of arrays of distinct integers (any order)."""
    parts = [np.sort(np.asarray(a, dtype=np.int64).ravel()) for a in arrays]
    ptr = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parts], out=ptr[1:])
    items = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return ptr, items


def shared_pairs(
    sets: Sets | Sequence[np.ndarray], min_shared: int, ratio: float, probes: int = PROBES
) -> list[tuple[int, int, int]]:
    """``(i, j, n)`` for pairs ``i < j`` whose sets share ``n >= min_shared`` non-boilerplate
    items with ``n >= ratio * min(len(sets[i]), len(sets[j]))``.

    ``sets``: :data:`Sets`, or a list of arrays of distinct integers. See the module doc for
    how candidates are found. Memory: a few times the size of ``sets``.
    """
    ptr, items = sets if isinstance(sets, tuple) else as_sets(sets)
    n = len(ptr) - 1
    sizes = np.diff(ptr)
    if n < 2 or not len(items):
        return []
    # Items found in 2.._MAX_POSTING sets (the others are unique or boilerplate): `values`.
    ranked = np.sort(items)
    first = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    df = np.diff(np.r_[first, len(ranked)])
    shared = (df > 1) & (df <= _MAX_POSTING)
    values, df = ranked[first[shared]], df[shared]
    del ranked, first, shared
    if not len(values):
        return []
    # Each set's valid items (set by set, ascending), with the number of their value (run).
    at = np.searchsorted(values, items)
    np.minimum(at, len(values) - 1, out=at)
    valid = values[at] == items
    v_run = at[valid].astype(np.int32)
    del at
    v_item = items[valid]
    v_start = np.zeros(n + 1, dtype=np.int64)
    per_set = np.add.reduceat(valid, np.minimum(ptr[:-1], len(valid) - 1))
    np.cumsum(np.where(sizes > 0, per_set, 0), out=v_start[1:])
    del valid
    # Postings: the sets holding each value, value by value (ascending set within a value).
    v_owner = np.repeat(np.arange(n, dtype=np.int32), np.diff(v_start))
    docs = v_owner[np.argsort(v_run, kind="stable")]
    del v_owner
    post = np.r_[0, np.cumsum(df)[:-1]]  # docs[post[r] : post[r] + df[r]]
    # Probes: each set's valid items of smallest mixed hash, a slice of sets at a time. Keep
    # the pairs hit by at least `min_shared` probes of one side. A pair below that shares
    # fewer items than `min_shared` (when every item of the smaller set is a probe) or is
    # very unlikely to reach `ratio` (a binomial tail of 1e-9 or less at PROBES = 64).
    found: list[np.ndarray] = []
    for o0 in range(0, n, _SLICE):
        o1 = min(n, o0 + _SLICE)
        lo, hi = int(v_start[o0]), int(v_start[o1])
        if hi <= lo:
            continue
        local = np.repeat(np.arange(o1 - o0, dtype=np.int64), np.diff(v_start[o0 : o1 + 1]))
        rank = (local << 40) | (_mix(v_item[lo:hi]) >> np.uint64(24)).astype(np.int64)
        by_rank = np.argsort(rank, kind="stable")
        place = np.arange(hi - lo) - (v_start[o0:o1] - lo)[local[by_rank]]
        probe = by_rank[place < probes]
        runs = v_run[lo:hi][probe]
        lengths = df[runs]
        base = np.repeat(post[runs] - np.cumsum(np.r_[0, lengths[:-1]]), lengths)
        partner = docs[base + np.arange(lengths.sum())].astype(np.int64)
        me = np.repeat(local[probe] + o0, lengths)
        directed, hits = unique_counts(me * n + partner)
        directed = directed[(hits >= min_shared) & (directed // n != directed % n)]
        a, b = directed // n, directed % n
        found.append(np.minimum(a, b) * n + np.maximum(a, b))
    cand = unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    if not len(cand):
        return []
    c_lo, c_hi = cand // n, cand % n
    # Exact counts, one set at a time against all its candidate partners.
    out: list[tuple[int, int, int]] = []
    bounds = np.flatnonzero(np.r_[True, c_lo[1:] != c_lo[:-1], True])
    for k in range(len(bounds) - 1):
        a = int(c_lo[bounds[k]])
        partners = c_hi[bounds[k] : bounds[k + 1]]
        mine = v_item[v_start[a] : v_start[a + 1]]  # sorted
        lens = v_start[partners + 1] - v_start[partners]
        partners, lens = partners[lens > 0], lens[lens > 0]
        if not len(mine) or not len(partners):
            continue
        theirs = np.concatenate([v_item[v_start[b] : v_start[b + 1]] for b in partners.tolist()])
        at = np.minimum(np.searchsorted(mine, theirs), len(mine) - 1)
        hit = (mine[at] == theirs).astype(np.int64)
        counts = np.add.reduceat(hit, np.r_[0, np.cumsum(lens)[:-1]])
        share = counts / np.maximum(np.minimum(sizes[a], sizes[partners]), 1)
        ok = (counts >= min_shared) & (share >= ratio)
        out.extend((a, b, c) for b, c in zip(partners[ok].tolist(), counts[ok].tolist()))
    return out


def near_copy_pairs(
    shingles: Sets,
    prints: Sets,
    sentence_sets: Callable[[int], Sequence[frozenset]],
) -> list[CopyPair]:
    """All near-copy pairs (``a < b``), sorted, from per-article shingle hashes, fingerprint
    ids (:data:`Sets`) and ``sentence_sets(i)`` (token sets of the sentences of article ``i``
    with at least 4 words, in order)."""
    found: dict[tuple[int, int], CopyPair] = {}
    sizes = np.diff(shingles[0]).tolist()
    for i, j, n in shared_pairs(shingles, 5, SHINGLE_THRESHOLD):
        sim = n / (min(sizes[i], sizes[j]) or 1)
        found[(i, j)] = CopyPair(i, j, round(sim, 3), "shingles")
    cache: dict[int, Sequence[frozenset]] = {}

    def sents(i: int) -> Sequence[frozenset]:
        if i not in cache:
            if len(cache) > 256:
                cache.clear()
            cache[i] = sentence_sets(i)
        return cache[i]

    for i, j, _n in shared_pairs(prints, 4, PRINT_THRESHOLD):
        if (i, j) in found:
            continue
        share = aligned_sentences(sents(i), sents(j))
        if share >= ALIGN_THRESHOLD:
            found[(i, j)] = CopyPair(i, j, round(share, 3), "aligned")
    return sorted(found.values(), key=lambda p: (p.a, p.b))


def find_near_copies(sketches: Sequence[DocSketch]) -> list[CopyPair]:
    """All near-copy pairs among ``sketches`` (``a < b``), sorted."""
    shingles = as_sets(
        [np.fromiter(s.shingles, dtype=np.int64, count=len(s.shingles)) for s in sketches]
    )
    ids: dict[str, int] = {}
    prints = as_sets([np.array([ids.setdefault(p, len(ids)) for p in s.prints]) for s in sketches])
    return near_copy_pairs(shingles, prints, lambda i: sketches[i].sentences)
