"""Command palette hits that come from the corpus: "Open: <article title>".

Textual's own matcher highlights a hit by parsing it as markup, so a title like ``[b]x`` would
be misread; these hits are built as :class:`~textual.content.Content` (literal text, control
characters made visible) and highlighted span by span.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import Hit, Hits, Matcher, Provider
from textual.content import Content

from briefing.tui.listing import date_label
from briefing.tui.safe import one_line

if TYPE_CHECKING:
    from briefing.tui.app import BriefingApp

PREFIX = "Open: "


def literal_highlight(matcher: Matcher, text: str) -> Content:
    """``text`` as literal Content with the characters ``matcher`` matched highlighted."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ArticleCommands(Provider):
    """Open any article of the corpus by (part of) its title."""

    async def search(self, query: str) -> Hits:
        app: BriefingApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for article in app.corpus.articles:
            text = PREFIX + (one_line(article.title) or one_line(article.id))
            score = matcher.match(text)
            if score <= 0:
                continue
            parts = (one_line(article.outlet), date_label(article))
            meta = " · ".join(part for part in parts if part)
            display = literal_highlight(matcher, text)
            if meta:
                display = Content.assemble(display, "\n", (meta, "dim"))
            yield Hit(
                score,
                display,
                partial(app.reader.open_from_palette, article.id),
                text=text,
            )
