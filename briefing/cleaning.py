"""Turn a web copy of an article into clean text, keeping a map back to the original.

The rules are general: they remove what web pages wrap around an article (share
buttons, "Source link", bylines, datelines, a headline repeated as the first
paragraph, credit lines, short navigation lines at the end), normalise
whitespace and quote marks without changing words, and strip terminal control
sequences. Every character of the output remembers its index in the input, so
highlights computed on the clean text can be mapped back to the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.offsets import OffsetsBuilder
from briefing.offsets import compose as compose_offsets

# Terminal control: CSI and OSC sequences, other two-byte escapes, C0/C1 controls
# (but tab and newline), DEL, and bidirectional/zero-width formatting characters.
_CONTROL_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS/SOS/PM/APC strings
    r"|\x1b[@-Z\\-_]?"  # other escapes (or a lone ESC)
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]"
    r"|[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u061c\u180e"
    r"\ufff9-\ufffb]"
)
_SPACE_CHARS = frozenset("\t\u00a0\u1680\u202f\u205f\u3000") | frozenset(
    map(chr, range(0x2000, 0x200B))
)
_QUOTE_MAP = {"``": "\u201c", "''": "\u201d", "\u201e": "\u201c", "\u2033": "\u201d"}

_BOILERPLATE_LINE = re.compile(
    r"""^\W*(?:
        source\ link | dismiss | advertisement | advert | sponsored(?:\ content)?
        | share(?:\ this(?:\ article|\ story)?)?(?:\ on\ \w+)? | tweet | email | print
        | leave\ a\ (?:reply|comment) | comments? | \d+\ comments?
        | (?:click|tap)\ here\b.* | read\ more\b.* | related(?:\ (?:stories|articles|content))?
        | subscribe\b.* | sign\ up\b.* | follow\ us\b.* | rss\b.* | enter\ my\b.*
        | (?:facebook|twitter|linkedin|whatsapp|reddit|telegram|pinterest)(?:\W+\w+)?
        | skip\ to\ (?:main\ )?content | back\ to\ top | continue\ reading
        | image\ (?:source|caption)\b.* | photo:.* | getty\ images
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_LINE = re.compile(
    r"^\W*(?:(?:with\ )?(?:additional\ )?reporting\ by\b.*"
    r"|(?:some\ )?material\ (?:in|for)\ this\ (?:report|story)\ came\ from\b.*"
    r"|(?:editing|edited)\ by\b.*|this\ (?:story|article)\ (?:was\ )?(?:originally\ )?"
    r"(?:published|appeared)\b.*)\W*$",
    re.IGNORECASE | re.VERBOSE,
)
# Searched anywhere in a line (an anchored ``^\W*.*\bcontributed`` is quadratic on lines
# of punctuation).
_CONTRIBUTED = re.compile(r"\bcontributed reporting\b", re.IGNORECASE)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_BYLINE = re.compile(
    rf"^\W*(?i:by)\b[\s:\-–—]*(?:[A-Z][\w.'’-]*(?:\s+|$)){{0,5}}(?:in\s+[A-Z][\w.-]*\s*)?"
    rf"(?:[\s,\-–—]*{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})?[\s\-–—|,]*$"
    r"|^\W*(?i:by)\W*$"
)
_DATE_LINE = re.compile(
    rf"^\W*(?:(?:updated|published|posted)\W*)?(?:\w+day,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{4}}-\d\d-\d\d)"
    r"(?:[\s,|at]+\d{1,2}:\d\d\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\W*$",
    re.IGNORECASE,
)
# "WASHINGTON — ", "MOSCOW (Reuters) - ", "GENEVA, Jan 21 (Reuters) -" at the start of a paragraph.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})(?:,\s*[A-Z][A-Za-z.]+(?:\s+\d{1,2})?)?"
    r"(?:\s*\([A-Za-z .]+\))?\s*(?:—|–|--|-)\s+(?=[A-Z“\"‘'])"
)
_CAPTION_CREDIT = re.compile(r"\s/\s*[\w .&-]{1,40}$")
_END_PUNCT = tuple(".!?:;…\"'”’)]")


def strip_control(text: str) -> str:
    """Remove terminal escape sequences and control/bidi characters from *text*.

    Newlines survive; tabs become spaces. Use it on every string shown in a
    terminal (titles, metadata, notifications), not only on article bodies.
    """
    if text.isprintable():  # no C0/C1 controls, no format (Cf) characters: nothing to strip
        return text
    return _CONTROL_RE.sub("", text).replace("\t", " ")


@dataclass(frozen=True, slots=True)
class CleanText:
    """Clean text and, for each of its characters, the index in the raw text."""

    text: str
    offsets: Sequence[int]
    """``offsets[i]`` is the raw index of ``text[i]``; one more entry marks the end."""

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the clean text to the raw text."""
        if start >= end:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


def _norm_key(text: str) -> str:
    """A comparison key: letters and digits only, case-folded."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def _is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    return bool(
        _BOILERPLATE_LINE.match(stripped)
        or _CREDIT_LINE.match(stripped)
        or _CONTRIBUTED.search(stripped)
    )


def _is_byline(line: str) -> bool:
    stripped = line.strip()
    return bool(_BYLINE.match(stripped) or _DATE_LINE.match(stripped))


def _is_short_fragment(line: str) -> bool:
    """A few words with no sentence punctuation: navigation, tags, section labels."""
    stripped = line.strip()
    return len(stripped.split()) <= 4 and not stripped.endswith(_END_PUNCT)


def _looks_like_caption(line: str, title_key: str) -> bool:
    """A photo caption: ends with " / credit" and no sentence punctuation before it."""
    stripped = line.strip()
    match = _CAPTION_CREDIT.search(stripped)
    return bool(match) and stripped[: match.start()].rstrip().endswith((".", "!", "?", "”", '"'))


def _raw_lines(raw: str) -> list[tuple[int, int]]:
    """Spans of lines in *raw* (without their newline characters)."""
    spans = []
    pos = 0
    for match in re.finditer(r"\r\n|\r|\n", raw):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(raw)))
    return spans


def _blocks(raw: str) -> list[list[tuple[int, int]]]:
    """Group non-empty lines into paragraphs.

    Blank lines always separate paragraphs. Inside a blank-line block, lines
    are one paragraph each unless the block looks hard-wrapped (most lines end
    without sentence punctuation), in which case they are joined.
    """
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in _raw_lines(raw):
        if strip_control(raw[start:end]).strip():
            current.append((start, end))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    paragraphs: list[list[tuple[int, int]]] = []
    for block in blocks:
        if _hard_wrapped([strip_control(raw[s:e]).strip() for s, e in block]):
            paragraphs.append(block)
        else:
            paragraphs.extend([line] for line in block)
    return paragraphs


def _hard_wrapped(lines: list[str]) -> bool:
    """True when a block's lines are one paragraph wrapped at a fixed width.

    Web copies put one paragraph per line; e-mail and plain-text copies wrap
    prose at ~60-80 columns. Wrapped lines have similar lengths and mostly end
    without sentence punctuation, or the next line continues in lower case.
    """
    if len(lines) < 2:
        return False
    inner = lines[:-1]
    if all(nxt[:1].islower() or cur.endswith((",", "-")) for cur, nxt in zip(inner, lines[1:])):
        return True
    if len(lines) < 3:
        return False
    lengths = sorted(len(line) for line in inner)
    median = lengths[len(lengths) // 2]
    similar = all(abs(n - median) <= max(12, median // 4) for n in lengths) and 40 <= median <= 100
    unpunctuated = sum(not line.endswith(_END_PUNCT) for line in inner) > len(inner) / 2
    return similar and unpunctuated


# What _emit changes: runs of spaces (collapsed to one), other space characters, a space at
# the start of a piece, and quote marks (normalised). A single plain space between words
# stays as it is and is copied with the text around it.
_EMIT_SPECIAL = re.compile(
    "["
    + re.escape("".join(sorted(_SPACE_CHARS | {" "})))
    + "]{2,}|["
    + re.escape("".join(sorted(_SPACE_CHARS)))
    + "]|^ |``|''|[\u201e\u2033]"
)


def _emit_piece(piece: str, base: int, mark: int, out: list[str], offs: OffsetsBuilder) -> None:
    """Append *piece* (at *base* in the raw text; no control characters) normalised."""
    pos = 0
    for match in _EMIT_SPECIAL.finditer(piece):
        start = match.start()
        if start > pos:
            out.extend(piece[pos:start])
            offs.extend_range(base + pos, base + start)
        token = match.group()
        if token in _QUOTE_MAP:
            out.append(_QUOTE_MAP[token])
            offs.append(base + start)
        elif len(out) > mark and out[-1] != " ":
            out.append(" ")
            offs.append(base + start)
        pos = match.end()
    if pos < len(piece):
        out.extend(piece[pos:])
        offs.extend_range(base + pos, base + len(piece))


def _emit(raw: str, spans: list[tuple[int, int]], out: list[str], offs: OffsetsBuilder) -> None:
    """Append the normalised characters of a paragraph (its lines joined by one space).

    Control sequences are dropped, runs of spaces collapse to one space (mapped to the first
    of them), and plain runs are copied whole, so the work is linear in the paragraph.
    """
    mark = len(out)
    for n, (start, end) in enumerate(spans):
        segment = raw[start:end]
        if n and len(out) > mark and out[-1] != " ":
            out.append(" ")
            offs.append(start)
        pos = 0
        for match in _CONTROL_RE.finditer(segment):
            if match.start() > pos:
                _emit_piece(segment[pos : match.start()], start + pos, mark, out, offs)
            pos = match.end()
        if pos < len(segment):
            _emit_piece(segment[pos:], start + pos, mark, out, offs)
    while len(out) > mark and out[-1] == " ":
        out.pop()
        offs.truncate(len(out))


def clean_text(raw: str, *, title: str | None = None) -> CleanText:
    """Clean a web copy of an article.

    *title*, when given, lets the cleaner drop the headline where the copy
    repeats it as its first paragraph(s).
    """
    paragraphs = _blocks(raw)
    texts = [" ".join(strip_control(raw[s:e]).strip() for s, e in p) for p in paragraphs]
    keep = [True] * len(paragraphs)
    title_key = _norm_key(title or "")

    # Leading matter: repeated headline, bylines, date lines, captions, short labels.
    first_real = 0
    for i, text in enumerate(texts):
        key = _norm_key(text)
        if (
            (title_key and key == title_key)
            or (i == 0 and title is None and _is_short_headline(text, texts))
            or _is_byline(text)
            or _is_boilerplate(text)
            or _looks_like_caption(text, title_key)
        ):
            keep[i] = False
            first_real = i + 1
            continue
        break
    # Anywhere: share buttons, credit lines.
    for i, text in enumerate(texts):
        if _is_boilerplate(text):
            keep[i] = False
    # Trailing matter: short fragments without punctuation after the last real paragraph.
    for i in range(len(texts) - 1, first_real, -1):
        if not keep[i]:
            continue
        if _is_short_fragment(texts[i]) or _is_byline(texts[i]):
            keep[i] = False
            continue
        break

    out: list[str] = []
    offs = OffsetsBuilder()
    first = True
    for para, kept in zip(paragraphs, keep):
        if not kept:
            continue
        if not first:
            out.extend("\n\n")
            offs.append(para[0][0])
            offs.append(para[0][0])
        mark = len(out)
        _emit(raw, para, out, offs)
        if first:
            match = _DATELINE.match("".join(out[mark:]))
            if match:
                del out[mark : mark + match.end()]
                offs.delete(mark, mark + match.end())
        if len(out) == mark:  # nothing survived; undo the separator
            if not first:
                del out[-2:]
                offs.truncate(len(out))
            continue
        first = False
    offs.append(len(raw) if not len(offs) else max(offs.last() + 1, 0))
    return CleanText("".join(out), offs.build())


def _is_short_headline(text: str, texts: list[str]) -> bool:
    """With no title given, a first line without end punctuation followed by prose is a headline."""
    return len(texts) > 1 and not text.rstrip().endswith(_END_PUNCT) and len(text.split()) <= 20


_MD_RULES = re.compile(
    r"^[ \t]{0,3}#{1,6}[ \t]+|(?<![ \t])[ \t]+#+[ \t]*$"  # ATX heading markers
    r"|^[ \t]{0,3}>[ \t]?"  # block quote markers
    r"|^[ \t]{0,3}(?:[-*_][ \t]*){3,}$"  # thematic breaks
    r"|^[ \t]{0,3}(?:=+|-+)[ \t]*$"  # setext underlines
    # [text](url) -> text; no brackets inside, so each scan stops at the next one (linear)
    r"|!?\[(?=[^\[\]\n]*\]\([^)\]\n]*\))|\]\([^)\]\n]*\)"
    r"|(?<![\w*])\*\*(?=\S)|(?<=\S)\*\*(?![\w*])|(?<![\w_])__(?=\S)|(?<=\S)__(?![\w_])"
    r"|(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])"
    r"|`+",
    re.MULTILINE,
)


def markdown_to_text(raw: str) -> CleanText:
    """Drop Markdown syntax (headings, quotes, emphasis, link targets, code ticks).

    Only markup characters are removed, so every kept character maps to the
    same character of *raw*.
    """
    out: list[str] = []
    offs = OffsetsBuilder()
    pos = 0
    for match in _MD_RULES.finditer(raw):
        out.append(raw[pos : match.start()])
        offs.extend_range(pos, match.start())
        pos = match.end()
    out.append(raw[pos:])
    offs.extend_range(pos, len(raw))
    offs.append(len(raw))
    return CleanText("".join(out), offs.build())


def compose(outer: CleanText, inner: CleanText) -> CleanText:
    """``outer`` was computed from ``inner.text``: map its offsets through to ``inner``'s source."""
    return CleanText(outer.text, compose_offsets(outer.offsets, inner.offsets))
