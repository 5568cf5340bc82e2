"""Attribution of quotations and reported statements to speakers."""

from __future__ import annotations

import re

import pytest

from briefing.brief.quotes import extract_statements, quoted_spans
from briefing.models import Mention
from briefing.sentences import split_sentences

NAMES = {
    "Sergei Lavrov": ("PERSON", "Sergey Lavrov"),
    "Lavrov": ("PERSON", "Sergey Lavrov"),
    "Antony Blinken": ("PERSON", "Antony Blinken"),
    "Blinken": ("PERSON", "Antony Blinken"),
    "Putin": ("PERSON", "Vladimir Putin"),
    "Maria Zakharova": ("PERSON", "Maria Zakharova"),
    "Russia": ("GPE", "Russia"),
    "Washington": ("GPE", "United States"),
    "US": ("GPE", "United States"),
    "Losh": ("PERSON", "Jack Losh"),
}


def mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    for name in sorted(NAMES, key=len, reverse=True):
        for m in re.finditer(r"\b" + re.escape(name) + r"\b", text):
            if any(o.start < m.end() and m.start() < o.end for o in out):
                continue
            label, canonical = NAMES[name]
            out.append(Mention(m.group(), m.start(), m.end(), label, canonical))
    return sorted(out, key=lambda m: m.start)


def attribute(text: str) -> list[tuple[int, str, str]]:
    sents = split_sentences(text)
    return [(s.index, s.speaker, s.kind) for s in extract_statements(text, sents, mentions(text))]


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        ("“We do not want any conflicts,” Lavrov said.", "Sergey Lavrov", "quote"),
        ("“We do not want any conflicts,” said Sergei Lavrov.", "Sergey Lavrov", "quote"),
        (
            "“We do not want any conflicts,” said Russian Foreign Minister Sergei Lavrov.",
            "Sergey Lavrov",
            "quote",
        ),
        ("Lavrov said he hoped the United States was bringing answers.", "Sergey Lavrov",
         "reported"),
        ("Blinken told reporters that the talks had been useful.", "Antony Blinken", "reported"),
        ("The talks were useful, Blinken told reporters in Geneva.", "Antony Blinken",
         "reported"),
        ("Blinken, the top US diplomat, warned of “massive consequences for Moscow.”",
         "Antony Blinken", "quote"),
        ("Foreign Ministry spokesperson Maria Zakharova said on December 1 that troops moved.",
         "Maria Zakharova", "reported"),
        ("Blinken also said the two had had constructive talks.", "Antony Blinken", "reported"),
        ("Russia has denied it has intentions of invading Ukraine.", "Russia", "reported"),
        ("The plan is dead, according to Lavrov.", "Sergey Lavrov", "reported"),
    ],
)  # fmt: skip
def test_single_sentence_attribution(text: str, speaker: str, kind: str) -> None:
    assert attribute(text) == [(0, speaker, kind)]


def test_pronoun_speaker_resolves_to_last_named_person_outside_quotes() -> None:
    text = (
        "Lavrov told reporters Moscow was ready for dialogue with Kyiv. "
        '"We, as President Putin has stated, do not want any conflicts," he said.'
    )
    assert attribute(text) == [(0, "Sergey Lavrov", "reported"), (1, "Sergey Lavrov", "quote")]


@pytest.mark.parametrize(
    "text",
    [
        "“Of course we’re worried,” a local baker told Losh.",  # the listener is not the speaker
        "As for the US claims of a build-up, nothing happened.",  # "claims" is a noun here
        "Russia’s ambassador to Washington said that 27 diplomats must leave.",  # not Washington
        "“Putin said nothing new,” an analyst said.",  # a name inside the quote is not a speaker
        "The meeting lasted 30 minutes in Stockholm.",
    ],
)
def test_no_wrong_speaker(text: str) -> None:
    speakers = [s for _, s, _ in attribute(text)]
    assert "Jack Losh" not in speakers
    assert "United States" not in speakers
    assert "Vladimir Putin" not in speakers
    assert speakers in ([], ["Russia"])


def test_quoted_spans_kinds() -> None:
    text = "He said “a” and ``b'' and «c» and \"d\" and “open"
    spans = [text[a:b] for a, b in quoted_spans(text)]
    assert spans == ["“a”", "``b''", "«c»", '"d"', "“open"]
