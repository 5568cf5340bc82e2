"""Faults of the store (:class:`briefing.store.Store`): kills, two processes, full disks.

* A writer SIGKILLed at random moments, over and over: the database always opens, passes
  SQLite's and FTS5's integrity checks, and holds exactly the transactions committed so far
  (each one whole), including every one the writer had reported as committed.
* Kills inside a schema migration, inside the import of the reader's old state file, and
  during ``cache clear`` (its ``VACUUM``).
* Two processes (and two stores in one process) writing the same file, also indexing the
  same corpus at once: nobody sees "database is locked" or a conflict; each sees the other's
  committed state.
* A full disk (SQLite's ``SQLITE_FULL``) and real write errors from the operating system
  (a file size limit): one line, the session's state kept in memory, nothing committed lost.

Writers run in separate processes: a fresh interpreter (the supervisor) imports briefing
once and forks one writer per kill, so a kill costs no interpreter start. The scenario
(corpus versions, rows written per step) is defined here and imported by those processes.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from briefing.models import Article, Corpus, Story
from briefing.store import PinRecord, Store, content_hash, corpus_key
from briefing.store.schema import MIGRATIONS, SCHEMA_VERSION
from briefing.store.snapshot import decode_corpus, encode_corpus

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
POSIX_ONLY = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork and POSIX signals"
)

# --- the scenario --------------------------------------------------------------------------

KEY = "robust-corpus"
"""The corpus key under which read marks and pins are written."""
COUNTER = "robust.counter"
"""Preference holding the last iteration whose every step committed."""
KIND = "robust"
"""Analysis kind of the rows written by the scenario."""
SNAP_KEY = "robust-snapshot"
STEPS = ("marks", "pin", "analysis", "index", "snapshot", "counter")
MARKS, ROWS, BASE_ARTICLES = 5, 4, 20
PAD = "x" * 3000  # analysis rows of a few KB: transactions span several pages
WORDS = ("harbour", "river", "bridge", "market", "school", "hospital", "railway", "museum")


def article(ident: str, title: str, text: str) -> Article:
    """An article as the loader builds it (offsets included, for snapshots)."""
    return Article(
        id=ident, title=title, text=text, raw_text=text, offsets=list(range(len(text) + 1))
    )


def body(k: int, revision: int) -> str:
    """About 1.5 KB of news-like text, different for each article and revision."""
    word, other = WORDS[k % len(WORDS)], WORDS[(k * 3 + 1) % len(WORDS)]
    sentences = [
        f"Revision {revision} of report {k}: officials approved the new {word} on Monday.",
        f"The {other} budget was cut to pay for it, critics said in a statement.",
        f"Work on the {word} will start in spring and last {k % 5 + 2} years.",
    ]
    return " ".join(sentences * 6)


def version(i: int, folder: Path) -> Corpus:
    """The corpus indexed in iteration ``i``: a quarter of the articles change each time,
    and one article is replaced by another (so indexing adds, updates and drops)."""
    articles = [
        article(f"a{k}", f"Report {k} on the {WORDS[k % len(WORDS)]}", body(k, (i + k) // 4))
        for k in range(BASE_ARTICLES)
    ]
    articles.append(article(f"x{i % 2}", f"Extra story {i}", body(99, i)))
    return Corpus(path=folder / "corpus.yaml", story=Story(f"Version {i}"), articles=articles)


def indexed_state(corpus: Corpus) -> set[tuple[str, str]]:
    """``{(article id, content hash)}``: what the index holds once ``corpus`` is indexed."""
    return {(a.id, content_hash(a)) for a in corpus.articles}


def marks(i: int) -> list[str]:
    return [f"r{i}-{k}" for k in range(MARKS)]


def pin(i: int) -> PinRecord:
    return PinRecord(f"p{i}", i, 0, 7, f"Pin {i}.")


def analysis_rows(i: int) -> list[tuple[str, str, Any]]:
    return [(f"h{i:06d}-{k}", KIND, {"i": i, "k": k, "pad": PAD}) for k in range(ROWS)]


def do_step(store: Store, i: int, step: int, folder: Path) -> None:
    """Step ``step`` of iteration ``i``: one transaction (two for the index: drop, write)."""
    name = STEPS[step]
    if name == "marks":
        store.set_read_many(KEY, marks(i))
    elif name == "pin":
        store.set_pin(KEY, pin(i))
    elif name == "analysis":
        store.put_analysis_many(analysis_rows(i))
    elif name == "index":
        store.index_corpus(version(i, folder))
    elif name == "snapshot":
        store.put_snapshot(SNAP_KEY, f"v{i}", "[]", encode_corpus(version(i, folder)))
    else:
        store.set_pref(COUNTER, str(i))


def run_writer(path: Path, out: int) -> None:
    """Write the scenario forever from where the last committed iteration left off.

    Reports ``"<iteration> <step>"`` on file descriptor ``out`` after each commit, or
    ``"problem <message>"`` (and exits) if the store reports one.
    """
    store = Store.open(path)
    i = int(store.get_pref(COUNTER) or -1) + 1
    while True:
        for step in range(len(STEPS)):
            if store.problem is None:
                do_step(store, i, step, path.parent)
            if store.problem is not None:
                os.write(out, f"problem {store.problem}\n".encode())
                os._exit(3)
            os.write(out, f"{i} {step}\n".encode())
        i += 1


def warm(folder: Path) -> None:
    """Import and compute everything once before forking writers."""
    store = Store.memory()
    do_step(store, 0, STEPS.index("snapshot"), folder)
    store.index_corpus(version(0, folder))
    store.close()


def check_files(store: Store) -> None:
    """SQLite's and FTS5's own integrity checks pass."""
    assert store.problem is None and not store.degraded, store.problem
    db = store._db
    assert db is not None
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    db.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")


def index_rows(store: Store, corpus_path: Path) -> set[tuple[str, str]]:
    """The indexed ``(article, hash)`` pairs of one corpus, each checked against its text."""
    db = store._db
    assert db is not None
    rows = db.execute(
        "SELECT d.article, d.hash, f.title, f.body FROM search_docs AS d"
        " LEFT JOIN search_fts AS f ON f.rowid = d.id WHERE d.corpus = ?",
        (corpus_key(corpus_path),),
    ).fetchall()
    docs = db.execute("SELECT count(*) FROM search_docs").fetchone()[0]
    texts = db.execute("SELECT count(*) FROM search_fts").fetchone()[0]
    assert docs == texts, "documents and indexed texts out of step"
    for ident, digest, title, text in rows:
        assert title is not None, f"{ident}: indexed without its text"
        assert content_hash(article(ident, title, text)) == digest, f"{ident}: text and hash differ"
    return {(ident, digest) for ident, digest, _t, _b in rows}


def committed_position(path: Path) -> int:
    """Check the scenario's state after a kill; returns the steps committed so far.

    Iterations ``0..c`` (``c`` the counter) must be complete; of iteration ``c + 1`` a
    prefix of its steps may be there, nothing else; every transaction whole.
    """
    folder = path.parent
    with Store.open(path) as store:
        check_files(store)
        c = int(store.get_pref(COUNTER) or -1)
        n = c + 1
        done = set(range(n))

        mark_counts = Counter(int(m[1:].split("-")[0]) for m in store.read_ids(KEY))
        assert set(mark_counts.values()) <= {MARKS}, f"torn read marks: {mark_counts}"
        assert set(mark_counts) - {n} == done, "read marks lost or from the future"

        pins = {p.index: p for p in store.pins(KEY)}
        assert set(pins) - {n} == done, "pins lost or from the future"
        assert all(p == pin(i) for i, p in pins.items())

        db = store._db
        assert db is not None
        rows = db.execute("SELECT hash, data FROM analysis WHERE kind = ?", (KIND,)).fetchall()
        by_iteration: dict[int, list[Any]] = {}
        for digest, data in rows:
            value = json.loads(data)
            assert digest == f"h{value['i']:06d}-{value['k']}" and value["pad"] == PAD
            by_iteration.setdefault(value["i"], []).append(value)
        assert {len(v) for v in by_iteration.values()} <= {ROWS}, "torn analysis batch"
        assert set(by_iteration) - {n} == done, "analysis rows lost or from the future"

        index = index_rows(store, folder / "corpus.yaml")
        before = indexed_state(version(c, folder)) if c >= 0 else set()
        after = indexed_state(version(n, folder))
        ids = {ident for ident, _h in after}
        dropped = {(ident, h) for ident, h in before if ident in ids}
        if index == after:
            index_flags = [True, True]
        elif index == dropped and dropped != before:  # old articles dropped, new not written
            index_flags = [True, False]
        else:
            assert index == before, "the index is neither the old nor the new corpus"
            index_flags = [False, False]

        saved = store.get_snapshot(SNAP_KEY)
        if saved is None:
            assert c < 0, "snapshot lost"
            snap_flag = False
        else:
            stamp, _files, data = saved
            j = int(stamp[1:])
            assert j in (c, n), f"snapshot of iteration {j} with counter {c}"
            got = decode_corpus(data, None)
            want = version(j, folder)
            assert [(a.id, a.title, a.text) for a in got.articles] == [
                (a.id, a.title, a.text) for a in want.articles
            ]
            snap_flag = j == n

    flags = [n in mark_counts, n in pins, n in by_iteration, *index_flags, snap_flag]
    lead = flags.index(False) if False in flags else len(flags)
    assert not any(flags[lead:]), f"iteration {n} committed out of order: {flags}"
    steps = lead - (lead >= 4)  # the index step is whole once both of its flags are set
    return n * len(STEPS) + steps


SUPERVISOR = """
import os, random, signal, sys, time
from pathlib import Path

sys.path.insert(0, sys.argv[1])
import test_store_robust as scenario

path, rng = Path(sys.argv[2]), random.Random(int(sys.argv[3]))
scenario.warm(path.parent)
for line in sys.stdin:
    window = float(line)
    wait_for = rng.choice((0, 0, 1, 3, 7))  # some kills right at the start (while opening)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            scenario.run_writer(path, write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    reports = os.fdopen(read_end, "rb")
    lines = []
    while len(lines) < wait_for and (report := reports.readline()):
        lines.append(report)
    time.sleep(rng.uniform(0.0, window))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    lines += reports.read().splitlines()
    reports.close()
    last = lines[-1].decode().strip() if lines else "none"
    print(f"{len(lines)} {wait_for} {last}", flush=True)
"""

KILLS = 30
WINDOW = 0.25


@POSIX_ONLY
def test_a_writer_killed_at_random_moments_leaves_every_committed_transaction(tmp_path):
    """SIGKILL a writer of read marks, pins, analysis rows, the search index and snapshots
    30 times at random moments (some while it opens the database; its WAL is checkpointed
    every few dozen iterations): each time the database opens without a problem, passes the
    integrity checks and holds exactly a prefix of the writer's transactions, each whole,
    including every transaction the writer had reported as committed."""
    path = tmp_path / "briefing.sqlite3"
    supervisor = subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR, str(TESTS), str(path), "20240507"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert supervisor.stdin is not None and supervisor.stdout is not None
    reported, waited = 0, 0
    try:
        for number in range(KILLS):
            window = WINDOW if number % 5 else 0.01  # some kills while the writer opens
            supervisor.stdin.write(f"{window}\n")
            supervisor.stdin.flush()
            line = supervisor.stdout.readline()
            assert line, supervisor.stderr.read() if supervisor.stderr else "no output"
            count, wait_for, last = line.split(" ", 2)
            last = last.strip()
            assert not last.startswith("problem"), last
            waited += min(int(wait_for), int(count))
            if last != "none":
                i, step = map(int, last.split())
                reported = max(reported, i * len(STEPS) + step + 1)
            position = committed_position(path)
            assert position >= reported, "a transaction reported as committed was lost"
        supervisor.stdin.close()
        assert supervisor.wait(30) == 0
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
    assert waited > 0  # the writers did commit, across many kills


# --- kills inside a migration, the legacy import and cache clear ------------------------------


class Pausing:
    """A connection that stops the process (prints ``paused``, sleeps) before one statement.

    Counting starts at the first statement containing ``trigger``; the process stops just
    before statement number ``at`` from there (0 = the trigger itself).
    """

    def __init__(self, db: sqlite3.Connection, trigger: str, at: int) -> None:
        self.db, self.trigger, self.at, self.seen = db, trigger, at, -1

    def _tick(self, sql: str) -> None:
        if self.seen < 0 and self.trigger not in sql:
            return
        self.seen += 1
        if self.seen == self.at:
            print("paused", flush=True)
            time.sleep(60)

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._tick(sql)
        return self.db.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._tick(sql)
        return self.db.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)


def pause_open(path: str, function: str, trigger: str, at: int) -> None:
    """``Store.open(path)`` with ``briefing.store.db.<function>`` run on a :class:`Pausing`."""
    import briefing.store.db as db_module

    real = getattr(db_module, function)
    setattr(db_module, function, lambda db, *args: real(Pausing(db, trigger, at), *args))
    Store.open(path).close()
    print("finished", flush=True)


PAUSE_OPEN = """
import sys
sys.path.insert(0, sys.argv[1])
import test_store_robust as scenario
scenario.pause_open(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
"""


def _kill_when_paused(path: Path, function: str, trigger: str, at: int) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSE_OPEN, str(TESTS), str(path), function, trigger, str(at)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "paused"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def _state_file(path: Path, version: int) -> None:
    """A database at schema ``version`` in WAL mode with a little user state in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    for script in MIGRATIONS[:version]:
        db.executescript(script)
    db.execute(f"PRAGMA user_version = {version}")
    db.execute("INSERT INTO read_state VALUES ('c', 'a', '2024-01-01T00:00:00+00:00')")
    db.execute("INSERT INTO read_state VALUES ('c', 'b', '2024-01-01T00:00:00+00:00')")
    db.execute("INSERT INTO corpus_state VALUES ('c', 'b', '2024-01-01T00:00:00+00:00')")
    db.execute("INSERT INTO prefs VALUES ('theme', 'dark')")
    if version >= 2:
        db.execute("INSERT INTO pins VALUES ('c', 'a', 1, 4, 9, 'Yes.', '2024-01-01')")
    db.close()


def _user_state(store: Store) -> tuple:
    return (
        store.read_ids("c"),
        store.last_article("c"),
        store.get_pref("theme"),
        store.pins("c"),
    )


USER_STATE = ({"a", "b"}, "b", "dark", [PinRecord("a", 1, 4, 9, "Yes.")])

MIGRATION_3_STATEMENTS = 7  # 5 statements of the script, user_version, COMMIT


@POSIX_ONLY
@pytest.mark.parametrize("at", range(MIGRATION_3_STATEMENTS))
def test_a_migration_killed_midway_leaves_the_old_schema_and_state(tmp_path, at):
    """The migration from schema 2 to 3 is one transaction: killed before any of its
    statements (or before its COMMIT), the file is still a whole version 2 database with all
    of the user's state, and the next open migrates it."""
    path = tmp_path / "briefing.sqlite3"
    _state_file(path, 2)
    _kill_when_paused(path, "migrate", "CREATE TABLE analysis", at)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 2
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert "analysis" not in tables and "search_fts" not in tables
    raw.close()
    with Store.open(path) as store:
        check_files(store)
        assert store.schema_version() == SCHEMA_VERSION
        assert _user_state(store) == USER_STATE
        corpus = version(0, tmp_path)
        store.index_corpus(corpus)
        assert store.search(corpus_key(corpus.path), "hospital")


@POSIX_ONLY
@pytest.mark.parametrize(
    "trigger", ["BEGIN IMMEDIATE", "COMMIT"], ids=["before-import", "before-commit"]
)
def test_a_first_open_killed_while_importing_the_old_state_file_imports_next_time(
    tmp_path, trigger
):
    """The reader's old ``state.sqlite3`` is imported in one transaction, into a store that
    holds no user state yet: killed after the new file was created but before the import
    committed, the next open imports it (before, the import was skipped for good)."""
    path = tmp_path / "briefing.sqlite3"
    legacy = tmp_path / "state.sqlite3"
    _state_file(legacy, 2)
    _kill_when_paused(path, "import_legacy_state", trigger, 0)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION  # created
    assert raw.execute("SELECT count(*) FROM read_state").fetchone()[0] == 0  # not imported
    raw.close()
    with Store.open(path) as store:
        check_files(store)
        assert _user_state(store) == USER_STATE
        store.set_read("c", "b", False)
    with Store.open(path) as store:  # imported once: an unmarked article stays unmarked
        assert store.read_ids("c") == {"a"}


CLEARER = """
import os, random, signal, sys, time
from pathlib import Path

sys.path.insert(0, sys.argv[1])
import test_store_robust as scenario

path, rng, rounds = Path(sys.argv[2]), random.Random(int(sys.argv[3])), int(sys.argv[4])
scenario.warm(path.parent)
window = None
for number in range(rounds):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            scenario.fill_and_clear(path, write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    reports = os.fdopen(read_end, "rb")
    seen = [reports.readline().strip()]
    started = time.perf_counter()
    if window is None:  # the first round runs to the end: it measures how long clearing takes
        seen += reports.read().split()
        os.waitpid(pid, 0)
        window = 1.5 * (time.perf_counter() - started)
    else:
        time.sleep(rng.uniform(0.0, window))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        seen += reports.read().split()
    reports.close()
    print(" ".join(s.decode() for s in seen) or "none", flush=True)
    sys.stdin.readline()  # the test has checked the file
"""

FILL_ROWS = 400  # about 1.6 MB of analysis rows


def fill_and_clear(path: Path, out: int) -> None:
    """Fill the analysis cache and the index, report ``filled``, clear, report ``cleared``."""
    store = Store.open(path)
    store.put_analysis_many(
        [(f"f{k:05d}", KIND, {"k": k, "pad": PAD + str(k)}) for k in range(FILL_ROWS)]
    )
    store.index_corpus(version(1, path.parent))
    if store.problem is not None:
        os.write(out, f"problem:{store.problem}\n".encode())
        os._exit(3)
    os.write(out, b"filled\n")
    cleared = store.clear_cache()
    os.write(out, b"cleared\n" if cleared else b"failed\n")
    store.close()
    os._exit(0)


@POSIX_ONLY
def test_cache_clear_killed_midway_keeps_the_users_state(tmp_path):
    """``cache clear`` (one DELETE transaction, then VACUUM and a WAL checkpoint) SIGKILLed
    at random moments: the file stays sound, the user's state is untouched, and the cache is
    either all there or all gone."""
    path = tmp_path / "briefing.sqlite3"
    _state_file(path, SCHEMA_VERSION)
    rounds = 10
    clearer = subprocess.Popen(
        [sys.executable, "-c", CLEARER, str(TESTS), str(path), "7", str(rounds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert clearer.stdin is not None and clearer.stdout is not None
    try:
        for _ in range(rounds):
            line = clearer.stdout.readline()
            assert line, clearer.stderr.read() if clearer.stderr else "no output"
            seen = line.split()
            assert seen[0] == "filled", line
            with Store.open(path) as store:
                check_files(store)
                assert _user_state(store) == USER_STATE
                counts = store.info().counts
                cached = (counts["analysis_rows"], counts["indexed_articles"])
                assert cached in ((FILL_ROWS, BASE_ARTICLES + 1), (0, 0)), cached
                if "cleared" in seen:
                    assert cached == (0, 0)
            clearer.stdin.write("\n")
            clearer.stdin.flush()
        clearer.stdin.close()
        assert clearer.wait(30) == 0
    finally:
        if clearer.poll() is None:
            clearer.kill()
            clearer.wait()


# --- two processes, two stores -------------------------------------------------------------

PEER = """
import json, sys, time
from pathlib import Path

sys.path.insert(0, sys.argv[1])
import test_store_robust as scenario

print(json.dumps(scenario.peer(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))), flush=True)
"""


def peer(role: str, path: Path, rounds: int) -> dict[str, Any]:
    """One of two processes sharing ``path``; see the test below. Returns what it saw."""
    me, other = ("a", "b") if role == "a" else ("b", "a")
    problems: list[str] = []
    store = Store.open(path, on_problem=problems.append)
    folder = path.parent
    key = corpus_key(folder / "corpus.yaml")
    seen, written = -1, -1
    errors: list[str] = []

    def look() -> int:
        """The other's counter: never going back; its read marks all there."""
        nonlocal seen
        value = int(store.get_pref(f"{other}.count") or -1)
        if value < seen:
            errors.append(f"{other}.count went back from {seen} to {value}")
        marked = store.read_ids(KEY)
        missing = [j for j in range(value + 1) if f"{other}{j}" not in marked]
        if missing:
            errors.append(f"{other}.count is {value} but marks {missing[:3]} are missing")
        seen = max(seen, value)
        return value

    def write(n: int) -> None:
        nonlocal written
        store.set_read(KEY, f"{me}{n}")
        store.set_pref(f"{me}.count", str(n))
        written = n

    if role == "a":  # writes continuously
        for n in range(rounds):
            write(n)
            store.put_analysis_many([(f"{me}{n}", KIND, {"n": n, "pad": PAD})])
            store.index_corpus(version(n % 6, folder))
            look()
    else:  # reads and writes now and then
        n = 0
        while look() < rounds - 1 or n < 5:
            write(n)
            n += 1
            if n % 5 == 0:
                store.index_corpus(version(n % 7, folder))
                if not store.search(key, "budget critics"):
                    errors.append("search found nothing")
            time.sleep(0.005)
    store.set_pref(f"{me}.done", str(written))
    while store.get_pref(f"{other}.done") is None:  # until the other has finished too
        time.sleep(0.01)
    final = look()
    store.close()
    return {"problems": problems, "errors": errors, "written": written, "final": final}


@POSIX_ONLY
def test_two_processes_share_the_store_without_locked_errors(tmp_path):
    """Two processes open the same new database at once (both create and migrate it); one
    writes read marks, analysis rows and the index of a corpus continuously, the other
    reads, writes and re-indexes the same corpus (other versions of it) now and then.
    Neither reports a problem ("database is locked", a conflict); each sees every change the
    other committed, in order; the index stays consistent."""
    path = tmp_path / "briefing.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    rounds = 200
    peers = [
        subprocess.Popen(
            [sys.executable, "-c", PEER, str(TESTS), role, str(path), str(rounds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for role in ("a", "b")
    ]
    results = []
    try:
        for process in peers:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            results.append(json.loads(out))
    finally:
        for process in peers:
            if process.poll() is None:
                process.kill()
                process.wait()
    a, b = results
    assert a["problems"] == [] and b["problems"] == []
    assert a["errors"] == [] and b["errors"] == []
    assert a["written"] == rounds - 1 and b["written"] >= 0
    assert b["final"] == a["written"] and a["final"] == b["written"]  # each saw all of the other
    with Store.open(path) as store:
        check_files(store)
        index_rows(store, tmp_path / "corpus.yaml")
        corpus = version(3, tmp_path)
        store.index_corpus(corpus)
        assert index_rows(store, tmp_path / "corpus.yaml") == indexed_state(corpus)


def create_at_once(folder: Path, rounds: int, processes: int) -> list[str]:
    """``processes`` forked processes open one new database at the same moment, ``rounds``
    times; returns every problem reported and every read mark missing afterwards."""
    problems = []
    for number in range(rounds):
        path = folder / f"round{number}" / "briefing.sqlite3"
        start_read, start_write = os.pipe()
        report_read, report_write = os.pipe()
        pids = []
        for k in range(processes):
            pid = os.fork()
            if pid == 0:
                os.close(start_write)
                os.read(start_read, 1)  # returns for all of them when the pipe closes
                store = Store.open(path)
                store.set_read(KEY, f"p{k}")
                os.write(report_write, f"{store.problem or ''}\n".encode())
                store.close()
                os._exit(0)
            pids.append(pid)
        os.close(start_read)
        os.close(report_write)
        os.close(start_write)  # go
        for pid in pids:
            os.waitpid(pid, 0)
        with os.fdopen(report_read) as reports:
            problems += [line.strip() for line in reports if line.strip()]
        with Store.open(path) as store:
            missing = {f"p{k}" for k in range(processes)} - store.read_ids(KEY)
            problems += [f"round {number}: mark {mark} lost" for mark in sorted(missing)]
    return problems


CREATORS = """
import json, sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
import test_store_robust as scenario

print(json.dumps(scenario.create_at_once(Path(sys.argv[2]), int(sys.argv[3]), 4)))
"""


@POSIX_ONLY
def test_processes_creating_the_database_at_once_all_use_the_file(tmp_path):
    """Four processes open one new database at the same moment, 40 times over. Switching a
    new file to WAL does not wait for the busy timeout, so before the fix about one process
    in thirty to fifty fell back to memory ("is locked by another program") and its read mark was
    lost; the store now retries for up to the busy timeout."""
    done = subprocess.run(
        [sys.executable, "-c", CREATORS, str(TESTS), str(tmp_path), "40"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_two_stores_in_one_process_share_one_file(tmp_path):
    """Two Store instances on one file, used from two threads at once: no problem, and each
    sees the other's writes."""
    path = tmp_path / "briefing.sqlite3"
    problems: list[str] = []
    one = Store.open(path, on_problem=problems.append)
    two = Store.open(path, on_problem=problems.append)
    corpus = version(0, tmp_path)
    errors: list[BaseException] = []

    def work(store: Store, name: str) -> None:
        try:
            for n in range(40):
                store.set_read(KEY, f"{name}{n}")
                store.put_analysis_many([(f"{name}{n}", KIND, {"n": n})])
                if n % 10 == 0:
                    store.index_corpus(version(n // 10, tmp_path))
                store.set_pin(KEY, PinRecord(name, n, 0, 1, "x"))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(s, n)) for s, n in ((one, "x"), (two, "y"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and problems == []
    expected = {f"{name}{n}" for name in "xy" for n in range(40)}
    assert one.read_ids(KEY) == two.read_ids(KEY) == expected
    assert len(one.pins(KEY)) == len(two.pins(KEY)) == 80
    one.index_corpus(corpus)
    assert index_rows(two, corpus.path) == indexed_state(corpus)
    two.close()
    check_files(one)
    one.close()


def test_two_stores_indexing_the_same_corpus_at_once_do_not_conflict(tmp_path):
    """Two stores list a corpus's indexed rows, then both write them: the later writer finds
    them already there. (Before, it inserted them again, hit the UNIQUE constraint and the
    whole session fell back to memory.)"""
    path = tmp_path / "briefing.sqlite3"
    problems: list[str] = []
    one = Store.open(path, on_problem=problems.append)
    two = Store.open(path, on_problem=problems.append)
    old, new = version(0, tmp_path), version(1, tmp_path)
    one.index_corpus(old)

    def meanwhile() -> bool:  # called after `one` listed the rows, before it writes
        two.index_corpus(new)
        return False

    report = one.index_corpus(new, cancelled=meanwhile)
    assert problems == [] and not one.degraded and not report.failed
    assert index_rows(one, new.path) == indexed_state(new)
    check_files(one)
    one.close()
    two.close()


# --- a full disk, write errors, refused values ----------------------------------------------


def _fill_user_state(store: Store, corpus: Corpus) -> None:
    store.set_read(KEY, "before")
    store.set_pin(KEY, pin(1))
    store.set_pref("theme", "dark")
    store.set_last_article(KEY, "a1")
    store.put_analysis_many(analysis_rows(0))
    store.index_corpus(corpus)


def _big_write(store: Store, what: str, folder: Path) -> None:
    if what == "analysis":
        rows = [(f"big{k}", KIND, {"pad": PAD * 10}) for k in range(40)]
        assert store.put_analysis_many(rows) == 40  # kept in memory
    elif what == "index":
        big = version(0, folder)  # the same corpus with 60 more articles
        big.articles += [article(f"n{k}", f"New {k}", body(k, 50 + k)) for k in range(60)]
        report = store.index_corpus(big)
        assert not report.failed
        assert store.indexed_count(corpus_key(big.path)) == len(big.articles)
    elif what == "read-marks":
        store.set_read_many(KEY, [f"many{k:05d}" + "-" * 80 for k in range(4000)])
        assert len(store.read_ids(KEY)) > 4000
    else:
        store.put_snapshot(SNAP_KEY, "v1", "[]", os.urandom(400_000))
        assert store.get_snapshot(SNAP_KEY) is not None


@pytest.mark.parametrize("what", ["analysis", "index", "read-marks", "snapshot"])
def test_a_full_disk_while_writing_keeps_the_session_and_loses_nothing(tmp_path, what):
    """The database cannot grow (``PRAGMA max_page_count`` makes SQLite fail exactly as on a
    full disk: ``SQLITE_FULL``). The write goes on in memory; one line says so; read marks,
    pins and preferences set before and after stay visible; nothing escapes as an exception;
    everything committed before is still in the file, which passes its integrity checks."""
    path = tmp_path / "briefing.sqlite3"
    messages: list[str] = []
    store = Store.open(path, on_problem=messages.append)
    corpus = version(0, tmp_path)
    _fill_user_state(store, corpus)
    assert store._db is not None
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full

    _big_write(store, what, tmp_path)
    assert store.degraded
    assert len(messages) == 1 and messages[0] == store.problem
    assert "\n" not in messages[0]
    assert messages[0] == (
        f"{path} cannot be written: the disk is full; "
        "read marks and the cache are kept for this session only"
    )
    store.set_read(KEY, "after")
    store.set_pin(KEY, pin(2))
    assert {"before", "after"} <= store.read_ids(KEY)
    assert store.pins(KEY) == [pin(1), pin(2)]
    assert store.get_pref("theme") == "dark" and store.last_article(KEY) == "a1"
    store.index_corpus(corpus)  # the index is rebuilt in memory on demand
    assert store.search(corpus_key(corpus.path), "hospital")
    assert store.info().degraded
    assert len(messages) == 1
    store.close()

    with Store.open(path) as again:
        check_files(again)
        assert again.read_ids(KEY) == {"before"}
        assert again.pins(KEY) == [pin(1)] and again.get_pref("theme") == "dark"
        assert again.get_analysis_many([h for h, _k, _v in analysis_rows(0)], KIND)
        assert index_rows(again, corpus.path) == indexed_state(corpus)


FILE_LIMIT = """
import json, os, resource, signal, sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
import test_store_robust as scenario

print(json.dumps(scenario.under_a_file_size_limit(Path(sys.argv[2]), sys.argv[3])))
"""


def under_a_file_size_limit(path: Path, when: str) -> dict[str, Any]:
    """Open (or write) the store with files unable to grow beyond their current size."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)

    def limit() -> None:
        files = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]
        size = max([f.stat().st_size for f in files if f.exists()] + [32768]) + 4096
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    messages: list[str] = []
    if when == "open":
        limit()
        store = Store.open(path, on_problem=messages.append)
    else:
        store = Store.open(path, on_problem=messages.append)
        limit()
        _big_write(store, "analysis", path.parent)
    store.set_read("c", "after")
    out = {
        "messages": messages,
        "degraded": store.degraded,
        "state": [sorted(store.read_ids("c")), store.get_pref("theme")],
        "analysis": len(store.get_analysis_many([f"big{k}" for k in range(40)], KIND)),
    }
    store.close()
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX resource limits")
@pytest.mark.parametrize("when", ["open", "write"])
def test_real_write_errors_keep_the_session_and_lose_nothing(tmp_path, when):
    """Writes that really fail in the operating system (a file size limit: short writes and
    EFBIG) while migrating a version 2 file at open, or while writing analysis results:
    one line, the user's state in memory, the file sound with all it held."""
    path = tmp_path / "briefing.sqlite3"
    _state_file(path, 2 if when == "open" else SCHEMA_VERSION)
    done = subprocess.run(
        [sys.executable, "-c", FILE_LIMIT, str(TESTS), str(path), when],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["degraded"]
    assert len(result["messages"]) == 1 and "\n" not in result["messages"][0]
    assert result["messages"][0].startswith(f"{path} cannot be written")
    assert result["messages"][0].endswith("kept for this session only")
    assert result["state"] == [["a", "after", "b"], "dark"]
    assert result["analysis"] == (40 if when == "write" else 0)
    with Store.open(path) as store:
        check_files(store)
        assert _user_state(store) == USER_STATE


def test_a_refused_change_is_skipped_without_losing_the_session(tmp_path):
    """A constraint the database enforces (here a trigger), an integer SQLite cannot hold and
    a string it cannot encode: that one change is skipped with one line each; the store stays
    on its file and keeps working."""
    path = tmp_path / "briefing.sqlite3"
    messages: list[str] = []
    store = Store.open(path, on_problem=messages.append)
    assert store._db is not None
    store._db.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON prefs WHEN NEW.key = 'bad'"
        " BEGIN SELECT RAISE(ABORT, 'refused by a constraint'); END"
    )
    store.set_read(KEY, "kept")
    store.set_pref("bad", "x")
    store.set_pin(KEY, PinRecord("a", 2**70, 0, 1, "x"))
    store.set_read(KEY, "lone \ud800 surrogate")
    assert not store.degraded
    assert len(messages) == 3 and all("a change was not saved" in m for m in messages)
    assert all("\n" not in m and m.startswith(f"{path}: ") for m in messages)
    store.set_read(KEY, "after")
    store.set_pref("good", "y")
    assert store.read_ids(KEY) == {"kept", "after"}
    assert store.get_pref("bad") is None and store.get_pref("good") == "y"
    assert store.pins(KEY) == []
    store.close()
    with Store.open(path) as again:
        assert again.read_ids(KEY) == {"kept", "after"}
