"""``briefing search``, ``briefing cache info|clear`` and ``--data-dir``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from briefing.cli import _split_argv, main
from briefing.store import Store, corpus_key

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "corpus.yaml"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_prints_ranked_results_with_snippets(capsys):
    code, out, err = run(capsys, "search", "sanctions", "--corpus", str(BUNDLED), "--limit", "2")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(" 1. ") and lines[2].startswith(" 2. ")
    assert "sanctions" in lines[1].lower() and "\x1b" not in out  # no colour when piped


def test_search_json(capsys):
    code, out, _ = run(capsys, "search", "Lavrov", "Geneva", "--corpus", str(BUNDLED), "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits and {"id", "title", "score", "snippet", "highlights"} <= set(hits[0])
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)
    for hit in hits:
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end].casefold() in ("lavrov", "geneva")


def test_search_indexes_incrementally_and_uses_the_data_dir(tmp_path, capsys, write_corpus):
    path = write_corpus(
        """\
        articles:
          - id: one
            title: Harbour strike
            text: Dock workers stopped work at the harbour.
        """
    )
    data = tmp_path / "elsewhere"
    code, out, _ = run(capsys, "--data-dir", str(data), "search", "harbour", "--corpus", str(path))
    assert code == 0 and "one" in out
    assert (data / "briefing.sqlite3").is_file()
    path.write_text(path.read_text().replace("harbour.", "quay."))
    code, out, _ = run(
        capsys, "--data-dir", str(data), "search", "quay", "--corpus", str(path), "--json"
    )
    assert [hit["id"] for hit in json.loads(out)] == ["one"]


def test_search_without_results_and_bad_input(capsys):
    code, out, err = run(capsys, "search", "zzzzqqq", "--corpus", str(BUNDLED))
    assert code == 0 and out == "" and "no results" in err
    code, _, err = run(capsys, "search", "--corpus", str(BUNDLED), "?!")
    assert code == 2 and err.startswith("briefing: ") and len(err.splitlines()) == 1
    code, _, err = run(capsys, "search", "x", "--limit", "0", "--corpus", str(BUNDLED))
    assert code == 2 and "--limit" in err


def test_cache_info_text_and_json(capsys):
    run(capsys, "search", "Blinken", "--corpus", str(BUNDLED))
    code, out, _ = run(capsys, "cache", "info")
    assert code == 0
    assert "briefing.sqlite3" in out and "schema" in out and "search index  5 articles" in out
    code, out, _ = run(capsys, "cache", "info", "--json")
    doc = json.loads(out)
    assert doc["counts"]["indexed_articles"] == 5
    assert doc["schema_version"] == doc["supported_schema_version"]
    assert doc["size_bytes"] > 0 and doc["problem"] is None


def test_cache_clear_needs_yes_without_a_terminal(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run(capsys, "cache", "clear")
    assert code == 2 and "--yes" in err and len(err.splitlines()) == 1


def test_cache_clear_keeps_read_marks(capsys):
    run(capsys, "search", "Blinken", "--corpus", str(BUNDLED))
    key = corpus_key(BUNDLED)
    with Store.open() as store:
        store.set_read(key, "meeting-off")
    code, out, _ = run(capsys, "cache", "clear", "--yes")
    assert code == 0 and out.startswith("cleared ")
    with Store.open() as store:
        assert store.info().counts["indexed_articles"] == 0
        assert store.read_ids(key) == {"meeting-off"}


def test_cache_info_reports_a_corrupt_database(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path))
    (tmp_path / "briefing.sqlite3").write_bytes(b"junk" * 1000)
    code, out, _ = run(capsys, "cache", "info")
    assert code == 0 and "not usable" in out
    code, _, err = run(capsys, "cache", "clear", "--yes")
    assert code == 2 and "not a usable database" in err
    code, out, err = run(capsys, "search", "Blinken", "--corpus", str(BUNDLED))
    assert code == 0 and out and err.count("warning") == 1  # search works, in memory
    code, out, err = run(capsys, "export", str(BUNDLED), "-o", "-")
    assert code == 0 and "# " in out and err.count("warning") == 1


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--data-dir", "/d"], ["--data-dir", "/d", "read"]),
        (["--data-dir=/d", "c.yaml"], ["--data-dir=/d", "read", "c.yaml"]),
        (["--data-dir", "/d", "search", "x"], ["--data-dir", "/d", "search", "x"]),
        (["cache", "info"], ["cache", "info"]),
        (["c.yaml", "--theme", "t"], ["read", "c.yaml", "--theme", "t"]),
    ],
)
def test_split_argv_with_the_data_dir_option(argv, expected):
    assert _split_argv(argv) == expected
