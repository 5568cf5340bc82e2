"""Cancelling corpus-wide name unification: ``resolve_corpus(..., cancelled=...)`` and the reader.

The results without cancellation are compared with a straightforward reference (the
algorithm as it was before it became cancellable) on a generated corpus of a few thousand
articles' mentions; cancelling stops at the first check that sees the hook true; the reader
quitting (or dropping its background run) while names are unified leaves no thread behind
and posts nothing for the dropped run.
"""

from __future__ import annotations

import dataclasses
import random
import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
from test_tui_helpers import FakeCore, make_article

from briefing.entities import Gazetteer, ResolveCancelled, resolve_corpus
from briefing.entities.names import PersonName, clean_name, cluster_person_names, similar_words
from briefing.entities.resolve import _NAME_LABELS, _non_person_map, _person_map, canonical_for
from briefing.models import Corpus, EntitySpec, Mention, Story
from briefing.store import Store
from briefing.tui.analysis import EAGER_INDEX_LIMIT, Analyser
from briefing.tui.app import make_app
from briefing.tui.messages import BackgroundDone, IndexReady
from tests.test_tui_background import threads_in_briefing

SIZE = (120, 36)

# --------------------------------------------------------------------------- a generated corpus

GIVEN = ["Sergei", "Sergey", "Antony", "Anthony", "Volodymyr", "Olaf", "Maria", "Hunter", "Joe"]
SURNAMES = ["Lavrov", "Blinken", "Zelensky", "Zelenskiy", "Zelenskyy", "Scholz", "Biden"]
PARTICLES = ["von der", "al-", "de"]
ORGS = ["NATO", "Nato", "OSCE", "O.S.C.E.", "the European Union", "Reuters", "reuters"]
PLACES = ["U.S.", "US", "United States", "Geneva", "Kyiv", "Moscow", "the U.K."]
OTHERS = [("Friday", "DATE"), ("4.5%", "PERCENT"), ("100,000", "NUMBER"), ("Russian", "NORP")]
SYLLABLES = ["ka", "ro", "vin", "sch", "ol", "mar", "ten", "ko", "va", "lee", "zhan", "ber"]


def _surname(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
    if rng.random() < 0.2 and len(word) > 5:  # a spelling variant: one letter changed
        k = rng.randrange(1, len(word))
        word = word[:k] + rng.choice("aeiouy") + word[k + 1 :]
    if rng.random() < 0.05:
        particle = rng.choice(PARTICLES)
        word = particle + word if particle.endswith("-") else f"{particle} {word}"
    return word


def _given(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(GIVEN)
    return "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()


def generated_mentions(articles: int, seed: int = 7, big: int = 0) -> dict[str, list[Mention]]:
    """Mentions as the entity finder gives them (canonical from the mention alone): people
    with spelling variants, middle initials, possessives and surname-only mentions, acronym
    and alias variants of places and organisations, and dates and numbers. ``big`` articles
    have 600 mentions (more than the resolver's check interval)."""
    rng = random.Random(seed)
    people = [(_given(rng), _surname(rng)) for _ in range(max(50, articles // 2))]
    people += [(g, s) for g in GIVEN[:4] for s in SURNAMES]
    out: dict[str, list[Mention]] = {}
    for n in range(articles):
        count = 600 if n < big else rng.randint(5, 60)
        cast = rng.sample(people, k=min(len(people), rng.randint(1, 8)))
        mentions: list[Mention] = []
        at = 0
        for _ in range(count):
            roll = rng.random()
            if roll < 0.5:
                given, surname = rng.choice(cast)
                form = rng.random()
                if form < 0.35:
                    text = f"{given} {surname}"
                elif form < 0.45:
                    text = f"{given} {rng.choice('ABCDV')}. {surname}"
                elif form < 0.55:
                    text = f"{surname}'s"
                else:
                    text = surname
                label = "PERSON"
            elif roll < 0.7:
                text, label = rng.choice(ORGS), "ORG"
            elif roll < 0.85:
                text, label = rng.choice(PLACES), "GPE"
            else:
                text, label = rng.choice(OTHERS)
            mentions.append(Mention(text, at, at + len(text), label, canonical_for(text, label)))
            at += len(text) + 1
        out[f"a{n:05d}"] = mentions
    return out


def reference_resolve(
    mentions_by_article: dict[str, list[Mention]], gazetteer: Gazetteer | None = None
) -> dict[str, list[Mention]]:
    """The corpus-wide unification as written before it could be cancelled (the oracle)."""
    preferred = gazetteer.canonical_names() if gazetteer is not None else set()
    person_mentions = [m for ms in mentions_by_article.values() for m in ms if m.label == "PERSON"]
    names = list({m.canonical for m in person_mentions})
    names += [clean_name(m.text) for m in person_mentions if len(clean_name(m.text).split()) > 1]
    person_map = _person_map(names, preferred) if names else {}
    others = [
        m.canonical for ms in mentions_by_article.values() for m in ms if m.label in _NAME_LABELS
    ]
    other_map = _non_person_map(others)
    result: dict[str, list[Mention]] = {}
    for article_id, mentions in mentions_by_article.items():
        local_full = [
            person_map.get(m.canonical, m.canonical)
            for m in mentions
            if m.label == "PERSON" and len(PersonName.parse(m.canonical).given) > 0
        ]
        out: list[Mention] = []
        for m in mentions:
            if m.label == "PERSON":
                canon = person_map.get(m.canonical, m.canonical)
                parsed = PersonName.parse(m.canonical)
                if not parsed.given:
                    local = [
                        f
                        for f in local_full
                        if similar_words(PersonName.parse(f).surname, parsed.surname)
                    ]
                    if local:
                        canon = Counter(local).most_common(1)[0][0]
            elif m.label in _NAME_LABELS:
                canon = other_map.get(m.canonical, m.canonical)
            else:
                canon = m.canonical
            out.append(m if canon == m.canonical else dataclasses.replace(m, canonical=canon))
        result[article_id] = out
    return result


class TurnsTrue:
    """A ``cancelled`` hook that answers true from its ``at``-th call on (never if 0)."""

    def __init__(self, at: int = 0, pause: float = 0.0) -> None:
        self.at = at
        self.pause = pause
        self.calls = 0

    def __call__(self) -> bool:
        self.calls += 1
        if self.pause:
            time.sleep(self.pause)
        return 0 < self.at <= self.calls


@pytest.fixture(scope="module")
def corpus_mentions() -> dict[str, list[Mention]]:
    return generated_mentions(2000, big=3)


@pytest.fixture(scope="module")
def reference(corpus_mentions) -> dict[str, list[Mention]]:
    return reference_resolve(corpus_mentions)


# --------------------------------------------------------------------------- resolve_corpus


def test_uncancelled_results_are_those_of_the_reference(corpus_mentions, reference):
    expected = reference
    changed = sum(
        m.canonical != n.canonical
        for k, ms in expected.items()
        for m, n in zip(ms, corpus_mentions[k])
    )
    assert changed > 1000  # the corpus exercises the unification
    assert resolve_corpus(corpus_mentions) == expected
    never = TurnsTrue()
    assert resolve_corpus(corpus_mentions, cancelled=never) == expected
    # asked at least once per article in each of its three passes over the corpus
    assert never.calls >= 3 * len(corpus_mentions)


def test_uncancelled_results_with_a_gazetteer_are_those_of_the_reference(
    corpus_mentions, reference
):
    variants = sorted(
        {
            m.canonical
            for ms in corpus_mentions.values()
            for m in ms
            if m.label == "PERSON" and " " in m.canonical
        }
    )
    specs = [EntitySpec(name, "PERSON") for name in variants[::7]]
    specs.append(EntitySpec("Sergei Lavrov", "PERSON", ("Lavrov",)))
    gazetteer = Gazetteer.from_specs(specs)
    expected = reference_resolve(corpus_mentions, gazetteer)
    assert expected != reference  # the declared names matter
    assert resolve_corpus(corpus_mentions, gazetteer, cancelled=TurnsTrue()) == expected


def test_the_inputs_are_left_untouched(corpus_mentions):
    small = {key: corpus_mentions[key] for key in list(corpus_mentions)[:50]}
    before = {key: list(ms) for key, ms in small.items()}
    with pytest.raises(ResolveCancelled):
        resolve_corpus(small, cancelled=TurnsTrue(at=120))
    assert small == before


def test_cancelling_at_any_check_stops_there():
    """However far it got, the run stops at the very check that first sees the hook true."""
    mentions = generated_mentions(40, seed=3, big=2)  # two articles of 600 mentions
    total = TurnsTrue()
    expected = resolve_corpus(mentions, cancelled=total)
    assert total.calls > 3 * 40
    for at in range(1, total.calls + 1):
        hook = TurnsTrue(at)
        with pytest.raises(ResolveCancelled):
            resolve_corpus(mentions, cancelled=hook)
        assert hook.calls == at
    assert resolve_corpus(mentions, cancelled=TurnsTrue()) == expected  # nothing left behind


def test_cancelling_part_way_through_a_large_corpus(corpus_mentions):
    total = TurnsTrue()
    resolve_corpus(corpus_mentions, cancelled=total)
    for fraction in (0.0, 0.25, 0.5, 0.75, 0.99):
        hook = TurnsTrue(at=max(1, int(total.calls * fraction)))
        with pytest.raises(ResolveCancelled, match="cancelled"):
            resolve_corpus(corpus_mentions, cancelled=hook)
        assert hook.calls == hook.at


def test_clustering_many_names_stops_part_way():
    rng = random.Random(11)
    names = [f"{_given(rng)} {_surname(rng)}" for _ in range(3000)]
    never = TurnsTrue()
    mapping = cluster_person_names(names, never)
    assert mapping == cluster_person_names(names)
    assert never.calls > 3000 // 256
    hook = TurnsTrue(at=never.calls // 2)
    with pytest.raises(ResolveCancelled):
        cluster_person_names(names, hook)
    assert hook.calls == hook.at


# --------------------------------------------------------------------------- the analyser


def _corpus(count: int) -> Corpus:
    texts = [
        "Antony Blinken met Sergei Lavrov in Geneva on Friday. Blinken spoke to NATO.",
        "Lavrov said Russia wanted guarantees. Blinken flew to Stockholm.",
        "Markets in Moscow fell. Lavrov and Blinken spoke again.",
    ]
    articles = [
        make_article(f"a{n:04d}", f"Report {n}", f"{texts[n % 3]} Case {n}.") for n in range(count)
    ]
    return Corpus(path=None, story=Story("Talks", ""), articles=articles, entities=[])


class SlowResolve:
    """The real ``resolve_corpus``, slowed by a pause at each of its cancellation checks."""

    def __init__(self, pause: float = 0.005) -> None:
        self.pause = pause
        self.started = threading.Event()
        self.returned = threading.Event()
        self.outcome = ""
        self.calls = 0

    def __call__(
        self, per_article: dict[str, list[Mention]], cancelled: Callable[[], bool] | None = None
    ) -> dict[str, list[Mention]]:
        self.calls += 1
        self.returned.clear()
        self.started.set()

        def slow() -> bool:
            if self.pause:
                time.sleep(self.pause)
            return cancelled is not None and cancelled()

        try:
            result = resolve_corpus(per_article, cancelled=slow)
            self.outcome = "finished"
            return result
        except ResolveCancelled:
            self.outcome = "cancelled"
            raise
        finally:
            self.returned.set()


def test_a_cancelled_index_build_keeps_nothing_and_a_later_one_completes():
    corpus = _corpus(30)
    core = FakeCore()
    resolver = SlowResolve(pause=0)
    analyser = Analyser(corpus, extract=core.extract, resolve=resolver)
    started = resolver.started
    assert analyser.compute_index(lambda: started.is_set()) is None
    assert resolver.outcome == "cancelled"
    assert analyser.cached_index() is None
    assert analyser.articles_naming("Sergei Lavrov") is None
    index = analyser.compute_index()
    assert index is not None and resolver.outcome == "finished"
    expected = resolve_corpus({a.id: core.extract(a.text) for a in corpus.articles})
    assert index == expected
    assert analyser.articles_naming("Antony Blinken") == frozenset(expected)


def _reader_on(corpus: Corpus, resolver: SlowResolve):
    core = FakeCore()

    def analyser(corpus: Corpus) -> Analyser:
        return Analyser(
            corpus,
            summarize=core.summarize,
            extract=core.extract,
            resolve=resolver,
            methods=("default", "lead"),
        )

    return make_app(
        corpus, store=Store.memory(), analyser=analyser(corpus), analyser_factory=analyser
    )


async def _wait_for(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.02)


@pytest.mark.parametrize("size", [EAGER_INDEX_LIMIT + 40, 60])
async def test_quitting_while_names_are_unified_leaves_no_thread_and_posts_nothing(size):
    """Past the eager limit only the background run builds the index; below it the shown
    article's analysis may be the one that does."""
    corpus = _corpus(size)
    resolver = SlowResolve(pause=4.0 / (3 * size))  # some 4 s if not cancelled
    app = _reader_on(corpus, resolver)
    posted: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        original = app.reader.post_message

        def record(message):
            posted.append(message)
            return original(message)

        app.reader.post_message = record  # type: ignore[method-assign]
        await _wait_for(pilot, resolver.started.is_set)
        assert app.reader.background_running
        quit_at = time.monotonic()
    assert resolver.returned.wait(5)
    stopped_after = time.monotonic() - quit_at
    assert resolver.outcome == "cancelled"
    assert stopped_after < 2.0  # generous: it would run for seconds more if not cancelled
    deadline = time.monotonic() + 5
    while threads_in_briefing():
        assert time.monotonic() < deadline, threads_in_briefing()
        time.sleep(0.02)
    assert app.reader._bg_idle.is_set()
    assert not [m for m in posted if isinstance(m, IndexReady | BackgroundDone)]
    assert app.analyser.cached_index() is None


async def test_dropping_the_background_run_mid_unification_posts_nothing_then_a_new_run_builds():
    corpus = _corpus(EAGER_INDEX_LIMIT + 40)
    resolver = SlowResolve()
    app = _reader_on(corpus, resolver)
    async with app.run_test(size=SIZE) as pilot:
        posted: list[object] = []
        original = app.reader.post_message

        def record(message):
            posted.append(message)
            return original(message)

        app.reader.post_message = record  # type: ignore[method-assign]
        await _wait_for(pilot, resolver.started.is_set)
        assert app.reader.stop_background(wait=5)  # as replacing the corpus does
        assert resolver.outcome == "cancelled"
        await pilot.pause(0.05)
        assert not [m for m in posted if isinstance(m, IndexReady | BackgroundDone)]
        assert app.analyser.cached_index() is None
        resolver.pause = 0
        resolver.started.clear()
        app.reader.start_background()
        await _wait_for(pilot, lambda: not app.reader.background_running)
        assert resolver.outcome == "finished"
        assert [m for m in posted if isinstance(m, IndexReady)]
        index = app.analyser.cached_index()
        assert index is not None and len(index) == len(corpus.articles)
        assert app.analyser.articles_naming("Sergei Lavrov")


# --------------------------------------------------------------------------- the briefing build


def test_a_briefing_build_cancelled_while_names_are_unified_stops_there(monkeypatch):
    """The briefing's mention job hands its cancellation check to ``resolve_corpus``."""
    import briefing.entities
    from briefing.brief import BriefingCancelled
    from briefing.brief.mentions import MentionJob

    monkeypatch.setenv("BRIEFING_WORKERS", "0")
    real = briefing.entities.resolve_corpus
    state = {"resolving": False, "checks": 0, "finished": False}

    def watched(*args, **options):
        state["resolving"] = True
        result = real(*args, **options)
        state["finished"] = True
        return result

    def check() -> None:
        if state["resolving"]:
            state["checks"] += 1
            if state["checks"] == 3:
                raise BriefingCancelled("stop")

    monkeypatch.setattr(briefing.entities, "resolve_corpus", watched)
    corpus = _corpus(20)
    with pytest.raises(BriefingCancelled):
        MentionJob(corpus).result(check)
    assert state["checks"] == 3 and not state["finished"]
    state.update(resolving=False, checks=0)
    mentions = MentionJob(corpus).result(lambda: None)
    assert state["finished"]
    assert {m.canonical for ms in mentions for m in ms if m.text == "Lavrov"} == {"Sergei Lavrov"}
