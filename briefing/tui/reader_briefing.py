"""The reader's briefing keys: pin sentences (space), open the briefing (b), export it (x) and
add articles (a). The screens and dialogs they open are imported when first used.
"""

from __future__ import annotations

from briefing.errors import BriefingError
from briefing.tui.article_list import ArticleList
from briefing.tui.article_view import ArticleView
from briefing.tui.pins import locate, make_pin, sentence_at, sentence_spans
from briefing.tui.reader_search import ReaderSearch
from briefing.tui.safe import one_line
from briefing.tui.summary_view import SummaryView

QUOTE_WORDS = 8
"""How many words of a pinned sentence the notice quotes."""


def _quote(text: str, limit: int = 80) -> str:
    """The first words of a sentence for a notice (cut first: a sentence can be megabytes)."""
    words = one_line(text[: limit * 5]).split()
    short = " ".join(words[:QUOTE_WORDS])
    cut = len(words) > QUOTE_WORDS or len(text) > limit * 5 or len(short) > limit
    return f"“{short[:limit]}{'…' if cut else ''}”"


class ReaderBriefing(ReaderSearch):
    """Pins, the briefing screen, export and the add dialog, as reader actions."""

    # -- pins ------------------------------------------------------------------------------

    def _sentence_to_pin(self) -> int | None:
        """The sentence space acts on: the highlighted summary sentence, or the text view's
        current sentence (``None`` with a hint when neither pane has focus)."""
        if self.current_id is None:
            return None
        article = self.article(self.current_id)
        focused = self.focused
        if isinstance(focused, SummaryView):
            sentence = focused.highlighted_sentence
            if sentence is None:
                return None
            offset = sentence.start + (len(sentence.text) - len(sentence.text.lstrip()))
            return sentence_at(sentence_spans(article.text), offset)
        if isinstance(focused, ArticleView):
            return focused.current_sentence()
        self.notify(
            "To pin a sentence, go to the summary or the article text (tab), then press space.",
            markup=False,
            timeout=4,
        )
        return None

    def action_pin(self) -> None:
        """Pin the current sentence into the briefing, or unpin it."""
        index = self._sentence_to_pin()
        if index is None or self.current_id is None:
            return
        article = self.article(self.current_id)
        session = self.reader_app.session
        existing = next(
            (pin for pin in session.pins_of(article.id) if locate(article, pin) == index), None
        )
        pin = existing or make_pin(article, index)
        pinned = session.toggle_pin(pin)
        self.reader_app.forget_briefing()
        count = len(session.pins)
        if pinned:
            self.notify(
                f"Pinned {_quote(pin.text)}: the briefing will include it "
                f"({count} pinned; b shows the briefing).",
                markup=False,
                timeout=4,
            )
        else:
            self.notify(f"Unpinned {_quote(pin.text)} ({count} pinned).", markup=False, timeout=3)
        self._render_article()
        summary = self.query_one("#summary", SummaryView)
        if summary.sentences and summary.shown_for == self.current_id:
            self._render_summary(summary.sentences)

    # -- briefing --------------------------------------------------------------------------

    def action_briefing(self, export: bool = False) -> None:
        """Show the combined briefing (built in the background), optionally exporting it."""
        from briefing.tui.briefing_screen import BriefingScreen

        if isinstance(self.app.screen, BriefingScreen):
            return
        self.app.push_screen(BriefingScreen(export=export))

    def action_export(self) -> None:
        """Build the briefing if needed and export it to a Markdown file."""
        self.action_briefing(export=True)

    # -- adding articles -------------------------------------------------------------------

    def action_add(self) -> None:
        """Open the add dialog (not for the sample corpus installed with briefing)."""
        path = self.reader_app.corpus.path
        if path is None:
            self.notify("This corpus has no file to add to.", markup=False, severity="warning")
            return
        from briefing.add import resolve_corpus_path
        from briefing.tui.add_dialog import AddDialog

        try:
            target = resolve_corpus_path(path)
        except BriefingError as error:
            self.notify(
                f"Cannot add articles here: {one_line(str(error))}",
                title="Add",
                severity="warning",
                markup=False,
                timeout=8,
            )
            return
        self.app.push_screen(AddDialog(target))

    def corpus_replaced(self, select: str | None = None) -> None:
        """The app switched to a reloaded corpus: redraw everything, open ``select``."""
        self.workers.cancel_group(self, "analyse")
        self.workers.cancel_group(self, "index")
        self._generation += 1
        self.entity_filter = None
        self._pending_filter = None
        self.clear_search()
        ids = {article.id for article in self.reader_app.corpus.articles}
        self.query_one("#article", ArticleView).forget()
        if self.current_id not in ids:
            self.current_id = None
        self.refresh_list(prefer=select)
        if select in ids:
            self.open_article(select)
        elif self.current_id is not None:
            self._request_analysis(self.article(self.current_id))
        if self._analysis_ready:
            self.start_background()  # cancels the run on the old corpus

    def open_from_palette(self, article_id: str) -> None:
        """Open an article chosen in the command palette."""
        listing = self.query_one("#articles", ArticleList)
        if article_id not in listing.article_ids:
            self.action_clear_filters()
        self.open_article(article_id)
