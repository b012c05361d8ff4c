"""What goes between two areas: a page break (the default), or, for areas that run on, a rule or a space."""

from __future__ import annotations

from briefing.model.layout import Layout
from briefing.model.plan import Block, Origin, PageBreak, Rule, Space

AREAS_BREAKS = ("page", "rule", "space")  # the first is the default
_RULE = 0.5  # points: a thin rule, as 版记 lines are


def area_break(layout: Layout, duplex: bool) -> list[Block]:
    """The blocks between one area and the next. Running on, the next area starts one body line lower
    (a rule stands in the middle of that line), so that its text keeps to the layout's grid."""
    if layout.areas_break == "page":
        return [PageBreak(odd=duplex)]
    origin = Origin(layout.source, "areas_break")
    body = layout.styles.get("body")
    line = layout.page.frame_height / layout.grid[1] if layout.grid else body.leading if body else 20.0
    if layout.areas_break == "space":
        return [Space(line, origin)]
    half = (line - _RULE) / 2
    return [Space(half, origin), Rule(_RULE, origin), Space(half, origin)]
