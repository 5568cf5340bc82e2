"""Generate large corpora for the scale benchmark from the public benchmark documents.

The BBC and DUC documents (about 875) are reused to reach any size: copy ``k`` of a document
keeps its first paragraph, shuffles the others with a fixed seed and ends with a line naming
the copy, so every generated article is different (no cache hit between copies). Texts are
written as ``articles/<id>.txt`` files referenced by ``path:``, as ``briefing add`` does.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import yaml

DOC_FILES = ("bbc-summ-public.jsonl", "duc2006-mds-public.jsonl", "duc2007updA-mds-public.jsonl")


def load_documents(folder: Path) -> list[dict[str, Any]]:
    """``{title, text, outlet, date}`` for every benchmark document found in ``folder``."""
    docs: list[dict[str, Any]] = []
    for name in DOC_FILES:
        path = folder / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                record = json.loads(line)
                if "documents" in record:
                    for doc in record["documents"]:
                        docs.append(
                            {
                                "title": doc.get("title") or "",
                                "text": doc["text"],
                                "outlet": doc.get("docno", "")[:3] or None,
                                "date": doc.get("date"),
                            }
                        )
                else:
                    docs.append({"title": record["title"], "text": record["text"], "outlet": "BBC"})
    return docs


def _title(doc: dict[str, Any]) -> str:
    title = " ".join(doc["title"].split())
    if title:
        return title
    return " ".join(doc["text"].split()[:8])


def _variant(text: str, copy: int, seed: int) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    if copy == 0:
        return "\n\n".join(paragraphs)
    head, rest = paragraphs[:1], paragraphs[1:]
    random.Random(seed).shuffle(rest)
    return "\n\n".join([*head, *rest, f"This is copy {copy} of the report."])


def _iso_date(value: str | None) -> str | None:
    """``value`` if it is a valid ISO date (a few source dates are not)."""
    try:
        return dt.date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def generate_corpus(folder: Path, size: int, docs: list[dict[str, Any]]) -> Path:
    """Write a corpus of ``size`` articles into ``folder``; returns its corpus.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "articles").mkdir(exist_ok=True)
    base = dt.date(2004, 1, 1)
    entries = []
    for i in range(size):
        doc = docs[i % len(docs)]
        copy = i // len(docs)
        article_id = f"a{i:05d}"
        (folder / "articles" / f"{article_id}.txt").write_text(
            _variant(doc["text"], copy, i), encoding="utf-8"
        )
        title = _title(doc) + (f" (copy {copy})" if copy else "")
        date = _iso_date(doc.get("date")) or (base + dt.timedelta(days=i % 700)).isoformat()
        entry: dict[str, Any] = {"id": article_id, "title": title}
        if doc.get("outlet"):
            entry["outlet"] = doc["outlet"]
        entry["published"] = date
        entry["path"] = f"articles/{article_id}.txt"
        entries.append(entry)
    corpus = {
        "story": {"title": f"Benchmark corpus of {size} articles", "description": ""},
        "articles": entries,
    }
    path = folder / "corpus.yaml"
    path.write_text(
        yaml.safe_dump(corpus, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8"
    )
    return path
