"""A one-line progress indicator for background work: ``analysing 1,234 / 10,000 ━━━━───``."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

BAR_MIN = 6
"""Narrower than this, the bar is left out (the counts stay)."""


def progress_content(stage: str, done: int, total: int | None, width: int) -> Content:
    """The line for ``stage`` at ``done`` of ``total`` (``None``: no count) in ``width`` cells."""
    if total is None or total <= 0:
        return Content.assemble((stage, "italic"), ("…", "dim")).truncate(width, ellipsis=True)
    done = max(0, min(done, total))
    counts = f" {done:,} / {total:,} "
    head = Content.assemble((stage, "italic"), (counts, "dim"))
    room = width - head.cell_length
    if room < BAR_MIN:
        return head.truncate(width, ellipsis=True)
    filled = round(room * done / total)
    return Content.assemble(head, ("━" * filled, "$accent"), ("─" * (room - filled), "dim"))


class ProgressLine(Widget):
    """Shows what the background work is doing; hidden when there is nothing to show."""

    DEFAULT_CSS = """
    ProgressLine {
        height: 1;
        width: 1fr;
        padding: 0 1;
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stage = ""
        self.done = 0
        self.total: int | None = None

    def show_progress(self, stage: str, done: int, total: int | None) -> None:
        """Show ``stage`` at ``done`` of ``total`` (``total=None``: no count, e.g. a last step)."""
        if (stage, done, total) == (self.stage, self.done, self.total) and self.display:
            return
        self.stage, self.done, self.total = stage, done, total
        if not self.display:
            self.display = True
        self.refresh()

    def hide(self) -> None:
        """Nothing is running."""
        self.stage, self.done, self.total = "", 0, None
        if self.display:
            self.display = False

    @property
    def text(self) -> str:
        """The line as plain text (for tests)."""
        return self.render().plain

    def render(self) -> Content:
        if not self.stage:
            return Content("")
        return progress_content(self.stage, self.done, self.total, self.content_region.width)
