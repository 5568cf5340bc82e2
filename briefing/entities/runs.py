"""Candidate name runs: capitalised tokens joined by dots, hyphens, "of" and particles."""

from __future__ import annotations

from briefing.entities import curated
from briefing.entities.curated import word_set
from briefing.entities.document import ORG_WORDS, Doc, lower_word
from briefing.entities.names import NAME_PARTICLES
from briefing.entities.tokens import ABBREVIATIONS, Token

_OF_HEADS = (
    ORG_WORDS
    | curated.LOC_KEYWORDS
    | curated.GPE_KEYWORDS
    | curated.TITLE_OF_HEADS
    | curated.TITLE_OF_HEADS_MORE
    | {"house", "chamber", "duke", "duchess", "earl", "bishop", "archbishop", "sultan"}
)
_POSSESSIVE_INSIDE = word_set(
    "people peoples workers women children veterans citizens farmers nations"
)
_HYPHEN_PREFIXES = word_set("pro anti ex non post pre neo then self mid trans pan inter intra")
#: No name is longer than this many tokens; the cap keeps hostile input linear.
MAX_RUN = 16
_CONTRACTIONS = ("'s", "'re", "'m", "'ve", "'ll", "'d", "n't")


def capish(doc: Doc, i: int) -> bool:
    """A token that could be part of a name (capitalised word, not excluded)."""
    tok = doc.tokens[i]
    if doc.blocked[i] or not tok.is_cap:
        return False
    if tok.text in curated.NEVER_NAME and not tok.is_upper:
        return False
    plain = tok.text.replace("’", "'")
    if "'" in plain and plain.lower().endswith(_CONTRACTIONS):
        return False  # "We're", "I'm", "Don't"
    if len(tok.text) == 1 and tok.kind == "word":
        # A lone capital letter is an initial only when a dot follows ("V.").
        nxt = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None
        return nxt is not None and nxt.text == "." and nxt.start == tok.end
    return True


def is_weak(doc: Doc, i: int) -> bool:
    """A capitalised token that may just be an ordinary word (sentence start, headline)."""
    tok = doc.tokens[i]
    mode = doc.mode(i)
    if mode == "caps" and len(tok.text) <= 3 and tok.kind == "word":
        # "GF GA PTS" table headers; "ICE HOCKEY" is no agency.
        return doc.lex.lookup(tok.text) is None or doc.lex.is_common(tok.text)
    if len(tok.text) == 1:
        return False  # an initial ("M. Waugh")
    if mode == "normal" and not tok.sent_start:
        return False
    if tok.kind == "abbr" or (tok.is_upper and mode != "caps"):
        return False
    if not doc.lex.is_common(tok.text):
        return False
    # Country names and nationalities are capitalised words even when "turkey" is a word.
    label = doc.lex.lookup(tok.text)
    return label not in ("GPE", "NORP", "LOC")


def _strong_at(doc: Doc, i: int) -> bool:
    return i < len(doc.tokens) and capish(doc, i) and not is_weak(doc, i)


def _weak_ok(doc: Doc, i: int) -> bool:
    """Keep a weak token when it introduces a name: a title, an org word or a given name."""
    low = lower_word(doc.tokens[i])
    if (
        _org_ahead(doc, i + 1)
        and i + 1 < len(doc.tokens)
        and doc.tokens[i + 1].start > doc.tokens[i].end
    ):
        return True  # "Apple Inc.", "Interior Ministry" at a sentence start
    for j in range(i + 1, min(i + 4, len(doc.tokens))):
        if doc.tokens[j].line != doc.tokens[i].line or not doc.tokens[j].is_alpha:
            break
        if doc.lex.lookup(doc.span_text(i, j)) is not None:
            return True  # "White House", "United States" at a sentence start
    j = i + 1
    while j < len(doc.tokens) and (
        (
            lower_word(doc.tokens[j]) in curated.TITLE_MODIFIERS
            or lower_word(doc.tokens[j]) in ORG_WORDS
        )
        and doc.tokens[j].is_cap
    ):
        j += 1
    if j >= len(doc.tokens) or not _strong_at(doc, j) or doc.tokens[j].line != doc.tokens[i].line:
        # "Foreign Ministry" at a sentence start: keep if an org word follows within the run.
        return (
            low in curated.TITLE_MODIFIERS
            and j > i + 1
            and lower_word(doc.tokens[j - 1]) in ORG_WORDS
        )
    if low in curated.TITLE_HEADS or low in curated.TITLE_MODIFIERS or low in ORG_WORDS:
        return True
    if low in curated.LOC_KEYWORDS or low in curated.GPE_KEYWORDS:
        return True
    if doc.lex.is_first_name(doc.tokens[i].text):
        nxt = doc.tokens[j]
        return doc.lex.lookup(nxt.text) is None and not doc.lex.is_common(nxt.text)
    return False


def _member(doc: Doc, i: int) -> bool:
    return capish(doc, i) and (not is_weak(doc, i) or _weak_ok(doc, i))


def _adjacent(a: Token, b: Token) -> bool:
    return a.line == b.line


def find_runs(doc: Doc) -> list[list[int]]:
    """Maximal runs of name tokens with their inner connectors (token indices)."""
    toks = doc.tokens
    n = len(toks)
    runs: list[list[int]] = []
    i = 0
    while i < n:
        if (
            toks[i].text.lower() in _HYPHEN_PREFIXES
            and i + 2 < n
            and toks[i + 1].text in ("-", "‐")
            and toks[i + 1].start == toks[i].end
        ):
            i += 2  # "Pro-Russian", "Anti-NATO": the name starts after the prefix
            continue
        if not _member(doc, i):
            if toks[i].text in NAME_PARTICLES and _particle_start(doc, i):
                run = [i]  # "von der Leyen", "al-Assad" without a given name
            else:
                i += 1
                continue
        else:
            run = [i]
        j = i + 1
        while j < n and len(run) < MAX_RUN:
            tok = toks[j]
            prev = toks[run[-1]]
            if not _adjacent(prev, tok):
                break
            if capish(doc, j) and (
                not is_weak(doc, j) or _weak_ok(doc, j) or doc.mode(j) == "normal"
            ):
                run.append(j)
                j += 1
                continue
            step = _connector(doc, run, j)
            if step:
                run.extend(range(j, j + step))
                j += step
                continue
            break
        runs.append(run)
        i = j
    return runs


def _org_ahead(doc: Doc, j: int) -> bool:
    """True if capitalised words from ``j`` reach an organisation keyword on the same line."""
    toks = doc.tokens
    for k in range(j, min(j + 4, len(toks))):
        if not toks[k].is_cap or toks[k].line != toks[j].line:
            return False
        if lower_word(toks[k]) in ORG_WORDS:
            return True
    return False


def _particle_start(doc: Doc, i: int) -> bool:
    """A lower-case surname particle that opens a name ("von der Leyen", "al-Assad")."""
    toks = doc.tokens
    k = i + 1
    while k < len(toks) and toks[k].text in NAME_PARTICLES and k - i < 3:
        k += 1
    if k < len(toks) and toks[k].text in ("-", "‐") and toks[k].start == toks[k - 1].end:
        k += 1
    if k >= len(toks) or toks[k].line != toks[i].line or not _strong_at(doc, k):
        return False
    word = toks[k].text
    return doc.lex.lookup(word) is None and not doc.lex.is_common(word)


def _connector(doc: Doc, run: list[int], j: int) -> int:
    """How many tokens from ``j`` join the run (0 if none): dots, hyphens, "of", particles."""
    toks = doc.tokens
    n = len(toks)
    tok = toks[j]
    prev = toks[run[-1]]

    def name_at(k: int) -> bool:
        return k < n and capish(doc, k) and toks[k].line == tok.line

    text = tok.text
    if text == "." and tok.start == prev.end and prev.kind == "word":
        if (len(prev.text) == 1 or prev.text.lower() in ABBREVIATIONS) and name_at(j + 1):
            return 1
        return 0
    if text in ("-", "‐", "&") and tok.start == prev.end and j + 1 < n:
        nxt = toks[j + 1]
        if nxt.start == tok.end and name_at(j + 1):
            return 1
        return 0
    if tok.kind == "poss" and lower_word(prev) in _POSSESSIVE_INSIDE and name_at(j + 1):
        return 1
    if (
        text == "("
        and lower_word(prev) in curated.TITLE_HEADS
        and name_at(j + 1)
        and j + 3 < n
        and toks[j + 2].text == ")"
        and name_at(j + 3)
    ):
        return 3  # "President (Vladimir) Putin"
    if tok.kind != "word" or not tok.text.islower():
        return 0
    low = tok.text
    if low in NAME_PARTICLES:
        k = j + 1
        while k < n and toks[k].text in NAME_PARTICLES and k - j < 3:
            k += 1  # "von der Leyen"
        if name_at(k):
            return k - j
        # "al-Assad": particle, hyphen, name.
        if (
            j + 2 < n
            and toks[j + 1].text == "-"
            and toks[j + 1].start == tok.end
            and name_at(j + 2)
        ):
            return 2
        return 0
    content = [lower_word(toks[k]) for k in run if toks[k].is_alpha]
    has_org = any(w in ORG_WORDS for w in content)
    if low == "of" and content and content[-1] in _OF_HEADS:
        if name_at(j + 1):
            return 1
        if j + 2 < n and toks[j + 1].text == "the" and name_at(j + 2):
            return 2
        return 0
    linked = any(toks[k].text in ("of", "for") for k in run)
    if low in ("for", "on") and has_org and name_at(j + 1):
        return 1
    if low == "and" and not has_org and name_at(j + 1) and _org_ahead(doc, j + 1):
        return 1  # "Food and Agriculture Organization"
    if (
        low == "and"
        and has_org
        and linked
        and name_at(j + 1)
        and doc.lex.lookup(toks[j + 1].text) is None
        and (
            any(toks[k].text == "for" for k in run)
            or (doc.lex.is_common(toks[j + 1].text) and not name_at(j + 2))
        )
    ):
        return 1  # "Organization for Security and Cooperation", "Finance and Economy"
    if low == "in" and has_org and any(toks[k].text == "for" for k in run) and name_at(j + 1):
        return 1
    return 0
