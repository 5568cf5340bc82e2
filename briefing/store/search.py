"""Full-text search over titles and texts (SQLite FTS5, bm25 ranking, safe snippets).

Indexing is incremental: an article is (re)indexed only when its :func:`content_hash`
changed, and articles gone from the corpus are dropped. All corpora share one FTS5 table;
each document carries a ``scope`` token naming its corpus, so a search touches one corpus.

Queries are plain words, never FTS5 syntax (what the user types cannot break the query):

* every word must occur (in the title or the text); case and accents are ignored;
* a word of 4 or more letters also matches longer words it begins ("sanction" finds
  "sanctions"); shorter words match exactly;
* ``"two words"`` in double quotes is an exact phrase;
* with ``as_you_type=True`` the last word (still being typed) matches as a prefix from two
  letters on, and a single trailing letter is ignored.

Results are ranked by bm25 with title matches weighing 4 times text matches. Snippets are
plain text with highlight ranges: no markup ever comes out of the index.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing.store.cache import content_hash
from briefing.store.db import StoreBase
from briefing.store.paths import corpus_key

if TYPE_CHECKING:  # pragma: no cover
    from briefing.models import Corpus

OPEN, CLOSE = "\ue000", "\ue001"
"""Highlight markers used inside SQLite only (removed from indexed text beforehand)."""
ELLIPSIS = "…"
SNIPPET_TOKENS = 24
"""Words around the best match in a snippet."""
PREFIX_MIN = 4
"""Complete words this long or longer also match as prefixes."""
_BATCH = 256
_WRITE_BATCH = 64
"""Articles indexed per transaction: short, so a search (or the reader's state) never waits
long for the store while a large corpus is being indexed."""
# Patterns are compiled on first use (re caches them), not when the store is imported.
_WORD = r"[^\W_]+"
_QUERY = r'"([^"]*)("?)|([^\W_]+)'
_SPACE = r"\s+"

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: plain ``snippet`` and ``title`` text with ``[start, end)`` highlight ranges."""

    article_id: str
    title: str
    score: float
    """bm25 relevance (higher is better)."""
    snippet: str
    highlights: tuple[Span, ...] = ()
    title_highlights: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: ``{id, title, score, snippet, highlights, title_highlights}``."""
        return {
            "id": self.article_id,
            "title": self.title,
            "score": self.score,
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "title_highlights": [list(span) for span in self.title_highlights],
        }


@dataclass(slots=True)
class IndexReport:
    """What :meth:`SearchIndex.index_corpus` did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    cancelled: bool = False
    failed: bool = False
    changed_ids: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        """Documents written or dropped."""
        return self.added + self.updated + self.removed


def scope_token(key: str) -> str:
    """The token that marks one corpus's documents in the shared index."""
    from hashlib import sha256

    return "c" + sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def clean_for_index(text: str) -> str:
    """Text safe to index: no control characters, no highlight marker characters."""
    from briefing.cleaning import strip_control

    return strip_control(text).replace(OPEN, " ").replace(CLOSE, " ")


def build_query(text: str, *, as_you_type: bool = False) -> str | None:
    """The FTS5 expression for what the user typed (``None`` if there is nothing to find)."""
    terms: list[str] = []
    matches = list(re.finditer(_QUERY, text))
    typing_last = as_you_type and not text[-1:].isspace()
    for number, match in enumerate(matches):
        last = number == len(matches) - 1
        phrase, closed, word = match.group(1), match.group(2), match.group(3)
        if word is not None:
            low = word.casefold()
            if last and typing_last:
                if len(low) < 2:
                    continue
                terms.append(f'"{low}"*')
            elif len(low) >= PREFIX_MIN:
                terms.append(f'"{low}"*')
            else:
                terms.append(f'"{low}"')
        else:
            words = [w.casefold() for w in re.findall(_WORD, phrase or "")]
            if not words:
                continue
            star = "*" if last and typing_last and not closed else ""
            terms.append('"' + " ".join(words) + '"' + star)
    if not terms:
        return None
    return "{title body} : (" + " AND ".join(terms) + ")"


def _score(rank: float) -> float:
    """bm25 rank (lower is better) as a positive score, six significant digits."""
    return float(f"{-float(rank):.6g}")


def parse_marked(text: str) -> tuple[str, tuple[Span, ...]]:
    """Plain text (whitespace runs collapsed, stripped) and the ranges between markers."""
    text = re.sub(_SPACE, " ", text or "")
    out: list[str] = []
    length = 0
    spans: list[Span] = []
    start: int | None = None
    for part in re.split(f"([{OPEN}{CLOSE}])", text):
        if part == OPEN:
            start = length
        elif part == CLOSE:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        elif part:
            out.append(part)
            length += len(part)
    plain = "".join(out)
    lead = len(plain) - len(plain.lstrip())
    plain = plain.strip()
    fixed: list[Span] = []
    for a, b in spans:
        a, b = max(0, a - lead), min(len(plain), b - lead)
        if b <= a:
            continue
        if fixed and a <= fixed[-1][1]:
            fixed[-1] = (fixed[-1][0], max(b, fixed[-1][1]))
        else:
            fixed.append((a, b))
    return plain, tuple(fixed)


def _details(db: sqlite3.Connection, match: str, rowids: list[int]) -> dict[int, SearchHit]:
    """Hits with snippet and title highlights (score 0) for these documents, by rowid."""
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    rows = db.execute(
        "SELECT search_fts.rowid, d.article,"
        " highlight(search_fts, 1, ?, ?),"
        " snippet(search_fts, 2, ?, ?, ?, ?)"
        " FROM search_fts JOIN search_docs AS d ON d.id = search_fts.rowid"
        f" WHERE search_fts MATCH ? AND search_fts.rowid IN ({marks})",
        (OPEN, CLOSE, OPEN, CLOSE, ELLIPSIS, SNIPPET_TOKENS, match, *rowids),
    ).fetchall()
    found = {}
    for rowid, article, title, snip in rows:
        plain_title, title_spans = parse_marked(title)
        plain, spans = parse_marked(snip)
        found[int(rowid)] = SearchHit(str(article), plain_title, 0.0, plain, spans, title_spans)
    return found


class SearchIndex(StoreBase):
    """Index corpora and search them."""

    def index_corpus(
        self,
        corpus: Corpus,
        hashes: dict[str, str] | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> IndexReport:
        """Bring the index of ``corpus`` up to date (only new or changed articles are written)."""
        was_degraded = self.degraded
        report = self._index(corpus, hashes, progress, cancelled)
        if self.degraded and not was_degraded:  # the file failed midway: index in memory
            report = self._index(corpus, hashes, progress, cancelled)
        return report

    def _index(
        self,
        corpus: Corpus,
        hashes: dict[str, str] | None,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> IndexReport:
        key = corpus_key(corpus.path)
        scope = scope_token(key)
        report = IndexReport()
        hashes = hashes if hashes is not None else {a.id: content_hash(a) for a in corpus.articles}

        def existing_rows(db: sqlite3.Connection) -> dict[str, tuple[int, str]] | None:
            rows = db.execute("SELECT article, id, hash FROM search_docs WHERE corpus = ?", (key,))
            return {article: (rowid, digest) for article, rowid, digest in rows}

        existing = self._run(existing_rows, None)
        if existing is None:
            report.failed = True
            return report
        ids = {article.id for article in corpus.articles}
        gone = [article for article in existing if article not in ids]
        todo = []
        for article in corpus.articles:
            old = existing.get(article.id)
            if old is not None and old[1] == hashes[article.id]:
                report.unchanged += 1
            else:
                todo.append((article, old[0] if old else None))
        total = len(todo) + len(gone)
        done = 0

        def drop(db: sqlite3.Connection) -> bool:
            with self._transaction(db):  # rows looked up again: another process may index too
                for i in range(0, len(gone), _BATCH):
                    names = gone[i : i + _BATCH]
                    rows = db.execute(
                        "SELECT id FROM search_docs WHERE corpus = ?"
                        f" AND article IN ({','.join('?' * len(names))})",
                        (key, *names),
                    )
                    batch = [row[0] for row in rows]
                    marks = ",".join("?" * len(batch))
                    db.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", batch)
                    db.execute(f"DELETE FROM search_docs WHERE id IN ({marks})", batch)
            return True

        if gone:
            if not self._run(drop, False):
                report.failed = True
                return report
            report.removed = len(gone)
            done += len(gone)
            if progress:
                progress(done, total)
        for i in range(0, len(todo), _WRITE_BATCH):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            batch = todo[i : i + _WRITE_BATCH]

            def write(db: sqlite3.Connection, batch=batch) -> bool:
                with self._transaction(db):
                    for article, _listed in batch:
                        digest = hashes[article.id]
                        # looked up again: another process may have indexed it meanwhile
                        row = db.execute(
                            "SELECT id, hash FROM search_docs WHERE corpus = ? AND article = ?",
                            (key, article.id),
                        ).fetchone()
                        if row is not None and row[1] == digest:
                            continue
                        rowid = row[0] if row is not None else None
                        if rowid is None:
                            rowid = db.execute(
                                "INSERT INTO search_docs (corpus, article, hash) VALUES (?, ?, ?)",
                                (key, article.id, digest),
                            ).lastrowid
                        else:
                            db.execute("DELETE FROM search_fts WHERE rowid = ?", (rowid,))
                            db.execute(
                                "UPDATE search_docs SET hash = ? WHERE id = ?", (digest, rowid)
                            )
                        db.execute(
                            "INSERT INTO search_fts (rowid, scope, title, body)"
                            " VALUES (?, ?, ?, ?)",
                            (
                                rowid,
                                scope,
                                clean_for_index(article.title),
                                clean_for_index(article.text),
                            ),
                        )
                return True

            if not self._run(write, False):
                report.failed = True
                break
            for article, rowid in batch:
                if rowid is None:
                    report.added += 1
                else:
                    report.updated += 1
                report.changed_ids.append(article.id)
            done += len(batch)
            if progress:
                progress(done, total)
        return report

    def indexed_count(self, key: str) -> int:
        """How many documents of the corpus with this :func:`corpus_key` are indexed."""

        def read(db: sqlite3.Connection) -> int:
            row = db.execute("SELECT count(*) FROM search_docs WHERE corpus = ?", (key,)).fetchone()
            return int(row[0])

        return self._run(read, 0)

    def search(
        self,
        key: str,
        query: str,
        *,
        limit: int = 20,
        as_you_type: bool = False,
        snippets: int | None = None,
    ) -> list[SearchHit]:
        """Ranked hits in the corpus with :func:`corpus_key` ``key`` (best first).

        ``snippets``: how many of the best hits get their snippet and title highlights (all
        by default). Making a snippet is most of a search's cost, so a long result list asks
        for a few and gets the others' with :meth:`hit_for` when they are shown; the other
        hits have an empty ``title`` and ``snippet``.
        """
        expression = build_query(query, as_you_type=as_you_type)
        if expression is None or limit < 1:
            return []
        match = f'scope : "{scope_token(key)}" AND {expression}'
        wanted = limit if snippets is None else max(0, min(limit, snippets))

        def read(db: sqlite3.Connection) -> list[SearchHit]:
            try:
                top = db.execute(
                    "SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ?"
                    " ORDER BY rank LIMIT ?",
                    (match, int(limit)),
                ).fetchall()
                if not top:
                    return []
                details = _details(db, match, [rowid for rowid, _rank in top[:wanted]])
            except sqlite3.OperationalError as error:
                if "fts5" in str(error).lower():  # a query FTS5 rejects: no results
                    return []
                raise
            rest = [rowid for rowid, _rank in top if rowid not in details]
            plain: dict[int, str] = {}
            for i in range(0, len(rest), _BATCH):
                batch = rest[i : i + _BATCH]
                marks = ",".join("?" * len(batch))
                rows = db.execute(
                    f"SELECT id, article FROM search_docs WHERE id IN ({marks})", batch
                )
                plain.update({int(rowid): str(article) for rowid, article in rows})
            hits = []
            for rowid, rank in top:
                if rowid in details:
                    hits.append(dataclasses.replace(details[rowid], score=_score(rank)))
                elif rowid in plain:
                    hits.append(SearchHit(plain[rowid], "", _score(rank), ""))
            return hits

        return self._run(read, [])

    def hit_for(
        self, key: str, query: str, article_id: str, *, as_you_type: bool = False
    ) -> SearchHit | None:
        """One article's hit for ``query`` (its snippet and highlights; score 0, as one hit is
        not ranked), or ``None`` when it does not match."""
        expression = build_query(query, as_you_type=as_you_type)
        if expression is None:
            return None
        match = f'scope : "{scope_token(key)}" AND {expression}'

        def read(db: sqlite3.Connection) -> SearchHit | None:
            row = db.execute(
                "SELECT id FROM search_docs WHERE corpus = ? AND article = ?", (key, article_id)
            ).fetchone()
            if row is None:
                return None
            try:
                found = _details(db, match, [int(row[0])])
            except sqlite3.OperationalError as error:
                if "fts5" in str(error).lower():
                    return None
                raise
            return found.get(int(row[0]))

        return self._run(read, None)

    def drop_index(self, key: str) -> None:
        """Remove one corpus from the index."""

        def write(db: sqlite3.Connection) -> None:
            with self._transaction(db):
                rows = [
                    r[0] for r in db.execute("SELECT id FROM search_docs WHERE corpus = ?", (key,))
                ]
                for i in range(0, len(rows), _BATCH):
                    batch = rows[i : i + _BATCH]
                    marks = ",".join("?" * len(batch))
                    db.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", batch)
                db.execute("DELETE FROM search_docs WHERE corpus = ?", (key,))

        self._run(write, None)


def highlight_ranges(text: str, words: Sequence[str]) -> tuple[Span, ...]:
    """Ranges of ``text`` where any of ``words`` (or a word they begin) occurs, case-folded.

    For callers that show a hit's title or text outside the snippet.
    """
    wanted = [w.casefold() for w in words if w]
    spans = []
    for match in re.finditer(_WORD, text):
        token = match.group().casefold()
        if any(token == w or (len(w) >= 2 and token.startswith(w)) for w in wanted):
            spans.append((match.start(), match.end()))
    return tuple(spans)
