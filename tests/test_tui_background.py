"""The background run after the first paint: progress, the entity index, cancellation."""

from __future__ import annotations

import multiprocessing
import sys
import threading
import time
from pathlib import Path

from test_tui_helpers import FakeCore, build_app, make_article, sample_corpus, screen_text, settle

from briefing.models import Corpus, EntitySpec, Story
from briefing.store import Store
from briefing.tui.analysis import EAGER_INDEX_LIMIT, Analyser, SummaryRequest
from briefing.tui.app import make_app
from briefing.tui.article_list import ArticleList
from briefing.tui.entity_panel import EntityPanel
from briefing.tui.progress_line import ProgressLine, progress_content

SIZE = (120, 36)


class GatedBulk:
    """A batch analysis with the fake core that waits for ``release`` before each article."""

    def __init__(self, core: FakeCore) -> None:
        self.core = core
        self.release = threading.Event()
        self.calls: list[Corpus] = []
        self.cancelled = threading.Event()
        self.returned = threading.Event()

    def __call__(self, corpus: Corpus, store: Store, **options) -> dict[str, int]:
        self.calls.append(corpus)
        self.returned.clear()
        progress, cancelled = options["progress"], options["cancelled"]
        total = len(corpus.articles)
        try:
            progress(0, total)
            for done, article in enumerate(corpus.articles, 1):
                while not self.release.wait(0.01):
                    if cancelled():
                        self.cancelled.set()
                        return {"analysed": done - 1}
                length = options["lengths"][0]
                summary = self.core.summarize(article.text, length)
                store.put_summary(article, options["methods"][0], length, summary)
                store.put_mentions(article, corpus.entities, self.core.extract(article.text))
                progress(done, total)
            return {"analysed": total}
        finally:
            self.returned.set()


def gated_app(corpus: Corpus | None = None, store: Store | None = None):
    core = FakeCore()
    bulk = GatedBulk(core)

    def analyser(corpus: Corpus) -> Analyser:
        return Analyser(
            corpus,
            summarize=core.summarize,
            extract=core.extract,
            methods=("default", "lead"),
            bulk=bulk,
        )

    corpus = corpus or sample_corpus()
    app = make_app(
        corpus, store=store or Store.memory(), analyser=analyser(corpus), analyser_factory=analyser
    )
    return app, bulk


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.02)


def test_progress_line_text():
    assert progress_content("analysing", 1234, 10000, 40).plain.startswith(
        "analysing 1,234 / 10,000 "
    )
    line = progress_content("analysing", 5, 10, 30).plain
    assert len(line) == 30 and "━" in line and "─" in line
    assert progress_content("analysing", 5, 10, 12).plain.endswith("…")  # no room for a bar
    assert progress_content("finding entities", 0, None, 30).plain == "finding entities…"


async def test_progress_shows_while_analysing_then_the_entity_index_is_ready():
    app, bulk = gated_app()
    async with app.run_test(size=SIZE) as pilot:
        line = app.reader.query_one("#progress", ProgressLine)
        await wait_for(pilot, lambda: line.display and line.stage == "analysing")
        assert "analysing 0 / 4" in screen_text(app)
        assert app.reader.search_ready  # the index came first
        assert app.reader.background_running
        bulk.release.set()
        await wait_for(pilot, lambda: not app.reader.background_running)
        await settle(pilot, app)
        assert not line.display and "analysing" not in screen_text(app)
        assert app.analyser.articles_naming("Sergei Lavrov") == {"markup", "stockholm", "geneva"}
        # every article's summary was filled in by the batch run, at the reader's length
        for article in app.corpus.articles:
            assert app.store.get_summary(article, "default", app.reader.length) is not None


def large_sample() -> Corpus:
    """The sample corpus plus enough undated notes that the index is not built eagerly."""
    corpus = sample_corpus()
    notes = [
        make_article(f"note{n:03d}", f"Note {n}", f"Filler note {n}. Nothing happened.")
        for n in range(EAGER_INDEX_LIMIT)
    ]
    return Corpus(corpus.path, corpus.story, [*corpus.articles, *notes], corpus.entities)


async def test_the_entity_filter_waits_for_the_background_index():
    app, bulk = gated_app(large_sample())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: app.reader.query_one("#progress").display)
        await pilot.press("j")  # stockholm
        await wait_for(pilot, lambda: app.analyser.cached_mentions("stockholm") is not None)
        await pilot.press("e")
        panel = app.reader.query_one("#entities", EntityPanel)
        await wait_for(pilot, lambda: bool(panel.rows))
        panel.highlighted = [row.canonical for row in panel.rows].index("Sergei Lavrov")
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert app.reader.entity_filter is None  # the index is not there yet
        assert app.reader.background_running and app.analyser.cached_index() is None
        bulk.release.set()
        listing = app.reader.query_one("#articles", ArticleList)
        await wait_for(pilot, lambda: app.reader.entity_filter == "Sergei Lavrov")
        assert listing.article_ids == ["markup", "stockholm", "geneva"]


async def test_quitting_cancels_the_background_run():
    app, bulk = gated_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: bool(bulk.calls))
        await pilot.press("q")
    assert bulk.cancelled.wait(3) and bulk.returned.wait(3)
    assert app.reader._bg_idle.is_set()


async def test_replacing_the_corpus_cancels_the_run_and_starts_a_new_one(tmp_path):
    app, bulk = gated_app(sample_corpus(tmp_path / "corpus.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: len(bulk.calls) == 1)
        first = bulk.calls[0]
        more = Corpus(
            path=first.path,
            story=first.story,
            articles=[*first.articles, make_article("new", "Added", "Lavrov spoke. Done.")],
            entities=first.entities,
        )
        app.replace_corpus(more, select="new")
        assert bulk.cancelled.wait(3)
        await wait_for(pilot, lambda: len(bulk.calls) == 2)
        assert bulk.calls[1] is more
        bulk.release.set()
        await wait_for(pilot, lambda: not app.reader.background_running)
        await settle(pilot, app)
        assert app.analyser.articles_naming("Sergei Lavrov") >= {"new", "stockholm"}
        assert app.reader.current_id == "new"


# -- real worker processes -----------------------------------------------------------------

WORDS = [
    "ministers",
    "met",
    "in",
    "the",
    "capital",
    "on",
    "monday",
    "to",
    "discuss",
    "the",
    "trade",
    "agreement",
    "and",
    "the",
    "new",
    "tariffs",
    "while",
    "officials",
    "from",
    "both",
    "sides",
    "said",
    "progress",
    "was",
    "slow",
    "but",
    "steady",
    "and",
    "markets",
    "rose",
]


def synthetic_corpus(count: int) -> Corpus:
    """``count`` distinct plain articles (no files, no benchmark data)."""
    articles = []
    for n in range(count):
        sentences = []
        for s in range(12):
            words = [WORDS[(n * 7 + s * 3 + k) % len(WORDS)] for k in range(14)]
            sentences.append(" ".join(words).capitalize() + f" in case {n}-{s}.")
        text = " ".join(sentences[:6]) + "\n\n" + " ".join(sentences[6:])
        articles.append(make_article(f"a{n:04d}", f"Report {n} from Geneva", text))
    return Corpus(
        path=None,
        story=Story("Synthetic", ""),
        articles=articles,
        entities=[EntitySpec(name="Antony Blinken", type="PERSON", aliases=("Blinken",))],
    )


def threads_in_briefing() -> list[str]:
    """Threads (other than this one) running briefing's code right now."""
    busy = []
    for ident, frame in sys._current_frames().items():
        if ident == threading.get_ident():
            continue
        while frame is not None:
            if f"{Path('briefing')}/" in frame.f_code.co_filename.replace("\\", "/"):
                busy.append(f"{frame.f_code.co_filename}:{frame.f_lineno}")
                break
            frame = frame.f_back
    return busy


async def test_quitting_mid_analysis_leaves_no_process_or_thread(monkeypatch):
    monkeypatch.setenv("BRIEFING_WORKERS", "2")
    corpus = synthetic_corpus(160)
    store = Store.memory()
    app = make_app(corpus, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot,
            lambda: (
                multiprocessing.active_children() and app.reader.progress_line.stage == "analysing"
            ),
            timeout=60,
        )
        assert app.reader.progress_line.stage == "analysing"
        assert app.reader.background_running
    deadline = time.monotonic() + 15
    while multiprocessing.active_children() or threads_in_briefing():
        assert time.monotonic() < deadline, (
            multiprocessing.active_children(),
            threads_in_briefing(),
        )
        time.sleep(0.05)
    assert app.reader._bg_idle.is_set()
    assert not [t for t in threading.enumerate() if t.name == "briefing-state-writer"]
    # the run stopped early: not every article was analysed
    analysed = sum(
        store.get_summary(article, "default", app.reader.length) is not None
        for article in corpus.articles
    )
    assert analysed < len(corpus.articles)


def test_summary_request_key_is_article_method_length():
    assert SummaryRequest("a", "lead", 3, 9).key == ("a", "lead", 3)


async def test_a_failing_batch_analysis_is_a_notice():
    def broken(corpus, store, **options):
        raise RuntimeError("bulk exploded [b] \x1b[31m")

    core = FakeCore()

    def analyser(corpus: Corpus) -> Analyser:
        return Analyser(corpus, summarize=core.summarize, extract=core.extract, bulk=broken)

    corpus = sample_corpus()
    app = make_app(corpus, store=Store.memory(), analyser=analyser(corpus))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: not app.reader.background_running)
        await settle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert any("bulk exploded [b]" in m for m in messages)
        assert all("\x1b" not in m for m in messages)
        assert not app.reader.progress_line.display
        await pilot.press("j")  # the reader carries on
        await settle(pilot, app)
        assert app.reader.current_id == "stockholm"


async def test_no_batch_analysis_with_the_fake_core_still_builds_the_index():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert not app.reader.background_running and app.reader.search_ready
        assert app.analyser.articles_naming("Geneva") == {"geneva"}
