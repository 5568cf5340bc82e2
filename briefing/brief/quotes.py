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


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations (curly, doubled-backtick, guillemet or straight quotes).

    An opening quote without a closing one in the text runs to the end.
    """
    spans: list[tuple[int, int]] = []
    for open_q, close_q in _QUOTE_PAIRS:
        pos = 0
        while True:
            a = text.find(open_q, pos)
            if a < 0:
                break
            b = text.find(close_q, a + len(open_q))
            end = len(text) if b < 0 else b + len(close_q)
            spans.append((a, end))
            pos = end
    pos = 0
    while True:
        a = text.find('"', pos)
        if a < 0:
            break
        b = text.find('"', a + 1)
        end = len(text) if b < 0 else b + 1
        spans.append((a, end))
        pos = end
    return sorted(spans)


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _quote_words(text: str, spans: Sequence[tuple[int, int]]) -> int:
    return sum(len(text[a:b].split()) for a, b in spans)


def extract_statements(
    text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> list[RawStatement]:
    """Attributed statements of one article (``mentions`` are its entity mentions)."""
    spans = quoted_spans(text)
    speakers = sorted(
        (m for m in mentions if m.label in _SPEAKER_LABELS and not _inside(m.start, spans)),
        key=lambda m: m.start,
    )
    persons = [m for m in speakers if m.label == "PERSON"]
    out: list[RawStatement] = []
    for s in sentences:
        speaker = _speaker(text, s, spans, speakers, persons, sentences)
        if speaker is None:
            continue
        local = [(max(a, s.start), min(b, s.end)) for a, b in spans if a < s.end and s.start < b]
        kind = "quote" if _quote_words(text, local) >= 3 else "reported"
        out.append(RawStatement(s.index, speaker, kind))
    return out


def _speaker(
    text: str,
    s: Sentence,
    spans: Sequence[tuple[int, int]],
    speakers: Sequence[Mention],
    persons: Sequence[Mention],
    sentences: Sequence[Sentence],
) -> str | None:
    in_sentence = [m for m in speakers if s.start <= m.start and m.end <= s.end]
    for vm in _VERB_RE.finditer(text, s.start, s.end):
        v0, v1 = vm.start(), vm.end()
        if _inside(v0, spans):
            continue
        if vm.group(1) in _NOUN_LIKE and not _NOUN_LIKE_OK.match(text[v1 : v1 + 3]):
            continue
        # Subject before the verb.
        for m in reversed(in_sentence):
            if m.end <= v0 and _GAP_BEFORE.match(text[m.end : v0]):
                if _NOT_SUBJECT_BEFORE.search(text[max(s.start, m.start - 20) : m.start]):
                    break
                return m.canonical
        # Inverted: '"...," said Lavrov' / ', said Russian Foreign Minister Sergei Lavrov'.
        if vm.group(1) in _INVERTIBLE and text[s.start : v0].rstrip().endswith(
            (",", "\u201d", '"', "''")
        ):
            for m in in_sentence:
                if m.start >= v1 and _GAP_AFTER.match(text[v1 : m.start] + " "):
                    return m.canonical
        # Pronoun subject: resolve to the last person named before it (up to 3 sentences back).
        if _PRONOUN_SUBJ.search(text, s.start, v0):
            floor = sentences[max(0, s.index - 3)].start if sentences else 0
            before = [m for m in persons if floor <= m.start < v0]
            if before:
                return before[-1].canonical
    # "according to Lavrov"
    for am in _ACCORDING.finditer(text, s.start, s.end):
        if _inside(am.start(), spans):
            continue
        for m in in_sentence:
            if m.start == am.end() or (
                m.start > am.end() and not text[am.end() : m.start].strip(" ")
            ):
                return m.canonical
            if m.start > am.end() and _GAP_AFTER.match(text[am.end() - 1 : m.start] + " "):
                return m.canonical
    return None
