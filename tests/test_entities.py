"""Tests for the offline named-entity recognizer (briefing.entities)."""

from __future__ import annotations

import pytest

from briefing.entities import Gazetteer, extract_entities, normalize_label, resolve_corpus
from briefing.models import LABELS, EntitySpec, Mention

ARTICLE = (
    "Diplomats Trade Warnings Over Border Crisis\n"
    "GENEVA — Russian Foreign Minister Sergey Lavrov met U.S. Secretary of State Antony "
    "Blinken on Friday, Jan. 21, 2022, at the headquarters of the Organization for Security "
    "and Cooperation in Europe (OSCE).\n"
    "Mr. Lavrov said Moscow wanted guarantees from Nato. Blinken said the United States and "
    "its NATO allies would respond. President Vladimir Putin has massed 100,000 troops near "
    "Ukraine, and Ukrainian officials said prices rose 4.5% last week.\n"
    "The European Union pledged €1.2 billion at 10:30 a.m. local time."
)


def _by_text(mentions: list[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in mentions}


def _assert_valid(text: str, mentions: list[Mention]) -> None:
    last_end = -1
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end, "mentions overlap or are unsorted"
        assert m.end > m.start
        assert m.label in LABELS
        assert m.canonical
        last_end = m.end


# --------------------------------------------------------------------------- spans


def test_spans_are_exact_sorted_and_disjoint() -> None:
    mentions = extract_entities(ARTICLE)
    _assert_valid(ARTICLE, mentions)
    assert len(mentions) > 15


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t  ",
        "[sic] [NATO] [/] [bold]x[/bold] said Mr. [Name]",
        "\x1b[31mRussia\x1b[0m warned \x1b[1mNATO\x1b[22m on Monday",
        "Zürich, São Paulo and Kraków — Łódź’s “mayor” José Álvarez met Ólafur.",
        "e\u0301cole Cafe\u0301 Jose\u0301 Garci\u0301a visited Montre\u0301al",
        "😀 Emoji 🇺🇦 Ukraine ✓ \u200b\u200d zero width \ufeff BOM \u202e RTL",
        "A\u0000B\u0007C Lavrov\r\nBlinken\u2028Putin\u2029Biden",
        "中文 Русский текст: Сергей Лавров встретился с Блинкеном",
        ".,;:!?-—()[]{}\"'“”‘’ ... !!! ???",
        "U.S. U.S U.K. a.m. p.m. Mr. Dr. St. Jan. e.g. i.e.",
        "Mr.",
        "'s 's ’s",
    ],
)
def test_odd_text_passes_through_with_exact_offsets(text: str) -> None:
    mentions = extract_entities(text)
    _assert_valid(text, mentions)


def test_ansi_and_brackets_do_not_shift_offsets() -> None:
    text = "\x1b[31mSergey Lavrov\x1b[0m said [sic] that Antony Blinken [NATO] lied."
    mentions = extract_entities(text)
    _assert_valid(text, mentions)
    people = {m.text for m in mentions if m.label == "PERSON"}
    assert "Antony Blinken" in people


@pytest.mark.parametrize(
    "text",
    [
        " ".join(["Alpha Beta Gamma Delta"] * 3000) + "\n" + "word " * 5000,
        "Organization for Qwzx and " * 3000,
        "President " * 5000 + "Qwzx",
        "al-" * 5000 + "Assad",
    ],
)
def test_long_hostile_runs_are_handled(text: str) -> None:
    mentions = extract_entities(text)
    _assert_valid(text, mentions)


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("Officials said Angela Merkel would attend.", "Angela Merkel", "PERSON"),
        ("The talks were held by Gazprom and the World Bank.", "World Bank", "ORG"),
        ("The talks were held by Gazprom and the World Bank.", "Gazprom", "ORG"),
        ("Troops crossed into the Acme Mining Corporation site.", "Acme Mining Corporation", "ORG"),
        ("She flew from Stockholm to Latvia.", "Stockholm", "GPE"),
        ("She flew from Stockholm to Latvia.", "Latvia", "GPE"),
        ("Ships sailed across the Black Sea toward Europe.", "Black Sea", "LOC"),
        ("Ships sailed across the Black Sea toward Europe.", "Europe", "LOC"),
        ("Several Ukrainian and Polish officials agreed.", "Ukrainian", "NORP"),
        ("Many Muslims and Catholics attended.", "Muslims", "NORP"),
        ("The meeting is on December 2, 2021 in Riga.", "December 2, 2021", "DATE"),
        ("They met on Tuesday and again last week.", "Tuesday", "DATE"),
        ("They met on Tuesday and again last week.", "last week", "DATE"),
        ("The report came out in 2014.", "2014", "DATE"),
        ("Talks began at 10:30 a.m. and lasted 30 minutes.", "10:30 a.m.", "TIME"),
        ("Talks began at 10:30 a.m. and lasted 30 minutes.", "30 minutes", "TIME"),
        ("The fund lost $1.5 billion this quarter.", "$1.5 billion", "MONEY"),
        ("Sales fell to 200 million roubles.", "200 million roubles", "MONEY"),
        ("Prices rose 4.5% in a month.", "4.5%", "PERCENT"),
        ("Turnout was 62 percent.", "62 percent", "PERCENT"),
        ("About 100,000 troops and three brigades moved.", "100,000", "NUMBER"),
        ("About 100,000 troops and three brigades moved.", "three", "NUMBER"),
    ],
)
def test_each_label(text: str, surface: str, label: str) -> None:
    found = _by_text(extract_entities(text))
    assert surface in found, f"{surface!r} not found in {sorted(found)}"
    assert found[surface].label == label


def test_numbers_inside_names_are_not_numbers() -> None:
    found = _by_text(extract_entities("Eight F-35 jets and COVID-19 tests arrived in G7 states."))
    assert "35" not in found and "19" not in found and "7" not in found


def test_lowercase_month_words_are_not_dates() -> None:
    mentions = extract_entities("They may march in support, but the sun was out.")
    assert not [m for m in mentions if m.label == "DATE"]


def test_sentence_initial_common_words_are_not_entities() -> None:
    mentions = extract_entities(
        "However, officials said so. Police arrived. The Kremlin denied it."
    )
    assert [m.text for m in mentions] == ["Kremlin"]


def test_headline_title_case_keeps_only_names() -> None:
    text = "Blinken Trades Warnings With Russia's Lavrov Over Ukraine\nBlinken met Sergey Lavrov."
    head = [m.text for m in extract_entities(text) if m.start < text.index("\n")]
    assert head == ["Blinken", "Russia", "Lavrov", "Ukraine"]


def test_all_caps_headline_uses_lexicon_and_document() -> None:
    text = "LAVROV WARNS NATO OVER UKRAINE\nSergey Lavrov told NATO to stay away from Ukraine."
    found = {m.text: m for m in extract_entities(text) if m.start < text.index("\n")}
    assert set(found) == {"LAVROV", "NATO", "UKRAINE"}
    assert found["LAVROV"].label == "PERSON"
    assert found["LAVROV"].canonical == "Sergey Lavrov"
    assert found["UKRAINE"].label == "GPE"


def test_dateline_place() -> None:
    found = _by_text(extract_entities("KHARKIV, Ukraine — Shelling continued overnight."))
    assert found["KHARKIV"].label == "GPE"


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mr. Lavrov declined to comment.", "Lavrov"),
        ("The envoy met Secretary of State Antony Blinken today.", "Antony Blinken"),
        ("He called President Vladimir Putin twice.", "Vladimir Putin"),
        ("They met Russian Foreign Minister Sergey Lavrov in Geneva.", "Sergey Lavrov"),
        ("Later, Deputy Prime Minister Olha Stefanishyna spoke.", "Olha Stefanishyna"),
        ("Later, Secretary-General Jens Stoltenberg spoke.", "Jens Stoltenberg"),
        ("Officials said Gen. Valery Gerasimov was absent.", "Valery Gerasimov"),
    ],
)
def test_titles_are_not_part_of_names(text: str, name: str) -> None:
    people = [m for m in extract_entities(text) if m.label == "PERSON"]
    assert [m.text for m in people] == [name]


def test_nationality_before_title_is_its_own_mention() -> None:
    found = _by_text(extract_entities("They met Russian Foreign Minister Sergey Lavrov."))
    assert found["Russian"].label == "NORP"
    assert "Foreign Minister" not in " ".join(found)


def test_org_names_with_keywords_keep_their_title_words() -> None:
    found = _by_text(extract_entities("The Russian Ministry of Finance and General Motors agreed."))
    assert found["Russian Ministry of Finance"].label == "ORG"
    assert found["General Motors"].label == "ORG"


# --------------------------------------------------------------------------- aliases


def test_surname_and_title_resolve_within_article() -> None:
    text = "Sergey Lavrov arrived. Mr. Lavrov said little. Lavrov then left."
    lavrovs = [m for m in extract_entities(text) if "Lavrov" in m.text]
    assert [m.text for m in lavrovs] == ["Sergey Lavrov", "Lavrov", "Lavrov"]
    assert {m.canonical for m in lavrovs} == {"Sergey Lavrov"}
    assert {m.label for m in lavrovs} == {"PERSON"}


def test_middle_initial_and_spelling_variants_within_article() -> None:
    text = "Sergey V. Lavrov spoke first. Later Sergei Lavrov and Sergey Lavrov were quoted."
    canon = {m.canonical for m in extract_entities(text) if m.label == "PERSON"}
    assert canon == {"Sergey Lavrov"}


def test_country_and_org_abbreviations_share_canonical() -> None:
    text = "The U.S. and the US and the United States, with Nato and NATO and the U.K."
    found = extract_entities(text)
    us = {m.canonical for m in found if m.text in ("U.S.", "US", "United States")}
    assert us == {"United States"}
    assert {m.canonical for m in found if m.text.lower() == "nato"} == {"NATO"}
    assert {m.canonical for m in found if m.text == "U.K."} == {"United Kingdom"}


def test_acronym_defined_in_text() -> None:
    text = "The Organization for Security and Cooperation in Europe (OSCE) met. The OSCE said no."
    orgs = [m for m in extract_entities(text) if m.label == "ORG"]
    assert orgs[0].text == "Organization for Security and Cooperation in Europe"
    assert len({m.canonical for m in orgs}) == 1


def test_compound_of_known_names_is_split() -> None:
    text = "Antony Blinken met Sergey Lavrov. The Blinken-Lavrov meeting was short."
    parts = [m for m in extract_entities(text) if m.start > text.index("The")]
    assert [(m.text, m.canonical) for m in parts] == [
        ("Blinken", "Antony Blinken"),
        ("Lavrov", "Sergey Lavrov"),
    ]


def test_resolve_corpus_links_surnames_and_variants_across_articles() -> None:
    articles = {
        "a": "Russian Foreign Minister Sergei Lavrov met Volodymyr Zelensky's envoy in Kyiv.",
        "b": "Sergey V. Lavrov rejected the plan. Zelenskiy said Ukraine would not yield.",
        "c": "Lavrov and Zelenskyy did not meet; Mr. Lavrov flew home.",
        "d": "Sergey Lavrov spoke again on Monday.",
    }
    mentions = {key: extract_entities(text) for key, text in articles.items()}
    before = {key: list(ms) for key, ms in mentions.items()}
    resolved = resolve_corpus(mentions)
    assert mentions == before  # inputs untouched
    people = {(m.text, m.canonical) for ms in resolved.values() for m in ms if m.label == "PERSON"}
    lavrov = {canon for text, canon in people if "Lavrov" in text}
    zelensky = {canon for text, canon in people if "Zelensk" in text}
    assert lavrov == {"Sergey Lavrov"}
    assert zelensky == {"Volodymyr Zelensky"}
    for key, ms in resolved.items():
        assert [(m.text, m.start, m.end, m.label) for m in ms] == [
            (m.text, m.start, m.end, m.label) for m in mentions[key]
        ]


def test_resolve_corpus_prefers_full_name_in_same_article() -> None:
    mentions = {
        "a": extract_entities("Joe Biden spoke. Biden left."),
        "b": extract_entities("Hunter Biden testified. Biden was calm."),
    }
    resolved = resolve_corpus(mentions)
    assert {m.canonical for m in resolved["a"] if m.label == "PERSON"} == {"Joe Biden"}
    assert {m.canonical for m in resolved["b"] if m.label == "PERSON"} == {"Hunter Biden"}


def test_resolve_corpus_unifies_acronym_case() -> None:
    mentions = {
        "a": extract_entities("Nato leaders met the U.S. team."),
        "b": extract_entities("NATO said the US would help."),
    }
    resolved = resolve_corpus(mentions)
    canon = {m.text: m.canonical for ms in resolved.values() for m in ms}
    assert canon["Nato"] == canon["NATO"] == "NATO"
    assert canon["U.S."] == canon["US"] == "United States"


def test_different_people_with_different_surnames_stay_apart() -> None:
    mentions = {"a": extract_entities("Maria Zakharova and Maria Zakharchenko spoke.")}
    canon = {m.canonical for m in resolve_corpus(mentions)["a"] if m.label == "PERSON"}
    assert canon == {"Maria Zakharova", "Maria Zakharchenko"}


# --------------------------------------------------------------------------- gazetteer

SPECS = [
    EntitySpec("Sergey Lavrov", "person", ("Sergei Lavrov",), "Russia"),
    EntitySpec("NATO", "org", ("North Atlantic Treaty Organization",), "West"),
    EntitySpec("Nord Stream 2", "org", ("Nord Stream",)),
    EntitySpec("Donbas", "location", ("Donbass",)),
    EntitySpec("Kyiv", "city", ("Kiev",)),
]


def test_gazetteer_types_aliases_and_sides() -> None:
    gaz = Gazetteer.from_specs(SPECS)
    text = "Sergei Lavrov said Nato and the Nord Stream 2 pipeline matter in Donbass and Kiev."
    found = _by_text(extract_entities(text, gaz))
    assert found["Sergei Lavrov"].canonical == "Sergey Lavrov"
    assert found["Sergei Lavrov"].label == "PERSON"
    assert found["Nato"].canonical == "NATO" and found["Nato"].label == "ORG"
    assert found["Nord Stream 2"].label == "ORG"
    assert found["Donbass"].canonical == "Donbas" and found["Donbass"].label == "LOC"
    assert found["Kiev"].canonical == "Kyiv" and found["Kiev"].label == "GPE"
    assert gaz.side_of("Sergey Lavrov") == "Russia"
    assert gaz.lookup("north atlantic treaty organization") == ("NATO", "ORG")


def test_gazetteer_case_rules() -> None:
    gaz = Gazetteer.from_specs([EntitySpec("NATO", "ORG"), EntitySpec("US", "GPE")])
    found = _by_text(extract_entities("nato is not NATO, and us is not US but Nato is.", gaz))
    assert "nato" not in found and "us" not in found
    assert found["NATO"].label == "ORG" and found["Nato"].canonical == "NATO"
    assert found["US"].label == "GPE"


def test_gazetteer_surname_and_title_aliases() -> None:
    specs = [EntitySpec("Antony Blinken", "person", ("Mr. Blinken",))]
    text = "Mr. Blinken spoke, then Blinken left."
    mentions = [m for m in extract_entities(text, specs) if "Blinken" in m.text]
    assert [m.text for m in mentions] == ["Blinken", "Blinken"]
    assert {m.canonical for m in mentions} == {"Antony Blinken"}


def test_gazetteer_wins_over_rules() -> None:
    specs = [EntitySpec("Nord Stream 2", "ORG", ("Nord Stream",))]
    found = _by_text(extract_entities("Germany halted Nord Stream on Tuesday.", specs))
    assert found["Nord Stream"].label == "ORG"
    assert found["Nord Stream"].canonical == "Nord Stream 2"


def test_resolve_corpus_keeps_declared_canonical() -> None:
    gaz = Gazetteer.from_specs([EntitySpec("Sergei Lavrov", "person")])
    mentions = {
        "a": extract_entities("Sergey Lavrov spoke.", gaz),
        "b": extract_entities("Sergey Lavrov spoke. Sergei Lavrov left.", gaz),
    }
    resolved = resolve_corpus(mentions, gaz)
    canon = {m.canonical for ms in resolved.values() for m in ms if m.label == "PERSON"}
    assert canon == {"Sergei Lavrov"}


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("person", "PERSON"),
        ("PER", "PERSON"),
        ("org", "ORG"),
        ("country", "GPE"),
        ("location", "LOC"),
        ("nationality", "NORP"),
        ("GPE", "GPE"),
        ("", "ORG"),
        (None, "ORG"),
    ],
)
def test_normalize_label(kind: str | None, label: str) -> None:
    assert normalize_label(kind) == label


def test_public_api_from_package_root() -> None:
    import briefing

    assert briefing.extract_entities is extract_entities


def test_surname_index_finds_the_same_variants_as_comparing_all() -> None:
    """cluster_person_names compares a surname only with those sharing a deletion variant;
    the result must equal comparing it with every earlier surname (the quadratic rule)."""
    import random

    from briefing.entities import names as N

    rng = random.Random(5)

    def word() -> str:
        return rng.choice("ABCDE") + "".join(
            rng.choice("aeiounrstlkyjw") for _ in range(rng.randint(2, 9))
        )

    surnames = [word() for _ in range(400)] + ["Zelenskiy", "Zelensky", "Zelenskyy", "Lavrov"]
    rng.shuffle(surnames)
    seen: list[str] = []
    expected: dict[str, str] = {}  # surname -> first earlier similar surname (or itself)
    for surname in surnames:
        key = N.spelling_key(surname) or surname.lower()
        if any((N.spelling_key(o) or o.lower()) == key for o in seen):
            continue
        expected[surname] = next((o for o in seen if N.similar_words(o, surname)), surname)
        if expected[surname] == surname:
            seen.append(surname)
    mapping = N.cluster_person_names([f"Ann {s}" for s in surnames])
    for surname, first in expected.items():
        assert mapping[f"Ann {surname}"] == mapping[f"Ann {first}"], (surname, first)
    groups = {first for first in expected.values()}
    assert len({mapping[f"Ann {first}"] for first in groups}) == len(groups) > 100
