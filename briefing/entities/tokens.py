"""Offset-keeping tokenizer with sentence-start and headline (line casing) flags."""

from __future__ import annotations

import re

from briefing.entities.curated import word_set

#: Tokens: dotted abbreviations (U.S., a.m.), words with inner apostrophes (O'Brien),
#: possessive 's, numbers, or any other single non-space character. Dotted runs are at most 8
#: letters long: an unbounded run is re-scanned from every letter of ".a.a.a..." (quadratic).
_TOKEN_RE = re.compile(
    r"""
    (?P<abbr>(?:[^\W\d_]\.){2,8}(?![^\W\d_])|(?:[A-Z]\.){1,8}[A-Z](?![\w.]))
    | (?P<word>[^\W\d_](?:[^\W\d_]|[\u0300-\u036f]|['’](?![sS]\b)(?=[^\W\d_]))*)
    | (?P<poss>['’][sS]\b)
    | (?P<num>\d+(?:[.,:]\d+)*)
    | (?P<other>\S)
    """,
    re.VERBOSE,
)

#: Words that take a dot without ending a sentence (lower case, no dot).
ABBREVIATIONS = word_set(
    """
    mr mrs ms dr prof sr jr st mt ft gen lt col maj capt cmdr adm sgt cpl pvt sen rep gov
    rev hon pres supt insp det messrs mme mlle no nos vol vols fig figs approx est dept
    univ assn bros corp inc ltd co plc jan feb mar apr jun jul aug sep sept oct nov dec mon
    tue tues wed thu thur thurs fri sat sun vs etc al cf ca vs e g i e op ave blvd rd
    """
)

_ENDERS = frozenset(".!?…")

#: Short words that Title Case headlines capitalise but running text does not.
TITLE_CASE_FUNCTION_WORDS = word_set(
    """
    a an the and but or nor for of to in on at by with from into onto over under as after
    before amid against about up off out near than its his her their our is are was were be
    will can could would should may not no new says say set
    """
)


class Token:
    """One token: ``text == source[start:end]``, with casing flags computed once."""

    __slots__ = (
        "end",
        "is_alpha",
        "is_cap",
        "is_upper",
        "kind",
        "line",
        "sent_start",
        "start",
        "text",
    )

    def __init__(self, text: str, start: int, end: int, kind: str, line: int = 0) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.kind = kind  # "word", "abbr", "poss", "num" or "other"
        self.line = line
        self.sent_start = False
        #: A word or dotted abbreviation.
        self.is_alpha = kind == "word" or kind == "abbr"
        #: Starts with an upper-case letter.
        self.is_cap = self.is_alpha and text[0].isupper()
        #: All letters upper case and more than one letter ("NATO", "U.S.").
        self.is_upper = (
            self.is_cap
            and len(text) > 1
            and text.isupper()
            and (kind == "word" or sum(c.isalpha() for c in text) > 1)
        )

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end}, {self.kind!r})"


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, flagging sentence starts and line numbers."""
    tokens: list[Token] = []
    append = tokens.append
    line = 0
    prev_end = 0
    at_start = True
    find = text.find
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        if start > prev_end and find("\n", prev_end, start) >= 0:
            line += text.count("\n", prev_end, start)
            at_start = True
        kind = match.lastgroup or "other"
        word = match.group()
        tok = Token(word, start, end, kind, line)
        if kind == "word" or kind == "num" or kind == "abbr":
            tok.sent_start = at_start
            # "... in the U.S. The talks" -- a dotted abbreviation may end a sentence.
            at_start = kind == "abbr" and word.endswith(".")
        elif kind == "other":
            if word in _ENDERS:
                prev = tokens[-1] if tokens else None
                if not (
                    word == "." and prev is not None and prev.end == start and _abbrev_dot(prev)
                ):
                    at_start = True
            elif word == ":":
                at_start = True
        append(tok)
        prev_end = end
    return tokens


def _abbrev_dot(prev: Token) -> bool:
    """True if a dot right after ``prev`` marks an abbreviation or an initial."""
    if prev.kind != "word":
        return False
    if len(prev.text) == 1 and prev.text.isupper():
        return True
    return prev.text.lower() in ABBREVIATIONS


def line_modes(tokens: list[Token], common: frozenset[str] | set[str]) -> dict[int, str]:
    """Casing mode of each line: "caps" (all-caps headline), "title" (Title Case) or "normal"."""
    stats: dict[int, list[int]] = {}
    cap_function: set[int] = set()
    for tok in tokens:
        if tok.kind != "word" or len(tok.text) < 2:
            continue
        st = stats.setdefault(tok.line, [0, 0, 0, 0])
        st[0] += 1
        if tok.is_upper:
            st[1] += 1
        if not tok.sent_start and tok.text.lower() in common:
            st[2] += 1
            if tok.text[0].isupper():
                st[3] += 1
                if tok.text.lower() in TITLE_CASE_FUNCTION_WORDS:
                    cap_function.add(tok.line)
    modes: dict[int, str] = {}
    for line, (n, upper, n_common, cap_common) in stats.items():
        if upper and upper >= 0.7 * n:
            modes[line] = "caps"
        elif cap_common >= 2 and cap_common >= 0.6 * n_common and line in cap_function:
            modes[line] = "title"
        else:
            modes[line] = "normal"
    return modes
