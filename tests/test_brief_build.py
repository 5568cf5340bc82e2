"""The combined briefing of the bundled corpus: sections, citations, dates, pins, cache."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest

from briefing.brief import NO_SIDE, Briefing, BriefingCancelled, Point, build_briefing
from briefing.brief.analysis import analyze_article
from briefing.corpus import load_corpus
from briefing.errors import BriefingError
from briefing.models import Article, Corpus
from briefing.summarize import is_dependent

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(REPO / "corpus.yaml")


@pytest.fixture(scope="module")
def briefing(corpus: Corpus) -> Briefing:
    return build_briefing(corpus, use_cache=False)


def all_points(b: Briefing) -> list[Point]:
    return [*b.bottom_line, *b.key_points, *(e.point for e in b.timeline)]


def test_has_every_section(corpus: Corpus, briefing: Briefing) -> None:
    b = briefing
    assert b.title == corpus.story.title
    assert (b.date_from, b.date_to) == ("2021-12-01", "2022-02-23")
    assert b.n_articles == len(corpus.articles)
    assert b.n_outlets == len({a.outlet for a in corpus.articles if a.outlet})
    assert b.method
    assert 2 <= len(b.bottom_line) <= 3
    assert len(b.key_points) >= 5
    assert len(b.timeline) >= 5
    assert b.statements and b.entities
    assert [s.number for s in b.sources] == list(range(1, len(corpus.articles) + 1))
    assert b.summary_text == "\n".join(p.text for p in b.key_points)


def test_every_citation_points_to_a_source_containing_the_sentence(
    corpus: Corpus, briefing: Briefing
) -> None:
    evidence = [e for p in all_points(briefing) for e in p.evidence]
    evidence += [e for side in briefing.statements for sp in side.speakers
                 for st in sp.statements for e in st.evidence]  # fmt: skip
    assert evidence
    for e in evidence:
        source = briefing.source(e.source)
        assert source.article_id == e.article_id
        assert corpus.get(e.article_id).text[e.start : e.end] == e.text
    for p in all_points(briefing):
        assert p.evidence[0].text in p.text
        assert set(p.sources) == {e.source for e in p.evidence}
        assert 1 <= p.independent <= len(p.sources)


def test_key_points_never_open_with_a_dangling_word(briefing: Briefing) -> None:
    for p in [*briefing.bottom_line, *briefing.key_points]:
        assert not is_dependent(p.text), p.text
    texts = [p.text for p in briefing.key_points]
    assert len(set(texts)) == len(texts)


def test_repeated_quote_across_outlets_is_one_point_with_both_citations(
    briefing: Briefing,
) -> None:
    # Two outlets quote Blinken's "high-impact economic measures" warning from Riga.
    hits = [p for p in all_points(briefing) if "high-impact economic measures" in p.text]
    assert hits
    assert any(len(p.sources) >= 2 for p in hits)


def test_timeline_is_in_date_order_and_each_date_is_justified(
    corpus: Corpus, briefing: Briefing
) -> None:
    dates = [e.date for e in briefing.timeline]
    assert dates == sorted(dates)
    for e in briefing.timeline:
        first = e.point.evidence[0]
        art = corpus.get(first.article_id)
        if e.date_text:
            assert e.date_text in first.text
        else:
            assert art.published_date is not None and e.date == art.published_date.isoformat()


def _dated(corpus: Corpus, article_id: str, needle: str) -> list[tuple[str, str]]:
    arts = corpus.articles
    k = next(i for i, a in enumerate(arts) if a.id == article_id)
    an = analyze_article(k, arts[k])
    for s, dates in zip(an.sentences, an.dates):
        if needle in s.text:
            return [(d.text, d.date.isoformat()) for d in dates]
    raise AssertionError(f"{needle!r} not in {article_id}")


@pytest.mark.parametrize(
    ("article_id", "needle", "expected"),
    [
        # Published Wednesday 23 Feb 2022: "on Tuesday" is the 22nd, "on Monday" the 21st.
        ("meeting-off", "Blinken said on Tuesday", [("Tuesday", "2022-02-22")]),
        ("meeting-off", "angry speech on Monday", [("Monday", "2022-02-21")]),
        # Published 2 Dec 2021: "a day earlier" is 1 Dec; "Jan. 31" is the coming January.
        ("stockholm-talks", "Blinken warned a day earlier", [("a day earlier", "2021-12-01")]),
        ("trade-warnings", "to fly out of the region by Jan. 31", [("Wednesday", "2021-12-01"),
                                                                   ("Jan. 31", "2022-01-31")]),
        # Published Friday 21 Jan 2022.
        ("geneva-no-breakthrough", "At his news conference Wednesday",
         [("Wednesday", "2022-01-19")]),
        ("set-to-meet", "in Stockholm on December 2", [("December 2", "2021-12-02")]),
    ],
)  # fmt: skip
def test_relative_dates_in_the_bundled_corpus(
    corpus: Corpus, article_id: str, needle: str, expected: list[tuple[str, str]]
) -> None:
    assert _dated(corpus, article_id, needle) == expected


def test_who_said_what_groups_speakers_by_declared_side(corpus: Corpus, briefing: Briefing) -> None:
    sides = {g.side: {sp.speaker for sp in g.speakers} for g in briefing.statements}
    assert "Antony Blinken" in sides["United States and allies"]
    assert "Sergey Lavrov" in sides["Russia"]
    declared = {e.name: e.side for e in corpus.entities}
    for group in briefing.statements:
        for sp in group.speakers:
            if group.side == NO_SIDE:
                assert not declared.get(sp.speaker)
            else:
                assert declared.get(sp.speaker) == group.side
            for st in sp.statements:
                assert st.kind in ("quote", "reported")
    # Lavrov's quote attributed with a pronoun ('..., he said') is found.
    lavrov = next(sp for g in briefing.statements for sp in g.speakers
                  if sp.speaker == "Sergey Lavrov")  # fmt: skip
    assert any("do not want any conflicts" in st.text for st in lavrov.statements)


def test_entities_have_counts_and_sources(briefing: Briefing) -> None:
    names = {r.name: r for r in briefing.entities}
    assert names["Antony Blinken"].mentions >= 10
    assert len(names["Antony Blinken"].sources) == 5
    for r in briefing.entities:
        assert r.sources and all(1 <= n <= len(briefing.sources) for n in r.sources)


def test_budget_by_words_and_points(corpus: Corpus) -> None:
    short = build_briefing(corpus, 40, use_cache=False)
    assert 1 <= len(short.key_points) <= 3
    assert sum(p.words for p in short.key_points[:-1]) < 40
    three = build_briefing(corpus, points=3, use_cache=False)
    assert len(three.key_points) == 3
    with pytest.raises(BriefingError):
        build_briefing(corpus, 0)
    with pytest.raises(BriefingError):
        build_briefing(corpus, points=-1)


def test_pins_are_included_first_and_can_be_removed(corpus: Corpus, briefing: Briefing) -> None:
    art = corpus.get("meeting-off")
    an = analyze_article(0, art)
    used = {(e.article_id, e.index) for p in briefing.key_points for e in p.evidence[:1]}
    k = next(s.index for s, info in zip(an.sentences, an.infos)
             if ("meeting-off", s.index) not in used and not info.dependent and info.n_words > 8)  # fmt: skip
    pinned = build_briefing(corpus, pins=[("meeting-off", k)], use_cache=False)
    first = pinned.key_points[0]
    assert first.pinned and first.evidence[0].index == k
    assert first.evidence[0].article_id == "meeting-off"
    again = build_briefing(corpus, pins=[], use_cache=False)
    assert not any(p.pinned for p in again.key_points)


def test_pinning_a_dependent_sentence_brings_its_context(corpus: Corpus) -> None:
    arts = corpus.articles
    for a, art in enumerate(arts):
        an = analyze_article(a, art)
        for info in an.infos[1:]:
            if info.dependent and not an.infos[info.index - 1].dependent:
                b = build_briefing(corpus, pins=[(art.id, info.index)], use_cache=False)
                p = b.key_points[0]
                assert [e.index for e in p.evidence[:2]] == [info.index - 1, info.index]
                assert not is_dependent(p.text)
                return
    pytest.skip("no dependent sentence in the bundled corpus")


@pytest.mark.parametrize(
    "pin", [("no-such-article", 0), ("meeting-off", 10_000), ("meeting-off", -1), "bad"]
)
def test_bad_pins_are_one_line_errors(corpus: Corpus, pin: object) -> None:
    with pytest.raises(BriefingError) as info:
        build_briefing(corpus, pins=[pin], use_cache=False)  # type: ignore[list-item]
    assert "\n" not in str(info.value)


def test_progress_and_cancel(corpus: Corpus) -> None:
    seen: list[float] = []
    build_briefing(corpus, use_cache=False, progress=lambda f, _m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(BriefingCancelled):
        build_briefing(corpus, use_cache=False, cancelled=lambda: True)


def test_cache_returns_the_same_briefing_with_a_new_stamp(corpus: Corpus) -> None:
    t1 = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    t2 = dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)
    first = build_briefing(corpus, now=t1)
    folder = Path(os.environ["BRIEFING_DATA_DIR"]) / "cache"
    assert list(folder.glob("briefing-*.json"))
    calls: list[str] = []
    second = build_briefing(corpus, now=t2, progress=lambda _f, m: calls.append(m))
    assert calls == ["loaded from cache"]
    assert second.generated_at != first.generated_at
    assert dataclasses.replace(second, generated_at=first.generated_at) == first
    other = build_briefing(corpus, 100, now=t2, progress=lambda _f, m: calls.append(m))
    assert calls[-1] == "done" and other != first


def test_corrupt_cache_entry_is_rebuilt(corpus: Corpus) -> None:
    build_briefing(corpus, points=4)
    folder = Path(os.environ["BRIEFING_DATA_DIR"]) / "cache"
    for path in folder.glob("briefing-*.json"):
        path.write_text("{not json", encoding="utf-8")
    again = build_briefing(corpus, points=4)
    assert len(again.key_points) == 4


def test_near_copies_are_marked_and_not_independent(corpus: Corpus) -> None:
    original = corpus.get("stockholm-talks")
    copy = Article(
        id="stockholm-copy",
        title="Talks break up after 30 minutes",
        text="Source link\n\n" + original.text + "\n\nShare this article",
        raw_text="",
        outlet="Aggregator Daily",
        published=dt.date(2021, 12, 3),
    )
    bigger = dataclasses.replace(corpus, articles=[*corpus.articles, copy])
    b = build_briefing(bigger, use_cache=False)
    by_id = {s.article_id: s for s in b.sources}
    assert by_id["stockholm-copy"].copy_of == by_id["stockholm-talks"].number
    assert by_id["stockholm-talks"].copy_of is None
    assert b.n_independent == len(corpus.articles)
    both = [p for p in all_points(b)
            if {by_id["stockholm-copy"].number, by_id["stockholm-talks"].number} <= set(p.sources)]  # fmt: skip
    assert both, "points from the copied article cite the copy too"
    for p in both:
        assert p.independent < len(p.sources)


def test_output_is_deterministic(corpus: Corpus) -> None:
    a = build_briefing(corpus, use_cache=False, now=dt.datetime(2024, 1, 1))
    b = build_briefing(corpus, use_cache=False, now=dt.datetime(2024, 1, 1))
    assert a == b


def test_single_article_corpus(corpus: Corpus) -> None:
    one = dataclasses.replace(corpus, articles=[corpus.get("set-to-meet")])
    b = build_briefing(one, use_cache=False)
    assert b.key_points and b.n_independent == 1
    assert all(p.sources == (1,) for p in b.key_points)


def test_entity_extraction_in_worker_processes_matches_in_process(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.brief.mentions import MentionJob

    monkeypatch.setenv("BRIEFING_WORKERS", "0")
    local = MentionJob(corpus, min_parallel=1)
    assert not local.parallel
    expected = local.result(lambda: None)
    monkeypatch.setenv("BRIEFING_WORKERS", "2")
    job = MentionJob(corpus, min_parallel=1)
    assert job.parallel
    assert job.result(lambda: None) == expected

    def stop() -> None:
        raise BriefingCancelled("stop")

    job = MentionJob(corpus, min_parallel=1)
    with pytest.raises(BriefingCancelled):
        job.result(stop)
    assert not job.parallel  # the pool was shut down
