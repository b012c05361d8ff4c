"""Page marks: the 份号 at the top-left of the 版心, and light diagonal watermarks (draft, recipient)."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from briefing.model.layout import Layout, TextStyle
from briefing.render.fonts.registry import FontRegistry
from briefing.render.setter import EM_CENTRE

DRAFT_GREY = "#d9d9d9"
WATERMARK_GREY = "#e3e3e3"


def mark_style(layout: Layout) -> TextStyle:
    """The style of 份号 and other marks: the layout's `mark` style, else its body style."""
    return layout.styles.get("mark") or layout.styles["body"]


def draw_copy_number(
    canv: Canvas, layout: Layout, fonts: FontRegistry, frame_left: float, number: str
) -> None:
    """GB/T 9704: 份号 in 3号 Arabic numerals, flush with the top-left of the 版心, on its first line."""
    style = layout.styles.get("copy_number") or mark_style(layout)
    leading = layout.page.frame_height / layout.grid[1] if layout.grid else style.leading
    baseline = layout.page.height - layout.page.top - leading / 2 - EM_CENTRE * style.size
    canv.saveState()
    canv.setFillColor(HexColor(style.color))
    fonts.draw_string(canv, number, style.family, style.size, frame_left, baseline)
    canv.restoreState()


def draw_diagonal(
    canv: Canvas,
    layout: Layout,
    fonts: FontRegistry,
    text: str,
    size: float,
    colour: str,
    tiles: int,
) -> None:
    """`text` at 35° across the page: once in the middle, or repeated in `tiles` rows."""
    family = mark_style(layout).family
    width = fonts.string_width(text, family, size)
    page = layout.page
    canv.saveState()
    canv.setFillColor(HexColor(colour))
    rows = max(tiles, 1)
    for row in range(rows):
        y = page.height * (row + 0.5) / rows
        for column in range(1 if rows == 1 else 2):
            x = page.width * ((column + 0.5) / (1 if rows == 1 else 2))
            canv.saveState()
            canv.translate(x, y)
            canv.rotate(35)
            fonts.draw_string(canv, text, family, size, -width / 2, -size * EM_CENTRE)
            canv.restoreState()
    canv.restoreState()


def draw_draft(canv: Canvas, layout: Layout, fonts: FontRegistry, text: str) -> None:
    draw_diagonal(canv, layout, fonts, text, 64, DRAFT_GREY, 1)


def draw_watermark(canv: Canvas, layout: Layout, fonts: FontRegistry, text: str) -> None:
    draw_diagonal(canv, layout, fonts, text, 18, WATERMARK_GREY, 3)
