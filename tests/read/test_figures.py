"""read/figures.py: figures with their units, words for targets that are not numbers, and money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from briefing.model.quantities import Figure, Qualitative
from briefing.read.figures import MONEY, VALUE

from .test_kinds import read


def test_a_figure_keeps_its_amount_unit_and_wording() -> None:
    figure, problems = read(VALUE, "2000人以上")
    assert problems == [] and isinstance(figure, Figure)
    assert (figure.amount, figure.unit, figure.text()) == (Decimal("2000"), "人", "2000人以上")
    change, _ = read(VALUE, "预计增长1.5%")
    assert isinstance(change, Figure) and change.change


def test_words_without_digits_or_in_a_text_mapping_are_kept_as_words() -> None:
    assert read(VALUE, "不低于全市平均水平") == (Qualitative("不低于全市平均水平"), [])
    assert read(VALUE, "{text: 与2022年持平}") == (Qualitative("与2022年持平"), [])


def test_money_is_exact_in_any_unit() -> None:
    money, problems = read(MONEY, "1.5亿元")
    assert problems == [] and isinstance(money, Figure) and money.to("万元") == Decimal("15000")
    small, _ = read(MONEY, "0.1元")
    assert small.to("元") == Decimal("0.1")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2,0,0人", "figure.unreadable"),
        ("1" * 40 + "人", "figure.too-long"),
        ("2000人们", "figure.unknown-unit"),
        ("2000xyz", "figure.unknown-unit-no-hint"),
    ],
)
def test_what_is_wrong_with_a_figure_is_said(text: str, code: str) -> None:
    assert read(VALUE, text) == (None, [code])
