"""The briefing screen (``b``): the combined, cited briefing of the corpus, as Markdown.

The briefing is built in a thread worker (exclusive, cancelled when the screen closes) that
reports progress through messages; the screen shows a progress bar until it is ready, then the
Markdown in an :class:`~briefing.tui.markdown_view.UntrustedMarkdownViewer` (links are never
followed, tooltips are literal). The Markdown comes
from :func:`briefing.export.render_markdown`, which escapes every piece of corpus text; ``x``
writes the full document (with its YAML front matter) to a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from briefing.errors import BriefingError
from briefing.tui.content_line import ContentLine
from briefing.tui.key_bar import KeyBar
from briefing.tui.markdown_view import UntrustedMarkdownViewer
from briefing.tui.safe import one_line

if TYPE_CHECKING:
    from briefing.brief import Briefing
    from briefing.tui.app import BriefingApp

WIDE = 110
"""From this width on, the table of contents is shown beside the briefing."""
WORKER_PROCESSES_FROM = 24
"""The briefing of a corpus this large may use worker processes (``briefing.brief``)."""


@dataclass
class BriefingProgress(Message):
    """The build advanced to ``fraction`` (0..1), doing ``what``."""

    fraction: float
    what: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, BriefingProgress)


@dataclass
class BriefingReady(Message):
    """The briefing for ``key`` was built; ``skipped`` pins no longer match their article."""

    key: tuple[object, ...]
    briefing: Briefing
    markdown: str
    skipped: int


@dataclass
class BriefingFailed(Message):
    """Building failed; ``error`` is one line for the screen and a notice."""

    error: str


def body_of(markdown: str) -> str:
    """The Markdown without its YAML front matter (shown on screen; the file keeps it)."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[end + 5 :].lstrip("\n")
    return markdown


class BriefingScreen(Screen[None]):
    """Builds the briefing (with a progress bar), then shows it; ``x`` exports it."""

    CSS_PATH = "screens.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "back", "Reader", key_display="esc"),
        Binding("x", "export", "Export"),
        Binding("r", "rebuild", "Rebuild"),
        Binding("c", "toggle_contents", "Contents"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
        Binding("g", "scroll('home')", "Top", show=False),
        Binding("G", "scroll('end')", "Bottom", show=False),
        Binding("question_mark", "app.help", "Keys", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, *, export: bool = False) -> None:
        super().__init__(id="briefing")
        self.export_when_ready = export
        """Start the export as soon as the briefing is built (``x`` from the reader)."""
        self.markdown: str | None = None
        """The full Markdown (front matter included), once built."""
        self.briefing: Briefing | None = None

    @property
    def reader_app(self) -> BriefingApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield ContentLine(id="briefing-title")
        with Vertical(id="briefing-progress"):
            yield Static(Content.styled("Building the briefing…", "bold"), id="briefing-status")
            with Center():
                yield ProgressBar(total=1.0, show_eta=False, id="briefing-bar")
            yield Static(
                Content.styled("esc goes back to the reader (and stops the build)", "dim"),
                id="briefing-hint",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_title()
        cached = self.reader_app.cached_briefing()
        if cached is not None:
            briefing, markdown = cached
            self.call_after_refresh(self._show, briefing, markdown)
        else:
            self._start(use_cache=True)

    def _show_title(self, note: str = "") -> None:
        app = self.reader_app
        pins = len(app.session.pins)
        story = one_line(app.corpus.story.title) or "Briefing"
        parts: list[tuple[str, str] | str] = [("Briefing", "bold $accent"), "  ", (story, "bold")]
        count = len(app.corpus.articles)
        parts.append((f"  ·  {count} article{'s' if count != 1 else ''}", "dim"))
        if pins:
            parts.append((f"  ·  {pins} pinned", "dim"))
        if note:
            parts.append((f"  ·  {note}", "dim"))
        self.query_one("#briefing-title", ContentLine).set_content(Content.assemble(*parts))

    # -- building --------------------------------------------------------------------------

    def _start(self, *, use_cache: bool) -> None:
        app = self.reader_app
        self.markdown = None
        self.briefing = None
        for viewer in self.query(UntrustedMarkdownViewer):
            viewer.remove()
        self.query_one("#briefing-progress").display = True
        self.query_one("#briefing-bar", ProgressBar).update(total=1.0, progress=0)
        self._status("Building the briefing…")
        if len(app.corpus.articles) >= WORKER_PROCESSES_FROM:
            from briefing.tui.processes import prepare_worker_processes

            prepare_worker_processes()  # a large corpus is analysed in worker processes
        self._build(app.briefing_key(), list(app.session.pins.values()), use_cache)

    def _status(self, text: str, style: str = "bold") -> None:
        self.query_one("#briefing-status", Static).update(Content.styled(one_line(text), style))

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="briefing",
        description="build the briefing",
    )
    def _build(self, key: tuple[object, ...], pins: list[object], use_cache: bool) -> None:
        """Build and render the briefing off the UI thread; results arrive as messages."""
        from briefing.brief import BriefingCancelled
        from briefing.export import render_markdown
        from briefing.tui.pins import resolve_pins

        worker = get_current_worker()
        app = self.reader_app
        corpus = app.corpus
        try:
            resolved, skipped = resolve_pins(corpus, pins)  # type: ignore[arg-type]
            briefing = app.briefing_builder(
                corpus,
                pins=resolved,
                progress=lambda fraction, what: self.post_message(BriefingProgress(fraction, what)),
                cancelled=lambda: worker.is_cancelled,
                use_cache=use_cache,
                store=app.store,  # the sentences and mentions analysed already
            )
            if worker.is_cancelled:
                return
            self.post_message(BriefingProgress(1.0, "laying out the briefing"))
            markdown = render_markdown(briefing)
        except BriefingCancelled:
            return
        except BriefingError as error:
            self.post_message(BriefingFailed(one_line(str(error))[:300]))
            return
        except Exception as error:  # a bug in the core must not take the reader down
            text = one_line(str(error)) or type(error).__name__
            self.post_message(BriefingFailed(f"{type(error).__name__}: {text}"[:300]))
            return
        if not worker.is_cancelled:
            self.post_message(BriefingReady(key, briefing, markdown, skipped))

    @on(BriefingProgress)
    def _progress(self, message: BriefingProgress) -> None:
        if self.markdown is not None:
            return
        fraction = min(1.0, max(0.0, message.fraction))
        self.query_one("#briefing-bar", ProgressBar).update(progress=fraction)
        what = one_line(message.what)
        self._status(f"Building the briefing: {what}…" if what else "Building the briefing…")

    @on(BriefingReady)
    def _ready(self, message: BriefingReady) -> None:
        self.reader_app.remember_briefing(message.key, message.briefing, message.markdown)
        if message.skipped:
            count = message.skipped
            self.notify(
                f"{count} pinned sentence{'s' if count != 1 else ''} no longer match"
                f"{'es' if count == 1 else ''} the article text and "
                f"{'was' if count == 1 else 'were'} left out.",
                title="Pins",
                severity="warning",
                markup=False,
            )
        self._show(message.briefing, message.markdown)

    def _show(self, briefing: Briefing, markdown: str) -> None:
        self.briefing = briefing
        self.markdown = markdown
        self.query_one("#briefing-progress").display = False
        for old in self.query(UntrustedMarkdownViewer):
            old.remove()
        viewer = UntrustedMarkdownViewer(
            body_of(markdown), show_table_of_contents=self.app.size.width >= WIDE, id="briefing-doc"
        )
        self.mount(viewer, before=self.query_one(KeyBar))
        viewer.focus()
        self._show_title()
        if self.export_when_ready:
            self.export_when_ready = False
            self.action_export()

    @on(BriefingFailed)
    def _failed(self, message: BriefingFailed) -> None:
        self.query_one("#briefing-bar", ProgressBar).display = False
        self._status(f"The briefing could not be built: {message.error}", "bold $text-error")
        self.notify(message.error, title="Briefing failed", severity="error", markup=False)

    # -- keys ------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to the reader (a build still running is cancelled)."""
        self.workers.cancel_group(self, "briefing")
        self.dismiss()

    def action_rebuild(self) -> None:
        """Build the briefing again, ignoring the cache."""
        self.reader_app.forget_briefing()
        self.query_one("#briefing-bar", ProgressBar).display = True
        self._start(use_cache=False)

    def action_toggle_contents(self) -> None:
        """Show or hide the table of contents."""
        for viewer in self.query(UntrustedMarkdownViewer):
            viewer.show_table_of_contents = not viewer.show_table_of_contents

    def action_scroll(self, where: str) -> None:
        """Scroll the briefing."""
        for viewer in self.query(UntrustedMarkdownViewer):
            {
                "down": viewer.scroll_down,
                "up": viewer.scroll_up,
                "home": viewer.scroll_home,
                "end": viewer.scroll_end,
            }[where]()

    def action_export(self) -> None:
        """Write the briefing to a Markdown file (asks for the name)."""
        if self.markdown is None:
            self.export_when_ready = True
            self.notify("The briefing is still being built; export follows.", markup=False)
            return
        self._export(self.markdown)

    @work(exclusive=True, group="export", exit_on_error=False, description="export")
    async def _export(self, markdown: str) -> None:
        from briefing.export import default_export_name
        from briefing.tui.exporting import export_flow

        await export_flow(self.app, markdown, default_export_name(self.reader_app.corpus))
