"""Compact offsets: the run-length sequence behaves exactly like the list it replaces."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.cleaning import clean_text
from briefing.offsets import CompactOffsets, OffsetsBuilder, compose, identity

# Operations on a builder and on a plain list, applied side by side.
_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("append"), st.integers(-5, 50)),
        st.tuples(st.just("range"), st.integers(0, 40), st.integers(0, 12)),
        st.tuples(st.just("truncate"), st.integers(0, 60)),
        st.tuples(st.just("delete"), st.integers(0, 60), st.integers(0, 10)),
    ),
    max_size=40,
)


@given(_OPS)
def test_builder_matches_a_list(ops) -> None:
    builder, plain = OffsetsBuilder(), []
    for op in ops:
        if op[0] == "append":
            builder.append(op[1])
            plain.append(op[1])
        elif op[0] == "range":
            builder.extend_range(op[1], op[1] + op[2])
            plain.extend(range(op[1], op[1] + op[2]))
        elif op[0] == "truncate":
            builder.truncate(op[1])
            del plain[op[1] :]
        else:
            builder.delete(op[1], op[1] + op[2])
            del plain[op[1] : op[1] + op[2]]
        assert len(builder) == len(plain)
    built = builder.build()
    assert list(built) == plain
    assert [built[i] for i in range(len(plain))] == plain
    assert [built[-i] for i in range(1, len(plain) + 1)] == [
        plain[-i] for i in range(1, len(plain) + 1)
    ]
    assert built == plain
    if plain:
        assert builder.last() == plain[-1]
        assert built[1:-1:2] == plain[1:-1:2]


def test_round_trip_through_bytes() -> None:
    offsets = CompactOffsets.from_offsets([0, 1, 2, 7, 8, 3, 4, 5])
    assert offsets.runs == 3
    again = CompactOffsets.from_bytes(*offsets.to_bytes())
    assert again == offsets
    assert list(again) == [0, 1, 2, 7, 8, 3, 4, 5]


def test_inconsistent_bytes_are_refused() -> None:
    starts, raws, length = CompactOffsets.from_offsets([0, 1, 5]).to_bytes()
    with pytest.raises(ValueError):
        CompactOffsets.from_bytes(starts, raws[:8], length)
    with pytest.raises(ValueError):
        CompactOffsets.from_bytes(starts, raws, 1)  # a run would start past the end


def test_index_out_of_range() -> None:
    offsets = CompactOffsets.from_offsets([3, 4])
    with pytest.raises(IndexError):
        offsets[2]
    with pytest.raises(IndexError):
        offsets[-3]


def test_compose_maps_through_both() -> None:
    inner = CompactOffsets.from_offsets([10, 11, 12, 20, 21])
    assert list(compose([0, 2, 3, 4], inner)) == [10, 12, 20, 21]


def test_cleaned_article_needs_few_runs() -> None:
    paragraph = "Ministers met in Geneva on Friday and talked for an hour. " * 40
    raw = "Share this article\n\n" + "\n\n".join([paragraph] * 30)
    cleaned = clean_text(raw)
    assert len(cleaned.offsets) == len(cleaned.text) + 1
    assert isinstance(cleaned.offsets, CompactOffsets)
    # one run per paragraph (plus the paragraph breaks and the end marker), not one per char
    assert cleaned.offsets.runs < 100 < len(cleaned.text)
    for i in range(0, len(cleaned.text), 97):
        assert raw[cleaned.offsets[i]] == cleaned.text[i]


@given(
    st.lists(st.integers(0, 30), max_size=40),
    st.lists(st.integers(-3, 100), min_size=31, max_size=60),
)
def test_compose_matches_elementwise(outer, inner) -> None:
    assert list(compose(outer, inner)) == [inner[i] for i in outer]


def test_identity() -> None:
    assert list(identity(5)) == [0, 1, 2, 3, 4]
    assert list(identity(0)) == []
    assert identity(3).runs == 1
