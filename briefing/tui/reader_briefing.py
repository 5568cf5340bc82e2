"""The reader's briefing keys: pin sentences (space), open the briefing (b), export it (x) and
add articles (a). The screens and dialogs they open are imported when first used.

A pin needs the article's sentence split. A long article is split in a thread (the text view
starts it when the article is shown); space pressed before that split is done says so in a
short notice and pins when the split arrives, so the UI thread never splits a long text.
"""

from __future__ import annotations

from textual import on
from textual.message import Message

from briefing.errors import BriefingError
from briefing.models import Article
from briefing.tui.article_list import ArticleList
from briefing.tui.article_view import ArticleView
from briefing.tui.pins import (
    SPLIT_IN_THREAD,
    known_spans,
    locate,
    make_pin,
    moved,
    sentence_at,
    sentence_spans,
)
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


class SplitForPins(Message):
    """The sentences of ``text`` were split (in a thread) for pins waiting for them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ReaderBriefing(ReaderSearch):
    """Pins, the briefing screen, export and the add dialog, as reader actions."""

    _waiting_pins: tuple[tuple[str, str, int | None], ...] = ()
    """Pins asked for before their article's split was at hand: (article id, its text, the
    summary sentence's offset or ``None`` for the text view's current sentence), in order."""

    # -- pins ------------------------------------------------------------------------------

    def action_pin(self) -> None:
        """Pin the current sentence into the briefing, or unpin it: the highlighted summary
        sentence, or the text view's current sentence (a hint when neither pane has focus).

        A long article whose sentences are not split yet is pinned once they are."""
        if self.current_id is None:
            return
        article = self.article(self.current_id)
        focused = self.focused
        offset: int | None = None
        if isinstance(focused, SummaryView):
            sentence = focused.highlighted_sentence
            if sentence is None:
                return
            offset = sentence.start + (len(sentence.text) - len(sentence.text.lstrip()))
        elif isinstance(focused, ArticleView):
            if focused.current_sentence() is None and not focused.splitting:
                return  # no sentence on screen
        else:
            self.notify(
                "To pin a sentence, go to the summary or the article text (tab), then press space.",
                markup=False,
                timeout=4,
            )
            return
        if len(article.text) <= SPLIT_IN_THREAD or known_spans(article.text) is not None:
            self._pin_at(article, offset)
        else:
            self._pin_after_split(article, offset)

    def _pin_at(self, article: Article, offset: int | None) -> None:
        """Toggle the sentence at ``offset`` of ``article``, or (``None``) the text view's
        current sentence while it shows ``article``."""
        if offset is not None:
            index = sentence_at(sentence_spans(article.text), offset)
        else:
            view = self.query_one("#article", ArticleView)
            shown = view.article
            same = shown is not None and shown.id == article.id and shown.text is article.text
            index = view.current_sentence() if same else None
        if index is not None:
            self._toggle_pin(article, index)

    def _pin_after_split(self, article: Article, offset: int | None) -> None:
        """Pin once the article's sentences are split in a thread (a notice says so)."""
        text = article.text
        if not any(waiting[1] is text for waiting in self._waiting_pins):

            def split() -> None:
                try:
                    sentence_spans(text)  # waits for the text view's split if it is under way
                finally:
                    self.post_message(SplitForPins(text))

            self.run_worker(split, thread=True, group="pin-sentences", exit_on_error=False)
        self._waiting_pins = (*self._waiting_pins, (article.id, text, offset))
        self.notify("Pinning after the text is split…", markup=False, timeout=2)

    @on(SplitForPins)
    def _split_for_pins(self, message: SplitForPins) -> None:
        """Make the pins that waited for this split, in the order they were asked for (none
        if the split failed: the worker's error is shown; none for an article since reloaded)."""
        done = [waiting for waiting in self._waiting_pins if waiting[1] is message.text]
        self._waiting_pins = tuple(w for w in self._waiting_pins if w[1] is not message.text)
        if known_spans(message.text) is None:
            return
        for article_id, text, offset in done:
            article = self._article_or_none(article_id)
            if article is not None and article.text is text:
                self._pin_at(article, offset)

    @on(ArticleView.SentencesReady)
    def _sentences_split(self, message: ArticleView.SentencesReady) -> None:
        """The shown article's split arrived: pins that moved in its text can be shown now
        (:func:`briefing.tui.pins.pinned_spans` leaves them out until then)."""
        if self.current_id is None:
            return
        article = self.article(self.current_id)
        if message.key != (article.id, id(article.text)):
            return
        if any(moved(article, pin) for pin in self.reader_app.session.pins_of(article.id)):
            self._rerender_pins()

    def _article_or_none(self, article_id: str) -> Article | None:
        try:
            return self.article(article_id)
        except KeyError:
            return None

    def _toggle_pin(self, article: Article, index: int) -> None:
        """Pin sentence ``index`` of ``article``, or unpin it, with a notice."""
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
        self._rerender_pins()

    def _rerender_pins(self) -> None:
        """Redraw the text and the summary with the current pins."""
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
