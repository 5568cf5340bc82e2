"""Regular expressions for DATE, TIME, MONEY, PERCENT and NUMBER mentions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.entities.curated import word_set
from briefing.entities.tokens import Token, tokenize

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MON_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_ANY_MONTH = rf"(?:{_MONTH}|{_MON_ABBR})"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_NUMWORD = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|billion|trillion|dozen)"
)
_NUM = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:million|billion|trillion|thousand|bn|mn|m|tn|k)"
_AMOUNT = rf"(?:{_NUM}|(?:a|one|{_NUMWORD})(?:[\s-]+{_NUMWORD})*)"
_CURRENCY_WORD = (
    r"(?:dollars?|euros?|pounds? sterling|pounds|yen|yuan|renminbi|rubles?|roubles?|hryvnias?|"
    r"rupees?|pesos?|francs?|lira|riyals?|dirhams?|shekels?|zlotys?|kronor|kroner|krona|rand|"
    r"naira|cents?|pence|bitcoins?)"
)
_CURRENCY_CODE = r"(?:USD|EUR|GBP|JPY|CNY|RMB|RUB|UAH|CHF|INR|CAD|AUD)"
_UNITS_LONG = r"(?:days|weeks|months|years|decades|centuries)"
_UNITS_SHORT = r"(?:minutes?|hours?|seconds?|mins?|hrs?)"

#: (label, priority, compiled pattern); a lower priority number wins on equal spans.
_PATTERNS: list[tuple[str, int, re.Pattern[str]]] = [
    (
        "MONEY",
        0,
        re.compile(
            rf"(?:(?:US|U\.S\.|A|C|NZ|HK|S)?[$€£¥₽₴]\s?{_NUM}(?:\s?{_SCALE}\b)?)"
            rf"|(?:\b{_CURRENCY_CODE}\s?{_NUM}(?:\s?{_SCALE}\b)?)"
            rf"|(?:\b{_NUM}(?:\s?{_SCALE})?\s?{_CURRENCY_CODE}\b)"
            rf"|(?:\b{_AMOUNT}(?:\s+{_SCALE})?\s+"
            rf"(?:(?:US|U\.S\.|Canadian|Australian|Hong Kong)\s+)?{_CURRENCY_WORD}\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "PERCENT",
        1,
        re.compile(
            rf"(?:\b{_AMOUNT}|\b{_NUM})\s?(?:%|percent\b|per\s+cent\b|percentage\s+points?\b)"
            rf"|\b{_NUM}%",
            re.IGNORECASE,
        ),
    ),
    (
        "TIME",
        2,
        re.compile(
            rf"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\s?(?:[ap]\.m\.|[ap]m\b)"
            rf"(?:\s+(?:GMT|UTC|EST|EDT|CET|CEST|BST|ET|PT|local\s+time))?"
            rf"|\b(?:[01]?\d|2[0-3]):[0-5]\d(?:\s+(?:GMT|UTC|EST|EDT|CET|CEST|BST|ET|PT|local\s+time))?"
            rf"|\b(?:1[0-2]|0?[1-9])\s?(?:[ap]\.m\.|[ap]m\b)"
            rf"|\b(?:[Nn]oon|[Mm]idnight|[Tt]onight)\b"
            rf"|\b(?:{_WEEKDAY}|[Tt]his|[Ll]ast|[Yy]esterday|[Tt]omorrow)\s+"
            rf"(?:morning|afternoon|evening|night)\b"
            rf"|\b(?:{_AMOUNT}|half\s+an?|an?)\s+{_UNITS_SHORT}\b",
        ),
    ),
    (
        "DATE",
        3,
        re.compile(
            rf"\b(?:{_WEEKDAY},?\s+)?{_ANY_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"
            rf"|\b(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_ANY_MONTH}(?:,?\s+{_YEAR}\b)?"
            rf"|\b(?:(?:[Ee]arly|[Ll]ate|[Mm]id)[\s-])?{_ANY_MONTH}\s+{_YEAR}\b"
            rf"|\b(?:(?:[Ee]arly|[Ll]ate|[Mm]id)-?)?(?:January|February|March|April|June|July|"
            rf"August|September|October|November|December)\b"
            rf"|\b{_WEEKDAY}s?\b"
            rf"|\b{_YEAR}-[01]\d-[0-3]\d\b"
            rf"|\b[0-3]?\d/[01]?\d/(?:\d{{4}}|\d\d)\b"
            rf"|\b(?:[Ee]arlier|[Ll]ater)?\s?(?:[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Cc]oming|[Pp]revious)"
            rf"\s+(?:week|weekend|month|year|decade|century|spring|summer|autumn|fall|winter|"
            rf"quarter|{_WEEKDAY})\b"
            rf"|\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow)\b"
            rf"|\b(?:{_AMOUNT}|a|an|several|a\s+few|few)\s+(?:days?|weeks?|months?|years?|decades?)"
            rf"\s+(?:ago|earlier|later)\b"
            rf"|\b(?:the\s+)?(?:past|last|next|coming)\s+(?:{_AMOUNT}|few|several)\s+{_UNITS_LONG}\b"
            rf"|\b(?:{_NUM}|{_NUMWORD})\s+{_UNITS_LONG}\b"
            rf"|\b(?:1[6-9]|20)\d0s\b"
            rf"|(?<![$€£¥\d.,])\b{_YEAR}\b(?![.,]?\d|\s?%|-\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "NUMBER",
        4,
        re.compile(
            rf"(?<![\w.,/-]){_NUM}(?:-{_NUM})?(?:\s(?:million|billion|trillion|thousand|hundred)\b"
            rf"|(?:bn|mn)\b)?(?![\w%])"
            rf"|\b(?:tens|hundreds|thousands|millions|billions|dozens)\s+of\s+"
            rf"(?:thousands|millions|billions)\b"
            rf"|\b{_NUMWORD}s?(?:[\s-]+{_NUMWORD}s?)*\b",
            re.IGNORECASE,
        ),
    ),
]

# Case-sensitive parts (months, weekdays) must not match "may", "march", "sun": the DATE
# pattern is compiled case-insensitively for the relative phrases, so re-check them here.
_CASED_DATE_WORD = re.compile(rf"{_ANY_MONTH}|{_WEEKDAY}s?")
_MONTH_WORDS = re.compile(
    r"(?i:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)s?\.?"
)


def _cased_ok(text: str) -> bool:
    """Month and weekday names inside a DATE must be capitalised ("march" is a verb)."""
    for word in re.findall(r"[A-Za-z]+\.?", text):
        if _MONTH_WORDS.fullmatch(word) and not word[0].isupper():
            return False
    return True


#: Lower-case words (dots removed) at which a numeric or temporal mention can start.
_START_WORDS = word_set(
    """
    us u.s a c nz hk s usd eur gbp jpy cny rmb rub uah chf inr cad aud
    a an one half several few the tens hundreds thousands millions billions dozens
    two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion trillion dozen
    noon midnight tonight yesterday today tomorrow this that last next past coming previous
    earlier later early late mid
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
    thursdays fridays saturdays sundays
    """
)
_CURRENCY_SYMBOLS = frozenset("$€£¥₽₴")


def find_numeric(text: str, tokens: Sequence[Token] | None = None) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, label) numeric and temporal mentions, sorted by start.

    Patterns are tried only where a token can start one (a number, a currency sign, a month,
    a number word...), taking the longest match there, so the cost stays linear.
    """
    if tokens is None:
        tokens = tokenize(text)
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for tok in tokens:
        if tok.start < last_end:
            continue
        word = tok.text
        if not (
            tok.kind == "num"
            or word in _CURRENCY_SYMBOLS
            or (tok.kind in ("word", "abbr") and word.lower().replace(".", "") in _START_WORDS)
        ):
            continue
        best: tuple[int, int, str] | None = None
        for label, priority, pattern in _PATTERNS:
            m = pattern.match(text, tok.start)
            if m is None:
                continue
            span = m.group().rstrip()
            if not span:
                continue
            if label == "DATE" and not _cased_ok(span):
                continue
            if label in ("NUMBER", "DATE") and span.lower() in _BARE_WORDS:
                continue
            end = tok.start + len(span)
            if best is None or end > best[0] or (end == best[0] and priority < best[1]):
                best = (end, priority, label)
        if best is not None:
            out.append((tok.start, best[0], best[2]))
            last_end = best[0]
    return out


#: Words that the patterns may catch alone but that are not worth a mention.
_BARE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
