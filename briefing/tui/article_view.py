"""The article pane: a legend of entity types and the full text with highlighted entities.

The text view is a Line API widget. Showing an article costs time linear in its length and
small: the highlighted text is kept as one string with indexed spans, it is wrapped into
line offsets once per width (kept per width, and shared while only styles change: search,
jump, pins), and only the lines on screen are turned into Content and rendered. Scrolling
renders the new lines only. For a long article the entity tags (which change the text, so
the lines) are inserted in a thread while the text shows without them, and its sentence
split (for the gutter marks and space) runs in a thread too, started once the article's first
frame is painted, so it is ready by the time space is pressed (one split runs at a time, for
the article shown last). A re-wrap (new width, tags arriving) keeps the text at the top of
the view where it was.

A one-cell gutter on the left marks pinned sentences and, while the view has focus, the
current sentence (what space pins): the first sentence starting on screen, or the one chosen
with ``(`` / ``)`` or a click.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import Counter, OrderedDict
from collections.abc import Collection, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual
from textual.worker import get_current_worker

from briefing.models import Article, Mention
from briefing.tui.content_line import ContentLine
from briefing.tui.highlight import Highlighted, highlight_base, overlay_spans
from briefing.tui.labels import LABEL_INFO
from briefing.tui.listing import meta_line, safe_url
from briefing.tui.pins import SPLIT_IN_THREAD, known_spans, sentence_spans
from briefing.tui.safe import one_line, visible
from briefing.tui.wrapping import SpanIndex, StyledText, Wrapped, wrap_offsets

GUTTER = 1
"""Cells left of the text for the pin and current-sentence marks."""
PIN_MARK = "▌"
CURSOR_MARK = "▶"
BUILD_IN_THREAD = 100_000
"""Articles longer than this have their entities tagged (and lines wrapped) in a thread."""
RECENT_CHARS = 12_000_000
"""Recently shown documents are kept up to this many characters in all (and 24 documents)."""
HEAD_CHARS = 1000
"""The title, metadata and address above the text are cut at this many characters each."""
WIDTHS_KEPT = 4
"""Wrapped line offsets are kept for this many widths per document."""


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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._counted: tuple[Sequence[Mention], Counter[str]] | None = None

    def show_legend(self, hidden: Collection[str], mentions: Sequence[Mention] | None) -> None:
        """Redraw for the current hidden types and (if known) this article's mentions."""
        if mentions is None:
            self.set_content(Content.styled("finding entities…", "dim italic"))
            return
        if self._counted is None or self._counted[0] is not mentions:  # count once per list
            self._counted = (mentions, Counter(m.label for m in mentions))
        self.set_content(legend_content(hidden, self._counted[1]))


def _cut(text: str, limit: int = HEAD_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def article_head(article: Article) -> Content:
    """Title, metadata and web address (literal text, each cut at :data:`HEAD_CHARS`)."""
    title = _cut(one_line(article.title) or one_line(article.id))
    parts: list[tuple[str, str] | str] = [(visible(title), "bold")]
    meta = meta_line(article)
    url = safe_url(article.url)
    if meta:
        parts += ["\n", (visible(_cut(meta)), "dim")]
    if url:
        parts += ["\n", (visible(_cut(one_line(url))), "dim underline")]
    return Content.assemble(*parts)


class _Base:
    """An article's text as the view shows it: head, a blank line and the body with its
    mentions coloured and tagged; its style index and its line offsets per width.

    Everything that does not change the text (search, jump, pins, the focused entity) is an
    overlay on top (:class:`_Rendered`), so changing those never re-wraps the text.
    ``mentions`` is kept so the ``id()`` in the cache ``key`` (article id, article object id,
    mentions id, hidden types, tags) stays unique while the entry lives.
    """

    __slots__ = ("head", "key", "layers", "lines", "mentions", "plain", "renders", "shown")

    def __init__(
        self,
        head: Content,
        shown: Highlighted,
        plain: str,
        layers: tuple[SpanIndex, SpanIndex],
        mentions: object,
    ) -> None:
        self.head = head
        self.shown = shown
        self.plain = plain
        self.layers = layers
        self.mentions = mentions
        self.key: tuple[object, ...] = ()
        self.lines: dict[int, Wrapped] = {}
        self.renders: OrderedDict[tuple[object, ...], _Rendered] = OrderedDict()

    @classmethod
    def build(
        cls,
        article: Article,
        mentions: Sequence[Mention] | None,
        hidden: Collection[str],
        tags: bool,
    ) -> _Base:
        head = article_head(article)
        shown = highlight_base(article.text, mentions or (), hidden=hidden, tags=tags)
        offset = len(head.plain) + 2
        plain = head.plain + "\n\n" + shown.content.plain
        layers = (SpanIndex(head.spans), SpanIndex(shown.content.spans, offset))
        return cls(head, shown, plain, layers, mentions)

    @property
    def body_offset(self) -> int:
        """Where the article text starts in the document (after the head and a blank line)."""
        return len(self.head.plain) + 2

    def wrapped(self, width: int) -> Wrapped:
        """The line offsets at ``width`` (wrapped on first use, a few widths kept)."""
        wrapped = self.lines.pop(width, None)
        if wrapped is None:
            wrapped = wrap_offsets(self.plain, width)
            while len(self.lines) >= WIDTHS_KEPT:
                del self.lines[next(iter(self.lines))]
        self.lines[width] = wrapped  # most recent last
        return wrapped


class _Rendered:
    """One shown state of an article: its base and the overlay marks."""

    __slots__ = ("base", "overlay", "pins", "text")

    def __init__(
        self,
        base: _Base,
        overlay: list[Span],
        text: StyledText,
        pins: tuple[tuple[int, int], ...] = (),
    ) -> None:
        self.base = base
        self.overlay = overlay
        self.text = text
        self.pins = pins

    @property
    def shown(self) -> Highlighted:
        return self.base.shown

    @property
    def body_offset(self) -> int:
        return self.base.body_offset


class ArticleView(ScrollView, can_focus=True):
    """Title, metadata and the article text; ``scroll_to_offset`` brings a sentence into view."""

    class BaseReady(Message):
        """A long article's text with its entities tagged was built (in a thread)."""

        def __init__(self, key: tuple[object, ...], base: _Base | None) -> None:
            super().__init__()
            self.key = key
            self.base = base
            """The built text, or ``None`` if building it failed."""

    class SentencesReady(Message):
        """The sentences of a long article were split (in a thread)."""

        def __init__(self, key: tuple[str, int], spans: Sequence[tuple[int, int]]) -> None:
            super().__init__()
            self.key = key
            self.spans = spans

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
    ArticleView {
        text-wrap: nowrap;  /* lines come wrapped (wrap_offsets): no second wrap per line */
        text-overflow: clip;
    }
    ArticleView > .article-view--pin {
        color: $warning;
    }
    ArticleView > .article-view--cursor {
        color: $accent;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(ArticleView.auto_links, False)  # no links in the text: skip styling them
        self.article: Article | None = None
        self.cursor: int | None = None
        """The sentence chosen with ( ) or a click (while it stays on screen), if any."""
        self._rendered: _Rendered | None = None
        self._wrapped = Wrapped([], [])
        self._wrapped_width = -1
        self._wrapped_base: _Base | None = None
        self._at_end = False
        """Whether the view was last scrolled to the very end (it stays there on a resize)."""
        self._kept: tuple[int, tuple[int, _Base]] | None = None
        """The offset a re-wrap kept at the top, and the (line, base) it was kept at."""
        self._strips: dict[int, Strip] = {}
        self._blank_gutter: tuple[Style, Strip] | None = None
        self._key: tuple[object, ...] = ()
        self._recent: OrderedDict[tuple[object, ...], _Base] = OrderedDict()
        """Recently shown documents (highlighting and wrapped lines), so going back is cheap."""
        self._pin_lines: set[int] = set()
        self._marks_key: tuple[object, ...] | None = None
        self._cursor_lines = range(0)
        self._wanted: tuple[object, ...] | None = None
        """The request waiting for a tagged text built in a thread (see BaseReady)."""
        self._building: tuple[object, ...] | None = None
        """The key of the tagged text being built in a thread, if any."""
        self._spans_key: tuple[str, int] | None = None
        self._spans: Sequence[tuple[int, int]] = ()
        self._span_starts: list[int] = []
        self._splitting: tuple[str, int] | None = None
        """The article whose split was asked for last (until its SentencesReady arrives)."""
        self._split_lock = threading.Lock()
        self._split_wanted: tuple[tuple[str, int], str] | None = None
        """The next text for the splitter thread (a newer request replaces it)."""
        self._split_busy = False

    # -- content -----------------------------------------------------------------------------

    def forget(self) -> None:
        """Drop remembered renderings and sentences (the corpus was reloaded)."""
        self._recent.clear()
        self.article = None
        self._set_spans(None, ())

    @property
    def document(self) -> Content:
        """Everything the view shows: head, a blank line, then the highlighted text."""
        if self._rendered is None:
            return Content("")
        text = self._rendered.text
        return text.slice(0, len(text))

    @property
    def body(self) -> Content:
        """The highlighted article text alone (built on request: tests and tools)."""
        rendered = self._rendered
        if rendered is None:
            return Content("")
        return rendered.base.shown.content.add_spans(rendered.overlay)

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
            if len(article.text) > SPLIT_IN_THREAD:
                self.call_after_refresh(self._split_ahead, article)
        self.article = article
        base_key = (
            article.id,
            id(article),
            id(mentions) if mentions is not None else None,
            tuple(sorted(hidden)),
            tags,
        )
        base = self._recent.get(base_key)
        self._wanted = None
        if base is not None:
            self._recent.move_to_end(base_key)
        elif len(article.text) <= BUILD_IN_THREAD or not mentions:
            base = _Base.build(article, mentions, hidden, tags)
            self._remember(base_key, base)
        else:  # a long text: tag it in a thread, show what is at hand meanwhile
            self._wanted = (base_key, article, mentions, hidden, tags, focus, jump, search, pins)
            self._build_in_thread(base_key, article, mentions, hidden, tags)
            base = self._stand_in(article, tags)
            base_key = base.key
        overlay_key = (focus, jump, search, tuple(pins))
        rendered = base.renders.get(overlay_key)
        if rendered is None:
            overlay = overlay_spans(
                base.shown, article.text, focus=focus, jump=jump, search=search, pins=pins
            )
            layers = [*base.layers, SpanIndex(overlay, base.body_offset)]
            rendered = _Rendered(base, overlay, StyledText(base.plain, layers), tuple(pins))
            base.renders[overlay_key] = rendered
            while len(base.renders) > 8:
                base.renders.popitem(last=False)
        anchor = self.top_offset() if not changed or keep_scroll else None
        self._key = (base_key, overlay_key)
        self._rendered = rendered
        self._wrapped_width = -1
        self._rewrap(anchor)
        if changed and not keep_scroll and (self.scroll_x or self.scroll_y):
            self.scroll_to(0, 0, animate=False, immediate=True)

    def _stand_in(self, article: Article, tags: bool) -> _Base:
        """What to show while the article's tagged text is built: the text shown now if it is
        this article's, else the text without entities (quick: nothing is inserted)."""
        current = self._rendered.base if self._rendered is not None else None
        if current is not None and current.key[:2] == (article.id, id(article)):
            return current
        key = (article.id, id(article), None, (), tags)
        base = self._recent.get(key)
        if base is None:
            base = _Base.build(article, None, (), tags)
            self._remember(key, base)
        return base

    def _build_in_thread(
        self,
        key: tuple[object, ...],
        article: Article,
        mentions: Sequence[Mention],
        hidden: Collection[str],
        tags: bool,
    ) -> None:
        if self._building == key:
            return  # already on its way
        self._building = key
        width = max(1, self.scrollable_content_region.width - GUTTER)

        def build() -> None:
            try:
                base = _Base.build(article, mentions, hidden, tags)
                base.wrapped(width)  # the lines for the current width, off the UI thread too
            except Exception:
                self.post_message(self.BaseReady(key, None))
                raise
            if not get_current_worker().is_cancelled:
                self.post_message(self.BaseReady(key, base))

        self.run_worker(
            build, thread=True, exclusive=True, group="article-highlight", exit_on_error=False
        )

    def on_article_view_base_ready(self, message: BaseReady) -> None:
        """A long article's tagged text is ready: show it if it is still wanted."""
        if self._building == message.key:
            self._building = None
        if message.base is None:  # it failed (the worker reports the error)
            return
        self._remember(message.key, message.base)
        wanted = self._wanted
        if wanted is None or wanted[0] != message.key:
            return
        _key, article, mentions, hidden, tags, focus, jump, search, pins = wanted
        self.show_article(
            article,
            mentions,
            hidden=hidden,
            tags=tags,
            focus=focus,
            jump=jump,
            search=search,
            pins=pins,
            keep_scroll=True,
        )

    def _remember(self, key: tuple[object, ...], base: _Base) -> None:
        """Keep ``base``; forget the oldest beyond 24 documents or :data:`RECENT_CHARS`."""
        base.key = key
        self._recent[key] = base
        total = sum(len(entry.plain) for entry in self._recent.values())
        while len(self._recent) > 24 or (len(self._recent) > 1 and total > RECENT_CHARS):
            _, dropped = self._recent.popitem(last=False)
            total -= len(dropped.plain)

    # -- Line API ----------------------------------------------------------------------------

    def top_offset(self) -> int | None:
        """The article-text offset at the top of the view (``None`` at the very top or inside
        the head): what a re-wrap keeps at the top.

        After a re-wrap, and until the view scrolls, this is the offset that was kept (not
        the start of the line holding it), so several re-wraps in a row do not drift.
        """
        rendered = self._rendered
        top = self.scroll_offset.y
        if rendered is None or top <= 0 or not len(self._wrapped):
            return None
        if self._kept is not None and self._kept[1] == (top, self._wrapped_base):
            return self._kept[0]
        display = self._wrapped.starts[min(top, len(self._wrapped) - 1)]
        return self._source(display) if display >= rendered.body_offset else None

    def _rewrap(self, anchor: int | None = None) -> None:
        """Wrap for the current width (if it changed); the text at the top stays at the top:
        ``anchor`` (an article-text offset), else the current top line's text (and a view
        scrolled to the end stays at the end)."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_width or self._rendered is None:
            return
        rendered = self._rendered
        at_end = self._at_end
        if anchor is None and self._wrapped_base is rendered.base:
            anchor = self.top_offset()  # only the width changed
        self._wrapped_width = width
        self._wrapped_base = rendered.base
        self._wrapped = wrapped = rendered.base.wrapped(max(1, width - GUTTER))
        self._strips.clear()
        self._pin_lines = {
            line
            for start, end in rendered.pins
            for line in self._line_range(self._display(start), self._display(end, end=True))
        }
        self._marks_key = None
        size = Size(width, len(wrapped))
        if size != self.virtual_size:
            # The view's own region does not change (the scrollbar gutter is stable), so the
            # new scroll range needs no relayout of the screen: only this view repaints.
            self.set_reactive(ArticleView.virtual_size, size)
            self._scroll_update(size)
        if at_end:  # the end stays in view
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
        elif anchor is not None:
            line = wrapped.line_of(self._display(anchor))
            if line != self.scroll_offset.y:
                self.scroll_to(y=line, animate=False, immediate=True)
            self._kept = (anchor, (self.scroll_offset.y, rendered.base))
        self.refresh()

    def on_resize(self) -> None:
        self._rewrap()
        if self._at_end and self.scroll_y < self.max_scroll_y:  # only the height changed
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._at_end = 0 < self.max_scroll_y <= new_value

    def notify_style_update(self) -> None:
        self._strips.clear()  # theme colours are resolved when a line is rendered
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        self._rewrap()
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        wrapped = self._wrapped
        # ``visual_style`` is cached until the styles change; ``rich_style`` walks every
        # ancestor on each call (a third of the time of a first frame's lines).
        style = self.visual_style
        rich_style = style.rich_style
        if index >= len(wrapped) or width <= 0 or self._rendered is None:
            return Strip.blank(width, rich_style)
        strip = self._strips.get(index)
        if strip is None:
            text_width = max(1, width - GUTTER)
            line = self._rendered.text.slice(*wrapped.span(index))
            rendered = Visual.to_strips(self, line, text_width, 1, style)
            strip = rendered[0] if rendered else Strip.blank(text_width, rich_style)
            strip = strip.extend_cell_length(text_width, rich_style)
            if len(self._strips) > 2000:
                self._strips.clear()
            self._strips[index] = strip
        return Strip.join([self._gutter(index, rich_style), strip])

    def _gutter(self, line: int, rich_style: Style) -> Strip:
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
            blank = self._blank_gutter
            if blank is None or blank[0] is not rich_style:
                blank = self._blank_gutter = (
                    rich_style,
                    Strip([Segment(" " * GUTTER, rich_style)], GUTTER),
                )
            return blank[1]
        return Strip([Segment(mark + " " * (GUTTER - 1), rich_style + style)], GUTTER)

    def action_scroll_home(self) -> None:
        self._jump_to(0)

    def action_scroll_end(self) -> None:
        self._jump_to(self.max_scroll_y)

    def _jump_to(self, y: int) -> None:
        """Scroll to line ``y``: animated over a few pages, at once further (an animation
        through thousands of lines is a blur that renders a page of new lines every frame)."""
        far = abs(y - self.scroll_y) > 3 * max(1, self.scrollable_content_region.height)
        self.scroll_to(0, y, animate=not far, immediate=far)

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
        """``(start, end)`` of each sentence of the shown article (split on first use).

        A long article is split in a worker thread; until that is done this is empty (no
        current sentence yet) and the view repaints when the split arrives.
        """
        article = self.article
        if article is None:
            return ()
        key = (article.id, id(article.text))
        if key == self._spans_key:
            return self._spans
        spans = known_spans(article.text)
        if spans is None and len(article.text) <= SPLIT_IN_THREAD:
            spans = sentence_spans(article.text)
        if spans is not None:
            self._set_spans(key, spans)
            return self._spans
        self._split_in_thread(key, article.text)
        return ()

    @property
    def splitting(self) -> bool:
        """Whether the shown article's sentences are being split in a thread."""
        article = self.article
        return article is not None and self._splitting == (article.id, id(article.text))

    def _split_ahead(self, article: Article) -> None:
        """Split a long article's sentences in a thread if it is still shown and they are not
        kept (called once its first frame is painted, so the split does not delay that frame;
        space in the summary then finds them in :func:`briefing.tui.pins.known_spans`)."""
        if self.article is article and known_spans(article.text) is None:
            self._split_in_thread((article.id, id(article.text)), article.text)

    def _split_in_thread(self, key: tuple[str, int], text: str) -> None:
        """Have the splitter thread split ``text`` (posting SentencesReady); one thread splits
        at a time, and only the text asked for last waits for it."""
        if self._splitting == key:
            return  # already on its way
        self._splitting = key
        with self._split_lock:
            self._split_wanted = (key, text)
            if self._split_busy:
                return
            self._split_busy = True
        self.run_worker(
            self._split_wanted_texts,
            thread=True,
            group="article-sentences",
            exit_on_error=False,
        )

    def _split_wanted_texts(self) -> None:
        """The splitter thread: split what is wanted until nothing is (errors are raised at the
        end, after an empty SentencesReady for the text that failed)."""
        worker = get_current_worker()
        error: Exception | None = None
        while True:
            with self._split_lock:
                wanted, self._split_wanted = self._split_wanted, None
                if wanted is None or worker.is_cancelled:
                    self._split_busy = False
                    break
            key, text = wanted
            try:
                spans = sentence_spans(text)
            except Exception as failed:  # no current sentence for this text
                error, spans = failed, ()
            if not worker.is_cancelled:
                self.post_message(self.SentencesReady(key, spans))
        if error is not None:
            raise error

    def _set_spans(self, key: tuple[str, int] | None, spans: Sequence[tuple[int, int]]) -> None:
        self._spans_key = key
        self._spans = spans
        self._span_starts = [start for start, _end in spans]

    def on_article_view_sentences_ready(self, message: SentencesReady) -> None:
        if message.key == self._splitting:
            self._splitting = None
        if self.article is not None and message.key == (self.article.id, id(self.article.text)):
            self._set_spans(message.key, message.spans)
            self._marks_key = None
            self.refresh()

    def _sentence_at(self, offset: int) -> int | None:
        """The sentence holding ``offset``, else the first one after it, else the last one
        (as :func:`briefing.tui.pins.sentence_at`, with the starts kept)."""
        spans = self.sentences
        if not spans:
            return None
        index = bisect_right(self._span_starts, offset) - 1
        if index >= 0 and offset < spans[index][1]:
            return index
        return min(index + 1, len(spans) - 1)

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
        if not spans or self._rendered is None or not len(self._wrapped):
            return None
        shown = self._visible_lines()
        if self.cursor is not None and self.cursor < len(spans):
            lines = self.sentence_lines(self.cursor)
            if lines.start < shown.stop and lines.stop > shown.start:
                return self.cursor
        top = min(shown.start, len(self._wrapped) - 1)
        index = self._sentence_at(self._source(self._wrapped.starts[top]))
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
        if offset is None or not len(self._wrapped):
            return
        line = self.scroll_offset.y + offset.y
        if not 0 <= line < len(self._wrapped):
            return
        display = self._wrapped.starts[line] + max(0, offset.x - GUTTER)
        self.set_cursor(self._sentence_at(self._source(display)))

    # -- jumping -----------------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        """The wrapped line where source ``offset`` of the article text is drawn."""
        self._rewrap()
        return self._wrapped.line_of(self._display(offset))

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding source ``offset`` is near the top of the pane."""
        self.scroll_to(y=max(0, self.line_of(offset) - 1), animate=False, immediate=True)
