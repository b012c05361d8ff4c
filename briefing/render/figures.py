"""Key figures and charts: a boxed strip of large figures with labels, and horizontal bars of targets."""

from __future__ import annotations

import math

import msgspec
from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from briefing.render.pager import Flowable
from briefing.render.tagging import Tagger, text_string
from briefing.render.text import TextBlock

# A label may shrink to this share of its size to stay on one line, before it wraps (a name that long).
_SMALLEST_LABEL = 0.7


class KeyFigureStrip(Flowable):
    """Large figures with small labels side by side, boxed. A label stays on one line: the boxes share
    the width equally when every label fits, else each box is as wide as its figure or label and the
    rest is shared; only if that still does not fit do all the labels shrink alike (to 70 %)."""

    def __init__(self, items: list[tuple[TextBlock, TextBlock]], fill: str, rule: str, padding: float):
        super().__init__()
        self.items = items
        self.fill = fill
        self.rule = rule
        self.padding = padding
        self.widths: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        gap = self.padding
        room = availWidth - gap * (len(self.items) - 1)
        needs = [max(_natural(value), _natural(label)) + 2 * self.padding for value, label in self.items]
        equal = room / len(self.items)
        if all(need <= equal for need in needs):
            self.widths = [equal] * len(self.items)
        elif sum(needs) <= room:
            spare = (room - sum(needs)) / len(self.items)
            self.widths = [need + spare for need in needs]
        else:
            self.widths = self._shrunk(room)
        heights = [
            value.wrap(width - 2 * self.padding, availHeight)[1]
            + label.wrap(width - 2 * self.padding, availHeight)[1]
            for width, (value, label) in zip(self.widths, self.items, strict=True)
        ]
        self.width = availWidth
        self.height = max(heights) + 2 * self.padding
        return availWidth, self.height

    def _shrunk(self, room: float) -> list[float]:
        """Box widths for labels set smaller, all alike, until the boxes fit (labels replaced in place)."""
        values = [_natural(value) + 2 * self.padding for value, _ in self.items]
        labels = [_natural(label) for _, label in self.items]
        # The largest share of their size at which every box holds its figure and its label on one line.
        low, high = _SMALLEST_LABEL, 1.0
        for _ in range(20):
            middle = (low + high) / 2
            needed = sum(self._box(value, label, middle) for value, label in zip(values, labels, strict=True))
            low, high = (middle, high) if needed <= room else (low, middle)
        factor = low
        self.items = [(value, _resized(label, factor)) for value, label in self.items]
        needs = [self._box(value, label, factor) for value, label in zip(values, labels, strict=True)]
        spare = max(room - sum(needs), 0.0) / len(needs)
        if sum(needs) > room:  # still too wide at the smallest size: equal boxes, and the labels wrap
            return [room / len(needs)] * len(needs)
        return [need + spare for need in needs]

    def _box(self, value: float, label: float, factor: float) -> float:
        """A box's width for a figure `value` wide (padding included) and a label `label` wide at full size."""
        return max(value, label * factor + 2 * self.padding)

    def draw(self) -> None:
        canv = self.canv
        x = 0.0
        for width, (value, label) in zip(self.widths, self.items, strict=True):
            canv.saveState()
            canv.setFillColor(HexColor(self.fill))
            canv.setStrokeColor(HexColor(self.rule))
            canv.setLineWidth(0.6)
            canv.rect(x, 0, width, self.height, fill=1, stroke=0)
            canv.line(x, self.height, x + width, self.height)
            canv.restoreState()
            value.drawOn(canv, x + self.padding, self.height - self.padding - value.height)
            label.drawOn(canv, x + self.padding, self.padding)
            x += width + self.padding


def _natural(block: TextBlock) -> float:
    """The width of a text set on one line, whatever its alignment."""
    probe = TextBlock(block.text, block.style, block.setter, block.state, block.origin, "left")
    probe.wrap(1e6, 1e6)
    return probe.width_used()


def _resized(block: TextBlock, factor: float) -> TextBlock:
    """The same text in its style scaled by `factor` (size, leading and indents alike)."""
    style = block.style
    scaled = msgspec.structs.replace(
        style,
        size=style.size * factor,
        leading=style.leading * factor,
        indent=style.indent * factor,
        left_indent=style.left_indent * factor,
    )
    return TextBlock(block.text, scaled, block.setter, block.state, block.origin, block.align)


class TaggedFigure(Flowable):
    """A drawing that is one Figure of the structure tree, with its alternative text (`alt`) and its box
    on the page; drawn inside another element's content, it adds none of its own."""

    alt: str = ""

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


class BarChart(TaggedFigure):
    """Horizontal bars of growth targets, labelled in Chinese, over a scale: light gridlines at round
    steps (1, 2, 2.5 or 5 times a power of ten) numbered under the bars. Drawn directly, in the layout's
    fonts; the numbers are in the labels' style."""

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
        self.step, self.top = scale(max(values, default=0.0))
        self.ticks: list[tuple[float, TextBlock]] = []
        if labels:
            first = labels[0]
            count = round(self.top / self.step)
            self.ticks = [
                (
                    self.step * index,
                    TextBlock(
                        tick_text(self.step * index),
                        first.style,
                        first.setter,
                        first.state,
                        first.origin,
                        "left",
                    ),
                )
                for index in range(count + 1)
            ]

    def estimated_height(self) -> float:
        if not self.labels:
            return 0.0
        return (len(self.labels) + 1) * (self.labels[0].style.leading + 4) + 4

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.label_width = availWidth * 0.32
        self.row = max(label.wrap(self.label_width, availHeight)[1] for label in self.labels) + 4
        for value in self.value_texts:
            value.wrap(availWidth * 0.2, availHeight)
        self.scale_height = max(
            (tick.wrap(availWidth, availHeight)[1] for _, tick in self.ticks), default=0.0
        )
        self.height = self.row * len(self.labels) + 4 + self.scale_height
        return availWidth, self.height

    def draw(self) -> None:
        canv = self.canv
        bar_left = self.label_width + 6
        bar_room = self.width - bar_left - self.width * 0.16
        floor = self.scale_height  # the bars stand above the scale's numbers
        canv.saveState()
        canv.setStrokeColor(HexColor(self.rule_color))
        canv.setLineWidth(0.3)
        canv.setDash(1, 1.5)
        for value, _ in self.ticks[1:]:
            x = bar_left + bar_room * value / self.top
            canv.line(x, floor, x, self.height)
        canv.setDash()
        canv.setLineWidth(0.6)
        canv.line(bar_left, floor, bar_left, self.height)
        for value, tick in self.ticks:
            x = bar_left + bar_room * value / self.top
            tick.drawOn(canv, x - tick.width_used() / 2, 0)
        for index, (label, value, text) in enumerate(
            zip(self.labels, self.values, self.value_texts, strict=True)
        ):
            y = self.height - (index + 1) * self.row
            label.drawOn(canv, self.label_width - label.width_used(), y + (self.row - label.height) / 2)
            length = bar_room * max(value, 0.0) / self.top
            canv.setFillColor(HexColor(self.bar_color))
            canv.rect(bar_left, y + self.row * 0.22, length, self.row * 0.56, fill=1, stroke=0)
            text.drawOn(canv, bar_left + length + 4, y + (self.row - text.height) / 2)
        canv.restoreState()


def scale(largest: float) -> tuple[float, float]:
    """(step, end) of a scale from 0 that holds `largest` in at most five round steps."""
    if not math.isfinite(largest) or largest <= 0:
        return 1.0, 1.0
    power = 10.0 ** math.floor(math.log10(largest / 5))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power * 5 >= largest)
    return step, math.ceil(largest / step - 1e-9) * step


def tick_text(value: float) -> str:
    """A scale number as a reader writes it: 0, 5, 2.5, 0.25 (no trailing zeros, no exponent)."""
    return f"{value:.6f}".rstrip("0").rstrip(".")
