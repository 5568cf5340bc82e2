"""Pilot tests of the reader: navigation and every key of the issue."""

from __future__ import annotations

from test_tui_helpers import FakeCore, build_app, listed, sample_corpus, screen_text, settle
from textual.widgets import Input

from briefing.store import Store
from briefing.tui.article_list import ArticleList
from briefing.tui.article_view import ArticleView
from briefing.tui.entity_panel import EntityPanel
from briefing.tui.help_screen import HelpScreen
from briefing.tui.reader import ReaderScreen
from briefing.tui.summary_view import SummaryView

SIZE = (120, 36)


def reader(app) -> ReaderScreen:
    return app.reader


def summary_texts(app) -> list[str]:
    return [s.text for s in app.reader.query_one("#summary", SummaryView).sentences]


async def test_first_screen_shows_list_counts_header_and_first_summary():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "Articles 4 · 4 unread" in text
        assert "Test story [b] of diplomacy" in text  # header: story title, literally
        listing = app.reader.query_one("#articles", ArticleList)
        # oldest first; the undated article last
        assert listing.article_ids == ["markup", "stockholm", "geneva", "undated"]
        assert app.reader.current_id == "markup"
        assert app.focused is listing
        assert summary_texts(app), "the first article's summary is shown"
        assert "Bold [/] Outlet" in text


async def test_j_k_and_arrows_move_in_the_list_and_show_that_summary():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")
        await settle(pilot, app)
        assert app.reader.current_id == "stockholm"
        assert summary_texts(app)[0].startswith("Lavrov and Blinken spoke in Stockholm")
        await pilot.press("down")
        await settle(pilot, app)
        assert app.reader.current_id == "geneva"
        await pilot.press("k", "up")
        await settle(pilot, app)
        assert app.reader.current_id == "markup"
        # moving does not mark anything read
        assert app.session.read == set()


async def test_enter_opens_marks_read_and_focuses_the_text():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "enter")
        await settle(pilot, app)
        assert app.session.read == {"stockholm"}
        assert isinstance(app.focused, ArticleView)
        assert "Articles 4 · 3 unread" in screen_text(app)


async def test_brackets_move_between_articles_from_any_pane():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.reader.query_one("#summary").focus()
        await pilot.press("right_square_bracket")
        await settle(pilot, app)
        assert app.reader.current_id == "stockholm"
        app.reader.query_one("#article").focus()
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot, app)
        assert app.reader.current_id == "undated"
        await pilot.press("right_square_bracket")  # at the end: stays, with a notice
        await settle(pilot, app)
        assert app.reader.current_id == "undated"
        await pilot.press("left_square_bracket")
        await settle(pilot, app)
        assert app.reader.current_id == "geneva"
        assert app.session.read == {"stockholm", "geneva", "undated"}
        listing = app.reader.query_one("#articles", ArticleList)
        assert listing.highlighted_id == "geneva"


async def test_n_and_p_go_to_unread_articles():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.session.mark("stockholm")
        await pilot.press("n")
        await settle(pilot, app)
        assert app.reader.current_id == "geneva"  # skips the read one
        await pilot.press("n")
        await settle(pilot, app)
        assert app.reader.current_id == "undated"
        await pilot.press("p")
        await settle(pilot, app)
        assert app.reader.current_id == "markup"  # geneva is read now, stockholm was
        await pilot.press("p")
        assert app.reader.current_id == "markup"


async def test_m_toggles_read_and_the_count_follows():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        assert app.session.read == {"markup"}
        assert "Articles 4 · 3 unread" in screen_text(app)
        await pilot.press("m")
        assert app.session.read == set()
        assert "Articles 4 · 4 unread" in screen_text(app)


async def test_slash_searches_titles_and_text_and_escape_clears():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.reader.search_box is None  # created on first use
        await pilot.press("slash")
        search = app.reader.search_box
        assert isinstance(search, Input) and app.focused is search
        await pilot.press(*"thirty minutes")  # only in the Stockholm article's text
        await listed(pilot, app, ["stockholm"])
        listing = app.reader.query_one("#articles", ArticleList)
        assert app.reader.current_id == "stockholm"
        assert "Articles 1 of 4" in screen_text(app)
        await pilot.press("enter")
        assert app.focused is listing
        await pilot.press("escape")
        await settle(pilot, app)
        assert listing.article_ids == ["markup", "stockholm", "geneva", "undated"]
        assert not search.display


async def test_e_focuses_entities_enter_filters_escape_clears():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j")  # geneva
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        panel = app.reader.query_one("#entities", EntityPanel)
        assert app.focused is panel
        names = [row.canonical for row in panel.rows]
        assert names[0] == "Antony Blinken" or names[0] == "Sergei Lavrov"
        target = names.index("Geneva")
        panel.highlighted = target
        await pilot.press("enter")
        await settle(pilot, app)
        listing = app.reader.query_one("#articles", ArticleList)
        assert listing.article_ids == ["geneva"]
        assert app.reader.entity_filter == "Geneva"
        assert "─ Geneva · esc ─" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert len(listing.article_ids) == 4
        assert app.reader.entity_filter is None


async def test_entity_filter_by_person_lists_every_article_naming_them():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")  # stockholm: Lavrov, Blinken, Stockholm
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        panel = app.reader.query_one("#entities", EntityPanel)
        panel.highlighted = [row.canonical for row in panel.rows].index("Sergei Lavrov")
        await pilot.press("enter")
        await settle(pilot, app)
        listing = app.reader.query_one("#articles", ArticleList)
        assert listing.article_ids == ["markup", "stockholm", "geneva"]


async def test_number_keys_toggle_entity_types():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j")
        await settle(pilot, app)
        view = app.reader.query_one("#article", ArticleView)
        styles = {span.style for span in view.body.spans}
        assert any("$entity-person" in str(style) for style in styles)
        await pilot.press("1")
        assert "PERSON" in app.reader.hidden
        styles = {span.style for span in view.body.spans}
        assert not any("$entity-person" in str(style) for style in styles)
        assert any("$entity-gpe" in str(style) for style in styles)
        await pilot.press("3", "0")
        assert app.reader.hidden == {"PERSON", "GPE", "NUMBER"}
        await pilot.press("1")
        assert app.reader.hidden == {"GPE", "NUMBER"}
        assert app.session.pref("entities.hidden") == "GPE,NUMBER"


async def test_plus_minus_change_summary_length():
    core = FakeCore()
    app = build_app(core=core)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j")  # the long article
        await settle(pilot, app)
        assert len(summary_texts(app)) == 5
        await pilot.press("plus", "plus")
        await settle(pilot, app)
        assert len(summary_texts(app)) == 7
        await pilot.press("minus")
        await settle(pilot, app)
        assert len(summary_texts(app)) == 6
        assert app.session.pref("summary.length") == "6"
        assert "default · 6" in screen_text(app)


async def test_s_cycles_summary_methods():
    core = FakeCore()
    app = build_app(core=core)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("s")
        await settle(pilot, app)
        assert app.reader.method == "lead"
        assert core.summary_calls[-1][2] == "lead"
        assert "lead · 5" in screen_text(app)
        await pilot.press("s", "s")
        await settle(pilot, app)
        assert app.reader.method == "default"
        assert app.session.pref("summary.method") == "default"


async def test_capital_s_sorts_the_list():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        listing = app.reader.query_one("#articles", ArticleList)
        await pilot.press("S")
        assert listing.article_ids == ["geneva", "stockholm", "markup", "undated"]
        assert "newest first" in screen_text(app)
        await pilot.press("S")
        assert listing.article_ids[:3] == ["markup", "stockholm", "geneva"]  # by outlet
        assert listing.article_ids[-1] == "undated"  # no outlet: last


async def test_tab_and_shift_tab_cycle_panes():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        order = []
        for _ in range(4):
            order.append(app.focused.id)
            await pilot.press("tab")
        assert order == ["articles", "summary", "article", "entities"]
        assert app.focused.id == "articles"
        await pilot.press("shift+tab")
        assert app.focused.id == "entities"


async def test_enter_on_a_summary_sentence_jumps_to_it_in_the_text():
    app = build_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j")
        await pilot.press("plus", "plus", "plus", "plus", "plus")  # 10 sentences
        await settle(pilot, app)
        summary = app.reader.query_one("#summary", SummaryView)
        summary.focus()
        summary.highlighted = len(summary.sentences) - 1
        target = summary.sentences[-1]
        await pilot.press("enter")
        await settle(pilot, app)
        view = app.reader.query_one("#article", ArticleView)
        assert app.reader.jump == (target.start, target.end)
        assert view.scroll_y > 0
        # the sentence's first words are on screen, inside the article pane
        pane = app.reader.query_one("#article-pane").region
        rows = screen_text(app).splitlines()[pane.y : pane.bottom]
        visible = " ".join(row[pane.x : pane.right] for row in rows)
        assert " ".join(target.text.split()[:2]) in " ".join(visible.split())
        # and it is marked (the jump style covers exactly the sentence)
        body = view.body
        marked = [s for s in body.spans if s.style == "on $primary 35%"]
        assert len(marked) == 1
        assert body.plain[marked[0].start : marked[0].end] == target.text


async def test_o_opens_safe_urls_only(monkeypatch):
    monkeypatch.setenv("BROWSER", "firefox")
    app = build_app()
    opened: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
        await settle(pilot, app)
        await pilot.press("o")  # markup article: a javascript: url is refused
        assert opened == []
        await pilot.press("j", "o")  # stockholm: no url
        assert opened == []
        await pilot.press("j", "o")  # geneva
        assert opened == ["https://example.com/geneva"]


async def test_o_without_a_graphical_browser_copies_the_address(monkeypatch):
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    app = build_app()
    opened: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
        await settle(pilot, app)
        await pilot.press("j", "j", "o")
        assert opened == []
        assert app.clipboard == "https://example.com/geneva"


async def test_y_copies_a_citation():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j", "y")
        assert app.clipboard == (
            "A. Writer, “Talks in Geneva end without a deal”, Wire, 21 Jan 2022, "
            "https://example.com/geneva."
        )
        await pilot.press("k", "y")
        assert app.clipboard == "“Stockholm meeting is brief”, Agency, 3 Dec 2021."


async def test_question_mark_shows_every_key():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        app.screen.query_one("#help-body").scroll_end(animate=False, immediate=True)
        await pilot.pause()
        text += screen_text(app)
        for key in (
            "j / k",
            "enter",
            "tab",
            "[ / ]",
            "n / p",
            "m",
            "/",
            "e",
            "1-9",
            "+ / -",
            "s",
            "t",
            "o",
            "y",
            "q",
            "ctrl+p",
            "esc",
            "S",
            "space",
            "( / )",
            "b",
            "x",
            "a",
        ):
            assert f"  {key}" in text, key
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_footer_shows_the_main_keys():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        footer = screen_text(app).splitlines()[-1]
        for label in ("Next", "Read", "Search", "Pin", "Briefing", "Method", "Keys", "Quit"):
            assert label in footer


async def test_command_palette_runs_reader_actions():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Next unread article")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.reader.current_id == "stockholm"
        assert app.session.read == {"stockholm"}


async def test_q_quits():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_read_state_and_last_article_persist(tmp_path):
    db = tmp_path / "state.sqlite3"
    app = build_app(store=Store.open(db))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j", "enter")
        await settle(pilot, app)
        await pilot.press("q")
    again = build_app(store=Store.open(db))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again)
        assert again.session.read == {"geneva"}
        assert again.reader.current_id == "geneva"
        assert "Articles 4 · 3 unread" in screen_text(again)


async def test_read_state_is_per_corpus(tmp_path):
    db = tmp_path / "state.sqlite3"
    first = build_app(sample_corpus(tmp_path / "a.yaml"), store=Store.open(db))
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot, first)
        await pilot.press("m")
    other = build_app(sample_corpus(tmp_path / "b.yaml"), store=Store.open(db))
    async with other.run_test(size=SIZE) as pilot:
        await settle(pilot, other)
        assert other.session.read == set()
