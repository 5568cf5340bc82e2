"""The add dialog (``a``): add files or web pages to the corpus without leaving the reader.

:func:`briefing.add.add_to_corpus` runs in a thread worker (it may download); its one-line
progress messages are shown under the input. When articles were added the corpus is loaded
again (in the worker too) and the reader switches to it, selecting the first new article.
Duplicates and failures stay listed in the dialog; a clean add closes it with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Static
from textual.worker import get_current_worker

from briefing.errors import BriefingError
from briefing.models import Corpus
from briefing.tui.safe import one_line

if TYPE_CHECKING:
    from briefing.add import AddReport
    from briefing.tui.app import BriefingApp

MARKS = {"added": ("✓", "$text-success"), "duplicate": ("=", "$text-warning")}
ERROR_MARK = ("✗", "$text-error")


@dataclass
class AddProgress(Message):
    """One line of progress from the add."""

    what: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, AddProgress)


@dataclass
class AddFinished(Message):
    """The add is over: its report, the reloaded corpus (if anything was added) or a problem."""

    report: AddReport | None
    corpus: Corpus | None
    problem: str | None


def result_lines(report: AddReport) -> Content:
    """One line per source: a mark, the title (or the source) and what happened."""
    lines: list[Content] = []
    for result in report.results:
        mark, style = MARKS.get(result.status, ERROR_MARK)
        name = one_line(result.title) or one_line(result.source)
        lines.append(
            Content.assemble(
                (mark, f"bold {style}"),
                " ",
                (name, "bold"),
                ("  " + one_line(result.message), "dim"),
            )
        )
    return Content("\n").join(lines)


class AddDialog(ModalScreen[None]):
    """Type (or paste) paths and web addresses; enter adds them to the corpus."""

    CSS_PATH = "screens.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, corpus_path: Path) -> None:
        super().__init__()
        self.corpus_path = corpus_path
        self.running = False

    @property
    def reader_app(self) -> BriefingApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="add-box", classes="dialog") as box:
            box.border_title = "Add articles"
            yield Static(
                Content.assemble("To ", (one_line(str(self.corpus_path)), "bold")),
                classes="dialog-text",
            )
            yield Input(
                placeholder="a .txt / .md / .html file or a web address (several: spaces between)",
                id="add-input",
            )
            yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="add-bar")
            yield Static(Content(""), id="add-status")
            yield Static(Content(""), id="add-results")
            yield Static(Content.styled("enter adds · esc closes", "dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#add-bar").display = False
        self.query_one("#add-results").display = False

    def _status(self, text: Content | str) -> None:
        content = text if isinstance(text, Content) else Content(one_line(text))
        self.query_one("#add-status", Static).update(content)

    @on(Input.Submitted, "#add-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.running:
            return
        from briefing.add import split_sources

        sources = split_sources(event.value)
        if not sources:
            self._status(Content.styled("Type a path or a web address first.", "$text-warning"))
            return
        self.running = True
        self.query_one("#add-input", Input).disabled = True
        self.query_one("#add-bar").display = True
        self.query_one("#add-results").display = False
        count = len(sources)
        self._status(f"Adding {count} source{'s' if count != 1 else ''}…")
        self._add(sources)

    @work(thread=True, exclusive=True, exit_on_error=False, group="add", description="add articles")
    def _add(self, sources: list[str]) -> None:
        """Add the sources and reload the corpus, off the UI thread."""
        worker = get_current_worker()
        try:
            report = self.reader_app.adder(
                self.corpus_path,
                sources,
                progress=lambda what: self.post_message(AddProgress(str(what))),
                cancelled=lambda: worker.is_cancelled,
            )
        except BriefingError as error:
            self.post_message(AddFinished(None, None, one_line(str(error))[:300]))
            return
        except Exception as error:  # a bug must not take the reader down
            text = one_line(str(error)) or type(error).__name__
            self.post_message(AddFinished(None, None, f"{type(error).__name__}: {text}"[:300]))
            return
        corpus, problem = None, None
        if report.added_ids:
            from briefing.corpus import load_corpus

            try:
                corpus = load_corpus(report.corpus_path)
            except BriefingError as error:
                problem = f"added, but the corpus could not be loaded again: {error}"
        self.post_message(AddFinished(report, corpus, problem))

    @on(AddProgress)
    def _progress(self, message: AddProgress) -> None:
        if self.running:
            self._status(message.what)

    @on(AddFinished)
    def _finished(self, message: AddFinished) -> None:
        self.running = False
        self.query_one("#add-bar").display = False
        field = self.query_one("#add-input", Input)
        field.disabled = False
        report = message.report
        if report is not None and message.corpus is not None and report.added_ids:
            self.reader_app.replace_corpus(message.corpus, select=report.added_ids[0])
        if report is None:
            self._status(Content.styled(one_line(message.problem), "$text-error"))
            field.focus()
            return
        summary = one_line(report.summary())
        if report.ok and not report.duplicates and message.problem is None:
            self.dismiss()
            self.app.notify(
                "\n".join([summary[:1].upper() + summary[1:] + ".", *self._titles(report)]),
                title="Added",
                markup=False,
            )
            return
        results = self.query_one("#add-results", Static)
        results.update(result_lines(report))
        results.display = True
        status = summary[:1].upper() + summary[1:] + "."
        if message.problem:
            status += " " + one_line(message.problem)
        self._status(Content.styled(status, "bold"))
        field.focus()

    @staticmethod
    def _titles(report: AddReport) -> list[str]:
        return [f"• {one_line(result.title) or result.article_id}" for result in report.added][:5]

    def action_close(self) -> None:
        """Close the dialog, or stop an add that is running."""
        if self.running:
            self.workers.cancel_group(self, "add")
            self._status("Stopping after the current source…")
            return
        self.dismiss()
