"""Property tests (hypothesis) for the Markdown export: corpus text stays text.

A briefing whose every text field is hostile (Markdown and HTML syntax, URLs, escapes, control
and bidi characters, any Unicode) is rendered, parsed back with markdown-it (CommonMark plus
tables and front matter), and compared with the same briefing whose fields are a neutral word:
the block and inline structure must be identical (only the renderer's own headings, lists,
table, emphasis and safe links), and every field must appear in the rendered text, whitespace
collapsed and controls removed. Profiles: see tests/test_props_text.py.
"""

from __future__ import annotations

import dataclasses

import yaml
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin
from test_props_text import PROFILE  # noqa: F401  (registers and loads the profiles)

from briefing.brief.model import (
    Briefing,
    EntityRow,
    Evidence,
    Point,
    SideGroup,
    Source,
    SpeakerGroup,
    Statement,
    TimelineEntry,
)
from briefing.export import escape_text, render_markdown, safe_url, strip_controls

MARKUP = [
    "# ", "## x", "> ", "- ", "+ ", "* ", "1. ", "2) ", "---", "===", "***", "___", "    code",
    "```", "~~~", "`x`", "**b**", "__u__", "*i*", "_i_", "~~s~~", "[l](http://x)", "[r]: /u",
    "![i](x.png)", "<b>", "</p>", "<script>alert(1)</script>", "<!--", "<http://a.b>",
    "https://example.com/a_b", "www.example.com", "javascript:alert(1)", "mailto:a@b.c",
    "&amp;", "&#x41;", "&copy;", "\\", "\\*", "|", "| a | b |", ":", "[^1]", "[1]", "{#id}",
    "\n", "\r\n", "\n\n", "\t", "  \n", "\u00a0", "\u2028", "\x85",
    "\x1b[31m", "\x1b]0;t\x07", "\x1b]8;;http://x\x1b\\", "\x07", "\x00", "\x9b", "\u202e",
    "\u2066", "\u200b", "\ufeff", "\u00ad", "e\u0301", "\U0001f600", "\U0010ffff", "\u05d0",
    "«", "»", "“", "”", "!", "?", ".", ",", "(", ")", "-", "x", "Lavrov", " ",
]  # fmt: skip
field = st.one_of(
    st.lists(st.sampled_from(MARKUP), max_size=8).map("".join),
    st.text(max_size=40),
)
urls = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "https://example.com/a?b=c#d",
            "http://x.example/a_b*c",
            "javascript:alert(1)",
            "https://e.com/<script>",
            "data:text/html,x",
            "https://e.com/a b",
            "ftp://x",
        ]
    ),
    field,
)


def _evidence(text: str, source: int = 1) -> tuple[Evidence, ...]:
    return (Evidence(source, f"a{source}", 0, 0, len(text), text),)


def _point(text: str, sources: tuple[int, ...], pinned: bool) -> Point:
    return Point(text, _evidence(text, sources[0]), sources, len(sources), pinned)


@st.composite
def briefings(draw) -> Briefing:
    n = draw(st.integers(min_value=1, max_value=3))
    cites = st.lists(st.integers(min_value=1, max_value=n), min_size=1, max_size=3, unique=True)
    cite = cites.map(lambda c: tuple(sorted(c)))
    points = st.builds(_point, field, cite, st.booleans())
    sources = tuple(
        Source(
            k + 1,
            draw(field) or f"a{k}",
            draw(field),
            draw(st.one_of(st.none(), field)),
            draw(st.one_of(st.none(), st.just("2024-05-06"))),
            draw(urls),
            copy_of=1 if k and draw(st.booleans()) else None,
            copy_similarity=0.93 if k else None,
        )
        for k in range(n)
    )
    statement = st.builds(
        lambda speaker, text, kind, c: Statement(speaker, text, kind, _evidence(text), c),
        field,
        field,
        st.sampled_from(["quote", "reported"]),
        cite,
    )
    speakers = st.builds(
        lambda name, sts: SpeakerGroup(name, tuple(sts)),
        field,
        st.lists(statement, min_size=1, max_size=2),
    )
    sides = st.builds(
        lambda side, sps: SideGroup(side, tuple(sps)),
        field,
        st.lists(speakers, min_size=1, max_size=2),
    )
    entity = st.builds(
        EntityRow, field, st.sampled_from(["PERSON", "ORG", "GPE"]), st.integers(1, 9), cite
    )
    timeline = st.builds(
        TimelineEntry, st.sampled_from(["2024-05-06", "2021-12-31"]), points, field
    )
    return Briefing(
        title=draw(field),
        description=draw(field),
        date_from=draw(st.one_of(st.none(), st.just("2024-05-01"))),
        date_to="2024-05-09",
        n_articles=n,
        n_outlets=n,
        n_independent=n,
        method=draw(field),
        generated_at="2024-05-10T00:00:00+00:00",
        engine_version="test",
        bottom_line=tuple(draw(st.lists(points, max_size=2))),
        key_points=tuple(draw(st.lists(points, max_size=3))),
        timeline=tuple(draw(st.lists(timeline, max_size=2))),
        statements=tuple(draw(st.lists(sides, max_size=2))),
        entities=tuple(draw(st.lists(entity, max_size=3))),
        sources=sources,
        notes=tuple(draw(st.lists(field, max_size=2))),
    )


def _shown(text: str | None) -> str:
    return " ".join(strip_controls(text or "").split())


def _neutral(value: object) -> object:
    """The same value with every hostile string replaced by a plain word (empty stays empty)."""
    if isinstance(value, str):
        return "word" if _shown(value) else ""
    if isinstance(value, tuple):
        return tuple(_neutral(v) for v in value)
    if dataclasses.is_dataclass(value):
        changes = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if f.name in ("date", "date_from", "date_to", "generated_at", "published", "kind"):
                continue  # formats and kinds the renderer controls, not corpus text
            if f.name == "url":
                changes[f.name] = v if safe_url(v) else (None if not _shown(v) else "word")
            elif f.name == "outlet" and v is not None:
                changes[f.name] = "word" if _shown(v) else ""
            elif f.name == "article_id":
                changes[f.name] = v
            else:
                changes[f.name] = _neutral(v)
        return dataclasses.replace(value, **changes)
    return value


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").use(front_matter_plugin)


def _structure(tokens) -> list[tuple]:
    """Token types, tags and link targets, with runs of plain text merged into one."""
    out: list[tuple] = []
    for tok in tokens:
        if tok.type == "inline":
            for child in tok.children or []:
                kind = "text" if child.type in ("text", "softbreak", "text_special") else child.type
                if kind == "text" and out and out[-1] == ("text",):
                    continue
                out.append(
                    ("link_open", child.attrs.get("href")) if kind == "link_open" else (kind,)
                )
        elif tok.type != "front_matter":
            out.append((tok.type, tok.tag))
    return out


def _text(tokens) -> str:
    parts = []
    for tok in tokens:
        for child in tok.children or []:
            if child.type in ("text", "text_special", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        if tok.type == "inline":
            parts.append("\n")
    return "".join(parts)


@given(briefings())
def test_hostile_fields_render_as_text_with_the_renderers_structure(b: Briefing) -> None:
    md = render_markdown(b)
    assert not set(md) & set("\x00\x07\x1b\x9b\u202e\u2066\u200b")
    tokens = _parser().parse(md)
    neutral = _parser().parse(render_markdown(_neutral(b)))
    assert _structure(tokens) == _structure(neutral)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_block", "html_inline", "code_block", "fence", "code_inline", "image"}
    assert not kinds & {"hr", "blockquote_open", "s_open"}
    hrefs = {c.attrs["href"] for t in tokens for c in t.children or [] if c.type == "link_open"}
    normalize = _parser().normalizeLink  # markdown-it percent-encodes what a URL may not hold
    assert hrefs <= {normalize(url) for s in b.sources if (url := safe_url(s.url))}
    text = _text(tokens)
    fields = [b.title, b.description, b.method, *b.notes]
    fields += [p.text for p in (*b.bottom_line, *b.key_points)]
    fields += [e.point.text for e in b.timeline]
    fields += [sp.speaker for side in b.statements for sp in side.speakers]
    fields += [st.text for side in b.statements for sp in side.speakers for st in sp.statements]
    fields += [side.side for side in b.statements] + [e.name for e in b.entities]
    fields += [s.title for s in b.sources] + [s.outlet for s in b.sources if s.outlet]
    for value in fields:
        assert _shown(value) in text, value
    assert tokens[0].type == "front_matter"
    meta = yaml.safe_load(tokens[0].content)
    assert meta["story"] == _shown(b.title)
    assert [s.get("title") or None for s in meta["sources"]] == [
        _shown(s.title) or None for s in b.sources
    ]


@given(field, st.booleans())
def test_escaped_fragment_is_one_paragraph_of_exactly_that_text(
    text: str, block_start: bool
) -> None:
    shown = _shown(text)
    if not shown:
        assert escape_text(text, block_start=block_start) == ""
        return
    prefix = "" if block_start else "Lead: "
    tokens = _parser().parse(prefix + escape_text(text, block_start=block_start) + "\n")
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert {c.type for c in tokens[1].children} <= {"text", "text_special", "softbreak"}
    assert _text(tokens) == prefix + shown + "\n"
