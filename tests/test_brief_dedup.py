"""Near-copy detection: republished copies, machine-spun rewrites, and distinct reports."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from briefing.brief.dedup import find_near_copies, sketch
from briefing.brief.text import STOPWORDS, norm_tokens
from briefing.corpus import load_corpus
from briefing.sentences import split_sentences

REPO = Path(__file__).resolve().parent.parent

# Generic English synonyms of the kind article spinners use.
SYNONYMS = {
    "said": "stated", "meeting": "assembly", "officials": "officers", "foreign": "overseas",
    "state": "condition", "talks": "discussions", "warned": "cautioned", "would": "could",
    "economic": "financial", "measures": "actions", "military": "armed service",
    "security": "safety", "conference": "convention", "minister": "secretary",
    "past": "earlier", "new": "fresh", "country": "nation", "border": "frontier",
    "troops": "soldiers", "sanctions": "penalties", "week": "7 days", "president": "leader",
    "year": "12 months", "first": "initial", "concerns": "worries", "repeated": "recurring",
}  # fmt: skip


def spin(text: str, rate: float, seed: int = 7) -> str:
    """A machine-style rewrite: swap many content words, keep names, numbers and structure."""
    rng = random.Random(seed)
    filler = ["point", "matter", "aspect", "thing", "element", "issue", "factor", "item"]

    def swap(m: re.Match[str]) -> str:
        word = m.group()
        low = word.lower()
        if word[0].isupper() or low in STOPWORDS:
            return word
        if low in SYNONYMS:
            return SYNONYMS[low]
        return rng.choice(filler) if rng.random() < rate else word

    return re.sub(r"[A-Za-z]+", swap, text)


def sk(text: str):
    return sketch(text, [norm_tokens(s.text) for s in split_sentences(text)])


@pytest.fixture(scope="module")
def articles() -> list[str]:
    return [a.text for a in load_corpus(REPO / "corpus.yaml").articles]


def test_distinct_reports_of_the_same_events_are_not_copies(articles: list[str]) -> None:
    # The bundled articles cover the same meetings and share quotes, but are separate reports.
    assert find_near_copies([sk(t) for t in articles]) == []


def test_republished_copy_with_boilerplate_is_found(articles: list[str]) -> None:
    original = articles[1]
    copy = "Source link\n\n" + original.replace("\n\n", "\n") + "\n\nShare this story: RSS"
    pairs = find_near_copies([sk(t) for t in [*articles, copy]])
    assert [(p.a, p.b, p.how) for p in pairs] == [(1, len(articles), "shingles")]
    assert pairs[0].similarity > 0.9


def test_partial_copy_inside_a_longer_article_is_found(articles: list[str]) -> None:
    excerpt = "\n".join(articles[1].splitlines()[:25])
    pairs = find_near_copies([sk(t) for t in [articles[0], excerpt, articles[1]]])
    assert [(p.a, p.b) for p in pairs] == [(1, 2)]


@pytest.mark.parametrize("rate", [0.3, 0.6])
def test_spun_rewrite_is_found(articles: list[str], rate: float) -> None:
    for k in (1, 2, 4):
        spun = spin(articles[k], rate)
        assert spun != articles[k]
        pairs = find_near_copies([sk(t) for t in [*articles, spun]])
        assert [(p.a, p.b) for p in pairs] == [(k, len(articles))], k


def test_spinning_destroys_shingles_but_alignment_catches_it(articles: list[str]) -> None:
    spun = spin(articles[1], 0.6)
    pairs = find_near_copies([sk(articles[1]), sk(spun)])
    assert len(pairs) == 1 and pairs[0].how == "aligned"


def test_same_topic_different_structure_is_not_a_copy(articles: list[str]) -> None:
    # Shuffle the sentences of a spun copy: names, numbers and quotes all survive, but it is
    # no longer the same article sentence by sentence.
    sents = [s.text for s in split_sentences(spin(articles[1], 0.6))]
    random.Random(3).shuffle(sents)
    pairs = find_near_copies([sk(articles[1]), sk("\n".join(sents))])
    assert pairs == []
