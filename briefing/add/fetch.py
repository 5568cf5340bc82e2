"""Download one web page, politely and within limits (standard library only).

Limits: a timeout on every network wait plus an overall deadline, a cap on redirects
(to http/https only), a byte limit enforced while streaming, and a content-type check
(web pages and plain text only). Requests identify themselves with :data:`USER_AGENT`.
Every failure is a :class:`FetchError` with a one-line message.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message

from briefing import __version__
from briefing.errors import BriefingError

__all__ = [
    "USER_AGENT",
    "FetchError",
    "FetchLimits",
    "Fetched",
    "fetch_url",
    "is_url",
]

USER_AGENT = f"briefing/{__version__} (+terminal briefing reader)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
MARKDOWN_TYPES = ("text/markdown", "text/x-markdown")
_CHUNK = 64 * 1024


class FetchError(BriefingError):
    """A page could not be downloaded (one line: what went wrong)."""


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """How long to wait and how much to accept."""

    #: Seconds for connecting and for each read; the whole download gets ``3 * timeout``.
    timeout: float = 20.0
    #: Largest body accepted, in bytes.
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded page: the URL asked for, the URL after redirects, its type and body."""

    url: str
    final_url: str
    kind: str  # "html", "text" or "markdown"
    content_type: str
    charset: str | None
    body: bytes


def is_url(source: str) -> bool:
    """True for an http(s) URL (what ``briefing add`` downloads rather than reads)."""
    return source.strip().lower().startswith(("http://", "https://"))


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow at most ``limit`` redirects, and only to http/https."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        self.count += 1
        if self.count > self.limit:
            raise FetchError(f"too many redirects (more than {self.limit})")
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"redirected to a non-web address ({scheme or 'no scheme'}:)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _kind(content_type: str, head: bytes) -> str | None:
    if content_type in HTML_TYPES:
        return "html"
    if content_type in TEXT_TYPES:
        return "text"
    if content_type in MARKDOWN_TYPES:
        return "markdown"
    if not content_type:  # no header: sniff
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
        if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
            return "html"
    return None


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def fetch_url(
    url: str,
    *,
    limits: FetchLimits | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Fetched:
    """Download *url* (http or https) within *limits*; raise :class:`FetchError` on failure."""
    limits = limits or FetchLimits()
    url = url.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError("not a web address (give a full http:// or https:// URL)")
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8,text/markdown;q=0.8",
            "Accept-Encoding": "identity",
        },
    )
    opener = urllib.request.build_opener(_Redirects(limits.max_redirects))
    deadline = time.monotonic() + 3 * limits.timeout
    try:
        with opener.open(request, timeout=limits.timeout) as response:
            headers: Message = response.headers
            content_type = (headers.get_content_type() if headers.get("Content-Type") else "") or ""
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(
                    f"page is {_size(int(declared))}, over the {_size(limits.max_bytes)} limit"
                )
            chunks: list[bytes] = []
            total = 0
            kind: str | None = None
            while True:
                if cancelled is not None and cancelled():
                    raise FetchError("cancelled")
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {3 * limits.timeout:g} s")
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                if kind is None:
                    kind = _kind(content_type, chunk)
                    if kind is None:
                        raise FetchError(
                            f"not a web page or text (content type {content_type or 'unknown'})"
                        )
                total += len(chunk)
                if total > limits.max_bytes:
                    raise FetchError(f"page is over the {_size(limits.max_bytes)} limit")
                chunks.append(chunk)
            if kind is None:
                kind = _kind(content_type, b"")
                if kind is None:
                    raise FetchError(
                        f"not a web page or text (content type {content_type or 'unknown'})"
                    )
            body = b"".join(chunks)
            if not body.strip():
                raise FetchError("the page is empty")
            return Fetched(
                url=url,
                final_url=response.geturl(),
                kind=kind,
                content_type=content_type,
                charset=headers.get_content_charset(),
                body=body,
            )
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}".rstrip()) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise FetchError(f"timed out after {limits.timeout:g} s") from None
        if isinstance(reason, socket.gaierror):
            raise FetchError(f"cannot find the server {parts.hostname}") from None
        if isinstance(reason, OSError):
            raise FetchError(f"cannot connect: {reason.strerror or reason}") from None
        raise FetchError(f"cannot connect: {reason}") from None
    except TimeoutError:
        raise FetchError(f"timed out after {limits.timeout:g} s") from None
    except http.client.HTTPException as exc:
        raise FetchError(f"bad HTTP response: {type(exc).__name__}") from None
    except (OSError, ValueError) as exc:
        raise FetchError(f"download failed: {exc}") from None
