"""The timeline: dated events in order, one cited entry per event and day.

Event dates come from the text (see :mod:`briefing.brief.dates`): a sentence is dated by its
first day-level date expression. Each article's first full sentence without one is dated by
the publication date (news leads report the day's event). Sentences of the same day about the
same thing (content-stem Jaccard >= ``SAME_EVENT``, or a lower overlap plus several shared
names) are merged into one entry citing all of
them; the entry shows the most central of them. Dates are ranked by how much independent
coverage they have (date-wise selection as in news timeline summarisation) and at most
``max_dates`` dates with ``per_date`` entries each are kept, then sorted chronologically.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.brief.analysis import ArticleAnalysis
from briefing.brief.model import TimelineEntry
from briefing.brief.points import Citer

__all__ = ["build_timeline"]

SAME_EVENT = 0.3
#: ... or when they share this many names and at least ``SAME_EVENT_NAMED`` of their stems.
SHARED_NAMES = 3
SAME_EVENT_NAMED = 0.15
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w\u2019'-]+")
MIN_WORDS = 6
MAX_WORDS = 70


@dataclass(slots=True)
class _Item:
    article: int
    index: int
    date: dt.date
    date_text: str
    stems: frozenset[str]
    score: float
    names: frozenset[str]


@dataclass(slots=True)
class _Cluster:
    items: list[_Item]

    @property
    def head(self) -> _Item:
        return self.items[0]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _names(text: str) -> frozenset[str]:
    """Capitalised words not at the start of the sentence (names, places, titles)."""
    return frozenset(m.group().lower() for m in _NAME.finditer(text))


def _same_event(x: _Item, y: _Item) -> bool:
    jac = _jaccard(x.stems, y.stems)
    return jac >= SAME_EVENT or (jac >= SAME_EVENT_NAMED and len(x.names & y.names) >= SHARED_NAMES)


def build_timeline(
    analyses: Sequence[ArticleAnalysis],
    published: Sequence[dt.date | None],
    weights: dict[str, int],
    groups: Sequence[int],
    citer: Citer,
    *,
    max_dates: int = 12,
    per_date: int = 2,
) -> list[TimelineEntry]:
    """Dated, cited, merged events in chronological order."""
    known = [d for d in published if d is not None]
    lo = min(known) - dt.timedelta(days=3 * 366) if known else dt.date(1900, 1, 1)
    hi = max(known) + dt.timedelta(days=366) if known else dt.date(2100, 1, 1)
    items: list[_Item] = []
    for a, an in enumerate(analyses):
        lead_done = False
        for info, s, dates in zip(an.infos, an.sentences, an.dates):
            ok = (
                MIN_WORDS <= info.n_words <= MAX_WORDS
                and not info.dependent
                and (info.usable or (dates and info.n_words >= 8 and s.text.endswith(".")))
            )
            if not ok:
                continue
            score = sum(weights.get(c, 0) for c in info.concepts) / max(info.n_words, 1)
            day = [d for d in dates if lo <= d.date <= hi]
            if day:
                items.append(
                    _Item(
                        a, info.index, day[0].date, day[0].text, info.stems, score, _names(s.text)
                    )
                )
                lead_done = lead_done or info.index < 3
            elif not lead_done and published[a] is not None and info.usable:
                items.append(
                    _Item(a, info.index, published[a], "", info.stems, score, _names(s.text))
                )
                lead_done = True
            else:
                lead_done = True
    by_date: defaultdict[dt.date, list[_Item]] = defaultdict(list)
    for it in items:
        by_date[it.date].append(it)
    ranked: list[tuple[float, dt.date, list[_Cluster]]] = []
    for date, its in by_date.items():
        its.sort(key=lambda it: (-it.score, it.article, it.index))
        clusters: list[_Cluster] = []
        for it in its:
            for cl in clusters:
                if any(_same_event(it, o) for o in cl.items):
                    cl.items.append(it)
                    break
            else:
                clusters.append(_Cluster([it]))

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
