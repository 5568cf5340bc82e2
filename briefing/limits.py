"""The corpus loader's limits (with their environment overrides) and the default corpus.

Kept apart from :mod:`briefing.corpus` (which imports PyYAML and the text cleaner) so that
reopening a corpus from its snapshot can check the limits without importing the loader.
:mod:`briefing.corpus` re-exports every name; its values are the ones ``load_corpus``
applies. Each limit is read from its environment variable once, when this module is imported.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_ARTICLES",
    "MAX_ARTICLE_BYTES",
    "MAX_CORPUS_BYTES",
    "MAX_YAML_DEPTH",
    "MIN_YAML_NODES",
    "default_corpus_path",
    "env_limit",
    "limits",
    "limits_of",
]

_BAD_ENV: dict[str, str] = {}
"""Limit variables set to something that is not a positive whole number (``load_corpus``
reports the first as an error rather than silently using the default)."""


def env_limit(name: str, default: int, bad: dict[str, str] | None = None) -> int:
    """A positive whole number from the environment variable *name*, else *default*.

    A value that is not a positive whole number is remembered in *bad* (default:
    :data:`_BAD_ENV`) and reported by ``load_corpus`` as an error.
    """
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = 0
    if number <= 0:
        (_BAD_ENV if bad is None else bad)[name] = value
        return default
    return number


# Limits (see docs/robustness.md). Each can be raised with the environment variable named.
#: Largest corpus.yaml read (bytes): BRIEFING_MAX_CORPUS_BYTES.
MAX_CORPUS_BYTES = env_limit("BRIEFING_MAX_CORPUS_BYTES", 64 * 1024 * 1024)
#: Largest article, as a file or as inline ``text:`` (UTF-8 bytes): BRIEFING_MAX_ARTICLE_BYTES.
#: 2 MiB is about 350,000 words, some 20 times the longest news features.
MAX_ARTICLE_BYTES = env_limit("BRIEFING_MAX_ARTICLE_BYTES", 2 * 1024 * 1024)
#: Most articles in one corpus: BRIEFING_MAX_ARTICLES.
MAX_ARTICLES = env_limit("BRIEFING_MAX_ARTICLES", 20_000)
#: Deepest YAML nesting accepted (a corpus needs 4 levels); not configurable.
MAX_YAML_DEPTH = 64
#: Most YAML values in a corpus, counting what every alias stands for as a full copy (this
#: stops "billion laughs" alias bombs); grows with :data:`MAX_ARTICLES`.
MIN_YAML_NODES = 1_000_000


def limits_of(module: Any) -> dict[str, int]:
    """The limits held by *module* (this one, or :mod:`briefing.corpus`), by name."""
    return {
        "max_corpus_bytes": module.MAX_CORPUS_BYTES,
        "max_article_bytes": module.MAX_ARTICLE_BYTES,
        "max_articles": module.MAX_ARTICLES,
        "max_yaml_depth": module.MAX_YAML_DEPTH,
        "max_yaml_nodes": max(module.MIN_YAML_NODES, 50 * module.MAX_ARTICLES),
    }


def limits() -> dict[str, int]:
    """The limits in force (after environment overrides), by name."""
    return limits_of(sys.modules[__name__])


def default_corpus_path() -> Path:
    """``./corpus.yaml`` if there is one, else the corpus bundled with briefing."""
    local = Path.cwd() / "corpus.yaml"
    if local.is_file():
        return local
    package = Path(__file__).parent  # what importlib.resources.files("briefing") gives
    bundled = package / "_data" / "corpus.yaml"
    if bundled.is_file():
        return bundled
    return package.resolve().parent / "corpus.yaml"
