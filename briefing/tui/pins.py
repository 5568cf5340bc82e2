"""Pinned sentences: which sentence is at a position, and what a stored pin refers to now.

A pin names a sentence by its index in ``split_sentences(article.text)`` (what
:func:`briefing.brief.build_briefing` takes) and keeps its span and text, so a pin whose article
changed on disk is found again by its text, or skipped, never silently moved to another
sentence. No Textual here; the splitter is imported on first use.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache

from briefing.models import Article, Corpus
from briefing.store import PinRecord

Span = tuple[int, int]


@lru_cache(maxsize=64)
def sentence_spans(text: str) -> tuple[Span, ...]:
    """``(start, end)`` of every sentence of ``text``, as the briefing numbers them."""
    from briefing.sentences import split_sentences

    return tuple((sentence.start, sentence.end) for sentence in split_sentences(text))


def sentence_at(spans: Sequence[Span], offset: int) -> int | None:
    """The sentence holding ``offset``, else the first one after it, else the last one."""
    if not spans:
        return None
    index = bisect_right([start for start, _end in spans], offset) - 1
    if index >= 0 and offset < spans[index][1]:
        return index
    return min(index + 1, len(spans) - 1)


def make_pin(article: Article, index: int) -> PinRecord:
    """A pin for sentence ``index`` of ``article``."""
    start, end = sentence_spans(article.text)[index]
    return PinRecord(article.id, index, start, end, article.text[start:end])


def locate(article: Article, pin: PinRecord) -> int | None:
    """The index ``pin`` refers to in the article's current text, or ``None`` if it is gone."""
    spans = sentence_spans(article.text)
    same_span = pin.index < len(spans) and spans[pin.index] == (pin.start, pin.end)
    if same_span and article.text[pin.start : pin.end] == pin.text:
        return pin.index
    for index, (start, end) in enumerate(spans):
        if article.text[start:end] == pin.text:
            return index
    return None


def pinned_spans(article: Article, pins: Iterable[PinRecord]) -> list[Span]:
    """Where the pins of ``article`` are in its text (cheap while the text is unchanged)."""
    spans: list[Span] = []
    for pin in pins:
        if pin.article_id != article.id:
            continue
        if article.text[pin.start : pin.end] == pin.text and pin.text:
            spans.append((pin.start, pin.end))
            continue
        index = locate(article, pin)
        if index is not None:
            spans.append(sentence_spans(article.text)[index])
    return sorted(set(spans))


def resolve_pins(corpus: Corpus, pins: Iterable[PinRecord]) -> tuple[list[tuple[str, int]], int]:
    """``(article id, sentence index)`` pairs for the briefing, and how many pins were skipped
    (their article left the corpus or no longer has that sentence)."""
    by_id = {article.id: article for article in corpus.articles}
    resolved: list[tuple[str, int]] = []
    skipped = 0
    for pin in pins:
        article = by_id.get(pin.article_id)
        index = locate(article, pin) if article is not None else None
        if index is None:
            skipped += 1
        elif (pin.article_id, index) not in resolved:
            resolved.append((pin.article_id, index))
    return resolved, skipped
