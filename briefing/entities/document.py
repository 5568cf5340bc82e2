"""Shared state of one recognizer run: tokens, lexicon, candidates, strengths."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.entities import curated
from briefing.entities.curated import word_set
from briefing.entities.lexicon import Lexicon
from briefing.entities.tokens import Token, line_modes, tokenize

#: Strength of a decision: user gazetteer > lexicon/keyword/title > cue > guess.
USER, STRONG, MEDIUM, WEAK = 4, 3, 2, 1

#: Head nouns that make a capitalised run an organisation.
ORG_WORDS = curated.ORG_KEYWORDS | frozenset({"electric", "fleet", "house", "chamber"})

#: Upper-case abbreviations that are not names.
NOT_ENTITIES = word_set(
    """
    GDP GNP CEO CFO COO CTO AI TV PM AM UTC GMT LNG EV IPO ID DNA RNA HIV AIDS UFO OK FAQ PDF
    URL HQ PR VAT GST CPI PMI ETF ESG COVID SARS MP MPS RSS HTML API USB GPS SMS PC CD DVD
    """
)


def lower_word(tok: Token) -> str:
    """The token in lower case without a trailing dot ("Gen." -> "gen")."""
    return tok.text.lower().rstrip(".")


@dataclass(slots=True)
class Cand:
    """A candidate mention over tokens [first, last] (inclusive)."""

    first: int
    last: int
    label: str
    strength: int
    canonical: str | None = None
    weak_cap: bool = False  # built from tokens that might be ordinary capitalised words


class Doc:
    """Per-text state shared by the recognizer steps."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.tokens = tokenize(text)
        self.modes = line_modes(self.tokens, lex.common)
        self.blocked = [False] * len(self.tokens)  # covered by a numeric or gazetteer mention

    def span_text(self, first: int, last: int) -> str:
        """Source text from token ``first`` to token ``last`` (inclusive)."""
        return self.text[self.tokens[first].start : self.tokens[last].end]

    def mode(self, i: int) -> str:
        """Casing mode ("normal", "title", "caps") of the line holding token ``i``."""
        return self.modes.get(self.tokens[i].line, "normal")
