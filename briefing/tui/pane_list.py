"""An option list used as a reader pane (summary, entities): vi keys, repaint-only updates."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from briefing.tui.content_line import NoRelayout


class PaneList(NoRelayout, OptionList):
    """An :class:`OptionList` sized by the layout, moved with j/k and g/G as well as arrows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.set_reactive(PaneList.auto_links, False)  # no links in the options: skip styling them
