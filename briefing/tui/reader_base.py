"""The reader's state and drawing: which article is shown, the list, and the panes.

:class:`ReaderBase` holds what the screen knows (current article, order, filters, summary
settings) and turns it into what the widgets show. Analysis lives in
:mod:`briefing.tui.reader_analysis`, keys and layout in :mod:`briefing.tui.reader`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList

from briefing.models import Article, Mention, Sentence
from briefing.tui.analysis import Analyser, entity_rows, freeze_long_lived
from briefing.tui.article_list import ArticleList
from briefing.tui.article_view import ArticleView, Legend
from briefing.tui.content_line import ContentLine
from briefing.tui.entity_panel import EntityPanel
from briefing.tui.listing import SORT_NAMES, SORTS, matches, sort_articles
from briefing.tui.pins import pinned_spans
from briefing.tui.safe import one_line
from briefing.tui.summary_view import SummaryView

if TYPE_CHECKING:
    from briefing.tui.app import BriefingApp

MIN_LENGTH = 1
MAX_LENGTH = 20
DEFAULT_LENGTH = 5


class ReaderBase(Screen[None]):
    """State of the reader and how it is drawn (no keys, no workers)."""

    def __init__(self) -> None:
        super().__init__(id="reader")
        self.current_id: str | None = None
        """The article shown in the summary and text panes."""
        self.order: str = SORTS[0]
        self.search_query: str = ""
        self.entity_filter: str | None = None
        """Canonical name the list is filtered by (corpus-wide names), if any."""
        self._pending_filter: tuple[str, int, int] | None = None
        self.method: str = "default"
        self.length: int = DEFAULT_LENGTH
        self.hidden: set[str] = set()
        self.tags: bool = True
        self.jump: tuple[int, int] | None = None
        self._generation = 0
        self._analysis_ready = False

    # -- wiring ----------------------------------------------------------------------------

    @property
    def reader_app(self) -> BriefingApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    @property
    def analyser(self) -> Analyser:
        """Summaries and mentions for the corpus (cached)."""
        return self.reader_app.analyser

    # -- list ------------------------------------------------------------------------------

    def visible_articles(self) -> list[Article]:
        """Articles in the list: current order, search and entity filter applied."""
        articles = sort_articles(self.reader_app.corpus.articles, self.order)
        if self.search_query:
            articles = [a for a in articles if matches(a, self.search_query)]
        if self.entity_filter is not None:
            index = self.analyser.cached_index() or {}
            articles = [
                a
                for a in articles
                if any(m.canonical == self.entity_filter for m in index.get(a.id, ()))
            ]
        return articles

    def refresh_list(self, prefer: str | None = None) -> None:
        """Rebuild the list; keep (or move to) ``prefer``/the current article when listed."""
        articles = self.visible_articles()
        listing = self.query_one("#articles", ArticleList)
        wanted = prefer or self.current_id
        listing.show_articles(articles, self.reader_app.session.read, wanted)
        self._update_list_title()
        self._update_titles()
        shown = listing.highlighted_id
        if shown is not None and shown != self.current_id:
            self.show_article(shown)
        elif shown is None and self.current_id is None:
            self.query_one("#summary", SummaryView).show_message("No articles match.")

    def _update_list_title(self) -> None:
        listing = self.query_one("#articles", ArticleList)
        corpus = self.reader_app.corpus.articles
        read = self.reader_app.session.read
        shown = len(listing.article_ids)
        unread = sum(1 for article_id in listing.article_ids if article_id not in read)
        count = f"{shown}" if shown == len(corpus) else f"{shown} of {len(corpus)}"
        listing.border_title = Content(f"Articles {count} · {unread} unread")
        notes: list[Content | str | tuple[str, str]] = []
        if self.entity_filter is not None:
            notes.append((one_line(self.entity_filter), "bold"))
        if self.search_query:
            notes += [" · " if notes else "", (f"“{one_line(self.search_query)}”", "bold")]
        notes += [" · esc" if notes else SORT_NAMES[self.order]]
        listing.border_subtitle = Content.assemble(*notes)

    @on(OptionList.OptionHighlighted, "#articles")
    def _article_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and event.option.id != self.current_id:
            self.show_article(event.option.id)

    @on(OptionList.OptionSelected, "#articles")
    def _article_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_article(event.option.id)
            self.query_one("#article", ArticleView).focus()

    # -- showing an article ----------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        """The corpus article with this id."""
        return self.reader_app.corpus.get(article_id)

    def show_article(self, article_id: str) -> None:
        """Show an article (summary, text, entities) without marking it read."""
        article = self.article(article_id)
        changed = article_id != self.current_id
        self.current_id = article_id
        if changed:
            self.jump = None
        self._update_titles()
        self._render_article(keep_scroll=not changed)
        if self._analysis_ready:
            self._request_analysis(article)

    def after_first_paint(self) -> None:
        """Start analysing once the first frame (with the article text) is on screen.

        The worker's first run imports the summarizer and the entity word lists; starting it
        after the first paint keeps that work from competing with it for the interpreter.
        """
        if self._analysis_ready:
            return
        freeze_long_lived()  # the app's own long-lived objects (and the GC runs again)
        self._start_first_analysis()

    def _start_first_analysis(self) -> None:
        self._analysis_ready = True
        if self.current_id is not None:
            self._request_analysis(self.article(self.current_id))

    def open_article(self, article_id: str) -> None:
        """Show an article and mark it read (enter, [ ], n / p)."""
        listing = self.query_one("#articles", ArticleList)
        listing.highlight_id(article_id)
        if article_id != self.current_id:
            self.show_article(article_id)
        session = self.reader_app.session
        if not session.is_read(article_id):
            session.mark(article_id, True)
            listing.update_article(self.article(article_id), True)
            self._update_list_title()
        session.remember(article_id)

    def _update_titles(self) -> None:
        article = self.article(self.current_id) if self.current_id else None
        story = one_line(self.reader_app.corpus.story.title) or "briefing"
        self.title = story
        self.sub_title = one_line(article.title) if article else ""
        parts: list[tuple[str, str] | str] = [(story, "bold")]
        if self.sub_title:
            parts += [("  —  ", "dim"), self.sub_title]
        self.query_one("#title-bar", ContentLine).set_content(Content.assemble(*parts))
        summary = self.query_one("#summary", SummaryView)
        summary.border_title = "Summary"
        summary.border_subtitle = Content(f"{self.method} · {self.length} · enter jumps")
        entities = self.query_one("#entities", EntityPanel)
        entities.border_title = "Entities"
        entities.border_subtitle = Content("enter filters")
        ids = self.query_one("#articles", ArticleList).article_ids
        pane = self.query_one("#article-pane")
        if self.current_id in ids:
            pane.border_title = Content(f"Article {ids.index(self.current_id) + 1} of {len(ids)}")
        else:
            pane.border_title = "Article"
        pane.border_subtitle = Content("o opens the web page") if article and article.url else None

    def _current_mentions(self) -> list[Mention] | None:
        if self.current_id is None:
            return None
        return self.analyser.cached_mentions(self.current_id)

    def _pin_spans(self) -> list[tuple[int, int]]:
        """Where the current article's pinned sentences are in its text."""
        if self.current_id is None:
            return []
        pins = self.reader_app.session.pins_of(self.current_id)
        return pinned_spans(self.article(self.current_id), pins) if pins else []

    def _render_article(self, keep_scroll: bool = True) -> None:
        if self.current_id is None:
            return
        article = self.article(self.current_id)
        mentions = self._current_mentions()
        focus_row = self.query_one("#entities", EntityPanel).highlighted_row
        focus = focus_row.canonical if focus_row and self.focused is self.entity_panel else None
        self.query_one("#article", ArticleView).show_article(
            article,
            mentions,
            hidden=self.hidden,
            tags=self.tags,
            focus=focus,
            jump=self.jump,
            search=self.search_query,
            pins=self._pin_spans(),
            keep_scroll=keep_scroll,
        )
        self.query_one("#legend", Legend).show_legend(self.hidden, mentions)

    @property
    def entity_panel(self) -> EntityPanel:
        """The entity panel widget."""
        return self.query_one("#entities", EntityPanel)

    def _render_entities(self) -> None:
        mentions = self._current_mentions()
        panel = self.entity_panel
        if mentions is None:
            panel.show_message("Finding entities…")
            return
        panel.show_rows(entity_rows(mentions), self.hidden)
        panel.border_title = Content(f"Entities {len(panel.rows)}")

    def _render_summary(self, sentences: list[Sentence] | None) -> None:
        summary = self.query_one("#summary", SummaryView)
        if sentences is None:
            summary.show_loading()
            return
        article = self.article(self.current_id) if self.current_id else None
        if article is None:
            return
        pins = self._pin_spans()
        pinned = {
            sentence.index
            for sentence in sentences
            if any(start < sentence.end and sentence.start < end for start, end in pins)
        }
        summary.show_sentences(
            article.id,
            article.text,
            sentences,
            self._current_mentions(),
            self.hidden,
            pinned=pinned,
        )

    def _apply_entity_filter(self, canonical: str) -> None:
        """Filter the list to articles naming ``canonical`` and focus it."""
        self.entity_filter = canonical
        self.refresh_list()
        self.query_one("#articles", ArticleList).focus()

    def _request_analysis(self, article: Article) -> None:
        """Show cached analysis and start what is missing (see ReaderAnalysis)."""
        raise NotImplementedError
