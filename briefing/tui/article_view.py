"""The article pane: a legend of entity types and the full text with highlighted entities.

The text view is a Line API widget: the article is wrapped once per width and only the lines
on screen are rendered, so a long article costs the same to show and scroll as a short one.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from briefing.models import Article, Mention
from briefing.tui.content_line import ContentLine
from briefing.tui.highlight import Highlighted, highlight
from briefing.tui.labels import LABEL_INFO
from briefing.tui.listing import meta_line, safe_url
from briefing.tui.safe import one_line


def legend_content(hidden: Collection[str], counts: Counter[str] | None = None) -> Content:
    """``1 personᵖ 3 geoᵍ ...``: key, name and tag of each type in the article.

    With ``counts`` only the types present (or hidden) are listed; without, every type is.
    Hidden types are struck out.
    """
    parts: list[Content | str | tuple[str, str]] = []
    for info in LABEL_INFO:
        off = info.label in hidden
        count = counts.get(info.label, 0) if counts is not None else 0
        if counts is not None and not count and not off:
            continue
        if parts:
            parts.append(" ")
        name_style = "dim strike" if off else f"{info.style} ${info.variable}".strip()
        parts.append((info.key, "dim" if off else "bold"))
        parts.append(" ")
        parts.append((info.name, name_style))
        parts.append((info.tag, "dim" if off else f"${info.variable}"))
    if counts is not None and not parts:
        return Content.styled("no entities found", "dim italic")
    return Content.assemble(*parts)


class Legend(ContentLine):
    """The entity legend (which colour and tag is which type, and which keys toggle them)."""

    def show_legend(self, hidden: Collection[str], mentions: Sequence[Mention] | None) -> None:
        """Redraw for the current hidden types and (if known) this article's mentions."""
        if mentions is None:
            self.set_content(Content.styled("finding entities…", "dim italic"))
            return
        self.set_content(legend_content(hidden, Counter(m.label for m in mentions)))


def article_head(article: Article) -> Content:
    """Title, metadata and web address (literal text)."""
    parts: list[tuple[str, str] | str] = [(one_line(article.title) or article.id, "bold")]
    meta = meta_line(article)
    url = safe_url(article.url)
    if meta:
        parts += ["\n", (meta, "dim")]
    if url:
        parts += ["\n", (one_line(url), "dim underline")]
    return Content.assemble(*parts)


@dataclass
class _Rendered:
    """One shown state of an article: its content and its wrapped lines per width."""

    head: Content
    shown: Highlighted
    document: Content
    mentions: object
    """Kept so the ``id()`` in the cache key stays unique while the entry lives."""
    lines: dict[int, list[Content]] = field(default_factory=dict)


class ArticleView(ScrollView, can_focus=True):
    """Title, metadata and the article text; ``scroll_to_offset`` brings a sentence into view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self._head = Content("")
        self._shown: Highlighted | None = None
        self._document = Content("")
        self._lines: list[Content] = []
        self._wrapped_width = -1
        self._strips: dict[int, Strip] = {}
        self._key: tuple[object, ...] = ()
        self._recent: OrderedDict[tuple[object, ...], _Rendered] = OrderedDict()
        """Recently shown documents (highlighting and wrapped lines), so going back is cheap."""

    # -- content -----------------------------------------------------------------------------

    @property
    def document(self) -> Content:
        """Everything the view shows: head, a blank line, then the highlighted text."""
        return self._document

    @property
    def body(self) -> Content:
        """The highlighted article text alone."""
        return self._shown.content if self._shown is not None else Content("")

    def show_article(
        self,
        article: Article,
        mentions: Sequence[Mention] | None,
        *,
        hidden: Collection[str] = (),
        tags: bool = True,
        focus: str | None = None,
        jump: tuple[int, int] | None = None,
        search: str = "",
        keep_scroll: bool = False,
    ) -> None:
        """Render ``article``; a new article starts at the top unless ``keep_scroll``."""
        changed = self.article is None or self.article.id != article.id
        self.article = article
        key = (
            article.id,
            id(mentions) if mentions is not None else None,
            tuple(sorted(hidden)),
            tags,
            focus,
            jump,
            search,
        )
        rendered = self._recent.get(key)
        if rendered is None:
            head = article_head(article)
            shown = highlight(
                article.text,
                mentions or (),
                hidden=hidden,
                tags=tags,
                focus=focus,
                jump=jump,
                search=search,
            )
            document = Content("").join([head, Content("\n\n"), shown.content])
            rendered = _Rendered(head, shown, document, mentions)
            self._recent[key] = rendered
            while len(self._recent) > 24:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(key)
        self._key = key
        self._head, self._shown, self._document = rendered.head, rendered.shown, rendered.document
        self._wrapped_width = -1
        self._rewrap()
        if changed and not keep_scroll:
            self.scroll_to(0, 0, animate=False, immediate=True)

    # -- Line API ----------------------------------------------------------------------------

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_width:
            return
        self._wrapped_width = width
        rendered = self._recent.get(self._key)
        lines = rendered.lines.get(width) if rendered is not None else None
        if lines is None:
            lines = self._document.wrap(width)
            if rendered is not None:
                rendered.lines[width] = lines
        self._lines = lines
        self._strips.clear()
        size = Size(width, len(lines))
        if size != self.virtual_size:
            # The view's own region does not change (the scrollbar gutter is stable), so the
            # new scroll range needs no relayout of the screen: only this view repaints.
            self.set_reactive(ArticleView.virtual_size, size)
            self._scroll_update(size)
        self.refresh()

    def on_resize(self) -> None:
        self._rewrap()

    def notify_style_update(self) -> None:
        self._strips.clear()  # theme colours are resolved when a line is rendered
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        self._rewrap()
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        if index >= len(self._lines) or width <= 0:
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            rendered = Visual.to_strips(self, self._lines[index], width, 1, self.visual_style)
            strip = rendered[0] if rendered else Strip.blank(width, self.rich_style)
            strip = strip.extend_cell_length(width, self.rich_style)
            if len(self._strips) > 2000:
                self._strips.clear()
            self._strips[index] = strip
        return strip

    # -- jumping -----------------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        """The wrapped line where source ``offset`` of the article text is drawn."""
        if self._shown is None:
            return 0
        width = max(1, self._wrapped_width)
        prefix = Content("").join(
            [self._head, Content("\n\n"), self._shown.content[: self._shown.start(offset)]]
        )
        lines = 0
        for paragraph in prefix.split("\n", allow_blank=True):
            lines += max(1, len(paragraph.wrap(width)))
        return max(0, lines - 1)

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding source ``offset`` is near the top of the pane."""
        self.scroll_to(y=max(0, self.line_of(offset) - 1), animate=False, immediate=True)
