"""Downloading pages for `briefing add`: tested only against a server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefing.add import USER_AGENT, FetchError, FetchLimits, add_to_corpus, fetch_url, new_corpus
from briefing.add.fetch import is_url
from briefing.corpus import load_corpus

FIXTURES = Path(__file__).parent / "fixtures" / "add"
ARTICLE = (FIXTURES / "river-bridge.html").read_bytes()
PLAIN = (FIXTURES / "harbour-ferry.txt").read_bytes()
LIMITS = FetchLimits(timeout=0.5, max_bytes=64 * 1024, max_redirects=3)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    release = threading.Event()
    seen: list[dict[str, str]] = []  # noqa: RUF012 - shared with the tests on purpose

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, code: int, body: bytes, ctype: str | None, length: bool = True) -> None:
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        type(self).seen.append(dict(self.headers))
        path = self.path
        if path in ("/article", "/article-copy"):
            self._send(200, ARTICLE, "text/html; charset=utf-8")
        elif path == "/plain/harbour-ferry.txt":
            self._send(200, PLAIN, "text/plain; charset=utf-8")
        elif path == "/missing":
            self._send(404, b"<html><body>gone</body></html>", "text/html")
        elif path == "/slow":
            self.release.wait(3)
            with contextlib.suppress(OSError):
                self._send(200, ARTICLE, "text/html")
        elif path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(10 * 1024 * 1024))
            self.end_headers()
        elif path == "/big-stream":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(b"<html><body>")
                for _ in range(200):
                    self.wfile.write(b"<p>" + b"x" * 1000 + b"</p>")
        elif path == "/evil":
            self.send_response(500, "Oops\x1b]0;owned\x07\x1b[31m red")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4 not really", "application/pdf")
        elif path == "/json":
            self._send(200, b'{"title": "x"}', "application/json")
        elif path == "/empty":
            self._send(200, b"   ", "text/html")
        elif path == "/redirect":
            self._redirect("/article")
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/file.html")
        else:
            self._send(404, b"not found", "text/plain")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A local HTTP server; yields its base URL."""
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    _Handler.release = threading.Event()
    _Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        _Handler.release.set()
        httpd.shutdown()
        httpd.server_close()


def test_success_identifies_itself_and_returns_the_page(server: str) -> None:
    page = fetch_url(f"{server}/article", limits=LIMITS)
    assert page.kind == "html"
    assert page.body == ARTICLE
    assert page.charset == "utf-8"
    assert _Handler.seen[-1]["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("briefing/") and "terminal briefing reader" in USER_AGENT


def test_http_error_is_one_clear_line(server: str) -> None:
    with pytest.raises(FetchError, match=r"^HTTP 404 Not Found$"):
        fetch_url(f"{server}/missing", limits=LIMITS)


def test_timeout(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.5 s"):
        fetch_url(f"{server}/slow", limits=LIMITS)
    assert time.monotonic() - start < 2.5


def test_oversize_by_declared_length(server: str) -> None:
    with pytest.raises(FetchError, match=r"page is 10\.0 MB, over the 64 KB limit"):
        fetch_url(f"{server}/big", limits=LIMITS)


def test_oversize_while_streaming(server: str) -> None:
    with pytest.raises(FetchError, match="over the 64 KB limit"):
        fetch_url(f"{server}/big-stream", limits=LIMITS)


@pytest.mark.parametrize(
    ("path", "ctype"), [("/pdf", "application/pdf"), ("/json", "application/json")]
)
def test_non_html_is_refused(server: str, path: str, ctype: str) -> None:
    with pytest.raises(FetchError, match=f"not a web page or text \\(content type {ctype}\\)"):
        fetch_url(f"{server}{path}", limits=LIMITS)


def test_plain_text_is_accepted(server: str) -> None:
    page = fetch_url(f"{server}/plain/harbour-ferry.txt", limits=LIMITS)
    assert page.kind == "text" and page.body == PLAIN


def test_empty_page(server: str) -> None:
    with pytest.raises(FetchError, match="empty"):
        fetch_url(f"{server}/empty", limits=LIMITS)


def test_redirect_is_followed_and_final_url_kept(server: str) -> None:
    page = fetch_url(f"{server}/redirect", limits=LIMITS)
    assert page.final_url == f"{server}/article"
    assert page.url == f"{server}/redirect"


def test_redirect_limits(server: str) -> None:
    with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"):
        fetch_url(f"{server}/loop", limits=LIMITS)
    with pytest.raises(FetchError, match="non-web address"):
        fetch_url(f"{server}/to-ftp", limits=LIMITS)


def test_connection_refused_and_bad_urls() -> None:
    import socket

    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        fetch_url(f"http://127.0.0.1:{port}/x", limits=LIMITS)
    with pytest.raises(FetchError, match="not a web address"):
        fetch_url("ftp://example.com/file", limits=LIMITS)
    with pytest.raises(FetchError, match="not a web address"):
        fetch_url("http:///nohost", limits=LIMITS)
    assert is_url("HTTPS://example.com") and not is_url("notes/https.txt")


def test_server_words_reach_the_report_without_control_sequences(
    server: str, tmp_path: Path
) -> None:
    report = add_to_corpus(new_corpus(tmp_path, "T"), [f"{server}/evil"], limits=LIMITS)
    message = report.results[0].message
    assert message.startswith("HTTP 500 Oops")
    assert "\x1b" not in message and "\x07" not in message


def test_cancelled_download(server: str) -> None:
    with pytest.raises(FetchError, match="cancelled"):
        fetch_url(f"{server}/big-stream", limits=FetchLimits(timeout=1), cancelled=lambda: True)


# --- end to end: briefing add URL -------------------------------------------------------


def test_add_urls_to_a_new_corpus(server: str, tmp_path: Path) -> None:
    corpus = new_corpus(tmp_path / "story", "Town news")
    messages: list[str] = []
    report = add_to_corpus(
        corpus,
        [
            f"{server}/redirect",
            f"{server}/plain/harbour-ferry.txt",
            f"{server}/missing",
            f"{server}/slow",
            f"{server}/big",
            f"{server}/pdf",
        ],
        limits=LIMITS,
        progress=messages.append,
    )
    status = [(r.status, r.message) for r in report.results]
    assert [s for s, _ in status] == ["added", "added", "error", "error", "error", "error"]
    assert "HTTP 404" in status[2][1] and "timed out" in status[3][1]
    assert "limit" in status[4][1] and "application/pdf" in status[5][1]
    assert any(m.startswith("downloading ") for m in messages)

    loaded = load_corpus(corpus)
    bridge, ferry = loaded.articles
    # The canonical URL of the page, not the address it was fetched from.
    assert bridge.url == "https://valley-courier.example.com/news/2024/03/14/river-bridge-repair"
    assert bridge.outlet == "The Valley Courier" and bridge.author == "Maria Lindqvist"
    assert bridge.path == tmp_path / "story" / "articles" / f"{bridge.id}.txt"
    assert "Share on Facebook" not in bridge.raw_text and "Related stories" not in bridge.raw_text
    assert ferry.title == "Harbour ferry returns after winter refit"
    assert ferry.url == f"{server}/plain/harbour-ferry.txt"
    assert ferry.author == "Tomás Reyes"
    assert not report.ok and report.summary() == "added 2 articles; 4 failed"


def test_same_url_is_not_downloaded_twice(server: str, tmp_path: Path) -> None:
    corpus = new_corpus(tmp_path, "Town news")
    first = add_to_corpus(corpus, [f"{server}/plain/harbour-ferry.txt"], limits=LIMITS)
    hits = len(_Handler.seen)
    report = add_to_corpus(corpus, [f"{server}/plain/harbour-ferry.txt#top"], limits=LIMITS)
    assert report.results[0].status == "duplicate"
    assert "same url" in report.results[0].message
    assert report.results[0].duplicate_of == first.added_ids[0]
    assert len(_Handler.seen) == hits  # recognised before downloading


def test_page_known_by_its_canonical_url(server: str, tmp_path: Path) -> None:
    corpus = new_corpus(tmp_path, "Town news")
    first = add_to_corpus(corpus, [f"{server}/article"], limits=LIMITS)
    # Another address serving the same page: its canonical URL gives it away.
    again = add_to_corpus(corpus, [f"{server}/article-copy"], limits=LIMITS)
    assert again.results[0].status == "duplicate"
    assert again.results[0].duplicate_of == first.added_ids[0]
    assert "same url" in again.results[0].message
