"""Shared fixtures: every test runs with its own config and data folders."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = REPO / "corpus.yaml"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep tests away from the developer's real config, data and NLTK folders."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("NLTK_DATA", str(base / "nltk_data"))


@pytest.fixture
def write_corpus(tmp_path: Path) -> Callable[[str], Path]:
    """Write a corpus.yaml (dedented) into a temporary folder and return its path."""

    def write(text: str, name: str = "corpus.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
