"""The article list: title, outlet, date and a read mark per article."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.models import Article
from briefing.tui.content_line import NoRelayout
from briefing.tui.listing import date_label
from briefing.tui.safe import one_line

UNREAD_MARK = "●"
READ_MARK = "○"


def article_prompt(article: Article, read: bool) -> Content:
    """Two lines: a read mark and the title, then outlet and date (all literal text)."""
    mark = (READ_MARK, "dim") if read else (UNREAD_MARK, "bold $accent")
    title_style = "" if read else "bold"
    meta = " · ".join(part for part in (one_line(article.outlet), date_label(article)) if part)
    return Content.assemble(
        mark,
        " ",
        (one_line(article.title) or article.id, title_style),
        "\n  ",
        (meta or "undated", "dim"),
    )


class ArticleList(NoRelayout, OptionList):
    """The articles in the current order and filter; the highlighted one is shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.article_ids: list[str] = []
        """Ids of the listed articles, in display order."""

    def show_articles(
        self, articles: Sequence[Article], read: Collection[str], current: str | None
    ) -> None:
        """Replace the list, keeping ``current`` highlighted when it is listed."""
        self.article_ids = [article.id for article in articles]
        self.set_options(
            Option(article_prompt(article, article.id in read), id=article.id)
            for article in articles
        )
        if current in self.article_ids:
            self.highlighted = self.article_ids.index(current)
        elif self.article_ids:
            self.highlighted = 0

    def update_article(self, article: Article, read: bool) -> None:
        """Redraw one article's entry (after its read state changed)."""
        if article.id in self.article_ids:
            self.replace_option_prompt(article.id, article_prompt(article, read))

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted article, if any."""
        if self.highlighted is None or not self.article_ids:
            return None
        return self.article_ids[self.highlighted]

    def highlight_id(self, article_id: str) -> bool:
        """Highlight ``article_id``; ``False`` if it is not listed."""
        if article_id not in self.article_ids:
            return False
        self.highlighted = self.article_ids.index(article_id)
        return True
