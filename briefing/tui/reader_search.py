"""Search as you type (``/``): ranked results from the store's full-text index, with snippets.

Each change of the search box starts an exclusive thread worker that waits a moment (so fast
typing runs one query, not one per key), then asks the index (bm25 ranking, the last word
matched as a prefix) or, until the index holds the corpus, matches in memory. Results carry
the query's generation: a late answer to an older query is dropped, never shown. The list
shows the results best first with the words found highlighted in the titles; under the search
box, the highlighted article's snippet shows where they occur. Snippets and titles are plain
text turned into :class:`~textual.content.Content` spans, never markup. Esc clears.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from textual import on, work
from textual.content import Content
from textual.widgets import Input
from textual.worker import get_current_worker

from briefing.models import Article
from briefing.paths import corpus_key
from briefing.tui.article_list import ArticleList
from briefing.tui.content_line import ContentLine
from briefing.tui.listing import matches
from briefing.tui.messages import SearchResults, SnippetReady
from briefing.tui.reader_background import ReaderBackground
from briefing.tui.safe import one_line, visible

SEARCH_LIMIT = 200
"""Most results listed for one query (the best ones)."""
SNIPPETS = 3
"""Results whose snippets come with the answer (the others' are fetched when highlighted:
making snippets is most of a search's cost)."""
DEBOUNCE = 0.08
"""Seconds a query waits for the next key before it runs."""
MATCH_STYLE = "bold $accent"
"""How the words found are shown in a snippet."""
_CHECK_EVERY = 256


def snippet_content(snippet: str, highlights: tuple[tuple[int, int], ...]) -> Content:
    """A snippet as Content: literal text (controls made visible) with the matches styled."""
    text = visible(snippet)
    content = Content(text)
    for start, end in highlights:
        if 0 <= start < end <= len(text):
            content = content.stylize(MATCH_STYLE, start, end)
    return content


def query_words(query: str) -> list[str]:
    """The words of a query (phrases split), as the index matches them."""
    return re.findall(r"[^\W_]+", query)


def title_marks(title: str, words: list[str]) -> tuple[tuple[int, int], ...]:
    """Where ``words`` (or words they begin) occur in the title as listed."""
    from briefing.store.search import highlight_ranges

    return highlight_ranges(one_line(title), words) if words else ()


class ReaderSearch(ReaderBackground):
    """The search box, the search worker and the snippet of the highlighted result."""

    def __init__(self) -> None:
        super().__init__()
        self._search_generation = 0

    # -- the search box --------------------------------------------------------------------

    @property
    def search_box(self) -> Input | None:
        """The search box, once ``/`` has created it."""
        found = self.query("#search")
        return found.first(Input) if found else None

    @property
    def snippet_line(self) -> ContentLine | None:
        """Where the highlighted result's snippet is shown (created with the search box)."""
        found = self.query("#snippet")
        return found.first(ContentLine) if found else None

    async def action_search(self) -> None:
        """Show and focus the search box (created on first use)."""
        search = self.search_box
        if search is None:
            search = Input(placeholder="search titles and text", id="search")
            snippet = ContentLine(id="snippet")
            snippet.display = False
            await self.query_one("#sidebar").mount(search, snippet, before="#articles")
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if query == self.search_query:
            return
        self.search_query = query
        self._search_generation += 1
        if not query:
            self._drop_results()
            self.refresh_list()
            self._render_article()
            return
        self._update_list_title()
        # The index answers once it holds the corpus, unless the store has since fallen back
        # to memory (the index went with the file): then the words are matched in memory.
        use_index = self.search_ready and (
            self.reader_app.store.degraded == self.search_index_degraded
        )
        self._search(self._search_generation, query, use_index, self.sorted_articles())

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#articles", ArticleList).focus()

    def clear_search(self) -> bool:
        """Empty and hide the search box and forget the results; ``True`` if it was shown."""
        search = self.search_box
        shown = search is not None and search.display
        self._search_generation += 1  # an answer still on its way is dropped
        self.workers.cancel_group(self, "search")
        self.search_query = ""
        self._drop_results()
        if search is not None and shown:
            with search.prevent(Input.Changed):
                search.value = ""
            search.display = False
        return shown

    def _drop_results(self) -> None:
        self.search_results = None
        self.search_hits = {}
        self.search_marks = {}
        self._show_snippet()

    # -- the worker ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="search", description="search")
    def _search(
        self, generation: int, query: str, use_index: bool, articles: list[Article]
    ) -> None:
        """Find ``query`` (after a short wait for more keys); posts :class:`SearchResults`."""
        worker = get_current_worker()
        if worker.cancelled_event.wait(DEBOUNCE) or generation != self._search_generation:
            return
        app = self.reader_app
        hits: dict[str, Any] = {}
        if use_index:
            from briefing.store import build_query

            if build_query(query, as_you_type=True) is None:
                if any(ch.isalnum() for ch in query):  # one letter so far: everything fits
                    self._answer(worker, generation, query, [a.id for a in articles], {})
                    return
                use_index = False  # only punctuation ("[/]"): matched literally, in memory
        if use_index:
            found = app.store.search(
                corpus_key(app.corpus.path),
                query,
                limit=SEARCH_LIMIT,
                as_you_type=True,
                snippets=SNIPPETS,
            )
            known = {article.id for article in articles} if found else set()
            hits = {hit.article_id: hit for hit in found if hit.article_id in known}
            ids = list(hits)
        else:
            ids = []
            for number, article in enumerate(articles):
                if number % _CHECK_EVERY == 0 and (
                    worker.is_cancelled or generation != self._search_generation
                ):
                    return
                if matches(article, query):
                    ids.append(article.id)
        self._answer(worker, generation, query, ids, hits)

    def _answer(
        self, worker: Any, generation: int, query: str, ids: list[str], hits: dict[str, Any]
    ) -> None:
        if not worker.is_cancelled and generation == self._search_generation:
            self.post_message(SearchResults(generation, query, ids, hits))

    @on(SearchResults)
    def _search_answered(self, message: SearchResults) -> None:
        if message.generation != self._search_generation or message.query != self.search_query:
            return  # an older query's answer
        self.search_results = message.ids
        self.search_hits = message.hits
        words = query_words(message.query)
        self.search_marks = {
            article_id: title_marks(self.article(article_id).title, words)
            for article_id in message.hits
        }
        self.refresh_list(prefer=message.ids[0] if message.ids else None)  # the best match
        self._render_article()
        self._show_snippet()

    # -- the snippet -----------------------------------------------------------------------

    def show_article(self, article_id: str) -> None:
        super().show_article(article_id)
        if self.search_hits:
            self._show_snippet()

    def _show_snippet(self) -> None:
        line = self.snippet_line
        if line is None:
            return
        hit = self.search_hits.get(self.current_id or "") if self.search_query else None
        if hit is not None and not hit.snippet and not hit.title and self.current_id:
            self._fetch_snippet(self._search_generation, self.search_query, self.current_id)
        if hit is None or not hit.snippet:
            line.display = False
            return
        line.set_content(snippet_content(hit.snippet, hit.highlights))
        line.display = True

    @work(thread=True, exclusive=True, exit_on_error=False, group="snippet", description="snippet")
    def _fetch_snippet(self, generation: int, query: str, article_id: str) -> None:
        """The snippet of a result that came without one (it is highlighted now)."""
        worker = get_current_worker()
        if worker.cancelled_event.wait(DEBOUNCE / 2) or generation != self._search_generation:
            return
        app = self.reader_app
        hit = app.store.hit_for(corpus_key(app.corpus.path), query, article_id, as_you_type=True)
        if hit is not None and not worker.is_cancelled:
            self.post_message(SnippetReady(generation, article_id, hit))

    @on(SnippetReady)
    def _snippet_ready(self, message: SnippetReady) -> None:
        if message.generation != self._search_generation:
            return
        old = self.search_hits.get(message.article_id)
        if old is None:
            return
        self.search_hits[message.article_id] = dataclasses.replace(message.hit, score=old.score)
        if message.article_id == self.current_id:
            self._show_snippet()
