"""Pilot tests of the briefing in the reader: pins (space), the briefing screen (b), export (x)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path

from test_tui_helpers import build_app, rendered_segments, sample_corpus, screen_text, settle
from textual.widgets import Input, ProgressBar

from briefing.brief import BriefingCancelled, build_briefing
from briefing.export import default_export_name
from briefing.store import Store
from briefing.tui.article_view import CURSOR_MARK, PIN_MARK, ArticleView
from briefing.tui.briefing_screen import BriefingScreen, body_of
from briefing.tui.dialogs import ConfirmDialog, ExportDialog
from briefing.tui.highlight import PIN_STYLE
from briefing.tui.markdown_view import UntrustedMarkdownViewer
from briefing.tui.pins import sentence_spans
from briefing.tui.reader import ReaderScreen
from briefing.tui.summary_view import PIN_MARK as SUMMARY_PIN
from briefing.tui.summary_view import SummaryView

SIZE = (120, 36)
CONTROL = {*range(0x00, 0x20), *range(0x7F, 0xA0)}


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until ``condition()`` holds (fails the test after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.02)


class GatedBuilder:
    """The real briefing builder, held back after its first progress report until released."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.cancelled = threading.Event()
        self.calls: list[dict[str, object]] = []

    def __call__(self, corpus, **options):
        self.calls.append(options)
        options["progress"](0.25, "reading article 1 of 4")
        while not self.release.wait(0.01):
            if options["cancelled"]():
                self.cancelled.set()
                raise BriefingCancelled
        return build_briefing(corpus, **options)


def briefing_screen(app) -> BriefingScreen:
    assert isinstance(app.screen, BriefingScreen)
    return app.screen


async def open_briefing(pilot, app) -> BriefingScreen:
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
    screen = briefing_screen(app)
    await wait_for(pilot, lambda: bool(screen.query(UntrustedMarkdownViewer)))
    await pilot.pause(0.1)
    return screen


def pin_in_summary(app, index: int) -> None:
    summary = app.reader.query_one("#summary", SummaryView)
    summary.focus()
    summary.highlighted = index


# -- the briefing screen -------------------------------------------------------------------


async def test_b_shows_progress_while_building_then_the_briefing():
    app = build_app()
    builder = GatedBuilder()
    app.briefing_builder = builder
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("b")
        await wait_for(pilot, lambda: "reading article 1 of 4" in screen_text(app))
        screen = briefing_screen(app)
        assert screen.query_one("#briefing-bar", ProgressBar).percentage == 0.25
        assert not screen.query(UntrustedMarkdownViewer)
        assert "Building the briefing" in screen_text(app)
        builder.release.set()
        await wait_for(pilot, lambda: bool(screen.query(UntrustedMarkdownViewer)))
        await pilot.pause(0.2)
        text = screen_text(app)
        for heading in ("Bottom line", "Key points", "Timeline", "Who said what", "Sources"):
            assert heading in text or heading in body_of(screen.markdown or "")
        assert "Test story [b] of diplomacy" in text  # the escaped title renders literally
        assert not screen.query_one("#briefing-progress").display
        for segment in rendered_segments(app):
            assert not any(ord(ch) in CONTROL for ch in segment), repr(segment)
        # the built briefing is kept: b again shows it without building
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        await open_briefing(pilot, app)
        assert len(builder.calls) == 1


async def test_escape_during_the_build_cancels_it():
    app = build_app()
    builder = GatedBuilder()
    app.briefing_builder = builder
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("b")
        await wait_for(pilot, lambda: "reading article 1 of 4" in screen_text(app))
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        await wait_for(pilot, builder.cancelled.is_set)
        await settle(pilot, app)
        assert app.cached_briefing() is None


async def test_a_failing_build_is_a_message_not_a_crash():
    app = build_app()

    def broken(corpus, **options):
        raise RuntimeError("exploded [b] \x1b[31m")

    app.briefing_builder = broken
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("b")
        await wait_for(pilot, lambda: "could not be built" in screen_text(app))
        text = screen_text(app)
        assert "exploded [b] ␛[31m" in text
        for segment in rendered_segments(app):
            assert not any(ord(ch) in CONTROL for ch in segment), repr(segment)
        assert app.is_running


def test_body_of_drops_the_front_matter_only():
    assert body_of("---\na: 1\n---\n\n# T\n") == "# T\n"
    assert body_of("# T\n---\n") == "# T\n---\n"


# -- pins --------------------------------------------------------------------------------------


async def test_space_pins_a_summary_sentence_and_again_unpins_it():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")  # stockholm
        await settle(pilot, app)
        pin_in_summary(app, 2)  # "Both men warned of consequences."
        await pilot.press("space")
        await settle(pilot, app)
        text = app.corpus.get("stockholm").text
        spans = sentence_spans(text)
        assert list(app.session.pins) == [("stockholm", 2)]
        pin = app.session.pins[("stockholm", 2)]
        assert pin.text == "Both men warned of consequences." == text[slice(*spans[2])]
        summary = app.reader.query_one("#summary", SummaryView)
        assert SUMMARY_PIN in summary.get_option_at_index(2).prompt.plain
        assert SUMMARY_PIN not in summary.get_option_at_index(1).prompt.plain
        body = app.reader.query_one("#article", ArticleView).body
        pinned = [span for span in body.spans if span.style == PIN_STYLE]
        assert [body.plain[s.start : s.end] for s in pinned] == [pin.text]
        assert PIN_MARK in screen_text(app)
        await pilot.press("space")
        await settle(pilot, app)
        assert app.session.pins == {}
        assert SUMMARY_PIN not in summary.get_option_at_index(2).prompt.plain


async def test_space_in_the_text_pins_the_current_sentence():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j")  # geneva, a long article
        await settle(pilot, app)
        view = app.reader.query_one("#article", ArticleView)
        view.focus()
        await pilot.pause()
        assert view.current_sentence() == 0  # at the top: the first sentence
        assert CURSOR_MARK in screen_text(app)
        await pilot.press("right_parenthesis", "right_parenthesis", "left_parenthesis")
        assert view.current_sentence() == 1
        await pilot.press("space")
        await settle(pilot, app)
        assert list(app.session.pins) == [("geneva", 1)]
        assert app.session.pins[("geneva", 1)].text == "The talks lasted ninety minutes."
        # scrolling moves the current sentence to what is on screen
        await pilot.press(*"jjjjjjjj")
        current = view.current_sentence()
        assert current is not None and current > 1
        start, _end = sentence_spans(app.corpus.get("geneva").text)[current]
        assert view.line_of(start) >= view.scroll_offset.y
        # going down sentence by sentence keeps the current one on screen
        await pilot.press(*["right_parenthesis"] * 8)
        lines = view.sentence_lines(view.current_sentence())
        assert view.scroll_offset.y <= lines.start < view.scroll_offset.y + view.size.height


async def test_space_elsewhere_explains_where_to_pin():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("space")  # the list has focus
        assert app.session.pins == {}
        assert any("press space" in n.message for n in app._notifications)


async def test_pins_persist_per_corpus(tmp_path: Path):
    db = tmp_path / "state.sqlite3"
    first = build_app(sample_corpus(tmp_path / "a.yaml"), store=Store.open(db))
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot, first)
        pin_in_summary(first, 1)
        await pilot.press("space")
    again = build_app(sample_corpus(tmp_path / "a.yaml"), store=Store.open(db))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again)
        assert list(again.session.pins) == list(first.session.pins)
        assert len(again.session.pins) == 1
        summary = again.reader.query_one("#summary", SummaryView)
        assert SUMMARY_PIN in summary.get_option_at_index(1).prompt.plain
    other = build_app(sample_corpus(tmp_path / "b.yaml"), store=Store.open(db))
    async with other.run_test(size=SIZE) as pilot:
        await settle(pilot, other)
        assert other.session.pins == {}


async def test_pinned_sentences_appear_in_the_built_briefing():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j")  # geneva
        await settle(pilot, app)
        pin_in_summary(app, 3)  # "Lavrov said Russia wanted guarantees."
        await pilot.press("space")
        await settle(pilot, app)
        (pin,) = app.session.pins.values()
        screen = await open_briefing(pilot, app)
        assert screen.briefing is not None
        pinned = [point for point in screen.briefing.key_points if point.pinned]
        assert [point.evidence[-1].text for point in pinned] == [pin.text]
        assert f"{pin.text} [3] (pinned)" in (screen.markdown or "")
        assert "1 pinned" in screen_text(app)
        # unpinning makes the kept briefing stale: it is built again without the pin
        await pilot.press("escape")
        pin_in_summary(app, 3)
        await pilot.press("space")
        screen = await open_briefing(pilot, app)
        assert screen.briefing is not None
        assert not any(point.pinned for point in screen.briefing.key_points)


async def test_a_pin_whose_sentence_changed_is_left_out_with_a_notice(tmp_path: Path):
    db = tmp_path / "state.sqlite3"
    corpus = sample_corpus(tmp_path / "a.yaml")
    first = build_app(corpus, store=Store.open(db))
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot, first)
        await pilot.press("j")
        await settle(pilot, first)
        pin_in_summary(first, 2)
        await pilot.press("space")
    edited = sample_corpus(tmp_path / "a.yaml")
    stockholm = edited.get("stockholm")
    object.__setattr__(stockholm, "text", stockholm.text.replace("warned", "spoke"))
    again = build_app(edited, store=Store.open(db))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again)
        screen = await open_briefing(pilot, again)
        assert screen.briefing is not None
        assert not any(point.pinned for point in screen.briefing.key_points)
        assert any("no longer match" in n.message for n in again._notifications)


# -- export ------------------------------------------------------------------------------------


async def answer_export(pilot, app, value: str | None = None) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
    field = app.screen.query_one("#export-path", Input)
    if value is not None:
        field.value = value
    await pilot.press("enter")
    await pilot.pause()


async def test_x_proposes_the_default_name_and_writes_the_file(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("x")  # from the reader: builds, then asks
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
        name = default_export_name(app.corpus)
        assert name == "test-story-b-of-diplomacy-briefing.md"
        assert app.screen.query_one("#export-path", Input).value == name
        assert str(tmp_path) in screen_text(app)
        await answer_export(pilot, app)
        target = tmp_path / name
        await wait_for(pilot, target.exists)
        written = target.read_text(encoding="utf-8")
        assert written.startswith("---\n")
        assert "# Test story \\[b\\] of diplomacy" in written
        assert written == briefing_screen(app).markdown


async def test_x_never_overwrites_without_asking(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = build_app()
    target = tmp_path / default_export_name(app.corpus)
    target.write_text("my notes\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_briefing(pilot, app)
        await pilot.press("x")
        await answer_export(pilot, app)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await wait_for(pilot, lambda: "Overwrite it?" in screen_text(app))
        assert app.screen.focused is not None and app.screen.focused.id == "no"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert target.read_text(encoding="utf-8") == "my notes\n"
        await pilot.press("x")
        await answer_export(pilot, app)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: target.read_text(encoding="utf-8") != "my notes\n")
        assert target.read_text(encoding="utf-8") == briefing_screen(app).markdown


async def test_x_can_be_cancelled_and_bad_folders_are_explained(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_briefing(pilot, app)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert list(tmp_path.iterdir()) == []
        await pilot.press("x")
        await answer_export(pilot, app, "missing/folder/out.md")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
        await wait_for(pilot, lambda: "does not exist" in screen_text(app))
        assert app.screen.query_one("#export-path", Input).value == "missing/folder/out.md"
        # a folder as the answer gets the default name inside it
        (tmp_path / "out").mkdir()
        await answer_export(pilot, app, "out")
        target = tmp_path / "out" / default_export_name(app.corpus)
        await wait_for(pilot, target.exists)


async def test_briefing_screen_keys_are_in_the_help_and_palette():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"briefing")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await asyncio.sleep(0)
        footer = screen_text(app).splitlines()[-1]
        for label in ("Reader", "Export", "Rebuild", "Contents"):
            assert label in footer


async def test_the_briefing_viewer_follows_no_links_and_shows_literal_tooltips():
    from textual.app import App
    from textual.content import Content
    from textual.widgets import Markdown
    from textual.widgets._markdown import MarkdownTableCellContents

    class Viewer(App[None]):
        def compose(self):
            yield UntrustedMarkdownViewer(
                "# T\n\n| Entity | N |\n| --- | --- |\n| a \\[/\\] b | 1 |\n\n"
                "See <https://example.com/x> and [here](notes.md).\n",
                show_table_of_contents=False,
            )

    app = Viewer()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        viewer = app.query_one(UntrustedMarkdownViewer)
        cells = list(app.query(MarkdownTableCellContents))
        tips = [cell.tooltip for cell in cells]
        assert all(isinstance(tip, Content) for tip in tips)
        assert "a [/] b" in [tip.plain for tip in tips]
        document = viewer.document
        for href in ("https://example.com/x", "notes.md"):
            document.post_message(Markdown.LinkClicked(document, href))
            await pilot.pause(0.1)
            assert app.clipboard == href
        assert app.is_running
        assert "a [/] b" in screen_text(app)  # still the same document: nothing was loaded
