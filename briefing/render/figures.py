"""Key figures and charts: a boxed strip of large figures with labels, and horizontal bars of targets."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from briefing.render.pager import Flowable
from briefing.render.tagging import Tagger, text_string
from briefing.render.text import TextBlock


class KeyFigureStrip(Flowable):
    """Large figures with small labels side by side, boxed."""

    def __init__(self, items: list[tuple[TextBlock, TextBlock]], fill: str, rule: str, padding: float):
        super().__init__()
        self.items = items
        self.fill = fill
        self.rule = rule
        self.padding = padding

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        gap = self.padding
        self.cell_width = (availWidth - gap * (len(self.items) - 1)) / len(self.items)
        inner = self.cell_width - 2 * self.padding
        heights = [
            value.wrap(inner, availHeight)[1] + label.wrap(inner, availHeight)[1]
            for value, label in self.items
        ]
        self.width = availWidth
        self.height = max(heights) + 2 * self.padding
        return availWidth, self.height

    def draw(self) -> None:
        canv = self.canv
        for index, (value, label) in enumerate(self.items):
            x = index * (self.cell_width + self.padding)
            canv.saveState()
            canv.setFillColor(HexColor(self.fill))
            canv.setStrokeColor(HexColor(self.rule))
            canv.setLineWidth(0.6)
            canv.rect(x, 0, self.cell_width, self.height, fill=1, stroke=0)
            canv.line(x, self.height, x + self.cell_width, self.height)
            canv.restoreState()
            value.drawOn(canv, x + self.padding, self.height - self.padding - value.height)
            label.drawOn(canv, x + self.padding, self.padding)


class BarChart(Flowable):
    """Horizontal bars of growth targets, labelled in Chinese: drawn directly, with the layout's fonts."""

    def __init__(
        self,
        labels: list[TextBlock],
        values: list[float],
        value_texts: list[TextBlock],
        bar_color: str,
        rule_color: str,
        alt: str = "",
    ):
        super().__init__()
        self.alt = alt  # the Figure's alternative text: title, labels and values
        self.labels = labels
        self.values = values
        self.value_texts = value_texts
        self.bar_color = bar_color
        self.rule_color = rule_color

    def estimated_height(self) -> float:
        return len(self.labels) * (self.labels[0].style.leading + 4) + 4 if self.labels else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.label_width = availWidth * 0.32
        self.row = max(label.wrap(self.label_width, availHeight)[1] for label in self.labels) + 4
        for value in self.value_texts:
            value.wrap(availWidth * 0.2, availHeight)
        self.height = self.row * len(self.labels) + 4
        return availWidth, self.height

    def drawOn(self, canv: Canvas, x: float, y: float) -> None:
        """Drawn as one Figure of the structure tree, with its alternative text and its box on the page."""
        tagger: Tagger | None = getattr(canv, "tagger", None)
        if tagger is None or tagger.inside:
            super().drawOn(canv, x, y)
            return
        box = f"{x:.2f} {y:.2f} {x + self.width:.2f} {y + self.height:.2f}"
        figure = tagger.root.add(
            "Figure", f"/Alt {text_string(self.alt)} /A <</O /Layout /BBox [{box}]>>", self.alt
        )
        tagger.open(canv, figure)
        super().drawOn(canv, x, y)
        tagger.close(canv)

    def draw(self) -> None:
        canv = self.canv
        top_value = max(self.values) or 1.0
        bar_left = self.label_width + 6
        bar_room = self.width - bar_left - self.width * 0.16
        canv.saveState()
        canv.setStrokeColor(HexColor(self.rule_color))
        canv.setLineWidth(0.6)
        canv.line(bar_left, 0, bar_left, self.height)
        for index, (label, value, text) in enumerate(
            zip(self.labels, self.values, self.value_texts, strict=True)
        ):
            y = self.height - (index + 1) * self.row
            label.drawOn(canv, self.label_width - label.width_used(), y + (self.row - label.height) / 2)
            length = bar_room * value / top_value
            canv.setFillColor(HexColor(self.bar_color))
            canv.rect(bar_left, y + self.row * 0.22, length, self.row * 0.56, fill=1, stroke=0)
            text.drawOn(canv, bar_left + length + 4, y + (self.row - text.height) / 2)
        canv.restoreState()
