"""CLI start-up before the reader runs: imports, parser, ``Store.open``, ``load_corpus_cached``.

What ``briefing`` (no arguments) does before it hands the corpus to ``briefing.tui.run``, on
a warm start (a second run, nothing changed: the store and its snapshot exist), on the
bundled corpus. Each run is a fresh process (byte-code cached in a temporary
``PYTHONPYCACHEPREFIX``, as an installed package has its .pyc files; one warm-up process
first). Figures are process CPU time (``time.process_time``), median over the runs:

* import: ``import briefing.cli`` (what the ``briefing`` script imports);
* parse: what ``main`` does with no arguments (``parse_args([])``);
* store import: ``from briefing.store import Store, load_corpus_cached``;
* open: ``Store.open()``; load: ``load_corpus_cached(None, store)``;
* full parser: ``build_parser()`` and a parse, as for any other command line (not in the
  sum; measured after the rest);
* main: all of ``briefing.cli.main([])`` with ``briefing.tui.run`` replaced by a stub, in
  its own process; "on top of Textual": the same with Textual's app module imported before
  the clock starts (what the CLI adds to the modules the reader needs anyway).

It also lists the modules the warm path imports that a bare Textual app does not.

Usage: python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PHASES = """
import sys, time
clock = time.process_time
t0 = clock()
import briefing.cli as cli
t1 = clock()
parse = getattr(cli, "parse_args", None)  # (older versions always built the parser)
parse([]) if parse else cli.build_parser().parse_args(cli._split_argv([]))
t2 = clock()
from briefing.store import Store, load_corpus_cached
t3 = clock()
store = Store.open()
t4 = clock()
corpus = load_corpus_cached(None, store)
t5 = clock()
store.close()
assert corpus.articles
mods = sorted(sys.modules)
t6 = clock()
cli.build_parser().parse_args(cli._split_argv(["--data-dir", "x"]))
t7 = clock()
import json
print(json.dumps({"import": t1 - t0, "parse": t2 - t1, "store import": t3 - t2,
                  "open": t4 - t3, "load": t5 - t4, "modules": mods, "full parser": t7 - t6}))
"""

MAIN = """
import sys, time
{preload}
clock = time.process_time
t0 = clock()
import briefing.tui
seen = {{}}
def stub(path, theme=None, *, corpus=None, store=None):
    seen["articles"] = len(corpus.articles)
    store.close()
    return 0
briefing.tui.run = stub
t1 = clock()
import briefing.cli
status = briefing.cli.main([])
t2 = clock()
assert status == 0 and seen["articles"]
print((t2 - t1) + (t1 - t0))
"""

BARE = """
import sys
from textual.app import App
from textual.widgets import Static
print(" ".join(sorted(sys.modules)))
"""


def run(code: str, env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="measured processes per figure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(
            PYTHONPATH=str(REPO),
            PYTHONPYCACHEPREFIX=str(Path(tmp) / "pyc"),
            BRIEFING_DATA_DIR=str(Path(tmp) / "data"),
            BRIEFING_CONFIG_DIR=str(Path(tmp) / "config"),
        )
        cwd = Path(tmp)  # no ./corpus.yaml here: the bundled corpus is read
        for _ in range(2):  # compile byte-code; create the store and its snapshot
            run(PHASES, env, cwd)
            run(MAIN.format(preload=""), env, cwd)
            run(BARE, env, cwd)
        phases: dict[str, list[float]] = {}
        totals: list[float] = []
        on_textual: list[float] = []
        full: list[float] = []
        modules: list[str] = []
        for _ in range(args.runs):
            row = json.loads(run(PHASES, env, cwd))
            modules = row.pop("modules")
            full.append(row.pop("full parser"))
            for name, value in row.items():
                phases.setdefault(name, []).append(value)
            totals.append(float(run(MAIN.format(preload=""), env, cwd)))
            code = MAIN.format(preload="import textual.app, textual.widgets")
            on_textual.append(float(run(code, env, cwd)))
        bare = set(run(BARE, env, cwd).split())

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:6.1f} ms"

    print(f"warm start, bundled corpus, process CPU, median of {args.runs} fresh processes")
    for name, values in phases.items():
        print(f"  {name + ':':14}{ms(values)}")
    print(f"  {'sum:':14}{ms([sum(v) for v in zip(*phases.values())])}")
    print(f"  {'full parser:':14}{ms(full)}  (build_parser() and a parse: any other command line)")
    print(f"  {'main([]):':14}{ms(totals)}  (whole CLI up to briefing.tui.run, stubbed)")
    print(f"  {'  on Textual:':14}{ms(on_textual)}  (the same, Textual's modules already imported)")
    extra = [m for m in modules if m not in bare and not m.startswith("briefing")]
    ours = [m for m in modules if m.startswith("briefing")]
    print(f"  modules beyond a bare Textual app: {', '.join(extra) or 'none'}")
    print(f"  briefing modules: {', '.join(ours)}")
    for name in ("yaml", "briefing.cleaning", "briefing.corpus"):
        print(f"  {name} imported: {name in modules}")


if __name__ == "__main__":
    main()
