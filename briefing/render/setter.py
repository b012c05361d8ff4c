"""Setter: breaking text with the layout's typography and fonts, and the numbers a content stream is written with."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec
from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str

from briefing.linebreak import Line, Style, break_paragraph
from briefing.model.layout import TextStyle, Typography
from briefing.render.fonts.registry import FontRegistry

# Baseline below the middle of the line box: centres the ideographic em box (ascent .88, descent -.12).
EM_CENTRE = 0.38
# Broken lines are remembered for short texts only: those repeat (—, 续建, units, numbers) and are cheap to
# keep; a long paragraph is broken once anyway, and keeping every one would hold the whole packet's lines.
_REMEMBER_CHARS = 200
_REMEMBER_TEXTS = 4096


class _Numbers(dict[float, str]):
    """Positions as written, 1/100 pt (0.004 mm): exact enough for print, a tenth of the bytes of full
    floats. Memoised: the grid puts baselines and left edges at the same few hundred places on every page."""

    def __missing__(self, value: float) -> str:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        text = self[value] = "0" if text == "-0" else text
        return text


class _Spacings(dict[float, str]):
    """Character spacings (Tc) as written, to 1/100,000 pt; memoised like positions."""

    def __missing__(self, value: float) -> str:
        text = self[value] = f"{value:.5f}".rstrip("0").rstrip(".") + " Tc"
        return text


def fill_operator(colour: str) -> str:
    """The PDF operator that sets `colour` ("#rrggbb") for filling, as ReportLab writes it."""
    rgb = HexColor(colour)
    return f"{fp_str(rgb.red, rgb.green, rgb.blue)} rg"


class Setter(msgspec.Struct, frozen=True):
    """Everything needed to break and draw text: fonts, typography options and the grid pitch."""

    fonts: FontRegistry
    typography: Typography
    grid_size: float | None = None
    grid_tracking: float = 0.0
    grid_leading: float | None = None
    colour_operators: dict[str, str] = msgspec.field(default_factory=dict)
    advances_at: dict[float, dict[str, dict[str, float]]] = msgspec.field(default_factory=dict)
    styles: dict[tuple[float, float, float, float, str], Style] = msgspec.field(default_factory=dict)
    broken: dict[
        tuple[tuple[tuple[str, str], ...], tuple[float, float, float, float, str]], Sequence[Line]
    ] = msgspec.field(default_factory=dict)
    # A warm build's lines of longer texts, from the last render (RenderMemo.long_broken): not for a cold build.
    long_broken: (
        dict[tuple[tuple[tuple[str, str], ...], tuple[float, float, float, float, str]], Sequence[Line]]
        | None
    ) = None
    numbers: _Numbers = msgspec.field(default_factory=_Numbers)
    spacings: _Spacings = msgspec.field(default_factory=_Spacings)

    def tracking(self, style: TextStyle) -> float:
        return self.grid_tracking if self.grid_size is not None and style.size == self.grid_size else 0.0

    def fill_operator(self, colour: str) -> str:
        """The PDF operator that sets `colour` ("#rrggbb") for filling, as ReportLab writes it."""
        operator = self.colour_operators.get(colour)
        if operator is None:
            operator = self.colour_operators[colour] = fill_operator(colour)
        return operator

    def leading(self, style: TextStyle) -> float:
        if self.grid_leading is not None and style.size == self.grid_size:
            return self.grid_leading
        return style.leading

    def lines(
        self, spans: list[tuple[str, str]], style: TextStyle, width: float, align: str
    ) -> Sequence[Line]:
        size = style.size
        tracking = self.tracking(style)
        indent = style.indent
        if tracking and indent:
            # An indent of N characters is N grid cells, not N em.
            indent = indent / size * (size + tracking)
        shape = (max(width - style.left_indent, size), size, indent, tracking, align)
        settings = self.styles.get(shape)
        if settings is None:  # one Style per shape: the shape, a plain tuple, is also the cheaper key
            settings = self.styles[shape] = Style(
                width=shape[0],
                size=size,
                first_indent=indent,
                tracking=tracking,
                align=align,
                compress_punct=self.typography.compress_punct,
                cjk_latin_space=self.typography.cjk_latin_space,
                hang_punct=self.typography.hang_punct,
            )
        remember = sum(len(text) for text, _ in spans) <= _REMEMBER_CHARS
        key = (tuple(spans), shape)
        kept = self.long_broken if not remember else None
        lines = self.broken.get(key) if remember else kept.get(key) if kept is not None else None
        if lines is None:
            measure = self.fonts.measure
            widths = self.advances_at.setdefault(size, {})
            lines = break_paragraph(spans, settings, lambda char, font: measure(char, font) * size, widths)
            if remember:
                if len(self.broken) >= _REMEMBER_TEXTS:
                    del self.broken[next(iter(self.broken))]  # the oldest: a bound, not a policy
                self.broken[key] = lines
            elif kept is not None:
                kept[key] = lines
        return lines
