"""Errors the user sees as one clear line (never a traceback)."""

from __future__ import annotations


class BriefingError(Exception):
    """A problem with the user's input, reported as one line and a non-zero exit."""


class CorpusError(BriefingError):
    """corpus.yaml (or a file it points to) is missing, unreadable or invalid."""

    def __init__(self, path: object, message: str, *, line: int | None = None) -> None:
        where = f"{path}" if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.detail = message
