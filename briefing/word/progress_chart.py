"""The progress chart in Word: a legend line, then a borderless table whose rows are the areas' stacked bars,
each segment a cell as wide as its count (one scale for every area), shaded in its status's colour and
pattern and marked as in the PDF; the chart's alternative text is the table's description."""

from __future__ import annotations

from docx.document import Document
from docx.shared import Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from briefing.compose.progress_chart import chart_alt
from briefing.model.layout import Layout
from briefing.model.plan import ProgressChart
from briefing.model.progress import BEHIND, DONE, NOT_STARTED, ON_TRACK, STOPPED
from briefing.word import ooxml
from briefing.word.order import RPR, TBLPR, TCPR, element, put
from briefing.word.styles import ALIGN, Styles
from briefing.word.tables import bar_table, row_cells

INK = "#333333"
# render/progress_chart.py's fill and ink of each status, with Word's shading pattern nearest its lines:
# none, diagonal "/", cross-hatched, none on white, horizontal (the thin ones, so a mark stays legible).
LOOKS: dict[str, tuple[str, str, str]] = {
    DONE: ("#9ccc9c", "#2e6b2e", "clear"),
    ON_TRACK: ("#cfe0f3", "#1f4e8c", "thinReverseDiagStripe"),
    BEHIND: ("#f6c6c0", "#a3271b", "thinDiagCross"),
    NOT_STARTED: ("#ffffff", INK, "clear"),
    STOPPED: ("#e0e0e0", "#555555", "thinHorzStripe"),
}
LABELS = 0.34  # of the width, as the PDF's labels
GAP = 8.0  # points between the labels and the bars, as the PDF
TOTALS = 28.0  # points after the longest bar for its total, as the PDF
MOST_COLUMNS = 60  # Word takes at most 63 columns in a table; the bars get the rest after labels and totals
PADDING = 2.0  # the cells' padding (table_frame takes 0.8 of it across)


def shade(status: str) -> etree._Element:
    """<w:shd> of a status's look: its pattern in its ink over its fill."""
    fill, ink, pattern = LOOKS[status]
    return element("shd", val=pattern, color=ink.lstrip("#"), fill=fill.lstrip("#"))


def bar_ends(rows: tuple[tuple[str, tuple[int, ...]], ...], room: float) -> list[list[float]]:
    """Each row's segment ends in points from the bars' left, one scale for all rows (the longest bar
    fills `room`); snapped to a coarser step when there are more distinct ends than Word has columns."""
    most = max((sum(counts) for _, counts in rows), default=0) or 1
    ends = []
    for _, counts in rows:
        reached, row = 0, []
        for count in counts:
            reached += count
            row.append(round(room * reached / most, 1))
        ends.append(row)
    if len({end for row in ends for end in row}) > MOST_COLUMNS:
        step = room / MOST_COLUMNS
        ends = [[round(round(end / step) * step, 1) for end in row] for row in ends]
    return ends


def fits(text: str, size: float, width: float) -> bool:
    """Whether a mark and count (● 12) fit in a segment: the mark a full em, digits half, the cell padding
    and 4 points to spare (the PDF prints a mark when its width and 4 points fit)."""
    return size * (1 + 0.5 * (len(text) - 1)) + 2 * 0.8 * PADDING + 4 <= width


def write_legend(document: Document, block: ProgressChart, styles: Styles) -> Paragraph:
    """Each status's swatch (two shaded spaces) before its mark and name, on one line kept with the bars."""
    paragraph = styles.apply(document.add_paragraph(), block.label_style)
    paragraph.paragraph_format.keep_with_next = True
    for number, (status, mark) in enumerate(block.statuses):
        if number:
            paragraph.add_run("\u3000")
        swatch = paragraph.add_run("\u3000")
        put(swatch._r.get_or_add_rPr(), shade(status), RPR)
        paragraph.add_run(f" {mark}{status}")
    return paragraph


def write_progress_chart(document: Document, block: ProgressChart, styles: Styles, layout: Layout) -> Table:
    """The legend, then the bars: per area its label (right-aligned), a cell per status it has, spanning
    the columns up to that segment's end, then its total in the cell after its bar."""
    write_legend(document, block, styles)
    width = layout.page.frame_width
    label_width = width * LABELS + GAP
    room = width - label_width - TOTALS
    ends = bar_ends(block.rows, room)
    edges = sorted({end for row in ends for end in row if end > 0})
    table, widths = bar_table(document, width, label_width, edges, len(block.rows), PADDING)
    put(table._tbl.tblPr, element("tblCaption", val=block.title.text), TBLPR)
    put(table._tbl.tblPr, element("tblDescription", val=chart_alt(block)), TBLPR)
    size = layout.styles[block.label_style].size
    for number, (tr, (label, counts), row_ends) in enumerate(
        zip(table._tbl.tr_lst, block.rows, ends, strict=True)
    ):
        cells = row_cells(table, tr)
        keep = number < len(block.rows) - 1  # the bars stay on one page, as the PDF keeps them
        _text(cells[0], label, block.label_style, "right", styles, keep)
        cells[0].paragraphs[0].paragraph_format.right_indent = Pt(GAP - 0.8 * PADDING)  # the gap
        column, start, used = 1, 0.0, []
        for (status, mark), count, end in zip(block.statuses, counts, row_ends, strict=True):
            if not count or end <= start:
                continue
            reach = edges.index(end) + 1
            segment = cells[column].merge(cells[reach]) if reach > column else cells[column]
            text = f"{mark}{count}"
            shown = text if fits(text, size, end - start) else ""
            run = _text(segment, shown, block.label_style, "center", styles, keep)
            if run is not None:  # on white, legible over any pattern (the PDF boxes it so)
                put(run.get_or_add_rPr(), element("shd", val="clear", color="auto", fill="ffffff"), RPR)
            put(segment._tc.get_or_add_tcPr(), shade(status), TCPR)
            ink = (0.5, LOOKS[status][1])
            ooxml.cell_edges(segment._tc, {"top": ink, "left": ink, "bottom": ink, "right": ink})
            used.append(segment)
            column, start = reach + 1, end
        last = len(widths) - 1
        total = cells[column].merge(cells[last]) if column < last else cells[last]
        _text(total, f"{sum(counts)}", block.label_style, "left", styles, keep)
        if not used:  # no bar: the axis still runs down the row, as the PDF draws it
            ooxml.cell_edges(total._tc, {"left": (0.6, INK)})
    return table


def _text(
    cell: _Cell, text: str, style: str, align: str, styles: Styles, keep: bool
) -> etree._Element | None:
    """A cell's one paragraph in the labels' style, kept with the next row but in the last; returns the
    run holding `text`, if any (an empty cell keeps the line's height)."""
    paragraph = styles.apply(cell.paragraphs[0], style)
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.keep_with_next = keep or None  # the last row: as its style says
    return paragraph.add_run(text)._r if text else None
