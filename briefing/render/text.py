"""Text drawn with our own line breaker: text blocks and the runs of lines they split into."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import TypeVar, overload

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from briefing.linebreak import Line
from briefing.model.layout import TextStyle
from briefing.model.plan import Origin
from briefing.render.fonts.program import CIDFont
from briefing.render.pager import Flowable
from briefing.render.reportlab_private import pdf_document
from briefing.render.setter import EM_CENTRE, Setter
from briefing.render.state import RenderState
from briefing.render.tagging import PAGINATION, Slot, Tagger


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


_Block = TypeVar("_Block", bound="TextBlock")
# Halving the measure's range ten times finds it to a thousandth of the line: far below a character.
_BALANCE_STEPS = 10


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
        slot: Slot | None = None,
    ):
        super().__init__()
        self.slot = slot  # where its content goes in the structure tree; shared by its parts
        self._text = text  # None: the text of `lines`
        self.style = style
        self.setter = setter
        self.state = state
        self.origin = origin
        self.align = align or style.align
        self.outline = outline  # (key, title, level)
        self._lines = lines
        self._width = width
        self._shift = 0.0  # a balanced block's lines are set narrower and moved by this much (see _balanced)
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
            self._shift = 0.0
            if self.has_text:
                spans, _ = self.setter.fonts.runs(self.text, self.style.family)
                self._lines = self.setter.lines(spans, self.style, width, self.align)
                if self.style.balance and len(self._lines) > 1:
                    self._lines = self._balanced(spans, width, self._lines)
            else:
                self._lines = []
            self._width = width
        return self._lines

    def _balanced(self, spans: list[tuple[str, str]], width: float, greedy: Sequence[Line]) -> Sequence[Line]:
        """The same number of lines at the narrowest measure that holds them, so they come out about as
        long as each other (GB/T 9704 on titles: 排列对称，长短适宜) instead of full lines and a short
        last one; then moved to sit as the alignment puts them in the full width."""
        count = len(greedy)
        low, high = width * (count - 1) / count, width  # narrower than `low` cannot hold them in `count`
        best, measure = greedy, width
        for _ in range(_BALANCE_STEPS):
            middle = (low + high) / 2
            lines = self.setter.lines(spans, self.style, middle, self.align)
            if len(lines) <= count:
                best, measure, high = lines, middle, middle
            else:
                low = middle
        room = width - measure
        self._shift = room / 2 if self.align == "center" else room if self.align == "right" else 0.0
        return best

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
        if self.slot is None:  # the parts are one element of the structure tree
            self.slot = Slot()
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
        return self._piece(TextBlock, lines, width, outline, first)

    def _piece(
        self,
        kind: type[_Block],
        lines: Sequence[Line],
        width: float,
        outline: tuple[str, str, int] | None,
        first: bool,
    ) -> _Block:
        """A `kind` holding some of this block's lines, in its style and structure element; a subclass's
        _part makes its own kind and carries over what else it keeps."""
        piece = kind(
            None,
            self.style,
            self.setter,
            self.state,
            self.origin,
            self.align,
            outline,
            lines,
            width,
            first,
            self.slot,
        )
        piece._shift = self._shift
        return piece

    def draw(self) -> None:
        canv = self.canv
        if self.outline is not None:
            key, title, level = self.outline
            canv.bookmarkHorizontal(key, 0, self.height)
            canv.addOutlineEntry(title, key, level)
            self.state.heading_pages[key] = canv.getPageNumber()
        self.draw_at(canv, self.style.left_indent, self.height)

    def draw_at(self, canv: Canvas, left: float, top: float) -> None:
        """Draw the lines from `top` down at `left`, as the content of this block's structure element."""
        tagger: Tagger | None = getattr(canv, "tagger", None)
        opened = self._open(canv, tagger) if tagger is not None and self.has_text else 0
        draw_lines(canv, self._lines or [], self.style, self.setter, self.leading, top, left + self._shift)
        if opened == 1:
            assert tagger is not None
            tagger.close(canv)
        elif opened == 2:
            canv.addLiteral("EMC")

    def _open(self, canv: Canvas, tagger: Tagger) -> int:
        """Open this block's marked content: 1 as its element's content, 2 as an artifact, 0 not at all
        (inside another element's content, such as the chart's labels inside the Figure)."""
        if tagger.inside:
            return 0
        if self.slot is None:
            self.slot = Slot()
        element = self.slot.resolve(tagger, self.style.name, canv.getPageNumber())
        if element is None:
            canv.addLiteral(PAGINATION)
            return 2
        tagger.open(canv, element)
        return 1


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
    # Written as ReportLab's saveState/setFillColor/restoreState would, without its state bookkeeping, as
    # one literal: the canvas joins its literals with newlines, so the stream is the same as for four.
    opening = ["q", colour]
    operators = ["BT"]
    if style.bold and setter.typography.synthetic_bold:
        fonts.synthetic_bold.append(style.name)
        opening += (colour[:-2] + "RG", fp_str(size * 0.035) + " w")  # stroked in the text's colour
        operators.append("2 Tr")
    doc = pdf_document(canv)
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
    canv.addLiteral("\n".join((*opening, " ".join(operators), "Q")))
