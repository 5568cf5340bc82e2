"""The ``briefing`` command line.

``briefing [CORPUS]`` opens the reader; subcommands work without the TUI:
``list``, ``summarize``, ``entities``, ``export``, ``add``, ``new``, ``search`` and ``cache``.
``--data-dir DIR`` (before the command) moves briefing's database and caches. Errors in the user's
input print one line to stderr and exit with status 2, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from briefing import __version__
from briefing.errors import BriefingError

if TYPE_CHECKING:  # pragma: no cover
    import argparse

EXIT_USAGE = 2


def _corpus_arg(parser: argparse.ArgumentParser, *, flag: bool) -> None:
    help_text = "corpus.yaml to read (default: ./corpus.yaml, then the bundled corpus)"
    if flag:
        parser.add_argument("--corpus", metavar="CORPUS", type=Path, help=help_text)
    else:
        parser.add_argument("corpus", nargs="?", metavar="CORPUS", type=Path, help=help_text)


def _source_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help="a .txt or .md file, or - for standard input"
    )
    parser.add_argument("--article", metavar="ID", help="an article of the corpus, by id")
    _corpus_arg(parser, flag=True)
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (subcommands and the reader's options)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="briefing",
        description=(
            "A terminal briefing reader. With no command, opens the reader on CORPUS "
            "(default: ./corpus.yaml, then the bundled corpus)."
        ),
        epilog="Run 'briefing COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        help="folder for briefing's database and caches (default: the user data folder, "
        "or $BRIEFING_DATA_DIR); give it before the command",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    read = sub.add_parser("read", help="open the reader (the default command)")
    _corpus_arg(read, flag=False)
    read.add_argument("--theme", help="theme to start with (its name)")

    listing = sub.add_parser("list", help="list the corpus's articles")
    _corpus_arg(listing, flag=False)
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    from briefing.summary_methods import METHODS

    summ = sub.add_parser("summarize", help="summarize a file, standard input or an article")
    _source_args(summ)
    summ.add_argument("--method", default="default", choices=METHODS, help="summarizer")
    summ.add_argument("--sentences", type=int, metavar="N", help="number of sentences")
    summ.add_argument("--ratio", type=float, metavar="R", help="share of sentences (0-1)")

    ents = sub.add_parser("entities", help="list named entities of a file or an article")
    _source_args(ents)

    export = sub.add_parser("export", help="write the combined briefing as Markdown")
    _corpus_arg(export, flag=False)
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="output file, or - for standard output (default: a name made from the story)",
    )
    export.add_argument("--words", type=int, default=250, help="key-points budget in words")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    add = sub.add_parser("add", help="add .txt/.md/.html files or web pages (URLs) to a corpus")
    add.add_argument("sources", nargs="+", metavar="PATH|URL", help="files or http(s) URLs")
    add.add_argument(
        "--corpus", metavar="CORPUS", type=Path, help="corpus.yaml or its folder (default: ./)"
    )
    add.add_argument("--force", action="store_true", help="add even if already in the corpus")
    for name in ("title", "outlet", "author", "published"):
        add.add_argument(f"--{name}", metavar=name.upper(), help=f"set the article's {name}")

    new = sub.add_parser("new", help="start a new corpus with a story: block")
    new.add_argument("story_dir", metavar="STORY_DIR", help="folder for the new corpus.yaml")
    new.add_argument("--title", required=True, help="the story's title")
    new.add_argument("--description", default="", help="one sentence about the story")

    search = sub.add_parser("search", help="full-text search of a corpus's titles and texts")
    search.add_argument("query", nargs="+", metavar="QUERY", help='words, or "an exact phrase"')
    _corpus_arg(search, flag=True)
    search.add_argument("--json", action="store_true", help="print a JSON array of results")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="most results shown")

    cache = sub.add_parser("cache", help="show or clear the analysis cache and search index")
    actions = cache.add_subparsers(dest="cache_command", metavar="ACTION", required=True)
    info = actions.add_parser("info", help="where the database is, its size and contents")
    info.add_argument("--json", action="store_true", help="print one JSON document")
    clear = actions.add_parser(
        "clear", help="empty the cache and index (read marks, pins and preferences are kept)"
    )
    clear.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return parser


def _split_argv(argv: list[str]) -> list[str]:
    """Make ``briefing [--data-dir DIR] [CORPUS] [--theme T]`` mean ``briefing ... read ...``."""
    commands = {"read", "list", "summarize", "entities", "export", "add", "new", "search", "cache"}
    head: list[str] = []
    rest = argv
    while rest and (rest[0] == "--data-dir" or rest[0].startswith("--data-dir=")):
        take = 1 if "=" in rest[0] else 2
        head, rest = head + rest[:take], rest[take:]
    if any(arg in ("-h", "--help", "--version") for arg in rest[:1]):
        return argv
    first = next((a for a in rest if not a.startswith("-")), None)
    if first in commands:
        return argv
    return [*head, "read", *rest]


def _load(path: Path | None):
    from briefing.corpus import load_corpus

    return load_corpus(path)


def _read_source(args: argparse.Namespace) -> tuple[str, str | None]:
    """The text to analyse (clean) and, for a corpus article, its id."""
    from briefing.cleaning import clean_text, markdown_to_text

    if args.article and args.file:
        raise BriefingError("give FILE or --article ID, not both")
    if args.article:
        corpus = _load(args.corpus)
        try:
            return corpus.get(args.article).text, args.article
        except KeyError:
            ids = ", ".join(a.id for a in corpus.articles[:10])
            raise BriefingError(
                f"{corpus.path}: no article with id '{args.article}' (ids: {ids})"
            ) from None
    if args.file in (None, "-"):
        if args.file is None and sys.stdin.isatty():
            raise BriefingError("give FILE, - (standard input) or --article ID")
        from briefing.corpus import MAX_ARTICLE_BYTES

        raw = sys.stdin.read(MAX_ARTICLE_BYTES + 1)
        if len(raw.encode("utf-8", "surrogatepass")) > MAX_ARTICLE_BYTES:
            raise BriefingError(
                f"<stdin>: over the {MAX_ARTICLE_BYTES:,}-byte article limit "
                "(set BRIEFING_MAX_ARTICLE_BYTES to raise it)"
            )
        name = "<stdin>"
    else:
        from briefing.corpus import read_text_file

        path = Path(args.file)
        raw = read_text_file(path)
        name = str(path)
        if path.suffix.lower() in (".md", ".markdown"):
            raw = markdown_to_text(raw).text
    text = clean_text(raw).text
    if not text.strip():
        raise BriefingError(f"{name}: no text to analyse")
    return text, None


def _cmd_list(args: argparse.Namespace) -> int:
    corpus = _load(args.corpus)
    if args.json:
        import json

        print(json.dumps([a.to_dict() for a in corpus.articles], ensure_ascii=False, indent=2))
        return 0
    print(f"{corpus.story.title} — {len(corpus.articles)} articles")
    for article in corpus.articles:
        date = article.published_date.isoformat() if article.published_date else "—"
        print(f"{article.id:24} {date:10}  {article.outlet or '—':18.18}  {article.title}")
    return 0


def _cmd_summarize(args: argparse.Namespace) -> int:
    from briefing.summarize import summarize

    text, article_id = _read_source(args)
    if args.sentences is not None and args.sentences < 1:
        raise BriefingError("--sentences must be 1 or more")
    if args.ratio is not None and not 0 < args.ratio <= 1:
        raise BriefingError("--ratio must be between 0 and 1")
    sentences = summarize(text, args.sentences, ratio=args.ratio, method=args.method)
    if args.json:
        import json

        doc = {
            "method": args.method,
            "article": article_id,
            "sentences": [
                {
                    "text": s.text,
                    "index": s.index,
                    "start": s.start,
                    "end": s.end,
                    "score": round(s.score, 6),
                }
                for s in sentences
            ],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for sentence in sentences:
            print(f"[{sentence.index}] {sentence.text}")
    return 0


def _cmd_entities(args: argparse.Namespace) -> int:
    from briefing.entities import Gazetteer, extract_entities

    text, article_id = _read_source(args)
    gazetteer = None
    if article_id is not None:
        gazetteer = Gazetteer.from_specs(_load(args.corpus).entities)
    mentions = extract_entities(text, gazetteer)
    if args.json:
        import json

        doc = {
            "article": article_id,
            "entities": [
                {
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "label": m.label,
                    "canonical": m.canonical,
                }
                for m in mentions
            ],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for m in mentions:
            print(f"{m.start:>6}-{m.end:<6} {m.label:8} {m.text}  →  {m.canonical}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from briefing.brief import build_briefing
    from briefing.export import default_export_name, render_markdown, write_markdown
    from briefing.store import Store
    from briefing.store.commands import warn

    corpus = _load(args.corpus)
    with Store.open(on_problem=warn) as store:  # reuses (and keeps) analysis done before
        markdown = render_markdown(build_briefing(corpus, words=args.words, store=store))
    if args.output == "-":
        sys.stdout.write(markdown)
        return 0
    target = Path(args.output) if args.output else Path.cwd() / default_export_name(corpus)
    write_markdown(target, markdown, overwrite=args.force)
    print(f"wrote {target}", file=sys.stderr)
    return 0


def _cmd_add(args: argparse.Namespace) -> int:
    from briefing.add import add_to_corpus

    metadata = {k: getattr(args, k) for k in ("title", "outlet", "author", "published")}
    metadata = {k: v for k, v in metadata.items() if v}
    if metadata and len(args.sources) > 1:
        raise BriefingError(f"--{next(iter(metadata))} applies to one source; give one PATH|URL")
    report = add_to_corpus(
        args.corpus,
        args.sources,
        force=args.force,
        metadata=metadata,
        progress=lambda message: print(f"  {message}", file=sys.stderr),
    )
    for result in report.results:
        if result.status == "added":
            print(f"added      {result.source} → {result.article_id}: {result.title}")
        else:
            print(f"{result.status:10} {result.source}: {result.message}")
    print(f"{report.corpus_path}: {report.summary()}", file=sys.stderr)
    return 0 if report.ok else EXIT_USAGE


def _cmd_new(args: argparse.Namespace) -> int:
    from briefing.add import new_corpus

    path = new_corpus(args.story_dir, args.title, args.description)
    print(f"created {path}")
    print(f"add articles with: briefing add PATH-OR-URL... --corpus {path}", file=sys.stderr)
    return 0


def _cmd_read(args: argparse.Namespace) -> int:
    from briefing.store import Store, load_corpus_cached

    store = Store.open()  # never raises: on trouble it works in memory (the reader says so)
    try:
        # A bad corpus fails here, before the screen is taken; an unchanged large corpus
        # comes from the store's snapshot.
        corpus = load_corpus_cached(args.corpus, store)
    except BaseException:
        store.close()
        raise
    from briefing.tui import run

    return run(corpus.path, theme=args.theme, corpus=corpus, store=store)


def _cmd_search(args: argparse.Namespace) -> int:
    from briefing.store.commands import run_search

    return run_search(args)


def _cmd_cache(args: argparse.Namespace) -> int:
    from briefing.store.commands import run_cache

    return run_cache(args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "read": _cmd_read,
    "list": _cmd_list,
    "summarize": _cmd_summarize,
    "entities": _cmd_entities,
    "export": _cmd_export,
    "add": _cmd_add,
    "new": _cmd_new,
    "search": _cmd_search,
    "cache": _cmd_cache,
}


def _read_defaults() -> Any:
    """What the parser gives for no arguments at all (the reader, every option at its default),
    as a plain namespace with the attributes of argparse's ``Namespace``."""
    return SimpleNamespace(data_dir=None, command="read", corpus=None, theme=None)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed command line (exits with status 2 and a usage line on errors, as argparse).

    ``briefing`` with no arguments (the usual way to open the reader) needs no parsing:
    :func:`_read_defaults` is returned without importing argparse or building the parser.
    """
    args_list = list(argv)
    if not args_list:
        return _read_defaults()
    return build_parser().parse_args(_split_argv(args_list))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.data_dir is not None:  # read by every module that stores data (store, caches)
        os.environ["BRIEFING_DATA_DIR"] = str(args.data_dir.expanduser())
    try:
        return COMMANDS[args.command](args)
    except BriefingError as exc:
        from briefing.cleaning import strip_control

        print(f"briefing: {' '.join(strip_control(str(exc)).split())}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
