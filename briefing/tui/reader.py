"""The reader screen: layout, keys and the panes' selections.

Layout: the article list and the entity panel on the left; the summary and the article text
to their right (stacked under 110 columns). State and drawing live in
:mod:`briefing.tui.reader_base`, the analysis workers in :mod:`briefing.tui.reader_analysis`.
Widgets only draw what they are given and post messages; this screen handles them.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import OptionList

from briefing.tui.article_list import ArticleList
from briefing.tui.article_view import ArticleView, Legend
from briefing.tui.content_line import ContentLine
from briefing.tui.entity_panel import EntityPanel
from briefing.tui.key_bar import KeyBar
from briefing.tui.labels import BY_LABEL, LABEL_INFO, label_info
from briefing.tui.listing import SORTS, browser_available, citation, safe_url
from briefing.tui.progress_line import ProgressLine
from briefing.tui.reader_base import DEFAULT_LENGTH, MAX_LENGTH, MIN_LENGTH
from briefing.tui.reader_briefing import ReaderBriefing
from briefing.tui.stylesheet import register_default_css
from briefing.tui.summary_view import SummaryView

PANES = ("articles", "summary", "article", "entities")
"""Focus order for tab / shift+tab."""


class ReaderScreen(ReaderBriefing):
    """Reads one corpus: the list on the left, summary and text to its right."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-narrow"),
        (110, "-wide"),
        (170, "-xwide"),
    ]
    AUTO_FOCUS = "#articles"
    _resumed = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "app.help", "Keys", key_display="?"),
        Binding("q", "app.quit", "Quit"),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False),
        Binding("left_square_bracket", "step(-1)", "Prev", key_display="["),
        Binding("right_square_bracket", "step(1)", "Next", key_display="]"),
        Binding("n", "unread(1)", "Unread", show=False),
        Binding("p", "unread(-1)", "Previous unread", show=False),
        Binding("m", "toggle_read", "Read"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("e", "focus_entities", "Entities"),
        Binding("space", "pin", "Pin", key_display="space"),
        Binding("b", "briefing", "Briefing"),
        Binding("x", "export", "Export", show=False),
        Binding("a", "add", "Add", show=False),
        Binding("escape", "clear_filters", "Clear filter", show=False),
        Binding("plus,equals_sign", "length(1)", "Longer", key_display="+"),
        Binding("minus", "length(-1)", "Shorter", key_display="-", show=False),
        Binding("s", "next_method", "Method"),
        Binding("S", "next_sort", "Sort", show=False),
        Binding("o", "open_url", "Open", show=False),
        Binding("y", "copy_citation", "Cite", show=False),
        *(
            Binding(info.key, f"toggle_label('{info.label}')", f"Toggle {info.name}", show=False)
            for info in LABEL_INFO
        ),
    ]

    def compose(self) -> ComposeResult:
        # Width classes before the children exist: styling them once, not twice.
        self.apply_breakpoints(self.app.size.width)
        yield ContentLine(id="title-bar")
        # The panes are cells of the screen's grid (reader.tcss), not nested containers:
        # a container is drawn under its children, so each costs a pane's worth of lines.
        # "-first-frame": the first frame leaves the panes' scrollbar column blank
        # (reader.tcss); after_first_paint removes it.
        with Vertical(id="sidebar"):
            yield ArticleList(id="articles", classes="-first-frame")
            yield ProgressLine(id="progress")
            yield EntityPanel(id="entities", classes="-first-frame")
        yield SummaryView(id="summary", classes="-first-frame")
        with Vertical(id="article-pane"):
            yield Legend(id="legend")
            yield ArticleView(id="article", classes="-first-frame")
        yield KeyBar()

    def _extend_compose(self, widgets: list[Widget]) -> None:
        super()._extend_compose(widgets)
        register_default_css(self.app, widgets)  # one stylesheet parse, not one per wave

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual calls Screen's handler next. The first time, every node has just been
        # styled as it mounted, with the whole stylesheet (register_default_css): styling
        # them all again would only delay the first frame.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def apply_breakpoints(self, width: int, *, update: bool = True) -> None:
        """Set the width class now, so the first frame already has the right layout.

        (Textual applies breakpoints on the first Resize, which comes after the first frame.)
        The app calls this before the screen is first styled (``update=False``), so the
        screen is styled once; ``compose`` calls it again, which then changes nothing.
        """
        name = next(
            n for edge, n in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True) if width >= edge
        )
        classes = {n: n == name for _, n in self.HORIZONTAL_BREAKPOINTS}
        self.update_classes(classes, update=update, animate=False)

    def on_mount(self) -> None:
        # Textual hides the (empty) toast rack right after the first frame, which costs a
        # relayout of the whole screen; hiding it now costs nothing (no frame yet).
        for rack in self.query("#textual-toastrack"):
            rack.display = False
        session = self.reader_app.session
        self.order = session.pref("list.sort", SORTS[0]) or SORTS[0]
        if self.order not in SORTS:
            self.order = SORTS[0]
        method = session.pref("summary.method", "default") or "default"
        self.method = method  # checked against the methods once analysis starts
        try:
            self.length = int(session.pref("summary.length", str(DEFAULT_LENGTH)) or DEFAULT_LENGTH)
        except ValueError:
            self.length = DEFAULT_LENGTH
        self.length = min(MAX_LENGTH, max(MIN_LENGTH, self.length))
        hidden = session.pref("entities.hidden", "") or ""
        self.hidden = {label for label in hidden.split(",") if label in BY_LABEL}
        self.query_one("#entities", EntityPanel).show_message("Entities appear here.")
        articles = self.reader_app.corpus.articles
        last = session.last_article()
        start = last if any(a.id == last for a in articles) else None
        self.refresh_list(prefer=start)
        self._update_titles()

    # -- entities --------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#entities")
    def _entity_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.focused is self.entity_panel:
            self._render_article()

    @on(OptionList.OptionSelected, "#entities")
    def _entity_selected(self, event: OptionList.OptionSelected) -> None:
        row = self.entity_panel.highlighted_row
        mentions = self._current_mentions() or []
        if row is None or self.current_id is None:
            return
        first = next((m for m in mentions if m.canonical == row.canonical), None)
        if first is None:
            return
        index = self.analyser.cached_index()
        if index is not None:
            resolved = next(
                (
                    m.canonical
                    for m in index.get(self.current_id, ())
                    if m.start == first.start and m.end == first.end
                ),
                row.canonical,
            )
            self._apply_entity_filter(resolved)
        else:
            self._pending_filter = (self.current_id, first.start, first.end)
            if self.background_running:
                message = (
                    "The list is filtered once every article's entities are known"
                    " (see the progress under the list)."
                )
            else:
                message = "Finding entities in every article…"
            self.notify(message, markup=False, timeout=4)
            self._build_index()

    def action_focus_entities(self) -> None:
        """Focus the entity panel (and start indexing the corpus for filtering)."""
        self.entity_panel.focus()
        self._build_index()

    def on_descendant_focus(self) -> None:
        self._render_article()

    def on_descendant_blur(self) -> None:
        self._render_article()

    # -- summary ---------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#summary")
    def _sentence_selected(self, event: OptionList.OptionSelected) -> None:
        sentence = self.query_one("#summary", SummaryView).highlighted_sentence
        if sentence is None:
            return
        self.jump = (sentence.start, sentence.end)
        self._render_article()
        self.query_one("#article", ArticleView).scroll_to_offset(sentence.start)

    def action_length(self, delta: int) -> None:
        """Make the summary longer or shorter."""
        length = min(MAX_LENGTH, max(MIN_LENGTH, self.length + delta))
        if length == self.length:
            self.notify(f"Summary length is {length} (limit).", markup=False, timeout=2)
            return
        self.length = length
        self.reader_app.session.set_pref("summary.length", str(length))
        self._reanalyse()

    def action_next_method(self) -> None:
        """Use the next summary method."""
        methods = self.analyser.methods
        index = methods.index(self.method) if self.method in methods else -1
        self.method = methods[(index + 1) % len(methods)]
        self.reader_app.session.set_pref("summary.method", self.method)
        self.notify(f"Summary method: {self.method}", markup=False, timeout=2)
        self._reanalyse()

    def set_method(self, method: str) -> None:
        """Use ``method`` for summaries (from the command palette)."""
        if method in self.analyser.methods:
            self.method = method
            self.reader_app.session.set_pref("summary.method", method)
            self._reanalyse()

    def _reanalyse(self) -> None:
        self._update_titles()
        if self.current_id is not None:
            self._request_analysis(self.article(self.current_id))

    # -- keys ------------------------------------------------------------------------------

    def action_cycle_pane(self, step: int) -> None:
        """Move focus to the next / previous pane."""
        panes: list[Widget] = [self.query_one(f"#{name}") for name in PANES]
        search = self.search_box
        if search is not None and search.display:
            panes.insert(0, search)
        current = next((i for i, pane in enumerate(panes) if pane is self.focused), -1)
        panes[(current + step) % len(panes)].focus()

    def _step_from(self, listing: ArticleList, step: int) -> str | None:
        ids = listing.article_ids
        if not ids:
            return None
        row = listing.row_of(self.current_id) if self.current_id is not None else None
        if row is None:
            return ids[0] if step > 0 else ids[-1]
        index = row + step
        return ids[index] if 0 <= index < len(ids) else None

    def action_step(self, step: int) -> None:
        """Open the previous / next article in the list."""
        target = self._step_from(self.query_one("#articles", ArticleList), step)
        if target is None:
            self.notify("No more articles this way.", markup=False, timeout=2)
            return
        self.open_article(target)

    def action_unread(self, step: int) -> None:
        """Open the next / previous unread article."""
        listing = self.query_one("#articles", ArticleList)
        ids = listing.article_ids
        read = self.reader_app.session.read
        row = listing.row_of(self.current_id) if self.current_id is not None else None
        position = -1 if row is None else row
        if step > 0:
            candidates = [i for i in ids[position + 1 :] if i not in read]
        else:
            before = ids[:position] if position >= 0 else ids
            candidates = [i for i in reversed(before) if i not in read]
        if not candidates:
            self.notify("No more unread articles this way.", markup=False, timeout=2)
            return
        self.open_article(candidates[0])

    def action_toggle_read(self) -> None:
        """Toggle the current article's read mark."""
        if self.current_id is None:
            return
        session = self.reader_app.session
        read = not session.is_read(self.current_id)
        session.mark(self.current_id, read)
        self.query_one("#articles", ArticleList).update_article(self.article(self.current_id), read)
        self._update_list_title()

    def action_clear_filters(self) -> None:
        """Clear the search and the entity filter (esc)."""
        had_filter = bool(self.search_query or self.entity_filter)
        had_filter = self.clear_search() or had_filter
        self.entity_filter = None
        self._pending_filter = None
        if had_filter:
            self.refresh_list()
            self._render_article()
            self.query_one("#articles", ArticleList).focus()

    def action_toggle_label(self, label: str) -> None:
        """Show or hide one entity type."""
        if label in self.hidden:
            self.hidden.discard(label)
        else:
            self.hidden.add(label)
        self.reader_app.session.set_pref("entities.hidden", ",".join(sorted(self.hidden)))
        state = "hidden" if label in self.hidden else "shown"
        self.notify(f"{label_info(label).name}: {state}", markup=False, timeout=1.5)
        self._render_article()
        self._render_entities()
        summary = self.query_one("#summary", SummaryView)
        if summary.sentences and summary.shown_for == self.current_id:
            self._render_summary(summary.sentences)

    def action_next_sort(self) -> None:
        """Cycle the list order: oldest first, newest first, by outlet."""
        self.order = SORTS[(SORTS.index(self.order) + 1) % len(SORTS)]
        self.reader_app.session.set_pref("list.sort", self.order)
        self.refresh_list()

    def set_sort(self, order: str) -> None:
        """Sort the list by ``order`` (from the command palette)."""
        if order in SORTS:
            self.order = order
            self.reader_app.session.set_pref("list.sort", order)
            self.refresh_list()

    def action_open_url(self) -> None:
        """Open the article's address in a browser."""
        if self.current_id is None:
            return
        url = safe_url(self.article(self.current_id).url)
        if url is None:
            self.notify("This article has no web address.", markup=False, timeout=2)
            return
        if not browser_available():
            self.app.copy_to_clipboard(url)
            self.notify(
                f"No graphical browser here; the address was copied: {url}",
                markup=False,
                timeout=4,
            )
            return
        self.app.open_url(url)
        self.notify(f"Opening {url}", markup=False, timeout=2)

    def action_copy_citation(self) -> None:
        """Copy a citation of the article to the clipboard."""
        if self.current_id is None:
            return
        text = citation(self.article(self.current_id))
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied: {text}", markup=False, timeout=3)

    def toggle_tags(self) -> None:
        """Show or hide the small type tags after entity mentions."""
        self.tags = not self.tags
        self._render_article()

    def on_unmount(self) -> None:
        if self.current_id is not None:
            self.reader_app.session.remember(self.current_id)
