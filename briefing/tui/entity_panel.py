"""The entity panel: the article's entities by canonical name, with mention counts."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from briefing.tui.analysis import EntityRow
from briefing.tui.labels import label_info
from briefing.tui.pane_list import PaneList
from briefing.tui.safe import one_line


def entity_prompt(row: EntityRow, hidden: bool) -> Content:
    """``  12 Antony Blinkenᵖ``: count, name in its type's colour, and the type tag."""
    info = label_info(row.label)
    style = "dim strike" if hidden else f"{info.style} ${info.variable}".strip()
    return Content.assemble(
        (f"{row.count:>3} ", "dim"),
        (one_line(row.canonical), style),
        (info.tag, "dim" if hidden else f"${info.variable}"),
    )


class EntityPanel(PaneList):
    """Entities of the shown article; enter asks the screen to filter the list by one."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[EntityRow] = []
        """The entities shown, most mentioned first."""

    def show_rows(self, rows: Sequence[EntityRow], hidden: Collection[str]) -> None:
        """Show ``rows`` (types in ``hidden`` are struck out, still listed)."""
        keep = self.highlighted_row
        self.rows = list(rows)
        if not self.rows:
            self.set_options([Option(Content.styled("No entities found.", "dim"))])
            return
        self.set_options(
            Option(entity_prompt(row, row.label in hidden), id=f"e{index}")
            for index, row in enumerate(self.rows)
        )
        if keep is not None:
            for index, row in enumerate(self.rows):
                if row.canonical == keep.canonical:
                    self.highlighted = index
                    break

    def show_message(self, message: str) -> None:
        """Show a note instead of entities (while they are being found)."""
        self.rows = []
        self.set_options([Option(Content.styled(one_line(message), "dim italic"))])

    @property
    def highlighted_row(self) -> EntityRow | None:
        """The entity under the cursor, if any."""
        if self.highlighted is None or self.highlighted >= len(self.rows):
            return None
        return self.rows[self.highlighted]
