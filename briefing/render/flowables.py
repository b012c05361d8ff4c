"""ReportLab flowables set with our own line breaker: text blocks, contents, captioned tables, figures."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import overload

import msgspec
from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from briefing.linebreak import Line, Style, break_paragraph
from briefing.model.layout import TextStyle, Typography
from briefing.model.plan import Origin
from briefing.render.fonts.registry import CIDFont, FontRegistry
from briefing.render.pager import Flowable

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


class LineRun(Sequence[Line]):
    """Lines start..stop of one broken paragraph, sharing its list: the parts of a paragraph split page
    after page are views, not copies, so cutting a long one costs a page's worth of work per page."""

    __slots__ = ("_lines", "_start", "_stop")
    _lines: Sequence[Line]
    _start: int
    _stop: int

    def __init__(self, lines: Sequence[Line], start: int = 0, stop: int | None = None):
        if isinstance(lines, LineRun):  # a view of a view looks straight at the list
            start += lines._start
            stop = lines._stop if stop is None else lines._start + stop
            lines = lines._lines
        self._lines = lines
        self._start = start
        self._stop = len(lines) if stop is None else stop

    def __len__(self) -> int:
        return self._stop - self._start

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> LineRun: ...

    def __getitem__(self, index: int | slice) -> Line | LineRun:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                raise ValueError("a run of lines is sliced without a step")
            return LineRun(self, start, max(start, stop))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._lines[self._start + index]

    def __iter__(self) -> Iterator[Line]:
        return map(self._lines.__getitem__, range(self._start, self._stop))


class RenderState(msgspec.Struct):
    """Per-build facts the flowables record while drawing and the page decorations read."""

    heading_pages: dict[str, int] = msgspec.field(default_factory=dict)
    heading_titles: dict[str, str] = msgspec.field(default_factory=dict)
    blank_pages: set[int] = msgspec.field(default_factory=set)
    number_start: int | None = None
    contents_numbers: list[tuple[int, str]] = msgspec.field(
        default_factory=list
    )  # (page, heading key) to fill in

    def printed_number(self, page: int) -> int | None:
        if self.number_start is None or page < self.number_start:
            return None
        return page - self.number_start + 1


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
        lines = self.broken.get(key) if remember else None
        if lines is None:
            measure = self.fonts.measure
            widths = self.advances_at.setdefault(size, {})
            lines = break_paragraph(spans, settings, lambda char, font: measure(char, font) * size, widths)
            if remember:
                if len(self.broken) >= _REMEMBER_TEXTS:
                    del self.broken[next(iter(self.broken))]  # the oldest: a bound, not a policy
                self.broken[key] = lines
        return lines


class TextBlock(Flowable):
    """A paragraph broken by our GB/T 15834 breaker and drawn line by line with exact positions.

    A split leaves parts that look at the paragraph's one list of lines (see LineRun); a part's text is
    joined from its lines only if it is ever broken again at another width.
    """

    origin: Origin

    def __init__(
        self,
        text: str | None,
        style: TextStyle,
        setter: Setter,
        state: RenderState,
        origin: Origin,
        align: str | None = None,
        outline: tuple[str, str, int] | None = None,
        lines: Sequence[Line] | None = None,
        width: float | None = None,
        first: bool = True,
    ):
        super().__init__()
        self._text = text  # None: the text of `lines`
        self.style = style
        self.setter = setter
        self.state = state
        self.origin = origin
        self.align = align or style.align
        self.outline = outline  # (key, title, level)
        self._lines = lines
        self._width = width
        self._first = first
        self.leading = setter.leading(style)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(line.text for line in self._lines or ())
        return self._text

    @property
    def has_text(self) -> bool:
        """Whether anything is printed; a part answers from its lines without joining them."""
        return bool(self._text) if self._text is not None else bool(self._lines)

    def _break(self, width: float) -> Sequence[Line]:
        if self._lines is None or self._width is None or abs(self._width - width) > 1e-6:
            if self.has_text:
                spans, _ = self.setter.fonts.runs(self.text, self.style.family)
                self._lines = self.setter.lines(spans, self.style, width, self.align)
            else:
                self._lines = []
            self._width = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self._break(availWidth)
        self.width = availWidth
        self.height = max(len(lines), 1 if self.has_text else 0) * self.leading
        return availWidth, self.height

    def width_used(self) -> float:
        """Width of the widest broken line (for right-aligning short labels)."""
        return max((line.width for line in self._lines or []), default=0.0)

    def getSpaceBefore(self) -> float:
        return self.style.space_before if self._first else 0.0

    def getSpaceAfter(self) -> float:
        return self.style.space_after

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # ReportLab's tables pass the column width here, not the width they wrapped the cell to (padding
        # included): the lines from the last wrap are the ones on the page, so split those.
        lines = (
            self._lines if self._lines is not None and self._width is not None else self._break(availWidth)
        )
        width = self._width if self._width is not None else availWidth
        fit = math.floor((availHeight + 1e-6) / self.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            # Everything fits (a table splitting a row asks each cell): keep it whole, leave nothing over.
            return [self, self._part(LineRun(()), width, None, False)]
        run = LineRun(lines)
        head = self._part(run[:fit], width, self.outline, self._first)
        tail = self._part(run[fit:], width, None, False)
        return [head, tail]

    def _part(
        self, lines: LineRun, width: float, outline: tuple[str, str, int] | None, first: bool
    ) -> TextBlock:
        """A piece holding some of the lines; its text is theirs (should it ever be re-broken)."""
        return TextBlock(
            None, self.style, self.setter, self.state, self.origin, self.align, outline, lines, width, first
        )

    def draw(self) -> None:
        canv = self.canv
        if self.outline is not None:
            key, title, level = self.outline
            canv.bookmarkHorizontal(key, 0, self.height)
            canv.addOutlineEntry(title, key, level)
            self.state.heading_pages[key] = canv.getPageNumber()
        draw_lines(
            canv,
            self._lines or [],
            self.style,
            self.setter,
            self.leading,
            self.height,
            self.style.left_indent,
        )


def draw_lines(
    canv: Canvas,
    lines: Sequence[Line],
    style: TextStyle,
    setter: Setter,
    leading: float,
    top: float,
    left: float,
) -> None:
    """Draw broken lines from `top` down; each piece at its exact x with its own character spacing.

    The text operators are written directly: going through ReportLab's text object costs a dozen calls
    per piece. Each piece gets its own position, which also keeps pdfminer-based readers exact (they drop
    Tc at a Tj boundary).
    """
    size = style.size
    fonts = setter.fonts
    colour = setter.fill_operator(style.color)
    # Written as ReportLab's saveState/setFillColor/restoreState would, without its state bookkeeping.
    code = canv._code
    code += ("q", colour)
    operators = ["BT"]
    if style.bold and setter.typography.synthetic_bold:
        fonts.synthetic_bold.append(style.name)
        code += (colour[:-2] + "RG", fp_str(size * 0.035) + " w")  # stroked in the text's colour
        operators.append("2 Tr")
    doc = canv._doc
    size_text = fp_str(size)
    numbers = setter.numbers
    spacings = setter.spacings
    encoders: dict[str, CIDFont] = {}
    current_font = None
    current_space = None
    for index, line in enumerate(lines):
        baseline = numbers[top - index * leading - leading / 2 - EM_CENTRE * size]
        for piece in line.pieces:
            if piece.char_space != current_space:
                operators.append(spacings[piece.char_space])
                current_space = piece.char_space
            encoder = encoders.get(piece.font)
            if encoder is None:
                encoder = encoders[piece.font] = fonts.encoder(piece.font, doc)
            if encoder is not current_font:
                operators.append(f"{encoder.name} {size_text} Tf")
                current_font = encoder
            operators.append(
                f"1 0 0 1 {numbers[left + piece.x]} {baseline} Tm <{encoder.encode(piece.text)}> Tj"
            )
    operators.append("ET")
    code += (" ".join(operators), "Q")


class TwoSided(Flowable):
    """A line with a left part and a right-aligned part (印发机关 … 印发日期): the template's tab splits them."""

    def __init__(self, left: TextBlock, right: TextBlock):
        super().__init__()
        self.left = left
        self.right = right

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        inset = self.left.style.left_indent
        self.right.wrap(availWidth - 2 * inset, availHeight)
        right_width = self.right.width_used()
        _, left_height = self.left.wrap(availWidth - right_width - inset - self.left.style.size, availHeight)
        self.width = availWidth
        self.height = max(left_height, self.right.leading)
        return availWidth, self.height

    def getSpaceBefore(self) -> float:
        return self.left.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.left.getSpaceAfter()

    def draw(self) -> None:
        inset = self.left.style.left_indent
        self.left.drawOn(self.canv, 0, self.height - self.left.height)
        lines = self.left._lines or []
        last_top = self.height - max(len(lines) - 1, 0) * self.left.leading
        self.right.drawOn(
            self.canv, self.width - inset - self.right.width_used(), last_top - self.right.height
        )


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


class Contents(Flowable):
    """The table of contents; page numbers are PDF forms filled in once every heading has been placed.

    It splits between entries; an entry taller than a whole page (a title pasted in by mistake) is cut
    between its lines, and its number goes with the last part.
    """

    origin: Origin

    def __init__(
        self,
        entries: list[tuple[str, str, int]],
        style: TextStyle,
        setter: Setter,
        state: RenderState,
        origin: Origin,
        number_width: float,
        frame_height: float | None = None,
        laid: list[tuple[str, Sequence[Line], int, bool]] | None = None,
    ):
        super().__init__()
        self.entries = entries  # (key, title, level)
        self.style = style
        self.setter = setter
        self.state = state
        self.origin = origin
        self.number_width = number_width
        self.frame_height = frame_height
        self.leading = setter.leading(style)
        # (key, lines, level, numbered): `numbered` is False for the head of an entry cut between lines.
        self._laid = laid

    def _layout(self, width: float) -> list[tuple[str, Sequence[Line], int, bool]]:
        if self._laid is None:
            laid: list[tuple[str, Sequence[Line], int, bool]] = []
            for key, title, level in self.entries:
                indent = self._indent(level, width)
                spans, _ = self.setter.fonts.runs(title, self.style.family)
                lines = self.setter.lines(
                    spans, self.style, width - self.number_width - indent - self.style.size, "left"
                )
                laid.append((key, lines, level, True))
            self._laid = laid
        return self._laid

    def _indent(self, level: int, width: float) -> float:
        """Two characters a level; a layout's level below 0 or past reason stays inside the text area."""
        return min(max(level, 0) * 2 * self.style.size, width / 2)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        laid = self._layout(availWidth)
        self.width = availWidth
        self.height = sum(len(lines) for _, lines, _, _ in laid) * self.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        laid = self._layout(availWidth)
        used = 0.0
        for count, (key, lines, level, numbered) in enumerate(laid):
            used += len(lines) * self.leading
            if used > availHeight + 1e-6:
                if count > 0:
                    return [self._part(laid[:count]), self._part(laid[count:])]
                fit = math.floor((availHeight + 1e-6) / self.leading)
                at_page_top = self.frame_height is not None and availHeight >= self.frame_height - 1
                if not at_page_top or fit <= 0:
                    return []
                run = LineRun(lines)
                head = (key, run[:fit], level, False)
                return [self._part([head]), self._part([(key, run[fit:], level, numbered), *laid[1:]])]
        return [self]

    def _part(self, laid: list[tuple[str, Sequence[Line], int, bool]]) -> Contents:
        return Contents(
            [],
            self.style,
            self.setter,
            self.state,
            self.origin,
            self.number_width,
            self.frame_height,
            laid,
        )

    def draw(self) -> None:
        canv = self.canv
        laid = self._layout(self.width)
        top = self.height
        for key, lines, level, numbered in laid:
            indent = self._indent(level, self.width)
            draw_lines(canv, lines, self.style, self.setter, self.leading, top, indent)
            if numbered:
                self._draw_number(key, lines, indent, top)
            top -= len(lines) * self.leading

    def _draw_number(self, key: str, lines: Sequence[Line], indent: float, top: float) -> None:
        """The dot leader after the entry's last line, and the mark its page number replaces."""
        canv = self.canv
        size = self.style.size
        last = lines[-1] if lines else None
        baseline = top - (len(lines) - 1) * self.leading - self.leading / 2 - EM_CENTRE * size
        text_end = indent + (last.width if last else 0) + size * 0.5
        number_left = self.width - self.number_width
        canv.saveState()
        canv.setLineWidth(0.8)
        canv.setDash(0.8, 3.2)
        canv.setLineCap(1)
        if number_left - size * 0.5 > text_end:
            canv.line(text_end, baseline + 1, number_left - size * 0.5, baseline + 1)
        canv.translate(self.width, baseline)
        # The heading's page is known only once the whole document is laid out: leave a mark where
        # the number goes (its right end on this baseline) and put the number there at the end.
        canv._code.append(contents_mark(key))
        self.state.contents_numbers.append((canv.getPageNumber(), key))
        canv.restoreState()


def contents_mark(key: str) -> str:
    """A content-stream comment standing in for a contents entry's page number until it is known."""
    return f"%briefing-contents-number {key}"


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
    ):
        super().__init__()
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
