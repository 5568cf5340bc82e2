"""A one-line key bar: the screen's shown bindings, like Textual's Footer, in one widget.

Textual's Footer mounts a widget per key, which costs the reader's start-up more than the rest
of its first frame; this bar draws the same hints as one line of Content, follows the screen's
bindings (``bindings_updated_signal``) and runs a key's action when it is clicked.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

PALETTE_HINT = "palette"


class KeyBar(Widget):
    """Key hints for the current screen; click one to run it."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")
        self._targets: list[tuple[int, int, str, object]] = []
        """Clickable ``(start, end, action, node)`` cell ranges."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._update()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self._update()

    def _update(self) -> None:
        parts: list[tuple[str, str] | str] = []
        targets: list[tuple[int, int, str, object]] = []
        seen: set[str] = set()
        position = 0
        palette: tuple[str, str, object] | None = None
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == self.app.COMMAND_PALETTE_BINDING:
                palette = (self.app.get_key_display(binding), binding.action, node)
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key = self.app.get_key_display(binding)
            style = "" if enabled else "dim"
            piece = [
                (f" {key}", f"bold $footer-key-foreground {style}".strip()),
                (f" {binding.description}", f"$footer-description-foreground {style}".strip()),
            ]
            width = len(key) + len(binding.description) + 2
            if enabled:
                targets.append((position, position + width, binding.action, node))
            position += width
            parts.extend(piece)
        content = Content.assemble(*parts)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            palette_key, palette_action, palette_node = palette
            hint = Content.assemble(
                ("▏", "dim"),
                (f"{palette_key} ", "bold $footer-key-foreground"),
                (PALETTE_HINT + " ", "$footer-description-foreground"),
            )
            gap = self.size.width - content.cell_length - hint.cell_length
            if gap >= 1:
                start = content.cell_length + gap
                targets.append((start, start + hint.cell_length, palette_action, palette_node))
                content = Content.assemble(content, " " * gap, hint)
        self._targets = targets
        if not content.is_same(self._content):
            self._content = content
            self.refresh()

    def on_resize(self) -> None:
        self._update()

    def render(self) -> Content:
        return self._content

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._targets:
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(action, node)  # type: ignore[arg-type]
                return

    @property
    def text(self) -> str:
        """The bar as plain text (for tests)."""
        return self._content.plain
