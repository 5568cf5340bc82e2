"""Quotations and reported statements, attributed to their speakers.

Patterns (outside quotation marks): '"...," Lavrov said', '"...," said Lavrov',
'Lavrov said (that) ...', 'Lavrov told reporters ...', 'Blinken, the secretary of state, warned
...', '... according to Lavrov', and pronoun subjects ('"...," he said') resolved to the last
person named outside quotation marks before it in the same article (up to three sentences
back). The speaker is an entity mention (person, organisation or country) right before the
speech verb (adverbs, auxiliaries and one appositive may come between) or right after it in an
inverted attribution; names inside the quotation never count as the speaker.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.brief.text import wordset
from briefing.models import Mention, Sentence

__all__ = ["SPEECH_VERBS", "RawStatement", "extract_statements", "quoted_spans"]

SPEECH_VERBS = wordset(
    """said says say told tells added adds warned warns stated declared argued argues insisted
    insists noted notes claimed claims explained explains stressed stresses urged urges vowed
    vows accused accuses alleged alleges denied denies asked asks replied replies wrote writes
    tweeted announced announces acknowledged acknowledges suggested suggests complained
    complains concluded cautioned cautions emphasized emphasised emphasizes emphasises affirmed
    affirms appealed repeated repeats mentioned countered counters conceded admitted admits
    predicted predicts pledged promised promises threatened threatens demanded demands charged
    contended maintained maintains insisted assured assures reiterated reiterates condemned
    condemns criticized criticised criticizes criticises"""
)
#: Verbs after which a name may follow in an inverted attribution ('"...," said Lavrov').
_INVERTIBLE = wordset(
    """said says added adds asked asks wrote writes noted notes warned continued replied"""
)
#: Verb forms that are also plural nouns ("US claims", "his demands"): need "that", a quote or
#: a colon/comma after them to count.
_NOUN_LIKE = wordset(
    """claims notes demands promises counters repeats stresses urges vows warns threatens"""
)
_NOUN_LIKE_OK = re.compile(r"^\s*(?:that\b|[,:]|[\"\u201c])")
# A mention right after one of these is not a subject ("ambassador to Washington said").
_NOT_SUBJECT_BEFORE = re.compile(
    r"\b(?:to|of|in|from|for|with|at|by|on|about|against|into|over|than|and|or)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE"})
_PRONOUNS = frozenset({"he", "she"})
_VERB_RE = re.compile(r"\b(" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")\b")
_ACCORDING = re.compile(r"\baccording to\s+$|\baccording to\s+", re.I)
# Between the subject and the verb: adverbs, auxiliaries, one appositive, "on Tuesday".
_GAP_BEFORE = re.compile(
    r"^(?:\s*,[^,\"\u201c\u201d]{1,90},)?\s*"
    r"(?:(?:also|has|had|have|then|again|later|previously|repeatedly|earlier|once|reportedly|"
    r"publicly|privately|only|further|had|was|is|would|will|had|on\s+\w+day|[a-z]+ly)\s+){0,3}$"
)
# Between an inverted verb and the name: a title of up to six words, no punctuation.
_GAP_AFTER = re.compile(r"^\s+(?:[A-Za-z][\w.'\u2019-]*\s+){0,6}$")
_PRONOUN_SUBJ = re.compile(r"\b(he|she|He|She)\s+(?:also\s+|later\s+|then\s+)?$")
_QUOTE_PAIRS = (("\u201c", "\u201d"), ("``", "''"), ("\u00ab", "\u00bb"))


@dataclass(frozen=True, slots=True)
class RawStatement:
    """A statement found in one article: sentence index, canonical speaker, kind."""

    index: int
    speaker: str
    kind: str


#: Largest gap (characters) between a speaker and its speech verb that is examined; the gap
#: patterns allow a short appositive and a few adverbs, so real gaps are far shorter. With it
#: and the bisect lookups below the work per sentence stays linear, even for a sentence of a
#: megabyte with thousands of verbs and names.
_MAX_GAP = 300
#: Characters before a speech verb searched for a pronoun subject ("he also said").
_PRONOUN_WINDOW = 64


def _spans_by_kind(text: str) -> list[list[tuple[int, int]]]:
    """Quotation spans, one list per kind of quote mark (each sorted and non-overlapping)."""
    kinds: list[list[tuple[int, int]]] = []
    for open_q, close_q in (*_QUOTE_PAIRS, ('"', '"')):
        spans: list[tuple[int, int]] = []
        pos = 0
        while True:
            a = text.find(open_q, pos)
            if a < 0:
                break
            b = text.find(close_q, a + len(open_q))
            end = len(text) if b < 0 else b + len(close_q)
            spans.append((a, end))
            pos = end
        kinds.append(spans)
    return kinds


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations (curly, doubled-backtick, guillemet or straight quotes).

    An opening quote without a closing one in the text runs to the end.
    """
    return sorted(span for spans in _spans_by_kind(text) for span in spans)


class _Quotes:
    """The quotations of a text, indexed: is a position quoted, which quotes meet a range."""

    def __init__(self, text: str) -> None:
        self.kinds = [k for k in _spans_by_kind(text) if k]
        self.kind_ends = [[b for _a, b in spans] for spans in self.kinds]
        merged: list[list[int]] = []
        for a, b in sorted(span for spans in self.kinds for span in spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _b in merged]
        self.ends = [b for _a, b in merged]

    def inside(self, pos: int) -> bool:
        """True if ``pos`` is inside a quotation (``any(a <= pos < b)``)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of the quotations that overlap ``[start, end)``."""
        out = []
        for spans, ends in zip(self.kinds, self.kind_ends):
            i = bisect.bisect_right(ends, start)  # first span of this kind ending after start
            while i < len(spans) and spans[i][0] < end:
                a, b = spans[i]
                out.append((max(a, start), min(b, end)))
                i += 1
        return out


def _quote_words(text: str, spans: Sequence[tuple[int, int]]) -> int:
    return sum(len(text[a:b].split()) for a, b in spans)


def extract_statements(
    text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> list[RawStatement]:
    """Attributed statements of one article (``mentions`` are its entity mentions)."""
    quotes = _Quotes(text)
    speakers = sorted(
        (m for m in mentions if m.label in _SPEAKER_LABELS and not quotes.inside(m.start)),
        key=lambda m: m.start,
    )
    index = _Mentions(speakers)
    persons = _Mentions([m for m in speakers if m.label == "PERSON"])
    out: list[RawStatement] = []
    for s in sentences:
        speaker = _speaker(text, s, quotes, index, persons, sentences)
        if speaker is None:
            continue
        kind = "quote" if _quote_words(text, quotes.within(s.start, s.end)) >= 3 else "reported"
        out.append(RawStatement(s.index, speaker, kind))
    return out


class _Mentions:
    """Mentions sorted by start (they do not overlap, so their ends are sorted too)."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.items = list(mentions)
        self.starts = [m.start for m in self.items]
        self.ends = [m.end for m in self.items]

    def between(self, lo: int, hi: int) -> range:
        """Indexes of the mentions starting in ``[lo, hi)``."""
        return range(bisect.bisect_left(self.starts, lo), bisect.bisect_left(self.starts, hi))


def _before_is(text: str, start: int, pos: int, endings: tuple[str, ...]) -> bool:
    """``text[start:pos].rstrip().endswith(endings)`` without copying the whole prefix."""
    i = pos
    while i > start and text[i - 1].isspace():
        i -= 1
    return any(i - len(e) >= start and text.startswith(e, i - len(e)) for e in endings)


def _speaker(
    text: str,
    s: Sentence,
    quotes: _Quotes,
    speakers: _Mentions,
    persons: _Mentions,
    sentences: Sequence[Sentence],
) -> str | None:
    items = speakers.items
    sentence = speakers.between(s.start, s.end)
    for vm in _VERB_RE.finditer(text, s.start, s.end):
        v0, v1 = vm.start(), vm.end()
        if quotes.inside(v0):
            continue
        if vm.group(1) in _NOUN_LIKE and not _NOUN_LIKE_OK.match(text[v1 : v1 + 3]):
            continue
        # Subject before the verb: the nearest mention ending before it (within _MAX_GAP).
        lowest = max(sentence.start, bisect.bisect_left(speakers.ends, v0 - _MAX_GAP))
        highest = bisect.bisect_left(speakers.starts, v0, sentence.start, sentence.stop)
        for i in range(highest - 1, lowest - 1, -1):
            m = items[i]
            if m.end <= v0 and m.end <= s.end and _GAP_BEFORE.match(text[m.end : v0]):
                if _NOT_SUBJECT_BEFORE.search(text[max(s.start, m.start - 20) : m.start]):
                    break
                return m.canonical
        # Inverted: '"...," said Lavrov' / ', said Russian Foreign Minister Sergei Lavrov'.
        if vm.group(1) in _INVERTIBLE and _before_is(text, s.start, v0, (",", "\u201d", '"', "''")):
            for i in speakers.between(v1, min(s.end, v1 + _MAX_GAP)):
                m = items[i]
                if m.end <= s.end and _GAP_AFTER.match(text[v1 : m.start] + " "):
                    return m.canonical
        # Pronoun subject: resolve to the last person named before it (up to 3 sentences back).
        if _PRONOUN_SUBJ.search(text, max(s.start, v0 - _PRONOUN_WINDOW), v0):
            floor = sentences[max(0, s.index - 3)].start if sentences else 0
            i = bisect.bisect_left(persons.starts, v0) - 1
            if i >= 0 and persons.items[i].start >= floor:
                return persons.items[i].canonical
    # "according to Lavrov"
    for am in _ACCORDING.finditer(text, s.start, s.end):
        if quotes.inside(am.start()):
            continue
        for i in speakers.between(am.end(), min(s.end, am.end() + _MAX_GAP)):
            m = items[i]
            if m.end > s.end:
                continue
            if m.start == am.end() or (
                m.start > am.end() and not text[am.end() : m.start].strip(" ")
            ):
                return m.canonical
            if m.start > am.end() and _GAP_AFTER.match(text[am.end() - 1 : m.start] + " "):
                return m.canonical
    return None
