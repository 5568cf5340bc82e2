"""Pilot tests of the add dialog (a): local files only, never the network."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_tui_helpers import FakeCore, build_app, rendered_segments, screen_text, settle
from textual.widgets import Input

import briefing
from briefing.corpus import load_corpus
from briefing.store import Store
from briefing.tui.add_dialog import AddDialog
from briefing.tui.app import make_app
from briefing.tui.article_list import ArticleList

SIZE = (120, 36)
CONTROL = {*range(0x00, 0x20), *range(0x7F, 0xA0)}

CORPUS = """\
story:
  title: "A small story"
articles:
  - id: first
    title: "The first article"
    outlet: Wire
    published: 2022-01-01
    text: |
      The first article says something. It has two sentences.
"""

NEW_TEXT = (
    "Harbour workers went on strike on Monday. The port authority said talks would resume. "
    "Shipping lines diverted three vessels to other ports."
)


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.02)


@pytest.fixture
def corpus_file(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    path = folder / "corpus.yaml"
    path.write_text(CORPUS, encoding="utf-8")
    return path


def reader_on(path: Path):
    core = FakeCore()
    corpus = load_corpus(path)
    return make_app(
        corpus,
        store=Store.memory(),
        analyser=core.analyser(corpus),
        analyser_factory=core.analyser,
    )


async def add(pilot, app, line: str) -> AddDialog:
    if not isinstance(app.screen, AddDialog):
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AddDialog))
    dialog = app.screen
    assert isinstance(dialog, AddDialog)
    dialog.query_one("#add-input", Input).value = line
    await pilot.press("enter")
    await wait_for(pilot, lambda: not dialog.running)
    await settle(pilot, app)
    return dialog


async def test_a_adds_a_local_file_reloads_and_selects_it(corpus_file: Path, tmp_path: Path):
    source = tmp_path / "harbour-strike.txt"
    source.write_text("Harbour strike halts shipping\n\n" + NEW_TEXT + "\n", encoding="utf-8")
    app = reader_on(corpus_file)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await add(pilot, app, str(source))
        assert not isinstance(app.screen, AddDialog)  # a clean add closes the dialog
        assert len(app.corpus.articles) == 2
        added = app.corpus.articles[-1]
        assert app.reader.current_id == added.id
        assert "Harbour workers went on strike" in added.text
        listing = app.reader.query_one("#articles", ArticleList)
        assert added.id in listing.article_ids and listing.highlighted_id == added.id
        assert "Articles 2" in screen_text(app)
        assert any(n.title == "Added" for n in app._notifications)
        assert added.id in corpus_file.read_text(encoding="utf-8")  # written to corpus.yaml
        # the reader analyses the new article with a fresh analyser
        assert app.analyser.corpus is app.corpus


async def test_duplicates_and_errors_stay_listed_in_the_dialog(corpus_file: Path, tmp_path: Path):
    source = tmp_path / "note.txt"
    source.write_text("A note\n\n" + NEW_TEXT + "\n", encoding="utf-8")
    app = reader_on(corpus_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await add(pilot, app, str(source))
        assert len(app.corpus.articles) == 2
        missing = tmp_path / "missing [b] file.txt"
        dialog = await add(pilot, app, f"{source} '{missing}'")
        assert isinstance(app.screen, AddDialog)  # stays open to show what happened
        await wait_for(pilot, lambda: "already in the corpus" in screen_text(app))
        text = screen_text(app)
        assert "= " in text and "✗ " in text
        assert "missing [b] file.txt" in text  # shown literally
        assert len(app.corpus.articles) == 2
        assert not dialog.query_one("#add-input", Input).disabled
        await pilot.press("escape")
        assert not isinstance(app.screen, AddDialog)


async def test_an_empty_line_asks_for_a_source(corpus_file: Path):
    app = reader_on(corpus_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AddDialog))
        await pilot.press("enter")
        await pilot.pause()
        assert "Type a path or a web address first." in screen_text(app)


async def test_adding_to_the_installed_sample_corpus_is_refused(tmp_path: Path, monkeypatch):
    package = tmp_path / "site-packages" / "briefing"
    (package / "_data").mkdir(parents=True)
    bundled = package / "_data" / "corpus.yaml"
    bundled.write_text(CORPUS, encoding="utf-8")
    monkeypatch.setattr(briefing, "__file__", str(package / "__init__.py"))
    app = reader_on(bundled)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(app.screen, AddDialog)
        assert any("sample corpus" in n.message for n in app._notifications)


async def test_an_in_memory_corpus_cannot_be_added_to():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(app.screen, AddDialog)
        assert any("no file to add to" in n.message for n in app._notifications)


async def test_add_messages_never_carry_control_characters(corpus_file: Path, tmp_path: Path):
    source = tmp_path / "evil.txt"
    source.write_text("Evil \x1b[31mtitle\x07\n\n" + NEW_TEXT + "\n", encoding="utf-8")
    app = reader_on(corpus_file)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await add(pilot, app, str(source))
        await pilot.pause(0.2)
        for segment in rendered_segments(app):
            assert not any(ord(ch) in CONTROL for ch in segment), repr(segment)
