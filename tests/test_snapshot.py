"""Corpus snapshots depend on every loader limit (briefing.corpus.limits())."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import briefing.corpus
from briefing.errors import CorpusError
from briefing.offsets import CompactOffsets
from briefing.store import Store
from briefing.store import snapshot as snapshot_module
from briefing.store.snapshot import load_corpus_cached
from tests.test_store import settle

REPO = Path(__file__).resolve().parent.parent


def write_corpus(folder: Path, count: int) -> Path:
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    lines = ["story:", "  title: Snapshot story", "articles:"]
    for i in range(count):
        text = f"Plan {i} for the harbour was approved on Monday. Work starts in May.\n"
        (folder / "articles" / f"a{i}.txt").write_text(text, encoding="utf-8")
        lines += [f"  - id: a{i}", f"    title: Plan {i}", f"    path: articles/a{i}.txt"]
    path = folder / "corpus.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settle(folder)
    return path


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Records every real (not snapshot) load."""
    calls: list[Path] = []
    real = briefing.corpus.load_corpus
    monkeypatch.setattr(briefing.corpus, "load_corpus", lambda p: calls.append(p) or real(p))
    return calls


def test_the_stamp_holds_every_limit() -> None:
    stamp = json.loads(snapshot_module._stamp([1, 2, 3]))
    assert stamp["limits"] == briefing.corpus.limits()
    assert set(stamp["limits"]) >= {"max_articles", "max_article_bytes", "max_corpus_bytes"}


def test_a_changed_article_limit_invalidates_the_snapshot(
    tmp_path: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_corpus(tmp_path / "c", 3)
    with Store.open(tmp_path / "data" / "briefing.sqlite3") as store:
        load_corpus_cached(path, store)
        again = load_corpus_cached(path, store)
        assert len(loads) == 1  # the second load came from the snapshot
        assert isinstance(again.articles[0].offsets, CompactOffsets)
        # What BRIEFING_MAX_ARTICLES=2 sets: the snapshot must not hide the new limit.
        monkeypatch.setattr(briefing.corpus, "MAX_ARTICLES", 2)
        with pytest.raises(CorpusError, match="more than 2 articles"):
            load_corpus_cached(path, store)
        assert len(loads) == 2
        # A raised limit loads afresh too (and saves a snapshot for the new limits).
        monkeypatch.setattr(briefing.corpus, "MAX_ARTICLES", 50_000)
        assert len(load_corpus_cached(path, store).articles) == 3
        assert len(loads) == 3
        load_corpus_cached(path, store)
        assert len(loads) == 3


def test_the_environment_variable_invalidates_the_snapshot(tmp_path: Path) -> None:
    """End to end, in fresh processes: the variable is read when briefing.corpus is imported."""
    path = write_corpus(tmp_path / "c", 3)
    code = (
        "import sys\n"
        "from briefing.store import Store, snapshot\n"
        "with Store.open() as store:\n"
        "    try:\n"
        "        print(len(snapshot.load_corpus_cached(sys.argv[1], store).articles))\n"
        "    except Exception as error:\n"
        "        print(type(error).__name__)\n"
    )

    def run(**env: str) -> str:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_MAX_")}
        environ.update(BRIEFING_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(REPO), **env)
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            env=environ,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        return done.stdout.strip() or done.stderr

    assert run() == "3"  # saves the snapshot
    assert run(BRIEFING_MAX_ARTICLES="2") == "CorpusError"
    assert run() == "3"
