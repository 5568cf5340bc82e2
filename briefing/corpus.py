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
import os
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from briefing.cleaning import CleanText, clean_text, compose, markdown_to_text, strip_control
from briefing.errors import CorpusError
from briefing.models import LABELS, Article, Corpus, EntitySpec, Story

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
#: Largest corpus.yaml and largest article file read (bytes); override with env variables.
MAX_CORPUS_BYTES = int(os.environ.get("BRIEFING_MAX_CORPUS_BYTES", 64 * 1024 * 1024))
MAX_ARTICLE_BYTES = int(os.environ.get("BRIEFING_MAX_ARTICLE_BYTES", 16 * 1024 * 1024))
ENTITY_TYPES = (*LABELS, "ORGANIZATION", "ORGANISATION", "PLACE", "LOCATION")


def default_corpus_path() -> Path:
    """``./corpus.yaml`` if there is one, else the corpus bundled with briefing."""
    local = Path.cwd() / "corpus.yaml"
    if local.is_file():
        return local
    bundled = resources.files("briefing") / "_data" / "corpus.yaml"
    if bundled.is_file():
        return Path(str(bundled))
    return Path(__file__).resolve().parent.parent / "corpus.yaml"


def load_corpus(path: str | os.PathLike[str] | None = None) -> Corpus:
    """Load, validate and clean the corpus at *path* (default: :func:`default_corpus_path`)."""
    yaml_path = Path(path) if path is not None else default_corpus_path()
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


def _parse(path: Path) -> tuple[Any, _Lines]:
    raw = _read_bytes(path, MAX_CORPUS_BYTES, what="corpus file")
    text = _decode(path, raw)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(filter(None, [exc.context, exc.problem])) or "syntax error"
        raise CorpusError(path, f"invalid YAML: {problem}", line=line) from None
    except yaml.YAMLError as exc:
        raise CorpusError(path, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise CorpusError(path, "invalid YAML: nested too deeply") from None
    except (ValueError, TypeError) as exc:
        raise CorpusError(path, f"invalid YAML value: {exc}") from None
    finally:
        loader.dispose()
    return data, _Lines(node)


def _read_bytes(path: Path, limit: int, *, what: str) -> bytes:
    try:
        if path.is_dir():
            raise CorpusError(path, f"is a directory, not a {what}")
        size = path.stat().st_size
        if size > limit:
            raise CorpusError(path, f"{what} is {size:,} bytes, over the {limit:,}-byte limit")
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        raise CorpusError(path, f"{what} not found") from None
    except PermissionError:
        raise CorpusError(path, f"{what} is not readable (permission denied)") from None
    except OSError as exc:
        raise CorpusError(path, f"cannot read {what}: {exc.strerror or exc}") from None


def _decode(path: Path, raw: bytes) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is an error."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise CorpusError(path, "is not valid UTF-16 text") from None
    if b"\x00" in raw[:8192]:
        raise CorpusError(path, "looks like a binary file (it contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CorpusError(path, f"is not UTF-8 text (bad byte at line {line})") from None


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
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = (
                f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
            )
            raise CorpusError(
                path, f"{prefix}unknown key '{key}' in {where}{hint}", line=lines.get(str(key))
            )


def _string(
    path: Path, value: Any, field: str, prefix: str, line: int | None, *, required: bool = False
) -> str | None:
    if value is None:
        if required:
            raise CorpusError(path, f"{prefix}missing required field '{field}'", line=line)
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise CorpusError(path, f"{prefix}field '{field}' must be text", line=line)
    text = strip_control(str(value)).strip()
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
    article_id = strip_control(str(ident)).strip()
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
        plain = CleanText(raw, tuple(range(len(raw) + 1)))
    else:
        source, raw = _article_file(path, item["path"], prefix, keys.get("path"))
        plain = (
            markdown_to_text(raw)
            if source.suffix.lower() in (".md", ".markdown")
            else CleanText(raw, tuple(range(len(raw) + 1)))
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
        offsets=list(cleaned.offsets),
        extra={"tags": list(tags)} if tags else {},
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
        data = _read_bytes(target, MAX_ARTICLE_BYTES, what="article file")
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
                aliases=tuple(strip_control(a).strip() for a in aliases if a.strip()),
                side=side,
            )
        )
    return specs
