"""`briefing add` / `briefing new`: files into a corpus, duplicates, ids, the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.add import (
    AddReport,
    add_to_corpus,
    new_corpus,
    resolve_corpus_path,
    split_sources,
)
from briefing.add.duplicates import normalize_url
from briefing.add.ids import slugify, unique_id
from briefing.add.newcorpus import render_new_corpus
from briefing.cli import main
from briefing.corpus import load_corpus
from briefing.errors import BriefingError, CorpusError

FIXTURES = Path(__file__).parent / "fixtures" / "add"
REPO = Path(__file__).resolve().parent.parent


def fx(name: str) -> str:
    return str(FIXTURES / name)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return new_corpus(tmp_path / "story", "Town news", "What happened in town this spring.")


def _statuses(report: AddReport) -> list[str]:
    return [r.status for r in report.results]


def test_each_format_is_added(corpus: Path) -> None:
    sources = ["harbour-ferry.txt", "library-hours.md", "wind-farm.md", "river-bridge.html"]
    report = add_to_corpus(corpus, [fx(s) for s in sources])
    assert _statuses(report) == ["added"] * 4, [r.message for r in report.results]
    loaded = load_corpus(corpus)
    assert loaded.story.title == "Town news"
    ferry, library, wind, bridge = loaded.articles
    store = corpus.parent / "articles"
    # Files from elsewhere are copied into the corpus folder.
    assert ferry.path == store / f"{ferry.id}.txt"
    assert ferry.path.read_text(encoding="utf-8") == Path(fx("harbour-ferry.txt")).read_text(
        encoding="utf-8"
    )
    assert ferry.text.startswith("The harbour ferry will resume")
    assert (ferry.author, str(ferry.published)) == ("Tomás Reyes", "2024-04-02")
    # Front matter becomes metadata and is not part of the stored text.
    assert library.path == store / f"{library.id}.md"
    assert library.outlet == "Northside Gazette" and library.author == "Priya Natarajan"
    assert not library.raw_text.startswith("---")
    assert library.text.startswith("The three branch libraries")
    assert "**" not in library.text and "](" not in library.text
    assert wind.title == "Offshore wind farm wins planning approval"
    assert wind.text.startswith("Regulators approved")
    # Web pages: extracted body, metadata, canonical url.
    assert bridge.outlet == "The Valley Courier" and str(bridge.published) == "2024-03-14"
    assert bridge.url.startswith("https://valley-courier.example.com/")
    assert "Comments" not in bridge.text and "Privacy" not in bridge.text
    assert report.added_ids == [a.id for a in loaded.articles]
    assert report.summary() == "added 4 articles"


def test_file_inside_the_corpus_folder_is_referenced(corpus: Path) -> None:
    own = corpus.parent / "notes" / "ferry.txt"
    own.parent.mkdir()
    shutil.copy(fx("harbour-ferry.txt"), own)
    report = add_to_corpus(corpus, [str(own)])
    assert report.results[0].file == own.resolve()
    assert "path: notes/ferry.txt" in corpus.read_text(encoding="utf-8")
    assert not (corpus.parent / "articles").exists()


def test_same_text_is_reported_and_not_added(corpus: Path, tmp_path: Path) -> None:
    add_to_corpus(corpus, [fx("harbour-ferry.txt")])
    copy = tmp_path / "ferry copy.txt"
    copy.write_text(
        Path(fx("harbour-ferry.txt")).read_text(encoding="utf-8").upper(), encoding="utf-8"
    )
    before = corpus.read_bytes()
    report = add_to_corpus(corpus, [str(copy)])
    result = report.results[0]
    assert result.status == "duplicate"
    assert result.duplicate_of == "harbour-ferry-returns-after-winter-refit"
    assert "same text" in result.message
    assert corpus.read_bytes() == before  # nothing written
    assert report.ok and report.summary() == "added 0 articles; 1 already in the corpus"


def _republished(text: str) -> str:
    """A lightly edited copy, as another outlet would run it."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    edited = "\n\n".join(paragraphs[:-1])
    for a, b in [("lorries", "trucks"), ("Wednesday night", "Wednesday evening"), ("city", "town")]:
        edited = edited.replace(a, b)
    return (
        "Bridge repair gets green light\n\n" + edited + "\n\nThis story first appeared elsewhere.\n"
    )


def test_near_copy_is_reported_unless_forced(corpus: Path, tmp_path: Path) -> None:
    first = add_to_corpus(corpus, [fx("river-bridge.html")])
    stored = first.results[0].file.read_text(encoding="utf-8")
    copy = tmp_path / "bridge-elsewhere.txt"
    copy.write_text(_republished(stored), encoding="utf-8")
    report = add_to_corpus(corpus, [str(copy)])
    result = report.results[0]
    assert result.status == "duplicate", result.message
    assert result.duplicate_of == first.added_ids[0]
    assert "near-copy" in result.message
    # A different article on the same story is not a copy.
    other = add_to_corpus(corpus, [fx("harbour-ferry.txt")])
    assert _statuses(other) == ["added"]
    forced = add_to_corpus(corpus, [str(copy)], force=True)
    assert _statuses(forced) == ["added"]
    assert "kept although a near-copy" in forced.results[0].message
    assert len(load_corpus(corpus).articles) == 3


def test_near_copy_of_a_bundled_article(tmp_path: Path) -> None:
    path = tmp_path / "corpus.yaml"
    shutil.copy(REPO / "corpus.yaml", path)
    original = load_corpus(path).articles[0]
    copy = tmp_path / "republished.txt"
    copy.write_text(_republished(original.text), encoding="utf-8")
    report = add_to_corpus(path, [str(copy), fx("wind-farm.md")])
    assert _statuses(report) == ["duplicate", "added"]
    assert report.results[0].duplicate_of == original.id


def test_duplicates_within_one_batch_and_by_url(corpus: Path, tmp_path: Path) -> None:
    same_url = tmp_path / "library-again.md"
    same_url.write_text(
        "---\ntitle: Libraries open Sundays\n"
        "url: https://northside-gazette.example.org/local/libraries-sunday-opening/\n---\n\n"
        "A different write-up of the council decision on Sunday opening hours in libraries.\n",
        encoding="utf-8",
    )
    sources = ["library-hours.md", "harbour-ferry.txt", "harbour-ferry.txt"]
    report = add_to_corpus(corpus, [*map(fx, sources), str(same_url)])
    assert _statuses(report) == ["added", "added", "duplicate", "duplicate"]
    assert "same text" in report.results[2].message
    assert "same url" in report.results[3].message
    assert report.results[3].duplicate_of == report.added_ids[0]


def test_fresh_unique_ids(corpus: Path, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Storm hits coast\n\nThe storm brought down power lines in three towns.\n")
    b.write_text("Storm hits coast\n\nFishermen kept their boats in harbour for a second day.\n")
    report = add_to_corpus(corpus, [str(a), str(b)])
    assert report.added_ids == ["storm-hits-coast", "storm-hits-coast-2"]
    assert slugify("The Mayor’s Plan: Rates, Roads & Rubbish — Explained in Full") == (
        "mayors-plan-rates-roads-rubbish-explained"
    )
    assert slugify("北京") == "article" and slugify("2024") == "article-2024"
    assert unique_id("x", {"X", "x-2"}) == "x-3"


def test_metadata_overrides_and_errors(corpus: Path, tmp_path: Path) -> None:
    report = add_to_corpus(
        corpus,
        [fx("wind-farm.md")],
        metadata={"title": "Wind farm approved", "outlet": "Coast Post", "published": "5 May 2024"},
    )
    article = load_corpus(corpus).get(report.added_ids[0])
    assert (article.title, article.outlet, str(article.published)) == (
        "Wind farm approved",
        "Coast Post",
        "2024-05-05",
    )
    bad = add_to_corpus(corpus, [fx("harbour-ferry.txt")], metadata={"published": "soon"})
    assert _statuses(bad) == ["error"] and "not a date" in bad.results[0].message


def test_per_source_errors_do_not_stop_the_others(corpus: Path) -> None:
    report = add_to_corpus(
        corpus, ["no/such/file.txt", fx("commented-corpus.yaml"), fx("wind-farm.md")]
    )
    assert _statuses(report) == ["error", "error", "added"]
    assert "file not found" in report.results[0].message
    assert "unsupported file type '.yaml'" in report.results[1].message
    assert not report.ok and report.summary() == "added 1 article; 2 failed"


def test_cancelled_before_start(corpus: Path) -> None:
    before = corpus.read_bytes()
    report = add_to_corpus(corpus, [fx("wind-farm.md")], cancelled=lambda: True)
    assert [r.message for r in report.results] == ["cancelled"]
    assert corpus.read_bytes() == before


def test_corpus_problems_raise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CorpusError, match=r"no corpus here; .*briefing new"):
        add_to_corpus(None, [fx("wind-farm.md")])
    broken = tmp_path / "corpus.yaml"
    broken.write_text("articles:\n  - id: a\n    title: A\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="exactly one of 'text' or 'path'"):
        add_to_corpus(None, [fx("wind-farm.md")])
    assert not (tmp_path / "articles").exists()
    assert resolve_corpus_path(tmp_path) == broken.resolve()


def test_the_installed_sample_corpus_is_not_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing

    package = tmp_path / "site-packages" / "briefing"
    (package / "_data").mkdir(parents=True)
    shutil.copy(REPO / "corpus.yaml", package / "_data" / "corpus.yaml")
    monkeypatch.setattr(briefing, "__file__", str(package / "__init__.py"))
    with pytest.raises(CorpusError, match="sample corpus installed with briefing"):
        add_to_corpus(package / "_data", [fx("wind-farm.md")])


def test_new_corpus(tmp_path: Path) -> None:
    path = new_corpus(tmp_path / "a" / "b", 'Harbour: the "new" ferry', "Two lines\nin one.")
    assert path == tmp_path / "a" / "b" / "corpus.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Harbour: the \\"new\\" ferry"' in text
    assert 'description: "Two lines in one."' in text
    with pytest.raises(BriefingError, match="already exists"):
        new_corpus(tmp_path / "a" / "b", "Again")
    with pytest.raises(BriefingError, match="needs a title"):
        render_new_corpus("  ")
    named = new_corpus(tmp_path / "elsewhere" / "harbour.yaml", "Harbour")
    assert named.name == "harbour.yaml"
    add_to_corpus(named, [fx("harbour-ferry.txt")])
    loaded = load_corpus(named)
    assert loaded.story.title == "Harbour" and len(loaded.articles) == 1


def test_split_sources(tmp_path: Path) -> None:
    spaced = tmp_path / "my article.txt"
    spaced.write_text("x")
    assert split_sources(f"  {spaced}  ") == [str(spaced)]
    assert split_sources(f"'{spaced}' https://example.org/a") == [
        str(spaced),
        "https://example.org/a",
    ]
    assert split_sources("a.txt  b.md") == ["a.txt", "b.md"]
    assert split_sources("it's.txt") == ["it's.txt"]  # unbalanced quote: split on spaces
    assert split_sources("   ") == []


def test_normalize_url() -> None:
    assert normalize_url("https://www.Example.com/a/?utm_source=x&id=2#top") == normalize_url(
        "http://example.com/a?id=2"
    )
    assert normalize_url("https://example.com/a?id=2") != normalize_url(
        "https://example.com/a?id=3"
    )


# --- command line --------------------------------------------------------------------------


def test_cli_new_then_add(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "story"
    assert main(["new", str(story), "--title", "Town news"]) == 0
    assert "created" in capsys.readouterr().out
    assert main(["add", fx("harbour-ferry.txt"), fx("wind-farm.md"), "--corpus", str(story)]) == 0
    out = capsys.readouterr()
    assert out.out.count("added ") == 2 and "added 2 articles" in out.err
    assert "→ harbour-ferry-returns-after-winter-refit: Harbour ferry returns" in out.out
    assert main(["add", fx("harbour-ferry.txt"), "--corpus", str(story)]) == 0
    assert "duplicate" in capsys.readouterr().out
    assert main(["add", fx("harbour-ferry.txt"), "--corpus", str(story), "--force"]) == 0
    assert main(["list", str(story / "corpus.yaml")]) == 0
    assert "3 articles" in capsys.readouterr().out


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["add", fx("wind-farm.md")]) == 2
    assert "no corpus here" in capsys.readouterr().err
    main(["new", ".", "--title", "Here"])
    assert main(["add", "missing.txt"]) == 2
    assert "file not found" in capsys.readouterr().out
    assert main(["add", fx("wind-farm.md"), fx("harbour-ferry.txt"), "--title", "T"]) == 2
    assert "applies to one source" in capsys.readouterr().err
    assert main(["new", ".", "--title", "Again"]) == 2
    with pytest.raises(SystemExit):
        main(["new", "somewhere"])  # --title is required
