"""Untrusted text renders literally: markup-like brackets and terminal control characters."""

from __future__ import annotations

import pytest
from test_tui_helpers import build_app, listed, rendered_segments, screen_text, settle

from briefing.tui.entity_panel import EntityPanel
from briefing.tui.highlight import highlight
from briefing.tui.safe import one_line, visible

SIZE = (160, 50)
CONTROL = {*range(0x00, 0x20), *range(0x7F, 0xA0)}


def flat(app) -> str:
    """Screen text with line breaks removed (wrapped text joins up again)."""
    return " ".join(line.strip(" │╭╮╰╯─") for line in screen_text(app).splitlines())


@pytest.mark.parametrize(
    "literal",
    ["[sic]", "[NATO]", "A stray [/] closing", "open [b tag that never closes", "Bold Corp"],
)
async def test_markup_like_text_renders_literally(literal: str):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.reader.current_id == "markup"
        text = app.reader.query_one("#article").body.plain
        assert literal in text.replace("ᵒ", "")  # the ORG tag follows "NATO"/"Bold Corp"
        assert literal.split()[0] in flat(app)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31malert", "␛[31malert"),  # ANSI colour
        ("\x07", "␇"),  # bell
        ("\x1b]52;c;aGk=\x07", "␛]52;c;aGk=␇"),  # OSC 52: a clipboard write
        ("\x9b2J", "\ufffd2J"),  # C1 CSI: clear screen
    ],
)
async def test_control_characters_are_shown_not_executed(raw: str, shown: str):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        text = app.reader.query_one("#article").body.plain
        assert raw not in text
        assert shown in text
        for segment in rendered_segments(app):
            assert not any(ord(ch) in CONTROL for ch in segment), repr(segment)


async def test_titles_outlets_and_entity_names_are_literal_everywhere():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "Test story [b] of diplomacy" in text  # header
        assert "Markup [sic] [NATO] [/] [b title ␛[31m" in text  # header subtitle and list
        assert "[b]Bold [/] Outlet" in text  # list and article metadata
        panel = app.reader.query_one("#entities", EntityPanel)
        names = [row.canonical for row in panel.rows]
        assert "[b]Bold Corp[/] \x1b[2J" in names
        assert "[b]Bold Corp[/] ␛[2J" in text  # the entity panel
        # filtering by that entity puts its name in the list's subtitle, still literally
        await pilot.press("e")
        await settle(pilot, app)
        panel.highlighted = names.index("[b]Bold Corp[/] \x1b[2J")
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.reader.entity_filter == "[b]Bold Corp[/] \x1b[2J"
        assert "─ [b]Bold Corp[/] ␛[2J · esc ─" in screen_text(app)
        for segment in rendered_segments(app):
            assert not any(ord(ch) in CONTROL for ch in segment), repr(segment)


async def test_summary_sentences_with_brackets_are_literal():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        sentences = [s.text for s in app.reader.query_one("#summary").sentences]
        assert any("[sic]" in s for s in sentences)
        assert "He wrote [sic] twice." in flat(app)


async def test_searching_for_brackets_works():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"[/]")
        await listed(pilot, app, ["markup"])
        spans = app.reader.query_one("#article").body.spans
        assert any(span.style == "reverse" for span in spans)


def test_visible_keeps_offsets_and_newlines():
    raw = "a\x1bb\tc\nd\x00e\x7ff\x85g\u202eh"
    safe = visible(raw)
    assert len(safe) == len(raw)
    assert safe == "a␛b c\nd␀e␡f\ufffdg\ufffdh"


def test_one_line_collapses_whitespace_and_shows_controls():
    assert one_line(" Title\n with \x1b[1m bold \t") == "Title with ␛[1m bold"
    assert one_line(None) == ""


def test_highlight_never_parses_markup():
    content = highlight("[b]bold[/b] and [/] and [link=x]y").content
    assert content.plain == "[b]bold[/b] and [/] and [link=x]y"
    assert content.spans == []


async def test_palette_hits_show_article_titles_literally():
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")  # away from the markup article
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open Markup")
        await pilot.pause(0.4)
        text = screen_text(app)
        assert "Open: Markup [sic] [NATO] [/] [b title ␛[31m" in text
        assert "[b]Bold [/] Outlet" in text  # the hit's second line
        for segment in rendered_segments(app):
            assert not any(ord(ch) in CONTROL for ch in segment), repr(segment)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.reader.current_id == "markup"


async def test_notifications_never_carry_control_characters():
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        summary = app.reader.query_one("#summary")
        summary.focus()
        texts = [s.text for s in summary.sentences]
        summary.highlighted = next(i for i, t in enumerate(texts) if "\x1b" in t)
        await pilot.press("space")  # the notice quotes the pinned sentence
        await pilot.press("y")  # the notice quotes the citation (a title with ESC)
        app.notify("raw \x1b]52;c;aGk=\x07 \u202eevil", title="t\x1b[2J", markup=False)
        await pilot.pause(0.2)
        messages = [n.message for n in app._notifications]
        assert any("Pinned “Red ␛[31malert␛[0m here.”" in m for m in messages)
        assert any("␛[31m" in m and "Copied" in m for m in messages)
        assert "raw ␛]52;c;aGk=␇ \ufffdevil" in messages
        for segment in rendered_segments(app):
            assert not any(ord(ch) in CONTROL for ch in segment), repr(segment)
            assert "\u202e" not in segment
