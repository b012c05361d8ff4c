"""Grids to packet content: the records read from tables, and the reading of their rows; guess nothing."""

from __future__ import annotations

import re

import msgspec

from briefing.errors import Issue, Source, issue
from briefing.office.cells import DASHES, check_cell, with_unit
from briefing.office.columns import (
    AREA_COLUMN,
    AREAS,
    FILE,
    IGNORE,
    PACKET_LABELS,
    SEQ,
    TARGETS,
    Mapping,
    record_field,
    squeeze,
)
from briefing.office.grid import Cell, Grid
from briefing.office.headers import (
    TableHeader,
    area_heading,
    find_header,
    header_names,
    heading_title,
    maybe_header,
)

_TOTAL = re.compile(r"^(?:合\s*计|小\s*计|总\s*计|累\s*计|其\s*中)")
_GENERIC_SHEET = re.compile(r"^(?:sheet|工作表|表|table)\s*\d*$|指标|项目|分解|汇总|清单|表$|材料", re.I)


class Found(msgspec.Struct):
    """A value read from one cell, checked and ready to be written."""

    key: str
    value: str | int | bool | tuple[str, ...] | dict[str, str]
    where: Source
    header: str
    text: str


class LeftOut(msgspec.Struct):
    """A cell that did not go in: where it is, what it holds, and why (a catalogue message)."""

    key: str
    text: str
    where: Source
    header: str
    reason: Issue


class Row(msgspec.Struct):
    """One target or project row of a table."""

    kind: str
    where: Source
    found: list[Found]
    left: list[LeftOut] = msgspec.field(default_factory=list)
    dropped: Issue | None = None

    @property
    def name(self) -> str:
        return next((str(f.value) for f in self.found if f.key == "name"), "")

    def get(self, key: str) -> Found | None:
        return next((f for f in self.found if f.key == key), None)


class AreaIn(msgspec.Struct):
    """One work area as the tables give it."""

    title: str
    where: Source
    fields: list[Found] = msgspec.field(default_factory=list)
    left: list[LeftOut] = msgspec.field(default_factory=list)
    file: str = ""
    targets: list[Row] = msgspec.field(default_factory=list)
    projects: list[Row] = msgspec.field(default_factory=list)


class Imported(msgspec.Struct):
    """Everything read from the input files, with every problem met on the way."""

    packet: list[Found] = msgspec.field(default_factory=list)
    packet_left: list[LeftOut] = msgspec.field(default_factory=list)
    areas: list[AreaIn] = msgspec.field(default_factory=list)
    issues: list[Issue] = msgspec.field(default_factory=list)
    years: dict[int, Source] = msgspec.field(default_factory=dict)
    rows_read: int = 0

    def area(self, title: str, where: Source) -> AreaIn:
        for area in self.areas:
            if area.title == title:
                return area
        area = AreaIn(title, where)
        self.areas.append(area)
        return area


def _packet_field(grid: Grid, row: list[Cell], imported: Imported) -> None:
    """One labelled row of a 材料信息 sheet: the first own cell beside the label, checked."""
    key = PACKET_LABELS[squeeze(row[0].text)]
    value = next((cell for cell in row[1:] if cell.text and not cell.across), None)
    if value is None or value.text in DASHES:
        return
    where = grid.where(value.ref)
    field = record_field("packet", key)
    assert field is not None
    checked, problem = check_cell(field, value.text, where, key)
    if problem is not None:
        imported.packet_left.append(LeftOut(key, value.text, where, row[0].text, problem))
    else:
        imported.packet.append(Found(key, checked, where, row[0].text, value.text))


def _packet_sheet(grid: Grid, imported: Imported) -> bool:
    """A 材料信息 sheet: labels of packet.yaml's fields in the first column, values beside them."""
    labelled = [row for row in grid.rows if row and squeeze(row[0].text) in PACKET_LABELS]
    if len(labelled) < 2:
        return False
    for row in labelled:
        _packet_field(grid, row, imported)
    return True


def read_grid(grid: Grid, mapping: Mapping, imported: Imported) -> None:
    """Interpret one sheet or Word table, adding areas, rows and problems to `imported`."""
    if mapping.sheets.get(grid.name) == IGNORE or not grid.rows:
        return
    if _packet_sheet(grid, imported):
        return
    _SheetReader(grid, mapping, imported).read()


class _SheetReader:
    """Reading one grid from top to bottom: the header in force and the area its rows go to."""

    def __init__(self, grid: Grid, mapping: Mapping, imported: Imported) -> None:
        self.grid = grid
        self.mapping = mapping
        self.imported = imported
        self.names = header_names(mapping)
        # The area of rows under no heading: the mapping's, else the sheet's own name when it is not generic.
        given = mapping.sheets.get(grid.name, "")
        self.sheet_area = given or ("" if _GENERIC_SHEET.search(grid.name) or grid.word else grid.name)
        self.header: TableHeader | None = None
        self.area: AreaIn | None = None
        self.no_area_reported = False

    def read(self) -> None:
        r = 0
        while r < len(self.grid.rows):
            r += self._read_at(r)

    def _read_at(self, r: int) -> int:
        """Read the row at `r`; the number of rows it took (a header takes all of its rows)."""
        row = self.grid.rows[r]
        if not any(cell.text for cell in row):
            return 1
        found = find_header(self.grid, r, self.mapping) if maybe_header(row, self.names) else None
        if found is not None:
            self._start_table(found, r)
            return found.height
        heading = area_heading(row, self.header)
        if heading:
            where = self.grid.where(next(cell.ref for cell in row if cell.text))
            self.area = self.imported.area(heading_title(heading) or heading, where)
        elif self.header is not None:  # else a title or a note above the first header
            self._content_row(row, self.header)
        return 1

    def _content_row(self, row: list[Cell], header: TableHeader) -> None:
        if header.kind == AREAS:
            _area_row(self.grid, row, header, self.imported)
        else:
            _data_row(self.grid, row, header, self._area_for(row), self.imported)

    def _start_table(self, header: TableHeader, r: int) -> None:
        """A new header: its year, and its unmapped columns reported once, if anything is under them."""
        self.header = header
        if header.year:
            self.imported.years.setdefault(header.year, self.grid.where(header.year_ref))
        for column, shown in header.unmapped.items():
            if _column_has_data(self.grid, r + header.height, column):
                where = self.grid.where(self.grid.rows[r][column].ref)
                self.imported.issues.append(issue(where, shown, "import.column-unmapped", header=shown))

    def _area_for(self, row: list[Cell]) -> AreaIn | None:
        """The area of a data row: the last heading's; under none, the sheet's (reported once if it is only
        the sheet's name); none when the row names its own area in an area column."""
        assert self.header is not None
        if self.area is not None or _row_area(self.header, row):
            return self.area
        title = self.sheet_area or self.grid.name
        where = self.grid.where(row[0].ref)
        self.area = self.imported.area(title, where)
        if not self.sheet_area and not self.no_area_reported:
            self.imported.issues.append(issue(where, "", "import.no-area", title=title))
            self.no_area_reported = True
        return self.area


def _row_area(header: TableHeader, row: list[Cell]) -> str:
    column = header.column(AREA_COLUMN)
    return row[column].text if column is not None else ""


def _column_has_data(grid: Grid, start: int, column: int) -> bool:
    return any(
        row[column].text and not row[column].across and not area_heading(row, None)
        for row in grid.rows[start:]
    )


def _area_row(grid: Grid, row: list[Cell], header: TableHeader, imported: Imported) -> None:
    """One row of a 工作领域 sheet: an area's own fields."""
    title_column = header.column("title")
    assert title_column is not None
    title = heading_title(row[title_column].text) or row[title_column].text
    if not title:
        return
    area = imported.area(title, grid.where(row[title_column].ref))
    for column, key in header.fields.items():
        cell = row[column]
        if key not in (SEQ, IGNORE, "title") and cell.text and not cell.across and cell.text not in DASHES:
            _area_cell(grid, area, key, cell, header.headers[column])


def _area_cell(grid: Grid, area: AreaIn, key: str, cell: Cell, shown: str) -> None:
    """One of an area's own fields; the file-name column only names the area's file."""
    if key == FILE:
        area.file = cell.text
        return
    where = grid.where(cell.ref)
    field = record_field(AREAS, key)
    assert field is not None
    checked, problem = check_cell(field, cell.text, where, key)
    if problem is not None:
        area.left.append(LeftOut(key, cell.text, where, shown, problem))
    else:
        area.fields.append(Found(key, checked, where, shown, cell.text))


def _new_row(grid: Grid, row: list[Cell], header: TableHeader) -> Row:
    """A target or project row placed at its name cell; a 合计/小计 row is dropped from the start."""
    name_column = header.column("name")
    assert name_column is not None
    name = row[name_column]
    first = next(cell for cell in row if cell.text)
    entry = Row(header.kind, grid.where(name.ref if name.text else first.ref), [])
    if _TOTAL.match(name.text):
        entry.dropped = issue(entry.where, header.headers[name_column], "import.total-row", text=name.text)
    return entry


def _row_unit(row: list[Cell], header: TableHeader) -> str:
    """The unit the row's 单位 column gives, for a target or last-year value written as a bare number."""
    column = header.column("unit")
    return row[column].text.replace("％", "%") if column is not None and row[column].text else ""


def _skipped(key: str, cell: Cell) -> bool:
    """Numbering, ignored or area columns, empty or "not given" cells, and cells merged from the left."""
    if key in (SEQ, IGNORE, AREA_COLUMN) or not cell.text or cell.text in DASHES:
        return True
    return cell.across and bool(cell.anchor)  # its text belongs to the column the merge starts in


def _data_cell(grid: Grid, header: TableHeader, entry: Row, column: int, cell: Cell, row_unit: str) -> None:
    """One cell of a target or project row, checked, into the row's found or left-out cells."""
    key = header.fields[column]
    if _skipped(key, cell):
        return
    where = grid.where(cell.ref)
    field = record_field(header.kind, key)
    assert field is not None
    unit = header.units.get(column) or (row_unit if key in ("last_year", "target", "progress.value") else "")
    text = with_unit(cell, field, unit)
    if key == "progress.status":
        from briefing.office.progress_cells import status_text  # it builds on this module's records

        text = status_text(text)
    checked, problem = check_cell(field, text, where, f"{header.kind}.{key}", cell.words)
    if problem is None:
        entry.found.append(Found(key, checked, where, header.headers[column], text))
        return
    entry.left.append(LeftOut(key, text, where, header.headers[column], problem))
    if field.required and entry.dropped is None:
        entry.dropped = problem  # the row cannot stand without this cell


def _unmapped_cells(grid: Grid, row: list[Cell], header: TableHeader, entry: Row) -> None:
    """Cells under a header no field answers: left out, each one kept as a comment in the row."""
    for column, shown in header.unmapped.items():
        cell = row[column]
        if cell.text and not cell.across and cell.text not in DASHES:
            reason = issue(grid.where(cell.ref), shown, "import.column-unmapped", header=shown)
            entry.left.append(LeftOut(shown, cell.text, grid.where(cell.ref), shown, reason))


def _data_row(
    grid: Grid, row: list[Cell], header: TableHeader, area: AreaIn | None, imported: Imported
) -> None:
    """One target or project row, into its area (the row's own area column wins over the heading above)."""
    entry = _new_row(grid, row, header)
    imported.rows_read += 1
    row_unit = _row_unit(row, header)
    for column in header.fields:
        _data_cell(grid, header, entry, column, row[column], row_unit)
    _unmapped_cells(grid, row, header, entry)
    from briefing.office.progress_cells import complete_progress  # it builds on this module's records

    complete_progress(entry, header, header.year or header.value_year)
    area_column = header.column(AREA_COLUMN)
    if area_column is not None and row[area_column].text:
        title = heading_title(row[area_column].text) or row[area_column].text
        area = imported.area(title, grid.where(row[area_column].ref))
    if (not entry.found and not entry.left) or area is None:
        return
    (area.targets if header.kind == TARGETS else area.projects).append(entry)
