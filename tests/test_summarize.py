"""Tests for the summarizers: every method, lengths, scores, the dependency rule, offline use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import briefing.summarize as summarize_module
from briefing.errors import BriefingError
from briefing.sentences import OfflineTokenizer, split_sentences
from briefing.summarize import (
    DEFAULT_COUNT,
    METHODS,
    is_dependent,
    score_sentences,
    summarize,
    summarize_sentences,
)

REPO = Path(__file__).resolve().parent.parent

ARTICLE = """\
Russia and the West held tense talks in Geneva

Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State Antony Blinken in Geneva on \
Friday for talks on the crisis over Ukraine.
He said Russia wanted legal guarantees that NATO would not expand further east towards Russia.
Blinken said NATO would not give Russia a veto over which countries could join the alliance.

The two men spoke for about 90 minutes and agreed to keep talking.
Russia has massed about 100,000 troops near the border with Ukraine, and NATO allies fear an \
invasion.
Moscow denies any plan to invade Ukraine and says NATO threatens Russian security.

The United States and the European Union have warned of severe economic sanctions if Russian \
troops cross into Ukraine.
But officials in Washington said the sanctions would not target Russian energy exports at first.
This worried some allies in eastern Europe, who want a tougher line on Russia.
Lavrov called the talks "frank and useful" but said the West had not answered Russia's demands.
The weather in Geneva was cold and grey, and few people watched the motorcades.
Both ministers are expected to speak again next week.
"""


@pytest.fixture(scope="module")
def sentences() -> list:
    return split_sentences(ARTICLE)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_runs(method: str, sentences: list) -> None:
    summary = summarize(ARTICLE, 4, method=method, title="Russia and the West meet in Geneva")
    assert len(summary) == 4
    indexes = [s.index for s in summary]
    assert indexes == sorted(indexes) and len(set(indexes)) == 4
    for s in summary:
        assert ARTICLE[s.start : s.end] == s.text == sentences[s.index].text
        assert 0.0 <= s.score <= 1.0


@pytest.mark.parametrize("method", [m for m in METHODS if m != "default"])
def test_plain_methods_pick_their_best_scored_sentences(method: str, sentences: list) -> None:
    scores = score_sentences(sentences, method, text=ARTICLE)
    assert len(scores) == len(sentences)
    assert max(scores) == 1.0 and min(scores) >= 0.0
    summary = summarize_sentences(sentences, 3, method=method, text=ARTICLE)
    assert [s.score for s in summary] == [scores[s.index] for s in summary]
    worst_picked = min(s.score for s in summary)
    unpicked = [scores[i] for i in range(len(sentences)) if i not in {s.index for s in summary}]
    assert all(score <= worst_picked for score in unpicked)


@pytest.mark.parametrize("method", ["lexrank", "textrank", "luhn", "lsa"])
def test_sumy_methods_choose_what_sumy_chooses(method: str, sentences: list) -> None:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    tok = OfflineTokenizer()
    document = ObjectDocumentModel([Paragraph([SumySentence(s.text, tok) for s in sentences])])
    expected = [str(s) for s in summarize_module._build_sumy(method)(document, 4)]
    assert [s.text for s in summarize_sentences(sentences, 4, method=method)] == expected


def test_lead(sentences: list) -> None:
    summary = summarize(ARTICLE, 3, method="lead")
    assert [s.index for s in summary] == [0, 1, 2]
    assert summary[0].score == 1.0 and summary[0].score > summary[2].score


def test_default_prefers_content_over_headline_and_trivia(sentences: list) -> None:
    summary = summarize(ARTICLE, 3)
    picked = {s.index for s in summary}
    assert 0 not in picked  # the headline line is a fragment
    weather = next(s.index for s in sentences if "weather" in s.text)
    assert weather not in picked
    assert 1 in picked  # the lead sentence


def test_lengths(sentences: list) -> None:
    n = len(sentences)
    assert len(summarize(ARTICLE)) == DEFAULT_COUNT
    assert len(summarize(ARTICLE, ratio=0.5)) == round(0.5 * n)
    assert len(summarize(ARTICLE, ratio=0.01)) == 1
    assert len(summarize(ARTICLE, ratio=1.0)) == n
    assert len(summarize(ARTICLE, 100)) == n
    assert summarize(ARTICLE, 0) == []
    assert len(summarize("Only one sentence here.")) == 1
    assert summarize("") == [] and summarize("   \n ") == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sentences": -1},
        {"sentences": 2.5},
        {"ratio": 0},
        {"ratio": 1.5},
        {"sentences": 2, "ratio": 0.5},
    ],
)
def test_bad_lengths(kwargs: dict) -> None:
    with pytest.raises(BriefingError):
        summarize(ARTICLE, **kwargs)


def test_unknown_method_names_the_valid_ones() -> None:
    with pytest.raises(BriefingError) as error:
        summarize(ARTICLE, method="bert")
    message = str(error.value)
    assert "bert" in message
    assert all(m in message for m in METHODS)


def test_summarize_sentences_keeps_given_indexes(sentences: list) -> None:
    tail = sentences[4:]
    summary = summarize_sentences(tail, 2, method="textrank", text=ARTICLE)
    assert len(summary) == 2
    assert all(s.index >= 4 and ARTICLE[s.start : s.end] == s.text for s in summary)
    assert summarize_sentences([], 3) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said the talks were useful.", True),
        ("She left early.", True),
        ("They warned of sanctions.", True),
        ("It was the first meeting.", True),
        ("This was not enough.", True),
        ("These demands were rejected.", True),
        ("His remarks were sharp.", True),
        ("But the talks failed.", True),
        ("However, Russia disagreed.", True),
        ("In addition, NATO sent troops.", True),
        ("As a result, prices rose.", True),
        ("\u201cWe are ready,\u201d he said.", True),
        ('"We are ready," Lavrov said.', False),
        ("Lavrov said the talks were useful.", False),
        ("The talks were useful, Lavrov said.", False),
        ("There was no agreement.", False),
        ("Heavy rain fell in Geneva.", False),
        ("Theresa May spoke.", False),
        ("", False),
    ],
)
def test_is_dependent(text: str, expected: bool) -> None:
    assert is_dependent(text) is expected


DEPENDENT_CASE = """\
The weather in Geneva was cold and grey on Friday morning.
Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State Antony Blinken in Geneva.
He said Russia wanted legal security guarantees from NATO and the United States over Ukraine.
NATO would not give Russia a veto over Ukraine, security officials in the United States said.
Russia has demanded security guarantees over Ukraine and NATO for months.
NATO allies fear a Russian invasion of Ukraine without security guarantees.
The meeting lasted about 90 minutes, officials said.
"""


def test_default_never_opens_with_a_dependent_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    sents = split_sentences(DEPENDENT_CASE)
    # Without the rule, the most central sentence ("He said ...") opens the summary.
    monkeypatch.setattr(summarize_module, "DEPENDENCY_RULE", False)
    assert summarize(DEPENDENT_CASE, 2)[0].index == 2
    monkeypatch.setattr(summarize_module, "DEPENDENCY_RULE", True)
    # With room for it, the preceding sentence is brought along ...
    two = summarize(DEPENDENT_CASE, 2)
    assert [s.index for s in two] == [1, 2]
    # ... and with no room, the dependent sentence is replaced.
    one = summarize(DEPENDENT_CASE, 1)
    assert not is_dependent(one[0].text)
    for text in (DEPENDENT_CASE, ARTICLE):
        for k in range(1, len(split_sentences(text)) + 1):
            first = summarize(text, k)[0]
            assert first.index == 0 or not is_dependent(first.text), (k, first.text)
    assert len(sents) == 7


def test_dependent_only_text_still_gives_a_summary() -> None:
    text = "He came. She left. They argued. It rained. But nobody cared."
    summary = summarize(text, 2)
    assert summary and summary[0].index == 0


def test_sentence_cap(monkeypatch: pytest.MonkeyPatch, sentences: list) -> None:
    monkeypatch.setitem(summarize_module.SENTENCE_CAPS, "kl", 5)
    scores = score_sentences(sentences, "kl")
    assert all(score == 0.0 for score in scores[5:])
    summary = summarize_sentences(sentences, 3, method="kl")
    assert len(summary) == 3 and all(s.index < 5 for s in summary)


def test_import_is_cheap() -> None:
    code = (
        "import sys, briefing.summarize\n"
        "heavy = [m for m in ('sumy', 'nltk', 'numpy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


OFFLINE_SCRIPT = """
import json, socket, sys
import nltk

empty = sys.argv[1]
nltk.data.path[:] = [empty]  # the only place NLTK may look for data: an empty folder


def no_network(*args, **kwargs):
    raise OSError("network disabled in this test")


socket.socket = no_network
socket.create_connection = no_network
from briefing.summarize import METHODS, summarize

text = sys.stdin.read()
out = {}
for method in METHODS:
    out[method] = [s.index for s in summarize(text, 3, method=method, title="Talks in Geneva")]
print(json.dumps(out))
"""


def test_every_method_works_without_nltk_data(tmp_path: Path) -> None:
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "NLTK_DATA": str(empty),
        "HOME": str(home),
        "PYTHONPATH": str(REPO),
    }
    result = subprocess.run(
        [sys.executable, "-c", OFFLINE_SCRIPT, str(empty)],
        input=ARTICLE,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    picked = json.loads(result.stdout)
    assert set(picked) == set(METHODS)
    assert all(len(indexes) == 3 for indexes in picked.values())
