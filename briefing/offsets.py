"""Clean-text-to-raw offsets stored as runs, not as one Python int per character.

Cleaning copies most of an article unchanged, so its offset map is a few hundred runs of
consecutive values. :class:`CompactOffsets` keeps the runs in two ``array('q')`` (16 bytes
per run); :class:`OffsetsBuilder` builds one while the cleaner emits characters. A list of
ints costs about 36 bytes per character; at 10,000 articles that difference is over 1 GB.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import overload


class CompactOffsets(Sequence[int]):
    """A read-only sequence of ints stored as runs of consecutive values.

    ``starts[k]`` is the position where run ``k`` begins and ``raws[k]`` its first value;
    inside a run the value grows by one per position.
    """

    __slots__ = ("_len", "_raws", "_starts")

    def __init__(self, starts: array, raws: array, length: int) -> None:
        self._starts = starts
        self._raws = raws
        self._len = length

    @classmethod
    def from_offsets(cls, offsets: Iterable[int]) -> CompactOffsets:
        """Compress any sequence of ints (a :class:`CompactOffsets` is returned as is)."""
        if isinstance(offsets, CompactOffsets):
            return offsets
        builder = OffsetsBuilder()
        for value in offsets:
            builder.append(value)
        return builder.build()

    @classmethod
    def from_bytes(cls, starts: bytes, raws: bytes, length: int) -> CompactOffsets:
        """Rebuild from :meth:`to_bytes` (raises ``ValueError`` on inconsistent data)."""
        a, b = array("q"), array("q")
        a.frombytes(starts)
        b.frombytes(raws)
        if len(a) != len(b) or (length and (not a or a[0] != 0)) or (a and a[-1] >= length):
            raise ValueError("inconsistent offsets")
        return cls(a, b, length)

    def to_bytes(self) -> tuple[bytes, bytes, int]:
        """``(starts, raws, length)`` for storage."""
        return self._starts.tobytes(), self._raws.tobytes(), self._len

    @property
    def runs(self) -> int:
        """How many runs of consecutive values the sequence holds."""
        return len(self._starts)

    def __len__(self) -> int:
        return self._len

    def _at(self, i: int) -> int:
        k = bisect.bisect_right(self._starts, i) - 1
        return self._raws[k] + (i - self._starts[k])

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self._at(i) for i in range(*index.indices(self._len))]
        i = index + self._len if index < 0 else index
        if not 0 <= i < self._len:
            raise IndexError("offsets index out of range")
        return self._at(i)

    def __iter__(self) -> Iterator[int]:
        starts, raws = self._starts, self._raws
        for k in range(len(starts)):
            end = starts[k + 1] if k + 1 < len(starts) else self._len
            yield from range(raws[k], raws[k] + end - starts[k])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CompactOffsets):
            return self.to_bytes() == other.to_bytes()
        if isinstance(other, (list, tuple)):
            return len(other) == self._len and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"CompactOffsets(len={self._len}, runs={len(self._starts)})"


class OffsetsBuilder:
    """Appends values (singly or as ranges) and truncates, keeping runs; see :meth:`build`."""

    __slots__ = ("_len", "_next", "_raws", "_starts")

    def __init__(self) -> None:
        self._starts = array("q")
        self._raws = array("q")
        self._len = 0
        self._next: int | None = None
        """The value that would extend the last run (``None`` when empty)."""

    def __len__(self) -> int:
        return self._len

    def append(self, value: int) -> None:
        """Add one value."""
        if value != self._next:
            self._starts.append(self._len)
            self._raws.append(value)
        self._next = value + 1
        self._len += 1

    def extend_range(self, start: int, stop: int) -> None:
        """Add ``start, start + 1, ..., stop - 1``."""
        if stop <= start:
            return
        if start != self._next:
            self._starts.append(self._len)
            self._raws.append(start)
        self._next = stop
        self._len += stop - start

    def last(self) -> int:
        """The last value (``IndexError`` when empty)."""
        if not self._len:
            raise IndexError("no offsets")
        return self._raws[-1] + (self._len - 1 - self._starts[-1])

    def truncate(self, length: int) -> None:
        """Keep the first ``length`` values."""
        if length >= self._len:
            return
        length = max(length, 0)
        k = bisect.bisect_left(self._starts, length)  # runs starting at or after the cut go
        del self._starts[k:]
        del self._raws[k:]
        self._len = length
        self._next = self._raws[-1] + (length - self._starts[-1]) if self._starts else None

    def delete(self, start: int, stop: int) -> None:
        """Remove the values at positions ``[start, stop)`` (linear in what follows)."""
        stop = min(stop, self._len)
        if start >= stop:
            return
        tail = self.build()[stop:]
        self.truncate(start)
        for value in tail:
            self.append(value)

    def build(self) -> CompactOffsets:
        """The offsets so far (a copy; the builder can go on)."""
        return CompactOffsets(array("q", self._starts), array("q", self._raws), self._len)


def identity(length: int) -> CompactOffsets:
    """``0, 1, ..., length - 1`` (text that maps onto itself)."""
    return CompactOffsets(
        array("q", [0] if length else []), array("q", [0] if length else []), length
    )


def compose(outer: Sequence[int], inner: Sequence[int]) -> CompactOffsets:
    """``inner[outer[i]]`` for every ``i``: offsets through two successive mappings.

    Works run by run (linear in the number of runs plus the length of the result's runs),
    not value by value.
    """
    outer_c = CompactOffsets.from_offsets(outer)
    inner_c = CompactOffsets.from_offsets(inner)
    builder = OffsetsBuilder()
    o_starts, o_raws, o_len = outer_c._starts, outer_c._raws, outer_c._len
    i_starts, i_raws, i_len = inner_c._starts, inner_c._raws, inner_c._len
    for k in range(len(o_starts)):
        count = (o_starts[k + 1] if k + 1 < len(o_starts) else o_len) - o_starts[k]
        pos, stop = o_raws[k], o_raws[k] + count
        if pos < 0 or stop > i_len:
            raise IndexError("offsets index out of range")
        j = bisect.bisect_right(i_starts, pos) - 1
        while pos < stop:
            run_end = i_starts[j + 1] if j + 1 < len(i_starts) else i_len
            take = min(stop, run_end) - pos
            value = i_raws[j] + (pos - i_starts[j])
            builder.extend_range(value, value + take)
            pos += take
            j += 1
    return builder.build()


__all__ = ["CompactOffsets", "OffsetsBuilder", "compose", "identity"]
