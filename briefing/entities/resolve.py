"""Canonical names: per mention, within one article, and across a corpus."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from briefing.entities import curated
from briefing.entities.lexicon import key_of
from briefing.entities.names import PersonName, clean_name, cluster_person_names, similar_words
from briefing.models import Mention

if TYPE_CHECKING:  # pragma: no cover
    from briefing.entities.gazetteer import Gazetteer

_NAME_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP"})


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def canonical_for(surface: str, label: str) -> str:
    """The canonical name of one mention taken alone.

    PERSON: cleaned name ("Sergey V. Lavrov" -> "Sergey Lavrov"); places and organisations:
    the built-in alias table ("U.S." -> "United States", "Nato" -> "NATO"); others: the text
    with whitespace collapsed.
    """
    text = " ".join(surface.split())
    if label == "PERSON":
        return clean_name(text)
    if label in _NAME_LABELS:
        text = _strip_possessive(text)
        key = key_of(text)
        if key.startswith("the "):
            key = key[4:]
        alias = curated.ALIASES.get(key)
        if alias:
            return alias
        letters = [c for c in text if c.isalpha()]
        if 2 <= len(letters) <= 6 and " " not in text and text.upper() in curated.KNOWN_ORGS:
            return text.upper()
        return text
    return text


def _representative(forms: Counter[str]) -> str:
    """Prefer an all-capitals acronym, then the most frequent, then the longest form."""
    acronyms = [f for f in forms if f.isupper() and len(f) <= 8]
    pool = acronyms or list(forms)
    return min(pool, key=lambda f: (-forms[f], -len(f), f))


def _non_person_map(canonicals: Iterable[str]) -> dict[str, str]:
    """Unify case/dot variants of the same name ("Nato"/"NATO", "OSCE"/"O.S.C.E.")."""
    by_key: dict[str, Counter[str]] = {}
    for canon in canonicals:
        by_key.setdefault(key_of(canon), Counter())[canon] += 1
    out: dict[str, str] = {}
    for forms in by_key.values():
        rep = _representative(forms)
        for form in forms:
            out[form] = rep
    return out


def _person_map(names: Iterable[str], preferred: set[str]) -> dict[str, str]:
    mapping = cluster_person_names(names)
    if not preferred:
        return mapping
    # A declared (gazetteer) name is the representative of whatever cluster it lands in.
    by_rep: dict[str, str] = {}
    for raw, rep in mapping.items():
        if raw in preferred:
            by_rep.setdefault(rep, raw)
    return {raw: by_rep.get(rep, rep) for raw, rep in mapping.items()}


def unify_mentions(mentions: list[Mention], gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Give variants of the same name inside one article one canonical name."""
    preferred = gazetteer.canonical_names() if gazetteer is not None else set()
    persons = [m.canonical for m in mentions if m.label == "PERSON"]
    person_map = _person_map(persons, preferred) if persons else {}
    others = [m.canonical for m in mentions if m.label in _NAME_LABELS]
    other_map = _non_person_map(others)
    out: list[Mention] = []
    for m in mentions:
        if m.label == "PERSON":
            canon = person_map.get(m.canonical, m.canonical)
        elif m.label in _NAME_LABELS:
            canon = other_map.get(m.canonical, m.canonical)
        else:
            canon = m.canonical
        out.append(m if canon == m.canonical else dataclasses.replace(m, canonical=canon))
    return out


def resolve_corpus(
    mentions_by_article: Mapping[str, list[Mention]],
    gazetteer: Gazetteer | None = None,
) -> dict[str, list[Mention]]:
    """Unify canonical names across articles.

    A surname-only mention takes the full name of the same person seen elsewhere ("Lavrov"
    -> "Sergey Lavrov"); spelling variants (Sergei/Sergey, Zelensky/Zelenskiy/Zelenskyy),
    middle initials and acronym casing are merged. Within an article, a surname prefers a full
    name used in that article. Returns new lists; inputs are not modified.
    """
    preferred = gazetteer.canonical_names() if gazetteer is not None else set()
    person_mentions = [m for ms in mentions_by_article.values() for m in ms if m.label == "PERSON"]
    # Every canonical once, plus each full name as written: the representative spelling of a
    # person is the one most often written out in full, not the one behind most surnames.
    names = list({m.canonical for m in person_mentions})
    names += [clean_name(m.text) for m in person_mentions if len(clean_name(m.text).split()) > 1]
    person_map = _person_map(names, preferred) if names else {}
    others = [
        m.canonical for ms in mentions_by_article.values() for m in ms if m.label in _NAME_LABELS
    ]
    other_map = _non_person_map(others)
    result: dict[str, list[Mention]] = {}
    for article_id, mentions in mentions_by_article.items():
        local_full = [
            person_map.get(m.canonical, m.canonical)
            for m in mentions
            if m.label == "PERSON" and len(PersonName.parse(m.canonical).given) > 0
        ]
        out: list[Mention] = []
        for m in mentions:
            if m.label == "PERSON":
                canon = person_map.get(m.canonical, m.canonical)
                parsed = PersonName.parse(m.canonical)
                if not parsed.given:
                    local = [
                        f
                        for f in local_full
                        if similar_words(PersonName.parse(f).surname, parsed.surname)
                    ]
                    if local:
                        canon = Counter(local).most_common(1)[0][0]
            elif m.label in _NAME_LABELS:
                canon = other_map.get(m.canonical, m.canonical)
            else:
                canon = m.canonical
            out.append(m if canon == m.canonical else dataclasses.replace(m, canonical=canon))
        result[article_id] = out
    return result
