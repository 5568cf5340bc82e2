"""The SQLite state store and the reader's session on top of it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefing.state import (
    _MIGRATIONS,
    PinRecord,
    StateError,
    StateStore,
    config_dir,
    corpus_key,
    data_dir,
    default_db_path,
    open_store,
)
from briefing.tui.session import Session

REPO = Path(__file__).resolve().parent.parent


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


def test_pins_round_trip_per_corpus(tmp_path):
    path = tmp_path / "state.sqlite3"
    store = StateStore.open(path)
    first = PinRecord("a", 2, 10, 30, "The second sentence.")
    second = PinRecord("b", 0, 0, 9, "Opening.")
    store.set_pin("c1", first)
    store.set_pin("c1", second)
    store.set_pin("c2", first)
    store.set_pin("c2", first, False)
    store.close()
    again = StateStore.open(path)
    assert again.pins("c1") == [first, second]
    assert again.pins("c2") == []


def test_session_toggles_pins(tmp_path):
    store = StateStore.open(tmp_path / "state.sqlite3")
    session = Session(store, "c")
    pin = PinRecord("a", 1, 5, 9, "Yes.")
    assert session.toggle_pin(pin) is True
    assert session.is_pinned("a", 1) and session.pins_of("a") == [pin]
    assert store.pins("c") == [pin]
    assert session.toggle_pin(pin) is False
    assert store.pins("c") == [] and session.pins == {}


def test_a_version_1_database_is_upgraded_in_place(tmp_path):
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(_MIGRATIONS[0])
    db.execute("INSERT INTO read_state VALUES ('c', 'a', '2024-01-01')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = StateStore.open(path)
    assert store.read_ids("c") == {"a"}
    assert store.pins("c") == []
    store.set_pin("c", PinRecord("a", 0, 0, 3, "Hi."))
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == len(_MIGRATIONS)


def test_two_stores_on_one_database_see_each_others_writes(tmp_path):
    path = tmp_path / "state.sqlite3"
    one, two = StateStore.open(path), StateStore.open(path)
    one.set_read("c", "a")
    two.set_read("c", "b")
    two.set_pin("c", PinRecord("a", 0, 0, 3, "Hi."))
    assert one.read_ids("c") == two.read_ids("c") == {"a", "b"}
    assert one.pins("c") == two.pins("c")
    journal = one._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert journal == "wal"
    assert one._db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


_WRITER = """
import sys, time
from briefing.state import StateStore
store = StateStore.open(sys.argv[1])
with store._transaction() as db:
    db.execute("INSERT INTO read_state VALUES ('c', 'lost', 'now')")
    for number in range(500):
        db.execute("INSERT INTO prefs VALUES (?, 'v')", (f"k{number}",))
    print("in transaction", flush=True)
    time.sleep(60)
"""


def test_a_writer_killed_mid_transaction_leaves_the_store_usable(tmp_path):
    path = tmp_path / "state.sqlite3"
    reader = StateStore.open(path)
    reader.set_read("c", "kept")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE, env=env
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == b"in transaction"
        # a reader still reads while the other process holds the write lock
        assert reader.read_ids("c") == {"kept"}
        # a second writer waits (busy timeout) instead of failing, and goes ahead once the
        # first one is gone
        done: list[BaseException | None] = []

        def write() -> None:
            try:
                StateStore.open(path).set_read("c", "after")
                done.append(None)
            except BaseException as error:
                done.append(error)

        thread = threading.Thread(target=write)
        thread.start()
        time.sleep(0.2)
        assert not done, "the second writer should be waiting for the lock"
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(10)
        thread.join(10)
        assert done == [None]
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    again = StateStore.open(path)
    assert again.read_ids("c") == {"kept", "after"}
    assert again.get_pref("k1") is None  # nothing of the killed transaction survived
    assert again._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again.set_pin("c", PinRecord("kept", 0, 0, 4, "Yes."))
    assert reader.pins("c") == again.pins("c")
