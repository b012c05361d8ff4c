"""The 修改对照表's tables on the page: the packet's data tables, with deleted text struck through and
inserted text underlined (lines, not colour: the marks survive grayscale printing and photocopies).

A marked cell is a text block that knows which characters of its text are marked; it is set and split
like any other (a long sentence runs on to the next page with the 续表), and the table draws the lines
after the text, from the positions the line breaker gave each piece.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from briefing.linebreak import Line
from briefing.model.plan import Mark, Origin, TablePlan
from briefing.render.pager import Flowable
from briefing.render.paragraphs import Paragraph
from briefing.render.setter import EM_CENTRE
from briefing.render.tables import DataTable, LazyRows, RowMaker, Rules, TableRow
from briefing.render.text import TextBlock

if TYPE_CHECKING:
    from briefing.render.story import StoryBuilder

# Heights above the baseline, in em: a strike through the middle of the ideographic em box (which spans
# -0.12 to 0.88), an underline just below it, both 1/20 em thick.
STRIKE = EM_CENTRE - 0.02
UNDERLINE = -0.17
THICKNESS = 0.05


class MarkedText(TextBlock):
    """A cell's text with marked character ranges; `offset` is where this part starts in the whole text
    (a part of a cell cut at a page foot holds some of its lines)."""

    def __init__(self, *args: Any, marks: tuple[Mark, ...] = (), whole: str = "", offset: int = 0, **kw: Any):
        super().__init__(*args, **kw)
        self.marks = marks
        self.whole = whole
        self.offset = offset

    def _part(self, lines: Any, width: float, outline: tuple[str, str, int] | None, first: bool) -> TextBlock:
        return MarkedText(
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
            marks=self.marks,
            whole=self.whole,
            offset=self.offset,
        )

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and parts[0] is not self:
            head, tail = parts
            assert isinstance(head, MarkedText) and isinstance(tail, MarkedText)
            tail.offset = _after(self.whole, head._lines or (), self.offset)
        return parts

    def segments(self) -> list[tuple[int, float, float, str]]:
        """(line, left, right, kind) of each marked stretch of this part's lines, in points from the
        cell's left edge."""
        if not self.marks:
            return []
        fonts, size = self.setter.fonts, self.style.size
        found = []
        position = self.offset
        for number, line in enumerate(self._lines or ()):
            start = self.whole.find(line.text, position) if line.text else -1
            if start < 0:
                continue
            position = start + len(line.text)
            edges = _edges(line, lambda char, font: fonts.measure(char, font) * size)
            for mark in self.marks:
                first, last = max(mark.start, start), min(mark.end, position)
                if first < last:
                    left = edges[first - start][0]
                    right = edges[last - 1 - start][1]
                    found.append((number, left, right, mark.kind))
        return found

    def draw_marks(self, canv: Canvas, left: float, top: float) -> None:
        """The lines of this part's marks, for its text drawn from (`left`, `top`)."""
        segments = self.segments()
        if not segments:
            return
        size = self.style.size
        canv.saveState()
        canv.setStrokeColor(HexColor(self.style.color))
        canv.setLineWidth(THICKNESS * size)
        for number, x0, x1, kind in segments:
            baseline = top - number * self.leading - self.leading / 2 - EM_CENTRE * size
            y = baseline + (STRIKE if kind == "delete" else UNDERLINE) * size
            canv.line(left + x0, y, left + x1, y)
        canv.restoreState()


def _after(whole: str, lines: Sequence[Line], position: int) -> int:
    """Where the text after `lines` starts in `whole`, the lines starting at or after `position`."""
    for line in lines:
        if line.text:
            found = whole.find(line.text, position)
            if found >= 0:
                position = found + len(line.text)
    return position


def _edges(line: Line, advance: Any) -> list[tuple[float, float]]:
    """The left and right edge of each character's glyph on the line, from its pieces' positions."""
    edges = []
    for piece in line.pieces:
        x = piece.x
        for char in piece.text:
            width = advance(char, piece.font)
            edges.append((x, x + width))
            x += width + piece.char_space
    return edges


class ChangesTable(DataTable):
    """A data table whose marked cells get their lines once the text is down."""

    def _draw(self, canv: Canvas) -> None:
        super()._draw(canv)
        # Where DataTable._draw puts each cell's text: the rows' tops, the columns' left edges.
        top = self.bottom + self.height - self.caption_height - self.heights[0]
        padding = self.rules.padding
        for row, height in zip(self.rows, self.heights[1:], strict=False):
            for column, cell in enumerate(row.cells):
                if isinstance(cell, MarkedText) and cell.has_text:
                    x = self.left + self.lefts[column] + padding + cell.style.left_indent
                    cell.draw_marks(canv, x, top - 0.6 * padding)
            top -= height


def change_table(builder: StoryBuilder, block: TablePlan) -> list[Flowable]:
    """The flowables of a 修改对照表 table: as the packet's tables, its cells marked."""
    spec = builder.layout.table

    def cell(index: int, column: int) -> TextBlock:
        found = block.rows[index].cells[column]
        return MarkedText(
            found.text,
            builder.style(found.style),
            builder.setter,
            builder.state,
            found.origin,
            found.align,
            marks=found.marks,
            whole=found.text,
        )

    def make_row(index: int) -> TableRow:
        cells: list[TextBlock] = [cell(index, column) for column in range(len(block.rows[index].cells))]
        return TableRow(cells, spec.stripe_fill if (index + 1) % 2 == 0 else None)

    header = TableRow([builder.cell(found) for found in block.header.cells])
    rows = LazyRows(RowMaker(make_row), 0, len(block.rows))
    rules = Rules(spec.padding, spec.grid_width, spec.frame_width, spec.grid_color, spec.header_fill)
    table = ChangesTable(
        builder.text_block(block.caption),
        builder.text_block(block.continued),
        header,
        rows,
        block.widths,
        rules,
        builder.layout.page.frame_height,
        len(rows),
        block.origin,
    )
    return [table]


# Change bars (build --changes-as margin): a rule in the margin beside what changed ----------------------------
BAR_GAP = 3 * 72 / 25.4  # from the 版心's left edge to the bar: 3 mm, clear of the text and of the binding
BAR_WIDTH = 1.5


def _marked(origin: Origin | None, changed: frozenset[tuple[str, str]]) -> bool:
    if origin is None:
        return False
    file = origin.source.file
    return (file, origin.field.split(".")[0]) in changed or (file, "") in changed


def _bar(canv: Canvas, x: float, bottom: float, top: float) -> None:
    canv.saveState()
    canv.setLineWidth(BAR_WIDTH)
    canv.line(x, bottom, x, top)
    canv.restoreState()


class ChangeBar(Flowable):
    """A text block with a bar beside it in the left margin; its parts, when it splits, have bars too."""

    def __init__(self, inner: TextBlock):
        self.inner = inner
        self.origin = inner.origin

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = self.inner.split(availWidth, availHeight)
        return [ChangeBar(part) if isinstance(part, TextBlock) else part for part in parts]

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()

    def grid_leading(self) -> float:
        return self.inner.grid_leading()

    def space_under_block(self) -> float:
        return self.inner.space_under_block()

    def drawOn(self, canv: Canvas, x: float, y: float) -> None:
        self.inner.drawOn(canv, x, y)
        if self.inner.has_text:
            inset = (self.inner.leading - self.inner.style.size) / 2
            _bar(canv, x - BAR_GAP, y + inset, y + self.height - inset)


class BarredTable(DataTable):
    """A data table with a bar in the margin beside each row holding a changed cell."""

    changed: frozenset[tuple[str, str]] = frozenset()

    def _part(
        self,
        caption: TextBlock,
        rows: Sequence[TableRow],
        keep_from: int,
        note: TextBlock | None,
        first: bool,
    ) -> DataTable:
        part = super()._part(caption, rows, keep_from, note, first)
        assert isinstance(part, BarredTable)
        part.changed = self.changed
        return part

    def _draw(self, canv: Canvas) -> None:
        super()._draw(canv)
        top = self.bottom + self.height - self.caption_height - self.heights[0]
        for row, height in zip(self.rows, self.heights[1:], strict=False):
            if any(_marked(cell.origin, self.changed) for cell in row.cells if cell.has_text):
                _bar(canv, self.left - BAR_GAP, top - height, top)
            top -= height
        note = self.note
        if note is not None and self.note_height and _marked(note.origin, self.changed):
            inset = (note.leading - note.style.size) / 2  # the note is under the last row now, as a ChangeBar
            _bar(canv, self.left - BAR_GAP, self.bottom + inset, self.bottom + note.height - inset)


def with_change_bars(story: list[Flowable], changed: frozenset[tuple[str, str]]) -> list[Flowable]:
    """The story with bars beside the paragraphs and table rows whose origin is in `changed`."""
    barred: list[Flowable] = []
    for flowable in story:
        if (
            isinstance(flowable, TextBlock)
            and type(flowable) in (TextBlock, Paragraph)
            and _marked(flowable.origin, changed)
        ):
            barred.append(ChangeBar(flowable))
        elif type(flowable) is DataTable:
            table = BarredTable(
                flowable.caption,
                flowable.continued,
                flowable.header,
                flowable.rows,
                flowable.widths,
                flowable.rules,
                flowable.frame_height,
                flowable.keep_from,
                flowable.origin,
                flowable.note,
                flowable.first,
            )
            table.changed = changed
            barred.append(table)
        else:
            barred.append(flowable)
    return barred
