"""Data tables drawn directly: rows of text cells, a header repeated on every page, 续表 on continuations."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

from reportlab.lib.colors import HexColor

from briefing.model.plan import Origin
from briefing.render.pager import Flowable
from briefing.render.table_rows import LazyRows, RowMaker, Rules, TableRow
from briefing.render.text import TextBlock

__all__ = ["DataTable", "LazyRows", "RowMaker", "Rules", "TableRow"]

_EPS = 1e-6
_LEAST_LINES = (
    2  # a row cut at a page foot where a table starts, or kept with its sums, keeps this many lines each side
)


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
        if isinstance(self.rows, LazyRows) and not self.first:
            # A 续表 is wrapped once the page before it is drawn: the rows there can go. (Not when it is
            # made: a split only tried, under a heading that then moves, would lose rows still to draw.)
            self.rows.forget_drawn()
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
        return self.split_leaving(availWidth, availHeight, availHeight)

    def split_leaving(self, availWidth: float, availHeight: float, empty: float) -> list[Flowable]:
        """This page's part and the rest. Rows go whole while they fit; the next one is split when
        moving it whole would leave more than a quarter of the page empty (`empty`: what moving the
        whole table, and a heading kept with it, would leave). The table's first part keeps its caption
        and header with at least two rows, with a row's first lines filling the page, or, where moving
        would leave more than a quarter of the page empty, with a tall row (see _open_short); the last listed
        row stays with the sums (at least its last lines do), and the note with the last row."""
        self.wrap(availWidth, availHeight)
        if self.note is not None and self.note.wrap(availWidth, availHeight)[1] > self.frame_height / 2:
            return self._detach_note(availWidth, availHeight)  # a note this long cannot be kept
        count = len(self.rows)
        room = availHeight - self.caption_height - self.heights[0]
        fits = self._whole_rows(room)
        if fits >= count:
            return []
        at_page_top = availHeight + self.getSpaceBefore() >= self.frame_height - 1
        cut = min(fits, self.keep_from)
        if cut == 0 and at_page_top and fits:
            cut = fits  # the last row and its sums are taller than a page together: part them
        placed = sum(self.heights[1 : cut + 1])
        left = room - placed
        parts = self._fill_with_row(cut, left, empty if cut == 0 else left, at_page_top, fits > cut)
        if parts:
            return parts
        if cut == 0 and at_page_top:
            return self._split_caption(availWidth, availHeight) or self._detach_note(availWidth, availHeight)
        if cut == 0:
            return []
        if self._orphaned(cut, placed, at_page_top):
            return self._open_short(cut, left, empty)
        return self._cut_before(cut)

    def _whole_rows(self, room: float) -> int:
        """How many whole rows fit in `room` (the last with the note under it)."""
        count = len(self.rows)
        fits = 0
        used = 0.0
        for index, height in enumerate(self.heights[1:]):
            need = height + (self.note_height if index == count - 1 else 0.0)
            if used + need > room + _EPS:
                break
            used += need
            fits += 1
        return fits

    def _orphaned(self, cut: int, placed: float, at_page_top: bool) -> bool:
        """No caption and header with one short row at a page foot: two rows, or rows a quarter page tall."""
        return (
            self.first and not at_page_top and cut < min(2, len(self.rows)) and placed < self.frame_height / 4
        )

    def _open_short(self, cut: int, left: float, empty: float) -> list[Flowable]:
        """The caption and header over one row at a page foot, where moving the table would leave more
        than a quarter of the page empty: the next row begins under it (two of its lines here, two on the
        next page: a row is not cut to one stray line), or, failing that, a row of four lines or more
        (as many as two two-line rows) stays alone. Otherwise the table moves."""
        if empty <= self.frame_height / 4:
            return []
        parts = self._split_row(cut, left, _LEAST_LINES, held=True)
        if parts or self._lines(cut) < 2 * _LEAST_LINES - _EPS:
            return parts
        return self._cut_before(cut)

    def _cut_before(self, cut: int) -> list[Flowable]:
        """Rows before `cut` on this page, the rest under the 续表."""
        return [
            self._part(self.caption, list(self.rows[:cut]), cut, None, self.first),
            self._rest(self.rows[cut:], max(self.keep_from - cut, 0)),
        ]

    def _lines(self, count: int) -> float:
        """How many lines the first `count` rows hold (each by its tallest cell)."""
        lines = 0.0
        for row, height in zip(self.rows[:count], self.heights[1 : count + 1], strict=True):
            leading = max((cell.leading for cell in row.cells), default=0.0)
            lines += (height - 1.2 * self.rules.padding) / leading if leading else 0.0
        return lines

    def _fill_with_row(
        self, cut: int, left: float, empty: float, at_page_top: bool, held: bool
    ) -> list[Flowable]:
        """Split row `cut` at the page foot when moving it would leave more than a quarter of the page
        empty. A row `held` back with the sums (it fits, but they do not) leaves its last lines to go
        with them; a table's start holds at least a row's first lines."""
        if cut > self.keep_from:
            return []
        if not (empty > self.frame_height / 4 or (at_page_top and cut == 0)):
            return []
        opening = cut == 0 and not at_page_top  # the caption and header would stand on little else
        least = _LEAST_LINES if held or opening else 1
        return self._split_row(cut, left, least, held)

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

    def _split_row(self, index: int, room: float, least: int = 1, held: bool = False) -> list[Flowable]:
        """Cut row `index`'s cells at the page foot; their other lines go on with the 续表. The part here
        holds at least `least` lines; a `held` row keeps that many for the next page too."""
        if index >= len(self.rows):
            return []
        row = self.rows[index]
        content = self._row_height(row) - 1.2 * self.rules.padding  # its cells are broken at their widths
        skipped = self._skipped(row)
        text_room = room - 1.2 * self.rules.padding
        leading = max((cell.leading for cell in row.cells), default=0.0)
        if held:
            text_room = min(text_room, content - least * leading)
        if text_room < least * leading - _EPS:
            return []
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
        rows = [self.header, *self.rows]
        # edges[i] is the top of row i; the last one is the foot of the table.
        top = self.bottom + self.height - self.caption_height
        edges = [top - s for s in accumulate(self.heights, initial=0.0)]
        self._draw_fills(canv, rows, edges)
        self._draw_cells(canv, rows, edges)
        self._draw_grid(canv, rows, edges)
        self._draw_frame(canv, rows, edges)

    def _draw_fills(self, canv, rows: list[TableRow], edges: list[float]) -> None:  # type: ignore[no-untyped-def]
        for row, top, height in zip(rows, edges, self.heights, strict=False):
            fill = self.rules.header_fill if row is self.header else row.fill
            if fill and fill.lower() != "#ffffff":
                canv.setFillColor(HexColor(fill))
                canv.rect(self.left, top - height, self.table_width, height, stroke=0, fill=1)

    def _draw_cells(self, canv, rows: list[TableRow], edges: list[float]) -> None:  # type: ignore[no-untyped-def]
        padding = self.rules.padding
        for row, top in zip(rows, edges, strict=False):
            skipped = self._skipped(row)
            for column, cell in enumerate(row.cells):
                if column in skipped or not cell.has_text:
                    continue
                x = self.left + self.lefts[column] + padding + cell.style.left_indent
                cell.draw_at(canv, x, top - 0.6 * padding)  # tagged as its TH or TD (see render/tagging.py)

    def _draw_grid(self, canv, rows: list[TableRow], edges: list[float]) -> None:  # type: ignore[no-untyped-def]
        left, right = self.left, self.left + self.table_width
        canv.setStrokeColor(HexColor(self.rules.grid_color))
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
        canv.setLineWidth(self.rules.grid_width)
        canv.drawPath(grid, stroke=1, fill=0)

    def _draw_frame(self, canv, rows: list[TableRow], edges: list[float]) -> None:  # type: ignore[no-untyped-def]
        left, right = self.left, self.left + self.table_width
        frame = canv.beginPath()
        frame.rect(left, edges[-1], self.table_width, edges[0] - edges[-1])
        frame.moveTo(left, edges[1])
        frame.lineTo(right, edges[1])
        for row, top in zip(rows[2:], edges[2:], strict=False):
            if row.rule_above:
                frame.moveTo(left, top)
                frame.lineTo(right, top)
        canv.setLineWidth(self.rules.frame_width)
        canv.drawPath(frame, stroke=1, fill=0)
