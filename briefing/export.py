"""Render a :class:`~briefing.brief.Briefing` as Markdown and write it safely.

The output is CommonMark (plus one GitHub-style table) with YAML front matter. Every piece of
corpus text goes through :func:`escape_text`, so it can never become a heading, list, quote,
link, image, table, HTML, entity or code: inline specials are always backslash-escaped,
block-start markers are escaped where a fragment starts a block, terminal control characters
are removed and line breaks collapse to spaces. URLs become ``<...>`` links only when they are
plain http(s) URLs; anything else is shown as escaped text. The output depends only on the
briefing, except the ``generated_at`` stamp.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from briefing.cleaning import strip_control
from briefing.errors import BriefingError

if TYPE_CHECKING:  # pragma: no cover
    from briefing.brief.model import Briefing, Point
    from briefing.models import Corpus

__all__ = [
    "ExportExistsError",
    "default_export_name",
    "escape_text",
    "export_briefing",
    "render_markdown",
    "safe_url",
    "strip_controls",
    "write_markdown",
]


class ExportExistsError(BriefingError):
    """The export target exists and overwriting was not allowed (ask the user, then retry)."""


_SPACES = re.compile(r"\s+")
# Always escaped, wherever they are (CommonMark/GFM inline syntax, HTML, entities, tables).
_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
# Escaped when a fragment starts a block: headings, quotes, lists, setext/thematic breaks.
_BLOCK_START = re.compile(r"^([#>+=\-:])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
# Bare URLs that GitHub would auto-link: break the scheme / www. pattern.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|www)(:|\.)")
_SAFE_URL = re.compile(r"https?://[^\s<>\"'\\`\x00-\x1f\x7f-\x9f]+", re.IGNORECASE)


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences and control/format characters (tabs become
    spaces; line breaks stay): :func:`briefing.cleaning.strip_control`, the one stripper."""
    return strip_control(text)


def escape_text(text: str, *, block_start: bool = False, also: str = "") -> str:
    """One line of Markdown that renders as exactly ``text`` (whitespace collapsed).

    With ``block_start=True`` the fragment may start a block (a list item's or a paragraph's
    first characters), so heading, quote, list and break markers are escaped too. Characters
    in ``also`` (ASCII punctuation) are escaped everywhere as well.
    """
    clean = _SPACES.sub(" ", strip_controls(text)).strip()
    out = _INLINE.sub(r"\\\1", clean)
    for ch in also:
        out = out.replace(ch, "\\" + ch)
    out = _AUTOLINK.sub(lambda m: m.group(1) + "\\" + m.group(2), out)
    if block_start:
        out = _BLOCK_START.sub(r"\\\1", out)
        out = _ORDERED.sub(r"\1\\\2", out)
    return out


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) URL safe inside ``<...>``, else None."""
    if not url:
        return None
    url = url.strip()
    return url if _SAFE_URL.fullmatch(url) else None


# --- rendering -----------------------------------------------------------------------------


def _cites(numbers: Sequence[int]) -> str:
    return " ".join(f"[{n}]" for n in numbers)


def _point_line(p: Point, briefing: Briefing) -> str:
    line = escape_text(p.text, block_start=True) + " " + _cites(p.sources)
    if len(p.sources) > p.independent:
        line += f" ({p.independent} independent)"
    if p.pinned:
        line += " (pinned)"
    return line


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _human_date(iso: str | None) -> str:
    """'1 December 2021' (locale-independent)."""
    if not iso:
        return "undated"
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _heading(text: str) -> str:
    """Escaped heading text: '#' escaped everywhere (an ATX closing sequence is stripped)."""
    return escape_text(text, block_start=True, also="#")


def _front_matter(b: Briefing) -> str:
    import yaml

    def one_line(value: str | None) -> str | None:
        if value is None:
            return None
        return _SPACES.sub(" ", strip_controls(value)).strip()

    data = {
        "story": one_line(b.title),
        "description": one_line(b.description) or None,
        "date_range": {"from": b.date_from, "to": b.date_to},
        "generated_at": b.generated_at,
        "generator": f"briefing ({b.engine_version})",
        "articles": b.n_articles,
        "outlets": b.n_outlets,
        "independent_sources": b.n_independent,
        "sources": [
            {
                k: v
                for k, v in {
                    "n": s.number,
                    "id": one_line(s.article_id),
                    "title": one_line(s.title),
                    "outlet": one_line(s.outlet),
                    "published": s.published,
                    "url": safe_url(s.url),
                    "copy_of": s.copy_of,
                }.items()
                if v is not None
            }
            for s in b.sources
        ],
    }
    data = {k: v for k, v in data.items() if v is not None}
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    return "---\n" + dumped + "---\n"


def render_markdown(briefing: Briefing) -> str:
    """The briefing as Markdown (YAML front matter, then the sections)."""
    b = briefing
    out: list[str] = [_front_matter(b)]
    out.append(f"# {_heading(b.title) or 'Briefing'}\n")
    span = (
        f"{_human_date(b.date_from)} – {_human_date(b.date_to)}"
        if b.date_from and b.date_to
        else "dates not given"
    )
    articles = f"{b.n_articles} article{'s' if b.n_articles != 1 else ''}"
    outlets = f"{b.n_outlets} outlet{'s' if b.n_outlets != 1 else ''}"
    out.append(
        f"*Covering {span} · {articles} from {outlets} · {b.n_independent} independent · "
        f"generated {escape_text(b.generated_at)}*\n"
    )
    description = escape_text(b.description, block_start=True)
    if description:
        out.append(description + "\n")
    out.append(f"**Method:** {escape_text(b.method)}.\n")
    for note in b.notes:
        out.append(f"**Note:** {escape_text(note)}.\n")

    out.append("## Bottom line\n")
    if b.bottom_line:
        out.append(" ".join(_point_line(p, b) for p in b.bottom_line) + "\n")
    else:
        out.append("*No sentence qualified.*\n")

    out.append("## Key points\n")
    if b.key_points:
        out.append("\n".join(f"- {_point_line(p, b)}" for p in b.key_points) + "\n")
    else:
        out.append("*No key points.*\n")

    out.append("## Timeline\n")
    if b.timeline:
        lines = []
        for e in b.timeline:
            d = dt.date.fromisoformat(e.date)
            when = f"{d.isoformat()} ({_DAYS[d.weekday()]})"
            lines.append(f"- **{when}** — {_point_line(e.point, b)}")
        out.append("\n".join(lines) + "\n")
    else:
        out.append("*No dated events found.*\n")

    out.append("## Who said what\n")
    if b.statements:
        from briefing.brief.model import NO_SIDE

        for side in b.statements:
            out.append(f"### {_heading(side.side) or _heading(NO_SIDE)}\n")
            if side.side == NO_SIDE:
                out.append(
                    "*The corpus `entities:` block does not say which side these speakers "
                    "speak for.*\n"
                )
            lines = []
            for sp in side.speakers:
                # Never "****" (a thematic break) when a name has nothing printable.
                lines.append(f"- **{escape_text(sp.speaker) or 'Unnamed speaker'}**")
                for st in sp.statements:
                    kind = "" if st.kind == "quote" else " *(reported)*"
                    lines.append(
                        f"  - {escape_text(st.text, block_start=True)} {_cites(st.sources)}{kind}"
                    )
            out.append("\n".join(lines) + "\n")
    else:
        out.append("*No attributed statements found.*\n")

    out.append("## Entities\n")
    if b.entities:
        rows = ["| Entity | Type | Mentions | Sources |", "| --- | --- | ---: | --- |"]
        for r in b.entities:
            rows.append(
                f"| {escape_text(r.name)} | {escape_text(r.label.lower())} | {r.mentions} | "
                f"{_cites(r.sources)} |"
            )
        out.append("\n".join(rows) + "\n")
    else:
        out.append("*No entities found.*\n")

    out.append("## Sources\n")
    lines = []
    for s in b.sources:
        title = escape_text(s.title, block_start=True)
        parts = [title or escape_text(s.article_id, block_start=True) or "untitled"]
        outlet = escape_text(s.outlet or "")
        parts.append(f"*{outlet}*" if outlet else "outlet not given")
        parts.append(s.published or "undated")
        url = safe_url(s.url)
        if url:
            parts.append(f"<{url}>")
        elif escape_text(s.url or ""):
            parts.append(escape_text(s.url or ""))
        line = f"{s.number}. " + " — ".join(parts)
        if s.copy_of is not None:
            sim = f", similarity {s.copy_similarity:.2f}" if s.copy_similarity is not None else ""
            line += (
                f" — **near-copy of [{s.copy_of}]**{sim}; not counted as independent confirmation"
            )
        lines.append(line)
    out.append("\n".join(lines) + "\n")
    return "\n".join(out)


# --- writing -------------------------------------------------------------------------------


def write_markdown(path: str | os.PathLike[str], text: str, *, overwrite: bool) -> Path:
    """Write ``text`` to ``path`` atomically and durably (see :mod:`briefing.atomic`).

    Refuses to replace an existing file unless ``overwrite`` is true
    (:class:`ExportExistsError`); every problem is a one-line :class:`BriefingError`, and
    on any error an existing file is left exactly as it was. Returns the path written.
    """
    from briefing.atomic import atomic_write

    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise BriefingError(f"{target}: is a folder; give a file name")
    if not folder.is_dir():
        raise BriefingError(f"{target}: folder {folder} does not exist")
    if target.exists() and not overwrite:
        raise ExportExistsError(f"{target}: file exists; use --force (overwrite) to replace it")
    try:
        return atomic_write(target, text.encode("utf-8"), overwrite=overwrite)
    except FileExistsError:
        raise ExportExistsError(
            f"{target}: file exists; use --force (overwrite) to replace it"
        ) from None
    except OSError as exc:
        raise BriefingError(f"{target}: cannot write: {exc.strerror or exc}") from None


def default_export_name(corpus: Corpus) -> str:
    """A file name for the briefing: the story title as a slug plus ``-briefing.md``."""
    title = unicodedata.normalize("NFKD", corpus.story.title or "")
    slug = re.sub(r"[^a-z0-9]+", "-", title.encode("ascii", "ignore").decode().lower()).strip("-")
    return f"{slug[:60].rstrip('-') or 'corpus'}-briefing.md"


def export_briefing(
    corpus: Corpus,
    output: str | os.PathLike[str] | None = "-",
    *,
    words: int | None = None,
    overwrite: bool = False,
    stdout: TextIO | None = None,
) -> str:
    """Build and render the briefing of ``corpus``; write it to ``output`` (``"-"`` or None:
    standard output). Returns the Markdown. Used by ``briefing export``."""
    from briefing.brief import build_briefing

    text = render_markdown(build_briefing(corpus, words))
    if output is None or str(output) == "-":
        stream = stdout if stdout is not None else sys.stdout
        stream.write(text)
        stream.flush()
    else:
        write_markdown(output, text, overwrite=overwrite)
    return text
