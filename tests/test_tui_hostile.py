"""Hostile articles in the reader's text and summary panes (issue #7).

The largest accepted article (2 MiB), a megabyte "sentence" (one token without spaces or
punctuation, and 200,000 words without punctuation), a 5 MB single line (refused by the
limit; read when the limit is raised), and terminal escapes, bidi controls and markup-like
brackets. The reader opens them, shows the text, answers keys (j, tab, page down, end),
survives resizes and quits with no analysis still running; space in the summary of a 2 MiB
article pins the right sentence without splitting the text on the UI thread. No timings are
asserted here: benchmarks/bench_tui_hostile.py measures them.
"""

from __future__ import annotations

import random
import threading
import unicodedata
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len, get_character_cell_size
from test_props_text import DANGEROUS
from test_robust_terminal import NASTY
from test_tui_helpers import FakeCore, build_app, make_article, screen_text, settle
from textual.content import Content, Span

from briefing import corpus as loader
from briefing import sentences as splitter
from briefing.errors import CorpusError
from briefing.models import Corpus, Mention, Sentence, Story
from briefing.store import PinRecord
from briefing.tui.article_view import HEAD_CHARS, ArticleView
from briefing.tui.content_line import MAX_CHARS as CONTENT_LINE_CHARS
from briefing.tui.content_line import ContentLine
from briefing.tui.highlight import PIN_STYLE, MentionIndex, highlight
from briefing.tui.pins import forget_spans, known_spans
from briefing.tui.safe import visible
from briefing.tui.summary_view import MAX_SHOWN, SummaryView, sentence_body
from briefing.tui.summary_view import PIN_MARK as SUMMARY_PIN
from briefing.tui.wrapping import SpanIndex, StyledText, simple_ranges, wrap_offsets
from tests.test_robust_limits import WORDS

SIZE = (120, 36)
MIB = 1024 * 1024


# -- articles -------------------------------------------------------------------------------


def news_text(size: int) -> str:
    """News-like paragraphs of about ``size`` characters, ending in a marked last sentence."""
    rng = random.Random(7)
    paragraphs, total = [], 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
        total += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs)[: size - 40].rstrip() + " The very last words here."


def word_sentence(size: int) -> str:
    """One "sentence" of words without any punctuation."""
    return " ".join(WORDS[i % len(WORDS)] for i in range(size // 4))[:size].strip()


def token(size: int) -> str:
    """One word of letters: no space, no punctuation."""
    return "".join("abcdefghijklmnopqrstuvwxyz"[(i * 7) % 26] for i in range(size))


def corpus_of(big: str, big_id: str = "big") -> Corpus:
    """The big article (the oldest, so shown first) and a normal one."""
    import datetime as dt

    return Corpus(
        path=None,
        story=Story(title="Hostile input", description=""),
        articles=[
            make_article(big_id, "The big one", big, published=dt.date(2020, 1, 1)),
            make_article(
                "normal",
                "A normal one",
                "Lavrov met Blinken in Geneva. The talks went well.",
                published=dt.date(2021, 1, 1),
            ),
        ],
        entities=[],
    )


def write_corpus(folder: Path, big: str) -> Path:
    (folder / "big.txt").write_text(big, encoding="utf-8")
    path = folder / "corpus.yaml"
    path.write_text(
        "story: {title: Hostile input}\narticles:\n"
        "  - {id: big, title: The big one, published: 2020-01-01, path: big.txt}\n"
        "  - {id: normal, title: A normal one, published: 2021-01-01,"
        " text: Lavrov met Blinken in Geneva. The talks went well.}\n",
        encoding="utf-8",
    )
    return path


# -- helpers --------------------------------------------------------------------------------


def pane_rows(app, selector: str) -> list[str]:
    """The screen rows inside a widget's region."""
    region = app.reader.query_one(selector).region
    rows = screen_text(app).splitlines()[region.y : region.bottom]
    return [row[region.x : region.right] for row in rows]


def pane_segments(app, selector: str) -> list[str]:
    """The text of every segment drawn inside a widget's region."""
    region = app.reader.query_one(selector).region
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]
    return [segment.text for strip in strips for segment in strip.crop(region.x, region.right)]


def text_rows(app) -> list[str]:
    """The rows of the article text on screen (without the gutter and the scrollbar)."""
    view = app.reader.query_one("#article", ArticleView)
    region = view.scrollable_content_region
    rows = screen_text(app).splitlines()[region.y : region.bottom]
    return [row[region.x + 1 : region.right].rstrip() for row in rows]


def shown_text(app, separator: str = " ") -> str:
    """The article text on screen, its rows joined."""
    return separator.join(text_rows(app))


def quick(app):
    """``app`` without scroll animations (a page down animates for 0.7 s otherwise)."""
    app.animation_level = "none"
    return app


async def check_reader(
    app, pilot, first: str, last: str, separator: str = " ", sizes=((80, 24), (200, 50), SIZE)
) -> None:
    """Open, show ``first``, scroll with j / page down / end to ``last``, tab, resize.

    Rows on screen are joined with ``separator`` to find ``first`` and ``last``.
    """
    view = app.reader.query_one("#article", ArticleView)

    def shown() -> str:
        return shown_text(app, separator)

    assert app.reader.current_id == "big"
    assert first in shown()
    # tab from the list to the summary and on to the text
    await pilot.press("tab")
    assert isinstance(app.focused, SummaryView)
    await pilot.press("tab")
    assert app.focused is view
    await pilot.press("home")
    await pilot.press("j")
    await pilot.pause()
    assert view.scroll_y == 1
    await pilot.press("pagedown")
    await pilot.pause()
    assert view.scroll_y >= view.scrollable_content_region.height
    await pilot.press("end")
    await pilot.pause()
    assert view.scroll_y == view.max_scroll_y > 0
    assert last in shown()
    for number, size in enumerate(sizes):
        middle = None
        if number % 2:  # from the middle: the text at the top stays at the top
            view.scroll_to(y=view.max_scroll_y // 2, animate=False, immediate=True)
            await pilot.pause()
            middle = view.top_offset()
            assert middle is not None and middle > 0
        await pilot.resize_terminal(*size)
        await settle(pilot, app)
        if middle is None:  # from the end (where the last check left it): the end stays
            assert view.scroll_y == view.max_scroll_y
            assert last in shown(), size
        else:
            assert view.line_of(middle) == view.scroll_y, size
        width = view.scrollable_content_region.width - 1  # the gutter
        wrapped, plain = view._wrapped, view._rendered.text.plain
        assert view.virtual_size.height == len(wrapped)
        top = view.scroll_offset.y
        for line in range(top, min(len(wrapped), top + view.size.height)):
            assert cell_len(plain[slice(*wrapped.span(line))]) <= width
        await pilot.press("home")
        await pilot.pause()
        assert first in shown(), size
        await pilot.press("end")
        await pilot.pause()
        assert last in shown(), size
    await pilot.press("tab")  # on to the entities, and back round to the list
    await pilot.press("tab")
    assert app.focused is app.reader.query_one("#articles")


async def quit_cleanly(app, pilot, core: FakeCore) -> None:
    """q quits; nothing is left running."""
    await settle(pilot, app)
    workers = list(app.workers)
    before = set(threading.enumerate())
    await pilot.press("q")
    await pilot.pause()
    assert not app.is_running
    assert core.active == 0 or core.finished.wait(5.0)
    assert all(w.is_finished or w.is_cancelled for w in workers)
    started = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not [t for t in started if not t.name.startswith("asyncio_")]


# -- the reader on huge articles -------------------------------------------------------------


async def test_the_largest_accepted_article_opens_scrolls_resizes_and_quits(tmp_path: Path):
    text = news_text(2 * MIB - 64)
    path = write_corpus(tmp_path, text)
    corpus = loader.load_corpus(path)  # the limit accepts it
    assert len(corpus.get("big").text.encode()) <= loader.MAX_ARTICLE_BYTES
    core = FakeCore()
    app = quick(build_app(corpus, core=core))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        summary = app.reader.query_one("#summary", SummaryView)
        assert summary.shown_for == "big" and summary.sentences
        await check_reader(app, pilot, text.split(".")[0][:30], "The very last words here.")
        # the text pane's current sentence (split in a thread for a long article) arrives
        view = app.reader.query_one("#article", ArticleView)
        view.focus()
        await settle(pilot, app)
        await pilot.pause(0.1)
        await settle(pilot, app)
        assert view.current_sentence() is not None
        await quit_cleanly(app, pilot, core)


@pytest.mark.parametrize(
    ("kind", "text"),
    [("one token", token(1_000_000)), ("words, no punctuation", word_sentence(1_000_000))],
)
async def test_a_megabyte_sentence_is_read_and_summarised_in_short(kind: str, text: str):
    core = FakeCore()
    app = quick(build_app(corpus_of(text), core=core))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        summary = app.reader.query_one("#summary", SummaryView)
        assert [s.end - s.start for s in summary.sentences] == [len(text)]
        prompt = summary.get_option_at_index(0).prompt
        assert "…" in prompt.plain and "(1,000,000 characters;" in prompt.plain
        assert len(prompt.plain) < MAX_SHOWN + 100  # the pane never holds the megabyte
        assert text[:10] in " ".join(pane_rows(app, "#summary"))
        # enter jumps to the sentence in the text (the whole article is marked)
        summary.focus()
        summary.highlighted = 0
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.reader.jump == (0, len(text))
        app.reader.query_one("#articles").focus()
        view = app.reader.query_one("#article", ArticleView)
        assert view.body.plain.replace("ᵖ", "").replace("ᵍ", "") == text  # tags aside
        if kind == "one token":
            await check_reader(app, pilot, text[:30], text[-30:], separator="")
            # folded at the width: every row of the token is full
            view.focus()
            await pilot.press("home", "pagedown")
            await pilot.pause()
            widths = {len(row) for row in text_rows(app)}
            assert widths == {view.scrollable_content_region.width - 1}
        else:
            last = " ".join(text.split()[-3:])
            await check_reader(app, pilot, text[:30], last)
        await quit_cleanly(app, pilot, core)


async def test_a_5_mb_line_is_refused_by_the_limit_and_read_if_it_is_raised(tmp_path: Path):
    line = news_text(5_000_000).replace("\n\n", " ")
    with pytest.raises(CorpusError, match="over the 2,097,152-byte limit"):
        loader.load_corpus(write_corpus(tmp_path, line))
    # a user may raise the limit (tests/test_robust_limits.py loads it then): the reader copes
    core = FakeCore()
    app = quick(build_app(corpus_of(line), core=core))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        last = "The very last words here."
        await check_reader(app, pilot, line[:30], last, sizes=[(80, 24), SIZE])
        await quit_cleanly(app, pilot, core)


class SlowEntities(FakeCore):
    """Finds entities only once ``gate`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def extract(self, text: str) -> list[Mention]:
        self.gate.wait(10)
        return super().extract(text)


async def test_the_place_in_the_text_is_kept_when_entity_tags_arrive():
    text = news_text(300_000)
    core = SlowEntities()
    corpus = corpus_of(text)
    gate = core.gate
    app = quick(build_app(corpus, core=core))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.reader.query_one("#article", ArticleView)
        assert "ᵖ" not in view.body.plain  # no entities yet
        view.focus()
        view.scroll_to(y=view.max_scroll_y // 2, animate=False, immediate=True)
        await pilot.pause()
        middle = view.top_offset()
        assert middle is not None
        gate.set()
        await settle(pilot, app)
        assert "ᵖ" in view.body.plain  # tags were inserted: the lines moved
        assert view.line_of(middle) == view.scroll_y
        await quit_cleanly(app, pilot, core)


# -- pinning in the summary of a huge article ------------------------------------------------


class WatchedSplitter:
    """Stands in for ``split_sentences``: records the thread that splits ``text`` (the huge
    article) and holds that split back until ``gate`` is set."""

    def __init__(self, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.text = text
        self.original = splitter.split_sentences
        self.threads: list[threading.Thread] = []
        self.gate = threading.Event()
        self.gate.set()
        monkeypatch.setattr(splitter, "split_sentences", self)
        forget_spans()  # an earlier test may have split the same text

    def __call__(self, text: str) -> list[Sentence]:
        if len(text) == len(self.text) and text == self.text:
            self.threads.append(threading.current_thread())
            assert self.gate.wait(10)
        return self.original(text)

    def expected_pin(self, summary: SummaryView) -> tuple[int, str]:
        """The index and text of the article sentence holding the highlighted summary
        sentence's first character, from the real splitter."""
        chosen = summary.highlighted_sentence
        assert chosen is not None
        first = chosen.start + len(chosen.text) - len(chosen.text.lstrip())
        for sentence in self.original(self.text):
            if sentence.start <= first < sentence.end:
                return sentence.index, sentence.text
        raise AssertionError("no sentence holds the summary sentence")


async def summary_shown(pilot, app, article_id: str = "big") -> SummaryView:
    """Wait (without waiting for every worker) until the summary of ``article_id`` is shown."""
    summary = app.reader.query_one("#summary", SummaryView)
    for _ in range(500):
        if summary.shown_for == article_id and summary.sentences:
            return summary
        await pilot.pause(0.01)
    raise AssertionError("the summary never came")


def pinned_in_text(app) -> list[str]:
    body = app.reader.query_one("#article", ArticleView).body
    return [body.plain[s.start : s.end] for s in body.spans if s.style == PIN_STYLE]


async def test_space_in_the_summary_of_a_huge_article_pins_with_the_split_done_ahead(
    monkeypatch: pytest.MonkeyPatch,
):
    text = news_text(2 * MIB - 64)
    split = WatchedSplitter(text, monkeypatch)
    core = FakeCore()
    app = quick(build_app(corpus_of(text), core=core))
    async with app.run_test(size=SIZE) as pilot:
        summary = await summary_shown(pilot, app)
        await settle(pilot, app)
        view = app.reader.query_one("#article", ArticleView)
        assert not view.has_focus
        # split once the article was shown, in a thread, before anyone asked
        assert known_spans(text) is not None
        assert len(split.threads) == 1 and split.threads[0] is not threading.main_thread()
        await pilot.press("tab")
        assert app.focused is summary
        await pilot.press("j", "j")
        row = summary.highlighted
        index, sentence = split.expected_pin(summary)
        await pilot.press("space")  # at once: the split is at hand
        assert list(app.session.pins) == [("big", index)]
        assert app.session.pins[("big", index)].text == sentence
        assert not any("after the text is split" in n.message for n in app._notifications)
        await settle(pilot, app)
        assert SUMMARY_PIN in summary.get_option_at_index(row).prompt.plain
        assert pinned_in_text(app) == [sentence]
        await pilot.press("space")  # and again unpins it
        assert app.session.pins == {}
        assert len(split.threads) == 1
        await quit_cleanly(app, pilot, core)


async def test_space_in_the_summary_before_the_split_is_done_pins_when_it_arrives(
    monkeypatch: pytest.MonkeyPatch,
):
    text = news_text(2 * MIB - 64)
    split = WatchedSplitter(text, monkeypatch)
    split.gate.clear()  # the split is held back: the UI thread must not wait for it
    core = FakeCore()
    app = quick(build_app(corpus_of(text), core=core))
    async with app.run_test(size=SIZE) as pilot:
        summary = await summary_shown(pilot, app)
        await pilot.press("tab")
        assert app.focused is summary
        await pilot.press("j")
        row = summary.highlighted
        assert row is not None
        index, sentence = split.expected_pin(summary)
        await pilot.press("space")
        await pilot.pause()
        assert app.session.pins == {}  # waiting for the split
        assert any(n.message == "Pinning after the text is split…" for n in app._notifications)
        await pilot.press("j")  # the UI answers meanwhile
        assert summary.highlighted == row + 1
        later, later_sentence = split.expected_pin(summary)
        await pilot.press("space")  # a second pin waits too
        for _ in range(500):  # the split has begun (and waits for the gate)
            if split.threads:
                break
            await pilot.pause(0.01)
        assert app.session.pins == {}
        assert split.threads and threading.main_thread() not in split.threads
        assert not app.reader.query_one("#article", ArticleView).has_focus
        split.gate.set()
        await settle(pilot, app)
        assert list(app.session.pins) == [("big", index), ("big", later)]
        assert app.session.pins[("big", index)].text == sentence
        assert app.session.pins[("big", later)].text == later_sentence
        assert SUMMARY_PIN in summary.get_option_at_index(row).prompt.plain
        assert SUMMARY_PIN in summary.get_option_at_index(row + 1).prompt.plain
        assert pinned_in_text(app) == [sentence, later_sentence]
        assert len(split.threads) == 1  # the pins waited for the view's split: one split
        assert threading.main_thread() not in split.threads
        await quit_cleanly(app, pilot, core)


async def test_space_in_the_text_before_the_split_is_done_pins_when_it_arrives(
    monkeypatch: pytest.MonkeyPatch,
):
    text = news_text(300_000)  # long enough to be split in a thread
    split = WatchedSplitter(text, monkeypatch)
    split.gate.clear()
    core = FakeCore()
    app = quick(build_app(corpus_of(text), core=core))
    async with app.run_test(size=SIZE) as pilot:
        await summary_shown(pilot, app)
        view = app.reader.query_one("#article", ArticleView)
        view.focus()
        await pilot.pause()
        assert view.current_sentence() is None and view.splitting
        await pilot.press("space")
        await pilot.pause()
        assert app.session.pins == {}
        assert any(n.message == "Pinning after the text is split…" for n in app._notifications)
        split.gate.set()
        await settle(pilot, app)
        first = split.original(text)[0]
        assert view.current_sentence() == 0  # the top of the text
        assert list(app.session.pins) == [("big", 0)]
        assert app.session.pins[("big", 0)].text == first.text
        assert threading.main_thread() not in split.threads
        await quit_cleanly(app, pilot, core)


async def test_a_pin_that_moved_in_a_huge_article_is_found_without_splitting_on_the_ui_thread(
    monkeypatch: pytest.MonkeyPatch,
):
    text = news_text(300_000)
    split = WatchedSplitter(text, monkeypatch)
    split.gate.clear()
    sentence = split.original(text)[3]
    core = FakeCore()
    app = quick(build_app(corpus_of(text), core=core))
    async with app.run_test(size=SIZE) as pilot:
        await summary_shown(pilot, app)
        # a pin stored before the article changed: its text is now one character later
        moved = PinRecord("big", 3, sentence.start - 1, sentence.end - 1, sentence.text)
        app.session.pins[("big", 3)] = moved
        app.reader._render_article()  # as any redraw: the pin waits for the split
        await pilot.pause()
        assert pinned_in_text(app) == []
        split.gate.set()
        await settle(pilot, app)
        assert pinned_in_text(app) == [sentence.text]  # found again once split, in a thread
        assert split.threads and threading.main_thread() not in split.threads
        await quit_cleanly(app, pilot, core)


# -- hostile characters in the text and summary panes ----------------------------------------

LITERALS = ["[b", "[/]", "[sic]", "[bold red]x[/bold red]", "[link=https://evil.example]y"]


def nasty_values() -> list[str]:
    """The NASTY values of test_robust_terminal (YAML escapes) as real strings."""
    return [yaml.safe_load(f'"{value}"') for value in NASTY]


def hostile_text() -> str:
    parts = []
    for number, value in enumerate(nasty_values()):
        literal = LITERALS[number % len(LITERALS)]
        parts.append(f"Lavrov said {literal} and {value} then Bold Corp replied {number}.")
    paragraph = " ".join(parts)
    # long enough that its sentences are split in a thread
    return "\n\n".join([paragraph] * 60) + "\n\nBidi \u202eevil\u202c ends here."


async def test_escapes_bidi_controls_and_brackets_render_literally_and_safely():
    text = hostile_text()
    assert set(text) & DANGEROUS  # the test is meaningful
    core = FakeCore()
    app = quick(build_app(corpus_of(text), core=core))
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot, app)
        view = app.reader.query_one("#article", ArticleView)
        body = view.body.plain
        tags = len(view._rendered.shown.tag_positions)
        assert len(body) == len(text) + tags  # every offset still lines up
        assert not set(body) & DANGEROUS
        assert "␛[2J␛[31mred␛[0m" in body
        shown = shown_text(app)
        for literal in ["[b", "[/]", "[sic]", "[bold red]x[/bold red]", "␛[2J"]:
            assert literal in shown.replace("ᵖ", "").replace("ᵒ", ""), literal
        summary = app.reader.query_one("#summary", SummaryView)
        prompts = [
            summary.get_option_at_index(i).prompt.plain for i in range(len(summary.sentences))
        ]
        assert any("[sic]" in p or "[b" in p for p in prompts)
        for prompt in prompts:
            assert not set(prompt) & DANGEROUS, prompt
        await check_reader(app, pilot, "said [b and ␛[2J", "ends here.")
        view.focus()
        await pilot.press("end")
        await pilot.pause()
        assert "Bidi \ufffdevil\ufffd ends here." in shown_text(app)
        for pane in ("#article", "#summary", "#legend"):
            for segment in pane_segments(app, pane):
                assert not set(segment) & DANGEROUS, (pane, segment)
        # the entity named with markup and an escape is highlighted literally
        spans = [s for s in view.body.spans if "$entity-org" in str(s.style)]
        assert spans and all(view.body.plain[s.start : s.end] in ("Bold Corp", "ᵒ") for s in spans)
        await quit_cleanly(app, pilot, core)


async def test_a_huge_hostile_title_is_cut_and_shown_safely():
    import datetime as dt

    title = "[b]Title\u202e \x1b[2J zero\u200bwidth " + "very long title " * 1500
    article = make_article(
        "big", title, "Short text. Two sentences.", published=dt.date(2020, 1, 1)
    )
    corpus = Corpus(path=None, story=Story(title="S", description=""), articles=[article])
    core = FakeCore()
    app = quick(build_app(corpus, core=core))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        bar = app.reader.query_one("#title-bar", ContentLine)
        assert len(bar.content) <= CONTENT_LINE_CHARS and bar.content.plain.endswith("…")
        view = app.reader.query_one("#article", ArticleView)
        head = view.document.plain.split("\n")[0]
        assert head.startswith("[b]Title\ufffd ␛[2J zero\ufffdwidth very long title")
        assert len(head) == HEAD_CHARS and head.endswith("…")
        assert "Short text." in shown_text(app)
        for pane in ("#title-bar", "#article"):
            for segment in pane_segments(app, pane):
                assert not set(segment) & DANGEROUS, (pane, segment)
        await quit_cleanly(app, pilot, core)


def test_visible_shows_controls_and_invisibles_and_keeps_length():
    for value in [*nasty_values(), "a\tb\nc\x85d\u2066e", "plain ascii", "naïve “quotes”"]:
        safe = visible(value)
        assert len(safe) == len(value)
        assert not set(safe) & DANGEROUS
        assert safe.count("\n") == value.count("\n")
    for character in "\u061c\u200b\u200c\u200d\u200e\u200f\u2060\ufeff":  # invisibles
        assert visible(f"a{character}b") == "a\ufffdb"
        assert visible(f"é{character}") == "é\ufffd"
    for code in range(0x3000):  # the regular-expression pass agrees with the ASCII table
        character = chr(code)
        if character not in DANGEROUS:
            assert visible(f"é{character}")[1:] == visible(character)


def test_highlight_keeps_markup_literal_in_long_text():
    text = ("[b]bold[/b] [/] [sic] \x1b[31m " * 20_000).strip()
    mentions = [Mention("sic", 18, 21, "ORG", "[b]x")]
    content = highlight(text, mentions, search="sic").content
    assert content.plain.startswith("[b]bold[/b] [/] [sic]ᵒ ␛[31m")
    assert not set(content.plain) & DANGEROUS


# -- the summary pane ------------------------------------------------------------------------


def test_a_long_sentence_is_cut_with_an_ellipsis_and_a_note():
    text = word_sentence(1_000_000)
    first, late = text.find("Lavrov"), text.find("Blinken", 999_000)
    mentions = [
        Mention("Lavrov", first, first + 6, "PERSON", "Lavrov"),
        Mention("Blinken", late, late + 7, "PERSON", "Antony Blinken"),
    ]
    body = sentence_body(text, Sentence(text, 0, 0, len(text), 1.0), MentionIndex(mentions), ())
    assert body.plain.replace("ᵖ", "").startswith(text[:200])
    assert body.plain.endswith(f"… ({len(text):,} characters; enter shows it in the text)")
    assert len(body.plain) < MAX_SHOWN + 80
    assert not body.plain.split("…")[0].endswith(" ")
    styled = {body.plain[s.start : s.end] for s in body.spans}
    assert "Lavrov" in styled and "Blinken" not in styled  # beyond the cut: not looked at
    short = sentence_body(
        "One. Two three.", Sentence("Two three.", 1, 5, 15, 1.0), MentionIndex([]), ()
    )
    assert short.plain == "Two three."
    # a token with no space to cut at is cut at the limit
    cut = sentence_body(token(5000), Sentence("x", 0, 0, 5000, 1.0), MentionIndex([]), ())
    assert cut.plain.startswith(token(MAX_SHOWN)) and "5,000 characters" in cut.plain


def test_mention_index_finds_mentions_in_any_order():
    mentions = [Mention("b", 10, 11, "ORG", "b"), Mention("a", 2, 4, "ORG", "a")]
    assert [m.text for m in MentionIndex(mentions).between(0, 12)] == ["a", "b"]
    assert [(m.start, m.end) for m in MentionIndex(mentions).between(2, 10)] == [(0, 2)]


# -- wrapping ----------------------------------------------------------------------------------


def lines_of(text: str, width: int) -> list[str]:
    wrapped = wrap_offsets(text, width)
    return [text[start:end] for start, end in zip(wrapped.starts, wrapped.ends, strict=True)]


def test_wrap_offsets_wraps_like_content_wrap_on_ordinary_text():
    rng = random.Random(5)
    words = ["a", "bb", "ccc", "dddddd", "東京", "é", "“q”", "😀", "naïve", "ᵖ", "␛[2J"]
    for _ in range(400):
        paragraphs = [
            " ".join(rng.choice(words) for _ in range(rng.randint(0, 20)))
            for _ in range(rng.randint(1, 3))
        ]
        text = "\n".join(paragraphs)
        width = rng.randint(6, 30)
        expected = [line.plain.rstrip(" ") for line in Content(text).wrap(width)]
        assert lines_of(text, width) == expected, (text, width)


@pytest.mark.parametrize(
    "text",
    [
        token(10_000),
        word_sentence(10_000),
        "   leading spaces and  double  spaces   \n\n\n trailing   ",
        "東京" * 3000,
        "😀👍🏽👨‍👩‍👧" * 1000,
        "e\u0301" * 4000 + " combining",
        "x" * 50 + " " * 200 + "y" * 50,
        "",
        "\n",
    ],
)
def test_wrap_offsets_fits_the_width_and_loses_no_text(text: str):
    for width in (1, 2, 7, 79):
        wrapped = wrap_offsets(text, width)
        assert len(wrapped.starts) == len(wrapped.ends) >= 1
        assert list(wrapped.starts) == sorted(wrapped.starts)
        rebuilt = []
        for number, (start, end) in enumerate(zip(wrapped.starts, wrapped.ends, strict=True)):
            line = text[start:end]
            assert "\n" not in line
            if width > 1 or cell_len(line) > 0:
                assert cell_len(line) <= max(width, 2), (width, line)
            following = wrapped.starts[number + 1] if number + 1 < len(wrapped) else len(text)
            assert not text[end:following].strip(" \n"), "only spaces and newlines are skipped"
            rebuilt.append(line)
        assert "".join(rebuilt).replace(" ", "") == text.replace(" ", "").replace("\n", "")
        assert wrapped.line_of(len(text)) == len(wrapped) - 1


def test_simple_characters_are_exactly_one_cell():
    for start, end in simple_ranges():
        for code in range(start, end + 1):
            character = chr(code)
            assert get_character_cell_size(character) == 1, hex(code)
            assert not unicodedata.combining(character), hex(code)
            assert unicodedata.category(character) not in ("Mn", "Me", "Cf", "Zl", "Zp"), hex(code)


def test_styled_text_slices_carry_the_same_styles_as_content_slices():
    rng = random.Random(3)
    text = word_sentence(3000)
    spans = []
    for _ in range(300):
        start = rng.randrange(len(text))
        length = rng.choice([1, 5, 30, 600, 2000])
        spans.append(Span(start, min(len(text), start + length), rng.choice(["bold", "red"])))
    whole = Content(text, spans)
    styled = StyledText(text, [SpanIndex(spans[:150]), SpanIndex(spans[150:])])
    for _ in range(200):
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randint(1, 90))
        expected = [s for s in whole[start:end].spans if s.end > s.start]
        assert styled.slice(start, end).spans == expected
        assert styled.slice(start, end).plain == text[start:end]
    shifted = StyledText("ab" + text, [SpanIndex(spans, offset=2)])
    assert shifted.slice(2, 50).spans == [s for s in whole[0:48].spans if s.end > s.start]


def test_pin_notice_quote_is_short_for_a_huge_sentence() -> None:
    from briefing.tui.reader_briefing import _quote

    quote = _quote("x" * 1_000_000)
    assert len(quote) <= 83 and quote.endswith("…”")
    assert _quote("Talks resumed in Geneva.") == "“Talks resumed in Geneva.”"


def test_list_row_of_a_huge_title_keeps_two_lines() -> None:
    from textual.content import Content

    from briefing.tui.article_list import ROW_HEIGHT, row_lines

    rows = row_lines(Content("● " + "word " * 50_000 + "\noutlet · 1 Jan 2022"), 40)
    assert len(rows) == ROW_HEIGHT
    assert rows[1].plain.endswith("…") and rows[2].plain.startswith("outlet")
    assert all(len(row.plain) <= 40 for row in rows)
