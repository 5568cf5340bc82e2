"""The article list: title, outlet, date and a read mark per article, for any number of articles.

A virtual list: every article takes three lines (a read mark and the title on up to two lines,
then outlet and date) and only the rows on screen are drawn, so showing 10,000 articles costs
what showing 20 does. A title too long for two lines ends in an ellipsis (the title bar and
the article pane show it whole). While searching, the words found are highlighted in titles.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from briefing.models import Article
from briefing.tui.listing import date_label
from briefing.tui.safe import one_line

UNREAD_MARK = "●"
READ_MARK = "○"
ROW_HEIGHT = 3
"""Lines per article: the title (up to two lines), then outlet and date."""
TITLE_LINES = ROW_HEIGHT - 1
MATCH_STYLE = "bold underline"
"""How words found by a search are shown in titles."""

Span = tuple[int, int]


def article_prompt(article: Article, read: bool, marks: Sequence[Span] = ()) -> Content:
    """A read mark and the title, a newline, then outlet and date (all literal text).

    ``marks``: ranges of the title to highlight (search matches, in ``one_line(title)``).
    """
    mark = (READ_MARK, "dim") if read else (UNREAD_MARK, "bold $accent")
    title_style = "" if read else "bold"
    meta = " · ".join(part for part in (one_line(article.outlet), date_label(article)) if part)
    shown = one_line(article.title)
    title = Content(shown or article.id)
    if title_style:
        title = title.stylize(title_style)
    if shown:
        for start, end in marks:
            if 0 <= start < end <= len(shown):
                title = title.stylize(MATCH_STYLE, start, end)
    return Content.assemble(mark, " ", title, "\n  ", (meta or "undated", "dim"))


def row_lines(prompt: Content, width: int) -> list[Content]:
    """:data:`ROW_HEIGHT` lines of at most ``width`` cells: the title wrapped on up to two
    lines (the second ending in an ellipsis when the title goes on), then outlet and date."""
    parts = prompt.split("\n")
    head, meta = parts[0], parts[1] if len(parts) > 1 else Content("")
    if width <= 3:
        lines = [head, meta]
    else:
        title = head[2:]
        if len(title) > 3 * width:  # only two lines are shown: never wrap a huge title whole
            title = title[: 3 * width]
        wrapped = title.wrap(width - 2) or [Content("")]
        lines = [head[:2] + wrapped[0]]
        if len(wrapped) > 1:
            second = wrapped[1]
            if len(wrapped) > TITLE_LINES:
                second = second.truncate(width - 3) + Content("\u2026")
            lines.append(Content("  ") + second)
        lines.append(meta)
    lines += [Content("")] * (ROW_HEIGHT - len(lines))
    return [line.truncate(width, ellipsis=True) for line in lines[:ROW_HEIGHT]]


class ArticleList(ScrollView, can_focus=True):
    """The articles in the current order and filter; the highlighted one is shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"article-list--highlighted"}

    DEFAULT_CSS = """
    ArticleList {
        text-wrap: nowrap;  /* rows come cut to the width (row_lines) */
        text-overflow: clip;
    }
    ArticleList > .article-list--highlighted {
        background: $block-cursor-blurred-background;
    }
    ArticleList:focus > .article-list--highlighted {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    class _ArticleMessage(Message):
        """A message about one article of the list."""

        def __init__(self, article_list: ArticleList, article_id: str) -> None:
            super().__init__()
            self.article_list = article_list
            self.article_id = article_id

        @property
        def control(self) -> ArticleList:
            return self.article_list

    class Highlighted(_ArticleMessage):
        """The cursor moved to ``article_id``."""

    class Selected(_ArticleMessage):
        """``article_id`` was chosen (enter or a click)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(ArticleList.auto_links, False)  # rows hold no links: skip styling them
        self.article_ids: list[str] = []
        """Ids of the listed articles, in display order."""
        self._articles: list[Article] = []
        self._rows: dict[str, int] = {}
        self._read: Collection[str] = ()
        self._marks: Mapping[str, Sequence[Span]] = {}
        self._highlighted: int | None = None
        self._prompts: dict[tuple[str, bool], Content] = {}
        self._strips: dict[tuple[int, int, bool, int], Strip] = {}

    # -- content ---------------------------------------------------------------------------

    def show_articles(
        self,
        articles: Sequence[Article],
        read: Collection[str],
        current: str | None,
        marks: Mapping[str, Sequence[Span]] | None = None,
    ) -> None:
        """Replace the list, keeping ``current`` highlighted when it is listed.

        ``read`` is consulted when a row is drawn (pass the live set); ``marks`` are title
        ranges to highlight per article id (search matches).
        """
        self._articles = list(articles)
        self.article_ids = [article.id for article in self._articles]
        self._rows = {article_id: row for row, article_id in enumerate(self.article_ids)}
        self._read = read
        self._marks = marks or {}
        self._prompts.clear()
        self._strips.clear()
        self._update_size()
        if current in self._rows:
            self._move_to(self._rows[current], force=True)
        elif self.article_ids:
            self._move_to(0, force=True)
        else:
            self._highlighted = None
        self.refresh()

    def update_article(self, article: Article, read: bool) -> None:
        """Redraw one article's entry (after its read state changed)."""
        row = self._rows.get(article.id)
        if row is None:
            return
        self._forget_row(row)
        self._refresh_row(row)

    def _forget_row(self, row: int) -> None:
        article_id = self.article_ids[row]
        for key in [key for key in self._prompts if key[0] == article_id]:
            del self._prompts[key]
        for key in [key for key in self._strips if key[0] == row]:
            del self._strips[key]

    def _update_size(self) -> None:
        width = self.scrollable_content_region.width
        size = Size(width, len(self._articles) * ROW_HEIGHT)
        if size != self.virtual_size:
            # The list's own region never changes with its content: only it repaints.
            self.set_reactive(ArticleList.virtual_size, size)
            self._scroll_update(size)

    def on_resize(self) -> None:
        self._strips.clear()
        self._update_size()
        self.scroll_to_highlight()

    def notify_style_update(self) -> None:
        self._strips.clear()  # theme colours are resolved when a row is drawn
        super().notify_style_update()

    # -- the cursor ------------------------------------------------------------------------

    @property
    def highlighted(self) -> int | None:
        """Row of the highlighted article (``None`` when the list is empty)."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, row: int | None) -> None:
        if row is None or not self.article_ids:
            return
        self._move_to(row)

    def _move_to(self, row: int, *, force: bool = False) -> None:
        row = max(0, min(row, len(self.article_ids) - 1))
        old = self._highlighted
        if row == old and not force:
            return
        self._highlighted = row
        if old is not None and old < len(self.article_ids):
            self._refresh_row(old)
        self._refresh_row(row)
        self.scroll_to_highlight()
        if row != old or force:
            self.post_message(self.Highlighted(self, self.article_ids[row]))

    def scroll_to_highlight(self) -> None:
        """Bring the highlighted row into view."""
        row = self._highlighted
        if row is None or not self.is_mounted:
            return
        self.scroll_to_region(
            Region(0, row * ROW_HEIGHT, max(1, self.scrollable_content_region.width), ROW_HEIGHT),
            animate=False,
            force=True,
            immediate=True,
        )

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted article, if any."""
        if self._highlighted is None or not self.article_ids:
            return None
        return self.article_ids[self._highlighted]

    def highlight_id(self, article_id: str) -> bool:
        """Highlight ``article_id``; ``False`` if it is not listed."""
        row = self._rows.get(article_id)
        if row is None:
            return False
        self._move_to(row)
        return True

    def row_of(self, article_id: str) -> int | None:
        """Where ``article_id`` is listed (0-based), if it is."""
        return self._rows.get(article_id)

    def action_cursor_down(self) -> None:
        """Highlight the next article."""
        if self.article_ids:
            self._move_to(0 if self._highlighted is None else self._highlighted + 1)

    def action_cursor_up(self) -> None:
        """Highlight the previous article."""
        if self.article_ids:
            self._move_to(0 if self._highlighted is None else self._highlighted - 1)

    def action_first(self) -> None:
        """Highlight the first article."""
        if self.article_ids:
            self._move_to(0)

    def action_last(self) -> None:
        """Highlight the last article."""
        if self.article_ids:
            self._move_to(len(self.article_ids) - 1)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_page_down(self) -> None:
        """Move the cursor one screen down."""
        if self.article_ids:
            self._move_to((self._highlighted or 0) + self._page())

    def action_page_up(self) -> None:
        """Move the cursor one screen up."""
        if self.article_ids:
            self._move_to((self._highlighted or 0) - self._page())

    def action_select(self) -> None:
        """Open the highlighted article."""
        article_id = self.highlighted_id
        if article_id is not None:
            self.post_message(self.Selected(self, article_id))

    async def _on_click(self, event: events.Click) -> None:
        row = (event.y + self.scroll_offset.y) // ROW_HEIGHT
        if 0 <= row < len(self.article_ids):
            event.stop()
            self._move_to(row)
            self.post_message(self.Selected(self, self.article_ids[row]))

    # -- drawing ---------------------------------------------------------------------------

    def _refresh_row(self, row: int) -> None:
        top = row * ROW_HEIGHT - self.scroll_offset.y
        width = self.scrollable_content_region.width
        if top + ROW_HEIGHT > 0 and top < self.scrollable_content_region.height and width > 0:
            self.refresh(Region(0, top, width, ROW_HEIGHT))

    def _prompt(self, article: Article) -> Content:
        read = article.id in self._read
        key = (article.id, read)
        prompt = self._prompts.get(key)
        if prompt is None:
            if len(self._prompts) > 512:
                self._prompts.clear()
            prompt = article_prompt(article, read, self._marks.get(article.id, ()))
            self._prompts[key] = prompt
        return prompt

    def prompt_at(self, row: int) -> Content:
        """What row ``row`` shows (for tests)."""
        return self._prompt(self._articles[row])

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        row, part = divmod(line, ROW_HEIGHT)
        base = self.visual_style  # cached until the styles change (``rich_style`` is not)
        if width <= 0 or row >= len(self._articles):
            return Strip.blank(max(0, width), base.rich_style)
        article = self._articles[row]
        highlighted = row == self._highlighted
        read = article.id in self._read
        key = (row, part, highlighted and self.has_focus, int(highlighted) + 2 * int(read))
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 1024:
                self._strips.clear()
            style = base
            if highlighted:
                style = style + self.get_visual_style("article-list--highlighted")
            lines = row_lines(self._prompt(article), width)
            for index, text in enumerate(lines):  # the row's lines at once: one wrap, not three
                rendered = Visual.to_strips(self, text, width, 1, style)
                made = rendered[0] if rendered else Strip.blank(width, style.rich_style)
                self._strips[(row, index, *key[2:])] = made.extend_cell_length(
                    width, style.rich_style
                )
            strip = self._strips[key]
        return strip

    def on_focus(self) -> None:
        if self._highlighted is not None:
            self._refresh_row(self._highlighted)

    def on_blur(self) -> None:
        if self._highlighted is not None:
            self._refresh_row(self._highlighted)
