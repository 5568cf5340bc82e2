"""The analysis cache: sentences, summaries and entity mentions per article content.

Rows are keyed by ``(hash, kind, engine)``:

* ``hash`` -- :func:`content_hash` of the article's title and cleaned text, so an unchanged
  article is analysed once and a changed one (or a renamed title) again;
* ``kind`` -- ``"sentences"``, ``"summary/<method>/<length>"`` or ``"mentions/<specs>"``
  (``<specs>`` is :func:`specs_key` of the corpus's ``entities:`` block, which guides the
  recognizer);
* ``engine`` -- :func:`engine_version`: the package version and a digest of the analysis
  code, so upgrading briefing (or editing the analysers) recomputes everything.

Values are compact JSON: spans only, the text is taken from the article. Mentions are stored
as extracted from one article; corpus-wide canonical names (``resolve_corpus``) are applied by
the caller, as they depend on the other articles.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from briefing.models import Article, Corpus, EntitySpec, Mention, Sentence
from briefing.store.db import StoreBase

_Item = TypeVar("_Item", Mention, Sentence)

FORMAT = 1
"""Bump when the stored JSON layout changes."""
_ENGINE_SOURCES = ("cleaning.py", "sentences.py", "summarize.py", "entities")
_BATCH = 500


def content_hash(article: Article) -> str:
    """SHA-256 (hex) of the article's title and cleaned text: the cache and index key."""
    from hashlib import sha256

    digest = sha256(article.title.encode("utf-8", "surrogatepass"))
    digest.update(b"\x00")
    digest.update(article.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def content_hashes(corpus: Corpus) -> dict[str, str]:
    """``{article id: content_hash}`` for every article of ``corpus``."""
    return {article.id: content_hash(article) for article in corpus.articles}


@lru_cache(maxsize=1)
def engine_version() -> str:
    """The package version plus a digest of the analysis code (sentences, summaries, NER)."""
    from hashlib import sha256

    import briefing

    digest = sha256(f"{FORMAT}".encode())
    root = Path(briefing.__file__).resolve().parent
    for name in _ENGINE_SOURCES:
        target = root / name
        files = sorted(target.rglob("*")) if target.is_dir() else [target]
        for file in files:
            if file.suffix == ".pyc" or not file.is_file():
                continue
            try:
                stat = file.stat()
                data = file.read_bytes() if file.suffix == ".py" else str(stat.st_size).encode()
            except OSError:
                continue
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(data)
    return f"{briefing.__version__}+{digest.hexdigest()[:12]}"


def specs_key(specs: Sequence[EntitySpec]) -> str:
    """A short digest of a corpus's ``entities:`` block (``"none"`` when empty)."""
    if not specs:
        return "none"
    import json
    from hashlib import sha256

    payload = json.dumps(
        [[s.name, s.type, list(s.aliases), s.side] for s in specs], ensure_ascii=False
    )
    return sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def sentences_kind() -> str:
    """The cache kind of an article's sentences."""
    return "sentences"


def summary_kind(method: str, length: int) -> str:
    """The cache kind of a summary by ``method`` with ``length`` sentences."""
    return f"summary/{method}/{int(length)}"


def mentions_kind(specs: Sequence[EntitySpec] | str) -> str:
    """The cache kind of entity mentions (given the corpus specs or their :func:`specs_key`)."""
    key = specs if isinstance(specs, str) else specs_key(specs)
    return f"mentions/{key}"


# --- encoding -----------------------------------------------------------------------------


def encode_sentences(sentences: Iterable[Sentence]) -> list[list[Any]]:
    """``[[index, start, end, score], ...]`` (score rounded to 6 places)."""
    return [[s.index, s.start, s.end, round(float(s.score), 6)] for s in sentences]


def decode_sentences(text: str, rows: Any) -> list[Sentence] | None:
    """Sentences of ``text`` from :func:`encode_sentences` rows (``None`` if they do not fit)."""
    try:
        out = []
        for index, start, end, score in rows:
            if not 0 <= start <= end <= len(text):
                return None
            out.append(Sentence(text[start:end], int(index), int(start), int(end), float(score)))
        return out
    except (TypeError, ValueError):
        return None


def encode_mentions(mentions: Iterable[Mention]) -> list[list[Any]]:
    """``[[start, end, label, canonical], ...]``."""
    return [[m.start, m.end, m.label, m.canonical] for m in mentions]


def decode_mentions(text: str, rows: Any) -> list[Mention] | None:
    """Mentions of ``text`` from :func:`encode_mentions` rows (``None`` if they do not fit)."""
    try:
        out = []
        for start, end, label, canonical in rows:
            if not 0 <= start < end <= len(text):
                return None
            out.append(Mention(text[start:end], int(start), int(end), str(label), str(canonical)))
        return out
    except (TypeError, ValueError):
        return None


def _dumps(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _loads(data: str) -> Any:
    import json

    try:
        return json.loads(data)
    except ValueError:
        return None


class AnalysisCache(StoreBase):
    """Get and put analysis results; a miss (or any trouble) is ``None``."""

    # -- raw rows --------------------------------------------------------------------------

    def get_analysis(self, content: str, kind: str) -> Any | None:
        """The decoded value stored for ``(content hash, kind)`` by this engine, or ``None``."""
        engine = engine_version()

        def read(db: sqlite3.Connection) -> Any | None:
            row = db.execute(
                "SELECT data FROM analysis WHERE hash = ? AND kind = ? AND engine = ?",
                (content, kind, engine),
            ).fetchone()
            return _loads(row[0]) if row else None

        return self._run(read, None)

    def get_analysis_many(self, hashes: Iterable[str], kind: str) -> dict[str, Any]:
        """``{hash: value}`` for the given content hashes that have ``kind`` cached."""
        wanted = list(dict.fromkeys(hashes))
        engine = engine_version()

        def read(db: sqlite3.Connection) -> dict[str, Any]:
            found: dict[str, Any] = {}
            for i in range(0, len(wanted), _BATCH):
                batch = wanted[i : i + _BATCH]
                marks = ",".join("?" * len(batch))
                rows = db.execute(
                    f"SELECT hash, data FROM analysis WHERE hash IN ({marks})"
                    " AND kind = ? AND engine = ?",
                    (*batch, kind, engine),
                )
                for content, data in rows:
                    value = _loads(data)
                    if value is not None:
                        found[content] = value
            return found

        return self._run(read, {})

    def cached_keys(self, hashes: Iterable[str], kinds: Iterable[str]) -> set[tuple[str, str]]:
        """Which ``(hash, kind)`` pairs are cached by this engine (for the given hashes)."""
        wanted = list(dict.fromkeys(hashes))
        kind_set = set(kinds)
        engine = engine_version()

        def read(db: sqlite3.Connection) -> set[tuple[str, str]]:
            found: set[tuple[str, str]] = set()
            for i in range(0, len(wanted), _BATCH):
                batch = wanted[i : i + _BATCH]
                marks = ",".join("?" * len(batch))
                rows = db.execute(
                    f"SELECT hash, kind FROM analysis WHERE hash IN ({marks}) AND engine = ?",
                    (*batch, engine),
                )
                found.update((h, k) for h, k in rows if k in kind_set)
            return found

        return self._run(read, set())

    def put_analysis(self, content: str, kind: str, value: Any) -> None:
        """Store one value (JSON-serialisable)."""
        self.put_analysis_many([(content, kind, value)])

    def put_analysis_many(self, rows: Iterable[tuple[str, str, Any]]) -> int:
        """Store many ``(hash, kind, value)`` rows in one transaction; returns how many."""
        engine = engine_version()
        encoded = [(content, kind, engine, _dumps(value)) for content, kind, value in rows]

        def write(db: sqlite3.Connection) -> int:
            with self._transaction(db):
                db.executemany(
                    "INSERT OR REPLACE INTO analysis (hash, kind, engine, data)"
                    " VALUES (?, ?, ?, ?)",
                    encoded,
                )
            return len(encoded)

        return self._run(write, 0)

    def prune_analysis(self) -> int:
        """Drop rows written by other engine versions; returns how many."""
        engine = engine_version()

        def write(db: sqlite3.Connection) -> int:
            with self._transaction(db):
                return db.execute("DELETE FROM analysis WHERE engine != ?", (engine,)).rowcount

        return self._run(write, 0)

    # -- typed helpers ---------------------------------------------------------------------

    def get_sentences(self, article: Article, content: str | None = None) -> list[Sentence] | None:
        """The cached sentences of ``article`` (score 0), or ``None``."""
        rows = self.get_analysis(content or content_hash(article), sentences_kind())
        return decode_sentences(article.text, rows) if rows is not None else None

    def put_sentences(
        self, article: Article, sentences: Sequence[Sentence], content: str | None = None
    ) -> None:
        """Cache the sentences of ``article``."""
        self.put_analysis(
            content or content_hash(article), sentences_kind(), encode_sentences(sentences)
        )

    def get_summary(
        self, article: Article, method: str, length: int, content: str | None = None
    ) -> list[Sentence] | None:
        """The cached summary (sentences in document order), or ``None``."""
        rows = self.get_analysis(content or content_hash(article), summary_kind(method, length))
        return decode_sentences(article.text, rows) if rows is not None else None

    def put_summary(
        self,
        article: Article,
        method: str,
        length: int,
        sentences: Sequence[Sentence],
        content: str | None = None,
    ) -> None:
        """Cache a summary of ``article``."""
        ordered = sorted(sentences, key=lambda s: s.start)
        self.put_analysis(
            content or content_hash(article),
            summary_kind(method, length),
            encode_sentences(ordered),
        )

    def get_mentions(
        self, article: Article, specs: Sequence[EntitySpec] | str, content: str | None = None
    ) -> list[Mention] | None:
        """The cached mentions of ``article`` (before corpus-wide resolution), or ``None``."""
        rows = self.get_analysis(content or content_hash(article), mentions_kind(specs))
        return decode_mentions(article.text, rows) if rows is not None else None

    def put_mentions(
        self,
        article: Article,
        specs: Sequence[EntitySpec] | str,
        mentions: Sequence[Mention],
        content: str | None = None,
    ) -> None:
        """Cache the mentions of ``article`` extracted with the corpus's ``specs``."""
        ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.put_analysis(
            content or content_hash(article), mentions_kind(specs), encode_mentions(ordered)
        )

    def corpus_mentions(
        self, corpus: Corpus, hashes: dict[str, str] | None = None
    ) -> dict[str, list[Mention]]:
        """``{article id: mentions}`` for the articles of ``corpus`` that have them cached.

        Mentions are as extracted; apply ``briefing.entities.resolve_corpus`` for corpus-wide
        canonical names.
        """
        return self._corpus_rows(corpus, mentions_kind(corpus.entities), decode_mentions, hashes)

    def corpus_summaries(
        self, corpus: Corpus, method: str, length: int, hashes: dict[str, str] | None = None
    ) -> dict[str, list[Sentence]]:
        """``{article id: summary}`` for the articles of ``corpus`` that have one cached."""
        return self._corpus_rows(corpus, summary_kind(method, length), decode_sentences, hashes)

    def _corpus_rows(
        self,
        corpus: Corpus,
        kind: str,
        decode: Callable[[str, Any], list[_Item] | None],
        hashes: dict[str, str] | None,
    ) -> dict[str, list[_Item]]:
        """``{article id: decoded rows}`` of one ``kind`` for the articles that have them."""
        hashes = hashes if hashes is not None else content_hashes(corpus)
        found = self.get_analysis_many(hashes.values(), kind)
        out: dict[str, list[_Item]] = {}
        for article in corpus.articles:
            rows = found.get(hashes.get(article.id, ""))
            if rows is None:
                continue
            decoded = decode(article.text, rows)
            if decoded is not None:
                out[article.id] = decoded
        return out
