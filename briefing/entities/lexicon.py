"""Word lists used by the recognizer, loaded once from the package's data folder."""

from __future__ import annotations

import gzip
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from briefing.entities import curated

DATA = Path(__file__).resolve().parent / "data"
#: Cities at least this big keep their name even when it is also a given name.
BIG_CITY = 1_000_000


def fold(text: str) -> str:
    """Lower-case, accent-free form of ``text``."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 16)
def key_of(text: str) -> str:
    """Comparison key: folded, dots dropped, curly apostrophes straightened, spaces collapsed."""
    text = text.replace("’", "'").replace(".", "")
    return " ".join(fold(text).split())


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All built-in lists; ``known`` maps :func:`key_of` keys to labels."""

    common: frozenset[str]
    first_names: frozenset[str]
    last_names: frozenset[str]
    known: dict[str, str]
    #: Keys of short acronyms ("US", "UN", "AP"): only matched when written in capitals.
    caps_only: frozenset[str]
    max_phrase: int

    def lookup(self, text: str) -> str | None:
        """The label of a known name (place, group, organisation), or None."""
        key = key_of(text)
        label = self.known.get(key)
        if label is None:
            return None
        if key in self.caps_only and not _letters(text).isupper():
            return None
        return label

    def is_common(self, word: str) -> bool:
        """True for an ordinary lower-case English word ("police", "will")."""
        return word.lower() in self.common

    def is_first_name(self, word: str) -> bool:
        """True for a known given name."""
        return key_of(word) in self.first_names


def _read_lines(name: str) -> list[str]:
    path = DATA / name
    if name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            raw = fh.read()
    else:
        raw = path.read_text(encoding="utf-8")
    return [line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#")]


@cache
def lexicon() -> Lexicon:
    """The shared, lazily loaded lexicon (tens of milliseconds on first use)."""
    common = frozenset(_read_lines("common_words.txt.gz"))
    first = {key_of(n) for n in _read_lines("census_first_names.txt")}
    first |= {key_of(n) for n in curated.INTL_FIRST_NAMES}
    last = frozenset(key_of(n) for n in _read_lines("census_last_names.txt"))
    known: dict[str, str] = {}
    caps_only: set[str] = set()

    def add(name: str, label: str) -> None:
        key = key_of(name)
        if not key:
            return
        known[key] = label
        letters = _letters(name)
        if len(letters) <= 3 and letters.isupper():
            caps_only.add(key)

    for line in _read_lines("geonames_places.tsv"):
        name, label, kind, *rest = [*line.split("\t"), "", ""][:4]
        # Town names that are also given names ("Salem") or very short ("Ann") mislead.
        small_town = kind == "city" and int(rest[0] or 0) < BIG_CITY
        if small_town and (key_of(name) in first or len(_letters(name)) <= 3):
            continue
        add(name, label or "GPE")
    for name, label in curated.EXTRA_PLACES.items():
        add(name, label)
    for name in curated.NORP_PHRASES:
        add(name, "NORP")
    for name in (*curated.KNOWN_ORGS, *curated.KNOWN_ORG_PHRASES):
        add(name, "ORG")
    for alias, canonical in curated.ALIASES.items():
        ckey = key_of(canonical)
        label = known.get(ckey, "ORG")
        if alias not in known:
            known[alias] = label
            if len(alias) <= 3 and alias.isalpha():
                caps_only.add(alias)
    max_phrase = max(len(k.split()) for k in known)
    return Lexicon(
        common=common,
        first_names=frozenset(first),
        last_names=last,
        known=known,
        caps_only=frozenset(caps_only),
        max_phrase=min(max_phrase, 8),
    )
