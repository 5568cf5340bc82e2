"""Text cleaning: boilerplate, paragraphs, whitespace and quotes, control characters, offsets."""

from __future__ import annotations

from briefing.cleaning import clean_text, markdown_to_text, strip_control

ARTICLE = """Ministers Meet In Vienna

 Ministers Meet In Vienna
By Jane Roe in Vienna March 3, 2023

Source link

VIENNA — The foreign ministers met on Tuesday  for\u00a0two hours.

Share this article

They agreed to meet again, officials said ``soon''.

Some material in this report came from Reuters.

leave a reply:

News

Dismiss
"""


def test_boilerplate_headline_byline_dateline_removed():
    cleaned = clean_text(ARTICLE, title="Ministers Meet In Vienna")
    assert cleaned.text == (
        "The foreign ministers met on Tuesday for two hours.\n\n"
        "They agreed to meet again, officials said “soon”."
    )


def test_offsets_point_at_the_same_characters():
    cleaned = clean_text(ARTICLE, title="Ministers Meet In Vienna")
    assert len(cleaned.offsets) == len(cleaned.text) + 1
    for i, ch in enumerate(cleaned.text):
        if ch.isalnum():
            assert ARTICLE[cleaned.offsets[i]] == ch
    start = cleaned.text.index("Tuesday")
    raw_start, raw_end = cleaned.to_raw(start, start + len("Tuesday"))
    assert ARTICLE[raw_start:raw_end] == "Tuesday"


def test_paragraph_per_line_and_hard_wrapped_blocks():
    one_per_line = "First paragraph ends here.\nSecond paragraph ends here.\n"
    assert clean_text(one_per_line, title="T").text == (
        "First paragraph ends here.\n\nSecond paragraph ends here."
    )
    wrapped = (
        "The committee said on Monday that the\n"
        "agreement would be signed in Paris by the\n"
        "end of the month, after a final review of\n"
        "the text by both delegations.\n"
    )
    assert clean_text(wrapped, title="T").text == " ".join(wrapped.split())


def test_words_are_never_changed():
    text = "He said: “It is not [sic] over.” Prices rose 3.5% to $1.2bn in the U.S."
    assert clean_text(text, title="T").text == text


def test_control_sequences_removed():
    hostile = "Red \x1b[31malert\x1b[0m\x1b]8;;http://x\x07link\x1b]8;;\x07 \u202eevil\x00 end"
    assert strip_control(hostile) == "Red alertlink evil end"
    assert clean_text(hostile, title="T").text == "Red alertlink evil end"


def test_markdown_to_text_keeps_offsets():
    raw = "## Heading\n\n> Quoted **bold** and [a link](http://x.org) and `code`.\n"
    plain = markdown_to_text(raw)
    assert plain.text == "Heading\n\nQuoted bold and a link and code.\n"
    for i, ch in enumerate(plain.text):
        assert raw[plain.offsets[i]] == ch


def test_empty_and_whitespace_input():
    assert clean_text("", title="T").text == ""
    assert clean_text(" \n\n \t\n", title=None).text == ""
