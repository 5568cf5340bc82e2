"""Start a new corpus: a folder with a ``corpus.yaml`` holding a ``story:`` block."""

from __future__ import annotations

import json
import os
from pathlib import Path

from briefing.cleaning import strip_control
from briefing.errors import BriefingError

__all__ = ["new_corpus", "render_new_corpus"]

_TEMPLATE = """\
# A briefing corpus. Schema: see the briefing README, "corpus.yaml".
# Add articles with:  briefing add PATH-OR-URL... --corpus {where}
# (texts are stored in articles/ next to this file; entries are appended below).

story:
  title: {title}
  description: {description}

articles: []

# Optional: canonical names, aliases and the side each speaks for ("Who said what").
# entities:
#   - {{name: Jane Doe, type: PERSON, aliases: [Doe], side: Example side}}
"""


def _quoted(text: str) -> str:
    return json.dumps(" ".join(strip_control(text).split()), ensure_ascii=False)


def render_new_corpus(title: str, description: str = "", *, where: str = "corpus.yaml") -> str:
    """The text of a new, empty corpus.yaml for the story *title*."""
    if not " ".join(strip_control(title).split()):
        raise BriefingError("the story needs a title (--title)")
    return _TEMPLATE.format(
        title=_quoted(title), description=_quoted(description), where=" ".join(where.split())
    )


def new_corpus(story_dir: str | os.PathLike[str], title: str, description: str = "") -> Path:
    """Create *story_dir*/corpus.yaml (or the .yaml file *story_dir* names); return its path.

    Refuses to overwrite an existing corpus. The folder is created if needed.
    """
    target = Path(story_dir).expanduser()
    if target.suffix.lower() not in (".yaml", ".yml"):
        target = target / "corpus.yaml"
    text = render_new_corpus(title, description, where=str(target))
    if target.exists():
        raise BriefingError(f"{target}: already exists; add articles to it with 'briefing add'")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise BriefingError(f"{target}: already exists") from None
    except OSError as exc:
        raise BriefingError(f"{target}: cannot create: {exc.strerror or exc}") from None
    return target
