"""Small modal dialogs: a file name to export to, and a yes / no question.

Everything shown is Content or plain text (paths and titles may hold anything).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from briefing.tui.safe import one_line


class ExportDialog(ModalScreen[str | None]):
    """Asks for the Markdown file to write; dismisses with the typed path or ``None``."""

    CSS_PATH = "screens.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, value: str, folder: Path, problem: str | None = None) -> None:
        super().__init__()
        self.value = value
        self.folder = folder
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog") as box:
            box.border_title = "Export the briefing as Markdown"
            yield Static(
                Content.assemble("File name, in ", (one_line(str(self.folder)), "bold"), ":"),
                classes="dialog-text",
            )
            yield Input(value=self.value, id="export-path", select_on_focus=False)
            if self.problem:
                yield Static(
                    Content.styled(one_line(self.problem), "$text-error"), classes="dialog-problem"
                )
            yield Static(Content.styled("enter writes · esc cancels", "dim"), classes="dialog-hint")

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value:
            self.dismiss(value)
        else:
            self.app.bell()

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes / no question; ``y`` or the first button says yes, ``n`` or esc says no."""

    CSS_PATH = "screens.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(self, question: Content | str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question if isinstance(question, Content) else Content(one_line(question))
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog") as box:
            box.border_title = "Confirm"
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(self.yes), id="yes", variant="error")
                yield Button(Content(self.no), id="no", variant="primary")
            yield Static(
                Content.styled(f"y: {self.yes.lower()} · n or esc: {self.no.lower()}", "dim"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # the safe answer is the default

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Answer the question."""
        self.dismiss(yes)
