"""Per-article analysis for the briefing (sentences, concepts, dates, sketches); cacheable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from briefing.brief.dates import DateMention, find_dates
from briefing.brief.dedup import DocSketch, sketch
from briefing.brief.quotes import quoted_spans
from briefing.brief.select import MAX_WORDS, MIN_WORDS, SentenceInfo
from briefing.brief.text import STOPWORDS, norm_tokens, stem
from briefing.models import Article, Sentence
from briefing.sentences import split_sentences
from briefing.summarize import is_dependent

__all__ = ["ArticleAnalysis", "analyze_article", "concepts_of"]

_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*$")
_QUOTE_OPEN = re.compile(r"^[\"'\u201c\u2018\u00ab`]")
_BYLINE = re.compile(r"^(?:by|photo|image|source|copyright|\(c\)|read more|related)\b", re.I)


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """Everything the briefing needs from one article that does not depend on the others."""

    sentences: tuple[Sentence, ...]
    infos: tuple[SentenceInfo, ...]
    dates: tuple[tuple[DateMention, ...], ...]  # per sentence
    sketch: DocSketch


def concepts_of(
    text: str, tokens: list[str] | None = None
) -> tuple[frozenset[str], frozenset[str]]:
    """(bigram concepts, content stems) of a sentence (``tokens``: its :func:`norm_tokens`)."""
    toks = [stem(t) for t in (norm_tokens(text) if tokens is None else tokens)]
    stems = frozenset(t for t in toks if t not in STOPWORDS)
    bigrams = frozenset(
        a + " " + b for a, b in pairwise(toks) if not (a in STOPWORDS and b in STOPWORDS)
    )
    return bigrams, stems


def _quote_grams(text: str) -> frozenset[str]:
    """Word 4-grams inside the quotation marks of a sentence (a quote identifies a statement)."""
    grams: set[str] = set()
    for a, b in quoted_spans(text):
        toks = norm_tokens(text[a:b])
        grams.update(" ".join(toks[i : i + 4]) for i in range(len(toks) - 3))
    return frozenset(grams)


_FIRST_PERSON = re.compile(r"^(?:I|We|Our|My|Us|I'm|I've|We're|We've|I\u2019m|We\u2019re)\b")


def _quote_tail(text: str) -> bool:
    """True for the end of a quotation opened in an earlier sentence ('... ," she said.')."""
    close = text.find("\u201d")
    opening = text.find("\u201c")
    return close >= 0 and (opening < 0 or close < opening)


def _usable(text: str, n_words: int) -> bool:
    """A full declarative sentence of a sensible length (no heading, byline, question, quote)."""
    if not MIN_WORDS <= n_words <= MAX_WORDS:
        return False
    if _quote_tail(text) or _FIRST_PERSON.match(text):
        return False
    if not _END.search(text) or text.rstrip("\"'\u201d\u2019\u00bb)]").endswith("?"):
        return False
    return not (_QUOTE_OPEN.match(text) or _BYLINE.match(text))


def analyze_article(index: int, article: Article) -> ArticleAnalysis:
    """Split, tokenize and date one article (``index`` is its position in the corpus)."""
    text = article.text
    sents = tuple(split_sentences(text))
    ref = article.published_date
    infos = []
    all_tokens = []
    for s in sents:
        n_words = len(s.text.split())
        tokens = norm_tokens(s.text)
        all_tokens.append(tokens)
        bigrams, stems = concepts_of(s.text, tokens)
        infos.append(
            SentenceInfo(
                article=index,
                index=s.index,
                n_words=n_words,
                concepts=bigrams,
                stems=stems,
                dependent=3 <= n_words <= 80 and is_dependent(s.text),
                usable=_usable(s.text, n_words),
                quote_grams=_quote_grams(s.text),
            )
        )
    per_sentence: list[list[DateMention]] = [[] for _ in sents]
    k = 0
    for d in find_dates(text, ref):
        while k < len(sents) and sents[k].end <= d.start:
            k += 1
        if k < len(sents) and sents[k].start <= d.start and d.end <= sents[k].end:
            per_sentence[k].append(d)
    dates = tuple(tuple(d) for d in per_sentence)
    return ArticleAnalysis(sents, tuple(infos), dates, sketch(text, all_tokens))
