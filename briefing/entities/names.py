"""Person-name normalisation, spelling-variant keys and clustering of name variants."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from briefing.entities import curated
from briefing.entities.cancel import CHECK_EVERY, Cancelled, checked
from briefing.entities.curated import word_set
from briefing.entities.lexicon import fold, key_of

#: Lower-case particles inside surnames ("von der Leyen", "de Gaulle").
NAME_PARTICLES = word_set(
    "de da di du del della der den van von la le al el bin ibn ben dos das ter zu af"
)
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ash|as|an|at|az)[-‐]", re.IGNORECASE)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
_INITIAL = re.compile(r"^[^\W\d_]\.?$")
_POSSESSIVE = re.compile(r"['’][sS]?$")


def clean_name(text: str) -> str:
    """A person name without possessive, middle initials, suffixes or odd spacing.

    "Sergey V. Lavrov" -> "Sergey Lavrov"; "Blinken’s" -> "Blinken"; "J. Blinken" -> "J. Blinken"
    (a lone leading initial is kept when nothing else precedes the surname).
    """
    words = _POSSESSIVE.sub("", text.strip()).replace(",", " ").split()
    if not words:
        return text.strip()
    words = [w for w in words if key_of(w) not in _SUFFIXES] or words
    if len(words) > 2:
        inner = [w for w in words[1:-1] if not _INITIAL.match(w)]
        words = [words[0], *inner, words[-1]]
    return " ".join(words)


_NON_LETTER = re.compile(r"[^a-z]")
_DOUBLE = re.compile(r"(.)\1+")
_TRAILING_I = re.compile(r"i+$")
_TRAILING_EI = re.compile(r"(?<=.)ei$")


@lru_cache(maxsize=1 << 15)
def spelling_key(word: str) -> str:
    """A coarse key under which transliteration variants collide.

    Sergei/Sergey, Zelensky/Zelenskiy/Zelenskyy, Aleksandr/Alexander all share one key.
    """
    s = _NON_LETTER.sub("", fold(_ARTICLE_PREFIX.sub("", word)))
    s = s.replace("ks", "x").replace("kh", "h").replace("ph", "f").replace("ck", "k")
    s = s.replace("w", "v").replace("y", "i").replace("j", "i")
    s = _DOUBLE.sub(r"\1", s)
    s = _TRAILING_I.sub("i", s)
    return _TRAILING_EI.sub("i", s)


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        best = i
        for j, cb in enumerate(b, 1):
            val = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            cur.append(val)
            best = min(best, val)
        if best > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def similar_words(a: str, b: str) -> bool:
    """True if two name words are spelling variants of each other."""
    ka, kb = spelling_key(a), spelling_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if ka[0] != kb[0]:
        return False
    shorter = min(len(ka), len(kb))
    if shorter >= 8:
        return _edit_distance(ka, kb, 2) <= 2
    if shorter >= 5:
        return _edit_distance(ka, kb, 1) <= 1
    return False


@dataclass(slots=True)
class PersonName:
    """A cleaned name split into given names and a surname."""

    text: str
    given: tuple[str, ...]
    surname: str

    @classmethod
    def parse(cls, text: str) -> PersonName:
        words = clean_name(text).split()
        if not words:
            return cls(text, (), text)
        if len(words) > 1 and words[0] in curated.SURNAME_FIRST:
            return cls(" ".join(words), tuple(words[1:]), words[0])
        given = tuple(w for w in words[:-1] if w.lower() not in NAME_PARTICLES)
        return cls(" ".join(words), given, words[-1])


def _given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:
        return True
    x, y = a[0].rstrip("."), b[0].rstrip(".")
    if len(x) == 1 or len(y) == 1:
        return x[0].lower() == y[0].lower()
    return similar_words(x, y)


@dataclass(slots=True)
class _Cluster:
    surname_key: str
    full: Counter[str] = field(default_factory=Counter)
    short: Counter[str] = field(default_factory=Counter)
    given: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return sum(self.full.values()) + sum(self.short.values())

    def representative(self) -> str:
        if self.full:
            return _pick(self.full)
        return _pick(self.short)


def _pick(counts: Counter[str]) -> str:
    """Most frequent form; ties go to the longer, then the alphabetically first."""
    return min(counts, key=lambda name: (-counts[name], -len(name), name))


_CHECK_NAMES = 32
"""Names clustered between two calls of ``cancelled()`` (about 60 us each at 10,000 articles)."""


def _deletion_variants(key: str, most: int = 2) -> set[str]:
    """``key`` with up to ``most`` letters deleted."""
    variants = {key}
    frontier = {key}
    for _ in range(min(most, len(key) - 1)):
        frontier = {word[:i] + word[i + 1 :] for word in frontier for i in range(len(word))}
        variants |= frontier
    return variants


def cluster_person_names(
    names: Iterable[str], cancelled: Cancelled | None = None
) -> dict[str, str]:
    """Map each (cleaned or raw) person name to the representative name of its cluster.

    Names cluster when their surnames are spelling variants and their given names agree
    (or one of them has none). A surname-only name joins the single full-name cluster with
    that surname, or the dominant one when several exist. ``cancelled()`` is asked every few
    dozen names; once it is true this raises :class:`~briefing.entities.cancel.ResolveCancelled`.
    """
    counts = Counter(names)
    parsed = {raw: PersonName.parse(raw) for raw in checked(counts, cancelled, CHECK_EVERY)}
    groups: dict[str, list[_Cluster]] = {}  # clusters grouped by similar surname
    # Surnames whose key may be a spelling variant of another (5+ letters), indexed by every
    # variant of their key with up to two letters deleted: two keys within edit distance 2
    # share such a variant, so only those surnames are compared (not all with one initial).
    near: dict[str, list[tuple[int, str]]] = {}

    def group_for(surname: str) -> list[_Cluster]:
        key = spelling_key(surname) or surname.lower()
        group = groups.get(key)
        if group is not None:
            return group
        if len(key) >= 5:  # shorter keys are variants only when equal (found above)
            variants = _deletion_variants(key)
            candidates = sorted({found for v in variants for found in near.get(v, ())})
            for _, other in candidates:  # in the order they were first seen
                if similar_words(other, surname):
                    groups[key] = groups[spelling_key(other) or other.lower()]
                    return groups[key]
            entry = (len(near), surname)
            for variant in variants:
                near.setdefault(variant, []).append(entry)
        groups[key] = []
        return groups[key]

    # Full names first (most frequent first), so surname-only names can attach to them.
    order = sorted(counts, key=lambda r: (not parsed[r].given, -counts[r], r))
    assignment: dict[str, _Cluster] = {}
    for raw in checked(order, cancelled, _CHECK_NAMES):
        name = parsed[raw]
        group = group_for(name.surname)
        if name.given:
            target = next(
                (c for c in group if any(_given_compatible(name.given, g) for g in c.given)), None
            )
            if target is None:
                target = _Cluster(spelling_key(name.surname))
                group.append(target)
            target.full[name.text] += counts[raw]
            target.given.append(name.given)
        else:
            full = [c for c in group if c.full]
            if len(full) == 1:
                target = full[0]
            elif full:
                ranked = sorted(full, key=lambda c: -c.weight)
                target = ranked[0] if ranked[0].weight > ranked[1].weight else None
                if target is None:
                    target = next((c for c in group if not c.full), None) or _Cluster(
                        spelling_key(name.surname)
                    )
                    if target not in group:
                        group.append(target)
            else:
                target = group[0] if group else _Cluster(spelling_key(name.surname))
                if target not in group:
                    group.append(target)
            target.short[name.text] += counts[raw]
        assignment[raw] = target
    return {raw: cluster.representative() for raw, cluster in assignment.items()}
