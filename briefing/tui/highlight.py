"""Build display Content for untrusted text: entity colours, type tags, jump and search marks.

Text is never parsed as markup: it becomes a :class:`~textual.content.Content` and styles are
added as spans. Colours are theme variables (``$entity-person`` ...), so a theme switch
re-colours the text without rebuilding it. Each shown mention is followed by a one-cell tag
(the non-colour cue); :class:`Highlighted` maps source offsets to display offsets around them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from textual.content import Content, Span

from briefing.models import Mention
from briefing.tui.labels import label_info
from briefing.tui.safe import visible

JUMP_STYLE = "on $primary 35%"
PIN_STYLE = "on $warning 22%"
SEARCH_STYLE = "reverse"
FOCUS_STYLE = "reverse"


@dataclass(frozen=True)
class Highlighted:
    """Display content plus where the inserted tags are (in source offsets)."""

    content: Content
    tag_positions: list[int] = field(default_factory=list)

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
    safe = visible(text)
    pieces: list[str] = []
    spans: list[Span] = []
    tag_positions: list[int] = []
    shift = 0
    position = 0
    for mention in _shown(mentions, len(safe), hidden):
        info = label_info(mention.label)
        style = f"{info.style} ${info.variable}".strip() if info.key else ""
        if focus is not None and mention.canonical == focus:
            style = f"{style} {FOCUS_STYLE}".strip()
        if style:
            spans.append(Span(mention.start + shift, mention.end + shift, style))
        if tags and info.key:
            pieces.append(safe[position : mention.end])
            pieces.append(info.tag)
            spans.append(Span(mention.end + shift, mention.end + shift + 1, f"${info.variable}"))
            tag_positions.append(mention.end)
            position = mention.end
            shift += 1
    pieces.append(safe[position:])
    result = Highlighted(Content("".join(pieces), spans), tag_positions)
    extra: list[Span] = []
    for start, end in pins:
        start, end = max(0, start), min(len(safe), end)
        if end > start:
            extra.append(Span(result.start(start), result.end(end), PIN_STYLE))
    if jump is not None:
        start, end = max(0, jump[0]), min(len(safe), jump[1])
        if end > start:
            extra.append(Span(result.start(start), result.end(end), JUMP_STYLE))
    for start, end in search_spans(safe, search):
        extra.append(Span(result.start(start), result.end(end), SEARCH_STYLE))
    if extra:
        result = Highlighted(result.content.add_spans(extra), tag_positions)
    return result


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


def slice_mentions(mentions: Sequence[Mention], start: int, end: int) -> list[Mention]:
    """Mentions inside ``[start, end)``, re-based so offsets refer to the slice."""
    return [
        Mention(m.text, m.start - start, m.end - start, m.label, m.canonical)
        for m in mentions
        if m.start >= start and m.end <= end
    ]
