"""The 修改对照表's tables in Word: the packet's data tables, deleted text struck through (w:strike) and
inserted text underlined (w:u), as the PDF draws them."""

from __future__ import annotations

from docx.document import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from briefing.model.layout import Layout
from briefing.model.plan import Cell, TablePlan
from briefing.word.styles import Styles
from briefing.word.tables import write_table


def write_changes_table(document: Document, block: TablePlan, styles: Styles, layout: Layout) -> Table:
    """The table as write_table makes it, then each marked cell's text in runs: plain, struck, underlined."""
    table = write_table(document, block, styles, layout)
    for plan_row, tr in zip(block.rows, table._tbl.tr_lst[1:], strict=True):
        for plan_cell, tc in zip(plan_row.cells, tr.tc_lst, strict=True):
            if plan_cell.marks:
                _marked(_Cell(tc, table).paragraphs[0], plan_cell)
    return table


def _marked(paragraph: Paragraph, cell: Cell) -> None:
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    position = 0
    for mark in cell.marks:
        if mark.start > position:
            paragraph.add_run(cell.text[position : mark.start])
        run = paragraph.add_run(cell.text[mark.start : mark.end])
        if mark.kind == "delete":
            run.font.strike = True
        else:
            run.font.underline = True
        position = mark.end
    if position < len(cell.text):
        paragraph.add_run(cell.text[position:])
