"""What ``add_to_corpus`` did, source by source."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ADDED", "DUPLICATE", "ERROR", "AddReport", "SourceResult"]

ADDED = "added"
DUPLICATE = "duplicate"
ERROR = "error"


@dataclass(slots=True)
class SourceResult:
    """The outcome for one path or URL.

    ``status`` is ``"added"``, ``"duplicate"`` (not added; ``duplicate_of`` names the
    article) or ``"error"`` (``message`` says why, in one line).
    """

    source: str
    status: str
    message: str
    article_id: str | None = None
    title: str | None = None
    file: Path | None = None
    duplicate_of: str | None = None

    def __post_init__(self) -> None:
        # Shown in a terminal: page titles and server messages (an HTTP reason phrase) are
        # untrusted, so they become one printable line here, once, for every front end.
        self.source = _one_line(self.source)
        self.message = _one_line(self.message)
        if self.title is not None:
            self.title = _one_line(self.title)

    @property
    def ok(self) -> bool:
        """True unless this source failed."""
        return self.status != ERROR


def _one_line(text: str) -> str:
    from briefing.cleaning import strip_control

    return " ".join("".join(c if c.isprintable() else " " for c in strip_control(text)).split())


@dataclass(slots=True)
class AddReport:
    """Per-source results, in the order the sources were given, and the backup written."""

    corpus_path: Path
    results: list[SourceResult] = field(default_factory=list)
    backup_path: Path | None = None

    @property
    def added(self) -> list[SourceResult]:
        return [r for r in self.results if r.status == ADDED]

    @property
    def duplicates(self) -> list[SourceResult]:
        return [r for r in self.results if r.status == DUPLICATE]

    @property
    def errors(self) -> list[SourceResult]:
        return [r for r in self.results if r.status == ERROR]

    @property
    def added_ids(self) -> list[str]:
        return [r.article_id for r in self.added if r.article_id]

    @property
    def ok(self) -> bool:
        """True when no source failed (duplicates are not failures)."""
        return not self.errors

    def summary(self) -> str:
        """One line: "added 2 articles; 1 already in the corpus; 1 failed"."""
        n = len(self.added)
        parts = [f"added {n} article{'s' if n != 1 else ''}"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already in the corpus")
        if self.errors:
            parts.append(f"{len(self.errors)} failed")
        return "; ".join(parts)
