"""Column widths rebalanced for the shortest table: width moves, half an em to two ems at a time, from
the column where it costs least height to the one where it saves most, never below what a column's
words, statuses and header need."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from briefing.model.layout import ColumnSizing, TextStyle
from briefing.model.plan import Row
from briefing.render.columns import Fit, UnitMemo, header_segments, line_width, unit_widths
from briefing.render.setter import Setter

_BALANCED_ROWS = 120  # a long table is balanced on its first rows (the rest are like them)
_MEASURED_CHARS = 400  # a longer cell's lines are counted on its start and scaled to its length
_MOVES = 64  # at most this many moves: a bound, reached by no table of the sample
_BUDGET = 40_000  # cells measured at one width each, at most: a hostile table is not balanced for long
_MOST_COLUMNS = 16  # a table with more auto columns than this is not balanced (each try is a pair)
_SIZES = (1, 2, 4)  # a move is one, two or four steps (half an em each)
_EPS = 1e-6

Heights = list[float]  # a column's cell heights, row by row (the header first), at one width


class ColumnCells:
    """One column's cells, with their heights at each width tried (each width broken once)."""

    def __init__(
        self,
        setter: Setter,
        styles: dict[str, TextStyle],
        header: Row,
        rows: Sequence[Row],
        column: int,
        padding: float,
        insets: Sequence[float],
        number: bool,
        memo: UnitMemo | None = None,
    ):
        self.setter = setter
        self.padding = padding
        cell = header.cells[column]
        self.header = (cell.text[:_MEASURED_CHARS], styles[cell.style])
        self.cells = [
            (
                row.cells[column].text,
                styles[row.cells[column].style],
                "right" if number else row.cells[column].align,
            )
            for row in rows
        ]
        self.spanned = [0 < column <= row.label_end() for row in rows]  # under a sum row's label
        # Each cell's units (words, numbers, hanzi with their marks), to count its lines at a width
        # without breaking it: first-fit, as the breaker fills a line, though it may squeeze a mark more.
        self.units = [
            unit_widths(setter, style, text[:_MEASURED_CHARS], memo) for text, style, _ in self.cells
        ]
        self.insets = insets
        self.tried: dict[float, Heights] = {}
        header_text, header_style = self.header
        self.parts = [  # the widths of the header's parts, then of its words
            [line_width(setter, header_style, part) for part in header_segments(header_text, fine)]
            for fine in (False, True)
        ]

    def heights(self, width: float) -> Heights:
        """The header's and cells' heights at `width` (each width measured once)."""
        found = self.tried.get(width)
        if found is None:
            found = self.tried[width] = self._measure(width)
        return found

    def _measure(self, width: float) -> Heights:
        """The heights at `width`, lines counted first-fit on each cell's units (a cell whose units are
        not known is broken by the breaker)."""
        inner = width - 2 * self.padding
        found = [self._header_height(inner)]
        for (text, cell_style, align), spanned, inset, units in zip(
            self.cells, self.spanned, self.insets, self.units, strict=True
        ):
            if spanned or not text:
                found.append(0.0)
                continue
            room = inner - inset
            if units is None:
                count = self._lines(text, cell_style, room, align)
            else:
                count = _first_fit(units, room, len(text))
            found.append(max(count, 1) * self.setter.leading(cell_style))
        return found

    def _header_height(self, inner: float) -> float:
        """The header's height: its parts (or, where one is wider than the column, its words) joined
        first-fit, as HeaderCell does. A header set a size smaller counts double: a last resort."""
        coarse, fine = self.parts
        widths = coarse if max(coarse, default=0.0) <= inner else fine
        shrunk = max(widths, default=0.0) > inner
        return _first_fit(widths, inner, 0) * self.setter.leading(self.header[1]) * (2 if shrunk else 1)

    def _lines(self, text: str, style: TextStyle, width: float, align: str) -> int:
        start = text[:_MEASURED_CHARS]
        spans, _ = self.setter.fonts.runs(start, style.family)
        lines = len(self.setter.lines(spans, style, width, align))
        return lines if len(start) == len(text) else math.ceil(lines * len(text) / len(start))


def _first_fit(units: list[float], room: float, length: int) -> int:
    """Lines of `units` filled first-fit into `room` (a longer text's counted on its start, scaled)."""
    lines = 1
    used = 0.0
    for width in units:
        if used and used + width > room + _EPS:
            lines += 1
            used = 0.0
        used += width
    return lines if length <= _MEASURED_CHARS else math.ceil(lines * length / _MEASURED_CHARS)


def wraps(widths: Sequence[float], sizing: Sequence[ColumnSizing], fits: Sequence[Fit]) -> bool:
    """Whether an auto column's text wraps at `widths` (else no move can make the table shorter)."""
    return len(sizing) == len(widths) and any(
        size.auto and width < fit.most - _EPS for size, width, fit in zip(sizing, widths, fits, strict=True)
    )


def balance_widths(
    widths: tuple[float, ...],
    sizing: Sequence[ColumnSizing],
    fits: Sequence[Fit],
    columns: Sequence[ColumnCells],
    step: float,
) -> tuple[float, ...]:
    """`widths` with width moved between auto columns, one, two or four `step`s at a time, while that
    makes the table (its rows, each as tall as its tallest cell, and its header) shorter, or, as tall,
    its cells hold fewer lines (which opens the way to a shorter table). No column goes below its longest
    word, its header's longest word (or its width now, if that is less) or its floor (a status never
    breaks). Lines are counted first-fit on units no break enters, as the breaker fills a line: it may
    squeeze a mark more (rarely a line less), which a search over so many widths cannot afford to ask."""
    auto = [index for index, size in enumerate(sizing) if size.auto]
    if not 2 <= len(auto) <= _MOST_COLUMNS or step <= 0 or len(columns) != len(widths):
        return widths
    current = list(widths)
    # Each column's least width, and its widest text on one line: past that, wider saves nothing.
    bounds = {
        i: (max(fits[i].floor, min(current[i], fits[i].tight or fits[i].least)), fits[i].most) for i in auto
    }
    for _ in range(_MOVES):
        if sum(len(column.tried) for column in columns) * len(columns[0].cells) > _BUDGET:
            break  # a table of long texts in many columns: as balanced as it is
        move = _best_move(current, auto, bounds, columns, step)
        if move is None:
            break
        loser, gainer, size = move
        current[loser] -= size
        current[gainer] += size
    return tuple(current)


def _best_move(
    widths: list[float],
    auto: list[int],
    bounds: dict[int, tuple[float, float]],
    columns: Sequence[ColumnCells],
    step: float,
) -> tuple[int, int, float] | None:
    """The move from one auto column to another that shortens the table most (then saves most lines,
    then is the smallest), or None if none does."""
    now = [column.heights(width) for column, width in zip(columns, widths, strict=True)]
    tops = _tops(now)
    sums = [sum(heights) for heights in now]
    best: tuple[float, float, float, int, int] | None = None
    for size, loser, gainer in _moves(widths, auto, bounds, step):
        narrower = columns[loser].heights(widths[loser] - size)
        wider = columns[gainer].heights(widths[gainer] + size)
        table, cells = _change(tops, sums, (loser, narrower), (gainer, wider))
        if table < -_EPS or (table < _EPS and cells < -_EPS):
            key = (table, cells, size, loser, gainer)
            best = key if best is None or key < best else best
    return (best[3], best[4], best[2]) if best else None


def _moves(
    widths: list[float], auto: list[int], bounds: dict[int, tuple[float, float]], step: float
) -> Iterator[tuple[float, int, int]]:
    """Every move to try: (width moved, from column, to column), none below a column's least width
    and none to a column whose every cell is on one line already."""
    gainers = [index for index in auto if widths[index] < bounds[index][1] - _EPS]
    for size in (step * count for count in _SIZES):
        for loser in auto:
            if widths[loser] - size >= bounds[loser][0] - _EPS:
                yield from ((size, loser, gainer) for gainer in gainers if gainer != loser)


Top = list[tuple[float, int]]  # a row's three tallest cells: (height, column), tallest first


def _tops(heights: list[Heights]) -> list[Top]:
    """Each row's three tallest cells."""
    rows = len(heights[0]) if heights else 0
    tops: list[Top] = []
    for row in range(rows):
        ranked = sorted(((column[row], index) for index, column in enumerate(heights)), reverse=True)
        tops.append(ranked[:3])
    return tops


def _change(
    tops: list[Top], sums: list[float], loser: tuple[int, Heights], gainer: tuple[int, Heights]
) -> tuple[float, float]:
    """How much taller the table gets, and how much its cells do, summed, when one column takes the
    `loser`'s heights (narrower) and another the `gainer`'s (wider); `sums`: each column's cells now."""
    (narrow, narrower), (wide, wider) = loser, gainer
    saved = sums[wide] - sum(wider)
    cells = sum(narrower) - sums[narrow] - saved
    if saved <= 0:
        return 0.0, max(cells, 0.0)  # the wider column saves no line: nothing can be shorter
    table = 0.0
    for top, short, tall in zip(tops, narrower, wider, strict=True):
        rest = 0.0
        for height, column in top:
            if column != narrow and column != wide:
                rest = height
                break
        table += max(rest, short, tall) - top[0][0]
    return table, cells


def column_cells(
    setter: Setter,
    styles: dict[str, TextStyle],
    header: Row,
    rows: Sequence[Row],
    padding: float,
    insets: Sequence[Sequence[float]],
    numbers: Sequence[bool],
    memo: UnitMemo | None = None,
) -> list[ColumnCells]:
    """Every column's cells over the table's first rows, as balance_widths measures them."""
    rows = rows[:_BALANCED_ROWS]
    return [
        ColumnCells(
            setter,
            styles,
            header,
            rows,
            column,
            padding,
            insets[column][: len(rows)] if column < len(insets) else [0.0] * len(rows),
            column < len(numbers) and numbers[column],
            memo,
        )
        for column in range(len(header.cells))
    ]
