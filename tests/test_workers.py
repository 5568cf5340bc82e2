"""Worker processes start quiet: nothing they print reaches the reader's terminal."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor

from briefing.workers import quiet_worker


def _shout(text: str) -> str:
    print(text)
    print(text, file=sys.stderr)
    return text.upper()


def test_quiet_worker_still_returns_results() -> None:
    with ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=quiet_worker
    ) as pool:
        assert pool.submit(_shout, "ok").result(timeout=60) == "OK"


def test_a_quiet_worker_prints_nothing_to_the_parents_streams() -> None:
    code = textwrap.dedent(
        """
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from briefing.workers import quiet_worker
        from tests.test_workers import _shout

        if __name__ == "__main__":
            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(1, mp_context=ctx, initializer=quiet_worker) as pool:
                print(pool.submit(_shout, "worker-noise").result(timeout=60))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "WORKER-NOISE"  # the parent's print only
    assert "worker-noise" not in done.stderr
