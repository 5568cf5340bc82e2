"""Property tests (hypothesis) for the text core: cleaner, splitter, summarizer, recognizer.

For any Unicode text these functions return without raising, every offset stays inside the
text and points at the same characters, and no terminal control character survives cleaning.
Budget: the ``ci`` profile (default); ``HYPOTHESIS_PROFILE=long`` runs many more examples
(see docs/robustness.md).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cleaning import clean_text, compose, markdown_to_text, strip_control
from briefing.entities import extract_entities
from briefing.export import strip_controls
from briefing.models import LABELS, EntitySpec
from briefing.sentences import split_sentences, words
from briefing.summarize import METHODS, summarize

# Hypothesis budgets for every tests/test_props_*.py (they import this module):
# "ci" (the default) is fixed and derandomised, so CI runs the same examples every time;
# "long" is a random search with many more examples, for local runs (docs/robustness.md).
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_SLOW,
)
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=_SLOW)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)

# Pieces of hostile news copy: abbreviations, numbers, quotes, brackets, line breaks of every
# kind, terminal escapes, bidi overrides, zero-width and combining characters, Markdown,
# HTML, NUL, lone high code points (surrogates cannot occur in a Python str).
PIECES = [
    "Mr. ", "Mrs. ", "Dr. ", "Gen. ", "U.S. ", "U.K.", "e.g. ", "i.e. ", "Inc. ", "Jan. 21 ",
    "No. 10 ", "St. ", "J.R.R. ", "a.m. ", "3.5% ", "$1.2bn ", "10,000 ", "1. ", "Q. ",
    ". ", "? ", "! ", "... ", "…", "?! ", ".\u201d ", "?\u201d ", ".) ",
    "\u201c", "\u201d", "\u2018", "\u2019", '"', "'", "``", "''", "\u201e", "\u2033", "\u00ab", "\u00bb",
    "(", ")", "[", "]", "{", "}", " \u2014 ", "\u2013", "-", "--", "*", "_", "#", "> ", "|",
    "\n", "\r\n", "\r", "\n\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\t", "\u00a0", "  ",
    "\x1b[31m", "\x1b[0m", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\", "\x1bP1$r\x1b\\", "\x1b",
    "\x07", "\x00", "\x7f", "\x9b", "\x9d", "\u202e", "\u202d", "\u2066", "\u2069", "\u200e",
    "\u200f", "\u061c", "\u200b", "\u200d", "\ufeff", "\u00ad", "e\u0301", "\u0308", "\u20dd",
    "\U0001f600", "\U0010ffff", "\uffff", "\ufffd", "\u05d0\u05d1", "\u0627\u0644",
    "```", "[a](javascript:x)", "<b>", "&amp;", "![i](x)", "<!-- -->",
    "Sergey Lavrov", "Antony Blinken", "NATO", "the United Nations", "Geneva", "Russia's ",
    "said", "on Tuesday", "in December 2021", "Reuters", "WASHINGTON \u2014 ", "By Jane Doe",
]  # fmt: skip
WORD = st.from_regex(r"[A-Za-z][a-z]{0,9}", fullmatch=True)
news = st.lists(st.one_of(st.sampled_from(PIECES), WORD, st.just(" ")), max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=200), news)

# What must never reach a terminal: C0 (but tab/newline/CR), DEL, C1, bidi controls and
# isolates, zero-width and invisible format characters.
DANGEROUS = frozenset(
    [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + list("\u061c\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
#: Characters the cleaner writes in place of others: spaces (joined lines, collapsed runs),
#: paragraph breaks and normalised quote marks; they map to a nearby raw character.
NORMALISED = {" ": None, "\n": None, "\u201c": "\u201c`\u201e", "\u201d": "\u201d'\u2033"}


def _check_map(raw: str, text: str, offsets) -> None:
    """``offsets`` maps ``text`` into ``raw``: in range, ordered, same characters."""
    assert len(offsets) == len(text) + 1
    for i, ch in enumerate(text):
        pos = offsets[i]
        assert 0 <= pos < len(raw), (i, pos)
        if ch in NORMALISED:
            allowed = NORMALISED[ch]
            assert allowed is None or raw[pos] in allowed, (i, raw[pos], ch)
        else:
            assert raw[pos] == ch, (i, raw[pos], ch)
        if i:
            assert offsets[i - 1] <= pos
    assert 0 <= offsets[len(text)] <= len(raw)


@given(any_text, st.one_of(st.none(), any_text))
def test_clean_text_offsets_point_at_the_same_characters(raw: str, title: str | None) -> None:
    cleaned = clean_text(raw, title=title)
    _check_map(raw, cleaned.text, cleaned.offsets)
    assert not DANGEROUS & set(cleaned.text)
    assert cleaned.text == cleaned.text.strip(" ")
    for start in range(0, len(cleaned.text), 7):  # spans map back inside the raw text
        lo, hi = cleaned.to_raw(start, min(len(cleaned.text), start + 5))
        assert 0 <= lo <= hi <= len(raw)


@given(any_text)
def test_markdown_to_text_keeps_exact_offsets(raw: str) -> None:
    plain = markdown_to_text(raw)
    assert len(plain.offsets) == len(plain.text) + 1
    for i, ch in enumerate(plain.text):
        assert raw[plain.offsets[i]] == ch
        if i:
            assert plain.offsets[i - 1] < plain.offsets[i]
    cleaned = compose(clean_text(plain.text), plain)  # as the loader does for .md files
    _check_map(raw, cleaned.text, cleaned.offsets)


@given(any_text)
def test_strip_control_removes_everything_dangerous(text: str) -> None:
    for strip in (strip_control, strip_controls):
        out = strip(text)
        assert not DANGEROUS & set(out), repr(out)
        assert strip(out) == out  # idempotent: nothing dangerous is formed by removal
        assert "\x1b" not in out


@given(any_text)
def test_sentences_are_exact_ordered_spans(text: str) -> None:
    sents = split_sentences(text)
    previous_end = 0
    for k, s in enumerate(sents):
        assert s.index == k
        assert 0 <= previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        assert any(c.isalnum() for c in s.text)
        previous_end = s.end
    assert all(w and not w.isspace() for w in words(text))


@given(any_text, st.sampled_from(METHODS), st.integers(min_value=0, max_value=6))
def test_summaries_are_sentences_of_the_text(text: str, method: str, count: int) -> None:
    sents = split_sentences(text)
    by_span = {(s.start, s.end): s for s in sents}
    picked = summarize(text, count, method=method)
    assert len(picked) == min(count, len(sents))
    assert [s.start for s in picked] == sorted(s.start for s in picked)
    for s in picked:
        assert (s.start, s.end) in by_span
        assert text[s.start : s.end] == s.text == by_span[s.start, s.end].text
        assert 0.0 <= s.score <= 1.0


names = st.lists(st.one_of(st.sampled_from(PIECES), WORD), min_size=1, max_size=3).map("".join)
specs = st.lists(
    st.builds(
        EntitySpec,
        name=names,
        type=st.sampled_from(["PERSON", "ORG", "GPE", "LOC", "NORP", "", "EVENT"]),
        aliases=st.lists(names, max_size=2).map(tuple),
        side=st.one_of(st.none(), names),
    ),
    max_size=3,
)


@given(any_text, specs)
def test_mentions_are_exact_sorted_non_overlapping_spans(text: str, gazetteer) -> None:
    for mentions in (extract_entities(text), extract_entities(text, gazetteer)):
        last_end = 0
        for m in mentions:
            assert 0 <= last_end <= m.start < m.end <= len(text)
            assert text[m.start : m.end] == m.text
            assert m.label in LABELS
            assert isinstance(m.canonical, str) and m.canonical
            last_end = m.end


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\x1b[2J", "\u202e\u2066", "\x00" * 10])
def test_control_only_texts_clean_to_nothing(text: str) -> None:
    assert clean_text(text).text == ""


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\r\n\t", "\u2028\u00a0"])
def test_blank_texts_give_nothing(text: str) -> None:
    assert split_sentences(text) == []
    assert summarize(text) == []
    assert extract_entities(text) == []


@pytest.mark.parametrize("text", [".", "...", "?!", "\u2014", "* * *", "(", "\u201c\u201d"])
def test_punctuation_only_texts_have_no_sentences(text: str) -> None:
    assert split_sentences(text) == []
    assert summarize(text) == []


@given(st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=8), max_size=12))
def test_sparse_similarities_equal_the_dense_ones(term_lists: list[list[str]]) -> None:
    import numpy as np

    from briefing import summarize as module

    dense = module._tfidf_cosine(term_lists)
    original = module.DENSE_CELLS
    module.DENSE_CELLS = -1  # force the postings path
    try:
        sparse = module._tfidf_cosine(term_lists)
    finally:
        module.DENSE_CELLS = original
    assert np.allclose(dense, sparse, atol=1e-12)
