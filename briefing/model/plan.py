"""The document plan: plain blocks handed from composition to rendering (no ReportLab, no Jinja2).

Blocks are named tuples: a packet makes thousands of cells and paragraphs, and a named tuple is as
cheap to make as a msgspec Struct (three times cheaper than a frozen dataclass).
"""

from __future__ import annotations

from typing import NamedTuple

import msgspec

from briefing.errors import Source
from briefing.model.layout import Layout


class Origin(NamedTuple):
    """Where a printed text came from, so a glyph or layout problem can name file, line and field."""

    source: Source
    field: str


class Para(NamedTuple):
    """A paragraph in a named style; headings carry an outline level and may go into the contents."""

    style: str
    text: str
    origin: Origin
    outline_level: int | None = None
    toc: bool = False
    key: str = ""


class Space(NamedTuple):
    """Vertical space in points."""

    points: float
    origin: Origin


class Rule(NamedTuple):
    """A horizontal line across the 版心 (the 版记 lines of GB/T 9704)."""

    width: float
    origin: Origin


class VFill(msgspec.Struct, frozen=True):
    """Pushes what follows on the page to its foot (cover dates, issuing office)."""


class PageBreak(NamedTuple):
    """Start a new page."""

    odd: bool = False  # start the next block on an odd (right-hand) page


class Contents(NamedTuple):
    """The table of contents: its title and the style of its entries."""

    title: Para
    entry_style: str
    levels: tuple[int, ...] = (0,)


class Mark(NamedTuple):
    """Characters start..end of a cell's text marked as deleted (struck through) or inserted (underlined)."""

    start: int
    end: int
    kind: str  # delete | insert


class Cell(NamedTuple):
    """One table cell: its text, where it came from, its style and alignment; `marks` only in a 修改对照表."""

    text: str
    origin: Origin
    style: str
    align: str
    marks: tuple[Mark, ...] = ()


class Row(NamedTuple):
    """One table row; sums (subtotal, total, declared) are drawn differently."""

    cells: tuple[Cell, ...]
    role: str = "body"  # body | subtotal | total | declared

    def label_end(self) -> int:
        """In a sum row, the index of the last empty cell after the label (in column 1), so that the label
        can span them in the PDF and in Word alike; 0 for a body row or a label with no empty cell after it."""
        if self.role == "body":
            return 0
        end = 0
        for position in range(2, len(self.cells)):
            if self.cells[position].text:
                break
            end = position
        return end


CHANGES_KIND = "changes"  # TablePlan.kind of a 修改对照表's tables: cells with marks, drawn as such


class TablePlan(NamedTuple):
    """A data table: header repeated on every page, 续表 caption on continuation pages."""

    kind: str
    caption: Para
    continued: Para
    widths: tuple[float, ...]
    header: Row
    rows: tuple[Row, ...]
    origin: Origin
    note: Para | None = None  # e.g. that the sums cover only the projects whose figures were given
    columns: tuple[int, ...] = ()  # which of the layout's columns are printed (all when empty)


class KeyFigures(NamedTuple):
    """A strip of large figures with their labels at the head of an area."""

    items: tuple[tuple[Cell, Cell], ...]
    value_style: str
    label_style: str


class Chart(NamedTuple):
    """A horizontal bar chart of growth targets (percent) with CJK labels."""

    title: Para
    labels: tuple[str, ...]
    values: tuple[float, ...]
    value_texts: tuple[str, ...]
    label_style: str
    origin: Origin


class ProgressChart(NamedTuple):
    """Counts by progress status for each area, as stacked bars (render/progress_chart.py): `statuses`
    are the statuses shown, each with its mark; `rows` an area's label and its count of each status."""

    title: Para
    statuses: tuple[tuple[str, str], ...]  # (status, mark) in the legend's order
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    label_style: str
    origin: Origin


Block = Para | Space | Rule | VFill | PageBreak | Contents | TablePlan | KeyFigures | Chart | ProgressChart


class Metadata(NamedTuple):
    """The PDF document information."""

    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    lang: str = "zh-CN"
    date: str = ""  # the packet's date (ISO 8601): the PDF's creation and modification date


class Marks(NamedTuple):
    """Per-page marks drawn by the renderer: the 份号 on the first page and light diagonal watermarks."""

    copy_number: str = ""  # six digits, top-left of the 版心 on the first page
    draft: str = ""  # e.g. 征求意见稿, across every page
    watermark: str = ""  # e.g. the recipient and 份号, for leak tracing


class Plan(NamedTuple):
    """Everything the renderer needs: the layout, the blocks in order, and per-page texts."""

    layout: Layout
    metadata: Metadata
    blocks: tuple[Block, ...]
    page_number_format: str  # with PAGE_TOKEN where the number goes
    marks: Marks = Marks()
    duplex: bool = False
    pdfa: bool = False  # write PDF/A-2b (output intent, XMP identification) for archiving
    # (file, field) of what changed since an earlier version (build --changes-as margin): the texts and
    # rows whose origin has that file and field (up to its first ".", "" for any) get a bar in the margin.
    changed: frozenset[tuple[str, str]] = frozenset()


PAGE_TOKEN = "\u0000page\u0000"
