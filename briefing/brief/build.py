"""Build the combined briefing of a corpus: header, bottom line, key points, timeline,
who said what, entities and numbered sources."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from briefing.brief import cache
from briefing.brief.dedup import CopyPair, near_copy_pairs
from briefing.brief.mentions import MentionJob
from briefing.brief.model import (
    NO_SIDE,
    Briefing,
    BriefingCancelled,
    EntityRow,
    Point,
    SideGroup,
    Source,
    SpeakerGroup,
    Statement,
    from_jsonable,
    to_jsonable,
)
from briefing.brief.points import Citer
from briefing.brief.quotes import RawStatement, extract_statements
from briefing.brief.select import LEAD_BONUS, Candidate, NeedMore, select_greedy
from briefing.brief.table import CorpusTable, TableBuilder
from briefing.brief.timeline import build_timeline
from briefing.errors import BriefingError
from briefing.models import Article, Corpus, Mention, Sentence
from briefing.sentences import split_sentences

__all__ = ["DEFAULT_WORDS", "ENGINE_VERSION", "SECTIONS", "build_briefing"]

#: Bump when the output of the builder changes (invalidates cached briefings).
ENGINE_VERSION = "brief-2"
#: Key-point budget in words when neither ``words`` nor ``points`` is given.
DEFAULT_WORDS = 250
BOTTOM_LINE = 3
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC")
MAX_ENTITIES = 15
PER_SPEAKER = 4
#: A statement longer than this (words) is a run-on "sentence" of unpunctuated text, not a
#: quotation; leaving it out keeps the briefing readable and its size bounded.
MAX_STATEMENT_WORDS = 150
MAX_SPEAKERS_PER_SIDE = 8
#: Key points are chosen among this many best candidates first (more only if needed).
POOL = 2048
_BATCH = 500

#: The sections :func:`build_briefing` can build (header and sources are always built).
SECTIONS = ("bottom_line", "key_points", "timeline", "statements", "entities")

Progress = Callable[[float, str], None]


def build_briefing(
    corpus: Corpus,
    words: int | None = None,
    *,
    points: int | None = None,
    pins: Iterable[tuple[str, int]] = (),
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    use_cache: bool = True,
    now: dt.datetime | None = None,
    sections: Iterable[str] = SECTIONS,
    store: Any = None,
) -> Briefing:
    """The combined, cited briefing of ``corpus``.

    Key points are limited by ``words`` (default :data:`DEFAULT_WORDS` when ``points`` is not
    given either) and/or ``points``. ``pins`` are ``(article_id, sentence_index)`` pairs that
    always become key points. ``progress(fraction, message)`` is called as work advances;
    when ``cancelled()`` returns true the build stops with :class:`BriefingCancelled`.
    Results are cached on disk (see :mod:`briefing.brief.cache`) unless ``use_cache`` is false.
    ``sections`` limits the work to some of :data:`SECTIONS` (the others are left empty).
    ``store`` (a :class:`briefing.store.Store`) supplies the sentences and entity mentions
    already analysed (by content hash, see :func:`briefing.store.analysis.analyze_corpus`),
    and keeps those computed here; the briefing is the same with or without it.
    Raises :class:`BriefingError` for bad options or pins.
    """
    if isinstance(sections, str):
        sections = (sections,)
    sections = tuple(sections)
    wanted = tuple(s for s in SECTIONS if s in sections)
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise BriefingError(f"unknown briefing section(s): {', '.join(sorted(unknown))}")
    if words is None and points is None:
        words = DEFAULT_WORDS
    for name, value in (("words", words), ("points", points)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            raise BriefingError(f"{name} must be a whole number >= 1, not {value!r}")
    pin_list = _check_pins(corpus, pins)
    stamp = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat()
    report = progress or (lambda _f, _m: None)
    key = None
    if use_cache:
        key = _cache_key(corpus, words, points, pin_list, wanted)
        hit = cache.load("briefing", key)
        if hit is not None:
            try:
                found = from_jsonable(Briefing, hit)
            except (TypeError, ValueError, KeyError):
                found = None
            if found is not None:
                report(1.0, "loaded from cache")
                return dataclasses.replace(found, generated_at=stamp)
    builder = _Builder(corpus, words, points, pin_list, report, cancelled, wanted, store)
    result = builder.run(stamp)
    if key is not None:
        cache.store("briefing", key, to_jsonable(result))
    return result


def _check_pins(corpus: Corpus, pins: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    ids = {a.id for a in corpus.articles}
    out = []
    for pin in pins:
        try:
            article_id, index = pin
        except (TypeError, ValueError):
            raise BriefingError(
                f"a pin must be (article_id, sentence_index), not {pin!r}"
            ) from None
        if article_id not in ids:
            raise BriefingError(f"pinned article {article_id!r} is not in the corpus")
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            raise BriefingError(f"pinned sentence index must be >= 0, not {index!r}")
        if (article_id, index) not in out:
            out.append((article_id, index))
    return out


def _cache_key(
    corpus: Corpus,
    words: int | None,
    points: int | None,
    pins: list[tuple[str, int]],
    sections: tuple[str, ...],
) -> str:
    from briefing import __version__

    return cache.content_key(
        [
            ENGINE_VERSION,
            __version__,
            words,
            points,
            pins,
            list(sections),
            [corpus.story.title, corpus.story.description],
            [[e.name, e.type, list(e.aliases), e.side] for e in corpus.entities],
            *(
                [a.id, a.title, a.outlet, a.author, _iso(a.published_date), a.url, a.text]
                for a in corpus.articles
            ),
        ]
    )


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date is not None else None


class _Spans:
    """Sentence spans of each article: from the store's cache when it has them (read in
    batches), else split here (and saved to the store)."""

    def __init__(self, arts: Sequence[Article], store: Any) -> None:
        self.arts = arts
        self.store = store
        self.hashes: dict[str, str] = {}
        self._rows: dict[str, Any] = {}
        self._batch = -1
        self._new: list[tuple[str, str, Any]] = []
        if store is not None:
            from briefing.store.cache import content_hash

            self.hashes = {a.id: content_hash(a) for a in arts}

    def __call__(self, i: int) -> list[tuple[int, int]]:
        text = self.arts[i].text
        if self.store is None:
            return [(s.start, s.end) for s in split_sentences(text)]
        from briefing.store.cache import encode_sentences, sentences_kind

        if i // _BATCH != self._batch:
            self._batch = i // _BATCH
            part = self.arts[self._batch * _BATCH : (self._batch + 1) * _BATCH]
            self._rows = self.store.get_analysis_many(
                [self.hashes[a.id] for a in part], sentences_kind()
            )
        content = self.hashes[self.arts[i].id]
        spans = _cached_spans(self._rows.get(content), len(text))
        if spans is None:
            sentences = split_sentences(text)
            self._new.append((content, sentences_kind(), encode_sentences(sentences)))
            spans = [(s.start, s.end) for s in sentences]
        return spans

    def save(self) -> None:
        """Keep the sentences split here in the store."""
        if self.store is not None and self._new:
            self.store.put_analysis_many(self._new)
        self._new = []


def _cached_spans(rows: Any, length: int) -> list[tuple[int, int]] | None:
    """Spans of cached sentence rows ``[[index, start, end, score], ...]`` (None if unusable)."""
    if not isinstance(rows, list):
        return None
    spans = []
    last = 0
    try:
        for k, (index, start, end, _score) in enumerate(rows):
            if index != k or not last <= start <= end <= length:
                return None
            spans.append((int(start), int(end)))
            last = end
    except (TypeError, ValueError):
        return None
    return spans


class _Builder:
    """One build: holds the per-corpus state shared by the sections."""

    def __init__(
        self,
        corpus: Corpus,
        words: int | None,
        points: int | None,
        pins: list[tuple[str, int]],
        report: Progress,
        cancelled: Callable[[], bool] | None,
        sections: tuple[str, ...] = SECTIONS,
        store: Any = None,
    ) -> None:
        self.sections = sections
        self.corpus = corpus
        self.articles: list[Article] = list(corpus.articles)
        self.words = words
        self.points = points
        self.pins = pins
        self.report = report
        self.cancelled = cancelled
        self.store = store

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise BriefingCancelled("briefing build cancelled")

    def run(self, stamp: str) -> Briefing:
        if not self.articles:
            raise BriefingError("the corpus has no articles")
        spans = _Spans(self.articles, self.store)
        job = None
        if set(self.sections) & {"statements", "entities"}:
            # Large corpora: runs in workers meanwhile.
            job = MentionJob(self.corpus, store=self.store, hashes=spans.hashes or None)
        try:
            return self._run(stamp, job, spans)
        finally:
            if job is not None:
                job.cancel()

    def _read(self, spans: _Spans) -> CorpusTable:
        arts = self.articles
        n = len(arts)
        builder = TableBuilder()
        for i, art in enumerate(arts):
            if i % 8 == 0:
                self.check()
                self.report(0.5 * i / n, f"reading article {i + 1} of {n}")
            builder.add(art.text, spans(i), art.published_date)
        spans.save()
        return builder.finish()

    def _run(self, stamp: str, job: MentionJob | None, spans: _Spans) -> Briefing:
        arts = self.articles
        n = len(arts)
        self.report(0.0, "reading articles")
        self.table = table = self._read(spans)
        self.check()
        self.report(0.5, "finding near-copies")
        pairs = near_copy_pairs(table.shingles(), table.print_sets(), table.sentence_sets)
        self.order = _source_order(arts)
        number = {a: k + 1 for k, a in enumerate(self.order)}
        self.source_numbers = [number[a] for a in range(n)]
        self.groups, copy_of = _copy_groups(n, pairs, self.order)
        copies = {(p.a, p.b) for p in pairs}
        n_groups = len(set(self.groups))
        min_df = 1 if n_groups == 1 else (2 if n_groups < 10 else 3)
        self.weights = table.concept_weights(self.groups, min_df)
        if not len(self.weights) and min_df > 1:  # nothing shared: fall back to every word pair
            min_df = 1
            self.weights = table.concept_weights(self.groups, min_df)
        table.set_weights(self.weights)
        self.citer = Citer(table, [a.id for a in arts], self.source_numbers, self.groups, copies)
        self.check()
        self.report(0.55, "choosing key points")
        want = set(self.sections)
        # Key points leave out the bottom line's sentences, so it is chosen first either way.
        bottom = self._bottom_line() if want & {"bottom_line", "key_points"} else []
        key_points = self._key_points(bottom) if "key_points" in want else []
        if "bottom_line" not in want:
            bottom = []
        self.check()
        timeline = []
        if "timeline" in want:
            self.report(0.65, "building the timeline")
            timeline = build_timeline(
                table, [a.published_date for a in arts], self.groups, self.citer
            )
            self.check()
        statements: list[SideGroup] = []
        entities: list[EntityRow] = []
        if job is not None:
            self.report(0.7, "finding entities and statements")
            mentions = job.result(self.check)
            self.check()
            if "statements" in want:
                statements = self._statements(mentions)
            if "entities" in want:
                entities = self._entities(mentions)
        sources = _sources(arts, self.order, number, copy_of, pairs)
        dates = [a.published_date for a in arts if a.published_date is not None]
        outlets = {a.outlet.strip().casefold() for a in arts if a.outlet and a.outlet.strip()}
        notes = []
        no_outlet = sum(1 for a in arts if not (a.outlet and a.outlet.strip()))
        if no_outlet:
            notes.append(f"{no_outlet} of {n} articles name no outlet")
        n_copies = sum(1 for s in sources if s.copy_of is not None)
        if n_copies:
            notes.append(
                f"{n_copies} near-cop{'y' if n_copies == 1 else 'ies'} detected; "
                "copies are cited but not counted as independent confirmation"
            )
        method = (
            "extractive; key points chosen by greedy coverage of word pairs shared by "
            f"independent sources (near-copies count once, pairs found in at least {min_df}), "
            "with a mild lead prior; repeats across outlets merged and cited; "
            + (f"budget {self.words} words" if self.words else "")
            + (", " if self.words and self.points else "")
            + (f"{self.points} points" if self.points else "")
        )
        self.report(1.0, "done")
        return Briefing(
            title=self.corpus.story.title,
            description=self.corpus.story.description,
            date_from=_iso(min(dates)) if dates else None,
            date_to=_iso(max(dates)) if dates else None,
            n_articles=n,
            n_outlets=len(outlets),
            n_independent=n_groups,
            method=method,
            generated_at=stamp,
            engine_version=ENGINE_VERSION,
            bottom_line=tuple(bottom),
            key_points=tuple(key_points),
            timeline=tuple(timeline),
            statements=tuple(statements),
            entities=tuple(entities),
            sources=tuple(sources),
            notes=tuple(notes),
        )

    # --- candidates -----------------------------------------------------------------------

    def _candidate_sids(self) -> tuple[np.ndarray, np.ndarray]:
        """Selectable units (see :func:`briefing.brief.select.candidates`), in corpus order:
        ``(sid of the last sentence, True where the unit is a context sentence plus it)``."""
        t = self.table
        local = np.arange(t.n_sentences) - t.art_ptr[t.article_of]
        single = t.usable & ~t.dependent
        prev_ok = np.zeros(t.n_sentences, dtype=bool)
        prev_ok[1:] = ~t.dependent[:-1] & (t.n_words[:-1] >= 4)
        pair = t.usable & t.dependent & (local > 0) & prev_ok
        sids = np.flatnonzero(single | pair)
        return sids, pair[sids]

    def _candidate(self, sid: int, pair: bool) -> Candidate:
        t = self.table
        a = int(t.article_of[sid])
        i = sid - int(t.art_ptr[a])
        if not pair:
            return Candidate(a, (i,), int(t.n_words[sid]), t.concepts(sid), t.stems(sid), i)
        return Candidate(
            a,
            (i - 1, i),
            int(t.n_words[sid - 1] + t.n_words[sid]),
            t.concepts(sid - 1) | t.concepts(sid),
            t.stems(sid - 1) | t.stems(sid),
            i - 1,
        )

    # --- sections -------------------------------------------------------------------------

    def _bottom_line(self) -> list[Point]:
        """Two or three central lead sentences, favouring the most recent articles."""
        t = self.table
        days = sorted({a.published_date for a in self.articles if a.published_date}, reverse=True)
        rank = {d: k for k, d in enumerate(days)}
        recency = np.array(
            [
                1.0 / (1 + rank[a.published_date]) if a.published_date in rank else 0.25
                for a in self.articles
            ]
        )
        singles = np.flatnonzero(t.usable & ~t.dependent)
        owner = t.article_of[singles]
        first = np.searchsorted(singles, t.art_ptr[:-1])
        leads = singles[np.arange(len(singles)) - first[owner] < 3]
        owner = t.article_of[leads]
        position = leads - t.art_ptr[owner]
        density = t.wsum[leads] / np.maximum(t.n_words[leads], 1)
        score = density * recency[owner] / (1 + 0.5 * position)
        numbers = np.asarray(self.source_numbers)[owner]
        order = np.lexsort((position, numbers, -score))
        chosen: list[Candidate] = []
        used_words = 0
        several = len(set(self.groups)) > 1
        for k in order.tolist():
            if score[k] <= 0 or len(chosen) >= BOTTOM_LINE:
                break
            if len(chosen) >= 2 and used_words >= 60:
                break
            a = int(owner[k])
            if several and any(self.groups[o.article] == self.groups[a] for o in chosen):
                continue  # one sentence per independent source
            c = self._candidate(int(leads[k]), False)
            if any(_jaccard(c.stems, o.stems) >= 0.3 for o in chosen):
                continue
            chosen.append(c)
            used_words += c.n_words
        # Most recent first: the bottom line leads with the current state of the story.
        chosen.sort(key=lambda c: (-self.source_numbers[c.article], c.indexes))
        return [self.citer.point(c.article, c.indexes) for c in chosen]

    def _key_points(self, bottom: Sequence[Point]) -> list[Point]:
        t = self.table
        index_of = {a.id: k for k, a in enumerate(self.articles)}
        out: list[Point] = []
        covered: set[int] = set()
        taken_stems: list[frozenset[int]] = []
        used = 0
        for article_id, idx in self.pins:
            a = index_of[article_id]
            count = t.count(a)
            if idx >= count:
                raise BriefingError(
                    f"article {article_id!r} has {count} sentences; cannot pin sentence {idx}"
                )
            sid = t.sid(a, idx)
            idxs = [idx]
            if t.dependent[sid] and idx > 0 and not t.dependent[sid - 1]:
                idxs = [idx - 1, idx]
            out.append(self.citer.point(a, idxs, pinned=True))
            for i in idxs:
                covered |= t.concepts(t.sid(a, i))
                taken_stems.append(t.stems(t.sid(a, i)))
                used += int(t.n_words[t.sid(a, i)])
        words = None if self.words is None else max(0, self.words - used)
        points = None if self.points is None else max(0, self.points - len(out))
        if words == 0 or points == 0:
            return out
        # The bottom line's sentences (and their repeats) are not repeated as key points,
        # unless nothing else is left.
        excluded = {
            t.sid(self.citer_index(e.article_id), e.index) for p in bottom for e in p.evidence
        }
        sids, pair = self._candidate_sids()
        if excluded:
            ex = np.fromiter(excluded, dtype=np.int64, count=len(excluded))
            out_ = np.isin(sids, ex) | (pair & np.isin(sids - 1, ex))
            if not out_.all():
                sids, pair = sids[~out_], pair[~out_]
        # Upper bounds of each candidate's first gain (a pair's concepts may overlap).
        n_words = np.where(pair, t.n_words[sids - 1], 0) + t.n_words[sids]
        position = sids - t.art_ptr[t.article_of[sids]] - pair
        wsum = t.wsum[sids] + np.where(pair, t.wsum[sids - 1], 0.0)
        bound = wsum * (1.0 + LEAD_BONUS / (1 + position)) / np.maximum(n_words, 1)
        size = POOL
        while True:
            if size >= len(sids):
                kept, ceiling = np.arange(len(sids)), 0.0
            else:
                part = np.argpartition(-bound, size)
                kept = np.sort(part[:size])
                ceiling = float(bound[part[size:]].max()) * (1 + 1e-9)
            pool = [self._candidate(int(sids[k]), bool(pair[k])) for k in kept.tolist()]
            weights = self.weights.as_dict(c for cand in pool for c in cand.concepts)
            try:
                chosen = select_greedy(
                    pool,
                    weights,
                    words=words,
                    points=points,
                    covered=covered,
                    chosen_stems=taken_stems,
                    cancelled=self.cancelled,
                    ceiling=ceiling if ceiling > 0 else 0.0,
                )
                break
            except NeedMore:
                self.check()
                size *= 8
        self.check()
        out += [self.citer.point(c.article, c.indexes) for c in chosen]
        return out

    def _statements(self, mentions: Sequence[Sequence[Mention]]) -> list[SideGroup]:
        """Statements grouped by side and speaker; the best few per speaker, repeats merged."""
        t = self.table
        sides = _side_map(self.corpus)
        by_speaker: defaultdict[str, list[tuple[float, int, RawStatement]]] = defaultdict(list)
        for a, art in enumerate(self.articles):
            if not mentions[a]:
                continue
            if a % 64 == 0:
                self.check()
            for st in extract_statements(art.text, t.sentences(a), mentions[a]):
                sid = t.sid(a, st.index)
                n_words = int(t.n_words[sid])
                if n_words > MAX_STATEMENT_WORDS:
                    continue
                density = float(t.wsum[sid]) / max(n_words, 1)
                score = density + (0.5 if st.kind == "quote" else 0.0)
                by_speaker[st.speaker].append((score, a, st))
        groups: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
        for speaker, items in by_speaker.items():
            groups[sides.get(speaker.casefold(), NO_SIDE)].append((len(items), speaker))
        order = [s for s in _side_order(self.corpus) if s in groups]
        if NO_SIDE in groups:
            order.append(NO_SIDE)
        seen: set[tuple[int, int]] = set()
        out = []
        for side in order:
            speakers = sorted(groups[side], key=lambda t: (-t[0], t[1]))[:MAX_SPEAKERS_PER_SIDE]
            rows = []
            for _, speaker in speakers:
                items = sorted(
                    by_speaker[speaker],
                    key=lambda t: (-t[0], self.source_numbers[t[1]], t[2].index),
                )
                chosen: list[Statement] = []
                for _, a, st in items:
                    if len(chosen) >= PER_SPEAKER:
                        break
                    if (a, st.index) in seen:
                        continue
                    extent = _quote_extent(self.table.sentences(a), st.index)
                    point = self.citer.point(a, extent)
                    seen.update((self.citer_index(e.article_id), e.index) for e in point.evidence)
                    chosen.append(
                        Statement(speaker, point.text, st.kind, point.evidence, point.sources)
                    )
                chosen.sort(key=lambda x: (x.evidence[0].source, x.evidence[0].index))
                if chosen:
                    rows.append(SpeakerGroup(speaker, tuple(chosen)))
            if rows:
                out.append(SideGroup(side, tuple(rows)))
        return out

    def citer_index(self, article_id: str) -> int:
        if not hasattr(self, "_id_index"):
            self._id_index = {a.id: k for k, a in enumerate(self.articles)}
        return self._id_index[article_id]

    def _entities(self, mentions: Sequence[Sequence[Mention]]) -> list[EntityRow]:
        counts: Counter[tuple[str, str]] = Counter()
        where: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
        labels: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for ms in mentions:
            for m in ms:
                if m.label in ENTITY_LABELS:
                    labels[m.canonical][m.label] += 1
        for a, ms in enumerate(mentions):
            for m in ms:
                if m.label in ENTITY_LABELS:
                    label = labels[m.canonical].most_common(1)[0][0]
                    counts[(m.canonical, label)] += 1
                    where[(m.canonical, label)].add(self.source_numbers[a])
        rows = [
            EntityRow(name, label, n, tuple(sorted(where[(name, label)])))
            for (name, label), n in counts.items()
        ]
        rows.sort(key=lambda r: (-r.mentions, -len(r.sources), r.name))
        keep = [r for r in rows if r.mentions >= 2 or len(rows) <= MAX_ENTITIES]
        return keep[:MAX_ENTITIES]


def _quote_extent(sents: Sequence[Sentence], index: int, reach: int = 3) -> list[int]:
    """Sentence ``index`` plus the sentences that complete a quotation it is part of."""
    first = last = index
    while first > 0 and index - first < reach and _opens_late(sents[first].text):
        first -= 1
    while last + 1 < len(sents) and last - index < reach and _left_open(sents[last].text):
        last += 1
    return list(range(first, last + 1))


def _opens_late(text: str) -> bool:
    """The sentence closes a quotation it did not open (it began in an earlier sentence)."""
    close, opening = text.find("\u201d"), text.find("\u201c")
    return close >= 0 and (opening < 0 or close < opening)


def _left_open(text: str) -> bool:
    """The sentence opens a quotation it does not close."""
    return text.rfind("\u201c") > text.rfind("\u201d")


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _source_order(arts: Sequence[Article]) -> list[int]:
    """Article indexes in source order: by publication date (undated last), then corpus order."""
    far = dt.date.max
    return sorted(range(len(arts)), key=lambda i: (arts[i].published_date or far, i))


def _copy_groups(
    n: int, pairs: Sequence[CopyPair], order: Sequence[int]
) -> tuple[list[int], dict[int, tuple[int, float]]]:
    """(group id per article, {copy: (original, similarity)}); the first in source order is
    each group's original."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[rb] = ra
    rank = {a: k for k, a in enumerate(order)}
    members: defaultdict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[find(i)].append(i)
    groups = [0] * n
    copy_of: dict[int, tuple[int, float]] = {}
    sim: dict[tuple[int, int], float] = {}
    best: dict[int, float] = {}  # each article's best similarity to any of its copies
    for p in pairs:
        sim[(p.a, p.b)] = sim[(p.b, p.a)] = p.similarity
        best[p.a] = max(best.get(p.a, 0.0), p.similarity)
        best[p.b] = max(best.get(p.b, 0.0), p.similarity)
    for items in members.values():
        original = min(items, key=lambda i: rank[i])
        for i in items:
            groups[i] = original
            if i != original:
                copy_of[i] = (original, sim.get((i, original), best.get(i, 0.0)))
    return groups, copy_of


def _sources(
    arts: Sequence[Article],
    order: Sequence[int],
    number: dict[int, int],
    copy_of: dict[int, tuple[int, float]],
    pairs: Sequence[CopyPair],
) -> list[Source]:
    out = []
    for a in order:
        art = arts[a]
        orig = copy_of.get(a)
        out.append(
            Source(
                number=number[a],
                article_id=art.id,
                title=art.title,
                outlet=art.outlet,
                published=_iso(art.published_date),
                url=art.url,
                copy_of=number[orig[0]] if orig else None,
                copy_similarity=orig[1] if orig else None,
            )
        )
    return out


def _side_map(corpus: Corpus) -> dict[str, str]:
    out: dict[str, str] = {}
    for spec in corpus.entities:
        if spec.side:
            for name in (spec.name, *spec.aliases):
                out.setdefault(name.casefold(), spec.side)
    return out


def _side_order(corpus: Corpus) -> list[str]:
    order: list[str] = []
    for spec in corpus.entities:
        if spec.side and spec.side not in order:
            order.append(spec.side)
    return order
