"""An area's figures at a glance: the key-figures strip and the chart of its growth targets."""

from __future__ import annotations

from pathlib import Path

import pytest
from packets import area_yaml, write_packet

from briefing.compose import compose
from briefing.compose.figures import MAX_KEY_FIGURES, chart, growth_targets, key_figures
from briefing.errors import LayoutError, Source
from briefing.layouts.build import load_layout
from briefing.model.packet import Area
from briefing.model.plan import Chart, KeyFigures
from briefing.pipeline import load_and_validate

from .hostile import with_text


def _targets(rows: list[tuple[str, str, str]]) -> str:
    return "targets:\n" + "".join(
        f"  - name: {name}\n    unit: {unit}\n    target: {target}\n" for name, unit, target in rows
    )


def area_of(tmp_path: Path, rows: list[tuple[str, str, str]]) -> Area:
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("扩大内需", targets=_targets(rows))})
    return load_and_validate(root).areas[0]


def test_qualified_figures_reach_the_key_figures_and_the_chart(tmp_path: Path) -> None:
    rows = [("地区生产总值", '"%"', "按可比口径增长6%左右"), ("规上工业增加值", '"%"', "同比增长8%"),
            ("居民消费价格", '"%"', "控制在3%以内"), ("城镇新增就业", "人", "新增2000人")]  # fmt: skip
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("扩大内需", targets=_targets(rows))})
    packet = load_and_validate(root)
    plan = compose(packet, load_layout("briefing", root, (Source("--layout"), "")))
    strip = next(block for block in plan.blocks if isinstance(block, KeyFigures))
    assert [value.text for value, _ in strip.items] == [row[2] for row in rows]
    chart = next(block for block in plan.blocks if isinstance(block, Chart))
    assert chart.labels == ("地区生产总值", "规上工业增加值") and chart.values == (6.0, 8.0)
    # Each bar keeps the target's qualifiers; the rising word and the % are in the title (增长目标（%）).
    assert chart.value_texts == ("按可比口径增长6左右", "同比增长8")


def test_the_strip_holds_the_first_four_figures_with_their_names(tmp_path: Path) -> None:
    rows = [(f"指标{n}", "个", f"{n}个") for n in range(1, 7)]
    rows.insert(1, ("在文字中", "个", "不低于全市平均水平"))  # a target in words: not a figure
    strip = key_figures(area_of(tmp_path, rows))
    assert strip is not None and len(strip.items) == MAX_KEY_FIGURES == 4
    assert [(value.text, label.text) for value, label in strip.items] == [
        ("1个", "指标1"), ("2个", "指标2"), ("3个", "指标3"), ("4个", "指标4"),
    ]  # fmt: skip
    value, label = strip.items[0]
    assert (value.origin.field, label.origin.field, value.style, label.style) == (
        "targets[1].target", "targets[1].name", "key_value", "key_label",
    )  # fmt: skip


def test_no_figures_no_strip(tmp_path: Path) -> None:
    assert key_figures(area_of(tmp_path, [("在文字中", "个", "不低于全市平均水平")])) is None


def test_a_single_growth_target_makes_no_chart_and_its_title_is_not_made(tmp_path: Path) -> None:
    area = area_of(tmp_path, [("地区生产总值", '"%"', "增长6%"), ("城镇新增就业", "人", "新增2000人")])
    assert [name for name, _ in growth_targets(area)] == ["地区生产总值"]

    def title() -> str:
        raise AssertionError("the title of a chart that is not drawn was made")

    assert chart(area, title) is None


def test_a_broken_chart_title_is_reported_only_where_a_chart_is_drawn(tmp_path: Path) -> None:
    one = [("地区生产总值", '"%"', "增长6%")]
    two = [*one, ("规上工业增加值", '"%"', "增长8%")]
    for rows, reported in ((one, False), (two, True)):
        root = write_packet(
            tmp_path / str(len(rows)), {"01-a.yaml": area_yaml("扩大内需", targets=_targets(rows))}
        )
        loaded = with_text(load_layout("briefing", root), "chart_title", "{{ area.title / 2 }}")
        packet = load_and_validate(root)
        if reported:
            with pytest.raises(LayoutError) as caught:
                compose(packet, loaded)
            assert [found.field for found in caught.value.issues] == ["texts.chart_title"]
        else:
            assert not any(isinstance(block, Chart) for block in compose(packet, loaded).blocks)


# --- growth as Figure.direction reads it; a level with its growth (issue 12, point 3) ----------------------


def test_every_rising_change_in_percent_is_growth(tmp_path: Path) -> None:
    rows = [("甲", '"%"', "增速3%"), ("乙", '"%"', "涨幅2.5%"), ("丙", '"%"', "提高到65%"),
            ("丁", '"%"', "下降2%"), ("戊", '"%"', "上升1.2%"), ("己", "人", "增加2000人")]  # fmt: skip
    growth = growth_targets(area_of(tmp_path, rows))
    # 提高到65% is a level reached, 下降 falls, 增加2000人 is not in percent
    assert [(name, figure.text()) for name, figure in growth] == [
        ("甲", "增速3%"),
        ("乙", "涨幅2.5%"),
        ("戊", "上升1.2%"),
    ]


def test_a_pair_shows_its_level_in_the_strip_and_its_growth_in_the_chart(tmp_path: Path) -> None:
    rows = [("地区生产总值", "亿元", "{level: 113.6亿元, growth: 增长5%}"),
            ("社会消费品零售总额", "亿元", "{level: 40亿元, growth: 增速7%}")]  # fmt: skip
    area = area_of(tmp_path, rows)
    strip = key_figures(area)
    assert strip is not None and [value.text for value, _ in strip.items] == ["113.6亿元", "40亿元"]
    drawn = chart(area, lambda: "扩大内需：2023年增长目标（%）")
    assert drawn is not None and drawn.values == (5.0, 7.0)
    assert drawn.value_texts == ("5", "7")  # the title says 增长 and (%)
    written = chart(area, lambda: "扩大内需：主要目标")
    assert written is not None and written.value_texts == ("增长5%", "增速7%")  # a title that says neither
