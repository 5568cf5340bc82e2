"""Extractive summaries of one article: sumy's algorithms, Lead-k, and a news default.

Methods (:data:`METHODS`):

* ``default`` -- made for news. Sentences are tf-idf vectors (Porter-stemmed, stop words
  removed, idf over the article's sentences) compared by cosine. Salience is position-aware
  centrality: continuous LexRank (Erkan & Radev 2004), i.e. PageRank on the cosine graph with
  damping 0.85, whose teleport vector prefers early sentences in proportion to 1 / (i + 1) as
  in PositionRank (Florescu & Caragea 2017) -- the lead prior of the inverted pyramid, applied
  inside the random walk. Headings and fragments are damped. Sentences are then chosen by MMR
  (Carbonell & Goldstein 1998, lambda 0.7) to avoid redundancy. Finally a summary never
  *starts* with a sentence that depends on the one before it ("He said ...", "But ...",
  "This ...", '"...," she said'): the preceding sentence (or two) is brought along and the
  weakest other pick dropped, or the dependent sentence is replaced by the next MMR pick.
  All constants are textbook values, not tuned on a benchmark. PacSum's directed centrality
  (Zheng & Lapata 2019, tf-idf variant) is available as ``CENTRALITY = "pacsum"`` for
  comparison: on the BBC benchmark it scored below Lead-k (see benchmarks/bench_summaries.py
  ``--ablation``), so it is not the default.
* ``lead`` -- the first k sentences (score = 1 - i/n).
* ``lexrank``, ``lsa``, ``luhn``, ``textrank``, ``sumbasic``, ``kl``, ``reduction``,
  ``edmundson`` -- sumy's summarizers with English stop words and the Snowball stemmer, fed
  our own sentences and :class:`~briefing.sentences.OfflineTokenizer` (no NLTK data). Their
  selections are exactly sumy's. ``edmundson`` uses news cue words (:data:`BONUS_WORDS`,
  :data:`STIGMA_WORDS`), stop words as null words, and the title when one is given.

Scores: each returned :class:`~briefing.models.Sentence` carries ``score`` in [0, 1], higher =
more important: the method's own per-sentence rating, min-max normalised over the article.
sumy's ratings are read from the summarizer itself (the value it ranks by); for ``kl`` and
``sumbasic`` that rating is already rank-based (the greedy pick order), so their scores are
rank-based too. For ``default`` the score is the salience (centrality x fragment damping)
before MMR; for ``lead`` it is 1 - i/n.

Input caps (:data:`SENTENCE_CAPS`, :data:`MAX_SCORED_CHARS`): the methods (all but ``lead``)
only see the first N sentences, and at most 100,000 characters, of an article (KL is cubic and
LSA's matrix set-up is slow in pure Python); later sentences get score 0 and are never chosen.
The caps keep one article under about a second on a 2-core machine and bound memory on any
input; news articles rarely reach them.

sumy and nltk are imported lazily, so ``import briefing.summarize`` stays cheap.
"""

from __future__ import annotations

import dataclasses
import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from briefing.errors import BriefingError
from briefing.models import Sentence
from briefing.sentences import OfflineTokenizer, split_sentences, words
from briefing.summary_methods import METHODS, SUMY_CLASSES

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = [
    "DEFAULT_COUNT",
    "MAX_SCORED_CHARS",
    "METHODS",
    "SENTENCE_CAPS",
    "is_dependent",
    "paragraph_ids",
    "score_sentences",
    "summarize",
    "summarize_sentences",
    "summary_length",
]

_SUMY = SUMY_CLASSES
#: Summary length when neither a count nor a ratio is given.
DEFAULT_COUNT = 5
#: Only the first N sentences of an article are scored by these methods (see module doc).
SENTENCE_CAPS: dict[str, int] = {
    "default": 600,
    "lexrank": 300,
    "lsa": 400,
    "luhn": 1000,
    "textrank": 500,
    "sumbasic": 600,
    "kl": 100,
    "reduction": 300,
    "edmundson": 1000,
}

#: The capped methods also score at most this many characters of an article (the first
#: sentences that fit, at least one): with the sentence caps this bounds time and memory on
#: any input. News articles stay far below it.
MAX_SCORED_CHARS = 100_000


def _cap(sents: Sequence[Sentence], method: str) -> int:
    """How many leading sentences ``method`` scores (see :data:`SENTENCE_CAPS`)."""
    n = len(sents)
    if method not in SENTENCE_CAPS:
        return n
    cap = min(n, SENTENCE_CAPS[method])
    total = 0
    for i in range(cap):
        total += len(sents[i].text)
        if total > MAX_SCORED_CHARS and i:
            return i
    return cap


# --- default method constants (textbook values, see module doc) --------------------------
#: Centrality of the default method: "pagerank" (position-biased continuous LexRank) or
#: "pacsum" (PacSum's directed tf-idf centrality; kept for comparison, see the benchmark).
CENTRALITY = "pagerank"
#: PageRank damping factor (Brin & Page 1998; LexRank and TextRank use 0.85 too).
DAMPING = 0.85
#: Teleport to sentence i with probability proportional to 1 / (i + 1) (PositionRank);
#: False gives plain continuous LexRank (uniform teleport).
POSITION_BIAS = True
#: PacSum: keep edges above min + BETA * (max - min); weights of edges to later sentences
#: and from earlier ones (a point of PacSum's published tuning grid).
PACSUM_BETA = 0.6
PACSUM_FORWARD = 0.7
PACSUM_BACKWARD = 0.3
#: MMR trade-off between salience and novelty (1.0 switches MMR off).
MMR_LAMBDA = 0.7
#: Salience multiplier for headings and fragments (no final punctuation, or < 4 words).
FRAGMENT_FACTOR = 0.3
#: Keep a summary from opening with a sentence that depends on the one before it.
DEPENDENCY_RULE = True

#: Edmundson cue words that mark newsworthy statements and events.
BONUS_WORDS: tuple[str, ...] = (
    "said", "says", "announced", "agreed", "warned", "demanded", "confirmed", "rejected",
    "denied", "accused", "urged", "signed", "approved", "decided", "launched", "reported",
    "according", "officials", "minister", "president", "government", "deal", "talks",
    "meeting", "first", "new", "major", "key", "billion", "million", "percent", "killed",
    "attack", "sanctions", "agreement", "vote", "election", "court", "ruled",
)  # fmt: skip
#: Edmundson stigma words: hedges, opinion fillers and web boilerplate.
STIGMA_WORDS: tuple[str, ...] = (
    "perhaps", "maybe", "possibly", "somewhat", "arguably", "apparently", "seemingly",
    "hopefully", "basically", "anyway", "click", "subscribe", "newsletter", "advertisement",
    "cookies", "copyright", "photo", "image", "caption", "share", "comment", "comments",
    "follow", "sign", "login", "download", "app", "browser",
)  # fmt: skip


def _wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set."""
    return frozenset(text.split())


_PRONOUNS = _wordset(
    "he she it they him her his hers its their theirs them this these those that such"
)
_CONNECTIVES = _wordset(
    """but however also meanwhile then moreover furthermore additionally besides yet so still
    instead nevertheless nonetheless thus therefore hence consequently and or nor otherwise
    likewise similarly indeed accordingly anyway though although another both"""
)
_CONNECTIVE_PHRASES = (
    "in addition", "as a result", "on the other hand", "at the same time", "by contrast",
    "in contrast", "even so", "for example", "for instance", "in turn", "as well",
    "on top of that", "in that case", "that is", "the latter", "the former", "in response",
    "despite this", "because of this", "after that", "before that", "as such", "in fact",
    "to that end", "the same",
)  # fmt: skip
_LEADING_NOISE = re.compile(r"^[\s\-\u2013\u2014\u2022*(\[]+")
_QUOTE_START = re.compile(r"^[\"'\u201c\u2018\u00ab]")
_PRONOUN_ATTRIBUTION = re.compile(
    r"[\"'\u201d\u2019\u00bb]\s*,?\s*(?:he|she|they)\s+[a-z]+", re.IGNORECASE
)
_FIRST_WORDS = re.compile(r"[A-Za-z']+")
_END_PUNCT = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*$")


# --- public helpers -------------------------------------------------------------------------


def is_dependent(text: str) -> bool:
    """True if a sentence reads as depending on the one before it.

    It starts with an anaphoric pronoun or determiner ("He", "They", "This", "Such"), a
    discourse connective ("But", "However", "In addition", "As a result"), or it is a quotation
    attributed only to a pronoun ('"We are ready," she said.'). Pronoun and connective lists
    follow Zhang et al. (2023), "Extractive is not Faithful".
    """
    body = _LEADING_NOISE.sub("", text)
    if _QUOTE_START.match(body):
        return bool(_PRONOUN_ATTRIBUTION.search(body))
    tokens = _FIRST_WORDS.findall(body[:80])
    if not tokens:
        return False
    first = tokens[0].lower()
    if first.endswith(("'s", "'ll", "'d", "'re", "'ve")):
        first = first.split("'", 1)[0]
    if first in _PRONOUNS or first in _CONNECTIVES:
        return True
    head = " ".join(t.lower() for t in tokens[:4])
    return any(head == p or head.startswith(p + " ") for p in _CONNECTIVE_PHRASES)


def paragraph_ids(text: str, sents: Sequence[Sentence]) -> list[int]:
    """Paragraph number of each sentence: a new paragraph starts after any line break."""
    ids: list[int] = []
    para = 0
    for k, s in enumerate(sents):
        if k and "\n" in text[sents[k - 1].end : s.start]:
            para += 1
        ids.append(para)
    return ids


def summary_length(total: int, sentences: int | None = None, ratio: float | None = None) -> int:
    """How many sentences to pick from ``total``: by count, by ratio, or :data:`DEFAULT_COUNT`."""
    if sentences is not None and ratio is not None:
        raise BriefingError("give a sentence count or a ratio, not both")
    if sentences is not None:
        if isinstance(sentences, bool) or not isinstance(sentences, int) or sentences < 0:
            raise BriefingError(f"sentence count must be a whole number >= 0, not {sentences!r}")
        return min(sentences, total)
    if ratio is not None:
        if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not 0 < ratio <= 1:
            raise BriefingError(f"ratio must be in (0, 1], not {ratio!r}")
        return min(total, max(1, round(ratio * total))) if total else 0
    return min(DEFAULT_COUNT, total)


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise BriefingError(f"unknown summary method {method!r}; valid: {', '.join(METHODS)}")


def summarize(
    text: str,
    sentences: int | None = None,
    *,
    ratio: float | None = None,
    method: str = "default",
    title: str | None = None,
) -> list[Sentence]:
    """Summarize ``text``: the chosen sentences in document order, with index, span and score.

    Length is ``sentences`` (a count), or ``ratio`` of the article's sentences, or
    :data:`DEFAULT_COUNT`; never more than the article has. ``title`` (optional) is used by
    ``edmundson``. Raises :class:`BriefingError` for an unknown method or a bad length.
    """
    _check_method(method)
    sents = split_sentences(text)
    return summarize_sentences(sents, sentences, ratio=ratio, method=method, text=text, title=title)


def summarize_sentences(
    sents: Sequence[Sentence],
    sentences: int | None = None,
    *,
    ratio: float | None = None,
    method: str = "default",
    text: str | None = None,
    title: str | None = None,
) -> list[Sentence]:
    """Like :func:`summarize` for already split sentences (e.g. from :func:`split_sentences`).

    ``text`` is the source the spans refer to; it is only used to find paragraph breaks.
    Returned sentences keep their own ``index``/``start``/``end`` and get a new ``score``.
    """
    _check_method(method)
    sents = list(sents)
    k = summary_length(len(sents), sentences, ratio)
    if k == 0:
        return []
    if method == "default":
        picked, scores = _default_select(sents, k)
    else:
        scores = _scores(sents, method, text, title)
        order = sorted(range(_cap(sents, method)), key=lambda i: -scores[i])
        picked = order[:k]
    return [dataclasses.replace(sents[i], score=scores[i]) for i in sorted(picked)]


def score_sentences(
    sents: Sequence[Sentence],
    method: str = "default",
    *,
    text: str | None = None,
    title: str | None = None,
) -> list[float]:
    """Per-sentence importance in [0, 1] (1 = best in the article) for ``method``.

    Sentences past the method's cap (:data:`SENTENCE_CAPS`) score 0. For ``default`` this is the
    salience before MMR and the dependency rule. ``text`` (the source of the spans) gives
    paragraph breaks to sumy's Edmundson location method; ``title`` feeds its title method.
    """
    _check_method(method)
    return _scores(list(sents), method, text, title)


def _scores(sents: list[Sentence], method: str, text: str | None, title: str | None) -> list[float]:
    n = len(sents)
    if n == 0:
        return []
    if method == "lead":
        return [1.0 - i / n for i in range(n)]
    cap = _cap(sents, method)
    texts = [s.text for s in sents[:cap]]
    if method == "default":
        raw = _default_salience(texts)[0].tolist()
    else:
        paras = paragraph_ids(text, sents[:cap]) if text is not None else None
        raw = _sumy_ratings(method, texts, paras, title)
    return _normalise(raw) + [0.0] * (n - cap)


# --- shared internals -----------------------------------------------------------------------


def _normalise(values: Sequence[float]) -> list[float]:
    """Min-max scale to [0, 1]; NaN counts as the minimum; all-equal values become 1.0."""
    clean = [v if v == v and math.isfinite(v) else float("-inf") for v in values]
    finite = [v for v in clean if v != float("-inf")]
    if not finite:
        return [1.0] * len(values)
    lo, hi = min(finite), max(finite)
    if hi - lo <= 1e-12:
        return [1.0 if v != float("-inf") else 0.0 for v in clean]
    return [0.0 if v == float("-inf") else (v - lo) / (hi - lo) for v in clean]


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """sumy's English stop-word list, read without importing sumy's summarizers."""
    from importlib import resources

    data = resources.files("sumy").joinpath("data/stopwords/english.txt").read_text("utf-8")
    return frozenset(w.strip() for w in data.splitlines() if w.strip())


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def _terms(sentence: str) -> list[str]:
    """Stemmed content words of a sentence (lower case, stop words and 1-letter words out)."""
    stop = _stop_words()
    out = []
    for w in words(sentence):
        low = w.lower()
        if len(low) > 1 and low not in stop and any(c.isalpha() for c in low):
            out.append(_stem(low))
    return out


# --- default method -------------------------------------------------------------------------


#: Above this many cells (sentences x vocabulary) the tf-idf similarity is computed from
#: postings instead of a dense matrix (8 MB of float64 at the threshold).
DENSE_CELLS = 1_000_000


def _tfidf_cosine(term_lists: list[list[str]]) -> np.ndarray:
    """Cosine similarity of sentences as tf-idf vectors (idf over the sentences).

    Small inputs (every news article) use a dense sentences x vocabulary matrix; larger ones
    are computed term by term from postings, so memory stays O(n^2 + words) on any input (a
    dense matrix for 600 long sentences of made-up words would take gigabytes).
    """
    import numpy as np

    n = len(term_lists)
    counts = [Counter(t) for t in term_lists]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    if not df:
        return np.zeros((n, n))
    if n * len(df) <= DENSE_CELLS:
        vocab = {term: k for k, term in enumerate(df)}
        idf = np.log(1.0 + n / np.array([df[t] for t in vocab], dtype=float))
        mat = np.zeros((n, len(vocab)))
        for i, c in enumerate(counts):
            for term, tf in c.items():
                mat[i, vocab[term]] = (1.0 + math.log(tf)) * idf[vocab[term]]
        norms = np.linalg.norm(mat, axis=1)
        norms[norms == 0] = 1.0
        mat /= norms[:, None]
        return mat @ mat.T
    sim = np.zeros((n, n))
    norms2 = np.zeros(n)
    shared: dict[str, tuple[list[int], list[float]]] = {}
    for i, c in enumerate(counts):
        for term, tf in c.items():
            weight = (1.0 + math.log(tf)) * math.log(1.0 + n / df[term])
            norms2[i] += weight * weight
            if df[term] > 1:  # a term of one sentence only adds to that sentence's norm
                rows, weights = shared.setdefault(term, ([], []))
                rows.append(i)
                weights.append(weight)
    norms = np.sqrt(norms2)
    norms[norms == 0] = 1.0
    for rows, weights in shared.values():
        idx = np.asarray(rows)
        vec = np.asarray(weights) / norms[idx]
        sim[np.ix_(idx, idx)] += np.outer(vec, vec)
    diagonal = np.zeros(n)
    diagonal[norms2 > 0] = 1.0  # a non-empty vector's cosine with itself
    np.fill_diagonal(sim, diagonal)
    return sim


def _is_fragment(text: str) -> bool:
    """A heading, caption or fragment: no final punctuation, or fewer than 4 words."""
    return len(words(text)) < 4 or not _END_PUNCT.search(text)


def _pagerank(sim: np.ndarray) -> np.ndarray:
    """Stationary distribution of a random walk on the similarity graph (continuous LexRank).

    Teleport prefers early sentences when :data:`POSITION_BIAS` is on.
    """
    import numpy as np

    n = len(sim)
    weights = sim.copy()
    np.fill_diagonal(weights, 0.0)
    rows = weights.sum(axis=1)
    isolated = rows <= 0
    rows[isolated] = 1.0
    walk = weights / rows[:, None]
    teleport = 1.0 / (1.0 + np.arange(n)) if POSITION_BIAS else np.ones(n)
    teleport /= teleport.sum()
    walk[isolated] = teleport  # a sentence sharing no word with others jumps anywhere
    rank = np.full(n, 1.0 / n)
    for _ in range(200):
        nxt = (1.0 - DAMPING) * teleport + DAMPING * (walk.T @ rank)
        done = np.abs(nxt - rank).sum() < 1e-10
        rank = nxt
        if done:
            break
    return rank


def _pacsum(sim: np.ndarray) -> np.ndarray:
    """PacSum's directed centrality (Zheng & Lapata 2019) on thresholded similarities."""
    import numpy as np

    edges = sim.copy()
    np.fill_diagonal(edges, np.nan)
    lo, hi = np.nanmin(edges), np.nanmax(edges)
    edges = np.nan_to_num(edges - (lo + PACSUM_BETA * (hi - lo)), nan=0.0)
    edges[edges < 0] = 0.0
    upper = np.triu(edges, 1)  # upper[i, j] = e_ij for j > i
    return PACSUM_FORWARD * upper.sum(axis=1) - PACSUM_BACKWARD * upper.sum(axis=0)


def _default_salience(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(salience in [0, 1], cosine similarity matrix) for the default method."""
    import numpy as np

    n = len(texts)
    sim = _tfidf_cosine([_terms(t) for t in texts])
    if n == 1:
        return np.ones(1), sim
    central = _pacsum(sim) if CENTRALITY == "pacsum" else _pagerank(sim)
    salience = np.asarray(_normalise(central.tolist()))
    damp = np.array([FRAGMENT_FACTOR if _is_fragment(t) else 1.0 for t in texts])
    return salience * damp, sim


def _default_select(sents: list[Sentence], k: int) -> tuple[list[int], list[float]]:
    """Pick ``k`` sentence positions (MMR + dependency rule); return them and all scores."""
    import numpy as np

    n = len(sents)
    cap = _cap(sents, "default")
    texts = [s.text for s in sents[:cap]]
    salience, sim = _default_salience(texts)
    scores = _normalise(salience.tolist()) + [0.0] * (n - cap)
    rel = np.asarray(scores[:cap])
    blocked = np.zeros(cap, dtype=bool)  # picked or banned

    def mmr_pick(picked: list[int]) -> int | None:
        """The best next sentence by MMR, or None when all are blocked."""
        if blocked.all():
            return None
        redundancy = sim[picked].max(axis=0) if picked else np.zeros(cap)
        value = MMR_LAMBDA * rel - (1.0 - MMR_LAMBDA) * redundancy
        value[blocked] = -np.inf
        return int(np.argmax(value))

    picked: list[int] = []
    while len(picked) < min(k, cap):
        i = mmr_pick(picked)
        if i is None:
            break
        picked.append(i)
        blocked[i] = True
    if DEPENDENCY_RULE and picked:
        picked = _fix_dependent_start(picked, texts, rel, k, blocked, mmr_pick)
    return picked, scores


def _fix_dependent_start(
    picked: list[int],
    texts: list[str],
    rel: np.ndarray,
    k: int,
    blocked: np.ndarray,
    mmr_pick: Callable[[list[int]], int | None],
) -> list[int]:
    """Make sure the earliest picked sentence does not depend on an unpicked one before it.

    Bring the preceding sentence (or two) along and drop the weakest other picks; if that
    does not fit in ``k`` or does not resolve, replace the dependent sentence by the next MMR
    pick and try again.
    """
    dependent: dict[int, bool] = {}

    def dep(i: int) -> bool:
        if i not in dependent:
            dependent[i] = i > 0 and is_dependent(texts[i])
        return dependent[i]

    for _ in range(len(texts)):
        first = min(picked)
        if not dep(first):
            return picked
        chain, p = [], first - 1
        while p >= 0 and len(chain) < 2:
            chain.append(p)
            if not dep(p):
                break
            p -= 1
        if not dep(chain[-1]) and len(chain) < k:
            keep = [*chain[::-1], first]
            others = sorted((i for i in picked if i != first), key=lambda i: -rel[i])
            return keep + others[: k - len(keep)]
        picked = [i for i in picked if i != first]  # stays blocked: never picked again
        nxt = mmr_pick(picked)
        if nxt is None:
            return picked or [0]
        picked.append(nxt)
        blocked[nxt] = True
    return picked


# --- sumy methods ---------------------------------------------------------------------------


def _build_sumy(method: str) -> Any:
    import importlib

    from sumy.nlp.stemmers import Stemmer

    module, cls_name = _SUMY[method]
    cls = getattr(importlib.import_module(module), cls_name)
    summarizer = cls(Stemmer("english"))
    stop = _stop_words()
    if method == "edmundson":
        summarizer.bonus_words = BONUS_WORDS
        summarizer.stigma_words = STIGMA_WORDS
        summarizer.null_words = stop
    else:
        summarizer.stop_words = stop
    return summarizer


def _sumy_ratings(
    method: str, texts: list[str], paras: list[int] | None, title: str | None
) -> list[float]:
    """sumy's own per-sentence ratings for ``texts`` (the values it ranks sentences by)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    tokenizer = OfflineTokenizer()
    groups: list[list[SumySentence]] = []
    last = None
    for i, t in enumerate(texts):
        para = paras[i] if paras is not None else 0
        if para != last:
            groups.append([])
            last = para
        groups[-1].append(SumySentence(t, tokenizer))
    if title and title.strip() and groups:
        groups[0].insert(0, SumySentence(title.strip(), tokenizer, is_heading=True))
    document = ObjectDocumentModel([Paragraph(g) for g in groups])
    summarizer = _build_sumy(method)
    captured: list[float] = []

    def capture(
        sentences: Sequence[Any], count: Any, rating: Any, *args: Any, **kwargs: Any
    ) -> tuple:
        """Stand-in for sumy's ``_get_best_sentences``: record each sentence's rating."""

        def rate(s: Any) -> float:
            if isinstance(rating, dict):
                return rating.get(s, 0.0)
            return rating(s, *args, **kwargs)

        captured.extend(float(rate(s)) for s in sentences)
        return ()

    summarizer._get_best_sentences = capture  # read ratings instead of choosing
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summarizer(document, 1)
    if len(captured) != len(texts):
        return [0.0] * len(texts)
    return captured
