"""A widget that shows one Content and repaints without a relayout when its height stays."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget


class ContentLine(Widget):
    """Shows a :class:`~textual.content.Content` (never markup).

    ``Static.update`` always asks for a full relayout (and so a repaint of the whole screen);
    :meth:`set_content` only does that when the wrapped height actually changes.
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
        if content.is_same(self._content):
            return
        width = self.content_region.width
        old_height = len(self._content.wrap(width)) if width > 0 else -1
        new_height = len(content.wrap(width)) if width > 0 else -2
        self._content = content
        self.refresh(layout=self.styles.height.is_auto and old_height != new_height)


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
