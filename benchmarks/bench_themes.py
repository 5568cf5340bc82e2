"""Theme loading at start-up: ``import briefing.tui.themes`` and ``load_all_themes()``.

Each run is a fresh process that first imports ``textual.app`` (the reader has it anyway),
then times, in process CPU (``time.process_time``), ``import briefing.tui.themes`` and one
``load_all_themes()`` call on the built-in themes. Byte code is cached in a temporary
``PYTHONPYCACHEPREFIX`` (as an installed package has its .pyc files); one warm-up process
runs first. Two cases, medians over the runs:

* cold: every process gets a new, empty data folder (no theme cache: the files are parsed
  and the cache is written);
* warm: every process shares one data folder whose cache is up to date (the usual start).

It also says in how many runs PyYAML was imported, and gives ``-X importtime``'s cumulative
figure for ``briefing.tui.themes`` and ``yaml`` imported after ``textual.app`` (median).
``--root`` times another source tree (e.g. an older checkout) with this venv.

Usage: python benchmarks/bench_themes.py [--runs N] [--root PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PHASES = """
import json, sys, time
import textual.app
clock = time.process_time
t0 = clock()
import briefing.tui.themes as themes
t1 = clock()
result = themes.load_all_themes()
t2 = clock()
assert result.themes and not result.errors, result.errors
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "yaml": "yaml" in sys.modules}))
"""


def _env(root: Path, pycache: str, data: str, config: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        PYTHONPATH=str(root),
        PYTHONPYCACHEPREFIX=pycache,
        BRIEFING_DATA_DIR=data,
        BRIEFING_CONFIG_DIR=config,
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # cwd: a folder without a ``briefing`` package, so PYTHONPATH decides which tree is timed
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=env["BRIEFING_CONFIG_DIR"],
        capture_output=True,
        text=True,
        check=True,
    )


def _phases(root: Path, runs: int, warm: bool, base: Path, pycache: str) -> list[dict]:
    config = str(base / "config")
    shared = str(base / "data-warm")
    _run(["-c", PHASES], _env(root, pycache, shared, config))  # warm-up (and prime the cache)
    rows = []
    for index in range(runs):
        data = shared if warm else str(base / f"data-cold-{index}")
        out = _run(["-c", PHASES], _env(root, pycache, data, config)).stdout
        rows.append(json.loads(out))
    return rows


def _importtime(root: Path, runs: int, base: Path, pycache: str) -> dict[str, float]:
    env = _env(root, pycache, str(base / "data-warm"), str(base / "config"))
    figures: dict[str, list[int]] = {"briefing.tui.themes": [], "yaml": []}
    for _ in range(runs):
        code = "import textual.app; import briefing.tui.themes"
        err = _run(["-X", "importtime", "-c", code], env).stderr
        seen = dict.fromkeys(figures, 0)
        for line in err.splitlines():
            match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| +(\S+)$", line)
            if match and match.group(2) in figures:
                seen[match.group(2)] = int(match.group(1))
        for name, value in seen.items():
            figures[name].append(value)
    return {name: statistics.median(values) / 1000 for name, values in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--root", type=Path, default=REPO, help="source tree to time")
    args = parser.parse_args()
    root = args.root.resolve()
    print(f"root {root}; {os.cpu_count()} CPUs; {args.runs} runs; process CPU, medians")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "config").mkdir()
        pycache = str(base / "pyc")
        for warm in (False, True):
            rows = _phases(root, args.runs, warm, base, pycache)
            imp = statistics.median(r["import"] for r in rows) * 1000
            load = statistics.median(r["load"] for r in rows) * 1000
            both = statistics.median((r["import"] + r["load"]) for r in rows) * 1000
            yaml_runs = sum(r["yaml"] for r in rows)
            print(
                f"{'warm' if warm else 'cold'}: import {imp:.2f} ms, load_all_themes {load:.2f} ms,"
                f" both {both:.2f} ms; yaml imported in {yaml_runs}/{len(rows)} runs"
            )
        times = _importtime(root, args.runs, base, pycache)
        print(
            "-X importtime after textual.app (cumulative): "
            + ", ".join(f"{name} {ms:.2f} ms" for name, ms in times.items())
        )


if __name__ == "__main__":
    main()
