"""The progress chart: each area's targets and projects by status as one stacked bar, every status told
apart by a pattern and its mark (● ◎ ▲ ○ ×) as well as by colour, so that it reads in grayscale too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from briefing.compose.progress_chart import chart_alt
from briefing.model.plan import ProgressChart
from briefing.model.progress import BEHIND, DONE, NOT_STARTED, ON_TRACK, STOPPED
from briefing.render.figures import TaggedFigure
from briefing.render.pager import CondPageBreak, Flowable
from briefing.render.text import TextBlock

if TYPE_CHECKING:
    from briefing.render.story import StoryBuilder

INK = "#333333"
# Each status: a light fill (the mark printed on it stays legible) and a pattern drawn in a darker ink:
# solid, diagonal lines, cross-hatching, nothing, horizontal lines. Gray printing keeps the patterns.
LOOKS: dict[str, tuple[str, str, str]] = {
    DONE: ("#9ccc9c", "#2e6b2e", "solid"),
    ON_TRACK: ("#cfe0f3", "#1f4e8c", "diagonal"),
    BEHIND: ("#f6c6c0", "#a3271b", "cross"),
    NOT_STARTED: ("#ffffff", INK, "none"),
    STOPPED: ("#e0e0e0", "#555555", "horizontal"),
}
PITCH = 4.0  # points between the lines of a pattern
SWATCH = 16.0  # the legend's sample of each pattern, in points


def draw_pattern(canv: Canvas, status: str, x: float, y: float, width: float, height: float) -> None:
    """One status's look over a rectangle: its fill, its pattern (clipped to it) and an outline."""
    fill, ink, pattern = LOOKS[status]
    canv.saveState()
    canv.setFillColor(HexColor(fill))
    canv.setStrokeColor(HexColor(ink))
    canv.setLineWidth(0.5)
    canv.rect(x, y, width, height, fill=1, stroke=1)
    clip = canv.beginPath()
    clip.rect(x, y, width, height)
    canv.clipPath(clip, stroke=0, fill=0)
    canv.setLineWidth(0.6)
    if pattern in ("diagonal", "cross"):
        offset = -height
        while offset < width:
            # 45° lines cut at the rectangle's sides (not only clipped: a reader of the PDF sees them inside)
            low, high = max(0.0, -offset), min(height, width - offset)
            if low < high:
                canv.line(x + offset + low, y + low, x + offset + high, y + high)
                if pattern == "cross":
                    canv.line(x + offset + low, y + height - low, x + offset + high, y + height - high)
            offset += PITCH * (1.5 if pattern == "cross" else 1)
    elif pattern == "horizontal":
        level = y + PITCH / 2
        while level < y + height:
            canv.line(x, level, x + width, level)
            level += PITCH
    canv.restoreState()


class StackedBars(TaggedFigure):
    """A legend, then per area a label and a bar whose segments are its counts by status (to one scale
    for every area), each segment marked with its status's mark and count where it fits."""

    def __init__(self, block: ProgressChart, make: TextMaker):
        super().__init__()
        self.block = block
        self.alt = chart_alt(block)
        self.legend = [make(f"{mark}{status}") for status, mark in block.statuses]
        self.labels = [make(label) for label, _ in block.rows]
        self.totals = [make(f"{sum(counts)}") for _, counts in block.rows]
        self.marks = [
            [make(f"{mark}{count}") for (_, mark), count in zip(block.statuses, counts, strict=True)]
            for _, counts in block.rows
        ]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.label_width = availWidth * 0.34
        for text in [*self.legend, *self.totals, *(m for row in self.marks for m in row)]:
            text.wrap(availWidth / 4, availHeight)
        self.rows = [label.wrap(self.label_width, availHeight)[1] + 10 for label in self.labels]
        self.legend_height = max(text.height for text in self.legend) + 8
        self.height = self.legend_height + sum(self.rows) + 2
        return availWidth, self.height

    def draw(self) -> None:
        canv = self.canv
        self._legend(canv)
        bar_left = self.label_width + 8
        room = self.width - bar_left - 28
        most = max((sum(counts) for _, counts in self.block.rows), default=0) or 1
        top = self.height - self.legend_height
        for label, total, marks, (_, counts), row in zip(
            self.labels, self.totals, self.marks, self.block.rows, self.rows, strict=True
        ):
            top -= row
            label.drawOn(canv, self.label_width - label.width_used(), top + (row - label.height) / 2)
            x = bar_left
            bar = row - 6
            for (status, _), count, mark in zip(self.block.statuses, counts, marks, strict=True):
                if not count:
                    continue
                width = room * count / most
                draw_pattern(canv, status, x, top + 3, width, bar)
                if mark.width_used() + 4 <= width:
                    self._boxed(
                        canv, mark, x + (width - mark.width_used()) / 2, top + (row - mark.height) / 2
                    )
                x += width
            total.drawOn(canv, x + 4, top + (row - total.height) / 2)
        canv.setStrokeColor(HexColor(INK))
        canv.setLineWidth(0.6)
        canv.line(bar_left, 0, bar_left, self.height - self.legend_height)

    def _legend(self, canv: Canvas) -> None:
        x = 0.0  # from the left edge: the five entries need more than the bars' width
        y = self.height - self.legend_height + 4
        for (status, _), text in zip(self.block.statuses, self.legend, strict=True):
            draw_pattern(canv, status, x, y + (text.height - 9) / 2, SWATCH, 9)
            text.drawOn(canv, x + SWATCH + 3, y)
            x += SWATCH + 3 + text.width_used() + 10

    @staticmethod
    def _boxed(canv: Canvas, text: TextBlock, x: float, y: float) -> None:
        """A segment's mark and count on a white ground, legible over any pattern."""
        canv.saveState()
        canv.setFillColor(HexColor("#ffffff"))
        canv.rect(x - 1.5, y + text.height * 0.12, text.width_used() + 3, text.height * 0.8, fill=1, stroke=0)
        canv.restoreState()
        text.drawOn(canv, x, y)


class TextMaker:
    """Text blocks in the chart's label style, with the story's setter and state."""

    def __init__(self, builder: StoryBuilder, block: ProgressChart):
        self.builder = builder
        self.block = block

    def __call__(self, text: str) -> TextBlock:
        builder = self.builder
        style = builder.style(self.block.label_style)
        return TextBlock(text, style, builder.setter, builder.state, self.block.origin, "left")


def progress_chart_flowables(builder: StoryBuilder, block: ProgressChart) -> list[Flowable]:
    """The chart's title and the chart, kept on one page."""
    chart = StackedBars(block, TextMaker(builder, block))
    style = builder.style(block.label_style)
    height = (len(block.rows) + 1) * (builder.setter.leading(style) + 10) + 8
    title = builder.style(block.title.style)
    return [CondPageBreak(height + builder.setter.leading(title)), builder.para(block.title), chart]
