"""Per-article analysis for the briefing (sentences, concepts, dates) of one article.

The builder analyses a whole corpus at once into a compact :class:`~briefing.brief.table.
CorpusTable`; :func:`analyze_article` gives the same analysis of one article as plain
objects (for tests and tools). Concepts and stems are integer ids of that one-article table.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from briefing.brief.dates import DateMention
from briefing.brief.select import SentenceInfo
from briefing.brief.table import TableBuilder
from briefing.brief.text import STOPWORDS, norm_tokens, stem
from briefing.models import Article, Sentence
from briefing.sentences import split_sentences

__all__ = ["ArticleAnalysis", "analyze_article", "concepts_of"]


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """Everything the briefing needs from one article that does not depend on the others."""

    sentences: tuple[Sentence, ...]
    infos: tuple[SentenceInfo, ...]
    dates: tuple[tuple[DateMention, ...], ...]  # per sentence


def concepts_of(
    text: str, tokens: list[str] | None = None
) -> tuple[frozenset[str], frozenset[str]]:
    """(bigram concepts, content stems) of a sentence (``tokens``: its :func:`norm_tokens`),
    as strings: what the table's integer concepts and stems stand for."""
    toks = [stem(t) for t in (norm_tokens(text) if tokens is None else tokens)]
    stems = frozenset(t for t in toks if t not in STOPWORDS)
    bigrams = frozenset(
        a + " " + b for a, b in pairwise(toks) if not (a in STOPWORDS and b in STOPWORDS)
    )
    return bigrams, stems


def analyze_article(index: int, article: Article) -> ArticleAnalysis:
    """Split, tokenize and date one article (``index`` is its position in the corpus)."""
    builder = TableBuilder()
    sents = split_sentences(article.text)
    builder.add(article.text, [(s.start, s.end) for s in sents], article.published_date)
    table = builder.finish()
    infos = tuple(
        SentenceInfo(
            article=index,
            index=i.index,
            n_words=i.n_words,
            concepts=i.concepts,
            stems=i.stems,
            dependent=i.dependent,
            usable=i.usable,
            quote_grams=i.quote_grams,
        )
        for i in table.infos(0)
    )
    dates = tuple(table.sentence_dates(sid) for sid in range(table.n_sentences))
    return ArticleAnalysis(table.sentences(0), infos, dates)
