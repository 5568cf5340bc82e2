"""Reading articles to add: saved web pages (trafilatura), plain text and Markdown."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from briefing.add.extract import (
    ExtractError,
    extract_html,
    extract_text,
    parse_date,
    read_file,
    title_from_name,
)
from briefing.cleaning import clean_text

FIXTURES = Path(__file__).parent / "fixtures" / "add"
BOILERPLATE = [
    "Subscribe today",
    "Home",
    "Share on Facebook",
    "Related stories",
    "Elm Street bridge closed to lorries after inspection",  # a related-story link
    "About time!",  # a reader's comment
    "Leave a reply",
    "All rights reserved",
    "Privacy policy",
]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything tries to open a connection."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("extraction tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_saved_page_body_without_boilerplate(no_network: None) -> None:
    found = read_file(FIXTURES / "river-bridge.html")
    assert found.text.startswith("The city council voted seven to two on Wednesday night")
    assert "compensate shops that lose trade during the works." in found.text
    for junk in BOILERPLATE:
        assert junk not in found.text, junk
    # One paragraph per block, so the loader keeps paragraphs apart.
    assert found.text.count("\n\n") == 5
    assert found.suffix == ".txt"


def test_saved_page_metadata(no_network: None) -> None:
    found = read_file(FIXTURES / "river-bridge.html")
    assert found.title == "Council approves repair of the old river bridge"
    assert found.outlet == "The Valley Courier"
    assert found.author == "Maria Lindqvist"
    assert found.published == "2024-03-14"
    assert found.url == "https://valley-courier.example.com/news/2024/03/14/river-bridge-repair"


def test_json_ld_metadata_and_boilerplate(no_network: None) -> None:
    found = read_file(FIXTURES / "news-jsonld.html")
    assert found.title == "Snowfall closes mountain pass for third day"
    assert found.author == "Kofi Mensah"
    assert found.outlet == "Highland Daily"
    assert found.published == "2024-01-09"
    for junk in (
        "Sign up",
        "Log in",
        "WhatsApp",
        "More from Weather",
        "Flood warnings",
        "Comments",
    ):
        assert junk not in found.text, junk
    # The headline repeated at the top of the body is dropped by the engine's cleaning.
    cleaned = clean_text(found.text, title=found.title).text
    assert cleaned.startswith("The road over the Kestrel Pass")
    assert cleaned.endswith("the longest closure on record.")


def test_page_charset_and_fallback_outlet(no_network: None) -> None:
    body = " ".join(["Le café du port rouvre après des travaux de rénovation."] * 12)
    page = f"<html><head><title>Café rouvre</title></head><body><article><p>{body}</p></article></body></html>"
    found = extract_html(
        page.encode("latin-1"), url="https://www.port-news.example/x", charset="latin-1"
    )
    assert "café du port" in found.text
    assert found.outlet == "port-news.example"  # no site name: the host
    assert found.url == "https://www.port-news.example/x"


def test_page_without_an_article() -> None:
    with pytest.raises(ExtractError, match="no article text"):
        extract_html(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_extraction_works_in_a_worker_thread(no_network: None) -> None:
    # The reader's dialog runs add_to_corpus in a thread: no signal-based timeouts allowed.
    out: list[object] = []
    thread = threading.Thread(target=lambda: out.append(read_file(FIXTURES / "river-bridge.html")))
    thread.start()
    thread.join(20)
    assert out and out[0].author == "Maria Lindqvist"  # type: ignore[attr-defined]


def test_plain_text_title_byline_and_date() -> None:
    found = read_file(FIXTURES / "harbour-ferry.txt")
    assert found.title == "Harbour ferry returns after winter refit"
    assert found.author == "Tomás Reyes"
    assert found.published == "2024-04-02"
    assert found.text == (FIXTURES / "harbour-ferry.txt").read_text(encoding="utf-8")
    assert not found.rewritten
    # The engine's cleaning (at load time) removes headline, byline, dateline and share links.
    cleaned = clean_text(found.text, title=found.title).text
    assert cleaned.startswith("The harbour ferry will resume")
    assert "Share this article" not in cleaned and "Twitter" not in cleaned


def test_markdown_front_matter() -> None:
    found = read_file(FIXTURES / "library-hours.md")
    assert found.title == "Libraries to open on Sundays from May"
    assert found.author == "Priya Natarajan"  # [[wiki link]] unwrapped
    assert found.outlet == "Northside Gazette"
    assert found.published == "2024-04-18"
    assert found.url.startswith("https://www.northside-gazette.example.org/local/")
    assert found.rewritten and not found.text.lstrip().startswith("---")
    assert "site_name" not in found.text and found.suffix == ".md"


def test_markdown_heading_is_the_title() -> None:
    found = read_file(FIXTURES / "wind-farm.md")
    assert found.title == "Offshore wind farm wins planning approval"
    assert found.author is None and found.published is None
    assert not found.rewritten


def test_text_without_headline_uses_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "water_rates-2024.txt"
    path.write_text("Water rates will rise by four percent. The board voted on Monday.\n")
    assert read_file(path).title == "Water rates 2024"
    setext = extract_text(
        "Big news\n========\n\nSomething happened.\n", markdown=True, fallback_title="x"
    )
    assert setext.title == "Big news"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"%PDF", "unsupported file type '.pdf'"),
        ("latin.txt", "café".encode("latin-1"), "not UTF-8 text"),
        ("binary.txt", b"ab\x00cd", "binary"),
        ("empty.md", b"  \n", "no text"),
    ],
)
def test_unusable_files(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ExtractError, match=message):
        read_file(path)


def test_missing_file_hint() -> None:
    with pytest.raises(ExtractError, match="file not found"):
        read_file(Path("no/such/article.txt"))


def test_utf16_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes("Headline here\n\nThe text of the article.\n".encode("utf-16"))
    assert read_file(path).title == "Headline here"


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-03-14T09:30:00+00:00", "2024-03-14"),
        ("March 14, 2024", "2024-03-14"),
        ("Updated 3 Feb. 2023 at 10:00", "2023-02-03"),
        ("Sept 9th, 2021", "2021-09-09"),
        ("2024-02-30", None),
        ("no date", None),
    ],
)
def test_parse_date(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_title_from_name() -> None:
    assert title_from_name("elm-st_bridge%20repair.html") == "Elm st bridge repair"
    assert title_from_name("") == "Untitled article"
