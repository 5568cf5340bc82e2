"""Property tests (hypothesis) for the corpus loader: any input loads or fails with one clear error.

For any bytes, any YAML-like text and any hostile field values, :func:`load_corpus` returns a
valid :class:`Corpus` or raises :class:`CorpusError`, never another exception. What loads
has offsets that map the clean text back to the raw text, and metadata that is one line with
no terminal control characters. Profiles: see tests/test_props_text.py.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st
from test_props_text import DANGEROUS, PIECES, PROFILE, _check_map  # noqa: F401

from briefing.corpus import load_corpus
from briefing.errors import CorpusError

hostile = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
)
YAML_BITS = [
    "articles:", "story:", "entities:", "title:", "text:", "id:", "path:", "- ", "  ", "\n",
    ": ", "&a ", "*a", "&b ", "*b", "<<: *a", "[", "]", "{", "}", ", ", "|", ">", "'", '"',
    "!!str ", "!!binary ", "!!python/object ", "? ", "---", "...", "#", "%YAML 1.1\n",
    "~", "null", "2024-01-02", "1e400", "0x1f", "x", "\t", "\ufeff", "\x00", "\x1b[1m",
]  # fmt: skip


def _load(text: bytes | str, name: str = "corpus.yaml") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
        else:
            path.write_bytes(text)
        try:
            corpus = load_corpus(path)
        except CorpusError as exc:
            assert str(exc).startswith(str(path))
            return
        _check_corpus(corpus)


def _check_corpus(corpus) -> None:
    one_line = [corpus.story.title, corpus.story.description]
    for a in corpus.articles:
        one_line += [a.id, a.title, a.outlet or "", a.author or "", a.place or "", a.url or ""]
        _check_map(a.raw_text, a.text, a.offsets)
        assert a.text.strip() and not DANGEROUS & set(a.text)
    for e in corpus.entities:
        one_line += [e.name, e.side or "", *e.aliases]
    for value in one_line:
        assert not DANGEROUS & set(value), repr(value)
        assert "\n" not in value and "\r" not in value and value == value.strip()


@given(st.binary(max_size=300))
def test_any_bytes_load_or_fail_cleanly(data: bytes) -> None:
    _load(data)


@given(st.lists(st.sampled_from(YAML_BITS), max_size=40).map("".join))
def test_yaml_like_text_loads_or_fails_cleanly(text: str) -> None:
    _load(text)


@st.composite
def corpora(draw) -> dict:
    articles = []
    for k in range(draw(st.integers(min_value=1, max_value=3))):
        article = {"id": draw(st.one_of(hostile, st.just(f"a{k}"))), "title": draw(hostile)}
        article["text"] = draw(hostile) + " The minister said talks went well. " + draw(hostile)
        for key in ("outlet", "author", "place"):
            if draw(st.booleans()):
                article[key] = draw(hostile)
        if draw(st.booleans()):
            article["url"] = draw(st.sampled_from(["https://e.com/a", "javascript:x", "http://"]))
        if draw(st.booleans()):
            article["published"] = draw(st.sampled_from(["2024-01-02", "2024-13-01", "x"]))
        articles.append(article)
    corpus: dict = {"story": {"title": draw(hostile), "description": draw(hostile)}}
    corpus["articles"] = articles
    if draw(st.booleans()):
        corpus["entities"] = [
            {
                "name": draw(hostile),
                "type": "PERSON",
                "aliases": [draw(hostile)],
                "side": draw(hostile),
            }
        ]
    return corpus


@given(corpora())
def test_hostile_field_values_load_clean_or_fail_cleanly(corpus: dict) -> None:
    _load(yaml.safe_dump(corpus, allow_unicode=True))


@given(hostile, st.sampled_from([".md", ".txt"]), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_article_files_map_back_to_their_raw_text(body: str, suffix: str, encoding: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / f"a{suffix}").write_bytes(
            ("# Title\n\nThe minister said talks went well. " + body).encode(
                encoding, "surrogatepass"
            )
        )
        (folder / "corpus.yaml").write_text(
            "articles:\n  - {id: a, title: T, path: a" + suffix + "}\n"
        )
        try:
            corpus = load_corpus(folder / "corpus.yaml")
        except CorpusError:
            return
        _check_corpus(corpus)
        assert corpus.articles[0].path == folder / f"a{suffix}"
