"""A warm start (store and snapshot in place) opens the corpus without the loader's imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

import briefing.corpus
import briefing.limits
from briefing.cli import build_parser, parse_args
from briefing.store import Store
from briefing.store import snapshot as snapshot_module
from briefing.store.snapshot import load_corpus_cached

LOADER_MODULES = ("yaml", "briefing.cleaning", "briefing.corpus")

WARM_LOAD = """
import json, sys
from briefing.store import Store, load_corpus_cached
with Store.open() as store:
    corpus = load_corpus_cached(None, store)
    snapshots = store.info().counts["snapshots"]
loaded = [name for name in {modules!r} if name in sys.modules]
from briefing.corpus import load_corpus
print(json.dumps({{"loaded": loaded, "snapshots": snapshots, "same": corpus == load_corpus(),
                  "articles": len(corpus.articles)}}))
"""

CLI_START = """
import json, sys
import briefing.tui
seen = {{}}
def run(path, theme=None, *, corpus=None, store=None):
    seen["articles"] = len(corpus.articles)
    seen["loaded"] = [name for name in {modules!r} if name in sys.modules]
    store.close()
    return 0
briefing.tui.run = run
from briefing.cli import main
seen["status"] = main([])
print(json.dumps(seen))
"""


def run_python(code: str, tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_MAX_")}
    env.update(BRIEFING_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,  # no ./corpus.yaml here: the bundled corpus is read
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_warm_start_reads_the_bundled_corpus_without_the_loader(tmp_path: Path) -> None:
    code = WARM_LOAD.format(modules=LOADER_MODULES)
    cold = run_python(code, tmp_path)
    assert cold["snapshots"] == 1 and cold["same"] and cold["articles"] >= 1
    assert "briefing.corpus" in cold["loaded"]  # the first start parses corpus.yaml
    warm = run_python(code, tmp_path)
    assert warm["loaded"] == []  # from the snapshot: no PyYAML, no cleaner, no loader
    assert warm["same"] and warm["articles"] == cold["articles"]


def test_the_cli_start_imports_neither_the_loader_nor_argparse(tmp_path: Path) -> None:
    modules = (*LOADER_MODULES, "argparse", "briefing.summarize", "hashlib")
    code = CLI_START.format(modules=modules)
    run_python(code, tmp_path)  # saves the snapshot
    warm = run_python(code, tmp_path)
    assert warm["status"] == 0 and warm["articles"] >= 1
    assert warm["loaded"] == []


def test_no_arguments_parse_as_the_full_parser_would() -> None:
    fast = parse_args([])
    assert vars(fast) == vars(build_parser().parse_args(["read"]))
    assert vars(parse_args(["read"])) == vars(fast)


def test_every_corpus_is_snapshotted_once_its_files_have_settled(tmp_path: Path) -> None:
    path = tmp_path / "corpus.yaml"
    path.write_text("articles:\n  - {id: a, title: T, text: One short text.}\n")
    with Store.open(tmp_path / "data" / "briefing.sqlite3") as store:
        load_corpus_cached(path, store)
        # Just written: a same-size change could keep its time stamp, so no snapshot yet.
        assert store.info().counts["snapshots"] == 0
        path.write_text(path.read_text().replace("One", "Two"))
        assert load_corpus_cached(path, store).articles[0].text == "Two short text."
        old = time.time() - 60
        os.utime(path, (old, old))
        load_corpus_cached(path, store)
        assert store.info().counts["snapshots"] == 1  # one article is enough
        assert load_corpus_cached(path, store) == briefing.corpus.load_corpus(path)


@pytest.mark.parametrize(
    ("age_ns", "whole_seconds", "settled"),
    [
        (10_000_000, False, False),  # 10 ms: within a lagging clock's step
        (200_000_000, False, True),
        (1_000_000_000, True, False),  # whole seconds: FAT stamps every 2 s
        (3_000_000_000, True, True),
    ],
)
def test_recent_stamps_are_not_trusted(age_ns: int, whole_seconds: bool, settled: bool) -> None:
    now = 1_700_000_000_500_000_000
    mtime = now - age_ns
    if whole_seconds:
        mtime -= mtime % 1_000_000_000
    else:
        mtime += 1 if mtime % 1_000_000_000 == 0 else 0
    assert snapshot_module._settled(mtime, now, now) is settled
    assert not snapshot_module._settled(now, now, now + 10**12)  # written during the load


def test_the_loader_reexports_the_limits() -> None:
    for name in ("MAX_CORPUS_BYTES", "MAX_ARTICLE_BYTES", "MAX_ARTICLES", "MAX_YAML_DEPTH"):
        assert getattr(briefing.corpus, name) == getattr(briefing.limits, name)
    assert briefing.corpus.limits() == briefing.limits.limits()
    assert briefing.corpus.default_corpus_path is briefing.limits.default_corpus_path
    assert briefing.corpus._BAD_ENV is briefing.limits._BAD_ENV


def test_the_default_corpus_is_the_bundled_one_outside_a_corpus_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bundled = briefing.limits.default_corpus_path()
    assert bundled.is_file() and bundled.resolve() == (REPO / "corpus.yaml").resolve()
    (tmp_path / "corpus.yaml").write_text("articles:\n")
    assert briefing.limits.default_corpus_path() == tmp_path / "corpus.yaml"
