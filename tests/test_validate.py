"""quantities.py: figures, their units and exact sums."""

from __future__ import annotations

from decimal import Decimal

import pytest

from briefing.model.quantities import Figure, FigureSyntaxError, format_amount, parse_figure, readable_money
from briefing.model.units import UNITS

# --- figures ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit", "parts"),
    [
        ("9000余万元", "9000", "万元", {"approx": "余"}),
        ("预计增长1.5%", "1.5", "%", {"prefix": "预计", "change": "增长"}),
        ("2,501人", "2501", "人", {"amount_text": "2,501"}),
        ("2000人以上", "2000", "人", {"suffix": "以上"}),
        ("1.5亿元", "1.5", "亿元", {}),
        ("不低于6%", "6", "%", {"prefix": "不低于"}),
        ("下降0.5个百分点", "0.5", "个百分点", {"change": "下降"}),
        ("1.2万平方米", "1.2", "万平方米", {}),
        ("5 万元", "5", "万元", {}),
        ("8％", "8", "%", {}),  # a full-width percent sign is read as %
        ("-5亿元", "-5", "亿元", {}),
        ("999999999999999.999999元", "999999999999999.999999", "元", {}),  # the longest figure taken
    ],
)
def test_parse_figure(text: str, amount: str | None, unit: str | None, parts: dict[str, str] | None) -> None:
    if amount is None:
        with pytest.raises(FigureSyntaxError):
            parse_figure(text)
        return
    figure = parse_figure(text)
    assert (figure.amount, figure.unit) == (Decimal(amount), unit)
    for name, value in (parts or {}).items():
        assert getattr(figure, name) == value
    assert figure.text().replace(" ", "") == text.replace(" ", "").replace("％", "%")


@pytest.mark.parametrize(
    ("text", "reason", "found"),
    [
        ("2000", "missing-unit", ""),
        ("2000 ", "missing-unit", ""),
        ("1亿圆", "unknown-unit", "亿圆"),
        ("全市第2名", "unreadable", ""),
        ("2000-3000人", "unreadable", ""),
        ("1e3万元", "unreadable", ""),
        ("1" + "0" * 15 + "元", "too-long", ""),  # 16 digits: a slip, and past what sums keep exact
        ("0.0000001亿元", "too-long", ""),
    ],
)
def test_figure_errors_say_why(text: str, reason: str, found: str) -> None:
    with pytest.raises(FigureSyntaxError) as raised:
        parse_figure(text)
    assert raised.value.reason == reason and raised.value.found == found


def test_conversion_is_exact() -> None:
    assert parse_figure("1.5亿元").to("万元") == Decimal("15000")
    assert parse_figure("15000万元").to("亿元") == Decimal("1.5")
    assert parse_figure("9000余万元").to("亿元") == Decimal("0.9")
    assert parse_figure("1元").to("亿元") == Decimal("0.00000001")
    assert parse_figure("3公里").to("米") == 3000
    with pytest.raises(ValueError):
        parse_figure("2000人").to("万元")


def test_decimal_sums_are_exact() -> None:
    tenth, fifth = parse_figure("0.1亿元"), parse_figure("0.2亿元")
    assert tenth.to("亿元") + fifth.to("亿元") == parse_figure("0.3亿元").to("亿元")
    assert sum((tenth.to("万元") for _ in range(10)), Decimal(0)) == parse_figure("1亿元").to("万元")
    assert 0.1 + 0.2 != 0.3  # what floats would have done


def test_every_unit_converts_within_its_dimension() -> None:
    for unit, (base, factor) in UNITS.items():
        assert UNITS[base] == (base, Decimal(1)), unit
        assert Figure(Decimal(2), unit, "2").to(base) == 2 * factor


def test_amounts_print_plainly() -> None:
    assert format_amount(Decimal("1E+2")) == "100"
    assert format_amount(Decimal("20.30")) == "20.3"
    assert format_amount(Decimal("0.000")) == "0"
    assert readable_money(Decimal("15000")) == "1.5亿元"
    assert readable_money(Decimal("6000")) == "6000万元"
