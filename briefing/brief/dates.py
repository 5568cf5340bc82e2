"""Find day-level date expressions in news text and resolve them against the article's date.

Rules (general English news conventions, not tuned to any corpus):

* "December 1", "Dec. 2, 2021", "1 December 2021", "2021-12-01": absolute; without a year, the
  year that puts the date nearest the article date, preferring the past (a future date costs
  twice as much per day), so "Jan. 31" in a December article is next January.
* "(on) Tuesday", "Tuesday night": the most recent such day on or before the article date;
  "last Tuesday" is strictly before it; "next Tuesday", or a weekday after a future-tense cue
  ("will", "is set to", "is scheduled to", ...), is the next such day on or after it.
* "today", "tonight", "this morning": the article date; "yesterday": the day before;
  "tomorrow": the day after; "a day earlier", "the day before", "the previous day": the day
  before; "two days ago" / "three days earlier": that many days before.

Expressions that need a reference event ("a day before the meeting") or name only a month or a
year are not resolved.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates", "resolve_month_day"]

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7,
}  # fmt: skip

_MONTH_RE = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|"
    r"Dec\.?)"
)
_MONTH_DAY = re.compile(
    _MONTH_RE + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|per cent))"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_DAY_MONTH = re.compile(
    r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH_RE
    + r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_WEEKDAY = re.compile(
    r"\b(?:(?P<mod>last|next|this|on|late|early)\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:night|morning|afternoon|evening))?\b"
)
_RELATIVE = re.compile(
    r"\b(?:(?P<today>today|tonight|this morning|this afternoon|this evening|earlier today)"
    r"|(?P<yesterday>yesterday)|(?P<tomorrow>tomorrow)"
    r"|(?P<before>(?:a|the)\s+day\s+(?:earlier|before)(?!\s+(?:the|a|an|his|her|its|their)\b)"
    r"|the\s+previous\s+day)"
    r"|(?P<n>a|one|two|three|four|five|six|seven|[2-7])\s+days\s+"
    r"(?:ago|earlier|before)(?!\s+(?:the|a|an|his|her|its|their)\b))",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|is set to|are set to|is scheduled|are scheduled|is expected to|"
    r"are expected to|is due|are due|plans? to|planned for|to be held)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A resolved date expression: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    date: dt.date
    kind: str  # "absolute", "weekday" or "relative"


def resolve_month_day(month: int, day: int, ref: dt.date) -> dt.date | None:
    """The date ``month``/``day`` in the year nearest ``ref`` (the past preferred)."""
    best: tuple[int, dt.date] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        delta = (cand - ref).days
        cost = -delta if delta <= 0 else 2 * delta
        if best is None or cost < best[0]:
            best = (cost, cand)
    return None if best is None else best[1]


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _absolute(m: re.Match[str], ref: dt.date | None, numeric_month: bool = False) -> dt.date | None:
    month = int(m.group("month")) if numeric_month else _month(m.group("month"))
    day = int(m.group("day"))
    year = m.group("year")
    if year:
        try:
            return dt.date(int(year), month, day)
        except ValueError:
            return None
    if ref is None:
        return None
    return resolve_month_day(month, day, ref)


def _weekday(m: re.Match[str], text: str, ref: dt.date) -> dt.date:
    target = _WEEKDAYS[m.group("wd").lower()]
    mod = (m.group("mod") or "").lower()
    back = (ref.weekday() - target) % 7
    forward = (target - ref.weekday()) % 7
    clause = text[max(0, m.start() - 60) : m.start()]
    clause = re.split(r"[.;:!?]", clause)[-1]
    if mod == "next" or (mod != "last" and _FUTURE.search(clause)):
        return ref + dt.timedelta(days=forward or (7 if mod == "next" else 0))
    if mod == "last":
        back = back or 7
    return ref - dt.timedelta(days=back)


def find_dates(text: str, ref: dt.date | None) -> list[DateMention]:
    """Day-level date expressions in ``text`` resolved against ``ref`` (the article date).

    Absolute dates with a year resolve without ``ref``; everything else needs it.
    Mentions are returned in text order without overlaps.
    """
    found: list[DateMention] = []
    starts: list[int] = []  # the spans taken so far, disjoint, sorted by start
    ends: list[int] = []

    def add(start: int, end: int, date: dt.date | None, kind: str) -> None:
        if date is None:
            return
        i = bisect.bisect_right(starts, start)  # neighbours are enough: spans are disjoint
        if (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            return
        starts.insert(i, start)
        ends.insert(i, end)
        found.append(DateMention(start, end, text[start:end], date, kind))

    for m in _ISO.finditer(text):
        add(m.start(), m.end(), _absolute(m, ref, numeric_month=True), "absolute")
    for rx in (_MONTH_DAY, _DAY_MONTH):
        for m in rx.finditer(text):
            add(m.start(), m.end(), _absolute(m, ref), "absolute")
    if ref is not None:
        for m in _WEEKDAY.finditer(text):
            # "Tuesday, Dec. 2": the absolute date that follows wins.
            if _MONTH_DAY.match(
                text, m.end() + 2 if text[m.end() : m.end() + 1] == "," else m.end() + 1
            ):
                continue
            start = (
                m.start("wd")
                if (m.group("mod") or "").lower() in ("on", "late", "early")
                else m.start()
            )
            add(start, m.end(), _weekday(m, text, ref), "weekday")
        for m in _RELATIVE.finditer(text):
            if m.group("today"):
                date = ref
            elif m.group("yesterday"):
                date = ref - dt.timedelta(days=1)
            elif m.group("tomorrow"):
                date = ref + dt.timedelta(days=1)
            elif m.group("before"):
                date = ref - dt.timedelta(days=1)
            else:
                date = ref - dt.timedelta(days=_NUMBERS[m.group("n").lower()])
            add(m.start(), m.end(), date, "relative")
    found.sort(key=lambda d: d.start)
    return found
