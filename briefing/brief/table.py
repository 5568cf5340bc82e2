"""The briefing's analysis of a whole corpus, kept compact: every sentence's words as integer
ids in flat numpy arrays.

Per-sentence Python sets of bigram strings cost about 250 kB per article (2.5 GB at 10,000
articles) and made every corpus-wide step a Python loop. Here each word is tokenized once,
mapped to an id (:class:`Lexicon`), and everything else is derived from the flat arrays with
vectorised operations: the content stems and the bigram *concepts* of each sentence (the
same sets :func:`briefing.brief.analysis.concepts_of` gives, as integers), the concept
weights, and the near-copy shingles. A sentence's sets are only built as Python objects for
the few sentences that become candidates or citations.

Ids are assigned in corpus order, so a build is deterministic.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from briefing.brief.dates import DateMention, find_dates
from briefing.brief.quotes import quoted_spans
from briefing.brief.select import MAX_WORDS, MIN_WORDS, SentenceInfo
from briefing.brief.text import STOPWORDS, fingerprint, norm_tokens, stem
from briefing.models import Sentence
from briefing.summarize import is_dependent

__all__ = [
    "SHINGLE",
    "CorpusTable",
    "Lexicon",
    "TableBuilder",
    "Weights",
    "ranges",
    "unique",
    "unique_counts",
]

SHINGLE = 5
"""Words per near-copy shingle."""
_SLICE_TOKENS = 1 << 19

_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*$")
_QUOTE_OPEN = re.compile(r"^[\"'\u201c\u2018\u00ab`]")
_BYLINE = re.compile(r"^(?:by|photo|image|source|copyright|\(c\)|read more|related)\b", re.I)
_FIRST_PERSON = re.compile(r"^(?:I|We|Our|My|Us|I'm|I've|We're|We've|I\u2019m|We\u2019re)\b")
_QUOTE_MARKS = ('"', "\u201c", "``", "\u00ab")


def unique(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an integer array (``np.unique`` hashes, which is many
    times slower on millions of values)."""
    ordered = np.sort(values, kind="stable")
    if len(ordered) < 2:
        return ordered
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]]


def unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(distinct values, how often each occurs)``, sorted."""
    ordered = np.sort(values, kind="stable")
    if not len(ordered):
        return ordered, np.zeros(0, dtype=np.int64)
    first = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[first], np.diff(np.r_[first, len(ordered)])


def _quote_tail(text: str) -> bool:
    """True for the end of a quotation opened in an earlier sentence ('... ," she said.')."""
    close = text.find("\u201d")
    opening = text.find("\u201c")
    return close >= 0 and (opening < 0 or close < opening)


def usable(text: str, n_words: int) -> bool:
    """A full declarative sentence of a sensible length (no heading, byline, question, quote)."""
    if not MIN_WORDS <= n_words <= MAX_WORDS:
        return False
    if _quote_tail(text) or _FIRST_PERSON.match(text):
        return False
    if not _END.search(text) or text.rstrip("\"'\u201d\u2019\u00bb)]").endswith("?"):
        return False
    return not (_QUOTE_OPEN.match(text) or _BYLINE.match(text))


def quote_grams(text: str) -> frozenset[int]:
    """Word 4-grams inside the quotation marks of a sentence, hashed (a quote identifies a
    statement); empty when the sentence has no quotation mark. ``hash()`` of a string is
    salted per process: compare grams within one build only."""
    if not any(q in text for q in _QUOTE_MARKS):
        return frozenset()
    grams: set[int] = set()
    for a, b in quoted_spans(text):
        toks = norm_tokens(text[a:b])
        grams.update(hash(" ".join(toks[i : i + 4])) for i in range(len(toks) - 3))
    return frozenset(grams)


class Lexicon:
    """Word and stem ids for one build (ids in order of first appearance)."""

    def __init__(self) -> None:
        self.tokens: dict[str, int] = {}
        self.tok_stem = array("i")
        self.stems: dict[str, int] = {}
        self.stem_text: list[str] = []
        self.stop = bytearray()
        self.prints: dict[str, int] = {}

    def ids(self, tokens: Sequence[str]) -> list[int]:
        """The ids of ``tokens`` (new words are added)."""
        known = self.tokens
        for t in tokens:
            if t not in known:
                self._add(t)
        return [known[t] for t in tokens]

    def _add(self, token: str) -> None:
        self.tokens[token] = len(self.tokens)
        s = stem(token)
        sid = self.stems.get(s)
        if sid is None:
            sid = self.stems[s] = len(self.stem_text)
            self.stem_text.append(s)
            self.stop.append(s in STOPWORDS)
        self.tok_stem.append(sid)

    def print_ids(self, prints: Iterable[str]) -> np.ndarray:
        """Sorted ids of fingerprint tokens (see :func:`briefing.brief.text.fingerprint`)."""
        table = self.prints
        return np.array(sorted({table.setdefault(p, len(table)) for p in prints}), dtype=np.int64)


@dataclass(slots=True)
class Weights:
    """Concept weights: ``codes`` (sorted) have weight ``values`` (independent sources)."""

    codes: np.ndarray
    values: np.ndarray
    min_df: int

    def __len__(self) -> int:
        return len(self.codes)

    def lookup(self, codes: np.ndarray) -> np.ndarray:
        """The weight of each of ``codes`` (0 for a concept below ``min_df``)."""
        if not len(self.codes) or not len(codes):
            return np.zeros(len(codes), dtype=np.int64)
        at = np.minimum(np.searchsorted(self.codes, codes), len(self.codes) - 1)
        return np.where(self.codes[at] == codes, self.values[at], 0)

    def as_dict(self, codes: Iterable[int]) -> dict[int, int]:
        """``{code: weight}`` for the weighted ones of ``codes``."""
        wanted = unique(np.fromiter(codes, dtype=np.int64))
        found = self.lookup(wanted)
        keep = found > 0
        return dict(zip(wanted[keep].tolist(), found[keep].tolist()))


class TableBuilder:
    """Adds articles one by one (Python tokenizing), then :meth:`finish` vectorises."""

    def __init__(self) -> None:
        self.lex = Lexicon()
        self.texts: list[str] = []
        self.art_ptr = array("q", [0])
        self.starts = array("i")
        self.ends = array("i")
        self.n_words = array("i")
        self.flags = bytearray()  # bit 0: dependent, bit 1: usable
        self.tok = array("i")
        self.tok_ptr = array("q", [0])
        self.dates: dict[int, tuple[DateMention, ...]] = {}
        self.gram_sid = array("i")  # quoted 4-grams: sentence, hash (in sentence order)
        self.gram_hash = array("q")
        self.prints: list[np.ndarray] = []

    def add(self, text: str, spans: Iterable[tuple[int, int]], published: dt.date | None) -> None:
        """Add one article: its cleaned ``text`` and sentence ``spans`` (in order)."""
        lex, tok, tok_ptr = self.lex, self.tok, self.tok_ptr
        first = len(self.n_words)
        sent_starts: list[int] = []
        sent_ends: list[int] = []
        for start, end in spans:
            s = text[start:end]
            n = len(s.split())
            tokens = norm_tokens(s)
            tok.extend(lex.ids(tokens))
            tok_ptr.append(len(tok))
            dependent = 3 <= n <= 80 and is_dependent(s)
            self.flags.append(int(dependent) | (2 if usable(s, n) else 0))
            self.n_words.append(n)
            sent_starts.append(start)
            sent_ends.append(end)
            grams = quote_grams(s)
            if grams:
                self.gram_sid.extend([len(self.n_words) - 1] * len(grams))
                self.gram_hash.extend(sorted(grams))
        self.starts.extend(sent_starts)
        self.ends.extend(sent_ends)
        # Each date expression belongs to the sentence that contains it.
        k = 0
        per: dict[int, list[DateMention]] = {}
        for d in find_dates(text, published):
            while k < len(sent_starts) and sent_ends[k] <= d.start:
                k += 1
            if k < len(sent_starts) and sent_starts[k] <= d.start and d.end <= sent_ends[k]:
                per.setdefault(first + k, []).append(d)
        self.dates.update((sid, tuple(ds)) for sid, ds in per.items())
        self.prints.append(lex.print_ids(fingerprint(text)))
        self.texts.append(text)
        self.art_ptr.append(len(self.n_words))

    def finish(self) -> CorpusTable:
        """The table of everything added (it shares this builder's arrays: add no more)."""
        return CorpusTable(self)


class CorpusTable:
    """Sentences of every article, with word ids, stems and concepts (see the module doc).

    Sentences have global ids (``sid``): article ``a``'s sentence ``i`` is
    ``art_ptr[a] + i``. Concept codes are ``stem_a * n_stems + stem_b`` for a bigram of
    stems (two stop words never make a concept).
    """

    def __init__(self, b: TableBuilder) -> None:
        self.lex = b.lex
        self.texts = b.texts
        # The builder's arrays are used in place (it cannot grow afterwards).
        self.art_ptr = np.frombuffer(b.art_ptr, dtype=np.int64)
        self.starts = np.frombuffer(b.starts, dtype=np.int32)
        self.ends = np.frombuffer(b.ends, dtype=np.int32)
        self.n_words = np.frombuffer(b.n_words, dtype=np.int32)
        flags = np.frombuffer(bytes(b.flags), dtype=np.uint8)
        self.dependent = (flags & 1).astype(bool)
        self.usable = (flags & 2).astype(bool)
        self.tok = np.frombuffer(b.tok, dtype=np.int32)
        self.tok_ptr = np.frombuffer(b.tok_ptr, dtype=np.int64)
        self.dates = b.dates
        self.gram_sid = np.frombuffer(b.gram_sid, dtype=np.int32)
        self.gram_hash = np.frombuffer(b.gram_hash, dtype=np.int64)
        self.prints = b.prints
        n_sent = len(self.n_words)
        self.article_of = np.repeat(
            np.arange(len(self.texts), dtype=np.int32), np.diff(self.art_ptr)
        )
        self.n_stems = max(1, len(self.lex.stem_text))
        stop = np.frombuffer(bytes(self.lex.stop), dtype=np.uint8).astype(bool)
        tok_stem = np.frombuffer(self.lex.tok_stem, dtype=np.int32)
        # At most one stem and one concept per token: fill arrays of that size, a slice of
        # sentences at a time (bounded scratch memory), and keep the part used.
        stem_sid = np.empty(len(self.tok), dtype=np.int32)
        stem_ids = np.empty(len(self.tok), dtype=np.int32)
        concept_sid = np.empty(len(self.tok), dtype=np.int32)
        concept_codes = np.empty(len(self.tok), dtype=np.int64)
        n_s = n_c = 0
        s0 = 0
        while s0 < n_sent:
            s1 = int(np.searchsorted(self.tok_ptr, self.tok_ptr[s0] + _SLICE_TOKENS, "right"))
            s1 = min(n_sent, max(s1 - 1, s0 + 1))
            sids, values = self._stems_of(s0, s1, tok_stem, stop)
            stem_sid[n_s : n_s + len(sids)] = sids
            stem_ids[n_s : n_s + len(sids)] = values
            n_s += len(sids)
            sids, values = self._concepts_of(s0, s1, tok_stem, stop)
            concept_sid[n_c : n_c + len(sids)] = sids
            concept_codes[n_c : n_c + len(sids)] = values
            n_c += len(sids)
            s0 = s1
        self.stem_sid, self.stem_ids = _used(stem_sid, n_s), _used(stem_ids, n_s)
        self.stem_ptr = np.searchsorted(self.stem_sid, np.arange(n_sent + 1))
        self.concept_sid, self.concept_codes = _used(concept_sid, n_c), _used(concept_codes, n_c)
        self.concept_ptr = np.searchsorted(self.concept_sid, np.arange(n_sent + 1))
        self.wsum = np.zeros(n_sent)

    def _slice(self, s0: int, s1: int, tok_stem: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(stem id of each token, local sentence of each token) for sentences s0..s1-1."""
        lo, hi = self.tok_ptr[s0], self.tok_ptr[s1]
        stems = tok_stem[self.tok[lo:hi]].astype(np.int64)
        sent = np.repeat(np.arange(s1 - s0, dtype=np.int64), np.diff(self.tok_ptr[s0 : s1 + 1]))
        return stems, sent

    def _stems_of(
        self, s0: int, s1: int, tok_stem: np.ndarray, stop: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Content stems per sentence (unique, sorted): (sid, stem) arrays."""
        stems, sent = self._slice(s0, s1, tok_stem)
        content = ~stop[stems]
        keys = unique(sent[content] * self.n_stems + stems[content])
        return keys // self.n_stems + s0, keys % self.n_stems

    def _concepts_of(
        self, s0: int, s1: int, tok_stem: np.ndarray, stop: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Bigram concepts per sentence (unique, sorted): (sid, code) arrays."""
        stems, sent = self._slice(s0, s1, tok_stem)
        pick = (sent[:-1] == sent[1:]) & ~(stop[stems[:-1]] & stop[stems[1:]])
        codes = stems[:-1][pick] * self.n_stems + stems[1:][pick]
        csent = sent[:-1][pick]
        del stems, sent, pick
        span = self.n_stems * self.n_stems
        if (s1 - s0) * span < (1 << 62):
            keys = unique(csent * span + codes)
            return keys // span + s0, keys % span
        order = np.lexsort((codes, csent))  # a huge vocabulary: sort by two keys
        csent, codes = csent[order], codes[order]
        keep = np.r_[True, (csent[1:] != csent[:-1]) | (codes[1:] != codes[:-1])]
        return csent[keep] + s0, codes[keep]

    # --- sizes and ids -------------------------------------------------------------------

    @property
    def n_articles(self) -> int:
        return len(self.texts)

    @property
    def n_sentences(self) -> int:
        return len(self.n_words)

    def sid(self, article: int, index: int) -> int:
        """The global id of sentence ``index`` of ``article``."""
        return int(self.art_ptr[article]) + index

    def count(self, article: int) -> int:
        """How many sentences ``article`` has."""
        return int(self.art_ptr[article + 1] - self.art_ptr[article])

    # --- materialised views ----------------------------------------------------------------

    def sentence(self, article: int, index: int) -> Sentence:
        """Sentence ``index`` of ``article``."""
        sid = self.sid(article, index)
        start, end = int(self.starts[sid]), int(self.ends[sid])
        return Sentence(self.texts[article][start:end], index, start, end)

    def sentences(self, article: int) -> tuple[Sentence, ...]:
        """All sentences of ``article``."""
        return tuple(self.sentence(article, i) for i in range(self.count(article)))

    def stems(self, sid: int) -> frozenset[int]:
        """Content stem ids of a sentence."""
        return frozenset(self.stem_ids[self.stem_ptr[sid] : self.stem_ptr[sid + 1]].tolist())

    def concepts(self, sid: int) -> frozenset[int]:
        """Concept codes of a sentence."""
        lo, hi = self.concept_ptr[sid], self.concept_ptr[sid + 1]
        return frozenset(self.concept_codes[lo:hi].tolist())

    def tokens(self, sid: int) -> frozenset[int]:
        """Word ids of a sentence."""
        return frozenset(self.tok[self.tok_ptr[sid] : self.tok_ptr[sid + 1]].tolist())

    def info(self, article: int, index: int) -> SentenceInfo:
        """What selection needs from one sentence."""
        sid = self.sid(article, index)
        return SentenceInfo(
            article=article,
            index=index,
            n_words=int(self.n_words[sid]),
            concepts=self.concepts(sid),
            stems=self.stems(sid),
            dependent=bool(self.dependent[sid]),
            usable=bool(self.usable[sid]),
            quote_grams=self.quote_grams(sid),
        )

    def infos(self, article: int) -> tuple[SentenceInfo, ...]:
        """:meth:`info` of every sentence of ``article``."""
        return tuple(self.info(article, i) for i in range(self.count(article)))

    def quote_grams(self, sid: int) -> frozenset[int]:
        """Hashed word 4-grams inside the quotation marks of a sentence."""
        lo, hi = np.searchsorted(self.gram_sid, [sid, sid + 1])
        return frozenset(self.gram_hash[lo:hi].tolist())

    def sentence_dates(self, sid: int) -> tuple[DateMention, ...]:
        """The date expressions in a sentence."""
        return self.dates.get(sid, ())

    # --- corpus-wide -----------------------------------------------------------------------

    def concept_weights(self, groups: Sequence[int], min_df: int) -> Weights:
        """Concept -> number of independent groups (sources) containing it (>= ``min_df``)."""
        group = np.asarray(groups, dtype=np.int64)
        span = self.n_stems * self.n_stems
        # Each group's distinct concepts, whole groups at a time (bounded scratch memory).
        arts = np.argsort(group, kind="stable")
        bounds = self.concept_ptr[self.art_ptr]
        sizes = (bounds[1:] - bounds[:-1])[arts]
        ends = np.cumsum(sizes)
        group_end = np.r_[group[arts][1:] != group[arts][:-1], True]  # last member of a group
        parts: list[np.ndarray] = []
        k0 = 0
        while k0 < len(arts):
            k1 = int(np.searchsorted(ends, ends[k0] - sizes[k0] + _SLICE_TOKENS, "right"))
            k1 = min(len(arts) - 1, max(k1 - 1, k0))
            k1 = int(np.flatnonzero(group_end[k1:])[0]) + k1 + 1  # finish the group
            members = arts[k0:k1]
            at = ranges(bounds[members], sizes[k0:k1])
            keys = np.repeat(group[members], sizes[k0:k1])
            parts.append(_pairs(keys, self.concept_codes[at], span)[1])
            k0 = k1
        codes, df = unique_counts(np.concatenate(parts) if parts else np.zeros(0, np.int64))
        keep = df >= min_df
        return Weights(codes[keep], df[keep].astype(np.int64), min_df)

    def set_weights(self, weights: Weights) -> None:
        """Per-sentence sum of concept weights (:attr:`wsum`) under ``weights``."""
        total = np.zeros(self.n_sentences)
        for lo in range(0, len(self.concept_codes), _SLICE_TOKENS):
            hi = lo + _SLICE_TOKENS
            w = weights.lookup(self.concept_codes[lo:hi]).astype(np.float64)
            total += np.bincount(self.concept_sid[lo:hi], weights=w, minlength=self.n_sentences)
        self.wsum = total

    def shingles(self) -> tuple[np.ndarray, np.ndarray]:
        """Per article, the distinct hashes of its word 5-grams (across sentences), sorted: CSR
        arrays ``(ptr, hashes)`` (article ``a``'s are ``hashes[ptr[a]:ptr[a + 1]]``)."""
        n_art = len(self.texts)
        ptr = np.zeros(n_art + 1, dtype=np.int64)
        if len(self.tok) < SHINGLE:
            return ptr, np.zeros(0, dtype=np.int64)
        count = len(self.tok) - SHINGLE + 1
        h = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(SHINGLE):  # a polynomial hash of the 5 word ids, in place
                h *= np.uint64(0x100000001B3)
                h += self.tok[k : count + k].astype(np.uint64)
                h += np.uint64(1)
        h = _mix(h, inplace=True).view(np.int64)
        art_tok = self.tok_ptr[self.art_ptr].tolist()  # each article's range of tokens
        out = np.empty(len(h), dtype=np.int64)
        used = 0
        for a in range(n_art):
            lo, hi = art_tok[a], art_tok[a + 1] - SHINGLE + 1
            if hi > lo:
                part = unique(h[lo:hi])
                out[used : used + len(part)] = part
                used += len(part)
            ptr[a + 1] = used
        return ptr, out[:used].copy()

    def print_sets(self) -> tuple[np.ndarray, np.ndarray]:
        """Each article's fingerprint token ids, as CSR arrays like :meth:`shingles`."""
        ptr = np.zeros(len(self.prints) + 1, dtype=np.int64)
        np.cumsum([len(p) for p in self.prints], out=ptr[1:])
        items = np.concatenate(self.prints) if self.prints else np.zeros(0, dtype=np.int64)
        return ptr, items.astype(np.int64)

    def sentence_sets(self, article: int) -> tuple[frozenset[int], ...]:
        """Word-id sets of the sentences of ``article`` with at least 4 words (alignment)."""
        lo, hi = int(self.art_ptr[article]), int(self.art_ptr[article + 1])
        ptr = self.tok_ptr
        return tuple(
            frozenset(self.tok[ptr[s] : ptr[s + 1]].tolist())
            for s in range(lo, hi)
            if ptr[s + 1] - ptr[s] >= 4
        )


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``concatenate([arange(s, s + n) for s, n in zip(starts, lengths)])``, vectorised."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    shift = np.repeat(starts - np.cumsum(np.r_[0, lengths[:-1]]), lengths)
    return shift + np.arange(total)


def _pairs(keys: np.ndarray, values: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``(key, value)`` pairs (``0 <= value < span``), sorted."""
    if not len(keys):
        return keys, values
    if int(keys.max()) * span < (1 << 62):
        packed = unique(keys * span + values)
        return packed // span, packed % span
    order = np.lexsort((values, keys))
    keys, values = keys[order], values[order]
    keep = np.r_[True, (keys[1:] != keys[:-1]) | (values[1:] != values[:-1])]
    return keys[keep], values[keep]


def _used(values: np.ndarray, n: int) -> np.ndarray:
    """The first ``n`` values (a copy when that frees much memory, else a view)."""
    return values[:n].copy() if n < len(values) // 2 else values[:n]


def _mix(h: np.ndarray, inplace: bool = False) -> np.ndarray:
    """A 64-bit finaliser (splitmix64), so hash order looks random (bottom-k probing)."""
    if not inplace:
        h = h.copy()
    with np.errstate(over="ignore"):
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return h


def build_table(
    texts: Sequence[str],
    spans: Callable[[int], Iterable[tuple[int, int]]],
    published: Sequence[dt.date | None],
    check: Callable[[int], None] | None = None,
) -> CorpusTable:
    """The table of ``texts`` (``spans(i)``: sentence spans of text ``i``); ``check(i)`` is
    called before each article (it may raise to stop)."""
    builder = TableBuilder()
    for i, text in enumerate(texts):
        if check is not None:
            check(i)
        builder.add(text, spans(i), published[i])
    return builder.finish()
