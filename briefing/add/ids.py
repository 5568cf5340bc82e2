"""Fresh article ids: a slug of the title, made unique in the corpus."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

__all__ = ["slugify", "unique_id"]

_SMALL = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "by", "with"]
)


def slugify(title: str, *, max_words: int = 6, max_len: int = 48) -> str:
    """A short lower-case ASCII slug of *title* ("Repair approved" -> "repair-approved").

    Small words are dropped when the title is long; a title with no Latin letters or
    digits gives "article".
    """
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", "").replace("’", ""))
    if len(words) > max_words:
        words = [w for w in words if w not in _SMALL] or words
    slug = ""
    for word in words[:max_words]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_len:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_len]
    if not slug or slug.isdigit():
        slug = f"article-{slug}" if slug else "article"
    return slug


def unique_id(base: str, taken: Collection[str]) -> str:
    """*base*, or *base*-2, *base*-3, ...: the first not in *taken* (ignoring case)."""
    lowered = {t.lower() for t in taken}
    if base.lower() not in lowered:
        return base
    n = 2
    while f"{base}-{n}".lower() in lowered:
        n += 1
    return f"{base}-{n}"
