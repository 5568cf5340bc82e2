"""The key help (``?``): every key of the reader, grouped."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from briefing.tui.keys import KEYS
from briefing.tui.labels import LABEL_INFO


def help_content() -> Content:
    """The key table as Content (literal text; no markup)."""
    width = max(len(keys) for _group, rows in KEYS for keys, _action in rows)
    parts: list[tuple[str, str] | str] = []
    for group, rows in KEYS:
        if parts:
            parts.append("\n")
        parts.append((group, "bold $accent"))
        parts.append("\n")
        for keys, action in rows:
            parts.append((f"  {keys:<{width}}  ", "bold"))
            parts.append(f"{action}\n")
    parts.append(("\nEntity types", "bold $accent"))
    parts.append(("  (colour, plus a small letter after each mention)\n", "dim"))
    for info in LABEL_INFO:
        parts.append((f"  {info.key}  ", "bold"))
        parts.append((info.name, f"{info.style} ${info.variable}".strip()))
        parts.append((info.tag, f"${info.variable}"))
        parts.append(f"{'':<{max(1, 8 - len(info.name))}}{info.description}\n")
    parts.append(("\nesc, q or ? closes this help.", "dim"))
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    """A scrollable list of keys over the reader."""

    CSS_PATH = "screens.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", show=True),
        Binding("j", "scroll('down')", show=False),
        Binding("k", "scroll('up')", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            yield Static(help_content(), id="help-text")

    def action_scroll(self, direction: str) -> None:
        """Scroll the help text."""
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down()
        else:
            body.scroll_up()
