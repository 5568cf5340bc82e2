"""Terminal safety outside the reader: escapes, bidi overrides and controls never get through.

Hostile values (ANSI colour and screen-clearing sequences, OSC 52 clipboard writes and OSC 8
links, 8-bit C1 controls, bidirectional overrides and isolates, zero-width characters, NUL)
are put in every field of a corpus and in an added web page. What the loader returns, what
the command line prints (text and JSON), error messages and the exported Markdown must not
contain any of them. The reader's own checks live in tests/test_tui_*.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_props_text import DANGEROUS

from briefing.cli import main
from briefing.corpus import load_corpus
from briefing.errors import CorpusError

# YAML double-quoted escapes: \e is ESC, \x9b is the 8-bit CSI, \0 is NUL.
NASTY = [
    r"\e[2J\e[31mred\e[0m",
    r"\e]52;c;Y3VybCBldmlsLnNo\a",  # OSC 52: write to the clipboard
    r"\e]8;;https://evil.example\e\\link\e]8;;\e\\",  # OSC 8 hyperlink
    r"\x9b31m\x9d0;title\x07",
    r"\u202eevil\u202c \u2066iso\u2069 \u200f\u061c",
    r"zero\u200bwidth\u200d\ufeff",
    r"nul\0byte\x7f\x1b",
]
NASTY_TEXT = "".join(NASTY)


def _field(label: str) -> str:
    return f'"{label} {NASTY_TEXT} end"'


@pytest.fixture
def nasty_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.yaml"
    path.write_text(
        f"""story:
  title: {_field("Story")}
  description: {_field("About")}
articles:
  - id: {_field("id1")}
    title: {_field("Title")}
    outlet: {_field("Outlet")}
    author: {_field("Author")}
    place: {_field("Place")}
    tags: [{_field("tag")}]
    published: 2024-05-06
    text: "The minister said talks in Geneva went well. {NASTY_TEXT} Lavrov met Blinken on
      Tuesday.\\nThe ministers agreed to meet again {NASTY_TEXT} next month, officials said."
  - id: plain
    title: Ministers agree to meet again
    outlet: Wire
    published: 2024-05-07
    text: "Ministers from both sides met in Geneva on Tuesday. Lavrov said talks went well."
entities:
  - name: {_field("Sergey Lavrov")}
    type: PERSON
    aliases: [{_field("Lavrov")}]
    side: {_field("Russia")}
""",
        encoding="utf-8",
    )
    return path


def _assert_clean(value: object, where: str) -> None:
    if isinstance(value, str):
        assert not DANGEROUS & set(value), f"{where}: {value!r}"
    elif isinstance(value, dict):
        for k, v in value.items():
            _assert_clean(k, where)
            _assert_clean(v, f"{where}.{k}")
    elif isinstance(value, (list, tuple)):
        for k, v in enumerate(value):
            _assert_clean(v, f"{where}[{k}]")


def test_every_loaded_field_is_neutralised(nasty_corpus: Path) -> None:
    corpus = load_corpus(nasty_corpus)
    a = corpus.articles[0]
    fields = {
        "story": [corpus.story.title, corpus.story.description],
        "article": [a.id, a.title, a.outlet, a.author, a.place, a.text, *a.extra["tags"]],
        "entities": [(e.name, e.side, *e.aliases) for e in corpus.entities],
    }
    _assert_clean(fields, "corpus")
    assert a.title == "Title redlink31m0;titleevil iso zerowidthnulbyte end"
    for one_line in [corpus.story.title, a.id, a.title, a.outlet, corpus.entities[0].name]:
        assert "\n" not in one_line and "  " not in one_line


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--json"],
        ["summarize", "--article", "ID"],
        ["summarize", "--article", "ID", "--json"],
        ["entities", "--article", "ID"],
        ["entities", "--article", "ID", "--json"],
        ["export", "-o", "-"],
    ],
    ids=lambda c: "-".join(x for x in c if x != "ID"),
)
def test_command_line_output_is_neutralised(
    nasty_corpus: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    article_id = load_corpus(nasty_corpus).articles[0].id
    argv = [article_id if x == "ID" else x for x in command]
    argv += ["--corpus", str(nasty_corpus)] if "--article" in command else [str(nasty_corpus)]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    _assert_clean(out, "stdout")
    _assert_clean(err, "stderr")
    if "--json" in command:
        _assert_clean(json.loads(out), "json")


def test_exported_markdown_file_is_neutralised(nasty_corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    assert main(["export", str(nasty_corpus), "-o", str(target)]) == 0
    markdown = target.read_text(encoding="utf-8")
    _assert_clean(markdown, "markdown")
    assert "Title redlink31m0;titleevil iso zerowidthnulbyte end" in markdown.replace("\\", "")


@pytest.mark.parametrize(
    "bad",
    [
        'articles:\n  - {id: a, title: T, text: x, "\\e[31mtitel\\u202e": 1}\n',
        'articles:\n  - {id: a, title: T, text: x}\n  - {id: a, title: "\\e]0;x\\a", text: y}\n',
        'articles:\n  - {id: "\\e[2J", title: T, text: x}\n',
        'articles:\n  - {id: a, title: T, text: x, published: "\\e[2J2024"}\n',
        'articles:\n  - {id: a, title: T, text: x, url: "javascript:\\e[2J"}\n',
        'articles:\n  - {id: a, title: T, path: "\\e[2J.txt"}\n',
        "articles:\n  - {id: a, title: T, text: x\x1b[31m}\n",
    ],
    ids=[
        "unknown-key",
        "duplicate-id",
        "empty-id",
        "bad-date",
        "bad-url",
        "missing-file",
        "raw-esc",
    ],
)
def test_error_messages_are_neutralised(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "corpus.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    _assert_clean(str(info.value), "message")
    assert "\n" not in str(info.value)


def test_an_added_web_page_is_neutralised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    esc, bidi = "\x1b[2J\x1b]52;c;eA==\x07", "\u202e\u2066"
    page.write_text(
        f"""<!doctype html><html><head><title>Talks {esc}resume{bidi}</title>
<meta name="author" content="Jane {esc}Doe"><meta property="og:site_name" content="Wire{bidi}">
</head><body><article><h1>Talks {esc}resume{bidi}</h1>
<p>The foreign ministers met in Geneva on Tuesday {esc} and agreed to keep talking.{bidi}</p>
<p>Officials said the talks went well and that a second round would follow next month.</p>
<p>Both sides described the meeting as frank and useful, according to a joint statement.</p>
</article></body></html>""",
        encoding="utf-8",
    )
    corpus = tmp_path / "corpus.yaml"
    corpus.write_text("articles: []\n", encoding="utf-8")
    assert main(["add", str(page), "--corpus", str(corpus)]) == 0
    out, err = capsys.readouterr()
    _assert_clean(out + err, "add output")
    _assert_clean(corpus.read_text(encoding="utf-8"), "corpus.yaml")
    article = load_corpus(corpus).articles[0]
    _assert_clean([article.title, article.author, article.outlet, article.text], "article")
    assert "Geneva" in article.text


def test_add_results_from_a_server_are_one_printable_line() -> None:
    from briefing.add.report import SourceResult

    # An HTTP reason phrase or a page title comes from the server: anything can be in it.
    result = SourceResult(
        "https://example.com/\x1b[2J",
        "error",
        "HTTP 500 \x1b]52;c;eA==\x07Internal\u202e\nError\r\x9b1m",
        title="Title\x1b[31m\u2066",
    )
    assert result.message == "HTTP 500 Internal Error 1m"
    assert result.source == "https://example.com/"
    assert result.title == "Title"
