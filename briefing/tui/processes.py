"""Worker processes from inside a running Textual app.

While a Textual app runs, ``sys.stderr`` is Textual's print capture, whose ``fileno()`` is -1.
Python's multiprocessing starts its resource tracker together with the first worker process
and hands it the descriptor of ``sys.stderr``; with -1 that fails ("bad value(s) in
fds_to_keep") and no worker process can start. :func:`prepare_worker_processes` starts the
tracker once with the real standard error. :func:`run_at_low_priority` runs the batch analysis
(and so its worker processes) at a lower CPU priority than the UI.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any, TypeVar

_T = TypeVar("_T")


def _valid_fileno(stream: object) -> bool:
    try:
        return int(stream.fileno()) >= 0  # type: ignore[attr-defined]
    except Exception:
        return False


def prepare_worker_processes() -> bool:
    """Make sure worker processes can be started from this process; ``False`` if they cannot.

    Call it on the UI thread (it swaps ``sys.stderr`` for a moment); cheap after the first call.
    """
    from multiprocessing import resource_tracker

    tracker = resource_tracker._resource_tracker
    if getattr(tracker, "_fd", None) is not None:
        return True
    saved = sys.stderr
    real = sys.__stderr__
    try:
        if not _valid_fileno(saved) and real is not None and _valid_fileno(real):
            sys.stderr = real
        resource_tracker.ensure_running()
        return True
    except Exception:
        return False
    finally:
        with suppress(Exception):
            sys.stderr = saved


BACKGROUND_NICE = 10
"""How much lower the batch analysis (and the worker processes it starts) runs than the UI."""


def run_at_low_priority(work: Callable[[], _T]) -> _T:
    """Run ``work`` in a new thread of lower CPU priority and return its result (or raise).

    On Linux the nice value is per thread and worker processes inherit it from the thread
    that starts them, so the batch analysis uses every core while the reader's own process
    keeps the CPU whenever it needs it. Elsewhere ``work`` runs as it is (there, lowering
    the priority would slow the whole process, the UI included).
    """
    if not sys.platform.startswith("linux"):
        return work()
    outcome: list[Any] = []

    def run() -> None:
        with suppress(OSError):
            os.nice(BACKGROUND_NICE)
        try:
            outcome.append((True, work()))
        except BaseException as error:  # handed to the caller
            outcome.append((False, error))

    thread = threading.Thread(target=run, name="briefing-batch-analysis", daemon=True)
    thread.start()
    thread.join()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value
