"""The timeline: dated events in order, one cited entry per event and day.

Event dates come from the text (see :mod:`briefing.brief.dates`): a sentence is dated by its
first day-level date expression. Each article's first full sentence without one is dated by
the publication date (news leads report the day's event). Sentences of the same day about the
same thing (content-stem Jaccard >= ``SAME_EVENT``, or a lower overlap plus several shared
names) are merged into one entry citing all of
them (only the :data:`MAX_ITEMS_PER_DATE` most central sentences of a day are clustered);
the entry shows the most central of them. Dates are ranked by how much independent
coverage they have (date-wise selection as in news timeline summarisation) and at most
``max_dates`` dates with ``per_date`` entries each are kept, then sorted chronologically.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from briefing.brief.model import TimelineEntry
from briefing.brief.points import Citer
from briefing.brief.table import CorpusTable

__all__ = ["build_timeline"]

SAME_EVENT = 0.3
#: ... or when they share this many names and at least ``SAME_EVENT_NAMED`` of their stems.
SHARED_NAMES = 3
SAME_EVENT_NAMED = 0.15
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w\u2019'-]+")
MIN_WORDS = 6
MAX_WORDS = 70
#: At most this many sentences of one day (the most central ones) are clustered, so a day
#: that thousands of articles report costs a bounded amount of work.
MAX_ITEMS_PER_DATE = 200


@dataclass(slots=True)
class _Item:
    article: int
    index: int
    date: dt.date
    date_text: str
    stems: frozenset[int]
    score: float
    names: frozenset[str]


@dataclass(slots=True)
class _Cluster:
    items: list[_Item]

    @property
    def head(self) -> _Item:
        return self.items[0]


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _names(text: str) -> frozenset[str]:
    """Capitalised words not at the start of the sentence (names, places, titles)."""
    return frozenset(m.group().lower() for m in _NAME.finditer(text))


def _same_event(x: _Item, y: _Item) -> bool:
    jac = _jaccard(x.stems, y.stems)
    return jac >= SAME_EVENT or (jac >= SAME_EVENT_NAMED and len(x.names & y.names) >= SHARED_NAMES)


def _dated_sentences(
    table: CorpusTable, published: Sequence[dt.date | None], lo: dt.date, hi: dt.date
) -> list[tuple[dt.date, float, int, int, str]]:
    """``(date, score, article, index, date text)`` of every timeline-worthy sentence."""
    t = table
    n = t.n_words
    dated = np.zeros(t.n_sentences, dtype=bool)
    if t.dates:
        dated[np.fromiter(t.dates, dtype=np.int64, count=len(t.dates))] = True
    ok = (n >= MIN_WORDS) & (n <= MAX_WORDS) & ~t.dependent & (t.usable | (dated & (n >= 8)))
    out: list[tuple[dt.date, float, int, int, str]] = []
    sids = np.flatnonzero(ok)
    owners = t.article_of[sids].tolist()
    scores = (t.wsum[sids] / np.maximum(n[sids], 1)).tolist()
    usable = t.usable[sids].tolist()
    lead_done = False
    last = -1
    for sid, a, score, is_usable in zip(sids.tolist(), owners, scores, usable):
        if a != last:
            last, lead_done = a, False
        index = sid - int(t.art_ptr[a])
        dates = t.sentence_dates(sid)
        if not is_usable and not t.texts[a][t.starts[sid] : t.ends[sid]].endswith("."):
            continue
        day = [d for d in dates if lo <= d.date <= hi]
        if day:
            out.append((day[0].date, score, a, index, day[0].text))
            lead_done = lead_done or index < 3
        elif not lead_done and published[a] is not None and is_usable:
            out.append((published[a], score, a, index, ""))
            lead_done = True
        else:
            lead_done = True
    return out


def _clusters(items: list[_Item]) -> list[_Cluster]:
    """Single-link clusters of one day's items (in order); each item joins the first cluster
    holding an item about the same event. Only items sharing a stem can match, so each item
    is compared with those only (an index of the day's stems)."""
    clusters: list[_Cluster] = []
    cluster_of: list[int] = []
    postings: dict[int, list[int]] = {}
    for k, it in enumerate(items):
        near: set[int] = set()
        for st in it.stems:
            near.update(postings.get(st, ()))
        best = min((cluster_of[j] for j in near if _same_event(it, items[j])), default=None)
        if best is None:
            cluster_of.append(len(clusters))
            clusters.append(_Cluster([it]))
        else:
            cluster_of.append(best)
            clusters[best].items.append(it)
        for st in it.stems:
            postings.setdefault(st, []).append(k)
    return clusters


def build_timeline(
    table: CorpusTable,
    published: Sequence[dt.date | None],
    groups: Sequence[int],
    citer: Citer,
    *,
    max_dates: int = 12,
    per_date: int = 2,
) -> list[TimelineEntry]:
    """Dated, cited, merged events in chronological order (``table.wsum`` must be set)."""
    known = [d for d in published if d is not None]
    lo = min(known) - dt.timedelta(days=3 * 366) if known else dt.date(1900, 1, 1)
    hi = max(known) + dt.timedelta(days=366) if known else dt.date(2100, 1, 1)
    by_date: defaultdict[dt.date, list[tuple[float, int, int, str]]] = defaultdict(list)
    for date, score, a, index, text in _dated_sentences(table, published, lo, hi):
        by_date[date].append((score, a, index, text))
    ranked: list[tuple[float, dt.date, list[_Cluster]]] = []
    for date, rows in by_date.items():
        rows.sort(key=lambda r: (-r[0], r[1], r[2]))
        items = []
        for score, a, index, text in rows[:MAX_ITEMS_PER_DATE]:
            sid = table.sid(a, index)
            sentence = table.texts[a][table.starts[sid] : table.ends[sid]]
            items.append(_Item(a, index, date, text, table.stems(sid), score, _names(sentence)))
        clusters = _clusters(items)

        def support(cl: _Cluster) -> tuple[int, float]:
            return (len({groups[i.article] for i in cl.items}), cl.head.score)

        clusters.sort(key=lambda cl: (-support(cl)[0], -support(cl)[1]))
        date_score = sum(support(cl)[0] + support(cl)[1] / 10 for cl in clusters)
        ranked.append((date_score, date, clusters[:per_date]))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    out: list[TimelineEntry] = []
    for _, date, clusters in sorted(ranked[:max_dates], key=lambda r: r[1]):
        for cl in clusters:
            head = cl.head
            point = citer.point(
                head.article, [head.index], extra=[(i.article, i.index) for i in cl.items[1:]]
            )
            out.append(TimelineEntry(date.isoformat(), point, head.date_text))
    return out
