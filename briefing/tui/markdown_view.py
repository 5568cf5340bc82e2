"""A Markdown viewer for untrusted documents (the briefing quotes article text).

Two things in Textual 8.2.8's ``MarkdownViewer`` are unsafe for text the user did not write:

* a clicked link is *followed*: the viewer loads the link target as a local file (even with
  ``open_links=False``, which only stops opening it in a browser). Here a click never follows
  or opens anything; the address is copied to the clipboard instead, with a notice.
* table cells get their plain text as a *markup* tooltip, so an entity named ``a [/] b`` would
  raise a markup error when hovered. Here tooltips are literal Content.

The table classes are private to Textual; ``textual`` is pinned exactly in pyproject.toml and
tests/test_tui_briefing.py covers both points.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Markdown, MarkdownViewer
from textual.widgets._markdown import (
    MarkdownTable,
    MarkdownTableCellContents,
    MarkdownTableContent,
)
from textual.widgets.markdown import MarkdownBlock, MarkdownTableOfContents

from briefing.tui.safe import one_line


class LiteralTableContent(MarkdownTableContent):
    """Table cells whose tooltips are literal text."""

    def compose(self) -> ComposeResult:
        for header in self.headers:
            yield MarkdownTableCellContents(header, classes="header").with_tooltip(
                Content(header.plain)
            )
        for row_index, row in enumerate(self.rows, 1):
            for cell_index, cell in enumerate(row, 1):
                yield MarkdownTableCellContents(
                    cell, classes=f"row{row_index} cell", name=f"cell{row_index}.{cell_index}"
                ).with_tooltip(Content(cell.plain))
            self.last_row = row_index


class LiteralTable(MarkdownTable):
    """A Markdown table drawn with :class:`LiteralTableContent`."""

    def compose(self) -> ComposeResult:
        headers, rows = self._get_headers_and_rows()
        self._headers = headers
        self._rows = rows
        yield LiteralTableContent(headers, rows)


class UntrustedMarkdown(Markdown):
    """Markdown whose tables have literal tooltips and whose links open nothing."""

    BLOCKS: ClassVar[dict[str, type[MarkdownBlock]]] = {
        **Markdown.BLOCKS,
        "table_open": LiteralTable,
    }

    def __init__(self, **kwargs: object) -> None:
        super().__init__(open_links=False, **kwargs)  # type: ignore[arg-type]


class UntrustedMarkdownViewer(MarkdownViewer):
    """A MarkdownViewer that never follows or opens links (it copies them)."""

    def __init__(self, markdown: str, *, show_table_of_contents: bool, id: str | None = None):
        super().__init__(
            markdown, show_table_of_contents=show_table_of_contents, open_links=False, id=id
        )

    def compose(self) -> ComposeResult:
        document = UntrustedMarkdown(parser_factory=self._parser_factory)
        document.can_focus = True
        yield document
        yield MarkdownTableOfContents(document)

    async def _on_markdown_link_clicked(self, message: Markdown.LinkClicked) -> None:
        message.stop()
        message.prevent_default()  # MarkdownViewer's own handler would load the link as a file
        href = one_line(message.href)
        self.app.copy_to_clipboard(href)
        self.notify(f"Link copied (not opened): {href}", markup=False, timeout=4)
