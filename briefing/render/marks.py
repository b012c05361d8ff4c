"""Page marks: the 份号 at the top-left of the 版心, and light diagonal watermarks (draft, recipient).

Watermarks are drawn as the outlines of their glyphs, not as text: they look the same, and no text
extractor (copy-paste, search, pdfminer, pypdf) mixes their characters into the page's text. The caller
marks them, and the 份号, as artifacts (see tagging.py) where it tags the page.
"""

from __future__ import annotations

import math

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from briefing.model.layout import Layout, TextStyle
from briefing.render.fonts.registry import FontRegistry
from briefing.render.outlines import OutlineError, contour_operators, glyph_contours
from briefing.render.setter import EM_CENTRE, fill_operator

DRAFT_GREY = "#d9d9d9"
WATERMARK_GREY = "#e3e3e3"
_ANGLE = 35


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


def ink_middle(fonts: FontRegistry, text: str, family: str, size: float) -> float:
    """How far above the baseline the ink of `text`'s 一字线 (U+2014) is centred, in pt; of all its ink
    when it has none. Read from the glyph outlines: a face draws its dash where its designer chose (宋体's
    sits a quarter em up, not at the middle of the em box), and GB/T 9704 places the dash itself.
    The em box's middle when no outline can be read (a blank or damaged glyph)."""
    wanted = "\u2014" if "\u2014" in text else text
    low, high = math.inf, -math.inf
    runs, _ = fonts.runs(text, family)
    for chunk, font_name in runs:
        # Read, not registered: the registry registered the face; its glyph data is read here.
        face = pdfmetrics.getFont(font_name).face
        scale = size / (face.unitsPerEm or 1000)
        for char in set(chunk) & set(wanted):
            try:
                contours = glyph_contours(
                    face, fonts.glyph_reader(font_name), face.charToGlyph.get(ord(char), 0)
                )
            except OutlineError:
                continue
            for contour in contours:
                for _, y, _ in contour:
                    low, high = min(low, y * scale), max(high, y * scale)
    return (low + high) / 2 if low <= high else EM_CENTRE * size


def ink_middle_kept(
    kept: dict[tuple[str, str, float], float], fonts: FontRegistry, text: str, family: str, size: float
) -> float:
    """ink_middle(), measured once for every text whose ink it measures alike and kept in `kept`: with a
    一字线 that is only the dash's (its face is the first of the family's chain that has it), so every
    page number of a packet is one measurement, not a glyph outline read per page."""
    key = ("\u2014" if "\u2014" in text else text, family, size)
    found = kept.get(key)
    if found is None:
        found = kept[key] = ink_middle(fonts, text, family, size)
    return found


def outline_operators(
    fonts: FontRegistry, text: str, family: str, size: float, x: float, y: float
) -> list[str]:
    """Path operators filling the outlines of `text` set from (x, y), each fallback run in its own face.

    A glyph whose outline cannot be read (a damaged font) is left out of the mark; the text itself
    draws from the same font's program and is checked where the font is embedded.
    """
    operators: list[str] = []
    runs, _ = fonts.runs(text, family)
    for chunk, font_name in runs:
        # Read, not registered: the registry registered the face; its glyph data is read here.
        face = pdfmetrics.getFont(font_name).face
        data = fonts.glyph_reader(font_name)
        scale = size / (face.unitsPerEm or 1000)
        for char in chunk:
            glyph = face.charToGlyph.get(ord(char), 0)
            try:
                contours = glyph_contours(face, data, glyph)
            except OutlineError:
                contours = []
            operators.extend(contour_operators(contours, scale, x, y))
            x += fonts.measure(char, font_name) * size
    if operators:
        operators.append("f")
    return operators


def diagonal_operators(
    layout: Layout, fonts: FontRegistry, text: str, size: float, colour: str, tiles: int
) -> str:
    """`text` at 35° across the page, once in the middle or repeated in `tiles` rows, as filled paths."""
    family = mark_style(layout).family
    width = fonts.string_width(text, family, size)
    shape = outline_operators(fonts, text, family, size, -width / 2, -size * EM_CENTRE)
    if not shape:
        return ""
    page = layout.page
    cos, sin = math.cos(math.radians(_ANGLE)), math.sin(math.radians(_ANGLE))
    rotation = f"{cos:.6f} {sin:.6f} {-sin:.6f} {cos:.6f}"
    body = "\n".join(shape)
    parts = ["q", fill_operator(colour)]
    rows = max(tiles, 1)
    columns = 1 if rows == 1 else 2
    for row in range(rows):
        y = page.height * (row + 0.5) / rows
        for column in range(columns):
            x = page.width * (column + 0.5) / columns
            parts += ["q", f"{rotation} {x:.2f} {y:.2f} cm", body, "Q"]
    parts.append("Q")
    return "\n".join(parts)


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
    operators = diagonal_operators(layout, fonts, text, size, colour, tiles)
    if operators:
        canv.addLiteral(operators)


def draft_operators(layout: Layout, fonts: FontRegistry, text: str) -> str:
    return diagonal_operators(layout, fonts, text, 64, DRAFT_GREY, 1)


def draw_draft(canv: Canvas, layout: Layout, fonts: FontRegistry, text: str) -> None:
    draw_diagonal(canv, layout, fonts, text, 64, DRAFT_GREY, 1)


def draw_watermark(canv: Canvas, layout: Layout, fonts: FontRegistry, text: str) -> None:
    draw_diagonal(canv, layout, fonts, text, 18, WATERMARK_GREY, 3)
