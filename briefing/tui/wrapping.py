"""Wrap long styled text into lines lazily: line offsets for the whole text, Content on demand.

The article view needs to go both ways between a wrapped line and a character offset (which
sentence is on screen, which line a sentence starts on), and must stay fast on the largest
article (2 MiB, maybe one line, maybe one "word"). So wrapping is split in two:

* :func:`wrap_offsets` finds where each line starts and ends, in linear time and without
  building any objects per line beyond two integers. Text made only of characters one cell
  wide (the usual case: Latin, Greek, Cyrillic, common punctuation, the reader's own tags and
  control pictures) is measured by counting characters; a line holding anything else (wide
  CJK or emoji, combining marks) is measured with the cell widths of its characters.
* :class:`StyledText` turns one line's ``[start, end)`` into a
  :class:`~textual.content.Content` with only the spans that touch it, found through a
  :class:`SpanIndex` per layer of styles, so rendering a screenful costs the same in a 2 KB
  and a 2 MB article.

Wrapping is greedy at spaces, like ``Content.wrap``: a line holds the words that fit, the
spaces after its last word are not shown, and a word wider than the line is folded.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate
from operator import gt, sub

from rich.cells import get_character_cell_size
from textual.content import Content, Span

_SIMPLE_RANGES = (
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xAC),  # Latin-1 (without the soft hyphen)
    (0xAE, 0x2FF),  # Latin-1, Latin Extended, IPA, spacing modifiers
    (0x370, 0x482),  # Greek, Cyrillic (without the combining marks after it)
    (0x1D00, 0x1DBF),  # phonetic extensions (the reader's entity tags)
    (0x2010, 0x2027),  # dashes, quotes, bullets, ellipsis
    (0x2030, 0x205E),  # per mille, primes, guillemets ...
    (0x2070, 0x209C),  # superscripts and subscripts (entity tags)
    (0x20A0, 0x20C0),  # currency signs
    (0x2400, 0x2426),  # control pictures (how the reader shows control characters)
    (0x2500, 0x25FC),  # box drawing, blocks, geometric shapes
    (0xFFFD, 0xFFFD),  # the replacement character
)
"""Characters one cell wide that never join the character before or after them."""
_COMPLEX = re.compile(
    "[^\n" + "".join(f"\\U{start:08x}-\\U{end:08x}" for start, end in _SIMPLE_RANGES) + "]"
)
"""Any character that may not be exactly one cell (wide, zero-width, combining...)."""


def simple_ranges() -> tuple[tuple[int, int], ...]:
    """The code point ranges measured by counting characters (for tests)."""
    return _SIMPLE_RANGES


class Wrapped:
    """Where each wrapped line starts and where its shown text ends (offsets into the text)."""

    __slots__ = ("ends", "starts")

    def __init__(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        self.starts = starts
        self.ends = ends

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """The line that shows character ``offset`` (or the nearest line before it)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def span(self, line: int) -> tuple[int, int]:
        """``(start, end)`` of the text shown on ``line``."""
        return self.starts[line], self.ends[line]


_WIDTHS: dict[str, int] = {}
"""Cell widths of the characters met so far (wrapping runs on the UI thread only)."""


def _fit(text: str, position: int, end: int, width: int) -> int:
    """Where a line starting at ``position`` must end at the latest: the most characters of
    ``text[position:end]`` whose cells fit in ``width`` (zero-width ones stay with their base);
    at least one character."""
    if _COMPLEX.search(text, position, min(end, position + width + 1)) is None:
        return min(end, position + width)  # one cell per character
    span = width + 1
    while True:
        stop = min(end, position + span)
        piece = text[position:stop]
        for character in set(piece).difference(_WIDTHS):
            _WIDTHS[character] = get_character_cell_size(character)
        cells = list(accumulate(map(_WIDTHS.__getitem__, piece), initial=0))
        count = bisect_right(cells, width) - 1
        if count < len(piece) or stop == end:
            return position + max(1, count)
        span *= 2  # all fitted: many zero-width characters, look further


def _wrap_paragraph(
    text: str, start: int, end: int, width: int, starts: list[int], ends: list[int]
) -> None:
    """Append the lines of the paragraph ``text[start:end]`` (no newline inside)."""
    if start == end:
        starts.append(start)
        ends.append(start)
        return
    simple = _COMPLEX.search(text, start, end) is None
    position = start
    while position < end:
        fit = min(end, position + width) if simple else _fit(text, position, end, width)
        stop = fit
        if fit < end and text[fit] != " ":
            space = text.rfind(" ", position, fit)
            if space > position and (text[position] != " " or text[position:space].strip(" ")):
                stop = space  # break after the last word that fits
            # else: one word wider than the line: fold it
        shown = stop
        if text[stop - 1] == " ":  # trailing spaces are not shown (unless that is all)
            kept = len(text[position:stop].rstrip(" "))
            shown = position + kept if kept else stop
        starts.append(position)
        ends.append(shown)
        position = stop
        while position < end and text[position] == " ":
            position += 1


def wrap_offsets(text: str, width: int) -> Wrapped:
    """Wrap ``text`` to ``width`` cells.

    Every ``\\n`` ends a line; a blank paragraph is one empty line. Linear in ``len(text)``.
    """
    width = max(1, width)
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    length = len(text)
    while True:
        newline = text.find("\n", position)
        stop = length if newline < 0 else newline
        _wrap_paragraph(text, position, stop, width, starts, ends)
        if newline < 0:
            break
        position = newline + 1
    return Wrapped(starts, ends)


class SpanIndex:
    """One layer of style spans, found by position: a slice costs about ``log(spans)`` plus
    the spans it shows, however many the layer holds.

    Short spans are found by bisecting their starts; long ones (pinned sentences, the jump
    mark) are few and checked one by one. ``offset`` shifts the whole layer (the article
    text comes after the head in the view), so its spans need not be copied.
    """

    LONG = 512
    """Spans longer than this are kept apart (checked for every slice)."""

    def __init__(self, spans: Sequence[Span], offset: int = 0) -> None:
        self.offset = offset
        self._spans = list(spans)
        starts = [span[0] for span in self._spans]
        ends = [span[1] for span in self._spans]
        self._ends = ends
        lengths = list(map(sub, ends, starts))
        longest = max(lengths, default=0)
        self._long: list[int] = []
        if longest > self.LONG:
            self._long = [i for i, length in enumerate(lengths) if length > self.LONG]
            longest = max((n for n in lengths if n <= self.LONG), default=0)
        self._reach = longest
        self._order: list[int] | None = None
        if any(map(gt, starts, starts[1:])):
            self._order = sorted(range(len(starts)), key=starts.__getitem__)
            starts = [starts[i] for i in self._order]
        self._starts = starts

    def __len__(self) -> int:
        return len(self._spans)

    def collect(self, start: int, end: int, into: list[Span]) -> None:
        """Append the spans overlapping ``[start, end)`` (absolute offsets), clipped and made
        relative to ``start``, in their original order."""
        if not self._spans:
            return
        low, high = start - self.offset, end - self.offset
        first = bisect_left(self._starts, low - self._reach)
        last = bisect_left(self._starts, high)
        ends = self._ends
        found = range(first, last) if self._order is None else self._order[first:last]
        picked = [i for i in found if ends[i] > low and ends[i] - self._spans[i][0] <= self.LONG]
        picked += [i for i in self._long if self._spans[i][0] < high and ends[i] > low]
        picked.sort()
        shift = self.offset - start
        for i in picked:
            span_start, span_end, style = self._spans[i]
            if span_end > span_start:
                into.append(Span(max(span_start, low) + shift, min(span_end, high) + shift, style))


class StyledText:
    """A long text and layers of style spans; renders any ``[start, end)`` slice as Content.

    Later layers are drawn over earlier ones, and within a layer later spans over earlier
    ones (as in one Content holding all the spans in that order).
    """

    def __init__(self, plain: str, layers: Sequence[SpanIndex]) -> None:
        self.plain = plain
        self.layers = list(layers)

    def __len__(self) -> int:
        return len(self.plain)

    def slice(self, start: int, end: int) -> Content:
        """``plain[start:end]`` with its styles, as Content (no markup, no control-code pass)."""
        spans: list[Span] = []
        for layer in self.layers:
            layer.collect(start, end, spans)
        return Content(self.plain[start:end], spans, strip_control_codes=False)
