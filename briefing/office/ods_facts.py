"""What an .ods says about each sheet's extent, streamed from content.xml before calamine expands it.

calamine reads every sheet of an .ods when it opens the file and writes out each repeated row and cell:
one element repeated a million times is a few bytes on disk and gigabytes in memory. The repeats are
counted here first, without expanding them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from briefing.office.grid import SheetExtent

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_SHEET = f"{_TABLE} table"
_ROW = f"{_TABLE} table-row"
_CELLS = (f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell")
_NAME = f"{_TABLE} name"
_ROWS_REPEATED = f"{_TABLE} number-rows-repeated"
_COLUMNS_REPEATED = f"{_TABLE} number-columns-repeated"
_VALUE_TYPE = f"{_OFFICE} value-type"


def _repeats(attributes: dict[str, str], name: str) -> int:
    text = attributes.get(name, "1")
    return int(text) if text.isdigit() else 1  # never fewer than calamine would write out


class _Table:
    """One table being read: its extent so far, and the row being read."""

    def __init__(self, extent: SheetExtent) -> None:
        self.extent = extent
        self.row_number = 0  # rows read so far, repeats counted
        self.row_repeats = 1
        self.column = 0  # cells of the current row read so far, repeats counted
        self.reach = 0  # the column just after the row's last value
        self.values = 0  # cells of the row holding a value, repeats counted

    def start_row(self, repeats: int) -> None:
        self.row_repeats = repeats
        self.column = self.reach = self.values = 0

    def add_cell(self, repeats: int, holds_value: bool) -> None:
        self.column += repeats
        if holds_value:
            self.reach = self.column
            self.values += repeats

    def end_row(self) -> None:
        self.row_number += self.row_repeats
        if self.values:
            self.extent.grow(self.row_number, self.reach, cells=self.values * self.row_repeats)


class _Counter:
    """expat handlers keeping the extent of each table; no element is kept, so memory stays flat.
    A table inside a cell counts on its own and does not reset the rows of the sheet around it."""

    def __init__(self) -> None:
        self.extents: list[SheetExtent] = []
        self.tables: list[_Table] = []
        self.cells: list[list[int]] = []  # open cells: [repeat count, 1 once a value is seen]

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _SHEET:
            self.extents.append(SheetExtent(attributes.get(_NAME, "")))
            self.tables.append(_Table(self.extents[-1]))
        elif name == _ROW and self.tables:
            self.tables[-1].start_row(_repeats(attributes, _ROWS_REPEATED))
        elif name in _CELLS:
            self.cells.append([_repeats(attributes, _COLUMNS_REPEATED), int(_VALUE_TYPE in attributes)])

    def text(self, data: str) -> None:
        if self.cells and data.strip():
            self.cells[-1][1] = 1

    def end(self, name: str) -> None:
        if name in _CELLS and self.cells:
            repeats, holds_value = self.cells.pop()
            if self.tables:
                self.tables[-1].add_cell(repeats, bool(holds_value))
        elif name == _ROW and self.tables:
            self.tables[-1].end_row()
        elif name == _SHEET and self.tables:
            self.tables.pop()


def ods_extents(path: Path) -> list[SheetExtent]:
    """Each sheet's extent: the last row and column holding a value, repeats counted, and its values."""
    from xml.parsers import expat

    counter = _Counter()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    parser.CharacterDataHandler = counter.text
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        parser.ParseFile(content)
    return counter.extents
