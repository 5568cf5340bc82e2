"""Search as you type in the reader: ranked index results, safe snippets, no stale answers."""

from __future__ import annotations

import datetime as dt
import threading
import time

from test_tui_helpers import build_app, make_article, rendered_segments, screen_text, settle

from briefing.models import Corpus, Story
from briefing.store import Store
from briefing.tui import reader_search
from briefing.tui.article_list import MATCH_STYLE, ArticleList
from briefing.tui.reader_search import MATCH_STYLE as SNIPPET_STYLE
from briefing.tui.reader_search import snippet_content

SIZE = (120, 36)


def search_corpus() -> Corpus:
    """Oldest first: budget, ports, rail, hostile; "harbour" is in the ports title (and text)."""

    def dated(day: int, *args, **fields):
        return make_article(*args, published=dt.date(2024, 1, day), **fields)

    return Corpus(
        path=None,
        story=Story("Port city", ""),
        articles=[
            dated(
                1,
                "budget",
                "City budget approved",
                "The council approved a sum for harbour repairs.",
            ),
            dated(
                2,
                "ports",
                "Harbour strike ends",
                "Dock workers ended the strike at the harbour. The harbour reopened on Friday.",
            ),
            dated(
                3, "rail", "New railway line opens", "Trains run every ten minutes to the airport."
            ),
            dated(
                4,
                "hostile",
                "[b]Bold[/b] \x1b[31mred\x1b[0m [/] harbour notes",
                "Text with [bold red]markup[/] and \x1b]52;c;aGk=\x07 escapes near the harbour gate.",
            ),
        ],
    )


def listing(app) -> ArticleList:
    return app.reader.query_one("#articles", ArticleList)


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.02)


async def test_results_are_ranked_and_the_snippet_highlights_the_words():
    app = build_app(search_corpus())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.reader.search_ready
        assert listing(app).article_ids[:2] == ["budget", "ports"]  # oldest first
        await pilot.press("slash", *"harbour")
        await settle(pilot, app)
        ids = listing(app).article_ids
        assert ids[0] == "ports"  # in the title and twice in the text: ranked first
        assert set(ids) == {"ports", "budget", "hostile"}
        assert app.reader.current_id == "ports"
        snippet = app.reader.snippet_line
        assert snippet is not None and snippet.display
        content = snippet.content
        marked = {content.plain[s.start : s.end].casefold() for s in content.spans}
        assert marked == {"harbour"}
        assert all(str(span.style) == SNIPPET_STYLE for span in content.spans)
        # the words are highlighted in the listed title too
        title = listing(app).prompt_at(0)
        assert [title.plain[s.start : s.end] for s in title.spans if s.style == MATCH_STYLE] == [
            "Harbour"
        ]
        assert "“harbour”" in screen_text(app)


async def test_search_as_you_type_matches_the_word_being_typed():
    app = build_app(search_corpus())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"railw")
        await settle(pilot, app)
        assert listing(app).article_ids == ["rail"]
        await pilot.press(*"ay airp")
        await settle(pilot, app)
        assert listing(app).article_ids == ["rail"]


async def test_hostile_titles_and_snippets_are_literal():
    app = build_app(search_corpus())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"gate")
        await settle(pilot, app)
        assert listing(app).article_ids == ["hostile"]
        snippet = app.reader.snippet_line.content.plain
        assert "[bold red]markup[/]" in snippet
        assert "\x1b" not in snippet and "\x07" not in snippet
        text = screen_text(app)
        assert "[b]Bold[/b]" in text and "[/]" in text
        assert all(
            "\x1b" not in segment and "\x07" not in segment for segment in rendered_segments(app)
        )


def test_snippet_content_is_never_markup():
    content = snippet_content("a [b]harbour[/b] \x1b[31m x", ((5, 12),))
    assert content.plain.startswith("a [b]harbour[/b] ")
    assert "\x1b" not in content.plain
    assert [content.plain[s.start : s.end] for s in content.spans] == ["harbour"]
    assert snippet_content("short", ((3, 99),)).spans == []  # ranges outside are ignored


async def test_a_late_answer_to_an_older_query_is_never_shown():
    app = build_app(search_corpus())
    store = app.store
    real_search = store.search
    gate = threading.Event()
    held: list[str] = []

    def search(key, query, **options):
        if query == "harb":
            held.append(query)
            gate.wait(5)
        return real_search(key, query, **options)

    store.search = search  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"harb")
        await wait_for(pilot, lambda: held == ["harb"])
        await pilot.press(*"our strike")
        await wait_for(pilot, lambda: listing(app).article_ids == ["ports"])
        gate.set()  # the answer to "harb" arrives now, after the newer one
        await settle(pilot, app)
        assert listing(app).article_ids == ["ports"]
        assert app.reader.search_query == "harbour strike"


async def test_before_the_index_is_ready_the_words_are_matched_in_memory():
    app = build_app(search_corpus())
    store = app.store
    real_index = store.index_corpus
    gate = threading.Event()

    def index_corpus(*args, **options):
        gate.wait(5)
        return real_index(*args, **options)

    store.index_corpus = index_corpus  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        assert not app.reader.search_ready
        await pilot.press("slash", *"arbou")  # inside a word: only the in-memory matcher finds it
        # typed one key at a time, so an answer for "ar" may come first: wait for "arbou"'s
        await wait_for(
            pilot,
            lambda: (
                app.reader.search_results is not None
                and listing(app).article_ids == ["budget", "ports", "hostile"]
            ),  # list order
        )
        assert app.reader.search_query == "arbou"
        assert app.reader.snippet_line is not None and not app.reader.snippet_line.display
        gate.set()
        await settle(pilot, app)
        assert app.reader.search_ready
        await pilot.press("backspace", *"ours")  # "arbours": now the index answers
        await settle(pilot, app)
        assert listing(app).article_ids == []


async def test_escape_clears_the_search_and_its_snippet():
    app = build_app(search_corpus())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"harbour")
        await settle(pilot, app)
        assert len(listing(app).article_ids) == 3
        await pilot.press("escape")
        await settle(pilot, app)
        assert listing(app).article_ids == ["budget", "ports", "rail", "hostile"]
        assert not app.reader.search_box.display and not app.reader.snippet_line.display
        assert app.reader.search_results is None and not app.reader.search_hits
        await pilot.press("slash")
        assert app.reader.search_box.value == ""


async def test_a_degraded_store_still_searches(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = Store.open(blocker / "briefing.sqlite3")  # its folder cannot be created
    assert store.degraded
    app = build_app(search_corpus(), store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"harbour")
        await settle(pilot, app)
        assert listing(app).article_ids[0] == "ports"


async def test_a_result_without_a_snippet_gets_one_when_highlighted(monkeypatch):
    monkeypatch.setattr(reader_search, "SNIPPETS", 1)
    app = build_app(search_corpus())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"harbour", "enter")
        await settle(pilot, app)
        second = listing(app).article_ids[1]
        assert app.reader.search_hits[second].snippet == ""  # not sent with the answer
        await pilot.press("j")
        await settle(pilot, app)
        assert app.reader.current_id == second
        hit = app.reader.search_hits[second]
        assert "harbour" in hit.snippet.casefold() and hit.highlights
        assert app.reader.snippet_line.display
        assert app.reader.snippet_line.content.plain == hit.snippet
