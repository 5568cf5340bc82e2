"""Shared helpers for the reader's Pilot tests: a small corpus, a controllable core, screen text.

The fake core is deterministic and can be held back (a gate per article) to test loading,
staleness and quitting mid-analysis. Integration with the real summarizer and entity finder
is covered in test_tui_core.py.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from briefing.models import Article, Corpus, EntitySpec, Mention, Sentence, Story
from briefing.store import Store
from briefing.tui.analysis import Analyser
from briefing.tui.app import BriefingApp, make_app

NASTY = (
    "He wrote [sic] twice. Officials at [NATO] disagreed. A stray [/] closing tag. "
    "An open [b tag that never closes. Red \x1b[31malert\x1b[0m here. "
    "A bell \x07 and a clipboard write \x1b]52;c;aGk=\x07 and a C1 \x9b2J csi. "
    "Bold Corp said nothing."
)


def make_article(article_id: str, title: str, text: str, **fields: object) -> Article:
    """An article whose raw text is its text."""
    return Article(id=article_id, title=title, text=text, raw_text=text, **fields)  # type: ignore[arg-type]


def geneva_text() -> str:
    paragraphs = [
        "Antony Blinken met Sergei Lavrov in Geneva on Friday. The talks lasted ninety minutes.",
        "Blinken said NATO would not bargain over Ukraine. Lavrov said Russia wanted guarantees.",
        "Diplomats in Geneva called the meeting frank. Neither side expected a breakthrough.",
        "Analysts said the next step was unclear. Markets in Moscow fell on the news.",
    ]
    filler = [
        f"Paragraph {n} adds background that a reader may scroll to. It has two sentences."
        for n in range(1, 25)
    ]
    return "\n\n".join(paragraphs + filler)


def sample_articles() -> list[Article]:
    return [
        make_article(
            "geneva",
            "Talks in Geneva end without a deal",
            geneva_text(),
            outlet="Wire",
            author="A. Writer",
            published=dt.date(2022, 1, 21),
            url="https://example.com/geneva",
        ),
        make_article(
            "markup",
            "Markup [sic] [NATO] [/] [b title \x1b[31m",
            NASTY + "\n\nLavrov was not quoted in [NATO] papers.",
            outlet="[b]Bold [/] Outlet",
            published=dt.date(2021, 12, 2),
            url="javascript:alert(1)",
        ),
        make_article(
            "stockholm",
            "Stockholm meeting is brief",
            "Lavrov and Blinken spoke in Stockholm. The meeting lasted thirty minutes. "
            "Both men warned of consequences. Nobody expected progress.",
            outlet="Agency",
            published=dt.datetime(2021, 12, 3, 9, 30),
        ),
        make_article(
            "undated",
            "An undated note",
            "A short note without a date. It mentions nobody in particular. It ends here.",
        ),
    ]


def sample_corpus(path: Path | None = None) -> Corpus:
    """Four articles: one long, one full of markup and control characters, one short, one undated."""
    return Corpus(
        path=path,
        story=Story(title="Test story [b] of diplomacy", description=""),
        articles=sample_articles(),
        entities=[EntitySpec(name="Antony Blinken", type="PERSON", aliases=("Blinken",))],
    )


NAMES = {
    "Antony Blinken": ("PERSON", "Antony Blinken"),
    "Blinken": ("PERSON", "Antony Blinken"),
    "Sergei Lavrov": ("PERSON", "Sergei Lavrov"),
    "Lavrov": ("PERSON", "Sergei Lavrov"),
    "Geneva": ("GPE", "Geneva"),
    "Stockholm": ("GPE", "Stockholm"),
    "Moscow": ("GPE", "Moscow"),
    "NATO": ("ORG", "NATO"),
    "Russia": ("GPE", "Russia"),
    "Friday": ("DATE", "Friday"),
    "Bold Corp": ("ORG", "[b]Bold Corp[/] \x1b[2J"),
}
_NAME_RE = re.compile("|".join(sorted(map(re.escape, NAMES), key=len, reverse=True)))
_SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]?")


class FakeCore:
    """Deterministic summarize/extract stand-ins that record calls and can be held back."""

    def __init__(self) -> None:
        self.summary_calls: list[tuple[str, int, str]] = []
        self.entity_calls: list[str] = []
        self.gates: dict[str, threading.Event] = {}
        """Text prefix -> event; summarize waits for it (checking for cancellation)."""
        self.fail_summary = False
        self.active = 0
        self.finished = threading.Event()
        self._lock = threading.Lock()

    def hold(self, article: Article) -> threading.Event:
        """Make summarizing ``article`` wait until the returned event is set."""
        event = threading.Event()
        self.gates[article.text[:40]] = event
        return event

    def summarize(
        self, text: str, sentences: int = 5, method: str = "default", title: str | None = None
    ) -> list[Sentence]:
        from textual.worker import get_current_worker

        with self._lock:
            self.active += 1
            self.finished.clear()
        try:
            self.summary_calls.append((text[:40], sentences, method))
            gate = self.gates.get(text[:40])
            if gate is not None:
                worker = get_current_worker()
                while not gate.wait(0.01):
                    if worker.is_cancelled:
                        return []
            if self.fail_summary:
                raise RuntimeError("summarizer exploded [b] \x1b[31m")
            found = [m for m in _SENTENCE_RE.finditer(text) if m.group().strip()]
            result = []
            for index, match in enumerate(found):
                start = match.start() + len(match.group()) - len(match.group().lstrip())
                result.append(
                    Sentence(
                        text[start : match.end()],
                        index,
                        start,
                        match.end(),
                        1.0 - index / max(1, len(found)),
                    )
                )
            step = 2 if method != "default" else 1
            return result[::step][:sentences]
        finally:
            with self._lock:
                self.active -= 1
                if self.active == 0:
                    self.finished.set()

    def extract(self, text: str) -> list[Mention]:
        self.entity_calls.append(text[:40])
        return [
            Mention(m.group(), m.start(), m.end(), *NAMES[m.group()])
            for m in _NAME_RE.finditer(text)
        ]

    def analyser(self, corpus: Corpus) -> Analyser:
        methods = ("default", "lead", "lexrank")
        return Analyser(corpus, summarize=self.summarize, extract=self.extract, methods=methods)


class BrokenConnection:
    """Stands in for a database whose file fails every operation (a disk I/O error)."""

    in_transaction = False

    def __getattr__(self, name: str):
        def fail(*args: object, **kwargs: object) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        return fail


def break_store(store: Store) -> None:
    """Make every later use of ``store``'s file fail, as a failing disk would."""
    with store._lock:
        store._db = BrokenConnection()  # type: ignore[assignment]


def build_app(
    corpus: Corpus | None = None,
    *,
    core: FakeCore | None = None,
    store: Store | None = None,
    theme: str | None = None,
    user_themes: Path | None = None,
) -> BriefingApp:
    """The reader on ``corpus`` with a fake core and an in-memory store unless given."""
    corpus = corpus or sample_corpus()
    core = core or FakeCore()
    return make_app(
        corpus,
        theme=theme,
        store=store or Store.memory(),
        analyser=core.analyser(corpus),
        user_themes=user_themes,
        analyser_factory=core.analyser,
    )


def screen_text(app: BriefingApp) -> str:
    """What the terminal shows, as plain text (one line per row)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def rendered_segments(app: BriefingApp) -> Iterable[str]:
    """Every text segment the screen would write."""
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            yield segment.text


async def settle(pilot, app: BriefingApp, timeout: float = 5.0) -> None:
    """Wait for workers and the messages they posted."""
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while time.monotonic() < deadline:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            break
    await pilot.pause()


async def listed(
    pilot, app: BriefingApp, expected: list[str] | None, timeout: float = 5.0
) -> list[str]:
    """Settle until the article list shows ``expected`` (any non-empty list for ``None``).

    Typing posts Input.Changed messages that start the search worker a moment later, so one
    :func:`settle` right after the keys can return before the search has begun.
    """
    deadline = time.monotonic() + timeout
    while True:
        await settle(pilot, app)
        ids = app.reader.query_one("#articles").article_ids
        if (ids == expected) if expected is not None else bool(ids):
            return ids
        assert time.monotonic() < deadline, f"the list shows {ids}, not {expected}"
