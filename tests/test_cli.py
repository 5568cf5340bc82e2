"""The command line, run as a user would: in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUNDLED_CORPUS, REPO


def run(*args: str, stdin: str | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_help_and_version():
    result = run("--help")
    assert result.returncode == 0
    for command in ("list", "summarize", "entities", "export"):
        assert command in result.stdout
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("briefing ")


def test_list_json_has_corpus_fields():
    result = run("list", str(BUNDLED_CORPUS), "--json")
    assert result.returncode == 0, result.stderr
    articles = json.loads(result.stdout)
    assert len(articles) == 5
    first = articles[0]
    assert {"id", "title", "text", "published"} <= set(first)
    assert first["published"] == "2022-02-23"


def test_list_defaults_to_corpus_in_current_folder(tmp_path: Path):
    (tmp_path / "corpus.yaml").write_text(
        "articles:\n  - {id: only, title: Only one, text: Some text here.}\n"
    )
    result = run("list", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [a["id"] for a in json.loads(result.stdout)] == ["only"]


def test_summarize_article_json():
    result = run(
        "summarize",
        "--corpus",
        str(BUNDLED_CORPUS),
        "--article",
        "stockholm-talks",
        "--sentences",
        "3",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    sentences = doc["sentences"]
    assert len(sentences) == 3
    assert [s["index"] for s in sentences] == sorted(s["index"] for s in sentences)
    assert set(sentences[0]) == {"text", "index", "start", "end", "score"}


def test_summarize_stdin_and_file(tmp_path: Path):
    text = (
        "The council met on Monday. It approved the budget after a long debate. "
        "Critics said the plan was rushed. The mayor defended it on Tuesday. "
        "A final vote is due next month."
    )
    result = run("summarize", "-", "--sentences", "2", "--json", stdin=text)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    for s in doc["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
    path = tmp_path / "a.md"
    path.write_text("# Title\n\n" + text)
    result = run("summarize", str(path), "--method", "lead", "--sentences", "1")
    assert result.returncode == 0, result.stderr
    assert "The council met on Monday." in result.stdout


def test_entities_json():
    result = run("entities", "--corpus", str(BUNDLED_CORPUS), "--article", "set-to-meet", "--json")
    assert result.returncode == 0, result.stderr
    entities = json.loads(result.stdout)["entities"]
    assert entities and set(entities[0]) == {"text", "start", "end", "label", "canonical"}
    assert any(e["canonical"] == "Sergey Lavrov" for e in entities)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "nope.yaml"), "nope.yaml: corpus file not found"),
        (
            ("summarize", "--article", "zzz", "--corpus", str(BUNDLED_CORPUS)),
            "no article with id 'zzz'",
        ),
        (("summarize", "missing.txt"), "missing.txt: article file not found"),
        (("summarize", "-", "--sentences", "0"), "--sentences must be 1 or more"),
    ],
)
def test_bad_input_is_one_line_and_nonzero(args: tuple[str, ...], message: str):
    result = run(*args, stdin="Some text. More text.")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_bad_corpus_for_the_reader_exits_before_the_screen(tmp_path: Path):
    bad = tmp_path / "corpus.yaml"
    bad.write_text("articles:\n  - {id: a, title: T, text: x\n")
    result = run(str(bad))
    assert result.returncode == 2
    assert "invalid YAML" in result.stderr and "Traceback" not in result.stderr


def test_core_import_does_not_load_textual_or_sumy():
    code = (
        "import sys, briefing\n"
        "from briefing import load_corpus, summarize, extract_entities\n"
        "import briefing.cli\n"
        "bad = [m for m in ('textual', 'sumy', 'nltk') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
