"""corpus.yaml loading and validation: the bundled corpus and every error named in the schema."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import BUNDLED_CORPUS

from briefing.corpus import load_corpus
from briefing.errors import CorpusError

BODY = "The minister said the talks were useful. Both sides will meet again next week."


def test_bundled_corpus_loads_with_metadata():
    corpus = load_corpus(BUNDLED_CORPUS)
    assert corpus.story.title
    assert len(corpus.articles) == 5
    ids = [a.id for a in corpus.articles]
    assert len(set(ids)) == 5
    for article in corpus.articles:
        assert article.title and article.text.strip()
        assert isinstance(article.published, dt.date)
        assert "Source link" not in article.text and "Dismiss" not in article.text
        assert not article.text.startswith(article.title)
    names = {e.name for e in corpus.entities}
    assert {"Sergey Lavrov", "Antony Blinken", "NATO"} <= names
    lavrov = next(e for e in corpus.entities if e.name == "Sergey Lavrov")
    assert "Sergei Lavrov" in lavrov.aliases and lavrov.side == "Russia"


def test_offsets_map_clean_text_back_to_raw():
    corpus = load_corpus(BUNDLED_CORPUS)
    for article in corpus.articles:
        assert len(article.offsets) == len(article.text) + 1
        for i, ch in enumerate(article.text):
            if ch.isalnum():
                assert article.raw_text[article.offsets[i]] == ch


def test_inline_and_path_forms(write_corpus, tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "b.md").write_text(
        "# A heading\n\nThe **envoy** met [officials](https://example.org) in *Geneva*.\n",
        encoding="utf-8",
    )
    path = write_corpus(
        """
        story: {title: Test story, description: One line.}
        articles:
          - {id: one, title: One, path: a.txt, published: 2022-01-21}
          - {id: two, title: Two, path: notes/b.md, published: "2022-01-22T10:30:00+01:00"}
          - id: three
            title: Three
            text: |
              Inline text works too. It has two sentences.
        """
    )
    corpus = load_corpus(path)
    one, two, three = corpus.articles
    assert one.text == BODY and one.path == tmp_path / "a.txt"
    assert two.text == "A heading\n\nThe envoy met officials in Geneva."
    assert isinstance(two.published, dt.datetime) and two.published_date == dt.date(2022, 1, 22)
    assert three.text.startswith("Inline text works too.")
    assert corpus.story.description == "One line."


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        (
            "articles:\n  - {id: a, title: T, text: x}\n  - {id: a, title: U, text: y}\n",
            r"corpus\.yaml:3: article 'a': duplicate id \(first at line 2\)",
        ),
        (
            "articles:\n  - {id: a, text: x}\n",
            r"corpus\.yaml:2: article 'a': missing required field 'title'",
        ),
        (
            "articles:\n  - {title: T, text: x}\n",
            r"corpus\.yaml:2: article #1: missing required field 'id'",
        ),
        (
            "articles:\n  - {id: a, title: T, txt: x}\n",
            r"unknown key 'txt' in article 'a' \(did you mean 'text'\?\)",
        ),
        (
            "articles:\n  - {id: a, title: T}\n",
            r"give exactly one of 'text' or 'path' \(found neither",
        ),
        (
            "articles:\n  - {id: a, title: T, text: x, path: y.txt}\n",
            r"found both 'text' and 'path'",
        ),
        (
            "articles:\n  - id: a\n    title: T\n    published: 2022-13-45\n    text: x\n",
            r"corpus\.yaml:4: article 'a': field 'published': '2022-13-45' is not an ISO date",
        ),
        (
            "articles:\n  - id: a\n    title: T\n    published: last week\n    text: x\n",
            r"field 'published': 'last week' is not an ISO date",
        ),
        (
            "articles:\n  - {id: a, title: T, text: x, url: ftp://x}\n",
            r"'url' must start with http",
        ),
        ("articles:\n  - {id: a, title: T, text: '   '}\n", r"article 'a': field 'text' is empty"),
        (
            "articles:\n  - {id: a, title: T, path: missing.txt}\n",
            r"article 'a': field 'path': .*missing\.txt: article file not found",
        ),
        ("articles:\n  - {id: a, title: T, path: doc.pdf}\n", r"is not a supported text file"),
        (
            "storyy: {title: x}\narticles: []\n",
            r"corpus\.yaml:1: unknown key 'storyy' in the top level \(did you mean 'story'\?\)",
        ),
        ("articles: {a: 1}\n", r"'articles' must be a list"),
        ("story: {title: x}\n", r"missing 'articles:'"),
        ("", r"corpus\.yaml: the file is empty"),
        ("- just\n- a list\n", r"the top level must be a mapping"),
        ("articles:\n  - {id: a, title: T, text: x\n", r"corpus\.yaml:\d+: invalid YAML"),
        ("articles:\n  - id: a\n    title: [unclosed\n", r"invalid YAML"),
        (
            "articles:\n  - {id: a, title: T, text: x}\nentities:\n  - {name: X, type: ALIEN}\n",
            r"corpus\.yaml:4: entity 'X': field 'type': 'ALIEN' is not one of",
        ),
        (
            "articles:\n  - {id: a, title: T, text: x}\nentities:\n  - {name: X, aliases: Y}\n",
            r"entity 'X': field 'aliases' must be a list",
        ),
    ],
)
def test_bad_corpus_gives_one_clear_error(write_corpus, yaml_text: str, expected: str):
    path = write_corpus(yaml_text)
    with pytest.raises(CorpusError, match=expected) as info:
        load_corpus(path)
    assert "\n" not in str(info.value)


def test_missing_unreadable_and_binary_files(tmp_path: Path, write_corpus):
    with pytest.raises(CorpusError, match="corpus file not found"):
        load_corpus(tmp_path / "nope.yaml")
    with pytest.raises(CorpusError, match="is a directory"):
        load_corpus(tmp_path)
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    path = write_corpus("articles:\n  - {id: a, title: T, path: bin.txt}\n")
    with pytest.raises(CorpusError, match="binary file"):
        load_corpus(path)
    (tmp_path / "latin.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    path = write_corpus("articles:\n  - {id: a, title: T, path: latin.txt}\n")
    with pytest.raises(CorpusError, match="not UTF-8"):
        load_corpus(path)


def test_unreadable_file(tmp_path: Path, write_corpus):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read files without permission bits")
    secret = tmp_path / "secret.txt"
    secret.write_text(BODY)
    secret.chmod(0)
    path = write_corpus("articles:\n  - {id: a, title: T, path: secret.txt}\n")
    with pytest.raises(CorpusError, match="not readable"):
        load_corpus(path)


def test_utf16_and_bom_files_are_read(tmp_path: Path, write_corpus):
    (tmp_path / "u16.txt").write_text(BODY, encoding="utf-16")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + BODY.encode())
    path = write_corpus(
        "articles:\n  - {id: a, title: T, path: u16.txt}\n  - {id: b, title: U, path: bom.txt}\n"
    )
    corpus = load_corpus(path)
    assert [a.text for a in corpus.articles] == [BODY, BODY]


def test_control_characters_are_stripped_from_metadata(write_corpus):
    path = write_corpus(
        'articles:\n  - {id: a, title: "Evil \\e[31mred\\e]0;pwned\\a title", '
        'outlet: "Out\\u202elet", text: "Body text here."}\n'
    )
    article = load_corpus(path).articles[0]
    assert article.title == "Evil red title"
    assert article.outlet == "Outlet"


def test_empty_article_list_is_a_new_corpus(write_corpus):
    corpus = load_corpus(write_corpus("story: {title: New story}\narticles: []\n"))
    assert corpus.articles == [] and corpus.story.title == "New story"


def test_short_navigation_lines_are_not_joined_as_wrapped_text():
    from briefing.cleaning import clean_text

    raw = "The talks ended on Friday without a deal.\n\nShare this article\nFacebook\nTwitter\n"
    assert clean_text(raw, title="T").text == "The talks ended on Friday without a deal."
