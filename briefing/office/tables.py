"""Grids to packet content: find headers, area headings and data rows; check every cell, guess none."""

from __future__ import annotations

import re
from typing import Any

import msgspec

from briefing.errors import Issue, Source, issue
from briefing.office.columns import (
    AREA_COLUMN,
    AREAS,
    FILE,
    IGNORE,
    PACKET_LABELS,
    PROJECTS,
    RECORDS,
    SEQ,
    TARGETS,
    Header,
    Mapping,
    field_for,
    read_header,
    record_field,
    squeeze,
    unit_cell,
)
from briefing.office.grid import Cell, Grid
from briefing.read.reader import Field
from briefing.read.yaml_nodes import Scalar, resolve_plain

DASHES = frozenset({"—", "——", "-", "--", "－", "/", "／", "—-", "–"})
_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+\s*[、.．]|[（(][一二三四五六七八九十百]+[)）]|第[一二三四五六七八九十百]+(?:部分|章|节)[、：:\s]?)\s*"
)
_SEQ_HEADING = re.compile(r"^(?:[一二三四五六七八九十百]+[、.．]?|[（(][一二三四五六七八九十百]+[)）])$")
_TOTAL = re.compile(r"^(?:合\s*计|小\s*计|总\s*计|累\s*计|其\s*中)")
_GENERIC_SHEET = re.compile(r"^(?:sheet|工作表|表|table)\s*\d*$|指标|项目|分解|汇总|清单|表$|材料", re.I)
_BOOLS = {"是": True, "否": False, "true": True, "false": False, "TRUE": True, "FALSE": False}


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


def heading_title(text: str) -> str:
    """'一、扩大内需' → 扩大内需; the numbering is the order, which the packet keeps by itself."""
    return _NUMBERING.sub("", text, count=1).strip().rstrip("：:").strip()


def check_cell(
    field: Field, text: str, where: Source, path: str, words: bool = False
) -> tuple[Any, Issue | None]:
    """Read one cell's text exactly as the validator would read it typed into a YAML file."""
    from briefing.read.reader import Reader
    from briefing.read.yaml_nodes import Mapping as MappingNode

    if words and field.kind.name == "value":
        reader = Reader()
        node = MappingNode({"text": (where, Scalar(value=text, text=text, source=where, quoted=True))}, where)
        reader.value(node, field, path)
        return {"text": text}, (reader.issues[0] if reader.issues else None)
    if field.kind.name == "bool":
        if text not in _BOOLS:
            return None, issue(where, path, "bool.invalid", label=field.label, text=text)
        return _BOOLS[text], None
    reader = Reader()
    if field.kind.name in ("count", "year"):
        resolved = resolve_plain(text.removesuffix("个") if field.kind.name == "count" else text)
        number = Scalar(value=resolved if isinstance(resolved, int) else text, text=text, source=where)
        reader.value(number, field, path)
        return number.value, (reader.issues[0] if reader.issues else None)
    if field.kind.name == "paragraphs":
        paragraphs = tuple(line.strip() for line in text.split("\n") if line.strip())
        for paragraph in paragraphs:
            reader.value(Scalar(value=paragraph, text=paragraph, source=where, quoted=True), field, path)
        return paragraphs, (reader.issues[0] if reader.issues else None)
    reader.value(Scalar(value=text, text=text, source=where, quoted=True), field, path)
    return text, (reader.issues[0] if reader.issues else None)


class _Table(msgspec.Struct):
    """A header found in a grid: which column holds which field, and the units the header gives."""

    kind: str
    fields: dict[int, str]
    headers: dict[int, str]
    units: dict[int, str]
    unmapped: dict[int, str]
    height: int
    year: int = 0
    year_ref: str = ""


def _header_texts(grid: Grid, start: int, height: int, column: int) -> list[str]:
    texts: list[str] = []
    for r in range(start, start + height):
        text = grid.rows[r][column].text
        if text and (not texts or texts[-1] != text):
            texts.append(text)
    return texts


def _match(kind: str, texts: list[str], mapping: Mapping) -> tuple[str | None, Header | None]:
    """The field a column's header names, trying the lowest (most specific) header row first."""
    for text in reversed(texts):
        header = read_header(text)
        field = field_for(kind, header, mapping.columns)
        if field is not None:
            return field, header
    return None, None


def header_names(mapping: Mapping) -> frozenset[str]:
    """Every header name any table kind knows, for a quick look at whether a row could be a header."""
    from briefing.office.columns import all_names

    return frozenset(all_names()) | frozenset(read_header(key).name for key in mapping.columns)


def _maybe_header(row: list[Cell], names: frozenset[str]) -> bool:
    """At least two of the row's own short cells name a field (data rows seldom do; headers always)."""
    hits = 0
    for cell in row:
        if cell.text and not cell.across and len(cell.text) <= 40 and read_header(cell.text).name in names:
            hits += 1
            if hits == 2:
                return True
    return False


def _header_like(row: list[Cell], kind: str, mapping: Mapping) -> bool:
    """A row of a multi-row header: each of its own cells names a field or heads a merged group of columns
    ("投资情况" over 总投资 and 年度计划投资); cells merged from above are headers too."""
    own = [(c, cell) for c, cell in enumerate(row) if cell.text and not cell.anchor]
    if not own:
        return False
    for c, cell in own:
        group = c + 1 < len(row) and row[c + 1].anchor == cell.ref
        if not group and field_for(kind, read_header(cell.text), mapping.columns) is None:
            return False
    return True


def _try_header(grid: Grid, start: int, mapping: Mapping) -> _Table | None:
    """A header starting at row `start` (one to three rows, then maybe a units row), or None."""
    best: _Table | None = None
    width = len(grid.rows[start])
    for height in (1, 2, 3):
        if start + height > len(grid.rows):
            break
        for kind in (TARGETS, PROJECTS, AREAS):
            fields: dict[int, str] = {}
            headers: dict[int, str] = {}
            units: dict[int, str] = {}
            unmapped: dict[int, str] = {}
            if height > 1 and (
                len({cell.text for cell in grid.rows[start] if cell.text and not cell.anchor}) < 2
                or not all(_header_like(grid.rows[start + h], kind, mapping) for h in range(height))
            ):
                continue  # a heading row, or a data row, above a one-row header is not part of it
            year, year_ref = 0, ""
            for column in range(width):
                texts = _header_texts(grid, start, height, column)
                if not texts:
                    continue
                field, header = _match(kind, texts, mapping)
                shown = "/".join(texts)
                if field is None or header is None or (field in fields.values() and field != IGNORE):
                    unmapped[column] = shown
                    continue
                fields[column] = field
                headers[column] = shown
                if header.unit:
                    units[column] = header.unit
                if field == "target" and header.year:
                    year, year_ref = header.year, grid.rows[start][column].ref
            name_key = "title" if kind == AREAS else "name"
            data_fields = [f for f in fields.values() if f not in (SEQ, AREA_COLUMN, FILE, IGNORE, name_key)]
            if name_key not in fields.values() or not data_fields:
                continue
            if kind == AREAS and not {"summary", "last_year_results", "lead_unit"} & set(fields.values()):
                continue
            table = _Table(kind, fields, headers, units, unmapped, height, year, year_ref)
            if best is None or len(fields) > len(best.fields):
                best = table
    if best is None:
        return None
    # A units row under the header: every filled cell a unit, e.g. （亿元） or 单位：万元.
    after = start + best.height
    if after < len(grid.rows):
        filled = [(c, cell.text) for c, cell in enumerate(grid.rows[after]) if cell.text]
        if filled and all(unit_cell(text) for _, text in filled):
            for column, text in filled:
                best.units[column] = unit_cell(text)
            best.height += 1
    return best


def _is_heading(grid: Grid, row: list[Cell], table: _Table | None) -> str:
    """The area heading a row holds ("一、扩大内需" across the table, or 一 in 序号 with a title), or ''."""
    texts = [cell.text for cell in row if cell.text]
    if not texts:
        return ""
    distinct = list(dict.fromkeys(texts))
    if len(distinct) == 1:
        text = distinct[0]
        spread = len(texts) > 1
        if _NUMBERING.match(text) and heading_title(text):
            return text
        if spread and table is not None and not any(cell.text and not cell.across for cell in row[1:]):
            return text
        return ""
    if table is not None and len(distinct) == 2:
        seq = next((c for c, f in table.fields.items() if f == SEQ), None)
        name = next((c for c, f in table.fields.items() if f in ("name", "title")), None)
        if seq is not None and name is not None and _SEQ_HEADING.match(row[seq].text.strip()):
            others = [cell for c, cell in enumerate(row) if cell.text and c not in (seq, name)]
            if not others or all(cell.text == row[name].text for cell in others):
                return row[name].text
    return ""


def _packet_sheet(grid: Grid, imported: Imported) -> bool:
    """A 材料信息 sheet: labels of packet.yaml's fields in the first column, values beside them."""
    labelled = [row for row in grid.rows if row and squeeze(row[0].text) in PACKET_LABELS]
    if len(labelled) < 2:
        return False
    for row in labelled:
        key = PACKET_LABELS[squeeze(row[0].text)]
        value = next((cell for cell in row[1:] if cell.text and not cell.across), None)
        if value is None or value.text in DASHES:
            continue
        where = grid.where(value.ref)
        field = record_field("packet", key)
        assert field is not None
        checked, problem = check_cell(field, value.text, where, key)
        if problem is not None:
            imported.packet_left.append(LeftOut(key, value.text, where, row[0].text, problem))
        else:
            imported.packet.append(Found(key, checked, where, row[0].text, value.text))
    return True


def _value_text(cell: Cell, field: Field, unit: str) -> str:
    """The text to check: a bare number takes the unit its header or the row's unit column gives."""
    text = cell.text
    if field.kind.name in ("value", "money") and unit and _NUMBER.match(text):
        return text + unit
    return text


def read_grid(grid: Grid, mapping: Mapping, imported: Imported) -> None:
    """Interpret one sheet or Word table, adding areas, rows and problems to `imported`."""
    if mapping.sheets.get(grid.name) == IGNORE or not grid.rows:
        return
    if _packet_sheet(grid, imported):
        return
    given = mapping.sheets.get(grid.name, "")
    sheet_area = given or ("" if _GENERIC_SHEET.search(grid.name) or grid.word else grid.name)
    area: AreaIn | None = None
    table: _Table | None = None
    no_area_reported = False
    names = header_names(mapping)
    r = 0
    while r < len(grid.rows):
        row = grid.rows[r]
        if not any(cell.text for cell in row):
            r += 1
            continue
        found = _try_header(grid, r, mapping) if _maybe_header(row, names) else None
        if found is not None:
            table = found
            if table.year:
                imported.years.setdefault(table.year, grid.where(table.year_ref))
            for column, shown in table.unmapped.items():
                if _column_has_data(grid, r + table.height, column):
                    where = grid.where(row[column].ref)
                    imported.issues.append(issue(where, shown, "import.column-unmapped", header=shown))
            r += table.height
            continue
        heading = _is_heading(grid, row, table)
        if heading:
            title = heading_title(heading) or heading
            area = imported.area(title, grid.where(next(c.ref for c in row if c.text)))
            r += 1
            continue
        if table is None:
            r += 1  # a title or a note above the first header
            continue
        if table.kind == AREAS:
            _area_row(grid, row, table, imported)
            r += 1
            continue
        if area is None and not _row_area(table, row):
            title = sheet_area or grid.name
            where = grid.where(row[0].ref)
            area = imported.area(title, where)
            if not sheet_area and not no_area_reported:
                imported.issues.append(issue(where, "", "import.no-area", title=title))
                no_area_reported = True
        _data_row(grid, row, table, area, imported)
        r += 1


def _row_area(table: _Table, row: list[Cell]) -> str:
    column = next((c for c, f in table.fields.items() if f == AREA_COLUMN), None)
    return row[column].text if column is not None else ""


def _column_has_data(grid: Grid, start: int, column: int) -> bool:
    return any(
        row[column].text and not row[column].across and not _is_heading(grid, row, None)
        for row in grid.rows[start:]
    )


def _area_row(grid: Grid, row: list[Cell], table: _Table, imported: Imported) -> None:
    title_column = next(c for c, f in table.fields.items() if f == "title")
    title = heading_title(row[title_column].text) or row[title_column].text
    if not title:
        return
    area = imported.area(title, grid.where(row[title_column].ref))
    for column, key in table.fields.items():
        cell = row[column]
        if key in (SEQ, IGNORE, "title") or not cell.text or cell.across or cell.text in DASHES:
            continue
        where = grid.where(cell.ref)
        if key == FILE:
            area.file = cell.text
            continue
        field = record_field(AREAS, key)
        assert field is not None
        checked, problem = check_cell(field, cell.text, where, key)
        if problem is not None:
            area.left.append(LeftOut(key, cell.text, where, table.headers[column], problem))
        else:
            area.fields.append(Found(key, checked, where, table.headers[column], cell.text))


def _data_row(grid: Grid, row: list[Cell], table: _Table, area: AreaIn | None, imported: Imported) -> None:
    kind = table.kind
    record = RECORDS[kind]
    name_column = next(c for c, f in table.fields.items() if f == "name")
    first = next(cell for cell in row if cell.text)
    entry = Row(kind, grid.where(row[name_column].ref if row[name_column].text else first.ref), [])
    imported.rows_read += 1
    name_text = row[name_column].text
    if _TOTAL.match(name_text):
        entry.dropped = issue(entry.where, table.headers[name_column], "import.total-row", text=name_text)
    unit_column = next((c for c, f in table.fields.items() if f == "unit"), None)
    row_unit = ""
    if unit_column is not None and row[unit_column].text:
        row_unit = row[unit_column].text.replace("％", "%")
    target_area = area
    for column, key in table.fields.items():
        cell = row[column]
        if key in (SEQ, IGNORE) or not cell.text or cell.text in DASHES:
            continue
        if cell.across and cell.anchor:
            continue  # covered by a merge that starts in another column: its text belongs there
        where = grid.where(cell.ref)
        header = table.headers[column]
        if key == AREA_COLUMN:
            continue  # handled below, once the row is read
        field = record.field(key)
        assert field is not None
        unit = table.units.get(column) or (row_unit if key in ("last_year", "target") else "")
        text = _value_text(cell, field, unit)
        checked, problem = check_cell(field, text, where, f"{kind}.{key}", cell.words)
        if problem is not None:
            entry.left.append(LeftOut(key, text, where, header, problem))
            if field.required and entry.dropped is None:
                entry.dropped = problem  # the row cannot stand without this cell
        else:
            entry.found.append(Found(key, checked, where, header, text))
    for column, shown in table.unmapped.items():
        cell = row[column]
        if cell.text and not cell.across and cell.text not in DASHES:
            reason = issue(grid.where(cell.ref), shown, "import.column-unmapped", header=shown)
            entry.left.append(LeftOut(shown, cell.text, grid.where(cell.ref), shown, reason))
    area_column = next((c for c, f in table.fields.items() if f == AREA_COLUMN), None)
    if area_column is not None and row[area_column].text:
        title = heading_title(row[area_column].text) or row[area_column].text
        target_area = imported.area(title, grid.where(row[area_column].ref))
    if (not entry.found and not entry.left) or target_area is None:
        return
    (target_area.targets if kind == TARGETS else target_area.projects).append(entry)
