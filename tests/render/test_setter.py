"""The setter: numbers as a content stream writes them, colours as operators, and broken lines kept for short texts."""

from __future__ import annotations

import pytest

from briefing.render.fonts.registry import FontRegistry
from briefing.render.setter import Setter, _Numbers, _Spacings, fill_operator


def test_positions_are_written_to_a_hundredth_of_a_point_without_trailing_zeros():
    numbers = _Numbers()
    assert [numbers[value] for value in (12.0, 12.5, 12.345678, -0.001, 0.0)] == [
        "12",
        "12.5",
        "12.35",
        "0",
        "0",
    ]
    assert numbers[12.5] is numbers[12.5], "memoised"


def test_character_spacings_are_written_to_a_hundred_thousandth():
    assert _Spacings()[-0.2100004] == "-0.21 Tc"
    assert _Spacings()[0.0] == "0 Tc"


def test_a_colour_is_the_fill_operator_reportlab_would_write():
    assert fill_operator("#000000") == "0 0 0 rg"
    assert fill_operator("#ff8000") == "1 .501961 0 rg"


def test_grid_tracking_and_leading_apply_to_the_grid_size_only(sample_plan):
    layout = sample_plan.layout
    body, caption = layout.styles["body"], layout.styles["caption"]
    setter = Setter(FontRegistry(layout.fonts), layout.typography, body.size, -0.21, 28.99)
    assert setter.tracking(body) == -0.21 and setter.leading(body) == 28.99
    assert setter.tracking(caption) == 0.0 and setter.leading(caption) == caption.leading
    assert setter.fill_operator(body.color) is setter.fill_operator(body.color)


def test_short_texts_are_broken_once_and_long_ones_each_time(sample_plan):
    layout = sample_plan.layout
    fonts = FontRegistry(layout.fonts)
    setter = Setter(fonts, layout.typography)
    style = layout.styles["body"]
    name = fonts.name(style.family)
    short = setter.lines([("续建", name)], style, 300, "left")
    assert setter.lines([("续建", name)], style, 300, "left") is short
    long = [("很长的段落。" * 40, name)]
    assert setter.lines(long, style, 300, "left") is not setter.lines(long, style, 300, "left")
    assert len(setter.lines(long, style, 300, "left")) > 1


def test_an_indent_is_counted_in_grid_cells_when_tracked(sample_plan):
    layout = sample_plan.layout
    style = layout.styles["body"]
    fonts = FontRegistry(layout.fonts)
    name = fonts.name(style.family)
    tracked = Setter(fonts, layout.typography, style.size, 2.0, style.leading)
    (first, *_) = tracked.lines([("正文" * 30, name)], style, 400, "left")
    assert first.pieces[0].x == pytest.approx(style.indent / style.size * (style.size + 2.0))
