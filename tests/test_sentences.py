"""Tests for the offline sentence splitter and word tokenizer."""

from __future__ import annotations

import pytest

from briefing.models import Sentence
from briefing.sentences import OfflineTokenizer, split_sentences, words


def texts(text: str) -> list[str]:
    """The sentence strings of ``text``, after checking the span invariants."""
    sents = split_sentences(text)
    check_spans(text, sents)
    return [s.text for s in sents]


def check_spans(text: str, sents: list[Sentence]) -> None:
    """Every sentence is a stripped, non-empty slice of ``text``, in order, indexed 0..n-1."""
    last_end = 0
    for i, s in enumerate(sents):
        assert s.index == i
        assert s.score == 0.0
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= last_end
        last_end = s.end


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Mr. Lavrov arrived in Geneva on Friday.", "He met reporters."),
        ("Mrs. Thatcher led the party.", "She won three elections."),
        ("Ms. Zakharova spoke to the press.", "Her remarks were sharp."),
        ("Dr. Fauci testified before Congress.", "The hearing was long."),
        ("Gen. Milley called his counterpart.", "The call lasted an hour."),
        ("Sen. Menendez introduced the bill.", "It passed the committee."),
        ("Rep. Pelosi criticised the plan.", "Others agreed."),
        ("Gov. Newsom signed the order.", "It takes effect today."),
        ("Lt. Col. Vindman testified.", "His account was detailed."),
        ("They met in St. Petersburg on Monday.", "Talks followed."),
        ("Martin Luther King Jr. was born in Atlanta.", "He became a minister."),
        ("The U.S. Secretary of State flew to Kyiv.", "He met the president."),
        ("The U.K. Foreign Office issued a statement.", "It urged calm."),
        ("The U.N. Security Council met on Monday.", "No vote was held."),
        ("E.U. leaders gathered in Brussels.", "They discussed sanctions."),
        ("The talks were held on Jan. 21 in Geneva.", "They ended early."),
        ("The summit was planned for Feb. 24 in Paris.", "It was cancelled."),
        ("The ministers met on Dec. 2 in Stockholm.", "The meeting was short."),
        ("The attacks of Sept. 11 changed policy.", "Wars followed."),
        ("He is ranked No. 1 in the world.", "Nobody doubts it."),
        ("Russia vs. Ukraine was the topic.", "Nobody expected a deal."),
        ("They sell apples, pears, etc. and other fruit.", "Prices rose."),
        ("Apple Inc. Chief Executive Tim Cook spoke.", "Investors listened."),
        ("Shares of Acme Corp. rose 3% on Monday.", "Analysts were surprised."),
        ("Acme Ltd. Chairman John Smith resigned.", "The board met."),
    ],
)
def test_abbreviations_do_not_end_sentences(first: str, second: str) -> None:
    assert texts(f"{first} {second}") == [first, second]


@pytest.mark.parametrize(
    "text",
    [
        "He flew back to the U.S. The trip was long.",
        "The shop sells apples, pears, etc. The owner is pleased.",
        "The deal was signed by Acme Inc. The shares rose.",
        "He lives on Main St. The house is old.",
        "The plan was Plan B. It failed.",
    ],
)
def test_abbreviation_at_a_true_sentence_end(text: str) -> None:
    assert len(texts(text)) == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian Foreign Minister Sergey V. Lavrov met reporters.",
        "Secretary of State Antony J. Blinken met reporters.",
        "The books of J.R.R. Tolkien sold well.",
        "George W. Bush spoke at length.",
    ],
)
def test_initials(sentence: str) -> None:
    assert texts(f"{sentence} Then they left.") == [sentence, "Then they left."]


def test_decimals_and_numbers() -> None:
    text = (
        "Growth was 3.5% in 2004. Profit rose to $1.2bn. The U.S.-led force left. Version 2.0 won."
    )
    assert texts(text) == [
        "Growth was 3.5% in 2004.",
        "Profit rose to $1.2bn.",
        "The U.S.-led force left.",
        "Version 2.0 won.",
    ]


def test_ellipses() -> None:
    assert texts("He paused... and then he left. Next came rain.") == [
        "He paused... and then he left.",
        "Next came rain.",
    ]
    assert texts("Wait\u2026 Then it started.") == ["Wait\u2026", "Then it started."]


def test_closing_quotes_and_brackets_stay_with_the_sentence() -> None:
    assert texts('He said: "This is the end." Next came rain.') == [
        'He said: "This is the end."',
        "Next came rain.",
    ]
    assert texts("(As he said.) Next came rain.") == ["(As he said.)", "Next came rain."]
    assert texts("It was \u201cfruitful.\u201d He left.") == [
        "It was \u201cfruitful.\u201d",
        "He left.",
    ]
    assert texts("He left. \u201cWe are ready,\u201d she said.") == [
        "He left.",
        "\u201cWe are ready,\u201d she said.",
    ]


def test_question_or_exclamation_in_quotes_before_attribution() -> None:
    assert texts('"Why?" he asked. Nobody answered.') == ['"Why?" he asked.', "Nobody answered."]
    assert texts('"Stop!" she shouted. They stopped.') == ['"Stop!" she shouted.', "They stopped."]
    assert texts('"Why not?" Smith asked. Nobody answered.') == [
        '"Why not?" Smith asked.',
        "Nobody answered.",
    ]
    assert texts('"Is it over?" The answer came fast.') == [
        '"Is it over?"',
        "The answer came fast.",
    ]


def test_line_breaks_end_sentences() -> None:
    text = "Russia takes a tougher line\nLavrov spoke first. Blinken replied\n\n  Second paragraph.  \n"
    assert texts(text) == [
        "Russia takes a tougher line",
        "Lavrov spoke first.",
        "Blinken replied",
        "Second paragraph.",
    ]
    assert texts("One.\r\nTwo.\rThree.") == ["One.", "Two.", "Three."]


def test_list_markers_and_punctuation_only_pieces() -> None:
    assert texts("1. First item here.\n2. Second item here.") == [
        "1. First item here.",
        "2. Second item here.",
    ]
    assert texts("***\nText follows.\n\u2014") == ["Text follows."]


def test_lower_case_brand_can_start_a_sentence() -> None:
    assert texts("Sales rose. eBay said so.") == ["Sales rose.", "eBay said so."]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \n"])
def test_empty_text(text: str) -> None:
    assert split_sentences(text) == []


def test_span_integrity_on_messy_text() -> None:
    text = (
        '  \u201cWe won\u2019t,\u201d Mr. Lavrov said.  "Never!"  \n\n(Reuters) - The U.S. and '
        "the E.U. agreed on Jan. 21... Talks resume?  Maybe. \u2014 end \u2014\n"
    )
    sents = split_sentences(text)
    check_spans(text, sents)
    assert len(sents) >= 4


def test_long_unpunctuated_text_returns() -> None:
    text = "word " * 200_000
    sents = split_sentences(text)
    assert len(sents) == 1
    assert sents[0].text == text.strip()


def test_many_abbreviations_without_breaks_return() -> None:
    text = "U.S. " * 50_000 + "end."
    assert len(split_sentences(text)) == 1


def test_words() -> None:
    assert words("Russia's top diplomat, Sergei Lavrov, met U.S. officials in 2021.") == [
        "Russia",
        "top",
        "diplomat",
        "Sergei",
        "Lavrov",
        "met",
        "U.S",
        "officials",
        "in",
        "2021",
    ]
    assert words("don't stop \u2014 high-impact, 3.5%") == ["don't", "stop", "high-impact", "3.5"]


def test_offline_tokenizer() -> None:
    tok = OfflineTokenizer()
    assert tok.language == "english"
    assert tok.to_sentences("Mr. Smith left. He came back.") == ("Mr. Smith left.", "He came back.")
    assert tok.to_words("In 2021, Lavrov's aides left.") == ("In", "Lavrov", "aides", "left")


def test_sumy_accepts_the_tokenizer() -> None:
    from sumy.parsers.plaintext import PlaintextParser

    text = "Mr. Lavrov met U.S. officials on Jan. 21. They talked.\n\nA second paragraph follows."
    document = PlaintextParser.from_string(text, OfflineTokenizer()).document
    assert [str(s) for s in document.sentences] == [
        "Mr. Lavrov met U.S. officials on Jan. 21.",
        "They talked.",
        "A second paragraph follows.",
    ]
