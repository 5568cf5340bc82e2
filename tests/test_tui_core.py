"""The reader with the real core: the bundled corpus, sumy-backed methods, real entities."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from test_tui_helpers import sample_corpus, screen_text, settle

from briefing.corpus import load_corpus
from briefing.store import Store
from briefing.tui.app import make_app
from briefing.tui.entity_panel import EntityPanel
from briefing.tui.summary_view import SummaryView

REPO = Path(__file__).resolve().parent.parent
SIZE = (120, 36)


def real_app(corpus=None):
    return make_app(corpus or load_corpus(REPO / "corpus.yaml"), store=Store.memory())


async def test_bundled_corpus_summaries_entities_and_filtering():
    app = real_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        summary = app.reader.query_one("#summary", SummaryView)
        first = app.reader.article(app.reader.current_id)
        assert summary.sentences, "a real summary is shown"
        for sentence in summary.sentences:
            assert first.text[sentence.start : sentence.end] == sentence.text
        panel = app.reader.query_one("#entities", EntityPanel)
        assert panel.rows, "real entities are listed"
        # every mention the text view highlights refers to the article text
        for mention in app.analyser.cached_mentions(first.id):
            assert first.text[mention.start : mention.end] == mention.text
        await pilot.press("j")
        await settle(pilot, app, timeout=30)
        assert summary.sentences and app.reader.current_id != first.id
        # filter by the most mentioned person: every listed article names them
        await pilot.press("e")
        await settle(pilot, app, timeout=30)
        person = next(i for i, row in enumerate(panel.rows) if row.label == "PERSON")
        name = panel.rows[person].canonical
        panel.highlighted = person
        await pilot.press("enter")
        await settle(pilot, app, timeout=30)
        listed = app.reader.query_one("#articles").article_ids
        index = app.analyser.cached_index()
        assert listed and all(any(m.canonical == name for m in index[a]) for a in listed)
        assert app.reader.current_id in listed


async def test_every_summary_method_works_in_the_reader():
    app = real_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app, timeout=30)
        summary = app.reader.query_one("#summary", SummaryView)
        for _ in app.analyser.methods[1:]:
            await pilot.press("s")
            await settle(pilot, app, timeout=30)
            assert summary.sentences, app.reader.method
        assert not [n for n in app._notifications if n.severity == "error"]


async def test_untrusted_text_through_the_real_core_is_literal():
    app = real_app(sample_corpus())
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot, app, timeout=30)
        assert app.reader.current_id == "markup"
        text = app.reader.query_one("#article").body.plain
        for literal in ("[sic]", "[/]", "[b tag", "␛[31m"):
            assert literal in text
        assert "[NATO" in text  # an ORG tag may follow NATO inside the brackets
        assert "\x1b" not in screen_text(app)


def test_reader_import_is_lazy_and_first_paint_does_not_import_sumy():
    """briefing.tui imports no Textual; building the app imports neither sumy nor nltk."""
    script = (
        "import sys, briefing.tui;"
        "assert 'textual' not in sys.modules;"
        "from briefing.corpus import load_corpus; from briefing.store import Store;"
        "from briefing.tui.app import make_app;"
        f"app = make_app(load_corpus({str(REPO / 'corpus.yaml')!r}), store=Store.memory());"
        "bad = [m for m in ('sumy', 'nltk', 'numpy') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=REPO)
