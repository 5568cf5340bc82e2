"""Is an article already in the corpus? Same URL, same text, or a near-copy.

Near-copies are found with the briefing's own detector (:mod:`briefing.brief.dedup`:
shared word 5-grams, or sentence-by-sentence alignment for machine rewrites), so
``briefing add`` and the briefing's "same story republished" grouping agree.
"""

from __future__ import annotations

import unicodedata
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Duplicate", "DuplicateFinder", "normalize_url", "text_key"]

#: Query parameters that only track where a reader came from.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "smid", "ref")


def normalize_url(url: str) -> str:
    """A comparison key for a URL: no scheme, "www.", fragment, trailing slash or tracking."""
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    path = parts.path.rstrip("/") or ""
    query = [
        (k, v)
        for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    ]
    q = f"?{urllib.parse.urlencode(sorted(query))}" if query else ""
    return f"{host}{port}{path}{q}"


def text_key(text: str) -> str:
    """Letters and digits only, case-folded: equal keys mean the same text."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Duplicate:
    """The article *article_id* already holds this one; *reason* says how we know."""

    article_id: str
    reason: str  # "same url", "same text" or "near-copy"
    similarity: float = 1.0

    def describe(self) -> str:
        """One line for the user."""
        if self.reason == "near-copy":
            return f"a near-copy of '{self.article_id}' ({self.similarity:.0%} shared)"
        return f"already in the corpus as '{self.article_id}' ({self.reason})"


@dataclass
class DuplicateFinder:
    """Checks candidates against the corpus's articles and against those added before them."""

    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    _urls: dict[str, str] = field(default_factory=dict)
    _keys: dict[str, str] = field(default_factory=dict)
    _sketches: list[object] = field(default_factory=list)

    def add(self, article_id: str, urls: Iterable[str | None], text: str) -> None:
        """Remember an article (cleaned *text*) so later candidates are checked against it."""
        self.ids.append(article_id)
        self.texts.append(text)
        for url in urls:
            if url:
                self._urls.setdefault(normalize_url(url), article_id)
        self._keys.setdefault(text_key(text), article_id)

    def check_urls(self, urls: Iterable[str | None]) -> Duplicate | None:
        """The article already known under one of *urls*, if any."""
        for url in urls:
            if url and normalize_url(url) in self._urls:
                return Duplicate(self._urls[normalize_url(url)], "same url")
        return None

    def check(self, urls: Iterable[str | None], text: str) -> Duplicate | None:
        """The article this candidate duplicates (cleaned *text*, its known URLs), if any."""
        found = self.check_urls(urls)
        if found is not None:
            return found
        key = text_key(text)
        if key and key in self._keys:
            return Duplicate(self._keys[key], "same text")
        return self._near_copy(text)

    def _near_copy(self, text: str) -> Duplicate | None:
        from briefing.brief.dedup import find_near_copies, sketch
        from briefing.brief.text import norm_tokens
        from briefing.sentences import split_sentences

        def make(t: str):
            return sketch(t, [norm_tokens(s.text) for s in split_sentences(t)])

        while len(self._sketches) < len(self.texts):
            self._sketches.append(make(self.texts[len(self._sketches)]))
        new = len(self._sketches)
        pairs = [p for p in find_near_copies([*self._sketches, make(text)]) if p.b == new]
        if not pairs:
            return None
        best = max(pairs, key=lambda p: p.similarity)
        return Duplicate(self.ids[best.a], "near-copy", best.similarity)
