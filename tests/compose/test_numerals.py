"""Chinese numerals and dates as headings and covers print them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import run_cli

from briefing.compose.numerals import numeral_filter, zh_date, zh_numeral

from .hostile import SAMPLE, hostile, located


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九"), (100, "一百"), (101, "一百零一"),
        (110, "一百一十"), (111, "一百一十一"), (240, "二百四十"), (1005, "一千零五"), (1010, "一千零一十"),
        (10000, "一万"), (10010, "一万零一十"), (12345, "一万二千三百四十五"),
    ],
)  # fmt: skip
def test_heading_numerals_go_past_a_hundred(number: int, words: str) -> None:
    """Area headings are numbered 一、二、…; a packet of 110 areas crashed with an IndexError."""
    assert zh_numeral(number) == words


def test_zero_and_negative_numbers() -> None:
    assert (zh_numeral(0), zh_numeral(-3)) == ("零", "负三")


def test_a_date_has_no_padding_zeros() -> None:
    assert zh_date(dt.date(2023, 1, 10)) == "2023年1月10日"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("[body]{{ packet.title | zh_date }}", "zh_date needs a date, not str"),
        ("[body]{{ 1.5 | zh_numeral }}", "zh_numeral needs a whole number, not float"),
        ("[body]{{ true | zh_numeral }}", "zh_numeral needs a whole number, not bool"),
    ],
)
def test_a_filter_given_the_wrong_kind_says_what_it_needs(tmp_path: Path, line: str, problem: str) -> None:
    layout = hostile(tmp_path, "cover.j2", f"[cover_title]x\n{line}\n")
    run = run_cli("build", str(SAMPLE), "--layout", str(layout), "-o", str(tmp_path / "x.pdf"))
    assert run.status == 1
    assert run.err.splitlines()[0] == located("cover.j2", 2, "template.error", problem=problem)


def test_the_filter_is_the_numeral() -> None:
    assert numeral_filter(110) == "一百一十"
