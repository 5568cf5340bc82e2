"""Turn a saved web page, a text file or a Markdown file into an article body and metadata.

Web pages go through trafilatura (article body without navigation, share buttons,
comments or "related stories"; metadata from ``<meta>``, Open Graph, JSON-LD and
``<link rel=canonical>``). Plain text and Markdown are kept as written: the corpus
loader cleans them with :func:`briefing.cleaning.clean_text` like any other article;
here we only find the title, and an author and date on leading byline lines or in
Markdown front matter. trafilatura is imported on first use and is only handed bytes
or text: it never downloads anything itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import stat
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefing.add.fetch import FetchLimits
from briefing.cleaning import markdown_to_text, strip_control
from briefing.corpus import MAX_ARTICLE_BYTES
from briefing.errors import BriefingError, CorpusError

__all__ = [
    "HTML_SUFFIXES",
    "MARKDOWN_SUFFIXES",
    "TEXT_SUFFIXES",
    "ExtractError",
    "Extracted",
    "extract_html",
    "extract_text",
    "parse_date",
    "read_file",
    "title_from_name",
]

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
#: Below this many characters, trafilatura's precise pass is retried in recall mode.
_SHORT_BODY = 400
#: Fewer words than this is navigation or an error page, not an article.
_MIN_WORDS = 20


class ExtractError(BriefingError):
    """No usable article could be read from a source."""


@dataclass(frozen=True, slots=True)
class Extracted:
    """An article body ready to store, and what is known about it."""

    text: str
    suffix: str  # ".txt" or ".md": how the loader should read the stored file
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    url: str | None = None
    #: True when *text* has front matter removed or was extracted (so it must be stored anew).
    rewritten: bool = True


# --- small helpers ---------------------------------------------------------------------------


def _one_line(value: Any, limit: int = 300) -> str | None:
    """Metadata as one clean line (control characters gone, whitespace collapsed)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if v)
    text = " ".join(strip_control(str(value)).split())
    text = re.sub(r"\[\[([^\]|]*)(?:\|[^\]]*)?\]\]", r"\1", text)  # [[wiki links]]
    return text[:limit].rstrip() or None


def _web_url(value: Any) -> str | None:
    text = _one_line(value, 2000)
    if text and text.lower().startswith(("http://", "https://")) and " " not in text:
        return text
    return None


_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = r"(?P<mon>[A-Za-z]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(rf"{_MONTH_RE}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})"),
    re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE},?\s+(?P<y>\d{{4}})"),
)


def parse_date(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date, datetime or text such as "March 14, 2024"."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(value)
        if not match:
            continue
        parts = match.groupdict()
        month = int(parts["m"]) if "m" in parts else _MONTHS.get(parts["mon"].lower(), 0)
        try:
            return dt.date(int(parts["y"]), month, int(parts["d"])).isoformat()
        except ValueError:
            continue
    return None


def title_from_name(name: str) -> str:
    """A readable title from a file name or URL segment ("elm-st_bridge.txt" -> "Elm st bridge")."""
    stem = Path(urllib.parse.unquote(name)).stem
    words = re.sub(r"[-_.+]+", " ", stem).split()
    text = " ".join(words) or "Untitled article"
    return text[:1].upper() + text[1:]


# --- plain text and Markdown ------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# The heading text is what follows, less a closing "#" sequence (stripped in code: a lazy
# "(.+?)[ \t#]*$" is quadratic on a long line of "# # # ...").
_ATX = re.compile(r"^[ \t]{0,3}#{1,2}[ \t]+(?=\S)")
_SETEXT = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$")
_BYLINE = re.compile(
    r"^\W*(?i:(?:written\s+|reported\s+)?by)[\s:]+"
    r"(?P<name>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*)*)"
)
_NAME_PARTICLES = frozenset(["and", "de", "van", "von", "der", "da", "la", "le", "bin", "al"])
_END_PUNCT = (".", ",", ";", ":", "!")
_FRONT_KEYS = {
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline", "creator"),
    "published": ("published", "date", "published_at", "publish_date", "pubdate", "created"),
    "url": ("url", "source", "canonical_url", "original_url", "link", "source_url"),
    "outlet": ("outlet", "site", "site_name", "sitename", "publisher", "publication"),
}


def _front_matter(raw: str) -> tuple[dict[str, Any], str]:
    """(fields, body) of a Markdown file with YAML front matter; ({}, raw) without."""
    match = _FRONT_MATTER.match(raw)
    if not match:
        return {}, raw
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, raw
    if not isinstance(data, dict):
        return {}, raw
    return {str(k).lower(): v for k, v in data.items()}, raw[match.end() :]


def _pick(fields: dict[str, Any], what: str) -> Any:
    for key in _FRONT_KEYS[what]:
        if fields.get(key) not in (None, "", []):
            return fields[key]
    return None


def _leading_lines(text: str, n: int = 6) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()][:n]


def _headline(lines: list[str], markdown: bool, all_lines: list[str]) -> str | None:
    """The first line when it reads as a headline: short, no sentence punctuation, text follows."""
    if not lines:
        return None
    first = lines[0]
    if markdown:
        match = _ATX.match(first)
        if match:
            rest = first[match.end() :]
            return rest.rstrip(" \t#") or rest[:1]
        raw_lines = [line for line in all_lines if line.strip()]
        if len(raw_lines) > 1 and _SETEXT.match(raw_lines[1]) and "=" in raw_lines[1]:
            return first
        first = markdown_to_text(first).text.strip()
    if len(lines) < 2 or len(first) > 200 or len(first.split()) > 25:
        return None
    if first.endswith(_END_PUNCT) or _BYLINE.match(first):
        return None
    return first


def _byline_author(lines: list[str]) -> str | None:
    for line in lines:
        match = _BYLINE.match(line)
        if match:
            words: list[str] = []
            tokens = match.group("name").split()
            rest = line[match.end("name") :].split()
            for i, word in enumerate(tokens):
                following = (tokens[i + 1 :] + rest)[:1]
                dated = following and following[0][:1].isdigit()
                if (word.lower().rstrip(".") in _MONTHS and dated) or not (
                    word[0].isupper() or word in _NAME_PARTICLES
                ):
                    break
                words.append(word)
            while words and words[-1] in _NAME_PARTICLES:
                words.pop()
            return " ".join(words) or None
    return None


def _leading_date(lines: list[str]) -> str | None:
    for line in lines[:6]:
        if len(line.split()) <= 14:
            found = parse_date(line)
            if found:
                return found
    return None


def extract_text(raw: str, *, markdown: bool, fallback_title: str) -> Extracted:
    """Title and metadata of a plain-text or Markdown article; the body is kept as written."""
    fields, body = _front_matter(raw) if markdown else ({}, raw)
    if not body.strip():
        raise ExtractError("the file has no text")
    lines = _leading_lines(body)
    title = _one_line(_pick(fields, "title")) if fields else None
    title = title or _one_line(_headline(lines, markdown, body.splitlines()[:12]))
    return Extracted(
        text=body,
        suffix=".md" if markdown else ".txt",
        title=title or fallback_title,
        outlet=_one_line(_pick(fields, "outlet")) if fields else None,
        author=(_one_line(_pick(fields, "author")) if fields else None) or _byline_author(lines),
        published=(parse_date(_pick(fields, "published")) if fields else None)
        or _leading_date(lines),
        url=_web_url(_pick(fields, "url")) if fields else None,
        rewritten=bool(fields),
    )


# --- HTML ------------------------------------------------------------------------------------


def _quiet_loggers() -> None:
    """trafilatura and its helpers log warnings on odd pages; keep them off the user's terminal."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _paragraphs(text: str | None) -> str:
    """One paragraph per line from trafilatura, as paragraphs separated by blank lines."""
    if not text:
        return ""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def extract_html(
    data: bytes | str, *, url: str | None = None, charset: str | None = None
) -> Extracted:
    """The article body and metadata of a web page (*url*: where it came from, if known)."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a dependency; message for broken installs
        raise ExtractError(
            "reading web pages needs the 'trafilatura' package (pip install trafilatura)"
        ) from None
    _quiet_loggers()
    content: bytes | str = data
    if isinstance(data, bytes) and charset:
        try:
            content = data.decode(charset, errors="replace")
        except LookupError:  # unknown charset name: let trafilatura detect it
            content = data
    options = {
        "url": url,
        "with_metadata": True,
        "include_comments": False,
        "include_tables": False,
        "include_images": False,
        "include_links": False,
        "deduplicate": False,
    }
    try:
        doc = trafilatura.bare_extraction(content, favor_precision=True, **options)
        text = _paragraphs(getattr(doc, "text", None))
        if len(text) < _SHORT_BODY:
            wider = trafilatura.bare_extraction(content, favor_recall=True, **options)
            wider_text = _paragraphs(getattr(wider, "text", None))
            if len(wider_text) > len(text):
                doc, text = wider, wider_text
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise ExtractError(f"cannot read the page: {exc}") from None
    words = len(text.split())
    if doc is None or words < _MIN_WORDS:
        extra = f" (only {words} word{'s' if words != 1 else ''})" if words else ""
        raise ExtractError(f"no article text found in the page{extra}")
    canonical = _web_url(getattr(doc, "url", None)) or _web_url(url)
    return Extracted(
        text=text + "\n",
        suffix=".txt",
        title=_one_line(getattr(doc, "title", None)),
        outlet=_one_line(getattr(doc, "sitename", None)) or _host(canonical),
        author=_one_line(getattr(doc, "author", None)),
        published=parse_date(getattr(doc, "date", None)),
        url=canonical,
    )


# --- files -----------------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    """The file's text, decoded exactly as the corpus loader will read it back."""
    from briefing.corpus import decode_text

    try:
        return decode_text(raw)
    except CorpusError as exc:
        raise ExtractError(exc.detail) from None


def read_file(path: Path) -> Extracted:
    """Read a local .txt, .md or saved .html article (raise :class:`ExtractError` if unusable)."""
    suffix = path.suffix.lower()
    if suffix not in (*TEXT_SUFFIXES, *MARKDOWN_SUFFIXES, *HTML_SUFFIXES):
        raise ExtractError(
            f"unsupported file type '{suffix or path.name}' (give .txt, .md or a saved .html page)"
        )
    # A saved page carries markup, scripts and styles: it may be as large as a download.
    html = suffix in HTML_SUFFIXES
    limit = max(MAX_ARTICLE_BYTES, FetchLimits().max_bytes) if html else MAX_ARTICLE_BYTES
    try:
        if path.is_dir():
            raise ExtractError("is a folder, not a file")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ExtractError("is not a regular file")
        if info.st_size > limit:
            raise ExtractError(f"is {info.st_size:,} bytes, over the {limit:,}-byte limit")
        raw = path.read_bytes()
    except FileNotFoundError:
        hint = " (for a web page give the full https:// URL)" if "/" in str(path) else ""
        raise ExtractError(f"file not found{hint}") from None
    except PermissionError:
        raise ExtractError("is not readable (permission denied)") from None
    except OSError as exc:
        raise ExtractError(f"cannot read: {exc.strerror or exc}") from None
    if suffix in HTML_SUFFIXES:
        return extract_html(raw)
    markdown = suffix in MARKDOWN_SUFFIXES
    return extract_text(_decode(raw), markdown=markdown, fallback_title=title_from_name(path.name))
