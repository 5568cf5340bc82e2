"""Atomic, durable file writes: the target is the old file or the new one, never half of one.

Every file briefing writes for the user (exported Markdown, ``corpus.yaml`` and its backup)
goes through :func:`write_temp` and :func:`commit`, in this order:

1. the bytes go to a new temporary file in the target's folder (``.NAME.XXXX.tmp``, so the
   rename below never crosses file systems);
2. the file is flushed and ``fsync``-ed, then given its final permissions;
3. it is renamed over the target (``os.replace``; with ``overwrite=False`` a hard link, which
   fails if the target appeared meanwhile), an atomic step on POSIX file systems;
4. the folder is ``fsync``-ed so the rename itself survives a power cut.

A crash or kill before step 3 leaves the old file and at most a stray temporary file; after
it, the new file. Any error (a full disk, a read-only folder) removes the temporary file and
leaves the target untouched; the :class:`OSError` is passed on for the caller to word.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "commit", "default_mode", "fsync_dir", "write_temp"]


def default_mode() -> int:
    """Permissions of a new file: ``0o666`` less the process umask (as ``open()`` would give)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no /proc: read the umask by setting it (and put it back)
    os.umask(mask)
    return 0o666 & ~mask


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk; a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows, or an unreadable folder: the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_temp(path: Path, data: bytes, mode: int | None = None) -> Path:
    """A new temporary file next to *path* holding *data*, flushed and fsynced (steps 1-2).

    *mode* defaults to :func:`default_mode`. On any error the temporary file is removed.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, default_mode() if mode is None else mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def commit(tmp: Path, path: Path, *, overwrite: bool = True) -> None:
    """Move the temporary file *tmp* to *path* and fsync the folder (steps 3-4).

    With ``overwrite=False`` an existing *path* raises :class:`FileExistsError` (checked
    atomically with a hard link where the file system has them). *tmp* is gone afterwards,
    whether this succeeds or raises.
    """
    path = Path(path)
    try:
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the target appeared meanwhile: no clobbering
            except FileExistsError:
                raise
            except OSError:
                if path.exists() or path.is_symlink():
                    raise FileExistsError(17, "File exists", str(path)) from None
                os.replace(tmp, path)  # no hard links here (e.g. FAT): best effort
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    fsync_dir(path.parent if str(path.parent) else Path("."))


def atomic_write(
    path: str | os.PathLike[str], data: bytes, *, mode: int | None = None, overwrite: bool = True
) -> Path:
    """Replace (or create) *path* with *data* atomically and durably; returns the path.

    Raises :class:`OSError` (nothing changed) or, with ``overwrite=False`` and an existing
    target, :class:`FileExistsError`.
    """
    target = Path(path)
    tmp = write_temp(target, data, mode)
    commit(tmp, target, overwrite=overwrite)
    return target
