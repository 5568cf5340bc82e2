"""Shared helpers for the benchmark scripts: data location, loading, ROUGE.

Benchmark data is read from ``../shared/benchdata`` relative to the repository root, or from
the folder named by the environment variable ``BRIEFING_BENCHDATA``. It is never copied into
the repository. A script whose data is missing prints "skipped: ... not found" and exits 0.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as `python benchmarks/x.py` without installing
    sys.path.insert(0, str(REPO))


def benchdata_dir() -> Path:
    """The benchmark data folder (``$BRIEFING_BENCHDATA`` or ``<repo>/../shared/benchdata``)."""
    env = os.environ.get("BRIEFING_BENCHDATA")
    return Path(env) if env else REPO.parent / "shared" / "benchdata"


def load_jsonl_or_skip(name: str) -> list[dict[str, Any]]:
    """Records of benchmark file ``name``; print a skip message and exit 0 if it is absent."""
    path = benchdata_dir() / name
    if not path.is_file():
        print(f"skipped: {path} not found (set BRIEFING_BENCHDATA to the benchdata folder)")
        raise SystemExit(0)
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


_WS = re.compile(r"\s+")


def norm_ws(text: str) -> str:
    """``text`` with every whitespace run collapsed to one space, stripped."""
    return _WS.sub(" ", text).strip()


class Rouge:
    """ROUGE-1/2/L F1 with rouge-score 0.1.2 (Porter stemmer), averaged over items, x100."""

    KEYS = ("rouge1", "rouge2", "rougeL")

    def __init__(self) -> None:
        try:
            from rouge_score import rouge_scorer
        except ImportError:  # pragma: no cover - depends on the bench extra
            print("skipped: rouge-score is not installed (pip install 'rouge-score==0.1.2')")
            raise SystemExit(0) from None
        self._scorer = rouge_scorer.RougeScorer(list(self.KEYS), use_stemmer=True)
        self._f: dict[str, list[float]] = {k: [] for k in self.KEYS}

    def add(self, reference: str, prediction: str) -> None:
        """Score one item."""
        scores = self._scorer.score(reference, prediction)
        for key in self.KEYS:
            self._f[key].append(scores[key].fmeasure)

    def means(self) -> dict[str, float]:
        """Mean F1 x100 per ROUGE variant."""
        return {k: 100 * statistics.fmean(v) if v else 0.0 for k, v in self._f.items()}


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table (floats with two decimals)."""

    def cell(value: object) -> str:
        return f"{value:.2f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
