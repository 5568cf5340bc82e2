"""Canonical names: per mention, within one article, and across a corpus."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from briefing.entities import curated
from briefing.entities.cancel import CHECK_EVERY, Cancelled, checked
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


def _non_person_map(
    canonicals: Iterable[str], cancelled: Cancelled | None = None
) -> dict[str, str]:
    """Unify case/dot variants of the same name ("Nato"/"NATO", "OSCE"/"O.S.C.E.")."""
    by_key: dict[str, Counter[str]] = {}
    for canon in canonicals:
        by_key.setdefault(key_of(canon), Counter())[canon] += 1
    out: dict[str, str] = {}
    for forms in checked(by_key.values(), cancelled, CHECK_EVERY):
        rep = _representative(forms)
        for form in forms:
            out[form] = rep
    return out


def _person_map(
    names: Iterable[str], preferred: set[str], cancelled: Cancelled | None = None
) -> dict[str, str]:
    mapping = cluster_person_names(names, cancelled)
    if not preferred:
        return mapping
    # A declared (gazetteer) name is the representative of whatever cluster it lands in.
    by_rep: dict[str, str] = {}
    for raw, rep in mapping.items():
        if raw in preferred:
            by_rep.setdefault(rep, raw)
    return {raw: by_rep.get(rep, rep) for raw, rep in mapping.items()}


def _name_parser() -> Callable[[str], PersonName]:
    """:meth:`PersonName.parse`, remembering each name it was given (for one call)."""
    seen: dict[str, PersonName] = {}

    def parse(text: str) -> PersonName:
        found = seen.get(text)
        if found is None:
            found = seen[text] = PersonName.parse(text)
        return found

    return parse


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
    *,
    cancelled: Cancelled | None = None,
) -> dict[str, list[Mention]]:
    """Unify canonical names across articles.

    A surname-only mention takes the full name of the same person seen elsewhere ("Lavrov"
    -> "Sergey Lavrov"); spelling variants (Sergei/Sergey, Zelensky/Zelenskiy/Zelenskyy),
    middle initials and acronym casing are merged. Within an article, a surname prefers a full
    name used in that article. Returns new lists; inputs are not modified.

    ``cancelled()`` (optional) is asked between articles and every few hundred names or
    mentions (at 10,000 articles, at least every few milliseconds); once it returns true
    this raises :class:`~briefing.entities.ResolveCancelled` and returns nothing.
    """
    preferred = gazetteer.canonical_names() if gazetteer is not None else set()
    articles = mentions_by_article.values()
    person_mentions: list[Mention] = []
    canonicals: set[str] = set()
    for mentions in checked(articles, cancelled):
        persons = [m for m in mentions if m.label == "PERSON"]
        person_mentions += persons
        canonicals.update(m.canonical for m in persons)
    # Every canonical once, plus each full name as written: the representative spelling of a
    # person is the one most often written out in full, not the one behind most surnames.
    names = list(canonicals)
    names += [
        full
        for m in checked(person_mentions, cancelled, CHECK_EVERY)
        if len((full := clean_name(m.text)).split()) > 1
    ]
    person_map = _person_map(names, preferred, cancelled) if names else {}
    others = (
        m.canonical for ms in checked(articles, cancelled) for m in ms if m.label in _NAME_LABELS
    )
    other_map = _non_person_map(others, cancelled)
    parse = _name_parser()
    result: dict[str, list[Mention]] = {}
    for article_id, mentions in checked(mentions_by_article.items(), cancelled):
        local_full = [
            person_map.get(m.canonical, m.canonical)
            for m in mentions
            if m.label == "PERSON" and parse(m.canonical).given
        ]
        # surname -> the most frequent full name in this article with a similar surname
        local_names: dict[str, str | None] = {}
        big = len(mentions) > CHECK_EVERY
        out: list[Mention] = []
        for m in checked(mentions, cancelled, CHECK_EVERY) if big else mentions:
            if m.label == "PERSON":
                canon = person_map.get(m.canonical, m.canonical)
                parsed = parse(m.canonical)
                if not parsed.given:
                    if parsed.surname not in local_names:
                        local_names[parsed.surname] = _local_full_name(
                            local_full, parsed.surname, parse, cancelled if big else None
                        )
                    found = local_names[parsed.surname]
                    if found is not None:
                        canon = found
            elif m.label in _NAME_LABELS:
                canon = other_map.get(m.canonical, m.canonical)
            else:
                canon = m.canonical
            out.append(m if canon == m.canonical else dataclasses.replace(m, canonical=canon))
        result[article_id] = out
    return result


def _local_full_name(
    local_full: list[str],
    surname: str,
    parse: Callable[[str], PersonName],
    cancelled: Cancelled | None,
) -> str | None:
    """The most frequent of ``local_full`` whose surname is similar to ``surname``."""
    local = [
        f
        for f in checked(local_full, cancelled, CHECK_EVERY)
        if similar_words(parse(f).surname, surname)
    ]
    return Counter(local).most_common(1)[0][0] if local else None
