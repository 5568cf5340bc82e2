"""The reader's state and drawing: which article is shown, the list, and the panes.

:class:`ReaderBase` holds what the screen knows (current article, order, filters, summary
settings) and turns it into what the widgets show. Analysis lives in
:mod:`briefing.tui.reader_analysis`, keys and layout in :mod:`briefing.tui.reader`.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import on
from textual.content import Content
from textual.screen import Screen

from briefing.models import Article, Corpus, Mention, Sentence
from briefing.tui.analysis import Analyser, entity_rows, freeze_long_lived
from briefing.tui.article_list import ArticleList
from briefing.tui.article_view import ArticleView, Legend
from briefing.tui.content_line import ContentLine
from briefing.tui.entity_panel import EntityPanel
from briefing.tui.listing import SORT_NAMES, SORTS, sort_articles
from briefing.tui.pins import pinned_spans
from briefing.tui.safe import one_line
from briefing.tui.summary_view import SummaryView

if TYPE_CHECKING:
    from briefing.store import SearchHit
    from briefing.tui.app import BriefingApp

MIN_LENGTH = 1
LOADING_DELAY = 0.25
"""Seconds a summary may take before the loading indicator shows."""
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
        self.search_results: list[str] | None = None
        """Ids found for the search (best first), once a search has answered."""
        self.search_hits: dict[str, SearchHit] = {}
        """The search index's hits (snippets, highlights) by article id."""
        self.search_marks: dict[str, tuple[tuple[int, int], ...]] = {}
        """Where the search words are in each found article's shown title."""
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
        self._first_analysis = threading.Event()
        """Set once the shown article's own analysis has run (the batch analysis waits)."""
        self._corpus_cache: tuple[Corpus | None, dict[str, Article], dict[str, list[Article]]]
        self._corpus_cache = (None, {}, {})

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

    def _lookup(self) -> tuple[dict[str, Article], dict[str, list[Article]]]:
        """Articles by id and the sorted lists made so far, for the current corpus."""
        corpus = self.reader_app.corpus
        if self._corpus_cache[0] is not corpus:
            self._corpus_cache = (corpus, {a.id: a for a in corpus.articles}, {})
        return self._corpus_cache[1], self._corpus_cache[2]

    def sorted_articles(self) -> list[Article]:
        """Every article in the current order (sorted once per order)."""
        _by_id, orders = self._lookup()
        found = orders.get(self.order)
        if found is None:
            found = orders[self.order] = sort_articles(self.reader_app.corpus.articles, self.order)
        return found

    def visible_articles(self) -> list[Article]:
        """Articles in the list: current order (or search rank), search and entity filter."""
        if self.search_query and self.search_results is not None:
            by_id, _orders = self._lookup()
            articles = [by_id[i] for i in self.search_results if i in by_id]
        else:
            articles = self.sorted_articles()
        if self.entity_filter is not None:
            wanted = self.entity_filter
            naming = self.analyser.articles_naming(wanted)
            if naming is None:
                index = self.analyser.cached_index() or {}
                naming = frozenset(
                    a for a, ms in index.items() if any(m.canonical == wanted for m in ms)
                )
            articles = [a for a in articles if a.id in naming]
        return articles

    def refresh_list(self, prefer: str | None = None) -> None:
        """Rebuild the list; keep (or move to) ``prefer``/the current article when listed."""
        articles = self.visible_articles()
        listing = self.query_one("#articles", ArticleList)
        wanted = prefer or self.current_id
        marks = self.search_marks if self.search_query else None
        listing.show_articles(articles, self.reader_app.session.read, wanted, marks)
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
        title = f"Articles {count} · {unread} unread"
        if len(title) > (listing.outer_size.width or 34) - 6:  # a large corpus, a narrow list
            title = f"{count} · {unread} unread"
        listing.border_title = Content(title)
        notes: list[Content | str | tuple[str, str]] = []
        if self.entity_filter is not None:
            notes.append((one_line(self.entity_filter), "bold"))
        if self.search_query:
            notes += [" · " if notes else "", (f"“{one_line(self.search_query)}”", "bold")]
        notes += [" · esc" if notes else SORT_NAMES[self.order]]
        listing.border_subtitle = Content.assemble(*notes)

    @on(ArticleList.Highlighted, "#articles")
    def _article_highlighted(self, event: ArticleList.Highlighted) -> None:
        if event.article_id != self.current_id:
            self.show_article(event.article_id)

    @on(ArticleList.Selected, "#articles")
    def _article_selected(self, event: ArticleList.Selected) -> None:
        self.open_article(event.article_id)
        self.query_one("#article", ArticleView).focus()

    # -- showing an article ----------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        """The corpus article with this id (KeyError if none)."""
        by_id, _orders = self._lookup()
        return by_id[article_id]

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
        for pane in self.query(".-first-frame"):  # the scrollbars, in the next frame,
            pane.remove_class("-first-frame")
        self.call_after_refresh(self._start_first_analysis)  # which analysis does not delay

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
        subtitle = one_line(article.title) if article else ""
        # The screen's own title reactives repaint the whole screen when set; the reader draws
        # its title bar itself, so they are only kept up to date (for the palette and tests).
        self.set_reactive(ReaderBase.title, story)
        self.set_reactive(ReaderBase.sub_title, subtitle)
        parts: list[tuple[str, str] | str] = [(story, "bold")]
        if subtitle:
            parts += [("  —  ", "dim"), subtitle]
        self.query_one("#title-bar", ContentLine).set_content(Content.assemble(*parts))
        summary = self.query_one("#summary", SummaryView)
        summary.border_title = "Summary"
        summary.border_subtitle = Content(f"{self.method} · {self.length} · enter jumps")
        entities = self.query_one("#entities", EntityPanel)
        entities.border_title = "Entities"
        entities.border_subtitle = Content("enter filters")
        listing = self.query_one("#articles", ArticleList)
        pane = self.query_one("#article-pane")
        row = listing.row_of(self.current_id) if self.current_id is not None else None
        if row is not None:
            pane.border_title = Content(f"Article {row + 1} of {len(listing.article_ids)}")
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
            # A note at once; the loading indicator (a relayout of the whole screen) only if
            # the summary takes a while (a cached one arrives within milliseconds).
            summary.show_message("Summarizing…")
            generation = self._generation
            self.set_timer(LOADING_DELAY, lambda: self._still_loading(generation))
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

    def _still_loading(self, generation: int) -> None:
        summary = self.query_one("#summary", SummaryView)
        waiting = summary.shown_for is None and not summary.sentences and not summary.loading
        if generation == self._generation and waiting and self.current_id is not None:
            summary.show_loading()

    def _apply_entity_filter(self, canonical: str) -> None:
        """Filter the list to articles naming ``canonical`` and focus it."""
        self.entity_filter = canonical
        self.refresh_list()
        self.query_one("#articles", ArticleList).focus()

    def _request_analysis(self, article: Article) -> None:
        """Show cached analysis and start what is missing (see ReaderAnalysis)."""
        raise NotImplementedError
