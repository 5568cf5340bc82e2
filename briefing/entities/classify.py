"""Labels for one name run: titles, lexicons, keywords, name cues, context, guesses."""

from __future__ import annotations

import re

from briefing.entities import curated
from briefing.entities.curated import word_set
from briefing.entities.document import (
    MEDIUM,
    NOT_ENTITIES,
    ORG_WORDS,
    STRONG,
    WEAK,
    Cand,
    Doc,
    lower_word,
)
from briefing.entities.lexicon import key_of
from briefing.entities.runs import is_weak

_NAME_SUFFIXES = word_set("jr sr ii iii iv")
_CORP_ABBREVIATIONS = word_set("inc corp co ltd bros jr sr")
_PLACE_PREPS = word_set("in near outside across throughout")
_ROMAN = word_set("II III IV VI VII VIII IX XI XII")
_SURNAME_PREFIX = re.compile(r"^(?:Mc|Mac|O['’]|Fitz)[A-Z]")


def content(doc: Doc, run: list[int]) -> list[int]:
    return [k for k in run if doc.tokens[k].is_alpha]


def known_prefix(doc: Doc, run: list[int], start: int) -> tuple[int, str] | None:
    """Longest lexicon phrase starting at run[start]: (tokens used, label)."""
    best: tuple[int, str] | None = None
    limit = min(len(run), start + doc.lex.max_phrase * 2)
    for end in range(start, limit):
        if not doc.tokens[run[end]].is_alpha:
            continue
        label = doc.lex.lookup(doc.span_text(run[start], run[end]))
        if label is not None:
            best = (end - start + 1, label)
    return best


def _title_end(doc: Doc, run: list[int], k: int) -> int:
    """Position after the title that has its head at run[k] ("Secretary of State", "Minister")."""
    toks = doc.tokens
    end = k + 1
    while end < len(run):
        tok = toks[run[end]]
        low = lower_word(tok)
        if tok.text in ("-", "‐", "."):
            end += 1
            continue
        if low in curated.TITLE_HEADS or (low in curated.TITLE_MODIFIERS and tok.is_alpha):
            end += 1
            continue
        if low == "of" and lower_word(toks[run[end - 1]]) in (
            curated.TITLE_OF_HEADS | curated.TITLE_OF_HEADS_MORE
        ):
            m = end + 1
            while m < len(run) and m - end <= 3:
                word = toks[run[m]].text
                if doc.lex.is_common(word) or word.lower() in curated.TITLE_MODIFIERS:
                    m += 1
                else:
                    break
            if m > end + 1:
                end = m
                continue
        break
    return end


def _title_split(doc: Doc, run: list[int]) -> tuple[int, int] | None:
    """(title start, name start) positions in ``run`` if it reads [prefix] TITLE NAME."""
    toks = doc.tokens
    k = 0
    while k < len(run):
        low = lower_word(toks[run[k]])
        if low not in curated.TITLE_HEADS or not toks[run[k]].is_alpha:
            k += 1
            continue
        end = _title_end(doc, run, k)
        name_start = end
        while name_start < len(run) and not toks[run[name_start]].is_alpha:
            name_start += 1
        name = run[name_start:]
        if name and has_keyword(doc, name, ORG_WORDS | curated.LOC_KEYWORDS):
            return None  # "General Motors", "Prime Minister's Office"
        if name and all(lower_word(toks[i]) in _NAME_SUFFIXES for i in name if toks[i].is_alpha):
            return None  # "Martin Luther King Jr."
        if (
            k > 0
            and doc.lex.is_first_name(toks[run[0]].text)
            and not doc.lex.lookup(toks[run[0]].text)
        ):
            return None  # "Martin Luther King", "Carole King": a surname, not a title
        start = k
        while start > 0 and (
            lower_word(toks[run[start - 1]]) in curated.TITLE_MODIFIERS
            or lower_word(toks[run[start - 1]]) in curated.TITLE_HEADS
            or toks[run[start - 1]].text in ("-", "‐")
        ):
            start -= 1
        return start, name_start
    return None


def has_keyword(doc: Doc, idx: list[int], words: frozenset[str]) -> bool:
    return any(lower_word(doc.tokens[k]) in words for k in idx)


def looks_like_person(doc: Doc, idx: list[int]) -> int:
    """Strength with which content tokens ``idx`` look like a person name (0 = not)."""
    toks = doc.tokens
    words = [toks[k].text for k in idx]
    if not words:
        return 0
    lex = doc.lex
    first = words[0]
    if len(words) >= 2:
        if first in curated.SURNAME_FIRST:
            return STRONG
        if (
            lex.is_first_name(first)
            and not toks[idx[0]].is_upper
            and (not lex.is_common(first) or not lex.is_common(words[1]))
        ):
            return STRONG
        if any(len(w) == 1 for w in words[1:-1]):
            return STRONG  # middle initial
        if len(words[0]) == 1 and not lex.is_common(words[-1]):
            return STRONG  # "M. Waugh"
        last = key_of(words[-1])
        if (last in lex.last_names and not lex.is_common(words[-1])) or words[-1].lower().endswith(
            curated.SURNAME_SUFFIXES
        ):
            return MEDIUM
    return 0


def _classify(doc: Doc, idx: list[int]) -> tuple[str, int] | None:
    """Label and strength for a run without title, from its own words."""
    toks = doc.tokens
    if not idx:
        return None
    text = doc.span_text(idx[0], idx[-1])
    label = doc.lex.lookup(text)
    if label:
        return label, STRONG
    n = len([k for k in idx if toks[k].is_alpha])
    if n >= 2 or lower_word(toks[idx[-1]]) in ORG_WORDS:
        if has_keyword(doc, idx[1:], ORG_WORDS) or (
            n >= 2 and lower_word(toks[idx[0]]) in ORG_WORDS
        ):
            return "ORG", STRONG
        if has_keyword(doc, idx[1:], curated.LOC_KEYWORDS) or lower_word(toks[idx[0]]) in {
            "mount",
            "mt",
            "lake",
        }:
            return "LOC", STRONG
        if has_keyword(doc, idx[1:], curated.GPE_KEYWORDS):
            return "GPE", STRONG
    person = looks_like_person(doc, [k for k in idx if toks[k].is_alpha])
    if person:
        return "PERSON", person
    return None


def _context_label(doc: Doc, first: int, last: int) -> tuple[str, int] | None:
    """Cues around a span: role words, speech verbs, place prepositions."""
    toks = doc.tokens
    prev = toks[first - 1] if first > 0 else None
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    nxt2 = toks[last + 2] if last + 2 < len(toks) else None
    if prev is not None and prev.kind == "word" and prev.text.islower():
        if prev.text in curated.PERSON_ROLE_WORDS:
            return "PERSON", MEDIUM
        if (
            prev.text in ("said", "says", "added", "asked")
            and nxt is not None
            and nxt.text in ".,;"
        ):
            return "PERSON", MEDIUM  # '..., said Blinken.'
    if prev is not None and prev.text == "," and first >= 2:
        before = toks[first - 2]
        if before.kind == "word" and before.text in curated.PERSON_ROLE_WORDS:
            return "PERSON", MEDIUM  # "the ministry's spokeswoman, Maria X,"
    if nxt is not None and nxt.kind == "word" and nxt.text in curated.PERSON_AFTER_VERBS:
        return "PERSON", MEDIUM if last > first else WEAK
    if (
        nxt is not None
        and nxt.text == ","
        and nxt2 is not None
        and (nxt2.text in ("who", "whose") or (nxt2.kind == "num" and len(nxt2.text) <= 2))
    ):
        return "PERSON", MEDIUM  # "X, who ...", "X, 45, ..."
    if prev is not None and prev.text in _PLACE_PREPS:
        return "GPE", WEAK
    return None


def _dateline(doc: Doc, run: list[int]) -> tuple[str, int] | None:
    """ "WASHINGTON —", "AL-AIN ,": an all-capitals place name opening a line."""
    toks = doc.tokens
    first, last = run[0], run[-1]
    if first > 0 and toks[first - 1].line == toks[first].line:
        return None
    if not all(toks[k].is_upper or not toks[k].is_alpha for k in run):
        return None
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    if nxt is not None and nxt.line == toks[last].line and nxt.text in (",", "—", "–", "-", "("):
        return "GPE", MEDIUM
    return None


def _guess(doc: Doc, idx: list[int]) -> tuple[str, int]:
    """Last-resort label from the shape of the words."""
    toks = doc.tokens
    words = [toks[k] for k in idx if toks[k].is_alpha]
    if len(words) == 1:
        tok = words[0]
        low = tok.text.lower()
        if tok.is_upper and doc.mode(idx[0]) != "caps" and len(tok.text) <= 6:
            return "ORG", WEAK
        if low.endswith(curated.PLACE_SUFFIXES):
            return "GPE", WEAK
        if (
            low.endswith(curated.SURNAME_SUFFIXES)
            or doc.lex.is_first_name(tok.text)
            or _SURNAME_PREFIX.match(tok.text)
        ):
            return "PERSON", WEAK
        return "ORG", WEAK
    if all(w.is_upper for w in words) and doc.mode(idx[0]) != "caps":
        return "ORG", WEAK
    lex = doc.lex
    if any(toks[k].text in ("-", "‐", "&") for k in idx) and not lex.is_first_name(words[0].text):
        return "ORG", WEAK  # "Rolls-Royce", "Procter & Gamble"
    if any(lex.lookup(w.text) == "ORG" for w in words):
        return "ORG", WEAK  # "Gazprom Neft"
    if lex.lookup(words[0].text) in ("GPE", "NORP") or lex.lookup(words[-1].text) == "GPE":
        return "ORG", WEAK  # "Moscow Dynamo", "Atletico Madrid"
    if lex.is_common(words[-1].text) and key_of(words[-1].text) not in lex.last_names:
        return "ORG", WEAK  # "Nord Stream"
    return "PERSON", WEAK


def emit_run(doc: Doc, run: list[int], out: list[Cand]) -> None:
    """Turn one run into zero or more candidates."""
    toks = doc.tokens
    # Trim non-word tokens at the edges.
    while run and not toks[run[0]].is_alpha:
        run = run[1:]
    while run and not toks[run[-1]].is_alpha:
        run = run[:-1]
    if not run:
        return
    last = run[-1]
    if (
        lower_word(toks[last]) in _CORP_ABBREVIATIONS
        and last + 1 < len(toks)
        and toks[last + 1].text == "."
        and toks[last + 1].start == toks[last].end
    ):
        run = [*run, last + 1]  # "Apple Inc."
    weak_cap = any(is_weak(doc, k) for k in run)
    whole = doc.lex.lookup(doc.span_text(run[0], run[-1]))
    if whole:
        out.append(Cand(run[0], run[-1], whole, STRONG))
        return
    split = _title_split(doc, run)
    if split is not None:
        title_start, name_start = split
        name = run[name_start:]
        if title_start > 0:
            prefix = run[:title_start]
            while prefix and not toks[prefix[-1]].is_alpha:
                prefix = prefix[:-1]
            if prefix:
                _emit_prefix(doc, prefix, out)
        if name:
            _emit_person(doc, name, STRONG, out)
        return
    known = known_prefix(doc, run, 0)
    if known is not None and known[1] == "NORP" and known[0] < len(run):
        rest = run[known[0] :]
        words = [toks[k] for k in content(doc, rest)]
        strength = looks_like_person(doc, content(doc, rest))
        if not strength and len(words) >= 2 and not any(doc.lex.is_common(t.text) for t in words):
            strength = WEAK
        if strength and not has_keyword(doc, rest, ORG_WORDS):
            # "Russian Dmitriy Bogdanov", "Dutchman Arnoud Okken"
            out.append(Cand(run[0], run[known[0] - 1], "NORP", STRONG))
            _emit_person(doc, rest, strength, out)
            return
    label = _classify(doc, run)
    if label is None:
        pieces = _split_known(doc, run)
        if pieces is not None:
            out.extend(pieces)
            return
        context = _context_label(doc, run[0], run[-1])
        alpha = [toks[k] for k in run if toks[k].is_alpha]
        ordinary = all(
            (doc.lex.is_common(t.text) and not t.is_upper) or t.text in _ROMAN for t in alpha
        )
        person_cue = context is not None and context[0] == "PERSON" and context[1] >= MEDIUM
        if ordinary and not person_cue:
            return  # "World War", "Group C": ordinary words we cannot type
        if all(t.text.upper() in NOT_ENTITIES for t in alpha):
            return
        if len(alpha) == 1 and alpha[0].is_upper and doc.mode(run[0]) != "caps":
            label = _dateline(doc, run)
            if label is None and len(alpha[0].text) > 3 and doc.lex.is_common(alpha[0].text):
                return  # "UPDATE", "NOTE": a shouted ordinary word
            label = label or ("ORG", WEAK)  # an acronym
        else:
            label = context or _dateline(doc, run) or _guess(doc, run)
    if label[0] == "PERSON":
        _emit_person(doc, run, label[1], out)
        return
    out.append(Cand(run[0], run[-1], label[0], label[1], weak_cap=weak_cap))


def _emit_prefix(doc: Doc, run: list[int], out: list[Cand]) -> None:
    """The part before a title: "Russian", "U.S.", "US Senate Foreign Relations"."""
    whole = doc.lex.lookup(doc.span_text(run[0], run[-1]))
    if whole:
        out.append(Cand(run[0], run[-1], whole, STRONG))
        return
    label = _classify(doc, run)
    if label is not None and label[0] != "PERSON":
        out.append(Cand(run[0], run[-1], label[0], label[1]))
        return
    _emit_known(doc, run, out)


def _emit_person(doc: Doc, name: list[int], strength: int, out: list[Cand]) -> None:
    """A PERSON over ``name``, cut before a trailing known word ("Lavrov American")."""
    toks = doc.tokens
    if any(toks[k].text in ("(", ")") for k in name):
        # "(Vladimir) Putin": one mention per part, one canonical name.
        words = [k for k in name if toks[k].is_alpha]
        canonical = " ".join(toks[k].text for k in words)
        for k in words:
            out.append(Cand(k, k, "PERSON", strength, canonical=canonical))
        return
    alpha = [p for p, k in enumerate(name) if toks[k].is_alpha]
    for p in alpha[1:]:
        k = name[p]
        word = toks[k].text
        if doc.lex.is_first_name(word) or toks[name[p - 1]].text in ("-", "‐"):
            continue
        if doc.lex.lookup(word) == "NORP":
            head = name[:p]
            while head and not toks[head[-1]].is_alpha:
                head = head[:-1]
            if head:
                out.append(Cand(head[0], head[-1], "PERSON", strength))
            _emit_known(doc, name[p:], out)
            return
    out.append(Cand(name[0], name[-1], "PERSON", strength))


def _emit_known(doc: Doc, run: list[int], out: list[Cand]) -> None:
    pos = 0
    while pos < len(run):
        known = known_prefix(doc, run, pos)
        if known is None:
            pos += 1
            continue
        used, label = known
        out.append(Cand(run[pos], run[pos + used - 1], label, STRONG))
        pos += used


def _split_known(doc: Doc, run: list[int]) -> list[Cand] | None:
    """Split a run made of known names ("Russia Ukraine"), or a known prefix plus a person."""
    pieces: list[Cand] = []
    pos = 0
    while pos < len(run):
        if not doc.tokens[run[pos]].is_alpha:
            pos += 1
            continue
        known = known_prefix(doc, run, pos)
        if known is None:
            break
        used, label = known
        pieces.append(Cand(run[pos], run[pos + used - 1], label, STRONG))
        pos += used
    if not pieces:
        return None
    rest = [k for k in run[pos:] if doc.tokens[k].is_alpha]
    if not rest:
        return pieces if len(pieces) > 1 else None
    if pieces[-1].label == "NORP" and all(doc.lex.is_common(doc.tokens[k].text) for k in rest):
        return []  # "Asian Cup": a name of its own we have no label for
    strength = looks_like_person(doc, rest)
    if strength >= MEDIUM:
        pieces.append(Cand(run[pos], run[-1], "PERSON", strength))
        return pieces
    return None
