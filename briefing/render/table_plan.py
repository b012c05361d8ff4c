"""A table plan made into a DataTable: its columns sized, its header, its rows (made as pages reach them),
its number columns set flush right on their decimal points, and its note."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from briefing.model.layout import Layout, TextStyle
from briefing.model.plan import Cell, Para, Row, TablePlan
from briefing.render.column_balance import balance_widths, column_cells, wraps
from briefing.render.columns import (
    HeaderCell,
    UnitMemo,
    column_fits,
    decimal_insets,
    fit_widths,
    number_columns,
)
from briefing.render.memo import RenderMemo
from briefing.render.setter import Setter
from briefing.render.state import RenderState
from briefing.render.tables import DataTable, LazyRows, RowMaker, Rules, TableRow
from briefing.render.tagging import ArtifactSlot, CaptionSlot, CellSlot, RowSlot, TableSlot
from briefing.render.text import TextBlock

_SUMS = ("subtotal", "total", "declared")


def table_flowable(
    block: TablePlan,
    layout: Layout,
    setter: Setter,
    state: RenderState,
    text_block: Callable[[Para], TextBlock],
    memo: RenderMemo | None = None,
) -> DataTable:
    """The flowable for one data table; `text_block` makes its caption (with its bookmark) and note. A
    warm build's `memo` gives the columns measured for the same table last time."""
    spec = layout.table
    styles = layout.styles
    rows = block.rows  # numbers come grouped (or not) from composition
    if memo is None:
        numbers, insets, widths = _columns(block, layout, setter)
    else:
        numbers, insets, widths = memo.table_columns(block, lambda: _columns(block, layout, setter))
    state.table_widths[block] = widths

    def cell(cell: Cell, slot: CellSlot, align: str | None = None) -> TextBlock:
        return TextBlock(
            cell.text, styles[cell.style], setter, state, cell.origin, align or cell.align, slot=slot
        )

    tags = TableSlot()  # where the table's cells go in the structure tree (Table, TR, TH/TD)
    header_slot = RowSlot(tags, len(block.header.cells), header=True)
    header = TableRow(
        [
            HeaderCell(
                c.text, styles[c.style], setter, state, c.origin, c.align, slot=CellSlot(header_slot, i)
            )
            for i, c in enumerate(block.header.cells)
        ]
    )

    def make_row(index: int) -> TableRow:
        row = rows[index]
        label_end = row.label_end() if row.role in _SUMS else 0
        span = (1, label_end) if label_end > 0 else None
        row_slot = RowSlot(tags, len(row.cells), header=False, span=span)
        cells = [
            cell(
                c, CellSlot(row_slot, column), "right" if column < len(numbers) and numbers[column] else None
            )
            for column, c in enumerate(row.cells)
        ]
        inset = tuple(insets[column][index] for column in range(len(insets)))
        if row.role in _SUMS:
            if span:  # the label spans the empty cells after it: none of them is set flush right
                cells[1] = cell(row.cells[1], CellSlot(row_slot, 1))
            return TableRow(cells, spec.total_fill, row.role == "total", span, insets=inset)
        return TableRow(cells, spec.stripe_fill if (index + 1) % 2 == 0 else None, insets=inset)

    # The rows' text blocks are made as pages reach them (see RowMaker), not all here.
    lazy = LazyRows(RowMaker(make_row), 0, len(rows))
    sums = [index for index, row in enumerate(rows) if row.role != "body"]
    # Subtotals and totals stay on the page of the last listed row, never alone on a new page.
    keep_from = max(sums[0] - 1, 0) if sums else len(rows)
    rules = Rules(spec.padding, spec.grid_width, spec.frame_width, spec.grid_color, spec.header_fill)
    caption = text_block(block.caption)
    caption.slot = CaptionSlot(tags)
    continued = text_block(block.continued)
    continued.slot = ArtifactSlot()  # 续表 repeats the caption: page furniture
    return DataTable(
        caption,
        continued,
        header,
        lazy,
        widths,
        rules,
        layout.page.frame_height,
        keep_from,
        block.origin,
        text_block(block.note) if block.note else None,
    )


def _columns(
    block: TablePlan, layout: Layout, setter: Setter
) -> tuple[list[bool], list[list[float]], tuple[float, ...]]:
    """The table's number columns, each row's decimal inset per column, and the column widths: measured
    from its text alone (in one layout and its fonts)."""
    spec = layout.table
    numbers = number_columns(block.rows, spec.number_style)
    insets = _insets(setter, layout.styles, block.rows, numbers)
    sizing = spec.sizing.get(block.kind, ())
    if block.columns:  # columns left out (empty in every row): size the ones printed
        sizing = tuple(sizing[column] for column in block.columns if column < len(sizing))
    widths = block.widths
    if any(size.auto for size in sizing):
        memo: UnitMemo = {}
        fits = column_fits(setter, layout.styles, block.header, block.rows, spec.padding, memo)
        widths = fit_widths(block.widths, sizing, fits, layout.page.frame_width)
        if wraps(widths, sizing, fits):
            cells = column_cells(
                setter, layout.styles, block.header, block.rows, spec.padding, insets, numbers, memo
            )
            style = layout.styles[spec.cell_style]
            widths = balance_widths(widths, sizing, fits, cells, (style.size + setter.tracking(style)) / 2)
    return numbers, insets, widths


def _insets(
    setter: Setter, styles: dict[str, TextStyle], rows: Sequence[Row], numbers: list[bool]
) -> list[list[float]]:
    """For each column, each row's inset from the right that aligns the column's decimal points."""
    columns = len(rows[0].cells) if rows else 0
    found: list[list[float]] = []
    for column in range(columns):
        if column < len(numbers) and numbers[column]:
            found.append(decimal_insets(setter, styles, [row.cells[column] for row in rows]))
        else:
            found.append([0.0] * len(rows))
    return found
