"""Pinned sentences: which sentence is at a position, and what a stored pin refers to now.

A pin names a sentence by its index in ``split_sentences(article.text)`` (what
:func:`briefing.brief.build_briefing` takes) and keeps its span and text, so a pin whose article
changed on disk is found again by its text, or skipped, never silently moved to another
sentence. No Textual here; the splitter is imported on first use.

Splitting a long article takes a while (about 0.2 s for 2 MiB), so the reader splits texts
longer than :data:`SPLIT_IN_THREAD` in a thread, never on its UI thread; :func:`known_spans`
tells, without splitting, whether a text's split is at hand.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from briefing.models import Article, Corpus
from briefing.store import PinRecord

Span = tuple[int, int]

SPLIT_IN_THREAD = 20_000
"""Texts longer than this (characters) are split in a thread by the reader."""
KEPT = 64
"""How many texts' sentence spans are kept (the texts themselves belong to the corpus)."""
_spans: OrderedDict[str, tuple[Span, ...]] = OrderedDict()
_running: dict[str, threading.Event] = {}
"""Texts being split now, each with an event set when its split ends."""
_lock = threading.Lock()


def known_spans(text: str) -> tuple[Span, ...] | None:
    """The sentence spans of ``text`` if it was split already, else ``None`` (never splits)."""
    with _lock:
        spans = _spans.get(text)
        if spans is not None:
            _spans.move_to_end(text)
        return spans


def sentence_spans(text: str) -> tuple[Span, ...]:
    """``(start, end)`` of every sentence of ``text``, as the briefing numbers them.

    Kept for the last :data:`KEPT` texts. Safe to call from any thread: a text being split by
    another thread is not split twice, the call waits for that split.
    """
    while True:
        with _lock:
            spans = _spans.get(text)
            if spans is not None:
                _spans.move_to_end(text)
                return spans
            running = _running.get(text)
            if running is None:
                running = _running[text] = threading.Event()
                break
        running.wait()  # then take its result (or split here if that split failed)
    try:
        from briefing.sentences import split_sentences

        spans = tuple((sentence.start, sentence.end) for sentence in split_sentences(text))
        with _lock:
            _spans[text] = spans
            while len(_spans) > KEPT:
                _spans.popitem(last=False)
    finally:
        with _lock:
            del _running[text]
        running.set()
    return spans


def forget_spans() -> None:
    """Drop every kept split (benchmarks and tests)."""
    with _lock:
        _spans.clear()


def sentence_at(spans: Sequence[Span], offset: int) -> int | None:
    """The sentence holding ``offset``, else the first one after it, else the last one."""
    if not spans:
        return None
    index = bisect_right(spans, offset, key=lambda span: span[0]) - 1
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


def moved(article: Article, pin: PinRecord) -> bool:
    """Whether ``pin`` is no longer at its span of ``article`` (finding it needs the split)."""
    return not pin.text or article.text[pin.start : pin.end] != pin.text


def pinned_spans(article: Article, pins: Iterable[PinRecord]) -> list[Span]:
    """Where the pins of ``article`` are in its text (cheap while the text is unchanged).

    A pin that moved in a text longer than :data:`SPLIT_IN_THREAD` is left out until the
    text's split is at hand (:func:`known_spans`): this never splits a long text.
    """
    spans: list[Span] = []
    for pin in pins:
        if pin.article_id != article.id:
            continue
        if not moved(article, pin):
            spans.append((pin.start, pin.end))
            continue
        if len(article.text) > SPLIT_IN_THREAD and known_spans(article.text) is None:
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
