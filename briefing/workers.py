"""Worker processes: what each one does first (no Textual here)."""

from __future__ import annotations

import os
from contextlib import suppress


def quiet_worker() -> None:
    """Point a worker process's standard output and error at the null device.

    Workers inherit the parent's terminal; a stray warning printed by one would be drawn over
    the reader's screen. Results travel back through the pool, never through these streams.
    """
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    for fd in (1, 2):
        with suppress(OSError):
            os.dup2(null, fd)
    os.close(null)
