"""Full-text search: incremental indexing, ranking, queries that cannot break, safe snippets."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from briefing.corpus import load_corpus
from briefing.store import Store, build_query, corpus_key
from briefing.store.search import CLOSE, OPEN, parse_marked


def _corpus_file(folder: Path, articles: dict[str, tuple[str, str]]) -> Path:
    """Write a corpus with inline texts: ``{id: (title, text)}``."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["articles:"]
    for ident, (title, text) in articles.items():
        lines += [f"  - id: {ident}", f"    title: {title!r}", "    text: |"]
        lines += ["      " + line for line in textwrap.dedent(text).strip().splitlines()]
    path = folder / "corpus.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ARTICLES = {
    "ports": (
        "Harbour strike ends",
        "Dock workers ended the strike at the harbour on Friday. The harbour reopened.\n"
        "Shipping companies said the harbour backlog would clear within a week.",
    ),
    "budget": (
        "City budget approved",
        "The council approved the budget. A small sum goes to harbour repairs.\n"
        "Schools and hospitals get most of the new money.",
    ),
    "rail": (
        "New railway line opens",
        "The railway line to the airport opened to passengers on Monday.\n"
        "Trains will run every ten minutes, the operator said.",
    ),
    "sanctions": (
        "Talks on sanctions",
        "Ministers discussed new sanctions against the shipping firms.\n"
        "The sanction package needs the approval of every member state.",
    ),
}


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "data" / "briefing.sqlite3") as opened:
        yield opened


@pytest.fixture
def corpus(tmp_path):
    return load_corpus(_corpus_file(tmp_path / "c", ARTICLES))


def _ids(hits) -> list[str]:
    return [hit.article_id for hit in hits]


def test_index_is_incremental(tmp_path, store):
    path = _corpus_file(tmp_path / "c", ARTICLES)
    report = store.index_corpus(load_corpus(path))
    assert (report.added, report.updated, report.removed) == (4, 0, 0)
    again = store.index_corpus(load_corpus(path))
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 4)

    changed = dict(ARTICLES)
    changed["rail"] = ("New railway line opens", "The tramway replaced the old railway plan.")
    del changed["budget"]
    changed["ferry"] = ("Ferry returns", "The ferry service to the island returns in May.")
    report = store.index_corpus(load_corpus(_corpus_file(tmp_path / "c", changed)))
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 2)
    assert sorted(report.changed_ids) == ["ferry", "rail"]
    key = corpus_key(path)
    assert _ids(store.search(key, "tramway")) == ["rail"]
    assert _ids(store.search(key, "passengers")) == []  # the old text is gone
    assert _ids(store.search(key, "council")) == []  # the removed article is gone
    assert _ids(store.search(key, "ferry")) == ["ferry"]
    assert store.indexed_count(key) == 4


def test_ranking_prefers_title_matches_and_frequent_terms(store, corpus):
    store.index_corpus(corpus)
    key = corpus_key(corpus.path)
    hits = store.search(key, "harbour")
    assert _ids(hits) == ["ports", "budget"]  # in the title and 3 times vs once in the text
    assert hits[0].score > hits[1].score > 0
    assert _ids(store.search(key, "railway")) == ["rail"]
    assert _ids(store.search(key, "shipping")) in (["ports", "sanctions"], ["sanctions", "ports"])


def test_every_word_must_match_and_long_words_match_their_forms(store, corpus):
    store.index_corpus(corpus)
    key = corpus_key(corpus.path)
    assert _ids(store.search(key, "harbour repairs")) == ["budget"]
    assert _ids(store.search(key, "harbour nonexistentword")) == []
    assert set(_ids(store.search(key, "sanction"))) == {"sanctions"}  # "sanctions" too
    assert _ids(store.search(key, "HARBOUR Repairs")) == ["budget"]  # case-insensitive


def test_phrases(store, corpus):
    store.index_corpus(corpus)
    key = corpus_key(corpus.path)
    assert _ids(store.search(key, '"railway line"')) == ["rail"]
    assert _ids(store.search(key, '"line railway"')) == []


def test_search_as_you_type(store, corpus):
    store.index_corpus(corpus)
    key = corpus_key(corpus.path)
    assert _ids(store.search(key, "railw", as_you_type=True)) == ["rail"]
    assert _ids(store.search(key, "rai")) == []  # a finished short word is exact...
    assert _ids(store.search(key, "rai", as_you_type=True)) == ["rail"]  # ...unless typed
    assert _ids(store.search(key, "airport t", as_you_type=True)) == ["rail"]  # 1 letter ignored
    assert store.search(key, "r", as_you_type=True) == []
    assert _ids(store.search(key, '"railway li', as_you_type=True)) == ["rail"]


def test_corpora_are_kept_apart(tmp_path, store, corpus):
    other = load_corpus(
        _corpus_file(tmp_path / "other", {"x": ("Harbour news", "The harbour froze.")})
    )
    store.index_corpus(corpus)
    store.index_corpus(other)
    assert _ids(store.search(corpus_key(other.path), "harbour")) == ["x"]
    assert "x" not in _ids(store.search(corpus_key(corpus.path), "harbour"))
    store.drop_index(corpus_key(other.path))
    assert store.search(corpus_key(other.path), "harbour") == []


@pytest.mark.parametrize(
    "query",
    [
        'harbour"',
        '"',
        "harbour AND OR NOT",
        "NEAR(harbour strike)",
        "title:harbour",
        "{title}: harbour",
        "harbour*",
        "^harbour",
        "(harbour",
        "harbour)",
        "-harbour",
        "+",
        "'; DROP TABLE search_docs; --",
        "\x1b[31mharbour",
        "",
        "   ",
    ],
)
def test_no_query_breaks_the_search(store, corpus, query):
    store.index_corpus(corpus)
    hits = store.search(corpus_key(corpus.path), query, as_you_type=True)
    assert isinstance(hits, list)
    assert store.problem is None and not store.degraded
    assert store.indexed_count(corpus_key(corpus.path)) == 4


def test_build_query_uses_no_user_syntax():
    assert build_query("") is None and build_query("!!! ???") is None
    expression = build_query('Harbour OR "strike ends" NEAR x', as_you_type=True)
    assert expression is not None
    assert '"harbour"*' in expression and '"strike ends"' in expression
    assert '"or"' in expression and '"near"*' in expression  # operators become plain words
    assert '"x"' not in expression  # one trailing letter while typing is skipped


def test_snippets_are_plain_text_with_highlight_ranges(tmp_path, store):
    hostile = (
        "The [bold red]harbour[/] board met. <b>Harbour</b> fees rise.\n"
        "Escape \x1b[31mcodes\x1b[0m and markers \ue000fake\ue001 stay out of the harbour snippet."
    )
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "h.txt").write_text(hostile, encoding="utf-8")  # files may hold escape codes
    (folder / "corpus.yaml").write_text(
        'articles:\n  - id: h\n    title: "[link=x]Harbour[/link] \ue000news"\n    path: h.txt\n',
        encoding="utf-8",
    )
    corpus = load_corpus(folder / "corpus.yaml")
    store.index_corpus(corpus)
    (hit,) = store.search(corpus_key(corpus.path), "harbour")
    for text, spans in ((hit.snippet, hit.highlights), (hit.title, hit.title_highlights)):
        assert OPEN not in text and CLOSE not in text and "\x1b" not in text
        assert spans, text
        for start, end in spans:
            assert text[start:end].casefold() == "harbour"
    assert "[bold red]" in hit.snippet  # shown as typed, never interpreted
    assert hit.title.startswith("[link=x]Harbour[/link]")
    assert "\n" not in hit.snippet
    data = hit.to_dict()
    assert set(data) >= {"id", "title", "score", "snippet", "highlights"}
    assert all(isinstance(span, list) for span in data["highlights"])


def test_parse_marked_collapses_space_and_keeps_ranges():
    text, spans = parse_marked(f"  one\n\n{OPEN}two{CLOSE}   three {OPEN}four{CLOSE}{OPEN}{CLOSE} ")
    assert text == "one two three four"
    assert [text[a:b] for a, b in spans] == ["two", "four"]


def test_snippets_for_the_best_hits_only_and_one_hit_on_demand(store, corpus):
    store.index_corpus(corpus)
    key = corpus_key(corpus.path)
    full = store.search(key, "harbour")
    few = store.search(key, "harbour", snippets=1)
    assert [(h.article_id, h.score) for h in few] == [(h.article_id, h.score) for h in full]
    assert few[0] == full[0] and few[0].snippet
    assert few[1].snippet == "" and few[1].title == "" and few[1].highlights == ()
    one = store.hit_for(key, "harbour", few[1].article_id)
    assert one is not None and one.score == 0.0  # one hit is not ranked
    assert dataclasses.replace(one, score=full[1].score) == full[1]
    assert store.hit_for(key, "harbour", "rail") is None  # it does not match
    assert store.hit_for(key, "harbour", "no-such-article") is None
    assert store.hit_for(key, "!!!", "ports") is None
    assert store.search(key, "harbour", snippets=0)[0].snippet == ""
