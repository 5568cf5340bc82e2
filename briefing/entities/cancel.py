"""Stopping corpus-wide name unification part-way (from another thread)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

Cancelled = Callable[[], bool]
"""``cancelled()`` -> true once the caller no longer wants the result."""

CHECK_EVERY = 256
"""Items (names, mentions) handled between two calls of ``cancelled()`` in the tight loops."""


class ResolveCancelled(Exception):
    """:func:`~briefing.entities.resolve_corpus` stopped because ``cancelled()`` returned true."""

    def __init__(self) -> None:
        super().__init__("name unification was cancelled")


def checked(items: Iterable[T], cancelled: Cancelled | None, every: int = 1) -> Iterator[T]:
    """``items`` one by one, asking ``cancelled()`` before the first and then every ``every``
    items (raising :class:`ResolveCancelled` once it is true); plain ``items`` without a hook."""
    if cancelled is None:
        yield from items
        return
    for done, item in enumerate(items):
        if not done % every and cancelled():
            raise ResolveCancelled
        yield item
