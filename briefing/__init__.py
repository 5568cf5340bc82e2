"""briefing: read a story's articles in the terminal and build a cited briefing.

The package root exposes the NLP core. Importing it does not import Textual
(or sumy); the reader lives in :mod:`briefing.tui` and is loaded only when run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "BriefingError",
    "Corpus",
    "Mention",
    "Sentence",
    "__version__",
    "build_briefing",
    "extract_entities",
    "load_corpus",
    "render_markdown",
    "summarize",
]

if TYPE_CHECKING:  # pragma: no cover
    from briefing.brief import build_briefing
    from briefing.corpus import load_corpus
    from briefing.entities import extract_entities
    from briefing.errors import BriefingError
    from briefing.export import render_markdown
    from briefing.models import Corpus, Mention, Sentence
    from briefing.summarize import summarize

_LAZY = {
    "load_corpus": "briefing.corpus",
    "Corpus": "briefing.models",
    "Mention": "briefing.models",
    "Sentence": "briefing.models",
    "BriefingError": "briefing.errors",
    "summarize": "briefing.summarize",
    "extract_entities": "briefing.entities",
    "build_briefing": "briefing.brief",
    "render_markdown": "briefing.export",
}


def __getattr__(name: str) -> Any:
    """Import public names on first use so `import briefing` stays cheap."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
