"""read/dates.py: a work year, a day and a building period, in ASCII or full-width digits."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.model.packet import Period
from briefing.read.dates import DATE, PERIOD, YEAR

from .test_kinds import read


@pytest.mark.parametrize(
    ("text", "year"),
    [("2023", 2023), ("'2023'", 2023), ("2023年", 2023), ("'２０２３年'", 2023), ("+2023", 2023)],
)
def test_a_year_by_its_value_or_its_digits(text: str, year: int) -> None:
    assert read(YEAR, text) == (year, [])


@pytest.mark.parametrize("text", ["23", "1948", "2201", "2023.0", "'٢٠٢٣'", "true"])
def test_what_is_no_year(text: str) -> None:
    assert read(YEAR, text)[1] == ["year.invalid"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("２０２３年１月１０日", dt.date(2023, 1, 10)),
        ("2023-1-9", dt.date(2023, 1, 9)),
    ],
)
def test_a_day_in_either_form(text: str, day: dt.date) -> None:
    assert read(DATE, text) == (day, [])


@pytest.mark.parametrize("text", ["2023-02-29", "2023.1.10", "20230110", "'٢٠٢٣-01-10'"])
def test_what_is_no_day(text: str) -> None:
    assert read(DATE, text) == (None, ["date.invalid"])


def test_a_period_keeps_what_was_written_and_a_number_is_a_year() -> None:
    assert read(PERIOD, "２０２２—２０２４年") == (
        Period((2022, None), (2024, None), "２０２２—２０２４年"),
        [],
    )
    assert read(PERIOD, "2023") == (Period((2023, None), (2023, None), "2023"), [])
    assert read(PERIOD, "202312")[1] == ["period.invalid"]  # as a number: no year
    assert read(PERIOD, "'202312'")[0] == Period((2023, 12), (2023, 12), "202312")  # as text: 2023年12月
