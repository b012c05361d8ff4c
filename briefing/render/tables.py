"""Data tables drawn directly: rows of text cells, a header repeated on every page, 续表 on continuations."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from typing import overload

import msgspec
from reportlab.lib.colors import HexColor

from briefing.model.plan import Origin
from briefing.render.pager import Flowable
from briefing.render.text import TextBlock

_EPS = 1e-6


class Rules(msgspec.Struct, frozen=True):
    """How a table is ruled and filled, from the layout's `table` section."""

    padding: float
    grid_width: float
    frame_width: float
    grid_color: str
    header_fill: str


class TableRow(msgspec.Struct):
    """One row: its cells (one per column; a spanning cell covers the empty ones after it), fill and rules."""

    cells: list[TextBlock]
    fill: str | None = None
    rule_above: bool = False  # a frame-width rule over the row (the grand 合计)
    span: tuple[int, int] | None = None  # (first, last) column that the first one's text covers
    height: float | None = None  # measured on first wrap; the columns of a table never change
    insets: tuple[float, ...] = ()  # how far in from the right each cell's text stands (decimal points)


class RowMaker:
    """Makes a table's rows (text blocks) when a page first reaches them and lets go of them once drawn:
    a table of 40,000 rows holds about a page of rows at a time, not 280,000 text blocks."""

    def __init__(self, make: Callable[[int], TableRow]):
        self._make = make
        self._made: dict[int, TableRow] = {}

    def row(self, index: int) -> TableRow:
        row = self._made.get(index)
        if row is None:
            row = self._made[index] = self._make(index)
        return row

    def forget_before(self, index: int) -> None:
        """Rows before `index` are drawn (their page keeps its own list of them)."""
        for done in [made for made in self._made if made < index]:
            del self._made[done]


class LazyRows(Sequence[TableRow]):
    """Rows start..stop of a table, made on first use; `first` stands in for row `start` (the rest of a
    row cut at a page foot). Slicing gives another view, so the part left over on each page is not a copy
    of every row still to come."""

    __slots__ = ("_first", "_maker", "_start", "_stop")

    def __init__(self, maker: RowMaker, start: int, stop: int, first: TableRow | None = None):
        self._maker = maker
        self._start = start
        self._stop = stop
        self._first = first

    def __len__(self) -> int:
        return self._stop - self._start

    @overload
    def __getitem__(self, index: int) -> TableRow: ...

    @overload
    def __getitem__(self, index: slice) -> LazyRows: ...

    def __getitem__(self, index: int | slice) -> TableRow | LazyRows:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                raise ValueError("rows are sliced without a step")
            first = self._first if start == 0 else None
            return LazyRows(self._maker, self._start + start, self._start + max(start, stop), first)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index == 0 and self._first is not None:
            return self._first
        return self._maker.row(self._start + index)

    def __iter__(self) -> Iterator[TableRow]:
        return map(self.__getitem__, range(len(self)))

    def with_first(self, row: TableRow) -> LazyRows:
        return LazyRows(self._maker, self._start, self._stop, row)

    def forget_drawn(self) -> None:
        """The rows before this view are on earlier pages: let them go."""
        self._maker.forget_before(self._start)


class DataTable(Flowable):
    """A captioned table that splits between rows; a row taller than a page is cut only at a page top.

    ReportLab's Table spent 40 % of a build on geometry it recomputes for every split; our rows are plain
    text cells in fixed columns, so each row's height is measured once, only the rows that reach the page
    being filled are measured, and splitting is a running sum.
    """

    is_block = True

    def __init__(
        self,
        caption: TextBlock,
        continued: TextBlock,
        header: TableRow,
        rows: Sequence[TableRow],
        widths: tuple[float, ...],
        rules: Rules,
        frame_height: float,
        keep_from: int,
        origin: Origin | None = None,
        note: TextBlock | None = None,
        first: bool = True,
    ):
        super().__init__()
        self.caption = caption
        self.continued = continued
        self.header = header
        self.rows = rows
        self.widths = widths
        self.rules = rules
        self.frame_height = frame_height
        self.keep_from = keep_from  # rows from here on (the last listed row and the sums) stay together
        self.origin = origin
        self.note = note  # goes under the last row, on its page
        self.first = first  # the part with the table's own caption (not the 续表 one)
        self.lefts = list(accumulate(widths, initial=0.0))
        self.table_width = self.lefts[-1]

    # --- geometry ----------------------------------------------------------------------------------------

    def _inner(self, row: TableRow, column: int) -> float:
        last = row.span[1] if row.span and row.span[0] == column else column
        inset = row.insets[column] if column < len(row.insets) else 0.0
        return self.lefts[last + 1] - self.lefts[column] - 2 * self.rules.padding - inset

    def _skipped(self, row: TableRow) -> range:
        return range(row.span[0] + 1, row.span[1] + 1) if row.span else range(0)

    def _row_height(self, row: TableRow) -> float:
        if row.height is None:
            row.height = self._measure_row(row)
        return row.height

    def _measure_row(self, row: TableRow) -> float:
        skipped = self._skipped(row)
        content = max(
            (
                cell.wrap(self._inner(row, column), self.frame_height)[1]
                for column, cell in enumerate(row.cells)
                if column not in skipped
            ),
            default=0.0,
        )
        return content + 1.2 * self.rules.padding

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The table's height, or, for a table taller than `availHeight`, the height of the rows that
        overfill it: the table is split then anyway, and measuring every row left on every page made a
        long table quadratic. The rows measured always include the first that does not fit."""
        _, self.caption_height = self.caption.wrap(availWidth, availHeight)
        self.heights = [self._row_height(self.header)]
        height = self.caption_height + self.heights[0]
        overfilled = availHeight + 1.0  # clearly past the room, whatever the pager's tolerance
        for row in self.rows:
            if height > overfilled:
                break
            row_height = self._row_height(row)
            self.heights.append(row_height)
            height += row_height
        self.note_height = 0.0
        if self.note is not None and len(self.heights) > len(self.rows):
            self.note_height = self.note.wrap(availWidth, availHeight)[1] + self.note.getSpaceBefore()
        self.width = availWidth
        self.height = height + self.note_height
        return availWidth, self.height

    def getSpaceBefore(self) -> float:
        return self.caption.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.note.getSpaceAfter() if self.note is not None else self.caption.style.space_after

    # --- splitting ---------------------------------------------------------------------------------------

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """This page's part and the rest. Rows go whole while they fit; the next one is split when
        moving it whole would leave more than a quarter of the page empty. The table's first part keeps
        its caption and header with at least two rows; the last listed row stays with the sums, and
        the note with the last row."""
        self.wrap(availWidth, availHeight)
        if self.note is not None and self.note.wrap(availWidth, availHeight)[1] > self.frame_height / 2:
            return self._detach_note(availWidth, availHeight)  # a note this long cannot be kept
        count = len(self.rows)
        room = availHeight - self.caption_height - self.heights[0]
        fits = 0  # how many whole rows fit (the last with the note under it)
        used = 0.0
        for index, height in enumerate(self.heights[1:]):
            need = height + (self.note_height if index == count - 1 else 0.0)
            if used + need > room + _EPS:
                break
            used += need
            fits += 1
        if fits >= count:
            return []
        at_page_top = availHeight + self.getSpaceBefore() >= self.frame_height - 1
        cut = min(fits, self.keep_from)
        if cut == 0 and at_page_top and fits:
            cut = fits  # the last row and its sums are taller than a page together: part them
        quarter = self.frame_height / 4
        placed = sum(self.heights[1 : cut + 1])
        left = room - placed
        if cut <= self.keep_from and (left > quarter or (at_page_top and cut == 0)):
            # What the split leaves here fills the page: more than a quarter of it, never an orphan.
            parts = self._split_row(cut, left)
            if parts:
                return parts
        if cut == 0 and at_page_top:
            return self._split_caption(availWidth, availHeight) or self._detach_note(availWidth, availHeight)
        # No caption and header with one short row at a page foot: two rows, or rows a quarter page tall.
        orphan = self.first and not at_page_top and cut < min(2, count) and placed < quarter
        if cut == 0 or orphan:
            return []
        return [
            self._part(self.caption, list(self.rows[:cut]), cut, None, self.first),
            self._rest(self.rows[cut:], max(self.keep_from - cut, 0)),
        ]

    def _split_caption(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """A caption that leaves no room on a whole page (a title pasted in by mistake) is cut like a
        paragraph; the table goes on under the rest of it."""
        parts = self.caption.split(availWidth, availHeight)
        if len(parts) != 2 or not isinstance(parts[1], TextBlock) or not parts[1].has_text:
            return []
        return [parts[0], self._part(parts[1], self.rows, self.keep_from, self.note, self.first)]

    def _detach_note(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """A note that does not fit on a page with the last row goes on after the table by itself."""
        if self.note is None:
            return []
        table = self._part(self.caption, self.rows, self.keep_from, None, self.first)
        table.wrap(availWidth, availHeight)
        if table.height <= availHeight + _EPS:
            return [table, self.note]
        parts = table.split(availWidth, availHeight)
        return [*parts, self.note] if parts else []

    def _split_row(self, index: int, room: float) -> list[Flowable]:
        """Cut row `index`'s cells at the page foot; their other lines go on with the 续表."""
        if index >= len(self.rows):
            return []
        row = self.rows[index]
        self._row_height(row)  # its cells are broken at their widths
        skipped = self._skipped(row)
        text_room = room - 1.2 * self.rules.padding
        heads: list[TextBlock] = []
        tails: list[TextBlock] = []
        for column, cell in enumerate(row.cells):
            if column in skipped:
                heads.append(cell)
                tails.append(cell)
                continue
            parts = cell.split(self._inner(row, column), text_room)
            if not parts:
                return []
            heads.append(parts[0])  # type: ignore[arg-type]
            tails.append(parts[1])  # type: ignore[arg-type]
        if not any(tail.has_text for tail in tails):
            return []
        head_row = TableRow(heads, row.fill, row.rule_above, row.span, insets=row.insets)
        tail_row = TableRow(tails, row.fill, False, row.span, insets=row.insets)
        after = self.rows[index:]
        rest = after.with_first(tail_row) if isinstance(after, LazyRows) else [tail_row, *after[1:]]
        head = self._part(self.caption, [*self.rows[:index], head_row], index + 1, None, self.first)
        return [head, self._rest(rest, max(self.keep_from - index, 0))]

    def _rest(self, rows: Sequence[TableRow], keep_from: int) -> DataTable:
        """What goes on with the 续表 on the next page; the rows before it are this page's to draw."""
        if isinstance(rows, LazyRows):
            rows.forget_drawn()
        return self._part(self.continued, rows, keep_from, self.note, False)

    def _part(
        self,
        caption: TextBlock,
        rows: Sequence[TableRow],
        keep_from: int,
        note: TextBlock | None,
        first: bool,
    ) -> DataTable:
        return type(self)(  # a subclass's parts are of its class (the 修改对照表's marked tables)
            caption,
            self.continued,
            self.header,
            rows,
            self.widths,
            self.rules,
            self.frame_height,
            keep_from,
            self.origin,
            note,
            first,
        )

    # --- drawing -----------------------------------------------------------------------------------------

    def drawOn(self, canvas, x, y):  # type: ignore[no-untyped-def]
        self.caption.drawOn(canvas, x, y + self.height - self.caption_height)
        if self.note is not None and self.note_height:
            self.note.drawOn(canvas, x, y)
        self.left = x + (self.width - self.table_width) / 2
        self.bottom = y
        canvas.saveState()
        try:
            self._draw(canvas)
        finally:
            canvas.restoreState()

    def _draw(self, canv) -> None:  # type: ignore[no-untyped-def]
        rules = self.rules
        rows = [self.header, *self.rows]
        # edges[i] is the top of row i; the last one is the foot of the table.
        top = self.bottom + self.height - self.caption_height
        edges = [top - s for s in accumulate(self.heights, initial=0.0)]
        left, right = self.left, self.left + self.table_width
        for row, top, height in zip(rows, edges, self.heights, strict=False):
            fill = rules.header_fill if row is self.header else row.fill
            if fill and fill.lower() != "#ffffff":
                canv.setFillColor(HexColor(fill))
                canv.rect(left, top - height, self.table_width, height, stroke=0, fill=1)
        for row, top in zip(rows, edges, strict=False):
            skipped = self._skipped(row)
            for column, cell in enumerate(row.cells):
                if column in skipped or not cell.has_text:
                    continue
                x = left + self.lefts[column] + rules.padding + cell.style.left_indent
                y = top - 0.6 * rules.padding
                cell.draw_at(canv, x, y)  # tagged as its TH or TD (see render/tagging.py)
        canv.setStrokeColor(HexColor(rules.grid_color))
        grid = canv.beginPath()
        for top in edges[2:-1]:
            grid.moveTo(left, top)
            grid.lineTo(right, top)
        for row, top, height in zip(rows, edges, self.heights, strict=False):
            skipped = self._skipped(row)
            for column in range(1, len(self.widths)):
                if column not in skipped:
                    grid.moveTo(left + self.lefts[column], top)
                    grid.lineTo(left + self.lefts[column], top - height)
        canv.setLineWidth(rules.grid_width)
        canv.drawPath(grid, stroke=1, fill=0)
        frame = canv.beginPath()
        frame.rect(left, edges[-1], self.table_width, edges[0] - edges[-1])
        frame.moveTo(left, edges[1])
        frame.lineTo(right, edges[1])
        for row, top in zip(rows[2:], edges[2:], strict=False):
            if row.rule_above:
                frame.moveTo(left, top)
                frame.lineTo(right, top)
        canv.setLineWidth(rules.frame_width)
        canv.drawPath(frame, stroke=1, fill=0)
