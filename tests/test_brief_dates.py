"""Date expressions in news text resolved against the article date."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.brief.dates import find_dates, resolve_month_day

THU = dt.date(2021, 12, 2)  # a Thursday


def resolved(text: str, ref: dt.date | None = THU) -> list[tuple[str, str]]:
    return [(m.text, m.date.isoformat()) for m in find_dates(text, ref)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Blinken said on Tuesday that", [("Tuesday", "2021-11-30")]),
        ("Blinken spoke to reporters on Thursday", [("Thursday", "2021-12-02")]),
        ("On Wednesday, Russia ordered", [("Wednesday", "2021-12-01")]),
        ("last Thursday", [("last Thursday", "2021-11-25")]),
        ("next Thursday", [("next Thursday", "2021-12-09")]),
        ("Blinken will meet Lavrov on Friday", [("Friday", "2021-12-03")]),
        ("Lavrov is scheduled to arrive Saturday", [("Saturday", "2021-12-04")]),
        ("Tuesday night's talks", [("Tuesday night", "2021-11-30")]),
    ],
)
def test_weekdays(text: str, expected: list[tuple[str, str]]) -> None:
    assert resolved(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Blinken warned a day earlier at a Nato conference", [("a day earlier", "2021-12-01")]),
        ("Putin said the day before.", [("the day before", "2021-12-01")]),
        ("the talks two days ago", [("two days ago", "2021-11-30")]),
        ("yesterday", [("yesterday", "2021-12-01")]),
        ("tomorrow", [("tomorrow", "2021-12-03")]),
        ("earlier today", [("earlier today", "2021-12-02")]),
    ],
)
def test_relative_days(text: str, expected: list[tuple[str, str]]) -> None:
    assert resolved(text) == expected


def test_relative_to_an_event_is_not_resolved() -> None:
    assert resolved("a day before the meeting") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zakharova said on December 1 that", [("December 1", "2021-12-01")]),
        ("meet in Stockholm on December 2 amid", [("December 2", "2021-12-02")]),
        ("to fly out by Jan. 31.", [("Jan. 31", "2022-01-31")]),  # next January is nearer
        ("Putin warned the West on November 30", [("November 30", "2021-11-30")]),
        ("By Ben Aris in Berlin December 2, 2021", [("December 2, 2021", "2021-12-02")]),
        ("on 1 December 2021 and 3rd March", [("1 December 2021", "2021-12-01"),
                                              ("3rd March", "2022-03-03")]),
        ("a 2021-11-30 filing", [("2021-11-30", "2021-11-30")]),
        ("Tuesday, Dec. 7, talks", [("Dec. 7", "2021-12-07")]),
    ],
)  # fmt: skip
def test_absolute_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert resolved(text) == expected


def test_month_and_year_alone_are_not_days() -> None:
    assert resolved("the 2015 deal, abandoned in May 2018, and talks in June") == []


def test_no_reference_date_resolves_only_full_dates() -> None:
    assert resolved("on Tuesday, on December 2 and on December 2, 2021", None) == [
        ("December 2, 2021", "2021-12-02")
    ]


def test_month_day_prefers_the_past_when_close() -> None:
    ref = dt.date(2022, 1, 21)
    assert resolve_month_day(12, 2, ref) == dt.date(2021, 12, 2)
    assert resolve_month_day(1, 31, dt.date(2021, 12, 2)) == dt.date(2022, 1, 31)
    assert resolve_month_day(2, 30, ref) is None


def test_offsets_point_into_the_text() -> None:
    text = "Talks ended. On Wednesday, Russia ordered diplomats out by Jan. 31."
    for m in find_dates(text, THU):
        assert text[m.start : m.end] == m.text
