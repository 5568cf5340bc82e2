"""Append article entries to ``corpus.yaml`` as text, keeping the user's comments and layout.

The file is never re-serialised: the new entries are inserted as a YAML block right after
the last line of the ``articles:`` list (or in place of an empty ``[]``), indented like the
existing entries. Before anything is replaced the result is checked twice: parsed, it must
equal the old document plus the new entries and nothing else; loaded with
:func:`briefing.corpus.load_corpus`, it must be a valid corpus. The write is atomic and durable
(:mod:`briefing.atomic`: temporary file in the same folder, flush, fsync, rename, fsync of the
folder) and the previous file is kept as ``corpus.yaml.bak``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from briefing.errors import BriefingError, CorpusError

__all__ = [
    "FIELD_ORDER",
    "AppendError",
    "append_entries",
    "atomic_write",
    "backup_path",
    "parse_yaml",
    "render_entry",
    "replace_corpus",
]

FIELD_ORDER = ("id", "title", "outlet", "author", "published", "url", "place", "tags", "path")
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class AppendError(BriefingError):
    """The corpus file could not be extended safely; it was left as it was."""


class _Loader(yaml.SafeLoader):
    """Like the corpus loader: timestamps stay text, so parsed documents compare exactly."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def parse_yaml(text: str) -> Any:
    """Parse YAML safely, keeping timestamps as text (as the corpus loader does)."""
    return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass


def _scalar(key: str, value: str) -> str:
    """A YAML scalar for *value*: plain when unambiguous (ids, paths, dates), else double-quoted."""
    if key == "published" and _ISO_DATE.fullmatch(value):
        return value
    if key in ("id", "path") and _PLAIN_SAFE.fullmatch(value):
        try:
            if parse_yaml(value) == value:
                return value
        except yaml.YAMLError:
            pass
    quoted = json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars
    for ch, esc in (("\u2028", "\\L"), ("\u2029", "\\P"), ("\x85", "\\N"), ("\ufeff", "\\uFEFF")):
        quoted = quoted.replace(ch, esc)
    return quoted


def _ordered(entry: Mapping[str, Any]) -> list[tuple[str, Any]]:
    keys = [k for k in FIELD_ORDER if entry.get(k) not in (None, "", [])]
    keys += [k for k in entry if k not in FIELD_ORDER and entry[k] not in (None, "", [])]
    return [(k, entry[k]) for k in keys]


def _value(key: str, value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(key, str(v)) for v in value) + "]"
    return _scalar(key, str(value))


def render_entry(
    entry: Mapping[str, Any], *, dash_col: int = 2, key_col: int | None = None, nl: str = "\n"
) -> str:
    """One article as a block-style YAML list item (``- id: ...``), ending with a newline."""
    key_col = dash_col + 2 if key_col is None or key_col <= dash_col else key_col
    first = " " * dash_col + "-" + " " * (key_col - dash_col - 1)
    rest = " " * key_col
    lines = [
        (first if i == 0 else rest) + f"{key}: {_value(key, value)}"
        for i, (key, value) in enumerate(_ordered(entry))
    ]
    return nl.join(lines) + nl


def _flow_entry(entry: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_value(k, v)}" for k, v in _ordered(entry)) + "}"


def _comment_line(comment: str | None, col: int, nl: str) -> str:
    if not comment:
        return ""
    text = " ".join(comment.split())
    return " " * col + "# " + text + nl if text else ""


# --- where to insert -----------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _block_end_line(lines: list[str], first: int, dash_col: int) -> int:
    """Index of the line after the last line of the list item starting at line *first*.

    An item goes on while lines are blank, comments, or indented deeper than its dash;
    trailing blank lines and comments at the dash's depth or less belong to what follows.
    """
    end = first + 1
    for i in range(first + 1, len(lines)):
        stripped = lines[i].strip()
        if not stripped:
            continue
        if _indent(lines[i]) > dash_col and not lines[i].startswith("\t"):
            end = i + 1
        elif stripped.startswith("#"):
            continue
        else:
            break
    return end


def _separated_by_blank(lines: list[str], items: Sequence[yaml.Node]) -> bool:
    """True when the existing entries are separated by blank lines (before their comments)."""
    votes = 0
    for item in items[1:]:
        i = item.start_mark.line - 1
        while i >= 0 and lines[i].lstrip().startswith("#"):
            i -= 1
        votes += 1 if i >= 0 and not lines[i].strip() else -1
    return votes > 0


def append_entries(
    text: str, entries: Sequence[Mapping[str, Any]], *, comment: str | None = None
) -> str:
    """*text* (a corpus.yaml) with *entries* added at the end of its ``articles:`` list.

    Nothing else changes: comments, blank lines, quoting and key order stay as they were.
    Raises :class:`AppendError` when the file's layout does not allow a safe insertion.
    """
    if not entries:
        return text
    nl = "\r\n" if "\r\n" in text else "\n"
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise AppendError(f"corpus.yaml is not valid YAML: {exc}".splitlines()[0]) from None
    if root is None:
        body = text if not text or text.endswith(("\n", "\r")) else text + nl
        block = "".join(render_entry(e, nl=nl) for e in entries)
        new = f"{body}articles:{nl}{_comment_line(comment, 2, nl)}{block}"
        return _verified(text, new, entries)
    if not isinstance(root, yaml.MappingNode):
        raise AppendError("corpus.yaml's top level is not a mapping with an 'articles:' list")
    key_node = value = None
    for k, v in root.value:
        if isinstance(k, yaml.ScalarNode) and k.value == "articles":
            key_node, value = k, v
    lines = text.splitlines(keepends=True)
    starts = _line_starts(text)

    if key_node is None or value is None:  # no articles list yet: add one at the end
        body = text if text.endswith(("\n", "\r")) else text + nl
        block = "".join(render_entry(e, nl=nl) for e in entries)
        new = f"{body}{nl}articles:{nl}{_comment_line(comment, 2, nl)}{block}"
        return _verified(text, new, entries)

    base_col = key_node.start_mark.column
    if isinstance(value, yaml.SequenceNode) and value.flow_style is not True and value.value:
        items = value.value
        dash_col = value.start_mark.column
        first_item = items[0]
        key_col = (
            first_item.start_mark.column
            if isinstance(first_item, yaml.MappingNode) and first_item.flow_style is not True
            else dash_col + 2
        )
        end = _block_end_line(lines, items[-1].start_mark.line, dash_col)
        gap = nl if _separated_by_blank(lines, items) else ""
        block = "".join(
            gap
            + _comment_line(comment if i == 0 else None, dash_col, nl)
            + render_entry(e, dash_col=dash_col, key_col=key_col, nl=nl)
            for i, e in enumerate(entries)
        )
        pos = starts[min(end, len(lines))]
        head = text[:pos]
        if head and not head.endswith(("\n", "\r")):
            head += nl
        return _verified(text, head + block + text[pos:], entries)

    if isinstance(value, yaml.SequenceNode) and value.flow_style is True and value.value:
        close = value.end_mark.index - 1
        if text[close] != "]":
            raise AppendError("cannot find the end of the 'articles: [...]' list")
        addition = "".join(", " + _flow_entry(e) for e in entries)
        return _verified(text, text[:close] + addition + text[close:], entries)

    empty_flow = isinstance(value, yaml.SequenceNode) and not value.value
    empty_scalar = isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null")
    if not (empty_flow or empty_scalar):
        raise AppendError("'articles' in corpus.yaml is not a list")
    # "articles: []" / "articles: ~" / "articles:" -> drop the empty value, add a block below.
    start, stop = value.start_mark.index, value.end_mark.index
    line_no = key_node.start_mark.line
    line_end = starts[line_no] + len(lines[line_no].rstrip("\r\n"))
    if empty_scalar and not value.value and start == stop:  # "articles:" with nothing after
        start = stop = line_end
    elif value.end_mark.line != line_no:
        raise AppendError("cannot find the end of the empty 'articles:' value")
    dash_col = base_col + 2
    block = _comment_line(comment, dash_col, nl) + "".join(
        render_entry(e, dash_col=dash_col, nl=nl) for e in entries
    )
    key_line = (text[:start].rstrip(" ") + text[stop:line_end]).rstrip(" ")
    rest = text[line_end:]
    if rest.startswith("\r\n"):
        rest = rest[2:]
    elif rest.startswith(("\n", "\r")):
        rest = rest[1:]
    return _verified(text, key_line + nl + block + rest, entries)


def _verified(old: str, new: str, entries: Sequence[Mapping[str, Any]]) -> str:
    """*new* if, parsed, it is *old* plus exactly *entries*; else :class:`AppendError`."""
    try:
        before = parse_yaml(old) or {}
        after = parse_yaml(new)
    except yaml.YAMLError as exc:
        raise AppendError(
            f"appending would break corpus.yaml ({str(exc).splitlines()[0]}); nothing was changed"
        ) from None
    expected_new = [
        {
            k: ([str(x) for x in v] if isinstance(v, (list, tuple)) else str(v))
            for k, v in _ordered(e)
        }
        for e in entries
    ]
    old_articles = before.get("articles") or [] if isinstance(before, dict) else None
    if (
        not isinstance(after, dict)
        or old_articles is None
        or after.get("articles") != [*old_articles, *expected_new]
        or {k: v for k, v in after.items() if k != "articles"}
        != {k: v for k, v in before.items() if k != "articles"}
    ):
        raise AppendError(
            "could not append to corpus.yaml without changing its other content "
            "(unusual layout); nothing was changed, add the entry by hand"
        )
    return new


# --- writing -------------------------------------------------------------------------------


def backup_path(path: Path) -> Path:
    """Where the previous version of *path* is kept (``corpus.yaml.bak``)."""
    return path.with_name(path.name + ".bak")


def atomic_write(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace *path* with *data* atomically: readers see the old file or the new, never half."""
    from briefing.atomic import atomic_write as write

    write(path, data, mode=mode)


def replace_corpus(path: Path, old: bytes, new: bytes, *, backup: bool = True) -> Path | None:
    """Atomically replace corpus *path* (whose content was *old*) by *new*; return the backup.

    *new* is written to a temporary file in the same folder and loaded with
    :func:`briefing.corpus.load_corpus` first; if it is not a valid corpus, or *path*
    changed since *old* was read, nothing is replaced. The backup holds *old*.
    """
    from briefing.atomic import commit, write_temp
    from briefing.corpus import load_corpus

    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = None
    try:
        tmp = write_temp(path, new, mode)
    except OSError as exc:
        raise AppendError(f"cannot write next to {path}: {exc.strerror or exc}") from None
    try:
        try:
            load_corpus(tmp)
        except CorpusError as exc:
            detail = str(exc).replace(str(tmp), str(path))
            raise AppendError(
                f"the new corpus would not load, nothing was changed: {detail}"
            ) from None
        try:
            current = path.read_bytes()
        except OSError as exc:
            raise AppendError(f"cannot read {path}: {exc.strerror or exc}") from None
        if current != old:
            raise AppendError(f"{path} changed while adding; nothing was written, try again")
        saved = None
        if backup:
            saved = backup_path(path)
            try:
                atomic_write(saved, old, mode=mode)
            except OSError as exc:
                raise AppendError(
                    f"cannot write the backup {saved}: {exc.strerror or exc}"
                ) from None
        try:
            commit(tmp, path)
        except OSError as exc:
            raise AppendError(f"cannot replace {path}: {exc.strerror or exc}") from None
        return saved
    finally:
        tmp.unlink(missing_ok=True)
