"""The SQLite state store and the reader's session on top of it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from briefing.state import (
    StateError,
    StateStore,
    config_dir,
    corpus_key,
    data_dir,
    default_db_path,
    open_store,
)
from briefing.tui.session import Session


def test_dirs_follow_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path / "c"))
    assert data_dir() == tmp_path / "d"
    assert config_dir() == tmp_path / "c"
    assert default_db_path() == tmp_path / "d" / "state.sqlite3"


def test_read_marks_last_article_and_prefs_round_trip(tmp_path):
    path = tmp_path / "sub" / "state.sqlite3"
    store = StateStore.open(path)
    store.set_read("c1", "a")
    store.set_read("c1", "b")
    store.set_read("c1", "a", False)
    store.set_read("c2", "z")
    store.set_last_article("c1", "b")
    store.set_last_article("c1", "c")
    store.set_pref("theme", "briefing-light")
    store.close()
    store.close()  # twice is fine

    again = StateStore.open(path)
    assert again.read_ids("c1") == {"b"}
    assert again.read_ids("c2") == {"z"}
    assert again.read_ids("other") == set()
    assert again.last_article("c1") == "c"
    assert again.last_article("c2") is None
    assert again.get_pref("theme") == "briefing-light"
    assert again.get_pref("missing", "x") == "x"


def test_default_location_is_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    store = StateStore.open()
    store.set_read("c", "a")
    assert store.path == tmp_path / "data" / "state.sqlite3"
    assert store.path.is_file()


def test_a_corrupt_file_is_one_clear_error(tmp_path):
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"\x00garbage" * 512)
    with pytest.raises(StateError) as info:
        StateStore.open(path)
    assert str(path) in str(info.value)
    assert "not a database" in str(info.value)
    assert path.read_bytes().startswith(b"\x00garbage")  # the user's file is left alone


def test_an_unusable_folder_is_one_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StateError, match="cannot open state database"):
        StateStore.open(blocker / "state.sqlite3")


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StateError, match="newer briefing"):
        StateStore.open(path)


def test_open_store_falls_back_to_memory(tmp_path):
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"nope" * 1000)
    store, problem = open_store(path)
    assert store.path is None
    assert problem is not None and "not a database" in problem
    store.set_read("c", "a")
    assert store.read_ids("c") == {"a"}
    good, none = open_store(tmp_path / "ok.sqlite3")
    assert none is None and good.path == tmp_path / "ok.sqlite3"


def test_corpus_key_is_the_resolved_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert corpus_key(Path("corpus.yaml")) == str(tmp_path.resolve() / "corpus.yaml")
    assert corpus_key(None) == "<memory>"


def test_session_reports_the_first_failure_once_and_keeps_state_in_memory(tmp_path):
    store = StateStore.open(tmp_path / "state.sqlite3")
    errors: list[str] = []
    session = Session(store, "c", errors.append)
    session.mark("a")
    store.close()  # from now on every write fails
    session.mark("b")
    session.mark("a", False)
    session.remember("b")
    session.set_pref("theme", "x")
    assert session.read == {"b"}
    assert session.failed
    assert len(errors) == 1 and "kept for this session only" in errors[0]


def test_session_marks_only_changes(tmp_path):
    store = StateStore.open(tmp_path / "state.sqlite3")
    session = Session(store, "c")
    session.mark("a")
    session.mark("a")
    assert store.read_ids("c") == {"a"}
    session.mark("a", False)
    assert store.read_ids("c") == set()
