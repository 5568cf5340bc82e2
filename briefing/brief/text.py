"""Word-level helpers for the briefing: tokens, a light stemmer, stop words, fingerprints."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "STOPWORDS",
    "content_stems",
    "fingerprint",
    "norm_tokens",
    "stem",
    "wordset",
]


def wordset(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words`` as a frozenset."""
    return frozenset(words.split())


#: Function words ignored when comparing sentences (lower case).
STOPWORDS = wordset(
    """a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can cannot could couldn did didn do does doesn doing
    don down during each either even ever every few for from further had hadn has hasn have
    haven having he her here hers herself him himself his how however i if in into is isn it its
    itself just least less let like ll made make many may me might more most much must mustn my
    myself neither no nor not now of off on once one only or other others otherwise our ours
    ourselves out over own per perhaps rather re s same says said say shall shan she should
    shouldn since so some such t than that the their theirs them themselves then there these
    they this those though through thus to too toward towards under until up upon us ve very via
    was wasn we were weren what whatever when where whether which while who whom whose why will
    with within without won would wouldn yet you your yours yourself yourselves mr mrs ms dr
    told tell tells according"""
)

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019.][^\W_]+)*")
_VOWEL = re.compile(r"[aeiouy]")
_DOUBLE = re.compile(r"([^aeiouslz])\1$")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English stemmer (plural, -ed, -ing, -ly) on a lower-case word.

    It only has to map inflections of one word to one key for matching; it is a cheap subset of
    Porter's step 1 and is deliberately conservative with short words.
    """
    w = word
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ingly", "edly", "ing", "ed"):
        if w.endswith(suffix) and _VOWEL.search(w[: -len(suffix)]) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if _DOUBLE.search(w):
                w = w[:-1]
            elif w.endswith(("at", "bl", "iz")):
                w += "e"
            break
    if w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def _fix(tok: str) -> str:
    tok = tok.replace("\u2019", "'")
    if tok.endswith("'s"):
        tok = tok[:-2]
    return tok.replace(".", "")


def norm_tokens(text: str) -> list[str]:
    """Lower-case word tokens (possessive 's and inner dots dropped)."""
    toks = _TOKEN.findall(text.lower())
    if "'" in text or "\u2019" in text or "." in text:
        toks = [t if t.isalnum() else _fix(t) for t in toks]
        toks = [t for t in toks if t]
    return toks


def content_stems(text: str) -> list[str]:
    """Stems of the non-stop-word tokens of ``text``, in order."""
    return [
        stem(t) for t in norm_tokens(text) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())
    ]


_NUMBER = re.compile(r"\d[\d,.]*")
_QUOTED = re.compile(r"[\"\u201c\u201d]([^\"\u201c\u201d]{12,})[\"\u201c\u201d]")


def fingerprint(text: str) -> frozenset[str]:
    """Tokens that survive paraphrase: numbers, capitalised words and words inside quotes.

    A machine "spun" rewrite swaps common words for synonyms but keeps names, figures and
    quotations, so these overlap strongly between an article and its rewrite.
    """
    out = set()
    for m in _NUMBER.finditer(text):
        out.add("#" + m.group().rstrip(".,"))
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok[0].isupper() and len(tok) > 1 and tok.lower() not in STOPWORDS:
            out.add(tok.lower().replace("\u2019", "'"))
    for m in _QUOTED.finditer(text):
        for tok in norm_tokens(m.group(1)):
            if tok not in STOPWORDS:
                out.add("q:" + tok)
    return frozenset(out)
