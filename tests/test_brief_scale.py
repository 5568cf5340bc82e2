"""The briefing at scale: compact analysis, candidate pruning, probes, the store's analysis."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from pathlib import Path

import numpy as np
import pytest

from briefing.brief import build as build_module
from briefing.brief import build_briefing
from briefing.brief import dedup as dedup_module
from briefing.brief import timeline as timeline_module
from briefing.brief.analysis import analyze_article, concepts_of
from briefing.brief.dedup import _MAX_POSTING, shared_pairs
from briefing.brief.table import TableBuilder, unique, unique_counts
from briefing.corpus import load_corpus
from briefing.models import Article, Corpus
from briefing.sentences import split_sentences
from briefing.store import Store, content_hash, mentions_kind, sentences_kind
from briefing.store.analysis import analyze_corpus

REPO = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(REPO / "corpus.yaml")


@pytest.fixture(scope="module")
def reference(corpus: Corpus):
    return build_briefing(corpus, use_cache=False, now=NOW)


def test_table_concepts_and_stems_are_the_string_ones(corpus: Corpus) -> None:
    art = corpus.articles[0]
    builder = TableBuilder()
    sents = split_sentences(art.text)
    builder.add(art.text, [(s.start, s.end) for s in sents], art.published_date)
    table = builder.finish()
    stems = table.lex.stem_text
    n = table.n_stems
    for sid, s in enumerate(sents):
        bigrams, content = concepts_of(s.text)
        assert {stems[x] for x in table.stems(sid)} == content
        assert {f"{stems[c // n]} {stems[c % n]}" for c in table.concepts(sid)} == bigrams
    an = analyze_article(0, art)
    assert [s.text for s in an.sentences] == [s.text for s in sents]
    assert len(an.infos) == len(an.dates) == len(sents)


def test_unique_helpers_match_numpy() -> None:
    values = np.random.default_rng(1).integers(-50, 50, 1000)
    assert (unique(values) == np.unique(values)).all()
    got, counts = unique_counts(values)
    want, want_counts = np.unique(values, return_counts=True)
    assert (got == want).all() and (counts == want_counts).all()
    assert len(unique(np.zeros(0, dtype=np.int64))) == 0


def _brute_pairs(sets: list[np.ndarray], min_shared: int, ratio: float) -> list[tuple]:
    df: dict[int, int] = {}
    for s in sets:
        for x in s.tolist():
            df[x] = df.get(x, 0) + 1
    out = []
    for i, j in itertools.combinations(range(len(sets)), 2):
        shared = set(sets[i].tolist()) & set(sets[j].tolist())
        n = sum(1 for x in shared if 1 < df[x] <= _MAX_POSTING)
        if n >= min_shared and n / (min(len(sets[i]), len(sets[j])) or 1) >= ratio:
            out.append((i, j, n))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_probed_pairs_equal_all_pairs(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Sets of 10 to 300 items: copies (subsets of an original plus noise), unrelated sets
    # sharing a few items, and boilerplate items shared by more than _MAX_POSTING sets.
    rng = random.Random(seed)
    if seed % 2:
        monkeypatch.setattr(dedup_module, "_SLICE", 7)  # probes expanded a few sets at a time
    boiler = list(range(10**6, 10**6 + 5))
    originals = [rng.sample(range(10**5), rng.randint(10, 300)) for _ in range(40)]
    sets = []
    for k in range(110):
        base = originals[k % len(originals)]
        keep = rng.uniform(0.3, 1.0) if k >= len(originals) else 1.0
        items = [x for x in base if rng.random() < keep]
        items += rng.sample(range(10**5, 2 * 10**5), rng.randint(0, 40)) + boiler
        sets.append(np.array(sorted(set(items)), dtype=np.int64))
        if k % 50 == 0:
            sets.append(np.zeros(0, dtype=np.int64))  # an article without words
    sets.append(np.zeros(0, dtype=np.int64))
    for min_shared, ratio in ((5, 0.5), (4, 0.4)):
        assert shared_pairs(sets, min_shared, ratio) == _brute_pairs(sets, min_shared, ratio)


def test_key_points_are_the_same_with_a_tiny_candidate_pool(
    corpus: Corpus, reference, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The greedy starts from the best few candidates and widens its pool only when a
    # left-out one could win: the result must not depend on the pool size.
    monkeypatch.setattr(build_module, "POOL", 3)
    calls = []
    real = build_module.select_greedy

    def counted(*args, **kwargs):
        calls.append(kwargs["ceiling"])
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "select_greedy", counted)
    again = build_briefing(corpus, use_cache=False, now=NOW)
    assert len(calls) > 1 and calls[0] > 0  # the pool had to grow
    assert again.key_points == reference.key_points
    assert again.bottom_line == reference.bottom_line
    assert build_briefing(corpus, points=12, use_cache=False, now=NOW).key_points[:3] == (
        build_briefing(corpus, points=3, use_cache=False, now=NOW).key_points
    )


def test_timeline_clusters_match_comparing_every_pair(corpus: Corpus) -> None:
    rng = random.Random(5)
    vocab = list(range(30))
    items = [
        timeline_module._Item(
            0, k, dt.date(2024, 1, 1), "", frozenset(rng.sample(vocab, 6)), 1.0, frozenset()
        )
        for k in range(60)
    ]
    clusters: list[list] = []
    for it in items:  # the definition: join the first cluster holding a same-event item
        for cl in clusters:
            if any(timeline_module._same_event(it, o) for o in cl):
                cl.append(it)
                break
        else:
            clusters.append([it])
    got = timeline_module._clusters(items)
    assert [[i.index for i in c.items] for c in got] == [[i.index for i in c] for c in clusters]


def test_a_capped_day_still_gives_a_timeline(
    corpus: Corpus, reference, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline_module, "MAX_ITEMS_PER_DATE", 1)
    capped = build_briefing(corpus, use_cache=False, now=NOW)
    assert capped.timeline and len(capped.timeline) <= len(reference.timeline) + 12
    assert [e.date for e in capped.timeline] == sorted(e.date for e in capped.timeline)


def test_the_store_gives_the_same_briefing_and_keeps_what_it_computes(
    corpus: Corpus, reference, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_WORKERS", "0")
    with Store.open(tmp_path / "data" / "briefing.sqlite3") as store:
        # Empty store: everything is computed, and the sentences and mentions are saved.
        first = build_briefing(corpus, use_cache=False, now=NOW, store=store)
        assert first == reference
        hashes = [content_hash(a) for a in corpus.articles]
        kinds = [sentences_kind(), mentions_kind(corpus.entities)]
        assert len(store.cached_keys(hashes, kinds)) == 2 * len(corpus.articles)
        # Now nothing is recomputed: entity recognition and sentence splitting are not run.
        import briefing.entities

        def boom(*_a, **_k):
            raise AssertionError("recomputed")

        monkeypatch.setattr(briefing.entities, "extract_entities", boom)
        monkeypatch.setattr(build_module, "split_sentences", boom)
        assert build_briefing(corpus, use_cache=False, now=NOW, store=store) == reference


def test_the_store_filled_by_batch_analysis_is_used(
    corpus: Corpus, reference, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_WORKERS", "0")
    with Store.open(tmp_path / "data" / "briefing.sqlite3") as store:
        analyze_corpus(corpus, store, workers=0)
        import briefing.entities

        monkeypatch.setattr(briefing.entities, "extract_entities", lambda *a, **k: 1 / 0)
        assert build_briefing(corpus, use_cache=False, now=NOW, store=store) == reference


def test_an_unusable_cached_row_is_recomputed(
    corpus: Corpus, reference, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_WORKERS", "0")
    with Store.open(tmp_path / "data" / "briefing.sqlite3") as store:
        analyze_corpus(corpus, store, workers=0)
        art = corpus.articles[0]
        store.put_analysis(content_hash(art), sentences_kind(), [[0, 5, 10**9, 0.0]])
        store.put_analysis(content_hash(art), mentions_kind(corpus.entities), "garbage")
        assert build_briefing(corpus, use_cache=False, now=NOW, store=store) == reference


def test_a_changed_article_is_not_taken_from_the_store(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_WORKERS", "0")
    with Store.open(tmp_path / "data" / "briefing.sqlite3") as store:
        analyze_corpus(corpus, store, workers=0)
        art = corpus.articles[0]
        changed = Article(
            id=art.id,
            title=art.title,
            text="Officials in Oslo met on Monday. " + art.text,
            raw_text="",
            outlet=art.outlet,
            published=art.published,
        )
        other = dataclasses.replace(corpus, articles=[changed, *corpus.articles[1:]])
        fresh = build_briefing(other, use_cache=False, now=NOW)
        assert build_briefing(other, use_cache=False, now=NOW, store=store) == fresh


@pytest.mark.parametrize("groups", [[0, 1, 2, 3, 4], [0, 0, 2, 2, 2], [0, 0, 0, 0, 0]])
def test_table_concept_weights_count_each_group_once(corpus: Corpus, groups: list[int]) -> None:
    from briefing.brief.select import concept_weights

    builder = TableBuilder()
    for art in corpus.articles:
        spans = [(s.start, s.end) for s in split_sentences(art.text)]
        builder.add(art.text, spans, art.published_date)
    table = builder.finish()
    infos = [table.infos(a) for a in range(table.n_articles)]
    for min_df in (1, 2, 3):
        want = concept_weights(infos, groups, min_df)
        got = table.concept_weights(groups, min_df)
        assert dict(zip(got.codes.tolist(), got.values.tolist())) == want
        table.set_weights(got)
        for a, per in enumerate(infos):
            for info in per:
                sid = table.sid(a, info.index)
                assert table.wsum[sid] == sum(want.get(c, 0) for c in info.concepts)


def test_the_caller_takes_part_in_entity_extraction(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.brief import mentions as mentions_module

    monkeypatch.setenv("BRIEFING_WORKERS", "0")
    expected = mentions_module.MentionJob(corpus).result(lambda: None)
    monkeypatch.setattr(mentions_module, "_CHUNK", 1)  # one chunk per article
    monkeypatch.setenv("BRIEFING_WORKERS", "1")
    job = mentions_module.MentionJob(corpus, min_parallel=1)
    assert job.parallel and len(job._futures) == len(corpus.articles)
    assert job.result(lambda: None) == expected
    assert any(f.cancelled() for f in job._futures)  # chunks the caller did itself
    assert not job.parallel
