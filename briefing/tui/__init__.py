"""The terminal reader (Textual). Importing this package does not import Textual.

Entry point: :func:`run`. Tests and benchmarks build the app with
:func:`briefing.tui.app.make_app`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from briefing.models import Corpus
    from briefing.store import Store

__all__ = ["run"]


def run(
    corpus_path: Path | str | None = None,
    theme: str | None = None,
    *,
    corpus: Corpus | None = None,
    store: Store | None = None,
) -> int:
    """Open the reader on ``corpus`` (or load ``corpus_path``; default: the bundled corpus).

    ``store`` is the :class:`~briefing.store.Store` to use (default: the user's, opened
    here); the reader closes it when it quits. Returns the exit status. A corpus that cannot
    be loaded raises :class:`~briefing.errors.CorpusError` before the screen is taken.
    """
    if corpus is None:
        if store is not None:
            from briefing.store import load_corpus_cached

            corpus = load_corpus_cached(corpus_path, store)
        else:
            from briefing.corpus import load_corpus

            corpus = load_corpus(corpus_path)
    from briefing.tui.analysis import freeze_long_lived, pause_gc

    pause_gc()  # until the first frame is on screen (the reader calls freeze_long_lived)
    try:
        from briefing.tui.app import make_app

        app = make_app(corpus, theme=theme, store=store)
        app.run()
    finally:
        freeze_long_lived()
    return app.return_code or 0
