"""The reader's analysis: thread workers and the messages they post back.

Workers never touch widgets: they post :mod:`~briefing.tui.messages`. Every summary request
carries a generation number, so a late result for an article the user has already left is
cached but never shown. Exclusive worker groups cancel the previous request; the work checks
``is_cancelled`` between steps.
"""

from __future__ import annotations

from textual import on, work
from textual.worker import Worker, WorkerState, get_current_worker

from briefing.models import Article
from briefing.tui.analysis import SummaryRequest
from briefing.tui.messages import AnalysisFailed, IndexReady, MentionsReady, SummaryReady
from briefing.tui.reader_base import ReaderBase
from briefing.tui.safe import one_line
from briefing.tui.summary_view import SummaryView


def _one_error_line(error: BaseException) -> str:
    text = one_line(str(error)) or type(error).__name__
    return text[:200]


class ReaderAnalysis(ReaderBase):
    """Summaries and entities for the shown article, computed off the UI thread."""

    background_running = False
    """Whether the corpus-wide background work is going (see ReaderBackground)."""

    def _request_analysis(self, article: Article) -> None:
        """Show cached results at once; start a worker for whatever is missing."""
        if self.method not in self.analyser.methods:
            self.method = self.analyser.methods[0]
            self._update_titles()
        self._generation += 1
        request = SummaryRequest(article.id, self.method, self.length, self._generation)
        sentences = self.analyser.cached_summary(request)
        mentions = self.analyser.cached_mentions(article.id)
        self._render_entities()
        self._render_summary(sentences)
        if sentences is None or mentions is None:
            self._analyse(article, request, sentences is None, mentions is None)
        else:
            self.workers.cancel_group(self, "analyse")
            self._first_analysis.set()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="analyse",
        description="analyse an article",
    )
    def _analyse(
        self, article: Article, request: SummaryRequest, summary: bool, entities: bool
    ) -> None:
        """Summarize and find entities off the UI thread; results arrive as messages."""
        try:
            self._analyse_now(article, request, summary, entities)
        finally:
            self._first_analysis.set()

    def _analyse_now(
        self, article: Article, request: SummaryRequest, summary: bool, entities: bool
    ) -> None:
        worker = get_current_worker()
        if summary and not worker.is_cancelled:
            try:
                sentences = self.analyser.compute_summary(article, request)
            except Exception as error:
                self.post_message(AnalysisFailed(article.id, "summary", _one_error_line(error)))
            else:
                if not worker.is_cancelled:
                    self.post_message(SummaryReady(request, sentences))
        if entities and not worker.is_cancelled:
            try:
                mentions = self.analyser.compute_mentions(article, lambda: worker.is_cancelled)
            except Exception as error:
                self.post_message(AnalysisFailed(article.id, "entities", _one_error_line(error)))
            else:
                if mentions is not None and not worker.is_cancelled:
                    self.post_message(MentionsReady(article.id, mentions))

    def _is_current(self, request: SummaryRequest) -> bool:
        return request.generation == self._generation and request.article_id == self.current_id

    @on(SummaryReady)
    def _summary_ready(self, message: SummaryReady) -> None:
        if self._is_current(message.request):
            self._render_summary(message.sentences)

    @on(MentionsReady)
    def _mentions_ready(self, message: MentionsReady) -> None:
        if message.article_id != self.current_id:
            return
        self._render_article()
        self._render_entities()
        summary = self.query_one("#summary", SummaryView)
        if summary.sentences and summary.shown_for == self.current_id:
            self._render_summary(summary.sentences)

    @on(AnalysisFailed)
    def _analysis_failed(self, message: AnalysisFailed) -> None:
        if message.article_id != self.current_id:
            return
        self.notify(
            f"Could not analyse this article ({message.what}): {message.error}",
            title="Analysis failed",
            severity="error",
            markup=False,
        )
        if message.what == "summary":
            self.query_one("#summary", SummaryView).show_message("Summary unavailable.")
        else:
            self.entity_panel.show_message("Entities unavailable.")

    def _build_index(self) -> None:
        """Have the entity index built (the background run builds it when it is going)."""
        if self.analyser.cached_index() is None and not self.background_running:
            self._index()

    @work(
        thread=True, exclusive=True, exit_on_error=False, group="index", description="entity index"
    )
    def _index(self) -> None:
        """Find entities in every article (for filtering the list by an entity)."""
        worker = get_current_worker()
        try:
            index = self.analyser.compute_index(lambda: worker.is_cancelled)
        except Exception as error:
            self.post_message(
                AnalysisFailed(self.current_id or "", "entity index", _one_error_line(error))
            )
            return
        if index is not None and not worker.is_cancelled:
            self.post_message(IndexReady(index))

    @on(IndexReady)
    def _index_ready(self, message: IndexReady) -> None:
        if self._pending_filter is not None:
            article_id, start, end = self._pending_filter
            self._pending_filter = None
            for mention in message.index.get(article_id, ()):
                if mention.start == start and mention.end == end:
                    self._apply_entity_filter(mention.canonical)
                    break
        self._render_entities()
        self._render_article()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(
                _one_error_line(event.worker.error), title="Error", severity="error", markup=False
            )
