"""The reader's analysis is kept in the store's cache: reopening does not compute it again."""

from __future__ import annotations

import dataclasses

from test_tui_helpers import FakeCore, build_app, sample_corpus, settle

from briefing.models import Corpus
from briefing.store import Store
from briefing.tui.analysis import Analyser, SummaryRequest, inverted_index
from briefing.tui.summary_view import SummaryView

SIZE = (120, 36)


def edited(corpus: Corpus, article_id: str, text: str) -> Corpus:
    """``corpus`` with one article's text replaced."""
    articles = [
        dataclasses.replace(a, text=text, raw_text=text) if a.id == article_id else a
        for a in corpus.articles
    ]
    return dataclasses.replace(corpus, articles=articles)


def spans(sentences) -> list[tuple[int, int, int, str]]:
    """What a summary is, scores aside (the cache keeps them to 6 places)."""
    return [(s.index, s.start, s.end, s.text) for s in sentences]


def test_summaries_and_mentions_come_back_from_the_store():
    store = Store.memory()
    corpus = sample_corpus()
    article = corpus.get("geneva")
    request = SummaryRequest("geneva", "default", 3)
    first_core = FakeCore()
    first = first_core.analyser(corpus)
    first.use_store(store)
    summary = first.compute_summary(article, request)
    mentions = first._article_mentions(article)
    assert first.store_hits == 0 and len(first_core.summary_calls) == 1

    second_core = FakeCore()
    second = second_core.analyser(corpus)
    second.use_store(store)
    assert second.cached_summary(request) is None  # memory only: the UI thread never waits
    assert spans(second.compute_summary(article, request)) == spans(summary)
    assert second._article_mentions(article) == mentions
    assert second_core.summary_calls == [] and second_core.entity_calls == []
    assert second.store_hits == 2
    assert spans(store.get_summary(article, "default", 3)) == spans(summary)


def test_a_changed_article_is_analysed_again():
    store = Store.memory()
    corpus = sample_corpus()
    first = FakeCore().analyser(corpus)
    first.use_store(store)
    for article_id in ("stockholm", "geneva"):
        first.compute_summary(corpus.get(article_id), SummaryRequest(article_id, "default", 2))

    changed = edited(corpus, "stockholm", "Talks resumed in Oslo. Nobody expected that.")
    core = FakeCore()
    again = core.analyser(changed)
    again.use_store(store)
    request = SummaryRequest("stockholm", "default", 2)
    summary = again.compute_summary(changed.get("stockholm"), request)
    assert [s.text for s in summary] == ["Talks resumed in Oslo.", "Nobody expected that."]
    assert len(core.summary_calls) == 1 and again.store_hits == 0
    # the unchanged article still comes from the cache
    again.compute_summary(changed.get("geneva"), SummaryRequest("geneva", "default", 2))
    assert len(core.summary_calls) == 1 and again.store_hits == 1


def test_the_corpus_index_reads_cached_mentions_and_inverts_them():
    store = Store.memory()
    corpus = sample_corpus()
    warm = FakeCore().analyser(corpus)
    warm.use_store(store)
    for article in corpus.articles:
        warm._article_mentions(article)

    core = FakeCore()
    cold = core.analyser(corpus)
    cold.use_store(store)
    assert cold.articles_naming("Sergei Lavrov") is None  # not built yet
    index = cold.compute_index()
    assert index is not None and core.entity_calls == []  # all from the store
    assert cold.articles_naming("Sergei Lavrov") == {"markup", "stockholm", "geneva"}
    assert cold.articles_naming("Geneva") == {"geneva"}
    assert cold.articles_naming("Nobody at all") == frozenset()
    assert cold.compute_index() is index  # built once


def test_a_cancelled_index_build_returns_none_and_can_run_again():
    corpus = sample_corpus()
    analyser = FakeCore().analyser(corpus)
    analyser.use_store(Store.memory())
    assert analyser.compute_index(lambda: True) is None
    assert analyser.cached_index() is None
    assert analyser.compute_index() is not None


def test_inverted_index_lists_each_article_once_per_name():
    corpus = sample_corpus()
    core = FakeCore()
    mentions = {a.id: core.extract(a.text) for a in corpus.articles}
    names = inverted_index(mentions)
    assert names["Antony Blinken"] == {"geneva", "stockholm"}
    assert all(isinstance(ids, frozenset) for ids in names.values())


def test_without_a_store_the_analyser_still_works():
    corpus = sample_corpus()
    analyser = Analyser(corpus, summarize=FakeCore().summarize, extract=FakeCore().extract)
    assert analyser.bulk is None and analyser.store is None
    assert analyser.analyse_corpus(method="default", length=3) is None
    assert analyser.compute_index() is not None


async def test_reopening_the_reader_shows_cached_analysis_without_computing(tmp_path):
    db = tmp_path / "briefing.sqlite3"
    corpus = sample_corpus(tmp_path / "corpus.yaml")
    first = FakeCore()
    app = build_app(corpus, core=first, store=Store.open(db))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")  # a second article
        await settle(pilot, app)
        shown = [s.text for s in app.reader.query_one("#summary", SummaryView).sentences]
    assert first.summary_calls and first.entity_calls

    second = FakeCore()
    again = build_app(corpus, core=second, store=Store.open(db))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again)
        assert again.reader.current_id == "stockholm"  # the article read last
        summary = again.reader.query_one("#summary", SummaryView)
        assert [s.text for s in summary.sentences] == shown
        assert again.analyser.cached_mentions("stockholm")
        assert second.summary_calls == [] and second.entity_calls == []
        assert again.analyser.store_hits > 0

    # an edited article is analysed afresh; the others still come from the cache
    changed = edited(corpus, "stockholm", "Talks resumed in Oslo. Lavrov was there.")
    third = FakeCore()
    last = build_app(changed, core=third, store=Store.open(db))
    async with last.run_test(size=SIZE) as pilot:
        await settle(pilot, last)
        summary = last.reader.query_one("#summary", SummaryView)
        assert [s.text for s in summary.sentences] == [
            "Talks resumed in Oslo.",
            "Lavrov was there.",
        ]
        assert [call[0] for call in third.summary_calls] == [
            "Talks resumed in Oslo. Lavrov was there."
        ]
        assert third.entity_calls == ["Talks resumed in Oslo. Lavrov was there."]
