"""What a row of a grid is before it is read: part of a table's header, or an area heading."""

from __future__ import annotations

import re
from collections.abc import Callable

import msgspec

from briefing.office.columns import (
    AREA_COLUMN,
    AREAS,
    FILE,
    IGNORE,
    PROJECTS,
    SEQ,
    TARGETS,
    Header,
    Mapping,
    all_names,
    field_for,
    read_header,
    squeeze,
    unit_cell,
)
from briefing.office.grid import Cell, Grid

_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+\s*[、.．]|[（(][一二三四五六七八九十百]+[)）]|第[一二三四五六七八九十百]+(?:部分|章|节)[、：:\s]?)\s*"
)
_SEQ_HEADING = re.compile(r"^(?:[一二三四五六七八九十百]+[、.．]?|[（(][一二三四五六七八九十百]+[)）])$")
_NOT_DATA = (SEQ, AREA_COLUMN, FILE, IGNORE)
_AREA_CONTENT = frozenset({"summary", "last_year_results", "lead_unit"})


class TableHeader(msgspec.Struct):
    """A header found in a grid: which column holds which field, and the units the header gives."""

    kind: str
    height: int  # rows the header takes, a units row under it included
    fields: dict[int, str] = msgspec.field(default_factory=dict)
    headers: dict[int, str] = msgspec.field(default_factory=dict)  # the header text shown in the report
    units: dict[int, str] = msgspec.field(default_factory=dict)
    unmapped: dict[int, str] = msgspec.field(default_factory=dict)
    year: int = 0  # from the target column's header (2023年目标)
    year_ref: str = ""
    value_year: int = 0  # from a progress value column's header (截至2023年9月底完成)

    def column(self, *keys: str) -> int | None:
        """The first column holding one of these fields, or None."""
        return next((column for column, key in self.fields.items() if key in keys), None)

    def complete(self) -> bool:
        """A name column and at least one column of data; an areas table also needs some area content."""
        name_key = "title" if self.kind == AREAS else "name"
        keys = set(self.fields.values())
        if name_key not in keys or not keys - {*_NOT_DATA, name_key}:
            return False
        return self.kind != AREAS or bool(_AREA_CONTENT & keys)


def heading_title(text: str) -> str:
    """'一、扩大内需' → 扩大内需; the numbering is the order, which the packet keeps by itself."""
    return _NUMBERING.sub("", text, count=1).strip().rstrip("：:").strip()


def header_names(mapping: Mapping) -> frozenset[str]:
    """Every header name any table kind knows, for a quick look at whether a row could be a header."""
    return frozenset(all_names()) | frozenset(read_header(key).name for key in mapping.columns)


def maybe_header(row: list[Cell], names: frozenset[str]) -> bool:
    """At least two of the row's own short cells name a field (data rows seldom do; headers always)."""
    hits = 0
    for cell in row:
        if cell.text and not cell.across and len(cell.text) <= 40 and read_header(cell.text).name in names:
            hits += 1
            if hits == 2:
                return True
    return False


def _header_texts(grid: Grid, start: int, height: int, column: int) -> list[str]:
    """A column's header cells from top to bottom, a text merged down over several rows taken once."""
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


def _rows_form_one_header(grid: Grid, start: int, height: int, kind: str, mapping: Mapping) -> bool:
    """A heading row, or a data row, above a one-row header is not part of it."""
    if height == 1:
        return True
    top = {cell.text for cell in grid.rows[start] if cell.text and not cell.anchor}
    return len(top) >= 2 and all(_header_like(grid.rows[start + h], kind, mapping) for h in range(height))


def _place_column(header: TableHeader, grid: Grid, start: int, column: int, mapping: Mapping) -> None:
    """Record what one column's header cells name; a second column naming the same field is unmapped."""
    texts = _header_texts(grid, start, header.height, column)
    if not texts:
        return
    field, found = _match(header.kind, texts, mapping)
    shown = "/".join(texts)
    if field is None or found is None or (field in header.fields.values() and field != IGNORE):
        header.unmapped[column] = shown
        return
    header.fields[column] = field
    header.headers[column] = shown
    if found.unit:
        header.units[column] = found.unit
    if field == "target" and found.year:
        header.year, header.year_ref = found.year, grid.rows[start][column].ref
    if field == "progress.value" and found.year:
        header.value_year = found.year


def _progress_note(header: TableHeader) -> None:
    """A table with progress columns: its 说明 column explains the progress (备注 stays the row's note)."""
    keys = set(header.fields.values())
    if not keys & {"progress.value", "progress.status"} or "progress.note" in keys:
        return
    for column, key in list(header.fields.items()):
        if key == "note" and squeeze(header.headers[column]) == "说明":
            header.fields[column] = "progress.note"
            _take_unmapped(header, "note", lambda shown: read_header(shown).name in ("备注",))
            return
    _take_unmapped(header, "progress.note", lambda shown: squeeze(shown) == "说明")  # 说明 after 备注


def _take_unmapped(header: TableHeader, field: str, names: Callable[[str], bool]) -> None:
    """The first unmapped column whose header `names` says is `field`'s, given to it."""
    for column, shown in list(header.unmapped.items()):
        if names(shown):
            del header.unmapped[column]
            header.fields[column], header.headers[column] = field, shown
            return


def _header_of_kind(grid: Grid, start: int, height: int, kind: str, mapping: Mapping) -> TableHeader | None:
    """The rows start … start+height-1 read as the header of a table of this kind, if they are one."""
    if not _rows_form_one_header(grid, start, height, kind, mapping):
        return None
    header = TableHeader(kind, height)
    for column in range(len(grid.rows[start])):
        _place_column(header, grid, start, column, mapping)
    _progress_note(header)
    return header if header.complete() else None


def _take_units_row(grid: Grid, header: TableHeader, start: int) -> None:
    """A units row under the header: every filled cell a unit, e.g. （亿元） or 单位：万元."""
    after = start + header.height
    if after >= len(grid.rows):
        return
    filled = [(c, cell.text) for c, cell in enumerate(grid.rows[after]) if cell.text]
    if filled and all(unit_cell(text) for _, text in filled):
        for column, text in filled:
            header.units[column] = unit_cell(text)
        header.height += 1


def find_header(grid: Grid, start: int, mapping: Mapping) -> TableHeader | None:
    """A header starting at row `start` (one to three rows, then maybe a units row): of all the heights
    and table kinds that fit, the one naming the most columns."""
    best: TableHeader | None = None
    for height in (1, 2, 3):
        if start + height > len(grid.rows):
            break
        for kind in (TARGETS, PROJECTS, AREAS):
            header = _header_of_kind(grid, start, height, kind, mapping)
            if header is not None and (best is None or len(header.fields) > len(best.fields)):
                best = header
    if best is not None:
        _take_units_row(grid, best, start)
    return best


def _one_text_heading(row: list[Cell], text: str, spread: bool, header: TableHeader | None) -> str:
    """A row holding one text: numbered ("一、扩大内需"), or merged across a table with no own cell beside."""
    if _NUMBERING.match(text) and heading_title(text):
        return text
    if spread and header is not None and not any(cell.text and not cell.across for cell in row[1:]):
        return text
    return ""


def _numbered_name_heading(row: list[Cell], header: TableHeader) -> str:
    """一 in the 序号 column and a title in the name column (repeated, at most, across the rest)."""
    seq = header.column(SEQ)
    name = header.column("name", "title")
    if seq is None or name is None or not _SEQ_HEADING.match(row[seq].text.strip()):
        return ""
    others = [cell for c, cell in enumerate(row) if cell.text and c not in (seq, name)]
    return row[name].text if all(cell.text == row[name].text for cell in others) else ""


def area_heading(row: list[Cell], header: TableHeader | None) -> str:
    """The area heading a row holds ("一、扩大内需" across the table, or 一 in 序号 with a title), or ''."""
    texts = [cell.text for cell in row if cell.text]
    distinct = list(dict.fromkeys(texts))
    if len(distinct) == 1:
        return _one_text_heading(row, distinct[0], len(texts) > 1, header)
    if header is not None and len(distinct) == 2:
        return _numbered_name_heading(row, header)
    return ""
