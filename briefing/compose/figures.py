"""An area's figures at a glance: the key-figures strip and the chart of its growth targets in percent."""

from __future__ import annotations

from collections.abc import Callable

from briefing.model.packet import Area
from briefing.model.plan import Cell, Chart, KeyFigures, Origin, Para
from briefing.model.quantities import Figure

MAX_KEY_FIGURES = 4  # what fits across the 版心 in the key figures' size
_GROWTH = ("增长", "提高", "提升")  # a percent target saying so is a growth target the chart can draw


def key_figures(area: Area) -> KeyFigures | None:
    """The first targets given as figures, each with its name below; None when the area has none."""
    items: list[tuple[Cell, Cell]] = []
    for index, target in enumerate(area.targets, start=1):
        if isinstance(target.target, Figure) and len(items) < MAX_KEY_FIGURES:
            value = Cell(
                str(target.target),
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
    return [
        (target.name, target.target)
        for target in area.targets
        if isinstance(target.target, Figure) and target.target.unit == "%" and target.target.change in _GROWTH
    ]


def chart(area: Area, title: Callable[[], str]) -> Chart | None:
    """A bar chart of the area's growth targets under the text `title` makes; None for fewer than two
    (nothing to compare), and then the title is not made (its template is not run)."""
    growth = growth_targets(area)
    if len(growth) < 2:
        return None
    origin = Origin(area.where("targets"), "targets")
    return Chart(
        Para("caption", title(), origin),
        tuple(name for name, _ in growth),
        tuple(float(figure.amount) for _, figure in growth),
        tuple(figure.text() for _, figure in growth),
        "chart_label",
        origin,
    )
