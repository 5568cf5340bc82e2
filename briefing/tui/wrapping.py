"""Wrap a Content into lines and remember where each line starts in the text.

The article view needs to go both ways between a wrapped line and a character offset (which
sentence is on screen, which line a sentence starts on). ``Content.wrap`` gives the lines only;
:func:`wrap_lines` wraps the same way and also returns each line's start offset.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich._wrap import divide_line
from textual.content import Content


@dataclass(frozen=True)
class Wrapped:
    """Wrapped lines and the offset (into the content's plain text) where each one starts."""

    lines: list[Content]
    starts: list[int]

    def line_of(self, offset: int) -> int:
        """The line that shows character ``offset`` (or the nearest line before it)."""
        return max(0, bisect_right(self.starts, offset) - 1)


def wrap_lines(content: Content, width: int) -> Wrapped:
    """``content.wrap(width)`` (left-aligned, folding long words) plus the line starts."""
    width = max(1, width)
    lines: list[Content] = []
    starts: list[int] = []
    base = 0
    for paragraph in content.split("\n", allow_blank=True):
        offsets = divide_line(paragraph.plain, width, fold=True)
        pieces = paragraph.divide(offsets)
        last_index = len(pieces) - 1
        for number, (piece, offset) in enumerate(zip(pieces, [0, *offsets], strict=False)):
            if number != last_index:
                piece = piece.rstrip()
            lines.append(piece.truncate(width).rstrip_end(width))
            starts.append(base + offset)
        base += len(paragraph.plain) + 1
    return Wrapped(lines, starts)
