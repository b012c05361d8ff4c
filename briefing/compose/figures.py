"""An area's figures at a glance: the key-figures strip and the chart of its growth targets in percent."""

from __future__ import annotations

from collections.abc import Callable

from briefing.model.packet import Area, LevelGrowth, Value
from briefing.model.plan import Cell, Chart, KeyFigures, Origin, Para
from briefing.model.quantities import Figure

MAX_KEY_FIGURES = 4  # what fits across the 版心 in the key figures' size
_UNIT_IN_TITLE = ("（%）", "(%)")  # a chart title that gives the bars' unit


def key_figure(value: Value | None) -> Figure | None:
    """What the key-figures strip shows of a target: a level given with its growth shows the level (where
    the quantity ends up), a figure given alone shows itself; words show nothing."""
    if isinstance(value, LevelGrowth):
        return value.level
    return value if isinstance(value, Figure) else None


def growth_of(value: Value | None) -> Figure | None:
    """The growth in percent a target states, alone or beside its level; None for anything else.

    Growth is any rising change (增长, 提高, 增速, 涨幅 …), as Figure.direction reads it.
    """
    figure = value.growth if isinstance(value, LevelGrowth) else value
    if isinstance(figure, Figure) and figure.is_change and figure.direction == "up" and figure.unit == "%":
        return figure
    return None


def key_figures(area: Area) -> KeyFigures | None:
    """The first targets given as figures, each with its name below; None when the area has none."""
    items: list[tuple[Cell, Cell]] = []
    for index, target in enumerate(area.targets, start=1):
        figure = key_figure(target.target)
        if figure is not None and len(items) < MAX_KEY_FIGURES:
            value = Cell(
                figure.text(),
                Origin(target.where("target"), f"targets[{index}].target"),
                "key_value",
                "center",
            )
            label = Cell(
                target.name, Origin(target.where("name"), f"targets[{index}].name"), "key_label", "center"
            )
            items.append((value, label))
    return KeyFigures(tuple(items), "key_value", "key_label") if items else None


def growth_targets(area: Area) -> list[tuple[str, Figure]]:
    """The area's targets that say how much (in percent) something grows: what the chart draws."""
    found = [(target.name, growth_of(target.target)) for target in area.targets]
    return [(name, figure) for name, figure in found if figure is not None]


def chart(area: Area, title: Callable[[], str]) -> Chart | None:
    """A bar chart of the area's growth targets under the text `title` makes; None for fewer than two
    (nothing to compare), and then the title is not made (its template is not run)."""
    growth = growth_targets(area)
    if len(growth) < 2:
        return None
    origin = Origin(area.where("targets"), "targets")
    caption = title()
    return Chart(
        Para("caption", caption, origin),
        tuple(name for name, _ in growth),
        tuple(float(figure.amount) for _, figure in growth),
        tuple(chart_value(figure, caption) for _, figure in growth),
        "chart_label",
        origin,
    )


def chart_value(figure: Figure, title: str) -> str:
    """A bar's value as the chart prints it: the figure as written, less what its title already says.

    A title that names growth (增长目标) leaves out each figure's rising word (增长, 提高 …: the chart
    draws only those) unless a basis needs it (同比增长8), and a title giving the unit as (%) leaves out
    the %; qualifiers stay (力争8, 6以上, 预计1.5). Under a title that says neither, the figure reads as
    written.
    """
    # A basis (同比, 按可比口径) reads only with its verb: 同比增长8, not 同比8.
    named = "增长" in title or (figure.change and figure.change in title)
    based = figure.subject or any(word in figure.prefix for word in ("比", "口径"))
    change = "" if figure.change and named and not based else figure.change
    unit = "" if any(mark in title for mark in _UNIT_IN_TITLE) else figure.unit
    return f"{figure.subject}{figure.prefix}{change}{figure.amount_text}{figure.approx}{unit}{figure.suffix}"
