"""A data table's rows: their cells and rules, made when a page first reaches them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import overload

import msgspec

from briefing.render.text import TextBlock


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
