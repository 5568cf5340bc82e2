"""The article pane: a legend of entity types and the full text with highlighted entities.

The text view is a Line API widget: the article is wrapped once per width and only the lines
on screen are rendered, so a long article costs the same to show and scroll as a short one.
A one-cell gutter on the left marks pinned sentences and, while the view has focus, the
current sentence (what space pins): the first sentence starting on screen, or the one chosen
with ``(`` / ``)`` or a click.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.segment import Segment
from textual import events
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
from briefing.tui.wrapping import Wrapped, wrap_lines

GUTTER = 1
"""Cells left of the text for the pin and current-sentence marks."""
PIN_MARK = "▌"
CURSOR_MARK = "▶"


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
    pins: tuple[tuple[int, int], ...] = ()
    lines: dict[int, Wrapped] = field(default_factory=dict)

    @property
    def body_offset(self) -> int:
        """Where the article text starts in the document (after the head and a blank line)."""
        return len(self.head.plain) + 2


class ArticleView(ScrollView, can_focus=True):
    """Title, metadata and the article text; ``scroll_to_offset`` brings a sentence into view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("left_parenthesis", "sentence(-1)", "Previous sentence", show=False),
        Binding("right_parenthesis", "sentence(1)", "Next sentence", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"article-view--pin", "article-view--cursor"}

    DEFAULT_CSS = """
    ArticleView > .article-view--pin {
        color: $warning;
    }
    ArticleView > .article-view--cursor {
        color: $accent;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.cursor: int | None = None
        """The sentence chosen with ( ) or a click (while it stays on screen), if any."""
        self._rendered: _Rendered | None = None
        self._wrapped = Wrapped([], [])
        self._wrapped_width = -1
        self._strips: dict[int, Strip] = {}
        self._key: tuple[object, ...] = ()
        self._recent: OrderedDict[tuple[object, ...], _Rendered] = OrderedDict()
        """Recently shown documents (highlighting and wrapped lines), so going back is cheap."""
        self._pin_lines: set[int] = set()
        self._marks_key: tuple[object, ...] | None = None
        self._cursor_lines = range(0)

    # -- content -----------------------------------------------------------------------------

    def forget(self) -> None:
        """Drop remembered renderings (the corpus was reloaded)."""
        self._recent.clear()
        self.article = None

    @property
    def document(self) -> Content:
        """Everything the view shows: head, a blank line, then the highlighted text."""
        return self._rendered.document if self._rendered is not None else Content("")

    @property
    def body(self) -> Content:
        """The highlighted article text alone."""
        return self._rendered.shown.content if self._rendered is not None else Content("")

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
        pins: Sequence[tuple[int, int]] = (),
        keep_scroll: bool = False,
    ) -> None:
        """Render ``article``; a new article starts at the top unless ``keep_scroll``."""
        changed = self.article is None or self.article.id != article.id
        if changed:
            self.cursor = None
        self.article = article
        key = (
            article.id,
            id(mentions) if mentions is not None else None,
            tuple(sorted(hidden)),
            tags,
            focus,
            jump,
            search,
            tuple(pins),
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
                pins=pins,
            )
            document = Content("").join([head, Content("\n\n"), shown.content])
            rendered = _Rendered(head, shown, document, mentions, tuple(pins))
            self._recent[key] = rendered
            while len(self._recent) > 24:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(key)
        self._key = key
        self._rendered = rendered
        self._wrapped_width = -1
        self._rewrap()
        if changed and not keep_scroll and (self.scroll_x or self.scroll_y):
            self.scroll_to(0, 0, animate=False, immediate=True)

    # -- Line API ----------------------------------------------------------------------------

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_width or self._rendered is None:
            return
        self._wrapped_width = width
        rendered = self._rendered
        wrapped = rendered.lines.get(width)
        if wrapped is None:
            wrapped = wrap_lines(rendered.document, width - GUTTER)
            rendered.lines[width] = wrapped
        self._wrapped = wrapped
        self._strips.clear()
        self._pin_lines = {
            line
            for start, end in rendered.pins
            for line in self._line_range(self._display(start), self._display(end, end=True))
        }
        self._marks_key = None
        size = Size(width, len(wrapped.lines))
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
        lines = self._wrapped.lines
        if index >= len(lines) or width <= 0:
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            text_width = max(1, width - GUTTER)
            rendered = Visual.to_strips(self, lines[index], text_width, 1, self.visual_style)
            strip = rendered[0] if rendered else Strip.blank(text_width, self.rich_style)
            strip = strip.extend_cell_length(text_width, self.rich_style)
            if len(self._strips) > 2000:
                self._strips.clear()
            self._strips[index] = strip
        return Strip.join([self._gutter(index), strip])

    def _gutter(self, line: int) -> Strip:
        marks_key = (self.scroll_offset.y, self.cursor, self.has_focus, self._key, self.size)
        if marks_key != self._marks_key:
            self._marks_key = marks_key
            current = self.current_sentence() if self.has_focus else None
            self._cursor_lines = self.sentence_lines(current) if current is not None else range(0)
        if line in self._cursor_lines:
            mark = CURSOR_MARK if line == self._cursor_lines.start else PIN_MARK
            style = self.get_component_rich_style("article-view--cursor")
        elif line in self._pin_lines:
            mark, style = PIN_MARK, self.get_component_rich_style("article-view--pin")
        else:
            return Strip([Segment(" " * GUTTER, self.rich_style)], GUTTER)
        return Strip([Segment(mark + " " * (GUTTER - 1), self.rich_style + style)], GUTTER)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- offsets, lines and sentences --------------------------------------------------------

    def _display(self, offset: int, *, end: bool = False) -> int:
        """The document offset of article-text ``offset`` (``end``: an exclusive end)."""
        rendered = self._rendered
        if rendered is None:
            return 0
        shown = rendered.shown
        return rendered.body_offset + (shown.end(offset) if end else shown.start(offset))

    def _source(self, display: int) -> int:
        """The article-text offset shown at document offset ``display`` (0 inside the head)."""
        rendered = self._rendered
        if rendered is None:
            return 0
        inside = display - rendered.body_offset
        if inside <= 0:
            return 0
        tags = rendered.shown.tag_positions
        low, high = 0, len(tags)  # how many tags are drawn before ``inside``
        while low < high:
            middle = (low + high) // 2
            if tags[middle] + middle < inside:
                low = middle + 1
            else:
                high = middle
        return inside - low

    def _line_range(self, start: int, end: int) -> range:
        """The wrapped lines covering document offsets ``[start, end)``."""
        first = self._wrapped.line_of(start)
        last = self._wrapped.line_of(max(start, end - 1))
        return range(first, last + 1)

    @property
    def sentences(self) -> Sequence[tuple[int, int]]:
        """``(start, end)`` of each sentence of the shown article (split on first use)."""
        if self.article is None:
            return ()
        from briefing.tui.pins import sentence_spans

        return sentence_spans(self.article.text)

    def sentence_lines(self, index: int) -> range:
        """The wrapped lines showing sentence ``index``."""
        start, end = self.sentences[index]
        return self._line_range(self._display(start), self._display(end, end=True))

    def _visible_lines(self) -> range:
        top = self.scroll_offset.y
        return range(top, top + max(1, self.scrollable_content_region.height))

    def current_sentence(self) -> int | None:
        """The sentence space pins: the chosen one while on screen, else the first starting on
        screen, else the one covering the top line."""
        spans = self.sentences
        if not spans or self._rendered is None or not self._wrapped.lines:
            return None
        shown = self._visible_lines()
        if self.cursor is not None and self.cursor < len(spans):
            lines = self.sentence_lines(self.cursor)
            if lines.start < shown.stop and lines.stop > shown.start:
                return self.cursor
        top = min(shown.start, len(self._wrapped.lines) - 1)
        from briefing.tui.pins import sentence_at

        index = sentence_at(spans, self._source(self._wrapped.starts[top]))
        if index is None:
            return None
        following = index + 1
        if (
            self.sentence_lines(index).start < shown.start
            and following < len(spans)
            and self.sentence_lines(following).start in shown
        ):
            return following
        return index

    def set_cursor(self, index: int | None) -> None:
        """Make sentence ``index`` the current one (e.g. after a jump from the summary)."""
        self.cursor = index
        self._marks_key = None
        self.refresh()

    def action_sentence(self, step: int) -> None:
        """Move the current sentence back or forward, scrolling to keep it on screen."""
        current = self.current_sentence()
        if current is None:
            return
        index = min(len(self.sentences) - 1, max(0, current + step))
        self.set_cursor(index)
        lines = self.sentence_lines(index)
        shown = self._visible_lines()
        if lines.start < shown.start:
            self.scroll_to(y=lines.start, animate=False, immediate=True)
        elif lines.stop > shown.stop:
            height = shown.stop - shown.start
            fits = lines.stop - lines.start < height
            target = lines.stop - height if fits else lines.start
            self.scroll_to(y=target, animate=False, immediate=True)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._wrapped.lines:
            return
        line = self.scroll_offset.y + offset.y
        if not 0 <= line < len(self._wrapped.lines):
            return
        from briefing.tui.pins import sentence_at

        display = self._wrapped.starts[line] + max(0, offset.x - GUTTER)
        self.set_cursor(sentence_at(self.sentences, self._source(display)))

    # -- jumping -----------------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        """The wrapped line where source ``offset`` of the article text is drawn."""
        self._rewrap()
        return self._wrapped.line_of(self._display(offset))

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding source ``offset`` is near the top of the pane."""
        self.scroll_to(y=max(0, self.line_of(offset) - 1), animate=False, immediate=True)
