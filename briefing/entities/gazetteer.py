"""User gazetteer: entities declared in the corpus ``entities:`` block, matched by name/alias."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing.entities import curated
from briefing.entities.lexicon import key_of, lexicon
from briefing.entities.names import PersonName, clean_name, similar_words
from briefing.entities.tokens import Token, tokenize
from briefing.models import LABELS, EntitySpec

#: Spellings of entity types accepted in corpus.yaml, mapped to our labels.
_TYPE_ALIASES = {
    "PER": "PERSON",
    "PEOPLE": "PERSON",
    "HUMAN": "PERSON",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "COMPANY": "ORG",
    "INSTITUTION": "ORG",
    "AGENCY": "ORG",
    "COUNTRY": "GPE",
    "CITY": "GPE",
    "STATE": "GPE",
    "NATION": "GPE",
    "LOCATION": "LOC",
    "PLACE": "LOC",
    "REGION": "LOC",
    "NATIONALITY": "NORP",
    "GROUP": "NORP",
}
_SKIP = frozenset({".", "-", "‐"})


def normalize_label(kind: str | None) -> str:
    """Map a corpus entity type ("person", "country", "org") to a Mention label (default ORG)."""
    upper = (kind or "").strip().upper().replace("-", "_")
    if upper in LABELS:
        return upper
    return _TYPE_ALIASES.get(upper, "ORG")


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    """A gazetteer hit over tokens [first, last] (inclusive)."""

    first: int
    last: int
    label: str
    canonical: str


@dataclass(frozen=True, slots=True)
class _Entry:
    words: tuple[str, ...]  # the alias as written, one item per matched token
    canonical: str
    label: str
    case_free: bool  # alias written all in lower case: match any casing
    given: tuple[str, ...] | None = None  # set for an implicit surname alias of a person


def _words(text: str) -> list[str]:
    return [t.text for t in tokenize(text) if t.kind != "other" or t.text not in _SKIP]


def _strip_title(words: list[str]) -> list[str]:
    """Drop leading honorifics/titles ("Mr. Lavrov" -> "Lavrov") when a name remains."""
    k = 0
    while k < len(words) - 1:
        low = words[k].lower().rstrip(".")
        if low in curated.TITLE_HEADS or low in curated.TITLE_MODIFIERS or words[k] == ".":
            k += 1
        else:
            break
    return words[k:] if k < len(words) else words


class Gazetteer:
    """Index of user entities; :meth:`find` returns the longest matches in a token list."""

    def __init__(self, entries: Iterable[_Entry] = (), sides: dict[str, str] | None = None):
        self._index: dict[str, list[_Entry]] = {}
        self._canonical: dict[str, tuple[str, str]] = {}
        self.sides: dict[str, str] = dict(sides or {})
        for entry in entries:
            self._add(entry)

    def _add(self, entry: _Entry) -> None:
        if not entry.words:
            return
        bucket = self._index.setdefault(key_of(entry.words[0]), [])
        if all(e.words != entry.words for e in bucket):
            bucket.append(entry)
            bucket.sort(key=lambda e: -len(e.words))
        self._canonical.setdefault(key_of(" ".join(entry.words)), (entry.canonical, entry.label))

    @classmethod
    def from_specs(cls, specs: Iterable[EntitySpec]) -> Gazetteer:
        """Build from corpus entity specs (name, type, aliases, side)."""
        specs = list(specs)
        lex = lexicon()
        entries: list[_Entry] = []
        sides: dict[str, str] = {}
        surname_owner: dict[str, set[str]] = {}
        for spec in specs:
            label = normalize_label(spec.type)
            if spec.side:
                sides[spec.name] = spec.side
            names = [spec.name, *spec.aliases]
            for name in names:
                words = _strip_title(_words(name))
                if not words:
                    continue
                case_free = not any(c.isupper() for c in name)
                entries.append(_Entry(tuple(words), spec.name, label, case_free))
                if label == "PERSON":
                    cleaned = clean_name(" ".join(words)).split()
                    if cleaned != words and cleaned:
                        entries.append(_Entry(tuple(cleaned), spec.name, label, case_free))
                    if len(cleaned) >= 2:
                        surname = cleaned[0] if cleaned[0] in curated.SURNAME_FIRST else cleaned[-1]
                        surname_owner.setdefault(surname, set()).add(spec.name)
        # A surname alone resolves to its person when no other declared entity shares it.
        explicit = {e.words for e in entries}
        for surname, owners in surname_owner.items():
            if len(owners) != 1 or len(surname) < 3 or lex.is_common(surname):
                continue
            if (surname,) in explicit:
                continue
            owner = next(iter(owners))
            given = tuple(PersonName.parse(owner).given)
            entries.append(_Entry((surname,), owner, "PERSON", False, given))
        return cls(entries, sides)

    def __len__(self) -> int:
        return len(self._canonical)

    def lookup(self, name: str) -> tuple[str, str] | None:
        """(canonical, label) for a declared name or alias, or None."""
        return self._canonical.get(key_of(name))

    def canonical_names(self) -> set[str]:
        """The declared canonical names."""
        return {canonical for canonical, _ in self._canonical.values()}

    def side_of(self, canonical: str) -> str | None:
        """The declared ``side`` of an entity, if any."""
        return self.sides.get(canonical)

    def find(self, tokens: Sequence[Token], text: str) -> list[GazetteerMatch]:
        """Longest non-overlapping matches of declared names in ``tokens``."""
        del text  # offsets come from the tokens
        out: list[GazetteerMatch] = []
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            bucket = self._index.get(key_of(tok.text)) if tok.kind != "other" else None
            hit: GazetteerMatch | None = None
            for entry in bucket or ():
                last = _match(tokens, i, entry)
                if last is None:
                    continue
                first = i
                if entry.given is not None:
                    # "Sergey Lavrov" for a declared "Sergei Lavrov": take the given name too,
                    # but "Hunter Biden" is not a declared "Joe Biden".
                    first = _given_start(tokens, i, entry.given, out[-1].last if out else -1)
                    if first is None:
                        continue
                hit = GazetteerMatch(first, last, entry.label, entry.canonical)
                break
            if hit is None:
                i += 1
                continue
            out.append(hit)
            i = hit.last + 1
        return out


def _given_start(tokens: Sequence[Token], i: int, given: tuple[str, ...], floor: int) -> int | None:
    """Start of the name ending in the surname at ``i``; None if its given name disagrees."""
    k = i - 1
    words: list[int] = []
    while k > floor and len(words) < 3:
        tok = tokens[k]
        if tok.line != tokens[i].line:
            break
        if tok.text == "." and k - 1 > floor and len(tokens[k - 1].text) == 1:
            k -= 1  # a middle initial "V."
            continue
        if tok.kind != "word" or not tok.is_cap or tok.text.lower() in _TITLE_WORDS:
            break
        words.append(k)
        k -= 1
    if not words:
        return i
    first_word = tokens[words[-1]].text
    if not given:
        return words[-1]
    if len(first_word) == 1:
        return words[-1] if first_word.lower() == given[0][:1].lower() else None
    return words[-1] if similar_words(first_word, given[0]) else None


_TITLE_WORDS = curated.TITLE_HEADS | curated.TITLE_MODIFIERS


def _match(tokens: Sequence[Token], i: int, entry: _Entry) -> int | None:
    """Index of the last token if ``entry`` matches at ``i`` with acceptable casing."""
    k = i
    last = i
    for w_index, word in enumerate(entry.words):
        while (
            w_index > 0
            and k < len(tokens)
            and tokens[k].kind == "other"
            and tokens[k].text in _SKIP
        ):
            if tokens[k].start != tokens[k - 1].end:
                return None
            k += 1
        if k >= len(tokens):
            return None
        tok = tokens[k]
        if tok.line != tokens[i].line or key_of(tok.text) != key_of(word):
            return None
        if not entry.case_free and not _case_ok(tok.text, word):
            return None
        last = k
        k += 1
    # Do not stop inside a hyphenated or dotted word ("Lavrov-led" is fine, "Lavrov.com" not).
    return last


def _case_ok(surface: str, alias_word: str) -> bool:
    """Casing rule: "NATO" matches NATO/Nato, not "nato"; "US" only US; "Lavrov" not "lavrov"."""
    letters = [c for c in alias_word if c.isalpha()]
    if not letters:
        return True
    if not alias_word[0].isupper():
        return True  # a lower-case word inside a name ("of", "al")
    if not surface[:1].isupper():
        return False
    if len(letters) <= 3 and all(c.isupper() for c in letters):
        return all(c.isupper() for c in surface if c.isalpha())
    return True
