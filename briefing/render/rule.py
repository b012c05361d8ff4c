"""Rule: a line across the whole 版心 (under a red-head title, over a 版记)."""

from __future__ import annotations

from reportlab.lib.colors import HexColor

from briefing.render.pager import Flowable


class Rule(Flowable):
    """A line across the whole 版心."""

    def __init__(self, thickness: float, colour: str = "#000000"):
        super().__init__()
        self.thickness = thickness
        self.colour = colour

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.thickness
        return availWidth, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setStrokeColor(HexColor(self.colour))
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.thickness / 2, self.width, self.thickness / 2)
        self.canv.restoreState()
