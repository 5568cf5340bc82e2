"""Hostile and broken input: size limits, YAML bombs, encodings, odd files, super-linear traps.

Every case ends with a clear one-line :class:`CorpusError` or a correct result, never a hang,
a crash or a memory blow-up. No timings are asserted: work that must stay bounded runs under a
generous hang detector (an alarm, or a subprocess with a timeout when a crash or an
uninterruptible regular expression is possible). See docs/robustness.md for the limits.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing import corpus as loader
from briefing.cleaning import clean_text
from briefing.corpus import load_corpus
from briefing.entities import extract_entities
from briefing.errors import BriefingError, CorpusError
from briefing.sentences import split_sentences
from briefing.summarize import summarize

REPO = Path(__file__).resolve().parent.parent
HANG = 60  # seconds; linear work here takes well under one

WORDS = [
    "the",
    "minister",
    "said",
    "talks",
    "in",
    "Geneva",
    "went",
    "well",
    "after",
    "Lavrov",
    "and",
    "Blinken",
    "met",
]
"""Words for long, punctuation-free test texts (also used by tests/test_tui_hostile.py)."""


@contextlib.contextmanager
def hang_guard(seconds: int = HANG) -> Iterator[None]:
    """Fail (instead of waiting forever) when the block runs for more than *seconds*."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: a hang or super-linear work")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_python(code: str, timeout: int = 2 * HANG) -> str:
    """Run *code* in a fresh interpreter (a crash or a hang there fails this test only)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=REPO,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {timeout} s: a hang or super-linear work")
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def corpus_with(tmp_path: Path, entry: str, files: dict[str, bytes] | None = None) -> Path:
    for name, data in (files or {}).items():
        (tmp_path / name).write_bytes(data)
    path = tmp_path / "corpus.yaml"
    path.write_text("articles:\n  - " + entry + "\n", encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with hang_guard(), pytest.raises(CorpusError) as info:
        load_corpus(path)
    message = str(info.value)
    assert "\n" not in message and "\x1b" not in message
    return message


PROSE = "The minister said the talks in Geneva went well on Tuesday. "


# --- sizes ---------------------------------------------------------------------------------


def test_a_50_mb_article_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024)
    message = load_error(corpus_with(tmp_path, "{id: a, title: T, path: big.txt}"))
    assert "article file is 52,428,800 bytes, over the 2,097,152-byte limit" in message
    assert "BRIEFING_MAX_ARTICLE_BYTES" in message


def test_inline_text_is_held_to_the_same_limit_in_utf8_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_ARTICLE_BYTES", 1000)
    fits = "é" * 500  # 1,000 bytes
    assert load_corpus(corpus_with(tmp_path, f"{{id: a, title: T, text: '{fits}'}}")).articles
    message = load_error(corpus_with(tmp_path, f"{{id: a, title: T, text: '{fits}x'}}"))
    assert "field 'text' is 1,001 bytes, over the 1,000-byte limit" in message


def test_a_single_line_of_5_mb_is_refused_or_processed_in_linear_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = (PROSE * (5_000_000 // len(PROSE) + 1))[:5_000_000].encode()
    path = corpus_with(tmp_path, "{id: a, title: T, path: line.txt}", {"line.txt": line})
    assert "over the 2,097,152-byte limit" in load_error(path)
    monkeypatch.setattr(loader, "MAX_ARTICLE_BYTES", 8 * 1024 * 1024)  # a user raised it
    with hang_guard():
        article = load_corpus(path).articles[0]
        sentences = split_sentences(article.text)
        assert article.text == line.decode().strip()
        assert len(sentences) == 5_000_000 // len(PROSE) + 1
        assert len(summarize(article.text, 3)) == 3


def test_a_1_mb_sentence_without_punctuation_stays_linear_everywhere() -> None:
    text = " ".join(WORDS[i % len(WORDS)] for i in range(200_000))[:1_000_000]
    with hang_guard():
        assert clean_text(text).text == text.strip()
        sentences = split_sentences(text)
        assert [(s.start, s.end) for s in sentences] == [(0, len(text.rstrip()))]
        assert [s.index for s in summarize(text, 3)] == [0]
        mentions = extract_entities(text[:300_000])
        assert all(text[m.start : m.end] == m.text for m in mentions)


def test_the_summarizer_bounds_memory_on_a_huge_vocabulary() -> None:
    # 600 sentences of 300 distinct made-up words: a dense sentence x vocabulary matrix would
    # take about 1.4 GB; scoring stops at MAX_SCORED_CHARS and similarities come from postings.
    import random

    rng = random.Random(7)

    def word() -> str:
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))

    text = " ".join(" ".join(word() for _ in range(300)).capitalize() + "." for _ in range(600))
    tracemalloc.start()
    try:
        with hang_guard():
            picked = summarize(text, 5)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(picked) == 5
    assert peak < 300 * 1024 * 1024, f"peak {peak:,} bytes"


def test_a_briefing_of_huge_articles_stays_linear_and_small() -> None:
    # Before: attributing quotes and resolving dates compared every pair (minutes for 2 MB),
    # and a run-on "sentence" became a megabyte-long statement in the export.
    from briefing.brief import build_briefing
    from briefing.export import render_markdown
    from briefing.models import Article, Corpus, Story

    quote = "Lavrov said the talks went well on Tuesday. \u201cWe agree,\u201d Blinken said on Jan. 21. "
    prose = quote * (1_000_000 // len(quote))
    run_on = " ".join(["Lavrov said the talks went well on Tuesday and Blinken agreed"] * 5000)
    articles = [
        Article(id=k, title=k, text=text, raw_text=text)
        for k, text in (("prose", prose), ("run-on", run_on), ("short", PROSE.strip()))
    ]
    with hang_guard():
        briefing = build_briefing(Corpus(None, Story("S"), articles), use_cache=False)
        markdown = render_markdown(briefing)
    assert briefing.statements and len(markdown) < 20_000


# --- corpus.yaml shape ---------------------------------------------------------------------


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 10)}]" for k in range(1, 10)]
    bomb = "\n".join(lines) + "\narticles:\n  - {id: a, title: T, text: x, tags: *a9}\n"
    path = tmp_path / "corpus.yaml"
    path.write_text(bomb)
    message = load_error(path)
    assert "aliases expand to more than 1,000,000 YAML values" in message


def test_a_merge_key_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["b0: &b0 {k0: v}"]
    lines += [
        f"b{k}: &b{k} {{<<: [{', '.join([f'*b{k - 1}'] * 8)}], k{k}: v}}" for k in range(1, 9)
    ]
    path = tmp_path / "corpus.yaml"
    path.write_text("\n".join(lines) + "\narticles: []\n")
    assert "aliases expand to more than" in load_error(path)


def test_aliases_within_the_limit_still_work(tmp_path: Path) -> None:
    path = tmp_path / "corpus.yaml"
    path.write_text(
        "articles:\n"
        "  - &first {id: a, title: Same outlet, outlet: &o Reuters, text: The talks went well.}\n"
        "  - {id: b, title: Other, outlet: *o, text: The talks went badly.}\n"
    )
    assert [a.outlet for a in load_corpus(path).articles] == ["Reuters", "Reuters"]


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "corpus.yaml"
    path.write_text("articles: &x\n  - {id: a, title: T, text: x, tags: *x}\n")
    assert "alias *x refers to itself" in load_error(path)


def test_too_many_values_without_aliases_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MIN_YAML_NODES", 1000)
    monkeypatch.setattr(loader, "MAX_ARTICLES", 10)
    path = tmp_path / "corpus.yaml"
    tags = ", ".join(["t"] * 1000)
    path.write_text(f"articles:\n  - {{id: a, title: T, text: x, tags: [{tags}]}}\n")
    assert "it has more than 1,000 YAML values" in load_error(path)


@pytest.mark.parametrize(
    "document",
    [
        "'articles: ' + '[' * 100_000 + ']' * 100_000",
        "'articles: ' + '{a: ' * 50_000 + '1' + '}' * 50_000",
        "'articles:\\n' + '- ' * 20_000 + 'x\\n'",
        "'articles:\\n' + ''.join(' ' * i + 'k:\\n' for i in range(1, 3000)) + ' ' * 3000 + 'v\\n'",
    ],
    ids=["flow-sequences", "flow-mappings", "block-sequences", "block-mappings"],
)
def test_deep_nesting_is_refused_without_crashing(tmp_path: Path, document: str) -> None:
    # libyaml's composer recurses in C: without the depth guard this input kills the process.
    out = run_python(
        f"""
        from pathlib import Path
        from briefing.corpus import load_corpus
        from briefing.errors import CorpusError
        path = Path({str(tmp_path)!r}) / "corpus.yaml"
        path.write_text({document})
        try:
            load_corpus(path)
        except CorpusError as exc:
            print(exc)
        """
    )
    assert "nested more than 64 levels deep" in out


def test_100000_entries_are_refused_early(tmp_path: Path) -> None:
    entry = "  - {{id: a{0}, title: Title {0}, text: The talks went well.}}\n"
    path = tmp_path / "corpus.yaml"
    path.write_text("articles:\n" + "".join(entry.format(k) for k in range(100_000)))
    message = load_error(path)
    assert "more than 20,000 articles, the limit (set BRIEFING_MAX_ARTICLES" in message
    assert message.startswith(f"{path}:20002:")  # stopped at the first article over


def test_the_article_count_limit_is_exact_and_configurable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_ARTICLES", 3)
    entry = "  - {{id: a{0}, title: T, text: The talks went well.}}\n"
    path = tmp_path / "corpus.yaml"
    path.write_text("articles:\n" + "".join(entry.format(k) for k in range(3)))
    assert len(load_corpus(path).articles) == 3
    path.write_text("articles:\n" + "".join(entry.format(k) for k in range(4)))
    assert "more than 3 articles" in load_error(path)


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_MAX_ARTICLES", "50_000")
    assert loader._env_limit("BRIEFING_MAX_ARTICLES", 7) == 50_000
    monkeypatch.delenv("BRIEFING_MAX_ARTICLES")
    assert loader._env_limit("BRIEFING_MAX_ARTICLES", 7) == 7
    monkeypatch.setattr(loader, "_BAD_ENV", {})
    monkeypatch.setenv("BRIEFING_MAX_ARTICLES", "lots")
    assert loader._env_limit("BRIEFING_MAX_ARTICLES", 7) == 7
    with pytest.raises(BriefingError, match=r"BRIEFING_MAX_ARTICLES='lots': give a positive"):
        load_corpus(REPO / "corpus.yaml")
    assert loader.limits()["max_articles"] == loader.MAX_ARTICLES


def test_a_huge_number_and_a_huge_key_give_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "corpus.yaml"
    path.write_text("articles:\n  - {id: " + "9" * 5000 + ", title: T, text: x}\n")
    assert "invalid YAML value" in load_error(path)
    path.write_text('articles:\n  - {id: a, title: T, text: x, "\\e[31m' + "k" * 1000 + '": 1}\n')
    message = load_error(path)
    assert "unknown key 'kkkk" in message and "[31m" not in message and len(message) < 400
    path.write_text("articles:\n  - {id: a, title: T, text: x\x1b[31m}\n")  # raw ESC: not YAML
    assert load_error(path).endswith("corpus.yaml:2: invalid YAML: character #x001b is not allowed")


# --- encodings and odd files ---------------------------------------------------------------

BODY = "Café talks in Genève went well, the minister said.\n"


@pytest.mark.parametrize(
    "data",
    [
        BODY.encode("utf-8"),
        b"\xef\xbb\xbf" + BODY.encode("utf-8"),
        BODY.encode("utf-16"),  # with BOM (native order)
        b"\xfe\xff" + BODY.encode("utf-16-be"),
        b"\xff\xfe" + BODY.encode("utf-16-le"),
        BODY.encode("utf-32"),
        (BODY * 200).encode() + b"\x00\x00" + BODY.encode(),  # NUL after the first 8 KB
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be", "utf-16-le", "utf-32", "late-nul"],
)
def test_supported_encodings_load_the_same_text(tmp_path: Path, data: bytes) -> None:
    path = corpus_with(tmp_path, "{id: a, title: T, path: a.txt}", {"a.txt": data})
    text = load_corpus(path).articles[0].text
    assert text.startswith("Café talks in Genève went well, the minister said.")
    assert "\ufeff" not in text and "\x00" not in text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (BODY.encode("latin-1"), "is not UTF-8 text (bad byte at line 1; save it as UTF-8)"),
        (BODY.encode("cp1252") + "“q”".encode("cp1252"), "is not UTF-8 text (bad byte at line 1"),
        (BODY.encode("utf-16-le"), "looks like UTF-16 text without a byte-order mark"),
        (BODY.encode("utf-16-be"), "looks like UTF-16 text without a byte-order mark"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
            "looks like a binary file",
        ),
        (b"\xff\xfe\x00\xd8", "is not valid UTF-16 text"),
        (b"The talks\x00 went well.", "looks like a binary file (it contains NUL bytes)"),
    ],
    ids=["latin-1", "cp1252", "utf-16-le-no-bom", "utf-16-be-no-bom", "png", "bad-utf-16", "nul"],
)
def test_unsupported_encodings_are_refused_clearly(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    path = corpus_with(tmp_path, "{id: a, title: T, path: a.txt}", {"a.txt": data})
    message = load_error(path)
    assert "field 'path'" in message and expected in message


def test_corpus_file_itself_in_utf16_and_with_a_bom(tmp_path: Path) -> None:
    text = "articles:\n  - {id: a, title: Genève, text: The talks went well.}\n"
    for data in (text.encode("utf-16"), b"\xef\xbb\xbf" + text.encode()):
        path = tmp_path / "corpus.yaml"
        path.write_bytes(data)
        assert load_corpus(path).articles[0].title == "Genève"


def test_single_files_are_read_with_the_same_rules(tmp_path: Path) -> None:
    from briefing.corpus import read_text_file

    (tmp_path / "a.txt").write_bytes(BODY.encode("utf-16"))
    assert read_text_file(tmp_path / "a.txt") == BODY
    with (tmp_path / "big.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(CorpusError, match="over the 2,097,152-byte limit"):
        read_text_file(tmp_path / "big.txt")
    (tmp_path / "latin.txt").write_bytes(BODY.encode("latin-1"))
    with pytest.raises(CorpusError, match="is not UTF-8 text"):
        read_text_file(tmp_path / "latin.txt")


def test_briefing_add_reads_files_with_the_same_limits(tmp_path: Path) -> None:
    from briefing.add.extract import ExtractError, read_file

    def sparse(name: str, size: int) -> Path:
        path = tmp_path / name
        with path.open("wb") as fh:
            fh.truncate(size)
        return path

    with pytest.raises(ExtractError, match="over the 2,097,152-byte limit"):
        read_file(sparse("big.txt", 5 * 1024 * 1024))
    with pytest.raises(ExtractError) as info:  # a saved page may be as large as a download
        read_file(sparse("page.html", 5 * 1024 * 1024))
    assert "limit" not in str(info.value)
    with pytest.raises(ExtractError, match="over the 10,485,760-byte limit"):
        read_file(sparse("huge.html", 11 * 1024 * 1024))
    (tmp_path / "u16.txt").write_bytes(("Talks\n\n" + BODY * 3).encode("utf-16"))
    assert "Genève" in read_file(tmp_path / "u16.txt").text
    (tmp_path / "u16-no-bom.txt").write_bytes((BODY * 3).encode("utf-16-le"))
    with pytest.raises(ExtractError, match="UTF-16 text without a byte-order mark"):
        read_file(tmp_path / "u16-no-bom.txt")


def test_symlink_loops_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    message = load_error(corpus_with(tmp_path, "{id: a, title: T, path: a.txt}"))
    assert "article file is a loop of symbolic links" in message
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    assert "corpus file is a loop of symbolic links" in load_error(tmp_path / "loop.yaml")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_or_a_device_as_article_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block until a writer appears
    message = load_error(corpus_with(tmp_path, "{id: a, title: T, path: pipe.txt}"))
    assert "pipe.txt: is not a regular file (a pipe or a device?)" in message
    if Path("/dev/zero").exists():
        (tmp_path / "zero.txt").symlink_to("/dev/zero")
        message = load_error(corpus_with(tmp_path, "{id: a, title: T, path: zero.txt}"))
        assert "is not a regular file" in message


def test_a_folder_named_like_an_article_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.txt").mkdir()
    assert "is a directory" in load_error(corpus_with(tmp_path, "{id: a, title: T, path: x.txt}"))


# --- super-linear traps (regressions: each of these took minutes or more) -------------------


def test_inputs_that_once_backtracked_quadratically_now_run_in_linear_time() -> None:
    # Run in a subprocess: a regular expression stuck in C cannot be interrupted by an alarm.
    out = run_python(
        """
        from briefing.add.extract import _headline
        from briefing.cleaning import clean_text, markdown_to_text
        from briefing.entities import extract_entities
        n = 200_000
        for line in ("-" * n, "!" * n, ". " * (n // 2), "* " * (n // 2)):
            clean_text(line)  # credit-line rule: "^\\W*.*\\bcontributed" on punctuation
        for raw in (" " * n + "x", "\\t" * n + "x", "[" * n, "](" * (n // 2), "[a](" * (n // 4)):
            markdown_to_text(raw)  # ATX closing run and link rules
        for text in (".a" * (n // 2) + "x", "A." * (n // 2) + "x"):
            extract_entities(text)  # dotted abbreviations
        _headline(["# " * (n // 2) + "x", "body"], True, ["# " * (n // 2) + "x", "body"])
        print("ok")
        """
    )
    assert out.strip() == "ok"
