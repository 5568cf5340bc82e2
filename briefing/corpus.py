"""Load and validate ``corpus.yaml``: the story, its articles and the user's entities.

Schema (see README, "corpus.yaml"):

    story: {title, description}
    articles: [{id, title, outlet, author, published, url, place, tags, text | path}]
    entities: [{name, type, aliases: [...], side}]

Only ``articles``, and in each article ``id``, ``title`` and exactly one of
``text``/``path``, are required. Every problem is reported as one
:class:`~briefing.errors.CorpusError` naming the file, the line, the article
and the field.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import os
import stat
import sys
from pathlib import Path
from typing import Any

import yaml

from briefing import limits as _limits
from briefing.cleaning import CleanText, clean_text, compose, markdown_to_text, strip_control
from briefing.errors import BriefingError, CorpusError

# The limits and the default corpus live in briefing.limits (no yaml there); they are
# re-exported here, and these names are the values the loader below applies.
from briefing.limits import (
    _BAD_ENV,
    MAX_ARTICLE_BYTES,
    MAX_ARTICLES,
    MAX_CORPUS_BYTES,
    MAX_YAML_DEPTH,
    MIN_YAML_NODES,  # noqa: F401 - re-exported (limits_of reads it from this module)
    default_corpus_path,
)
from briefing.models import LABELS, Article, Corpus, EntitySpec, Story
from briefing.offsets import identity

ROOT_KEYS = ("story", "articles", "entities")
STORY_KEYS = ("title", "description")
ARTICLE_KEYS = (
    "id",
    "title",
    "outlet",
    "author",
    "published",
    "url",
    "place",
    "tags",
    "text",
    "path",
)
ENTITY_KEYS = ("name", "type", "aliases", "side")
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")


def _env_limit(name: str, default: int) -> int:
    """A positive whole number from the environment variable *name*, else *default*.

    A value that is not a positive whole number is remembered and reported by
    :func:`load_corpus` as an error (it is not silently ignored).
    """
    return _limits.env_limit(name, default, _BAD_ENV)


ENTITY_TYPES = (*LABELS, "ORGANIZATION", "ORGANISATION", "PLACE", "LOCATION")


def limits() -> dict[str, int]:
    """The limits in force (after environment overrides), by name."""
    return _limits.limits_of(sys.modules[__name__])


def _max_nodes() -> int:
    return limits()["max_yaml_nodes"]


def load_corpus(path: str | os.PathLike[str] | None = None) -> Corpus:
    """Load, validate and clean the corpus at *path* (default: :func:`default_corpus_path`).

    Every problem is one :class:`CorpusError` whose message is one line with no terminal
    control characters (file names and values from the file are cleaned for display).
    """
    try:
        return _load_corpus(path)
    except CorpusError as exc:
        message = str(exc)
        if message.isprintable():
            raise
        raise CorpusError(
            _printable(str(exc.path)), _printable(exc.detail), line=exc.line
        ) from None


def read_text_file(path: str | os.PathLike[str]) -> str:
    """The text of an article file, read with the loader's rules (for ``briefing summarize``).

    The same limit (:data:`MAX_ARTICLE_BYTES`), only regular files, UTF-8 or BOM-marked
    UTF-16/UTF-32; any problem is a one-line :class:`CorpusError`.
    """
    target = Path(path)
    try:
        raw = _read_bytes(target, MAX_ARTICLE_BYTES, what="article file", regular=True)
        return _decode(target, raw)
    except CorpusError as exc:
        raise CorpusError(_printable(str(exc.path)), _printable(exc.detail)) from None


def decode_text(raw: bytes, name: str = "text") -> str:
    """*raw* decoded with the loader's rules (UTF-8, or UTF-16/UTF-32 with a BOM), or a
    :class:`CorpusError` (its ``detail`` says why: binary, UTF-16 without BOM, not UTF-8)."""
    return _decode(Path(name), raw)


def _printable(text: str) -> str:
    """*text* for a one-line message: controls removed, line breaks made spaces."""
    return "".join(ch if ch.isprintable() else " " for ch in strip_control(text))


def _load_corpus(path: str | os.PathLike[str] | None) -> Corpus:
    yaml_path = Path(path) if path is not None else default_corpus_path()
    if _BAD_ENV:
        name, value = next(iter(_BAD_ENV.items()))
        raise BriefingError(f"{name}={value!r}: give a positive whole number (of bytes or items)")
    data, lines = _parse(yaml_path)
    if data is None:
        raise CorpusError(yaml_path, "the file is empty; it needs an 'articles:' list")
    if not isinstance(data, dict):
        raise CorpusError(
            yaml_path, "the top level must be a mapping with an 'articles:' list", line=1
        )
    _check_keys(yaml_path, data, ROOT_KEYS, "the top level", lines.root)
    story = _story(yaml_path, data.get("story"), lines)
    if "articles" not in data:
        raise CorpusError(yaml_path, "missing 'articles:' (a list of articles)", line=1)
    raw_articles = data["articles"]
    if raw_articles is None:
        raw_articles = []  # `articles:` with nothing under it: a new, empty corpus
    if not isinstance(raw_articles, list):
        raise CorpusError(yaml_path, "'articles' must be a list", line=lines.key("articles"))
    articles: list[Article] = []
    seen: dict[str, int | None] = {}
    for number, item in enumerate(raw_articles):
        article = _article(yaml_path, item, number, lines.article(number))
        if article.id in seen:
            first = seen[article.id]
            where = f" (first at line {first})" if first else ""
            raise CorpusError(
                yaml_path,
                f"article '{article.id}': duplicate id{where}",
                line=lines.article(number).get("id"),
            )
        seen[article.id] = lines.article(number).get("")
        articles.append(article)
    entities = _entities(yaml_path, data.get("entities"), lines)
    return Corpus(path=yaml_path, story=story, articles=articles, entities=entities)


# --- parsing with line numbers -------------------------------------------------------------


class _Lines:
    """Line numbers (1-based) of the keys in the composed YAML tree."""

    def __init__(self, node: yaml.Node | None) -> None:
        self.root: dict[str, int] = {}
        self._articles: list[dict[str, int]] = []
        self._entities: list[dict[str, int]] = []
        self._story: dict[str, int] = {}
        if not isinstance(node, yaml.MappingNode):
            return
        for key, value in node.value:
            name = str(key.value)
            self.root[name] = key.start_mark.line + 1
            if name == "articles" and isinstance(value, yaml.SequenceNode):
                self._articles = [_key_lines(item) for item in value.value]
            elif name == "entities" and isinstance(value, yaml.SequenceNode):
                self._entities = [_key_lines(item) for item in value.value]
            elif name == "story":
                self._story = _key_lines(value)

    def key(self, name: str) -> int | None:
        return self.root.get(name)

    def article(self, index: int) -> dict[str, int]:
        return self._articles[index] if index < len(self._articles) else {}

    def entity(self, index: int) -> dict[str, int]:
        return self._entities[index] if index < len(self._entities) else {}

    def story(self) -> dict[str, int]:
        return self._story


def _key_lines(node: yaml.Node) -> dict[str, int]:
    lines = {"": node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            lines[str(key.value)] = key.start_mark.line + 1
    return lines


# libyaml's parser when PyYAML was built with it (several times faster), else the pure-Python one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML loader that keeps timestamps as text, so bad dates get our own message."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def _guard(path: Path, text: str) -> None:
    """Check the YAML's shape from its event stream before anything is built from it.

    Refuses (with a :class:`CorpusError` naming the line) nesting deeper than
    :data:`MAX_YAML_DEPTH` (libyaml's composer recurses in C and crashes on very deep
    input, and its scanner slows down quadratically), more than :data:`MAX_ARTICLES`
    articles (stopping as soon as the limit is passed), recursive aliases, and more values
    than :func:`_max_nodes` counting each alias as a copy of its anchor (an alias bomb).
    Syntax errors are left to the composer, which reports them the usual way.
    """
    parser = _BaseLoader(text)
    max_nodes = _max_nodes()
    nodes = aliased = depth = 0
    sizes: dict[str, int] = {}  # anchor -> values it stands for
    stack: list[tuple[str | None, int]] = []  # open collections: (anchor, nodes before)
    root_is_mapping = False
    root_keys = 0  # values seen directly in the top-level mapping (key, value, key, ...)
    is_articles = False  # the last top-level key was 'articles'
    articles_depth = 0  # depth of the items of the 'articles' list, when it is open
    articles = 0
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            kind = type(event)
            if kind in (yaml.SequenceEndEvent, yaml.MappingEndEvent):
                anchor, before = stack.pop()
                if anchor is not None:
                    sizes[anchor] = nodes - before
                if depth == articles_depth:
                    articles_depth = 0
                depth -= 1
                continue
            if kind not in (yaml.ScalarEvent, yaml.AliasEvent, *_STARTS):
                continue  # stream/document start and end
            line = event.start_mark.line + 1
            if depth == articles_depth and articles_depth:
                articles += 1
                if articles > MAX_ARTICLES:
                    raise CorpusError(
                        path,
                        f"more than {MAX_ARTICLES:,} articles, the limit "
                        "(set BRIEFING_MAX_ARTICLES to raise it)",
                        line=line,
                    )
            if depth == 0:
                root_is_mapping = kind is yaml.MappingStartEvent
            elif depth == 1 and root_is_mapping:
                root_keys += 1
                if root_keys % 2:  # a key of the top-level mapping
                    is_articles = kind is yaml.ScalarEvent and event.value == "articles"
                elif is_articles and kind is yaml.SequenceStartEvent:
                    articles_depth = 2
            if kind is yaml.AliasEvent:
                if event.anchor not in sizes:
                    if any(anchor == event.anchor for anchor, _ in stack):
                        raise CorpusError(
                            path, f"invalid YAML: alias *{event.anchor} refers to itself", line=line
                        )
                    continue  # undefined: the composer reports it
                nodes += sizes[event.anchor]
                aliased += sizes[event.anchor]
            else:
                nodes += 1
                if kind is yaml.ScalarEvent:
                    if event.anchor is not None:
                        sizes[event.anchor] = 1
                else:
                    depth += 1
                    stack.append((event.anchor, nodes - 1))
                    if depth > MAX_YAML_DEPTH:
                        raise CorpusError(
                            path,
                            f"invalid YAML: nested more than {MAX_YAML_DEPTH} levels deep",
                            line=line,
                        )
            if nodes > max_nodes:
                what = "its aliases expand to" if aliased > max_nodes // 2 else "it has"
                raise CorpusError(
                    path,
                    f"{what} more than {max_nodes:,} YAML values, the limit "
                    "(set BRIEFING_MAX_ARTICLES to raise it)",
                    line=line,
                )
    finally:
        parser.dispose()


_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)


def _parse(path: Path) -> tuple[Any, _Lines]:
    raw = _read_bytes(path, MAX_CORPUS_BYTES, what="corpus file")
    text = _decode(path, raw)
    loader = _Loader(text)
    try:
        _guard(path, text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(filter(None, [exc.context, exc.problem])) or "syntax error"
        raise CorpusError(path, f"invalid YAML: {problem}", line=line) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (ESC, NUL...)
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        raise CorpusError(
            path, f"invalid YAML: character #x{exc.character:04x} is not allowed", line=line
        ) from None
    except yaml.YAMLError as exc:
        raise CorpusError(path, f"invalid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise CorpusError(path, "invalid YAML: nested too deeply") from None
    except (ValueError, TypeError) as exc:
        raise CorpusError(path, f"invalid YAML value: {exc}") from None
    finally:
        loader.dispose()
    return data, _Lines(node)


def _read_bytes(path: Path, limit: int, *, what: str, regular: bool = False) -> bytes:
    """The bytes of *path*, refusing more than *limit*; with *regular*, only a regular file
    (a FIFO or a device as an article would block or never end)."""
    hint = _LIMIT_HINT.get(what, "")
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise CorpusError(path, f"is a directory, not a {what}")
        if regular and not stat.S_ISREG(info.st_mode):
            raise CorpusError(path, "is not a regular file (a pipe or a device?)")
        if info.st_size > limit:
            raise CorpusError(
                path, f"{what} is {info.st_size:,} bytes, over the {limit:,}-byte limit{hint}"
            )
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise CorpusError(path, f"{what} not found") from None
    except PermissionError:
        raise CorpusError(path, f"{what} is not readable (permission denied)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CorpusError(path, f"{what} is a loop of symbolic links") from None
        raise CorpusError(path, f"cannot read {what}: {exc.strerror or exc}") from None
    if len(data) > limit:  # a pipe or a file that grew meanwhile
        raise CorpusError(path, f"{what} is over the {limit:,}-byte limit{hint}")
    return data


_LIMIT_HINT = {
    "corpus file": " (set BRIEFING_MAX_CORPUS_BYTES to raise it)",
    "article file": " (set BRIEFING_MAX_ARTICLE_BYTES to raise it)",
}
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _decode(path: Path, raw: bytes) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16/UTF-32; anything else is an error.

    No guessing: a Latin-1 or Windows-1252 file is refused with the line of the first bad
    byte (decoding it as something else would silently change characters).
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                raise CorpusError(path, f"is not valid {codec.upper()} text") from None
    head = raw[:8192]
    if b"\x00" in head:
        half = max(len(head) // 2, 1)
        odd, even = head[1::2].count(0), head[::2].count(0)
        if len(head) >= 16 and max(odd, even) > 0.4 * half and min(odd, even) < 0.05 * half:
            raise CorpusError(
                path, "looks like UTF-16 text without a byte-order mark; save it as UTF-8"
            )
        raise CorpusError(path, "looks like a binary file (it contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CorpusError(
            path, f"is not UTF-8 text (bad byte at line {line}; save it as UTF-8)"
        ) from None


# --- validation ----------------------------------------------------------------------------


def _check_keys(
    path: Path,
    data: dict[Any, Any],
    allowed: tuple[str, ...],
    where: str,
    lines: dict[str, int],
    prefix: str = "",
) -> None:
    for key in data:
        if key not in allowed:
            name = str(key)
            close = difflib.get_close_matches(name, allowed, n=1) if len(name) < 100 else []
            hint = (
                f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
            )
            raise CorpusError(
                path,
                f"{prefix}unknown key '{_shown(name)}' in {where}{hint}",
                line=lines.get(name),
            )


def _one_line(text: str) -> str:
    """A metadata field as shown: control characters removed, whitespace runs (line breaks
    included) collapsed to one space."""
    return " ".join(strip_control(text).split())


def _shown(text: str, width: int = 60) -> str:
    """*text* safe and short enough for a one-line message."""
    text = _one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _string(
    path: Path, value: Any, field: str, prefix: str, line: int | None, *, required: bool = False
) -> str | None:
    if value is None:
        if required:
            raise CorpusError(path, f"{prefix}missing required field '{field}'", line=line)
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise CorpusError(path, f"{prefix}field '{field}' must be text", line=line)
    text = _one_line(str(value))
    if required and not text:
        raise CorpusError(path, f"{prefix}field '{field}' is empty", line=line)
    return text or None


def _story(path: Path, value: Any, lines: _Lines) -> Story:
    if value is None:
        return Story(title=path.stem if path.stem != "corpus" else path.resolve().parent.name)
    if not isinstance(value, dict):
        raise CorpusError(
            path,
            "'story' must be a mapping with 'title' and 'description'",
            line=lines.key("story"),
        )
    keys = lines.story()
    _check_keys(path, value, STORY_KEYS, "'story'", keys, "story: ")
    title = _string(
        path, value.get("title"), "title", "story: ", keys.get("title", keys.get("")), required=True
    )
    description = (
        _string(path, value.get("description"), "description", "story: ", keys.get("description"))
        or ""
    )
    return Story(title=title or "", description=" ".join(description.split()))


def _article(path: Path, item: Any, number: int, keys: dict[str, int]) -> Article:
    line = keys.get("")
    if not isinstance(item, dict):
        raise CorpusError(path, f"article #{number + 1}: must be a mapping of fields", line=line)
    ident = item.get("id")
    if ident is None or isinstance(ident, bool) or not isinstance(ident, (str, int)):
        raise CorpusError(
            path, f"article #{number + 1}: missing required field 'id' (text)", line=line
        )
    article_id = _one_line(str(ident))
    if not article_id:
        raise CorpusError(path, f"article #{number + 1}: field 'id' is empty", line=keys.get("id"))
    prefix = f"article '{article_id}': "
    _check_keys(path, item, ARTICLE_KEYS, f"article '{article_id}'", keys)
    title = _string(
        path, item.get("title"), "title", prefix, keys.get("title", line), required=True
    )
    has_text, has_path = item.get("text") is not None, item.get("path") is not None
    if has_text == has_path:
        which = "both 'text' and 'path'" if has_text else "neither 'text' nor 'path'"
        raise CorpusError(
            path, f"{prefix}give exactly one of 'text' or 'path' (found {which})", line=line
        )
    source: Path | None = None
    if has_text:
        if not isinstance(item["text"], str):
            raise CorpusError(path, f"{prefix}field 'text' must be text", line=keys.get("text"))
        raw = item["text"]
        size = len(raw) if raw.isascii() else len(raw.encode("utf-8", "surrogatepass"))
        if size > MAX_ARTICLE_BYTES:
            raise CorpusError(
                path,
                f"{prefix}field 'text' is {size:,} bytes, over the {MAX_ARTICLE_BYTES:,}-byte "
                "limit (set BRIEFING_MAX_ARTICLE_BYTES to raise it)",
                line=keys.get("text"),
            )
        plain = CleanText(raw, identity(len(raw) + 1))
    else:
        source, raw = _article_file(path, item["path"], prefix, keys.get("path"))
        plain = (
            markdown_to_text(raw)
            if source.suffix.lower() in (".md", ".markdown")
            else CleanText(raw, identity(len(raw) + 1))
        )
    cleaned = compose(clean_text(plain.text, title=title), plain)
    if not cleaned.text.strip():
        field = "text" if has_text else "path"
        what = "is empty" if not raw.strip() else "has no article text after cleaning"
        raise CorpusError(path, f"{prefix}field '{field}' {what}", line=keys.get(field, line))
    url = _string(path, item.get("url"), "url", prefix, keys.get("url"))
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise CorpusError(
            path, f"{prefix}field 'url' must start with http:// or https://", line=keys.get("url")
        )
    tags = item.get("tags")
    if tags is not None and (
        not isinstance(tags, list) or not all(isinstance(t, str) for t in tags)
    ):
        raise CorpusError(
            path, f"{prefix}field 'tags' must be a list of text", line=keys.get("tags")
        )
    return Article(
        id=article_id,
        title=title or "",
        text=cleaned.text,
        raw_text=raw,
        outlet=_string(path, item.get("outlet"), "outlet", prefix, keys.get("outlet")),
        author=_string(path, item.get("author"), "author", prefix, keys.get("author")),
        published=_published(path, item.get("published"), prefix, keys.get("published")),
        url=url,
        place=_string(path, item.get("place"), "place", prefix, keys.get("place")),
        path=source,
        offsets=cleaned.offsets,
        extra={"tags": [t for t in map(_one_line, tags) if t]} if tags else {},
    )


def _article_file(path: Path, value: Any, prefix: str, line: int | None) -> tuple[Path, str]:
    if not isinstance(value, str) or not value.strip():
        raise CorpusError(path, f"{prefix}field 'path' must be a file path", line=line)
    target = Path(value.strip()).expanduser()
    if not target.is_absolute():
        target = path.parent / target
    if target.suffix.lower() not in TEXT_SUFFIXES:
        raise CorpusError(
            path,
            f"{prefix}field 'path': {value!s} is not a supported text file "
            f"({', '.join(TEXT_SUFFIXES)})",
            line=line,
        )
    try:
        data = _read_bytes(target, MAX_ARTICLE_BYTES, what="article file", regular=True)
        return target, _decode(target, data)
    except CorpusError as exc:
        raise CorpusError(path, f"{prefix}field 'path': {exc}", line=line) from None


def _published(
    path: Path, value: Any, prefix: str, line: int | None
) -> dt.date | dt.datetime | None:
    if value is None or isinstance(value, (dt.date, dt.datetime)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
    raise CorpusError(
        path,
        f"{prefix}field 'published': {value!r} is not an ISO date (YYYY-MM-DD or "
        "YYYY-MM-DDTHH:MM[:SS][+HH:MM])",
        line=line,
    )


def _entities(path: Path, value: Any, lines: _Lines) -> list[EntitySpec]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise CorpusError(path, "'entities' must be a list", line=lines.key("entities"))
    specs = []
    for number, item in enumerate(value):
        keys = lines.entity(number)
        line = keys.get("")
        if not isinstance(item, dict):
            raise CorpusError(path, f"entity #{number + 1}: must be a mapping", line=line)
        name = (
            _string(
                path,
                item.get("name"),
                "name",
                f"entity #{number + 1}: ",
                keys.get("name", line),
                required=True,
            )
            or ""
        )
        prefix = f"entity '{name}': "
        _check_keys(path, item, ENTITY_KEYS, f"entity '{name}'", keys)
        kind = (_string(path, item.get("type"), "type", prefix, keys.get("type")) or "").upper()
        if kind and kind not in ENTITY_TYPES:
            raise CorpusError(
                path,
                f"{prefix}field 'type': {kind!r} is not one of {', '.join(LABELS)}",
                line=keys.get("type"),
            )
        kind = {
            "ORGANIZATION": "ORG",
            "ORGANISATION": "ORG",
            "PLACE": "GPE",
            "LOCATION": "LOC",
        }.get(kind, kind)
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise CorpusError(
                path, f"{prefix}field 'aliases' must be a list of text", line=keys.get("aliases")
            )
        side = _string(path, item.get("side"), "side", prefix, keys.get("side"))
        specs.append(
            EntitySpec(
                name=name,
                type=kind,
                aliases=tuple(_one_line(a) for a in aliases if _one_line(a)),
                side=side,
            )
        )
    return specs
