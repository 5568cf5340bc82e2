"""The analysis cache and batch analysis: hits, invalidation, workers, cancellation."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.corpus import load_corpus
from briefing.entities import Gazetteer, extract_entities
from briefing.models import Article
from briefing.store import Store, content_hash, engine_version, mentions_kind, summary_kind
from briefing.store import analysis as analysis_module
from briefing.store import cache as cache_module
from briefing.store.analysis import analyze_corpus
from briefing.summarize import summarize

NAMES = ["Anna Berg", "Omar Haddad", "Lena Vogel", "Tom Price", "Mara Quinn", "Ivo Novak"]
PLACES = ["Oslo", "Bergen", "Geneva", "Lisbon", "Vienna", "Dublin"]


def text_for(i: int) -> str:
    name, place = NAMES[i % len(NAMES)], PLACES[(i * 5 + 1) % len(PLACES)]
    return (
        f"Officials in {place} approved plan number {i} for a new bridge on Monday. "
        f"{name}, the planning chief, said work would start in spring.\n\n"
        f"Critics said the budget for plan {i} had grown by {i + 3} million euros. "
        f"The council in {place} will vote again next month, {name} said. "
        "Residents asked for more time to study the plan."
    )


def write_corpus(folder: Path, count: int) -> Path:
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    lines = ["articles:"]
    for i in range(count):
        (folder / "articles" / f"a{i}.txt").write_text(text_for(i), encoding="utf-8")
        lines += [f"  - id: a{i}", f"    title: Bridge plan {i}", f"    path: articles/a{i}.txt"]
    lines += ["entities:", "  - name: Anna Berg", "    type: PERSON", "    aliases: [Berg]"]
    path = folder / "corpus.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "data" / "briefing.sqlite3") as opened:
        yield opened


# --- cache keys ----------------------------------------------------------------------------


def test_content_hash_follows_title_and_text():
    a = Article(id="x", title="T", text="Some text.", raw_text="Some text.")
    b = Article(id="y", title="T", text="Some text.", raw_text="other raw")
    assert content_hash(a) == content_hash(b)  # the id and raw copy do not matter
    assert content_hash(a) != content_hash(Article("x", "T2", "Some text.", ""))
    assert content_hash(a) != content_hash(Article("x", "T", "Some text!", ""))
    assert engine_version() == engine_version() and "+" in engine_version()


def test_analysis_results_match_a_direct_computation(tmp_path, store):
    corpus = load_corpus(write_corpus(tmp_path / "c", 3))
    report = analyze_corpus(corpus, store, workers=0)
    assert (report.total, report.analysed, report.cached, report.failed) == (3, 3, 0, 0)
    gazetteer = Gazetteer.from_specs(corpus.entities)
    for article in corpus.articles:
        expected = summarize(article.text, 5, method="default", title=article.title)
        cached = store.get_summary(article, "default", 5)
        assert [(s.index, s.start, s.end, s.text) for s in cached] == [
            (s.index, s.start, s.end, s.text) for s in expected
        ]
        mentions = store.get_mentions(article, corpus.entities)
        direct = extract_entities(article.text, gazetteer)
        assert sorted((m.start, m.end, m.label, m.canonical) for m in mentions) == sorted(
            (m.start, m.end, m.label, m.canonical) for m in direct
        )
        assert all(article.text[m.start : m.end] == m.text for m in mentions)
        sentences = store.get_sentences(article)
        assert sentences and all(article.text[s.start : s.end] == s.text for s in sentences)
    assert set(store.corpus_mentions(corpus)) == {"a0", "a1", "a2"}
    assert set(store.corpus_summaries(corpus, "default", 5)) == {"a0", "a1", "a2"}


def test_an_unchanged_article_is_never_analysed_twice(tmp_path, store, monkeypatch):
    path = write_corpus(tmp_path / "c", 4)
    analyze_corpus(load_corpus(path), store, workers=0)
    calls: list[str] = []
    real = analysis_module.analyse_one
    monkeypatch.setattr(
        analysis_module, "analyse_one", lambda c, t, x, k, s: calls.append(t) or real(c, t, x, k, s)
    )
    again = analyze_corpus(load_corpus(path), store, workers=0)
    assert (again.cached, again.analysed) == (4, 0) and calls == []

    # a changed file is analysed again, and only that one
    (tmp_path / "c" / "articles" / "a2.txt").write_text(text_for(2) + "\n\nA late update.\n")
    changed = load_corpus(path)
    report = analyze_corpus(changed, store, workers=0)
    assert (report.cached, report.analysed) == (3, 1) and calls == ["Bridge plan 2"]
    summary = store.get_summary(changed.get("a2"), "default", 5)
    assert summary is not None and all(s.end <= len(changed.get("a2").text) for s in summary)


def test_other_methods_and_lengths_are_separate_entries(tmp_path, store):
    corpus = load_corpus(write_corpus(tmp_path / "c", 2))
    analyze_corpus(corpus, store, workers=0, methods=("lead",), lengths=(1, 2))
    article = corpus.articles[0]
    assert len(store.get_summary(article, "lead", 1)) == 1
    assert len(store.get_summary(article, "lead", 2)) == 2
    assert store.get_summary(article, "default", 5) is None
    digest = content_hash(article)
    assert store.get_analysis(digest, summary_kind("lead", 1)) is not None


def test_a_new_engine_version_recomputes(tmp_path, store, monkeypatch):
    corpus = load_corpus(write_corpus(tmp_path / "c", 2))
    analyze_corpus(corpus, store, workers=0)
    monkeypatch.setattr(cache_module, "engine_version", lambda: "9.9.9+other")
    assert store.get_summary(corpus.articles[0], "default", 5) is None
    report = analyze_corpus(corpus, store, workers=0)
    assert report.analysed == 2
    assert store.info().counts["stale_analysis_rows"] > 0
    assert store.prune_analysis() > 0
    assert store.info().counts["stale_analysis_rows"] == 0


def test_gazetteer_changes_change_the_mentions_key(tmp_path):
    corpus = load_corpus(write_corpus(tmp_path / "c", 1))
    assert mentions_kind(corpus.entities) != mentions_kind([])


def test_spans_that_do_not_fit_are_a_miss(tmp_path, store):
    article = Article(id="x", title="T", text="Short text.", raw_text="")
    store.put_analysis(content_hash(article), "sentences", [[0, 0, 500, 0.0]])
    assert store.get_sentences(article) is None
    store.put_analysis(content_hash(article), "sentences", "garbage")
    assert store.get_sentences(article) is None


# --- running ---------------------------------------------------------------------------------


def test_progress_is_reported_up_to_the_total(tmp_path, store):
    corpus = load_corpus(write_corpus(tmp_path / "c", 5))
    seen: list[tuple[int, int]] = []
    analyze_corpus(
        corpus, store, workers=0, chunk_size=2, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancelling_keeps_finished_work(tmp_path, store):
    corpus = load_corpus(write_corpus(tmp_path / "c", 6))
    seen: list[int] = []
    report = analyze_corpus(
        corpus,
        store,
        workers=0,
        chunk_size=2,
        progress=lambda done, total: seen.append(done),
        cancelled=lambda: len(seen) >= 2,  # after the first chunk
    )
    assert report.cancelled and report.analysed == 2
    resumed = analyze_corpus(corpus, store, workers=0)
    assert (resumed.cached, resumed.analysed, resumed.cancelled) == (2, 4, False)


def test_one_failing_article_does_not_stop_the_others(tmp_path, store, monkeypatch):
    corpus = load_corpus(write_corpus(tmp_path / "c", 3))
    real = analysis_module.analyse_one

    def flaky(content, title, text, kinds, specs):
        if title == "Bridge plan 1":
            raise ValueError("boom")
        return real(content, title, text, kinds, specs)

    monkeypatch.setattr(analysis_module, "analyse_one", flaky)
    report = analyze_corpus(corpus, store, workers=0)
    assert (report.analysed, report.failed) == (2, 1)
    assert "boom" in report.errors[0] and "Bridge plan 1" in report.errors[0]


def test_worker_processes_analyse_and_can_be_cancelled(tmp_path, store):
    corpus = load_corpus(write_corpus(tmp_path / "c", 40))
    done: list[int] = []
    report = analyze_corpus(
        corpus,
        store,
        workers=2,
        chunk_size=4,
        progress=lambda d, t: done.append(d),
        cancelled=lambda: len(done) >= 2,  # once the first chunk is in
    )
    assert report.workers == 2 and report.cancelled
    assert 0 < report.analysed < 40 and not report.errors
    rest = analyze_corpus(corpus, store, workers=2, chunk_size=4)
    assert rest.workers == 2 and not rest.cancelled and not rest.errors
    assert rest.cached == report.analysed and rest.analysed == 40 - report.analysed
    assert len(store.corpus_mentions(corpus)) == 40
    assert all(store.get_summary(a, "default", 5) for a in corpus.articles)
