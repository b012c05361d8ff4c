"""Key figures and the chart of growth targets, as the briefing layout prints them."""

from __future__ import annotations

import pytest

from briefing.model.quantities import Figure

from .helpers import squash


def test_briefing_layout_has_key_figures_chart_and_contents(sample_briefing):
    packet, pdf = sample_briefing
    text = squash(pdf.all_text)
    assert "目录" in text
    assert "增长目标" in text, "the chart title"
    first_target = next(t for t in packet.areas[0].targets if isinstance(t.target, Figure))
    assert squash(str(first_target.target)) in text


def test_key_figures_and_bars_are_laid_out_from_their_parts(sample_plan):
    from briefing.errors import Source
    from briefing.model.plan import Origin
    from briefing.render.figures import BarChart, KeyFigureStrip
    from briefing.render.fonts.registry import FontRegistry
    from briefing.render.setter import Setter
    from briefing.render.state import RenderState
    from briefing.render.text import TextBlock

    layout = sample_plan.layout
    style = layout.styles["body"]
    setter = Setter(FontRegistry(layout.fonts), layout.typography)
    origin = Origin(Source("a.yaml"), "targets")

    def block(text: str) -> TextBlock:
        return TextBlock(text, style, setter, RenderState(), origin, "left")

    strip = KeyFigureStrip(
        [(block("6%"), block("增长")), (block("2000人"), block("就业"))], "#eeeeee", "#000000", 4
    )
    width, height = strip.wrap(400, 500)
    assert width == 400 and strip.widths == pytest.approx([(400 - 4) / 2] * 2)
    assert height == pytest.approx(2 * style.leading + 8), "one line of figure and label, padded"

    # A label too long for an equal share widens its box; the others share what is left.
    strip = KeyFigureStrip(
        [(block("6%"), block("增长")), (block("25个"), block("实施5000万元以上重点项目"))],
        "#eeeeee",
        "#000000",
        4,
    )
    _, height = strip.wrap(400, 500)
    assert strip.widths[1] > strip.widths[0] and sum(strip.widths) + 4 == pytest.approx(400)
    assert height == pytest.approx(2 * style.leading + 8), "the long label stays on one line"

    # Too long for any share: every label shrinks alike, no further than 70 %, and stays on one line.
    strip = KeyFigureStrip(
        [(block("6%"), block("社会消费品零售总额")), (block("25个"), block("实施5000万元以上重点项目"))],
        "#eeeeee",
        "#000000",
        4,
    )
    _, height = strip.wrap(300, 500)
    sizes = {label.style.size for _, label in strip.items}
    assert len(sizes) == 1 and 0.7 * style.size <= sizes.pop() < style.size
    assert all(len(label._lines or ()) == 1 for _, label in strip.items)

    # A label no size can fit (a paragraph pasted in) wraps in an equal box rather than overflow.
    strip = KeyFigureStrip(
        [(block("6%"), block("很长的说明" * 40)), (block("7%"), block("短"))], "#e", "#0", 4
    )
    _, height = strip.wrap(400, 5000)
    assert strip.widths == pytest.approx([(400 - 4) / 2] * 2) and height > 3 * style.leading

    chart = BarChart(
        [block("甲"), block("乙"), block("丙")],
        [1.0, 2.0, 4.0],
        [block(t) for t in "124"],
        "#999999",
        "#000000",
    )
    assert chart.estimated_height() == pytest.approx(4 * (style.leading + 4) + 4), "three bars and the scale"
    _, height = chart.wrap(400, 500)
    assert height == pytest.approx(chart.row * 3 + 4 + style.leading) and chart.label_width == pytest.approx(
        128
    )
    assert [value for value, _ in chart.ticks] == [0, 1, 2, 3, 4]
