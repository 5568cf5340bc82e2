"""Document-level passes: consistent labels, surnames, compounds, acronyms."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter, defaultdict

from briefing.entities import curated
from briefing.entities.document import MEDIUM, STRONG, USER, Cand, Doc
from briefing.entities.lexicon import key_of
from briefing.entities.names import NAME_PARTICLES, clean_name
from briefing.models import Mention


def doc_consistency(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Relabel weak guesses from confident mentions of the same name; resolve surnames."""
    toks = doc.tokens
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    surnames: dict[str, Counter[str]] = defaultdict(Counter)
    for c in cands:
        key = key_of(doc.span_text(c.first, c.last))
        if c.strength >= MEDIUM:
            votes[key][c.label] += c.strength
        if c.label == "PERSON" and c.strength >= MEDIUM:
            words = clean_name(doc.span_text(c.first, c.last)).split()
            if len(words) >= 2:
                full = " ".join(words)
                surnames[key_of(words[-1])][full] += 1
                if "-" in words[-1] and words[-1].split("-", 1)[0].lower() in NAME_PARTICLES:
                    surnames[key_of(words[-1].split("-", 1)[1])][full] += 1  # al-Assad
                if words[0] in curated.SURNAME_FIRST:
                    surnames[key_of(words[0])][full] += 1
    org_heads: dict[str, str] = {}
    for c in cands:
        if c.label == "ORG" and c.strength >= STRONG and c.last > c.first:
            head = toks[c.first]
            if (
                head.is_alpha
                and not doc.lex.is_common(head.text)
                and doc.lex.lookup(head.text) is None
            ):
                org_heads.setdefault(key_of(head.text), doc.span_text(c.first, c.last))
    out: list[Cand] = []
    for c in cands:
        text = doc.span_text(c.first, c.last)
        key = key_of(text)
        n_words = sum(1 for k in range(c.first, c.last + 1) if toks[k].is_alpha)
        if c.strength < STRONG and n_words > 1:
            split = _split_compound(doc, c, votes, surnames)
            if split:
                out.extend(split)
                continue
        if c.strength < USER:
            if n_words == 1 and key in surnames and c.label in ("PERSON", "ORG", "GPE", "LOC"):
                if c.strength < STRONG or c.label == "PERSON":
                    c.label, c.strength = "PERSON", max(c.strength, MEDIUM)
                    c.canonical = _pick_full(surnames[key])
            elif c.strength < STRONG and n_words == 1 and key in org_heads:
                c.label, c.strength = "ORG", MEDIUM
            elif c.strength < STRONG and key in votes:
                label = votes[key].most_common(1)[0][0]
                c.label = label
                c.strength = MEDIUM
        out.append(c)
    return out


def _pick_full(counts: Counter[str]) -> str:
    return min(counts, key=lambda n: (-counts[n], -len(n), n))


def _split_compound(
    doc: Doc, c: Cand, votes: dict[str, Counter[str]], surnames: dict[str, Counter[str]]
) -> list[Cand] | None:
    """Split "Blinken-Lavrov" into parts that are each known in the document."""
    toks = doc.tokens
    idx = [k for k in range(c.first, c.last + 1) if toks[k].is_alpha]
    if not all(toks[k].text not in ("-",) for k in idx):
        return None
    parts: list[Cand] = []
    for k in idx:
        key = key_of(toks[k].text)
        if key in surnames:
            parts.append(Cand(k, k, "PERSON", MEDIUM, canonical=_pick_full(surnames[key])))
        elif key in votes:
            parts.append(Cand(k, k, votes[key].most_common(1)[0][0], MEDIUM))
        else:
            return None
    hyphens = [k for k in range(c.first, c.last + 1) if toks[k].text in ("-", "‐")]
    return parts if hyphens and len(parts) == len(hyphens) + 1 else None


def rescue(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Add ordinary-looking capitalised tokens (sentence start, headlines) that the document
    elsewhere names confidently ("BLINKEN", "Bush said")."""
    toks = doc.tokens
    confident: dict[str, tuple[str, str | None]] = {}
    for c in cands:
        if c.strength >= MEDIUM:
            words = [toks[k] for k in range(c.first, c.last + 1) if toks[k].is_alpha]
            key = key_of(doc.span_text(c.first, c.last))
            confident.setdefault(key, (c.label, c.canonical))
            if c.label == "PERSON" and len(words) >= 2:
                confident.setdefault(key_of(words[-1].text), ("PERSON", None))
    covered = [False] * len(toks)
    for c in cands:
        for k in range(c.first, c.last + 1):
            covered[k] = True
    extra: list[Cand] = []
    for i, tok in enumerate(toks):
        if covered[i] or doc.blocked[i] or not tok.is_cap:
            continue
        key = key_of(tok.text)
        hit = confident.get(key)
        if hit is not None and len(key) > 2:
            extra.append(Cand(i, i, hit[0], MEDIUM, canonical=hit[1]))
    return sorted([*cands, *extra], key=lambda c: c.first)


_INITIAL_SKIP = frozenset({"of", "for", "and", "the", "in", "on", "de", "du", "des", "&"})


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in _INITIAL_SKIP)


def link_acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Food and Agriculture Organization (FAO)": the acronym shares the long name's canonical."""
    links: dict[str, str] = {}
    for long, short in itertools.pairwise(mentions):
        if long.label not in ("ORG", "GPE", "LOC") or not short.text.isupper():
            continue
        between = text[long.end : short.start]
        if between.strip() != "(" or text[short.end : short.end + 1] != ")":
            continue
        letters = "".join(c for c in short.text if c.isalpha())
        if _initials(long.text).upper() != letters:
            continue
        if short.canonical != short.text:  # the alias table knows it ("OSCE", "NATO")
            links[long.canonical] = short.canonical
        else:
            links[short.canonical] = long.canonical
    if not links:
        return mentions
    return [
        dataclasses.replace(m, canonical=links[m.canonical], label=_label_of(mentions, links, m))
        if m.canonical in links
        else m
        for m in mentions
    ]


def _label_of(mentions: list[Mention], links: dict[str, str], m: Mention) -> str:
    """An acronym takes the label of the name it abbreviates."""
    target = links[m.canonical]
    for other in mentions:
        if other.canonical == target and other.text != m.text:
            return other.label
    return m.label
