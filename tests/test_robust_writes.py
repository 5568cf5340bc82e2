"""Faults while writing: kills, full disks, read-only folders, races.

Both writers (the Markdown export and the corpus append) go through :mod:`briefing.atomic`:
write a temporary file, flush, fsync, rename over the target, fsync the folder. A process
killed at any point leaves the complete old file or the complete new one; an error leaves the
old file untouched and no temporary file behind.
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from briefing import atomic
from briefing.add.append import AppendError, backup_path, replace_corpus
from briefing.corpus import load_corpus
from briefing.errors import BriefingError
from briefing.export import ExportExistsError, write_markdown

REPO = Path(__file__).resolve().parent.parent
SIZE = 4 * 1024 * 1024  # large enough that a kill often lands in the middle of a write
KILLS = 40

# A fresh interpreter imports briefing once, then forks a writer that replaces the target in
# a loop, SIGKILLs it after a random delay, checks the target and starts again: many kills
# at random points of the write protocol, without paying an interpreter start for each.
SUPERVISOR = """
    import os, random, signal, sys, time
    from pathlib import Path

    kind, target, kills, window = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    versions = [Path(p).read_bytes() for p in sys.argv[5:]]
    if kind == "export":
        from briefing.export import write_markdown

        def write(i):
            write_markdown(target, versions[i % 2].decode(), overwrite=True)
    else:
        from briefing.add.append import replace_corpus
        from briefing.corpus import load_corpus

        load_corpus(target)  # warm the imports before forking

        def write(i):
            old = target.read_bytes()
            replace_corpus(target, old, versions[1] if old == versions[0] else versions[0])

    rng = random.Random(20240506)
    changes, last = 0, target.read_bytes()
    for _ in range(kills):
        pid = os.fork()
        if pid == 0:
            try:
                i = 0
                while True:
                    write(i)
                    i += 1
            finally:
                os._exit(1)
        time.sleep(rng.uniform(0.0, window))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        data = target.read_bytes()
        if data not in versions:
            print(f"torn file: {len(data):,} bytes")
            sys.exit(1)
        changes += data != last
        last = data
    print(f"ok {changes}")
"""


def _kill_repeatedly(kind: str, target: Path, versions: list[bytes], window: float) -> int:
    """SIGKILL a writer :data:`KILLS` times; the target must always be a whole version."""
    files = []
    for k, data in enumerate(versions):
        file = target.parent / f"version-{k}.bin"
        file.write_bytes(data)
        files.append(str(file))
    target.write_bytes(versions[0])
    script = textwrap.dedent(SUPERVISOR)
    args = [kind, str(target), str(KILLS), str(window), *files]
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0 and done.stdout.startswith("ok "), done.stdout + done.stderr
    return int(done.stdout.split()[1])


def _corpus_versions(size: int) -> list[bytes]:
    body = "The talks in Geneva went well, the minister said. " * (size // 50)
    return [
        f"articles:\n  - id: a\n    title: Version {v}\n    text: {body}\n".encode()
        for v in ("one", "two")
    ]


def _temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(".") and p.suffix == ".tmp")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_killed_export_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    target = tmp_path / "briefing.md"
    versions = [((c * 1023 + "\n") * (SIZE // 1024)).encode() for c in "AB"]
    assert _kill_repeatedly("export", target, versions, window=0.08) > 0  # it did replace
    # A kill between "temporary file created" and "renamed" can leave a stray temporary
    # file (never the target); it is named .briefing.md.XXXX.tmp and can be deleted.
    assert all(p.name.startswith(".briefing.md.") for p in _temp_files(tmp_path))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_killed_corpus_append_leaves_the_old_or_the_new_corpus(tmp_path: Path) -> None:
    target = tmp_path / "corpus.yaml"
    versions = _corpus_versions(64 * 1024)
    assert _kill_repeatedly("corpus", target, versions, window=0.15) > 0
    assert load_corpus(target).articles[0].title in ("Version one", "Version two")
    assert backup_path(target).read_bytes() in versions  # the backup is whole too


# --- errors: full disk, read-only folder ----------------------------------------------------


class _FullDisk:
    """A file object whose write stores half the data and then fails like a full disk."""

    def __init__(self, handle) -> None:
        self._handle = handle

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        self._handle.flush()

    def fileno(self) -> int:
        return self._handle.fileno()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real_fdopen(fd, *a, **k)))


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating files fails as on a read-only file system (works as root, unlike chmod)."""

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


@pytest.mark.parametrize("fault", ["full_disk", "read_only"])
def test_export_errors_are_clear_and_lose_nothing(
    tmp_path: Path, fault: str, request: pytest.FixtureRequest
) -> None:
    target = tmp_path / "briefing.md"
    target.write_text("the previous briefing\n")
    request.getfixturevalue(fault)
    expected = "No space left on device" if fault == "full_disk" else "Read-only file system"
    with pytest.raises(
        BriefingError, match=f"^{re.escape(str(target))}: cannot write: {expected}$"
    ):
        write_markdown(target, "new\n" * 1000, overwrite=True)
    with pytest.raises(BriefingError, match=expected):
        write_markdown(tmp_path / "other.md", "new\n", overwrite=False)
    assert target.read_text() == "the previous briefing\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.md"]


@pytest.mark.parametrize("fault", ["full_disk", "read_only"])
def test_corpus_write_errors_are_clear_and_lose_nothing(
    tmp_path: Path, fault: str, request: pytest.FixtureRequest
) -> None:
    old, new = _corpus_versions(2000)
    target = tmp_path / "corpus.yaml"
    target.write_bytes(old)
    request.getfixturevalue(fault)
    with pytest.raises(
        AppendError, match=r"cannot write next to .*corpus.yaml: (No space|Read-only)"
    ):
        replace_corpus(target, old, new)
    assert target.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.yaml"]


def test_a_full_disk_while_writing_the_backup_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = _corpus_versions(2000)
    target = tmp_path / "corpus.yaml"
    target.write_bytes(old)
    real_write_temp = atomic.write_temp

    def failing_backup(path: Path, data: bytes, mode: int | None = None) -> Path:
        if path.name.endswith(".bak"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write_temp(path, data, mode)

    monkeypatch.setattr(atomic, "write_temp", failing_backup)
    with pytest.raises(AppendError, match=r"cannot write the backup .*No space left on device"):
        replace_corpus(target, old, new)
    assert target.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.yaml"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_real_read_only_folder(tmp_path: Path) -> None:
    target = tmp_path / "briefing.md"
    target.write_text("old\n")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(BriefingError, match="cannot write: Permission denied"):
            write_markdown(target, "new\n", overwrite=True)
        assert target.read_text() == "old\n"
    finally:
        tmp_path.chmod(0o755)


# --- the protocol: fsync before rename, folder fsync after ----------------------------------


def test_writes_fsync_the_file_then_rename_then_fsync_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append(("rename", f"{Path(src).name} -> {Path(dst).name}"))
        real_replace(src, dst)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to name open files")
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    target = tmp_path / "briefing.md"
    target.write_text("old\n")
    write_markdown(target, "new\n", overwrite=True)
    assert [kind for kind, _ in events] == ["fsync", "rename", "fsync"]
    temp = Path(events[0][1]).name
    assert temp.startswith(".briefing.md.") and temp.endswith(".tmp")
    assert events[1][1] == f"{temp} -> briefing.md"
    assert events[2][1] == str(tmp_path.resolve())
    assert target.read_text() == "new\n"


def test_no_clobber_holds_against_a_file_that_appears_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "briefing.md"
    temp = atomic.write_temp(target, b"mine\n")
    target.write_text("someone else's\n")  # appeared after the caller checked
    with pytest.raises(FileExistsError):
        atomic.commit(temp, target, overwrite=False)
    assert target.read_text() == "someone else's\n"
    assert not temp.exists()


def test_export_refuses_to_replace_without_overwrite_and_keeps_permissions(
    tmp_path: Path,
) -> None:
    target = tmp_path / "briefing.md"
    write_markdown(target, "one\n", overwrite=False)
    with pytest.raises(ExportExistsError):
        write_markdown(target, "two\n", overwrite=False)
    assert target.read_text() == "one\n"
    assert target.stat().st_mode & 0o777 == atomic.default_mode()
