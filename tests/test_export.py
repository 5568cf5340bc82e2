"""Markdown export: escaping of hostile text (checked with a CommonMark parser), front matter,
determinism and safe, atomic writes."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from briefing.brief import build_briefing
from briefing.corpus import load_corpus
from briefing.errors import BriefingError
from briefing.export import (
    ExportExistsError,
    default_export_name,
    escape_text,
    export_briefing,
    render_markdown,
    safe_url,
    strip_controls,
    write_markdown,
)
from briefing.models import Article, Corpus, EntitySpec, Story

REPO = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc)

HOSTILE = [
    "# Not a heading",
    "## Also not",
    "Title\n===",
    "> not a quote",
    "- not a list",
    "+ not a list",
    "* not a list",
    "1. not a list",
    "2) not a list",
    "---",
    "***",
    "| a | b |\n| --- | --- |\n| c | d |",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- comment -->",
    "```python\nprint(1)\n```",
    "~~~\ncode\n~~~",
    "    indented code",
    "`inline code`",
    "[x](javascript:alert(1))",
    "![img](http://evil.example/x.png)",
    "[ref]: http://evil.example",
    "<http://evil.example>",
    "https://evil.example/path and www.evil.example",
    "**bold** _em_ ~~strike~~",
    "&amp; &lt;tag&gt; &#x41;",
    "a\\ trailing backslash\\",
    "[1] looks like a citation",
    ": definition",
    "Lavrov said [NATO] must [/] go [sic]",
]


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").use(front_matter_plugin)


def inline_text(tokens) -> str:
    """The rendered plain text of the inline tokens (text, code, breaks)."""
    out = []
    for tok in tokens:
        for child in tok.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return "".join(out)


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("block_start", [True, False])
def test_escaped_text_renders_as_plain_text(text: str, block_start: bool) -> None:
    md = escape_text(text, block_start=block_start)
    prefix = "" if block_start else "Lead-in: "
    tokens = parser().parse(prefix + md + "\n")
    types = [t.type for t in tokens]
    assert types == ["paragraph_open", "inline", "paragraph_close"]
    kinds = {c.type for t in tokens for c in (t.children or [])}
    assert kinds <= {"text", "softbreak"}, kinds
    expected = " ".join(text.split())
    assert inline_text(tokens) == prefix + expected


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_inside_a_list_item_stays_text(text: str) -> None:
    tokens = parser().parse("- " + escape_text(text, block_start=True) + " [1]\n")
    types = [t.type for t in tokens]
    assert types == [
        "bullet_list_open", "list_item_open", "paragraph_open", "inline", "paragraph_close",
        "list_item_close", "bullet_list_close",
    ]  # fmt: skip
    assert inline_text(tokens) == " ".join(text.split()) + " [1]"


def test_control_characters_are_removed() -> None:
    nasty = "a\x1b[31mred\x1b[0m b\x07c\u202ed\x00e\x9bf\u200bg"
    assert strip_controls(nasty) == "ared bcdefg"
    assert escape_text("x\x1b]0;title\x07y") == "xy"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/a?b=c#d", True),
        ("http://example.com", True),
        ("javascript:alert(1)", False),
        ("https://example.com/<script>", False),
        ("https://exa mple.com", False),
        ("ftp://example.com", False),
        ("data:text/html,hi", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) == ok


def hostile_corpus() -> Corpus:
    body = "\n".join(
        f"Officials said plan {k} was agreed in Geneva on Tuesday after talks. {h}"
        for k, h in enumerate(HOSTILE)
    )
    texts = [
        "The ministers met in Geneva on Tuesday and agreed a plan for talks.\n"
        "“We agreed a plan for talks in Geneva,” said Sergei Lavrov. \x1b[2J\n" + body,
        "Ministers from both sides met in Geneva on Tuesday. They agreed a plan for more talks "
        "next month, officials said.\nLavrov said the plan for talks was a good start.",
        "A plan for talks was agreed on Tuesday in Geneva, ending weeks of tension.",
    ]
    arts = [
        Article(
            id=f"a{k}",
            title=f"# Title {k} [x](javascript:alert(1)) <b>|</b>",
            text=text,
            raw_text=text,
            outlet="<i>Outlet</i> | *x*",
            published=dt.date(2024, 4, 2 + k),
            url=url,
        )
        for k, (url, text) in enumerate(
            zip(["javascript:alert(1)", "https://ok.example/a_b*c", None], texts)
        )
    ]
    return Corpus(
        path=None,
        story=Story(title="# Story <script>x</script> ##", description="- not a list"),
        articles=arts,
        entities=[EntitySpec("Sergey Lavrov", "PERSON", ("Sergei Lavrov", "Lavrov"), "# Side")],
    )


def hostile_briefing():
    corpus = hostile_corpus()
    from briefing.sentences import split_sentences

    pins = [("a0", s.index) for s in split_sentences(corpus.articles[0].text)]
    return build_briefing(corpus, pins=pins, use_cache=False, now=NOW)


def test_hostile_corpus_renders_safely() -> None:
    b = hostile_briefing()
    md = render_markdown(b)
    tokens = parser().parse(md)
    types = {t.type for t in tokens}
    assert "front_matter" in types
    assert not types & {"html_block", "code_block", "fence", "hr", "blockquote_open"}
    inline_kinds = {c.type for t in tokens for c in (t.children or [])}
    assert not inline_kinds & {"html_inline", "code_inline", "image"}
    links = [c for t in tokens for c in (t.children or []) if c.type == "link_open"]
    assert [c.attrs["href"] for c in links] == ["https://ok.example/a_b*c"]
    headings = [
        (t.tag, inline_text([tokens[i + 1]]))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]
    assert headings[0] == ("h1", "# Story <script>x</script> ##")
    assert {tag for tag, _ in headings} <= {"h1", "h2", "h3"}
    assert ("h3", "# Side") in headings
    assert [h for tag, h in headings if tag == "h2"] == [
        "Bottom line", "Key points", "Timeline", "Who said what", "Entities", "Sources",
    ]  # fmt: skip
    tables = [t for t in tokens if t.type == "table_open"]
    assert len(tables) == 1  # the entities table only
    all_text = inline_text([t for t in tokens if t.type == "inline"])
    assert "\x1b" not in md
    assert "# Title 0 [x](javascript:alert(1)) <b>|</b>" in all_text
    assert "<i>Outlet</i> | *x*" in all_text
    for hostile in HOSTILE:
        for line in hostile.splitlines():  # every line break ends a sentence
            if not any(c.isalnum() for c in line):
                continue  # the splitter drops lines without a letter or digit ("---")
            assert " ".join(line.split()) in all_text, line


def test_front_matter_is_yaml_with_story_dates_stamp_and_sources() -> None:
    b = build_briefing(load_corpus(REPO / "corpus.yaml"), use_cache=False, now=NOW)
    md = render_markdown(b)
    assert md.startswith("---\n")
    meta = yaml.safe_load(md.split("---\n")[1])
    assert meta["story"] == b.title
    assert meta["date_range"] == {"from": "2021-12-01", "to": "2022-02-23"}
    assert meta["generated_at"] == NOW.isoformat()
    assert [s["n"] for s in meta["sources"]] == [1, 2, 3, 4, 5]
    assert all(s["title"] for s in meta["sources"])


def test_front_matter_survives_hostile_titles() -> None:
    b = hostile_briefing()
    meta = yaml.safe_load(render_markdown(b).split("---\n")[1])
    assert meta["story"] == "# Story <script>x</script> ##"
    assert "url" not in meta["sources"][0]  # javascript: URL dropped
    assert meta["sources"][1]["url"] == "https://ok.example/a_b*c"


def test_rendering_is_deterministic_except_the_stamp() -> None:
    corpus = load_corpus(REPO / "corpus.yaml")
    a = render_markdown(build_briefing(corpus, use_cache=False, now=NOW))
    later = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    b = render_markdown(build_briefing(corpus, use_cache=False, now=later))
    assert a != b
    assert a.replace(NOW.isoformat(), "T") == b.replace(later.isoformat(), "T")


def test_bundled_briefing_citations_match_the_sources_list() -> None:
    b = build_briefing(load_corpus(REPO / "corpus.yaml"), use_cache=False, now=NOW)
    md = render_markdown(b)
    sources = md.split("## Sources\n", 1)[1]
    for s in b.sources:
        assert f"{s.number}. " in sources
    body = md.split("## Sources\n", 1)[0]
    import re

    cited = {int(n) for n in re.findall(r"(?<!\\)\[(\d+)\]", body)}
    assert cited and cited <= {s.number for s in b.sources}


# --- writing -------------------------------------------------------------------------------


def test_write_markdown_creates_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    assert write_markdown(target, "one\n", overwrite=False) == target
    assert target.read_text(encoding="utf-8") == "one\n"
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode & 0o600 == 0o600
    with pytest.raises(ExportExistsError) as info:
        write_markdown(target, "two\n", overwrite=False)
    assert "exists" in str(info.value) and "\n" not in str(info.value)
    assert target.read_text(encoding="utf-8") == "one\n"
    write_markdown(target, "two\n", overwrite=True)
    assert target.read_text(encoding="utf-8") == "two\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]  # no temp files left


@pytest.mark.parametrize("where", ["missing/brief.md", "."])
def test_write_markdown_bad_targets(tmp_path: Path, where: str) -> None:
    with pytest.raises(BriefingError) as info:
        write_markdown(tmp_path / where, "x", overwrite=True)
    assert "\n" not in str(info.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_write_markdown_unwritable_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(BriefingError):
            write_markdown(folder / "b.md", "x", overwrite=False)
    finally:
        folder.chmod(0o700)


def test_export_briefing_to_stdout_and_file(tmp_path: Path) -> None:
    corpus = load_corpus(REPO / "corpus.yaml")
    out = io.StringIO()
    text = export_briefing(corpus, "-", stdout=out)
    assert out.getvalue() == text and text.startswith("---\n")
    target = tmp_path / default_export_name(corpus)
    assert target.name.endswith("-briefing.md")
    export_briefing(corpus, target, words=100)
    with pytest.raises(BriefingError):
        export_briefing(corpus, target)
    export_briefing(corpus, target, overwrite=True)
