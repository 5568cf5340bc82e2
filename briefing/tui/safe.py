"""Make untrusted corpus text safe to show in a terminal, without changing offsets.

Article text is shown through :class:`textual.content.Content` objects (never markup), so
``[sic]`` or ``[/]`` are literal already. What is left is terminal control characters: an ESC
from the corpus must never reach the terminal. Each control character is replaced by one
visible character (the Unicode "control pictures" block, so ESC shows as ``␛``), which keeps
every character offset valid: sentence and entity offsets from the core still line up.
"""

from __future__ import annotations

import re

_C0 = {code: chr(0x2400 + code) for code in range(0x20)}
_TRANSLATE: dict[int, str] = {
    **_C0,
    0x09: " ",  # a tab is shown as one space so offsets stay 1:1
    0x7F: "\u2421",  # DEL -> ␡
    **{code: "\ufffd" for code in range(0x80, 0xA0)},  # C1 controls (CSI, OSC, ...)
    # Bidirectional overrides and isolates can reorder what the user sees.
    **{code: "\ufffd" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
    # Zero-width characters and bidi marks hide or reorder text without showing anything.
    **{code: "\ufffd" for code in (0x061C, *range(0x200B, 0x2010), *range(0x2060, 0x2065), 0xFEFF)},
}
_NEWLINE = ord("\n")
_TRANSLATE.pop(_NEWLINE)
_UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TRANSLATE)) + "]")
"""The characters :data:`_TRANSLATE` replaces (one regular-expression pass for long text)."""
_ONE_LINE = {**_TRANSLATE, _NEWLINE: " "}
_SPACES = re.compile(r"\s+")


def _shown(match: re.Match[str]) -> str:
    return _TRANSLATE[ord(match.group())]


def visible(text: str) -> str:
    """``text`` with every control, bidi and zero-width character made visible (control
    pictures, or U+FFFD); same length, newlines kept. Linear and fast on any text."""
    if text.isascii():  # a translation table is fastest on ASCII
        return text.translate(_TRANSLATE)
    return _UNSAFE.sub(_shown, text)  # elsewhere one pass that stops only at what it replaces


def one_line(text: str | None) -> str:
    """A short field (title, outlet) as one safe line: controls visible, whitespace collapsed."""
    if not text:
        return ""
    return _SPACES.sub(" ", text.translate(_ONE_LINE)).strip()
