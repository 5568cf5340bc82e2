"""The reader's session on the store: state survives, trouble is one notice, the UI never waits.

(Ported from the tests of the reader's former state module, briefing/state.py.)
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from test_tui_helpers import break_store

from briefing.paths import config_dir, corpus_key, data_dir
from briefing.store import PinRecord, Store, default_db_path
from briefing.tui.session import Session

REPO = Path(__file__).resolve().parent.parent


def test_dirs_follow_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path / "c"))
    assert data_dir() == tmp_path / "d"
    assert config_dir() == tmp_path / "c"
    assert default_db_path() == tmp_path / "d" / "briefing.sqlite3"


def test_corpus_key_is_the_resolved_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert corpus_key(Path("corpus.yaml")) == str(tmp_path.resolve() / "corpus.yaml")
    assert corpus_key(None) == "<memory>"


def test_session_state_round_trips_through_the_store(tmp_path):
    path = tmp_path / "sub" / "briefing.sqlite3"
    store = Store.open(path)
    session = Session(store, "c1")
    session.mark("a")
    session.mark("b")
    session.mark("a", False)
    session.remember("b")
    session.remember("c")
    session.set_pref("theme", "briefing-light")
    pin = PinRecord("b", 2, 10, 30, "The second sentence.")
    session.toggle_pin(pin)
    Session(store, "c2", write_behind=False).mark("z")
    session.close()
    store.close()
    store.close()  # twice is fine

    with Store.open(path) as again:
        assert again.problem is None
        one, two = Session(again, "c1"), Session(again, "c2")
        assert one.read == {"b"} and two.read == {"z"}
        assert Session(again, "other").read == set()
        assert one.last_article() == "c" and two.last_article() is None
        assert one.pref("theme") == "briefing-light" and one.pref("missing", "x") == "x"
        assert list(one.pins.values()) == [pin] and two.pins == {}


def test_the_default_location_is_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    with Store.open() as store:
        Session(store, "c", write_behind=False).mark("a")
        assert store.path == tmp_path / "data" / "briefing.sqlite3"
        assert store.path.is_file()


def test_a_corrupt_file_is_one_problem_and_the_session_works_in_memory(tmp_path):
    path = tmp_path / "briefing.sqlite3"
    path.write_bytes(b"\x00garbage" * 512)
    problems: list[str] = []
    store = Store.open(path)
    session = Session(store, "c", problems.append)
    assert len(problems) == 1
    assert str(path) in problems[0] and "not a usable database" in problems[0]
    session.mark("a")
    session.flush()
    assert store.read_ids("c") == {"a"} and session.failed
    assert path.read_bytes().startswith(b"\x00garbage")  # the user's file is left alone
    session.close()


def test_an_unusable_folder_is_one_problem(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    problems: list[str] = []
    session = Session(Store.open(blocker / "briefing.sqlite3"), "c", problems.append)
    assert len(problems) == 1 and "cannot create the data folder" in problems[0]
    session.mark("a")
    assert session.read == {"a"}
    session.close()


def test_a_newer_schema_is_reported_and_not_touched(tmp_path):
    path = tmp_path / "briefing.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    problems: list[str] = []
    Session(Store.open(path), "c", problems.append)
    assert len(problems) == 1 and "newer" in problems[0]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 99


def test_session_reports_the_first_failure_once_and_keeps_state_in_memory(tmp_path):
    store = Store.open(tmp_path / "briefing.sqlite3")
    problems: list[str] = []
    session = Session(store, "c", problems.append)
    session.mark("a")
    session.flush()
    break_store(store)  # from now on every use of the file fails
    session.mark("b")
    session.mark("a", False)
    session.remember("b")
    session.set_pref("theme", "x")
    session.toggle_pin(PinRecord("b", 0, 0, 3, "Hi."))
    session.flush()
    assert session.read == {"b"} and session.pref("theme") == "x"
    assert session.failed and store.degraded
    assert len(problems) == 1 and "kept for this session only" in problems[0]
    session.close()


def test_session_writes_only_changes(tmp_path):
    store = Store.open(tmp_path / "briefing.sqlite3")
    session = Session(store, "c", write_behind=False)
    session.mark("a")
    session.mark("a")
    assert store.read_ids("c") == {"a"}
    session.mark("a", False)
    assert store.read_ids("c") == set()


def test_session_toggles_pins(tmp_path):
    store = Store.open(tmp_path / "briefing.sqlite3")
    session = Session(store, "c")
    pin = PinRecord("a", 1, 5, 9, "Yes.")
    assert session.toggle_pin(pin) is True
    assert session.is_pinned("a", 1) and session.pins_of("a") == [pin]
    session.flush()
    assert store.pins("c") == [pin]
    assert session.toggle_pin(pin) is False
    session.flush()
    assert store.pins("c") == [] and session.pins == {}
    session.close()


def test_writes_never_wait_for_a_busy_store(tmp_path):
    """A long write by someone else (background indexing) does not hold up the UI thread."""
    store = Store.open(tmp_path / "briefing.sqlite3")
    session = Session(store, "c")
    held, release = threading.Event(), threading.Event()

    def long_write(db: sqlite3.Connection) -> None:
        held.set()
        release.wait(5)

    blocker = threading.Thread(target=lambda: store._run(long_write, None))
    blocker.start()
    assert held.wait(5)
    try:
        started = time.perf_counter()
        for number in range(20):
            session.mark(f"a{number}")
        session.set_pref("k", "v")
        assert time.perf_counter() - started < 0.5  # nothing waited for the store's lock
    finally:
        release.set()
        blocker.join(5)
    assert session.flush()
    assert store.read_ids("c") == {f"a{n}" for n in range(20)}
    session.close()
    assert not [t for t in threading.enumerate() if t.name == "briefing-state-writer"]


def test_two_stores_on_one_file_see_each_others_writes(tmp_path):
    path = tmp_path / "briefing.sqlite3"
    one, two = Store.open(path), Store.open(path)
    one.set_read("c", "a")
    two.set_read("c", "b")
    two.set_pin("c", PinRecord("a", 0, 0, 3, "Hi."))
    assert one.read_ids("c") == two.read_ids("c") == {"a", "b"}
    assert one.pins("c") == two.pins("c")
    assert one._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert one._db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


_WRITER = """
import sys, time
from briefing.store import Store
store = Store.open(sys.argv[1])
db = store._db
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO read_state VALUES ('c', 'lost', 'now')")
for number in range(500):
    db.execute("INSERT INTO prefs VALUES (?, 'v')", (f"k{number}",))
print("in transaction", flush=True)
time.sleep(60)
"""


def test_a_writer_killed_mid_transaction_leaves_the_store_usable(tmp_path):
    path = tmp_path / "briefing.sqlite3"
    reader = Store.open(path)
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
        done: list[str | None] = []

        def write() -> None:
            store = Store.open(path)
            store.set_read("c", "after")
            done.append(store.problem)

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
    again = Store.open(path)
    assert again.read_ids("c") == {"kept", "after"}
    assert again.get_pref("k1") is None  # nothing of the killed transaction survived
    assert again._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again.set_pin("c", PinRecord("kept", 0, 0, 4, "Yes."))
    assert reader.pins("c") == again.pins("c")
