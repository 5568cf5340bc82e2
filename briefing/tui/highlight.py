"""Build display Content for untrusted text: entity colours, type tags, jump and search marks.

Text is never parsed as markup: it becomes a :class:`~textual.content.Content` and styles are
added as spans. Colours are theme variables (``$entity-person`` ...), so a theme switch
re-colours the text without rebuilding it. Each shown mention is followed by a one-cell tag
(the non-colour cue); :class:`Highlighted` maps source offsets to display offsets around them.

Everything here is linear in the text and the mentions (an article may be 2 MiB): control
and invisible characters are made visible by :func:`briefing.tui.safe.visible` (one pass),
and Content is built without Textual's own control-code pass, which would drop characters
(and shift every offset) if anything were left to drop.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence

from textual.content import Content, Span

from briefing.models import Mention
from briefing.tui.labels import label_info
from briefing.tui.safe import visible

JUMP_STYLE = "on $primary 35%"
PIN_STYLE = "on $warning 22%"
SEARCH_STYLE = "reverse"
FOCUS_STYLE = "reverse"


class Highlighted:
    """Display content plus where the inserted tags are (in source offsets).

    ``shown``: the mentions drawn (in range, of a shown type, without overlaps), in text order.
    """

    __slots__ = ("content", "shown", "tag_positions")

    def __init__(
        self,
        content: Content,
        tag_positions: list[int] | None = None,
        shown: list[Mention] | None = None,
    ) -> None:
        self.content = content
        self.tag_positions: list[int] = [] if tag_positions is None else tag_positions
        self.shown: list[Mention] = [] if shown is None else shown

    def start(self, offset: int) -> int:
        """The display offset of a span starting at source ``offset``."""
        return offset + bisect_right(self.tag_positions, offset)

    def end(self, offset: int) -> int:
        """The display offset of a span ending (exclusive) at source ``offset``."""
        return offset + bisect_left(self.tag_positions, offset)


def _shown(mentions: Sequence[Mention], length: int, hidden: Collection[str]) -> list[Mention]:
    """Mentions to draw: in range, of a shown type, without overlaps (first/longest wins)."""
    result: list[Mention] = []
    last_end = 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if mention.label in hidden or mention.start < last_end:
            continue
        if mention.start < 0 or mention.end > length or mention.end <= mention.start:
            continue
        result.append(mention)
        last_end = mention.end
    return result


def highlight_base(
    text: str,
    mentions: Sequence[Mention] = (),
    *,
    hidden: Collection[str] = (),
    tags: bool = True,
) -> Highlighted:
    """Safe Content for ``text`` with its ``mentions`` coloured and (if ``tags``) tagged.

    This is the part of the highlighting that changes the text (the tags); the marks that
    only add styles are :func:`overlay_spans`.
    """
    safe = visible(text)
    shown = _shown(mentions, len(safe), hidden)
    looks: dict[str, tuple[str, str, str]] = {}
    """label -> (mention style, tag, tag style)"""
    pieces: list[str] = []
    spans: list[Span] = []
    tag_positions: list[int] = []
    shift = 0
    position = 0
    for mention in shown:
        look = looks.get(mention.label)
        if look is None:
            info = label_info(mention.label)
            variable = info.variable
            style = f"{info.style} ${variable}".strip() if info.key else ""
            look = looks[mention.label] = (style, info.tag if info.key else "", f"${variable}")
        style, tag, tag_style = look
        end = mention.end
        if style:
            spans.append(Span(mention.start + shift, end + shift, style))
        if tags and tag:
            pieces.append(safe[position:end])
            pieces.append(tag)
            spans.append(Span(end + shift, end + shift + 1, tag_style))
            tag_positions.append(end)
            position = end
            shift += 1
    pieces.append(safe[position:])
    content = Content("".join(pieces), spans, strip_control_codes=False)
    return Highlighted(content, tag_positions, shown)


def overlay_spans(
    base: Highlighted,
    text: str,
    *,
    focus: str | None = None,
    jump: tuple[int, int] | None = None,
    search: str = "",
    pins: Sequence[tuple[int, int]] = (),
) -> list[Span]:
    """Display spans (over ``base``) for the marks that do not change the text of ``text``:
    the mentions of ``focus``, the ``pins``, the ``jump`` span and the ``search`` matches."""
    length = len(text)
    extra: list[Span] = []
    if focus is not None:
        extra += [
            Span(base.start(m.start), base.end(m.end), FOCUS_STYLE)
            for m in base.shown
            if m.canonical == focus
        ]
    for start, end in pins:
        start, end = max(0, start), min(length, end)
        if end > start:
            extra.append(Span(base.start(start), base.end(end), PIN_STYLE))
    if jump is not None:
        start, end = max(0, jump[0]), min(length, jump[1])
        if end > start:
            extra.append(Span(base.start(start), base.end(end), JUMP_STYLE))
    for start, end in search_spans(text, search):
        extra.append(Span(base.start(start), base.end(end), SEARCH_STYLE))
    return extra


def highlight(
    text: str,
    mentions: Sequence[Mention] = (),
    *,
    hidden: Collection[str] = (),
    tags: bool = True,
    focus: str | None = None,
    jump: tuple[int, int] | None = None,
    search: str = "",
    pins: Sequence[tuple[int, int]] = (),
) -> Highlighted:
    """Content for ``text`` with its ``mentions`` (offsets into ``text``) highlighted.

    ``focus`` emphasises the mentions of one canonical name, ``jump`` marks a ``(start, end)``
    span (a summary sentence), ``search`` marks case-insensitive matches of its words and
    ``pins`` tints pinned sentences.
    """
    base = highlight_base(text, mentions, hidden=hidden, tags=tags)
    extra = overlay_spans(base, text, focus=focus, jump=jump, search=search, pins=pins)
    if not extra:
        return base
    return Highlighted(base.content.add_spans(extra), base.tag_positions, base.shown)


def search_spans(text: str, query: str, limit: int = 500) -> list[tuple[int, int]]:
    """Where the words of ``query`` occur in ``text`` (case-insensitive), at most ``limit``."""
    words = [re.escape(word) for word in query.split() if word]
    if not words:
        return []
    pattern = re.compile("|".join(sorted(words, key=len, reverse=True)), re.IGNORECASE)
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        if match.end() > match.start():
            spans.append((match.start(), match.end()))
            if len(spans) >= limit:
                break
    return spans


class MentionIndex:
    """Mentions in text order, to find those inside a span quickly (summary sentences)."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        ordered = list(mentions)
        starts = [m.start for m in ordered]
        if any(a > b for a, b in itertools.pairwise(starts)):
            ordered.sort(key=lambda m: (m.start, -m.end))
            starts = [m.start for m in ordered]
        self._mentions = ordered
        self._starts = starts

    def between(self, start: int, end: int) -> list[Mention]:
        """Mentions inside ``[start, end)``, re-based so offsets refer to the slice."""
        low, high = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [
            Mention(m.text, m.start - start, m.end - start, m.label, m.canonical)
            for m in self._mentions[low:high]
            if m.end <= end
        ]
