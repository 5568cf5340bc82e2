"""The SQLite store: schema and migrations, user state, degraded mode, snapshots."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefing.corpus import load_corpus
from briefing.errors import CorpusError
from briefing.store import (
    SCHEMA_VERSION,
    CompactOffsets,
    PinRecord,
    Store,
    corpus_key,
    default_db_path,
    load_corpus_cached,
    open_store,
)
from briefing.store import snapshot as snapshot_module
from briefing.store.schema import MIGRATIONS

WORDS = [
    "harbour",
    "river",
    "bridge",
    "market",
    "school",
    "hospital",
    "railway",
    "airport",
    "museum",
    "stadium",
]
NAMES = ["Anna Berg", "Omar Haddad", "Lena Vogel", "Tom Price", "Mara Quinn", "Ivo Novak"]


def article_text(i: int) -> str:
    """A small, distinct news-like text for article ``i``."""
    word, other = WORDS[i % len(WORDS)], WORDS[(i * 3 + 1) % len(WORDS)]
    name = NAMES[i % len(NAMES)]
    return (
        f"Officials in Oslo approved plan number {i} for the new {word} on Monday.\n\n"
        f"{name}, the city's planning chief, said the {word} would open next year. "
        f"Critics said the {other} budget had been cut to pay for it.\n\n"
        f"The council will vote again on March {i % 28 + 1}, {name} said."
    )


def write_corpus(folder: Path, count: int, *, name: str = "corpus.yaml") -> Path:
    """A corpus of ``count`` articles stored as files, as ``briefing add`` writes them."""
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    lines = ["story:", "  title: Test story", "articles:"]
    for i in range(count):
        (folder / "articles" / f"a{i}.txt").write_text(article_text(i), encoding="utf-8")
        lines += [
            f"  - id: a{i}",
            f"    title: Plan {i} for the {WORDS[i % len(WORDS)]}",
            "    published: 2024-03-01",
            f"    path: articles/a{i}.txt",
        ]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settle(folder)
    return path


def settle(folder: Path) -> None:
    """Date the files back an hour: a snapshot is saved only once its files have settled."""
    old = time.time() - 3600
    for file in [folder, *folder.rglob("*")]:
        os.utime(file, (old, old))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "briefing.sqlite3"


def write_state_file(
    path: Path,
    *,
    read: tuple[str, str],
    last: tuple[str, str] | None = None,
    prefs: dict[str, str] | None = None,
) -> None:
    """A ``state.sqlite3`` as the reader's former state module wrote it (schema 2, WAL)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    for script in MIGRATIONS[:2]:
        db.executescript(script)
    db.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO read_state VALUES (?, ?, '2024-01-01T00:00:00+00:00')", read)
    if last is not None:
        db.execute("INSERT INTO corpus_state VALUES (?, ?, '2024-01-01T00:00:00+00:00')", last)
    for key, value in (prefs or {}).items():
        db.execute("INSERT INTO prefs VALUES (?, ?)", (key, value))
    db.close()


# --- opening, schema, migrations ------------------------------------------------------------


def test_default_location_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "d"))
    assert default_db_path() == tmp_path / "d" / "briefing.sqlite3"
    with Store.open() as store:
        assert store.path == tmp_path / "d" / "briefing.sqlite3"
        assert store.problem is None and not store.degraded
        assert store.schema_version() == SCHEMA_VERSION
    assert (tmp_path / "d" / "briefing.sqlite3").is_file()


def test_wal_mode_and_busy_timeout(db_path):
    with Store.open(db_path) as store:
        store.set_pref("k", "v")
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_migrates_a_version_2_state_file_keeping_read_marks(db_path):
    write_state_file(db_path, read=("c1", "a"), last=("c1", "a"), prefs={"theme": "dark"})
    check = sqlite3.connect(db_path)
    assert check.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION
    check.close()

    with Store.open(db_path) as store:
        assert store.problem is None
        assert store.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
        assert store.read_ids("c1") == {"a"}
        assert store.last_article("c1") == "a"
        assert store.get_pref("theme") == "dark"
        pin = PinRecord("a", 2, 10, 21, "A sentence.")
        store.set_pin("c1", pin)
        assert store.pins("c1") == [pin]


def test_migrates_a_version_1_file_step_by_step(db_path):
    db_path.parent.mkdir(parents=True)
    db = sqlite3.connect(db_path)
    db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    db.execute("INSERT INTO read_state VALUES ('c', 'a', '2024-01-01T00:00:00+00:00')")
    db.execute("INSERT INTO prefs VALUES ('theme', 'x')")
    db.commit()
    db.close()
    with Store.open(db_path) as store:
        assert store.problem is None and store.schema_version() == SCHEMA_VERSION
        assert store.read_ids("c") == {"a"} and store.get_pref("theme") == "x"
        store.set_pin("c", PinRecord("a", 0, 0, 3, "Hi."))
        assert store.pins("c")[0].text == "Hi."


def test_imports_the_legacy_state_file_when_created(db_path):
    legacy = db_path.parent / "state.sqlite3"
    write_state_file(legacy, read=("c", "x"), prefs={"summary.length": "7"})
    with Store.open(db_path) as store:
        assert store.read_ids("c") == {"x"}
        assert store.get_pref("summary.length") == "7"
    assert legacy.is_file()  # left alone


def test_a_newer_schema_is_not_touched(db_path):
    db_path.parent.mkdir(parents=True)
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE future (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.commit()
    db.close()
    messages: list[str] = []
    with Store.open(db_path, on_problem=messages.append) as store:
        assert store.degraded
        assert "newer briefing" in store.problem and "\n" not in store.problem
        assert messages == [store.problem]
        store.set_read("c", "a")  # still works, in memory
        assert store.read_ids("c") == {"a"}
    check = sqlite3.connect(db_path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 5
    check.close()


# --- user state ----------------------------------------------------------------------------


def test_user_state_round_trips(db_path):
    with Store.open(db_path) as store:
        store.set_read("c1", "a")
        store.set_read_many("c1", ["b", "c"])
        store.set_read("c1", "c", False)
        store.set_read("c2", "z")
        store.set_last_article("c1", "b")
        store.set_last_article("c1", "c")
        store.set_pref("theme", "light")
        store.set_pin("c1", PinRecord("a", 3, 30, 36, "Third."))
        store.set_pin("c1", PinRecord("b", 0, 0, 5, "Zero."))
        store.set_pin("c1", PinRecord("a", 3, 30, 36, "Third."), pinned=False)
        store.set_pin("c1", PinRecord("a", 1, 7, 12, "One."))
    with Store.open(db_path) as store:
        assert store.read_ids("c1") == {"a", "b"}
        assert store.read_ids("c2") == {"z"}
        assert store.read_ids("none") == set()
        assert store.last_article("c1") == "c"
        assert store.last_article("c2") is None
        assert store.get_pref("theme") == "light"
        assert store.get_pref("missing", "d") == "d"
        assert [(p.article_id, p.index) for p in store.pins("c1")] == [("b", 0), ("a", 1)]
        assert store.pins("c1")[0].text == "Zero."
        store.clear_pins("c1")
        assert store.pins("c1") == []


def test_open_store_matches_the_state_module_shape(db_path):
    store, problem = open_store(db_path)
    assert problem is None
    store.close()
    store.close()  # twice is fine


def test_corpus_key_is_the_resolved_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert corpus_key("corpus.yaml") == str(tmp_path.resolve() / "corpus.yaml")
    assert corpus_key(None) == "<memory>"


# --- degraded mode -------------------------------------------------------------------------


def test_a_corrupt_file_is_reported_in_one_line_and_left_alone(db_path):
    db_path.parent.mkdir(parents=True)
    garbage = b"\x00garbage" * 512
    db_path.write_bytes(garbage)
    messages: list[str] = []
    store = Store.open(db_path, on_problem=messages.append)
    assert store.degraded
    assert messages == [store.problem]
    assert str(db_path) in store.problem and "not a usable database" in store.problem
    assert "\n" not in store.problem
    store.set_read("c", "a")
    store.set_pref("theme", "x")
    assert store.read_ids("c") == {"a"}
    assert store.search("c", "anything") == []
    assert store.info().degraded
    store.close()
    assert db_path.read_bytes() == garbage


def test_an_unusable_folder_degrades_to_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = Store.open(blocker / "sub" / "briefing.sqlite3")
    assert store.degraded and "cannot create the data folder" in store.problem
    store.set_read("c", "a")
    assert store.read_ids("c") == {"a"}


def test_a_database_that_becomes_read_only_keeps_the_session_state(db_path):
    messages: list[str] = []
    store = Store.open(db_path, on_problem=messages.append)
    store.set_read("c", "a")
    store.set_pref("theme", "dark")
    store._db.execute("PRAGMA query_only = ON")  # every write now fails, as on a read-only disk
    store.set_read("c", "b")
    assert store.degraded
    assert len(messages) == 1 and "read-only" in messages[0]
    assert store.read_ids("c") == {"a", "b"}  # old marks copied, the new one kept in memory
    assert store.get_pref("theme") == "dark"
    store.set_read("c", "d")
    assert len(messages) == 1  # reported once
    store.close()
    with Store.open(db_path) as again:
        assert again.read_ids("c") == {"a"}


def test_a_locked_database_skips_the_write_and_says_so(db_path):
    with Store.open(db_path) as first:
        first.set_pref("k", "1")
    messages: list[str] = []
    store = Store.open(db_path, on_problem=messages.append, timeout=0.05)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        store.set_pref("k", "2")
        assert messages and "locked" in messages[0] and "\n" not in messages[0]
        assert not store.degraded
        assert store.get_pref("k") == "1"  # reads still work under WAL
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.set_pref("k", "3")
    assert store.get_pref("k") == "3"
    store.close()


def _unprivileged(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``work`` as a user without write access to other users' files (forks as root)."""
    if os.geteuid() != 0:
        return work()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child process
        os.close(read_end)
        try:
            os.setgid(65534)
            os.setuid(65534)
            result = work()
        except BaseException as error:
            result = {"error": repr(error)}
        os.write(write_end, json.dumps(result).encode())
        os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    return json.loads(b"".join(chunks))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_data_folder_keeps_the_users_state_readable():
    folder = Path(tempfile.mkdtemp(prefix="briefing-ro-"))  # reachable by an unprivileged user
    path = folder / "briefing.sqlite3"
    try:
        with Store.open(path) as store:
            store.set_read("c", "a")
            store.set_pref("theme", "dark")
        before = path.read_bytes()
        path.chmod(0o444)
        folder.chmod(0o555)

        def work() -> dict[str, Any]:
            messages: list[str] = []
            store = Store.open(path, on_problem=messages.append)
            out = {
                "degraded": store.degraded,
                "messages": messages,
                "read": sorted(store.read_ids("c")),
                "theme": store.get_pref("theme"),
            }
            store.set_read("c", "b")
            out["after"] = sorted(store.read_ids("c"))
            store.close()
            fresh = Store.open(folder / "sub" / "briefing.sqlite3")
            out["fresh"] = [fresh.degraded, fresh.problem]
            return out

        result = _unprivileged(work)
        assert "error" not in result, result
        assert result["degraded"]
        assert len(result["messages"]) == 1 and str(path) in result["messages"][0]
        assert result["read"] == ["a"] and result["theme"] == "dark"
        assert result["after"] == ["a", "b"]
        assert result["fresh"][0] and "cannot create the data folder" in result["fresh"][1]
        assert path.read_bytes() == before
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()


# --- clearing ------------------------------------------------------------------------------


def test_clear_cache_keeps_user_state(db_path, tmp_path):
    corpus = load_corpus(write_corpus(tmp_path / "c", 3))
    with Store.open(db_path) as store:
        store.set_read("c", "a")
        store.set_pin("c", PinRecord("a", 0, 0, 4, "Pin."))
        store.set_pref("theme", "dark")
        store.index_corpus(corpus)
        store.put_analysis("h" * 64, "sentences", [[0, 0, 1, 0.0]])
        counts = store.info().counts
        assert counts["indexed_articles"] == 3 and counts["analysis_rows"] == 1
        assert store.clear_cache()
        counts = store.info().counts
        assert counts["indexed_articles"] == 0 and counts["analysis_rows"] == 0
        assert store.read_ids("c") == {"a"}
        assert store.pins("c") == [PinRecord("a", 0, 0, 4, "Pin.")]
        assert store.get_pref("theme") == "dark"
        assert store.search(corpus_key(corpus.path), "plan") == []


# --- snapshots -----------------------------------------------------------------------------


def _same(a, b) -> None:
    assert a.story == b.story and a.entities == b.entities
    assert [x.id for x in a.articles] == [y.id for y in b.articles]
    for x, y in zip(a.articles, b.articles):
        assert (x.title, x.text, x.raw_text, x.published, x.path) == (
            y.title,
            y.text,
            y.raw_text,
            y.published,
            y.path,
        )
        assert list(x.offsets) == list(y.offsets)


def test_snapshot_reopens_the_same_corpus(tmp_path, db_path, monkeypatch):
    path = write_corpus(tmp_path / "c", 4)
    with Store.open(db_path) as store:
        first = load_corpus_cached(path, store)
        assert store.info().counts["snapshots"] == 1
        calls = []
        import briefing.corpus

        real = briefing.corpus.load_corpus
        monkeypatch.setattr(briefing.corpus, "load_corpus", lambda p: calls.append(p) or real(p))
        again = load_corpus_cached(path, store)
        assert calls == []  # served from the snapshot
        _same(first, again)
        assert isinstance(again.articles[0].offsets, CompactOffsets)
        _same(again, load_corpus(path))


def test_snapshot_is_invalidated_by_a_changed_article_file(tmp_path, db_path):
    path = write_corpus(tmp_path / "c", 3)
    with Store.open(db_path) as store:
        load_corpus_cached(path, store)
        target = tmp_path / "c" / "articles" / "a1.txt"
        target.write_text("A wholly new text about the harbour plan. It is longer now.\n")
        changed = load_corpus_cached(path, store)
        assert changed.get("a1").text.startswith("A wholly new text")
        path.write_text(path.read_text().replace("Test story", "Renamed story"))
        assert load_corpus_cached(path, store).story.title == "Renamed story"


def test_snapshot_depends_on_the_loader_limits(tmp_path, db_path, monkeypatch):
    import briefing.corpus

    path = write_corpus(tmp_path / "c", 2)
    with Store.open(db_path) as store:
        load_corpus_cached(path, store)
        monkeypatch.setattr(briefing.corpus, "MAX_ARTICLE_BYTES", 10)  # every article too big
        with pytest.raises(CorpusError):
            load_corpus_cached(path, store)


def test_a_bad_snapshot_is_ignored(tmp_path, db_path):
    path = write_corpus(tmp_path / "c", 2)
    with Store.open(db_path) as store:
        load_corpus_cached(path, store)
        key = corpus_key(path)
        stamp, files, _data = store.get_snapshot(key)
        store.put_snapshot(key, stamp, files, b"not a pickle")
        assert [a.id for a in load_corpus_cached(path, store).articles] == ["a0", "a1"]


def test_snapshots_refuse_anything_but_plain_values():
    import pickle

    evil = pickle.dumps((1, "t", "", [], [os.getcwd]))  # a reference to a function
    with pytest.raises(ValueError, match="not a valid snapshot"):
        snapshot_module.decode_corpus(evil, None)


def test_compact_offsets_behave_like_the_list():
    offsets = [0, 1, 2, 5, 6, 7, 8, 20, 21, 30]
    compact = CompactOffsets.from_offsets(offsets)
    assert len(compact) == len(offsets)
    assert list(compact) == offsets
    assert compact == offsets
    assert [compact[i] for i in range(len(offsets))] == offsets
    assert compact[-1] == 30 and compact[2:5] == offsets[2:5]
    with pytest.raises(IndexError):
        compact[len(offsets)]
    long = list(range(3, 400)) + list(range(500, 900))
    assert list(CompactOffsets.from_offsets(long)) == long
    again = CompactOffsets.from_bytes(*compact.to_bytes())
    assert again == compact
