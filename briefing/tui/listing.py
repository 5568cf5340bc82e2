"""Ordering, searching and describing articles for the list (no Textual here)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Sequence

from briefing.models import Article
from briefing.tui.safe import one_line

SORTS: tuple[str, ...] = ("date", "date-desc", "outlet")
"""List orders, in the order the sort key cycles through them."""
SORT_NAMES = {"date": "oldest first", "date-desc": "newest first", "outlet": "by outlet"}


def _day(article: Article) -> dt.date | None:
    published = article.published
    if isinstance(published, dt.datetime):
        return published.date()
    return published


def _moment(article: Article) -> tuple[int, str]:
    """A sortable publication moment; undated articles sort last."""
    published = article.published
    if published is None:
        return (1, "")
    if isinstance(published, dt.datetime):
        if published.tzinfo is not None:
            published = published.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return (0, published.isoformat())
    return (0, published.isoformat())


def sort_articles(articles: Iterable[Article], order: str) -> list[Article]:
    """Articles in ``order`` (one of :data:`SORTS`); ties keep corpus order."""
    items = list(articles)
    if order == "date-desc":
        dated = [a for a in items if a.published is not None]
        undated = [a for a in items if a.published is None]
        return sorted(dated, key=_moment, reverse=True) + undated
    if order == "outlet":
        return sorted(items, key=lambda a: (a.outlet is None, (a.outlet or "").casefold()))
    return sorted(items, key=_moment)


def matches(article: Article, query: str) -> bool:
    """Whether ``query`` (case-insensitive, every word) occurs in the title, outlet or text."""
    words = query.casefold().split()
    if not words:
        return True
    haystack = " ".join(
        part for part in (article.title, article.outlet or "", article.text) if part
    ).casefold()
    return all(word in haystack for word in words)


def date_label(article: Article) -> str:
    """``2 Dec 2021`` (or ``""`` when the article is undated)."""
    day = _day(article)
    if day is None:
        return ""
    return f"{day.day} {day:%b %Y}"


def meta_line(article: Article, *, with_author: bool = True) -> str:
    """Outlet, author, date and place joined by `` · `` (safe for display)."""
    parts: Sequence[str | None] = (
        article.outlet,
        article.author if with_author else None,
        date_label(article),
        article.place,
    )
    return " · ".join(one_line(part) for part in parts if part and one_line(part))


def citation(article: Article) -> str:
    """A one-line citation: ``Author, "Title", Outlet, 2 Dec 2021, URL``."""
    parts = [one_line(article.author)] if article.author else []
    parts.append(f"\u201c{one_line(article.title)}\u201d")
    parts.extend(one_line(value) for value in (article.outlet,) if value)
    if date := date_label(article):
        parts.append(date)
    if url := safe_url(article.url):
        parts.append(url)
    return ", ".join(part for part in parts if part) + "."


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) address that is safe to open, else ``None``."""
    if not url:
        return None
    text = url.strip()
    if not text.lower().startswith(("http://", "https://")):
        return None
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return None
    return text


def browser_available() -> bool:
    """Whether opening a web page will reach a graphical browser.

    On Linux without a display, Python's ``webbrowser`` falls back to console browsers
    (lynx, w3m) that would draw over the reader, so the reader copies the address instead.
    """
    if os.environ.get("BROWSER"):
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
