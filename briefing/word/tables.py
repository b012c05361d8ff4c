"""Data tables, the key-figure strip and the growth chart as Word tables, ruled and filled as in the PDF."""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.table import CT_Row
from docx.shared import Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from briefing.model.layout import Layout
from briefing.model.plan import Block, Chart, KeyFigures, Para, Row, Rule, TablePlan
from briefing.word import ooxml
from briefing.word.styles import ALIGN, Styles

WHITE = "#ffffff"


def new_table(document: Document, widths: list[float], rows: int) -> Table:
    table: Table = document.add_table(rows=rows, cols=len(widths))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Pt(width)
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = Pt(width)
    return table


def row_cells(table: Table, tr: CT_Row) -> list[_Cell]:
    return [_Cell(tc, table) for tc in tr.tc_lst]


def _fill(cell: _Cell, text: str, style_name: str, align: str, styles: Styles) -> None:
    paragraph = styles.apply(cell.paragraphs[0], style_name)
    if text:
        paragraph.add_run(text)
    if align != styles.layout.styles[style_name].align and align in ALIGN:
        paragraph.alignment = ALIGN[align]


def put_text(paragraph: Paragraph, text: str, tab_stop: float) -> None:
    """A paragraph's text; a tab (the template's) splits it into a left part and one at a right tab stop
    (印发机关 on the left, the date right-aligned, each one character in)."""
    if "\t" in text:
        left, right = text.split("\t", 1)
        paragraph.add_run(left)
        paragraph.add_run("\t")
        paragraph.add_run(right.replace("\t", " "))
        paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(tab_stop), WD_TAB_ALIGNMENT.RIGHT)
    elif text:
        paragraph.add_run(text)


def _filled(colour: str | None) -> bool:
    return bool(colour) and str(colour).lower() != WHITE


def write_table(
    document: Document,
    block: TablePlan,
    styles: Styles,
    layout: Layout,
    printed: tuple[float, ...] | None = None,
) -> Table:
    """A data table after its caption: the header row repeats on every page (Word has no 续表 caption for
    the pages a table runs onto), rows may split, and the sums stay with the last listed row. Its columns
    are `printed` (the widths the PDF gave them, sized to their content) when known, else as planned."""
    spec = layout.table
    widths = list(printed if printed is not None and len(printed) == len(block.widths) else block.widths)
    table = new_table(document, widths, 1 + len(block.rows))
    frame, grid = (spec.frame_width, spec.grid_color), (spec.grid_width, spec.grid_color)
    edges = {"top": frame, "left": frame, "bottom": frame, "right": frame, "insideH": grid, "insideV": grid}
    ooxml.table_frame(table._tbl, widths, spec.padding, edges)
    rows = table._tbl.tr_lst
    header = rows[0]
    ooxml.repeat_as_header(header)
    for cell, plan_cell in zip(row_cells(table, header), block.header.cells, strict=True):
        _fill(cell, plan_cell.text, plan_cell.style, plan_cell.align, styles)
        ooxml.cell_edges(cell._tc, {"bottom": frame})
        if _filled(spec.header_fill):
            ooxml.cell_fill(cell._tc, spec.header_fill)
    sums = [index for index, row in enumerate(block.rows) if row.role != "body"]
    keep_from = max(sums[0] - 1, 0) if sums else len(block.rows)
    for number, (plan_row, row) in enumerate(zip(block.rows, rows[1:], strict=True), start=1):
        targets = _write_row(row_cells(table, row), plan_row, number, styles, layout)
        if keep_from <= number - 1 < len(block.rows) - 1:
            for cell in targets:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    return table


def _write_row(cells: list[_Cell], plan_row: Row, number: int, styles: Styles, layout: Layout) -> list[_Cell]:
    """One body, subtotal or total row (sums span their label over the columns it needs, with the
    layout's fill; body rows are striped); returns the cells written."""
    spec = layout.table
    skipped: set[int] = set()
    fill: str | None = spec.stripe_fill if number % 2 == 0 else None
    if plan_row.role != "body":
        fill = spec.total_fill
        end = plan_row.label_end()
        if end > 0:
            cells[1].merge(cells[end])
            skipped = set(range(2, end + 1))
    targets = [cell for column, cell in enumerate(cells) if column not in skipped]
    shown = [cell for column, cell in enumerate(plan_row.cells) if column not in skipped]
    for cell, plan_cell in zip(targets, shown, strict=True):
        _fill(cell, plan_cell.text, plan_cell.style, plan_cell.align, styles)
        if _filled(fill):
            ooxml.cell_fill(cell._tc, str(fill))
        if plan_row.role == "total":
            ooxml.cell_edges(cell._tc, {"top": (spec.frame_width, spec.grid_color)})
    return targets


def write_key_figures(document: Document, block: KeyFigures, styles: Styles, layout: Layout) -> Table:
    """Large figures over their labels, each in a filled box with a rule on top."""
    spec = layout.table
    count = len(block.items)
    widths = [layout.page.frame_width / count] * count
    table = new_table(document, widths, 1)
    gap = (spec.padding * 2, WHITE)
    none = (0.0, WHITE)
    edges = {"top": none, "left": none, "bottom": none, "right": none, "insideH": none, "insideV": gap}
    ooxml.table_frame(table._tbl, widths, spec.padding * 2, edges)
    for cell, (value, label) in zip(row_cells(table, table._tbl.tr_lst[0]), block.items, strict=True):
        _fill(cell, value.text, block.value_style, "center", styles)
        styles.apply(cell.add_paragraph(), block.label_style).add_run(label.text)
        ooxml.cell_fill(cell._tc, spec.total_fill)
        ooxml.cell_edges(cell._tc, {"top": (0.6, spec.header_fill)})
    return table


def write_chart(document: Document, block: Chart, styles: Styles, layout: Layout) -> Table:
    """Growth targets as bars: each row a label, a filled cell as long as its bar, then the value; the
    table's columns are the bars' ends (the PDF's proportions: labels 32 %, values 16 % of the width)."""
    spec = layout.table
    width = layout.page.frame_width
    label_width = width * 0.32 + 6
    room = width - label_width - width * 0.16
    top = max(block.values) or 1.0
    lengths = [max(room * value / top, 0.0) for value in block.values]
    ends = sorted({round(length, 1) for length in lengths if length >= 1.0})
    table, widths = bar_table(document, width, label_width, ends, len(block.labels), 2.0)
    last = len(widths) - 1
    for row, label, length, text in zip(
        table._tbl.tr_lst, block.labels, lengths, block.value_texts, strict=True
    ):
        cells = row_cells(table, row)
        _fill(cells[0], label, block.label_style, "right", styles)
        reach = ends.index(round(length, 1)) + 1 if length >= 1.0 else 0
        if reach:
            bar = cells[1].merge(cells[reach]) if reach > 1 else cells[1]
            styles.apply(bar.paragraphs[0], block.label_style)  # an empty line of the labels' height
            ooxml.cell_fill(bar._tc, spec.header_fill)
            ooxml.cell_edges(bar._tc, {"left": (0.6, spec.grid_color)})
        value = cells[reach + 1].merge(cells[last]) if reach + 1 < last else cells[last]
        _fill(value, text, block.label_style, "left", styles)
        if not reach:
            ooxml.cell_edges(value._tc, {"left": (0.6, spec.grid_color)})
    return table


def bar_table(
    document: Document, width: float, label_width: float, ends: list[float], rows: int, padding: float
) -> tuple[Table, list[float]]:
    """A borderless table for bars: the labels' column, a column up to each bar end (ascending, from the
    labels' edge), then the rest of `width`; and its column widths."""
    widths = [label_width]
    previous = 0.0
    for end in ends:
        widths.append(end - previous)
        previous = end
    widths.append(width - label_width - previous)
    table = new_table(document, widths, rows)
    none = (0.0, WHITE)
    edges = {"top": none, "left": none, "bottom": none, "right": none, "insideH": none, "insideV": none}
    ooxml.table_frame(table._tbl, widths, padding, edges)
    return table, widths


def write_imprint(document: Document, blocks: list[Block], styles: Styles, layout: Layout) -> Table:
    """The 版记 at the foot of the last page: its paragraphs as the rows of a table that floats at the
    bottom of the 版心, its lines as the rows' rules (thick, thin, thick). A floating table is Word's own
    way to pin text to the page foot, and LibreOffice keeps its rules (it drops a framed paragraph's)."""
    width = layout.page.frame_width
    rows: list[tuple[Para, float | None]] = []
    above: float | None = None
    below: float | None = None
    for block in blocks:
        if isinstance(block, Rule):
            above = block.width
        elif isinstance(block, Para):
            rows.append((block, above))
            above = None
    if above is not None:
        below = above
    table = new_table(document, [width], len(rows))
    none = (0.0, WHITE)
    edges = {"top": none, "left": none, "bottom": none, "right": none, "insideH": none, "insideV": none}
    ooxml.table_frame(table._tbl, [width], 0.0, edges)
    ooxml.float_at_foot(table._tbl)
    for tr, (para, rule) in zip(table._tbl.tr_lst, rows, strict=True):
        cell = _Cell(tr.tc_lst[0], table)
        paragraph = styles.apply(cell.paragraphs[0], para.style)
        put_text(paragraph, para.text, width - layout.styles[para.style].left_indent)
        if rule is not None:
            ooxml.cell_edges(cell._tc, {"top": (rule, "#000000")})
    if below is not None:
        ooxml.cell_edges(table._tbl.tr_lst[-1].tc_lst[0], {"bottom": (below, "#000000")})
    return table
