"""Add files and URLs to a corpus: read or download, extract, check for duplicates, append.

Article texts are stored next to the corpus, in ``articles/<id>.txt`` (or ``.md``), and the
new entries point at them with ``path:``. A local .txt or .md file already inside the
corpus folder is referenced where it is; any other file is copied in, so the corpus folder
stays complete on its own (it can be moved or shared, and a deleted download does not
break it).
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

import briefing
from briefing.add.append import append_entries, parse_yaml, replace_corpus
from briefing.add.duplicates import DuplicateFinder
from briefing.add.extract import (
    MARKDOWN_SUFFIXES,
    Extracted,
    extract_html,
    extract_text,
    parse_date,
    read_file,
    title_from_name,
)
from briefing.add.fetch import FetchLimits, fetch_url, is_url
from briefing.add.ids import slugify, unique_id
from briefing.add.report import ADDED, DUPLICATE, ERROR, AddReport, SourceResult
from briefing.cleaning import strip_control
from briefing.errors import BriefingError, CorpusError
from briefing.models import Article

__all__ = [
    "ARTICLES_DIR",
    "METADATA_FIELDS",
    "add_to_corpus",
    "resolve_corpus_path",
    "split_sources",
]

#: Folder (next to corpus.yaml) where added article texts are stored.
ARTICLES_DIR = "articles"
#: Fields a caller may set for the added articles (overriding what was extracted).
METADATA_FIELDS = ("title", "outlet", "author", "published", "url", "place")

Progress = Callable[[str], None]


def resolve_corpus_path(path: str | os.PathLike[str] | None) -> Path:
    """The corpus file to add to: *path*, *path*/corpus.yaml for a folder, or ./corpus.yaml.

    Unlike the reader, this never falls back to the corpus bundled with briefing.
    """
    target = Path(path).expanduser() if path is not None else Path.cwd() / "corpus.yaml"
    if target.is_dir():
        target = target / "corpus.yaml"
    if not target.is_file():
        what = "no corpus here" if path is None else "corpus not found"
        raise CorpusError(
            target,
            f"{what}; give --corpus CORPUS or start one with "
            "'briefing new STORY_DIR --title TITLE'",
        )
    target = target.resolve()
    if _inside(target, Path(briefing.__file__).resolve().parent):
        raise CorpusError(
            target,
            "is the sample corpus installed with briefing; start your own with "
            "'briefing new STORY_DIR --title TITLE'",
        )
    return target


def split_sources(line: str) -> list[str]:
    """The paths and URLs typed or pasted on one line (for the reader's add dialog).

    A line that names one existing file is that file, spaces and all; otherwise the line is
    split like a shell would (quotes group, backslashes escape), or on whitespace if its
    quotes do not balance.
    """
    text = line.strip()
    if not text:
        return []
    if _local_path(text).is_file():
        return [text]
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _existing(path: Path, raw: bytes) -> list[Article]:
    """The corpus's articles (none for a new corpus whose list is still empty)."""
    from briefing.corpus import load_corpus

    try:
        data = parse_yaml(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError):
        data = None  # load_corpus explains the problem
    if isinstance(data, dict) and "articles" in data and data["articles"] in (None, []):
        return []  # the rest of the file is checked when the extended corpus is loaded
    return load_corpus(path).articles


def _line(message: object) -> str:
    """A message as one safe line (it may quote a server's words)."""
    return " ".join(strip_control(str(message)).split())


def _clean(text: str, suffix: str, title: str) -> str:
    """The text exactly as the corpus loader will clean it."""
    from briefing.cleaning import clean_text, markdown_to_text

    plain = markdown_to_text(text).text if suffix in MARKDOWN_SUFFIXES else text
    return clean_text(plain, title=title).text


@dataclass(slots=True)
class _Candidate:
    source: str
    extracted: Extracted
    urls: list[str]
    local: Path | None = None


def _local_path(source: str) -> Path:
    text = source.strip()
    if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    if text.lower().startswith("file://"):
        text = urllib.parse.unquote(urllib.parse.urlsplit(text).path)
    return Path(text).expanduser()


def _read(
    source: str, limits: FetchLimits | None, cancelled: Callable[[], bool] | None, say: Progress
) -> _Candidate:
    if not is_url(source):
        path = _local_path(source)
        say(f"reading {path}")
        return _Candidate(source, read_file(path), [], path.resolve())
    url = source.strip()
    say(f"downloading {url}")
    page = fetch_url(url, limits=limits, cancelled=cancelled)
    say(f"extracting the article from {page.final_url}")
    if page.kind == "html":
        found = extract_html(page.body, url=page.final_url, charset=page.charset)
    else:
        text = page.body.decode(page.charset or "utf-8", errors="replace")
        name = urllib.parse.urlsplit(page.final_url).path.rsplit("/", 1)[-1]
        found = extract_text(
            text,
            markdown=page.kind == "markdown",
            fallback_title=title_from_name(name) if name else page.final_url,
        )
        found = replace(found, url=found.url or page.final_url, rewritten=True)
    urls = [u for u in dict.fromkeys([url, page.final_url, found.url]) if u]
    return _Candidate(source, found, urls)


def _with_metadata(found: Extracted, metadata: Mapping[str, str] | None) -> Extracted:
    if not metadata:
        return found
    changes: dict[str, str] = {}
    for key, value in metadata.items():
        if key not in METADATA_FIELDS or value in (None, ""):
            continue
        if key == "published":
            iso = parse_date(str(value))
            if iso is None:
                raise BriefingError(f"published: {value!r} is not a date (use YYYY-MM-DD)")
            value = iso
        if key == "url" and not str(value).lower().startswith(("http://", "https://")):
            raise BriefingError(f"url: {value!r} must start with http:// or https://")
        if key != "place":
            changes[key] = " ".join(str(value).split())
    return replace(found, **changes)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.is_relative_to(folder)
    except ValueError:  # pragma: no cover - different drives on Windows
        return False


def add_to_corpus(
    corpus_path: str | os.PathLike[str] | None,
    sources: Iterable[str],
    *,
    force: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    limits: FetchLimits | None = None,
    metadata: Mapping[str, str] | None = None,
    backup: bool = True,
) -> AddReport:
    """Add *sources* (paths to .txt/.md/.html files, or http(s) URLs) to the corpus.

    Each source is read or downloaded, its article extracted, and checked against the
    corpus (and the sources before it): the same URL, the same text or a near-copy is
    reported as a duplicate and not added, unless *force*. All new entries are appended
    in one atomic write (backup: ``corpus.yaml.bak``). *progress* receives one-line status
    messages; *cancelled* is polled between sources and while downloading; *limits* bound
    downloads; *metadata* (keys of :data:`METADATA_FIELDS`) overrides what was extracted,
    for every source. Blocking (network): run it in a worker thread from a UI.

    Per-source failures are in the returned report; a :class:`~briefing.errors.BriefingError`
    is raised only for the corpus itself (missing, invalid, or not writable), in which case
    nothing was changed.
    """
    say = progress or (lambda _message: None)
    path = resolve_corpus_path(corpus_path)
    folder = path.parent
    report = AddReport(corpus_path=path)
    try:
        old = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot read: {exc.strerror or exc}") from None
    existing = _existing(path, old)
    finder = DuplicateFinder()
    for article in existing:
        finder.add(article.id, [article.url], article.text)
    store = folder / ARTICLES_DIR
    taken = {a.id for a in existing}
    if store.is_dir():
        taken |= {p.stem for p in store.iterdir()}
    pending: list[tuple[SourceResult, dict[str, str], Path | None, str]] = []

    for item in sources:
        source = str(item)
        if not source.strip():
            continue
        if cancelled is not None and cancelled():
            report.results.append(SourceResult(source, ERROR, "cancelled"))
            continue
        if is_url(source) and not force:
            early = finder.check_urls([source.strip()])
            if early is not None:
                report.results.append(
                    SourceResult(source, DUPLICATE, early.describe(), duplicate_of=early.article_id)
                )
                continue
        try:
            candidate = _read(source, limits, cancelled, say)
            found = _with_metadata(candidate.extracted, metadata)
        except BriefingError as exc:
            report.results.append(SourceResult(source, ERROR, _line(exc)))
            continue
        title = found.title or "Untitled article"
        cleaned = _clean(found.text, found.suffix, title)
        if not cleaned.strip():
            report.results.append(
                SourceResult(source, ERROR, "no article text left after cleaning", title=title)
            )
            continue
        urls = [*candidate.urls, *([found.url] if found.url else [])]
        duplicate = finder.check(urls, cleaned)
        if duplicate is not None and not force:
            report.results.append(
                SourceResult(
                    source,
                    DUPLICATE,
                    duplicate.describe(),
                    title=title,
                    duplicate_of=duplicate.article_id,
                )
            )
            continue
        article_id = unique_id(slugify(title), taken)
        taken.add(article_id)
        local = candidate.local
        if (
            local is not None
            and not found.rewritten
            and local.suffix.lower() in (".txt", ".text", ".md", ".markdown")
            and _inside(local, folder)
        ):
            file, rel, write = local, local.relative_to(folder).as_posix(), None
        else:
            file = store / f"{article_id}{found.suffix}"
            rel, write = f"{ARTICLES_DIR}/{file.name}", file
        entry = {
            "id": article_id,
            "title": title,
            "outlet": found.outlet,
            "author": found.author,
            "published": found.published,
            "url": found.url,
            "place": (metadata or {}).get("place"),
            "path": rel,
        }
        note = f" (kept although {duplicate.describe()})" if duplicate is not None else ""
        result = SourceResult(
            source, ADDED, f"added as '{article_id}'{note}", article_id, title, file
        )
        finder.add(article_id, urls, cleaned)
        pending.append((result, {k: v for k, v in entry.items() if v}, write, found.text))
        report.results.append(result)

    if pending:
        say(f"writing {path.name}")
        report.backup_path = _write(path, old, pending, store, backup)
    return report


def _write(
    path: Path,
    old: bytes,
    pending: list[tuple[SourceResult, dict[str, str], Path | None, str]],
    store: Path,
    backup: bool,
) -> Path | None:
    """Store the texts, then append the entries atomically; undo the texts on failure."""
    made_store = not store.exists()
    written: list[Path] = []
    try:
        for _result, _entry, target, text in pending:
            if target is None:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            body = text if text.endswith("\n") else text + "\n"
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                written.append(target)
                handle.write(body)
                handle.flush()
                os.fsync(handle.fileno())
        bom = old.startswith(b"\xef\xbb\xbf")
        try:
            old_text = old.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CorpusError(path, "is not UTF-8 text; cannot append to it") from None
        today = dt.date.today().isoformat()
        new_text = append_entries(
            old_text,
            [entry for _r, entry, _t, _x in pending],
            comment=f"Added with 'briefing add' on {today}.",
        )
        new = ("\ufeff" if bom else "") + new_text
        return replace_corpus(path, old, new.encode("utf-8"), backup=backup)
    except BaseException as exc:
        for file in written:
            file.unlink(missing_ok=True)
        if made_store and store.is_dir() and not any(store.iterdir()):
            store.rmdir()
        if isinstance(exc, OSError):
            raise BriefingError(
                f"{path}: cannot store the article: {exc.strerror or exc}"
            ) from None
        raise
