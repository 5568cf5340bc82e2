"""A widget that shows one Content and repaints without a relayout when its height stays."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget

from briefing.tui.safe import visible

MAX_CHARS = 4000
"""A line shows at most this many characters (a title of a megabyte is cut, with "…")."""


class ContentLine(Widget):
    """Shows a :class:`~textual.content.Content` (never markup): a title bar, a legend.

    ``Static.update`` always asks for a full relayout (and so a repaint of the whole screen);
    :meth:`set_content` only does that when the wrapped height actually changes. Content
    longer than :data:`MAX_CHARS` is cut: such a line is for a few rows, and wrapping or
    rendering a megabyte on every change would stall the UI. Control and invisible
    characters are shown as symbols (:func:`~briefing.tui.safe.visible`).
    """

    DEFAULT_CSS = """
    ContentLine {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")

    @property
    def content(self) -> Content:
        """What the widget shows."""
        return self._content

    def render(self) -> Content:
        return self._content

    def set_content(self, content: Content) -> None:
        """Show ``content``; relayout only if the number of lines changes."""
        if len(content) > MAX_CHARS:
            content = content[: MAX_CHARS - 1] + Content("…")
        plain = content.plain
        safe = visible(plain)  # defence in depth: controls and invisibles shown, not sent
        if safe != plain:
            content = Content(safe, list(content.spans), strip_control_codes=False)
        if content.is_same(self._content):
            return
        if not self.styles.height.is_auto:  # a fixed height: the lines do not matter
            self._content = content
            self.refresh()
            return
        width = self.content_region.width
        old_height = len(self._content.wrap(width)) if width > 0 else -1
        new_height = len(content.wrap(width)) if width > 0 else -2
        self._content = content
        self.refresh(layout=old_height != new_height)


class NoRelayout:
    """Mixin for widgets whose size is fixed by CSS: content changes repaint only themselves.

    Textual asks for a relayout of the whole screen when an option list's content or scroll
    range changes; for a pane sized by the layout that only costs a full-screen repaint.
    """

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Any:
        """Repaint (never relayout: the layout gives this widget its size)."""
        parent: Any = super()
        return parent.refresh(*regions, repaint=repaint, layout=False, recompose=recompose)
