"""Appending to corpus.yaml: comments and layout kept, atomic write, backup, validation."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
import yaml

from briefing.add import add_to_corpus
from briefing.add.append import (
    AppendError,
    append_entries,
    backup_path,
    render_entry,
    replace_corpus,
)
from briefing.corpus import load_corpus
from briefing.errors import BriefingError

FIXTURES = Path(__file__).parent / "fixtures" / "add"
COMMENTED = FIXTURES / "commented-corpus.yaml"
ENTRY = {"id": "new-one", "title": "A new one", "path": "articles/new-one.txt"}


def _parse(text: str):
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
    return yaml.load(text, Loader=Loader)


def _inserted(old: str, new: str) -> tuple[int, str]:
    """Where *new* differs from *old* by one inserted block: (position, block)."""
    pos = 0
    while pos < len(old) and old[pos] == new[pos]:
        pos += 1
    block = new[pos : pos + len(new) - len(old)]
    assert new[:pos] + new[pos + len(block) :] == old, "more than one insertion"
    return pos, block


def test_commented_file_keeps_every_comment_and_line() -> None:
    old = COMMENTED.read_text(encoding="utf-8")
    new = append_entries(old, [ENTRY], comment="Added today.")
    note = "    # a note inside the last article, indented like its keys\n"
    pos = old.index(note) + len(note)  # after the last article's own lines
    assert old[pos:].startswith("\n# People to watch")  # the entities' comment stays theirs
    block = (
        "\n"  # the entries in this file are separated by blank lines
        "  # Added today.\n"
        "  - id: new-one\n"
        '    title: "A new one"\n'
        "    path: articles/new-one.txt\n"
    )
    assert new == old[:pos] + block + old[pos:]
    before, after = _parse(old), _parse(new)
    assert after["articles"][:2] == before["articles"]
    assert after["entities"] == before["entities"] and after["story"] == before["story"]


def test_commented_corpus_through_add_to_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.yaml"
    shutil.copy(COMMENTED, corpus)
    old = corpus.read_text(encoding="utf-8")
    report = add_to_corpus(corpus, [str(FIXTURES / "harbour-ferry.txt")])
    assert report.results[0].status == "added", report.results[0].message
    new = corpus.read_text(encoding="utf-8")
    _pos, block = _inserted(old, new)
    assert "  - id: harbour-ferry-returns-after-winter-refit\n" in block
    assert "    published: 2024-04-02\n" in block
    assert backup_path(corpus).read_text(encoding="utf-8") == old
    assert report.backup_path == backup_path(corpus)
    loaded = load_corpus(corpus)
    assert [a.id for a in loaded.articles] == [
        "budget-vote",
        "school-roof",
        "harbour-ferry-returns-after-winter-refit",
    ]
    assert "# This line starts with a hash" in loaded.articles[0].raw_text


def test_second_add_backs_up_the_previous_version(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.yaml"
    shutil.copy(COMMENTED, corpus)
    add_to_corpus(corpus, [str(FIXTURES / "harbour-ferry.txt")])
    middle = corpus.read_bytes()
    add_to_corpus(corpus, [str(FIXTURES / "wind-farm.md")])
    assert backup_path(corpus).read_bytes() == middle
    assert len(load_corpus(corpus).articles) == 4


@pytest.mark.parametrize(
    ("source", "expected_tail"),
    [
        # An indentless list (dash at the key's column) keeps its style.
        (
            "articles:\n- id: a\n  title: A\n  text: one\n",
            '- id: new-one\n  title: "A new one"\n  path: articles/new-one.txt\n',
        ),
        # Wider indentation is matched.
        (
            "articles:\n    -   id: a\n        title: A\n        text: one\n",
            '    -   id: new-one\n        title: "A new one"\n        path: articles/new-one.txt\n',
        ),
        # A file without a final newline.
        (
            "articles:\n  - {id: a, title: A, text: one}",
            '  - {id: a, title: A, text: one}\n  - id: new-one\n    title: "A new one"\n'
            "    path: articles/new-one.txt\n",
        ),
    ],
)
def test_block_layouts(source: str, expected_tail: str) -> None:
    new = append_entries(source, [ENTRY])
    assert new.endswith(expected_tail)
    assert _parse(new)["articles"][-1] == ENTRY


def test_empty_and_missing_lists() -> None:
    empty = "story: {title: T}\narticles: []   # none yet\n\n# entities later\n"
    new = append_entries(empty, [ENTRY], comment="c")
    assert new == (
        "story: {title: T}\narticles:   # none yet\n  # c\n  - id: new-one\n"
        '    title: "A new one"\n    path: articles/new-one.txt\n\n# entities later\n'
    )
    for source in ("articles:\nstory: {title: T}\n", "articles: ~\n", "story: {title: T}\n", ""):
        new = append_entries(source, [ENTRY])
        assert _parse(new)["articles"] == [ENTRY], source
    flow = "articles: [{id: a, title: A, text: one}]  # flow\n"
    new = append_entries(flow, [ENTRY])
    assert new.endswith("]  # flow\n")
    assert _parse(new)["articles"][1] == ENTRY


def test_crlf_files_stay_crlf() -> None:
    source = "# notes\r\narticles:\r\n  - id: a\r\n    title: A\r\n    text: one\r\n"
    new = append_entries(source, [ENTRY])
    assert new.startswith(source)
    assert "\n" not in new.replace("\r\n", "")


def test_awkward_values_are_quoted_safely() -> None:
    titles = [
        "yes",
        "null",
        "#1: the: colon",
        'Quote " and \\ backslash',
        "Zürich — café",
        "line\u2028separator",
        "- dash first",
        "@at {brace} [bracket] & *star !bang %pct `tick",
    ]
    entries = [
        {"id": ident, "title": t, "outlet": t, "path": f"articles/{i}.txt"}
        for i, (ident, t) in enumerate(zip(["yes", "2024", "a:b", "no"] * 2, titles))
    ]
    new = append_entries("articles:\n  - {id: x, title: X, text: t}\n", entries)
    parsed = _parse(new)["articles"][1:]
    assert parsed == [{k: str(v) for k, v in e.items()} for e in entries]


def test_render_entry_orders_fields() -> None:
    text = render_entry({"path": "p.txt", "id": "x", "title": "T", "published": "2024-01-02"})
    assert text == '  - id: x\n    title: "T"\n    published: 2024-01-02\n    path: p.txt\n'


def test_a_change_to_existing_content_is_refused() -> None:
    # A "keep" block scalar owns the blank lines after it: inserting there would change it.
    source = "articles:\n  - id: a\n    title: A\n    text: |+\n      one\n\n\nentities: []\n"
    with pytest.raises(AppendError, match="without changing its other content"):
        append_entries(source, [ENTRY])


def test_not_a_corpus_is_refused() -> None:
    with pytest.raises(AppendError, match="not a list"):
        append_entries("articles: 3\n", [ENTRY])
    with pytest.raises(AppendError, match="top level"):
        append_entries("- a\n- b\n", [ENTRY])
    with pytest.raises(AppendError, match="not valid YAML"):
        append_entries("articles: [\n", [ENTRY])


# --- atomicity -----------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name open files")
def test_failure_mid_write_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus.yaml"
    shutil.copy(COMMENTED, corpus)
    old = corpus.read_bytes()
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        # The corpus's temporary copy fails after its bytes were written (a full disk).
        if Path(os.readlink(f"/proc/self/fd/{fd}")).name.startswith(".corpus.yaml."):
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(BriefingError, match="No space left on device"):
        add_to_corpus(corpus, [str(FIXTURES / "harbour-ferry.txt")])
    monkeypatch.undo()
    assert corpus.read_bytes() == old
    assert _leftovers(tmp_path) == ["corpus.yaml"]  # no temp file, no orphan article text
    assert load_corpus(corpus).articles[-1].id == "school-roof"


def test_failure_at_the_rename_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus.yaml"
    shutil.copy(COMMENTED, corpus)
    old = corpus.read_bytes()
    real_replace = os.replace

    def failing_replace(src, dst) -> None:
        if Path(dst) == corpus:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(BriefingError, match="cannot replace"):
        add_to_corpus(corpus, [str(FIXTURES / "wind-farm.md")])
    monkeypatch.undo()
    assert corpus.read_bytes() == old
    assert backup_path(corpus).read_bytes() == old  # the backup was written first
    assert _leftovers(tmp_path) == ["corpus.yaml", "corpus.yaml.bak"]


def test_invalid_result_is_not_written(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.yaml"
    shutil.copy(COMMENTED, corpus)
    old = corpus.read_bytes()
    bad = old.replace(b"articles:\n", b"articles:\n  - id: broken\n    title: No text\n")
    with pytest.raises(AppendError, match=r"would not load.*article 'broken'"):
        replace_corpus(corpus, old, bad)
    assert corpus.read_bytes() == old
    assert _leftovers(tmp_path) == ["corpus.yaml"]


def test_concurrent_edit_is_not_overwritten(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.yaml"
    shutil.copy(COMMENTED, corpus)
    old = corpus.read_bytes()
    corpus.write_bytes(old + b"# edited in the editor meanwhile\n")
    with pytest.raises(AppendError, match="changed while adding"):
        replace_corpus(corpus, old, old.replace(b"Town budget", b"Town budgets"))
    assert corpus.read_bytes().endswith(b"# edited in the editor meanwhile\n")


def test_permissions_bom_and_symlink_are_kept(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "corpus.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + COMMENTED.read_bytes())
    target.chmod(0o600)
    link = tmp_path / "corpus.yaml"
    link.symlink_to(target)
    report = add_to_corpus(link, [str(FIXTURES / "wind-farm.md")])
    assert report.ok
    assert link.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert (real / "articles" / "offshore-wind-farm-wins-planning-approval.md").is_file()
    assert len(load_corpus(target).articles) == 3  # texts live next to the real file


def test_comments_after_keys_are_kept(write_corpus) -> None:
    path = write_corpus(
        """\
        articles:
          - id: a   # first
            title: A
            text: one two three
        """
    )
    old = path.read_text(encoding="utf-8")
    new = append_entries(old, [ENTRY])
    assert new.startswith(old) and "  - id: a   # first\n" in new
