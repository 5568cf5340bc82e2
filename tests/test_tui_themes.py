"""Pilot tests of themes in the reader: cycling, persistence, entity colours, fallback."""

from __future__ import annotations

from test_tui_helpers import build_app, settle
from textual.color import Color

from briefing.store import Store
from briefing.tui import theme_cache
from briefing.tui import themes as themes_module

SIZE = (120, 36)


def notices(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def mention_colour(app, word: str) -> Color | None:
    """The foreground colour the screen uses for the first segment starting with ``word``."""
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if segment.text.startswith(word) and segment.style and segment.style.color:
                triplet = segment.style.color.triplet
                if triplet is not None:
                    return Color(*triplet)
    return None


async def test_t_cycles_themes_and_entity_colours_follow():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j")  # geneva: "Antony Blinken" is a PERSON
        await settle(pilot, app)
        assert app.theme == "briefing-dark"
        dark = mention_colour(app, "Antony Blinken")
        assert dark == Color.parse(app.current_theme.variables["entity-person"])
        await pilot.press("t")
        await pilot.pause()
        assert app.theme == "briefing-light"
        light = mention_colour(app, "Antony Blinken")
        assert light == Color.parse(app.current_theme.variables["entity-person"])
        assert light != dark
        await pilot.press("t", "t")
        assert app.theme == "briefing-dark"  # wrapped around


async def test_chosen_theme_persists(tmp_path):
    db = tmp_path / "state.sqlite3"
    app = build_app(store=Store.open(db))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t", "t")
        await pilot.pause()
        assert app.theme == "briefing-high-contrast"
    again = build_app(store=Store.open(db))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again)
        assert again.theme == "briefing-high-contrast"


async def test_theme_from_the_command_line_wins_and_is_remembered(tmp_path):
    db = tmp_path / "s.sqlite3"
    store = Store.open(db)
    store.set_pref("theme", "briefing-light")
    app = build_app(store=store, theme="briefing-high-contrast")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.theme == "briefing-high-contrast"
    assert Store.open(db).get_pref("theme") == "briefing-high-contrast"


async def test_user_themes_join_the_cycle(tmp_path):
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "ocean.yaml").write_text(
        "name: ocean\nprimary: '#0088cc'\nbackground: '#001020'\nentities: {person: '#ffcc00'}\n",
        encoding="utf-8",
    )
    app = build_app(user_themes=themes)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert app.theme_names[-1] == "ocean"
        await pilot.press("t", "t", "t")
        await pilot.pause()
        assert app.theme == "ocean"
        await pilot.press("j", "j")
        await settle(pilot, app)
        assert mention_colour(app, "Antony Blinken") == Color.parse("#ffcc00")
        assert notices(app) == [] or all("Theme:" in n for n in notices(app))


async def test_a_bad_theme_file_gives_one_notice_and_falls_back(tmp_path):
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "broken.yaml").write_text("name: broken\nprimary: nope\n", encoding="utf-8")
    (themes / "worse.yaml").write_text("name: [\n", encoding="utf-8")
    store = Store.memory()
    store.set_pref("theme", "broken")  # the user had chosen it before it broke
    app = build_app(store=store, user_themes=themes)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert app.theme == "briefing-dark"
        skipped = [n for n in notices(app) if "skipped" in n]
        assert len(skipped) == 1
        assert "broken.yaml" in skipped[0] and "worse.yaml" in skipped[0]
        assert any("'broken' is not available; using briefing-dark" in n for n in notices(app))
        assert app.is_running


async def test_an_unknown_theme_name_falls_back_with_a_notice():
    app = build_app(theme="no-such-theme")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert app.theme == "briefing-dark"
        assert any("'no-such-theme' is not available" in n for n in notices(app))


async def test_textual_themes_get_default_entity_colours():
    app = build_app(theme="textual-light")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j")
        await settle(pilot, app)
        assert mention_colour(app, "Antony Blinken") == Color.parse("#0072B2")


async def test_a_theme_with_a_bad_variable_is_skipped_not_fatal(tmp_path):
    """Textual pastes variables into its CSS: a bad one used to stop the reader."""
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "leaky.yaml").write_text(
        "name: leaky\nprimary: '#0088cc'\nvariables: {footer-key-foreground: '#fff; color: x'}\n",
        encoding="utf-8",
    )
    app = build_app(user_themes=themes, theme="leaky")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert app.theme == "briefing-dark"
        assert "leaky" not in app.theme_names
        assert any("leaky.yaml" in n and "is not a colour" in n for n in notices(app))
        await pilot.press("t", "t", "t")
        await pilot.pause()
        assert app.is_running


async def test_a_warm_start_gives_the_same_themes_and_notices(tmp_path, monkeypatch):
    """The second start takes the themes from the cache: same cycle, same skipped-file notice."""
    monkeypatch.setattr(theme_cache, "RACY_NS", 0)
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "ocean.yaml").write_text("name: ocean\nprimary: '#0088cc'\n", encoding="utf-8")
    (themes / "broken.yaml").write_text("name: broken\nprimary: nope\n", encoding="utf-8")
    seen = []
    for start in ("cold", "warm"):
        if start == "warm":
            monkeypatch.setattr(themes_module, "_load_fields", None)  # parsing would fail
        app = build_app(user_themes=themes)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot, app)
            seen.append((app.theme, list(app.theme_names), notices(app)))
            assert app.get_theme("ocean") is not None
    assert seen[0] == seen[1]
    assert seen[1][1][-1] == "ocean"
    assert any("broken.yaml" in n and "skipped" in n for n in seen[1][2])
