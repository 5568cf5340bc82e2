"""The reader's first frame: what speeds it up changes nothing on screen.

The reader adds its widgets' CSS to the stylesheet at once (one parse, not one per mount
wave), sets its width class before it is first styled, and skips the restyle of every node on
its first ``ScreenResume``; the help, briefing and dialog screens bring their CSS
(``screens.tcss``) when first shown. Each first frame here is compared with one drawn the way
Textual does it on its own. The scrollbars come in the frame after the first one, and only
their column changes.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet

import briefing.tui.reader as reader_module
from briefing.models import Mention
from briefing.tui.app import BriefingApp
from briefing.tui.help_screen import HelpScreen
from tests.test_tui_helpers import FakeCore, build_app, sample_corpus, screen_text, settle

SIZES = [(120, 36), (80, 24), (60, 20), (200, 50)]


def held_app() -> tuple[BriefingApp, list[threading.Event]]:
    """The reader with every article's analysis (summaries and entities) held back, and the
    gates that release it."""
    corpus = sample_corpus()
    core = FakeCore()
    gates = [core.hold(article) for article in corpus.articles]
    entities = threading.Event()
    extract = core.extract

    def held_extract(text: str) -> list[Mention]:
        entities.wait(10)
        return extract(text)

    core.extract = held_extract  # type: ignore[method-assign]
    return build_app(corpus, core=core), [*gates, entities]


async def first_frame(size: tuple[int, int]) -> str:
    """The reader's screen as first drawn (its analysis held back)."""
    app, gates = held_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shot = app.export_screenshot()
        for gate in gates:
            gate.set()
    return shot


@pytest.mark.parametrize("size", SIZES)
async def test_first_frame_is_what_textual_draws_on_its_own(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = await first_frame(size)
    monkeypatch.setattr(reader_module, "register_default_css", lambda app, widgets: None)
    monkeypatch.setattr(reader_module.ReaderScreen, "_resumed", True)  # restyle on resume
    monkeypatch.setattr(BriefingApp, "get_default_screen", lambda app: app.reader)  # width late
    plain = await first_frame(size)
    assert fast == plain


async def test_stylesheet_is_parsed_twice_before_the_first_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once for the app and screen, once for all the reader's widgets (was once per wave)."""
    parses: list[int] = []
    parse = Stylesheet.parse

    def counting(self: Stylesheet) -> None:
        parses.append(len(self.source))
        parse(self)

    monkeypatch.setattr(Stylesheet, "parse", counting)
    app = build_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        before_help = len(parses)
        assert before_help == 2, parses
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert len(parses) > before_help  # the screens' CSS arrived with the help screen


async def test_screens_css_is_loaded_with_the_first_of_those_screens() -> None:
    screens_css = str(Path(reader_module.__file__).with_name("screens.tcss"))
    app = build_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not app.stylesheet.has_source(screens_css)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.stylesheet.has_source(screens_css)
        body = app.screen.query_one("#help-body")
        assert body.styles.border.top[0] == "round"  # a rule from screens.tcss
        assert body.styles.max_width is not None and body.styles.max_width.value == 96


@pytest.mark.parametrize("size", [(120, 36), (80, 24), (60, 20)])
async def test_the_scrollbars_come_next_frame_and_nothing_else_moves(
    size: tuple[int, int],
) -> None:
    """The first frame leaves the scrollbars' column blank; adding them changes no text.

    Compared once the analysis is done (its results change the panes' text on their own)."""
    app = build_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        panes = [app.reader.query_one(f"#{name}") for name in ("articles", "summary", "entities")]
        panes.append(app.reader.query_one("#article"))
        assert not any(pane.has_class("-first-frame") for pane in panes)  # gone after frame 1
        for pane in panes:
            pane.add_class("-first-frame")
        await settle(pilot, app)
        first = screen_text(app).splitlines()
        assert not any(pane.show_vertical_scrollbar for pane in panes)
        for pane in panes:
            pane.remove_class("-first-frame")
        await settle(pilot, app)
        later = screen_text(app).splitlines()
        bars = {pane.vertical_scrollbar.region.x for pane in panes}
        assert all(pane.show_vertical_scrollbar for pane in panes)
    assert len(first) == len(later)
    for before, after in zip(first, later):
        moved = {x for x, (a, b) in enumerate(zip(before, after)) if a != b}
        assert moved <= bars, (before, after)
