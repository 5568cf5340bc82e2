"""Pilot tests of the reader's behaviour: workers, caching, errors, persistence and layout."""

from __future__ import annotations

from test_tui_helpers import (
    FakeCore,
    break_store,
    build_app,
    listed,
    sample_corpus,
    screen_text,
    settle,
)

from briefing.store import Store
from briefing.tui.app import STORE_TITLE
from briefing.tui.article_view import ArticleView
from briefing.tui.summary_view import SummaryView

SIZE = (120, 36)


def summary(app) -> SummaryView:
    return app.reader.query_one("#summary", SummaryView)


def notices(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def article(corpus, article_id):
    return next(a for a in corpus.articles if a.id == article_id)


async def test_loading_indicator_while_analysing_then_the_summary():
    corpus = sample_corpus()
    core = FakeCore()
    gate = core.hold(article(corpus, "stockholm"))
    app = build_app(corpus, core=core)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")
        await pilot.pause(0.05)
        assert "Summarizing…" in screen_text(app) and not summary(app).loading
        await pilot.pause(0.4)  # a summary that takes a while: the loading indicator
        assert summary(app).loading
        assert summary(app).sentences == []
        gate.set()
        await settle(pilot, app)
        assert not summary(app).loading
        assert summary(app).sentences[0].text.startswith("Lavrov and Blinken")


async def test_moving_quickly_never_shows_a_stale_summary():
    corpus = sample_corpus()
    core = FakeCore()
    slow = core.hold(article(corpus, "stockholm"))
    app = build_app(corpus, core=core)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")  # stockholm: held back
        await pilot.pause(0.05)
        await pilot.press("j")  # geneva: fast
        await settle(pilot, app, timeout=1.0)
        assert app.reader.current_id == "geneva"
        assert summary(app).sentences[0].text.startswith("Antony Blinken met")
        slow.set()  # the stockholm worker was cancelled; even if it finishes, it is not shown
        await settle(pilot, app)
        assert summary(app).sentences[0].text.startswith("Antony Blinken met")


async def test_a_late_result_for_another_article_is_ignored_but_cached():
    corpus = sample_corpus()
    core = FakeCore()
    app = build_app(corpus, core=core)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        from briefing.tui.analysis import SummaryRequest
        from briefing.tui.messages import SummaryReady

        stale = SummaryRequest("stockholm", "default", 5, generation=0)
        fake = core.summarize(article(corpus, "stockholm").text, 5)
        app.reader.post_message(SummaryReady(stale, fake))
        await settle(pilot, app)
        assert app.reader.current_id == "markup"
        assert not summary(app).sentences[0].text.startswith("Lavrov")


async def test_results_are_cached_so_returning_is_instant():
    core = FakeCore()
    app = build_app(core=core)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")
        await settle(pilot, app)
        calls = (len(core.summary_calls), len(core.entity_calls))
        await pilot.press("k", "j")
        # shown synchronously from the cache: no worker, no loading indicator
        assert not summary(app).loading
        assert summary(app).sentences[0].text.startswith("Lavrov and Blinken")
        await settle(pilot, app)
        assert (len(core.summary_calls), len(core.entity_calls)) == calls


async def test_quitting_mid_analysis_leaves_no_thread_running():
    corpus = sample_corpus()
    core = FakeCore()
    never = core.hold(article(corpus, "stockholm"))
    app = build_app(corpus, core=core)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")
        await pilot.pause(0.05)
        assert core.active == 1, "the analysis is running"
        workers = [w for w in app.workers if w.is_running]
        await pilot.press("q")
    assert core.finished.wait(2.0), "the worker noticed the cancellation and returned"
    assert core.active == 0
    assert all(w.is_cancelled or w.is_finished for w in workers)
    assert not never.is_set()  # it stopped because it was cancelled, not because it finished
    assert all(w.state.name in ("CANCELLED", "SUCCESS") for w in workers)


async def test_a_failed_analysis_is_a_notice_not_a_crash():
    core = FakeCore()
    core.fail_summary = True
    app = build_app(core=core)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert app.is_running
        assert any("summarizer exploded [b]" in n for n in notices(app))
        assert "Summary unavailable." in screen_text(app)
        core.fail_summary = False
        await pilot.press("j")  # the app carries on
        await settle(pilot, app)
        assert summary(app).sentences


async def test_a_corrupt_database_gives_one_notice_and_the_reader_works(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    garbage = b"this is not a database" * 100
    (data / "briefing.sqlite3").write_bytes(garbage)
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(data))
    from briefing.tui.app import make_app

    app = make_app(sample_corpus(), analyser=FakeCore().analyser(sample_corpus()))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert app.store.degraded
        shown = [n for n in notices(app) if n.startswith(STORE_TITLE)]
        assert len(shown) == 1 and "not a usable database" in shown[0]
        await pilot.press("m")  # still works, in memory
        assert app.session.read == {"markup"}
        await pilot.press("slash", *"thirty")  # and so does search (in-memory index)
        await listed(pilot, app, ["stockholm"])
        await pilot.press("m")
        await settle(pilot, app)
        assert sum(n.startswith(STORE_TITLE) for n in notices(app)) == 1
    assert (data / "briefing.sqlite3").read_bytes() == garbage  # the user's file is left alone


async def test_a_database_failing_mid_session_gives_one_notice(tmp_path):
    store = Store.open(tmp_path / "briefing.sqlite3")
    app = build_app(store=store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert not notices(app)
        break_store(store)  # every later use fails, as with a failing disk
        await pilot.press("m", "m", "m", "j", "enter")
        app.session.flush()
        await settle(pilot, app)
        assert app.session.read == {"markup", "stockholm"}
        assert app.store.degraded
        assert sum(n.startswith(STORE_TITLE) for n in notices(app)) == 1
        await pilot.press("slash", *"lavrov")  # searching goes on in memory
        assert await listed(pilot, app, None)


async def test_narrow_terminal_stacks_summary_above_text():
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        screen = app.reader
        assert screen.has_class("-narrow")
        summary_region = screen.query_one("#summary").region
        text_region = screen.query_one("#article-pane").region
        listing = screen.query_one("#articles").region
        assert summary_region.bottom <= text_region.y  # stacked
        assert summary_region.x == text_region.x
        assert listing.right <= summary_region.x  # list still on the left
        for widget_id in ("#articles", "#entities", "#summary", "#article-pane"):
            region = screen.query_one(widget_id).region
            assert region.width >= 20 and region.height >= 5, widget_id
            assert region.right <= 80 and region.bottom <= 24, widget_id
        view = screen.query_one("#article", ArticleView)
        await pilot.press("j", "j")
        await settle(pilot, app)
        assert view.max_scroll_y > 0  # the long text scrolls instead of being cut off
        view.focus()
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        assert view.scroll_y == view.max_scroll_y
        text = screen_text(app)
        assert "Articles 4" in text and "Quit" in text.splitlines()[-1]


async def test_wide_terminal_puts_panes_side_by_side():
    app = build_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, app)
        screen = app.reader
        assert screen.has_class("-xwide") and not screen.has_class("-narrow")
        listing = screen.query_one("#articles").region
        assert listing.width > 40  # a roomier list on a very wide terminal
        summary_region = screen.query_one("#summary").region
        text_region = screen.query_one("#article-pane").region
        assert listing.right <= summary_region.x < text_region.x
        assert summary_region.y == text_region.y
        assert text_region.right == 200


async def test_resizing_switches_layouts():
    app = build_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.reader.has_class("-narrow")
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert app.reader.has_class("-wide")
