"""Reading .xlsx/.xls/.ods/.csv sheets and .docx tables into plain grids of located cell texts, within limits."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import msgspec

from briefing.errors import Issue, Source, issue
from briefing.messages import printable

# A task table of a county has hundreds of rows; these limits are far above that and far below what
# would make a run slow or large. A hostile file meets them early and is reported, never read on.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 24 * 1024 * 1024  # what the members of an .xlsx/.docx/.ods say they unpack to
MAX_MEMBERS = 5_000
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000  # non-empty cells over all sheets and tables of one file
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell

TEXT_MARK = "briefing:文字"  # the cell comment export puts on words that hold digits
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
WORD = (".docx",)


class Cell(msgspec.Struct, frozen=True):
    """One cell as the importer reads it: its text (numbers written out, never evaluated) and its place."""

    text: str
    ref: str
    anchor: str = ""  # the merged range's first cell, when this cell is covered by a merge
    across: bool = False  # covered by a merge whose first cell is in another column
    number: bool = False  # a typed number (its unit can only come from the header or the unit column)
    words: bool = False  # export marked it (a cell comment): words that hold digits, such as 与2022年持平


class Grid(msgspec.Struct):
    """One sheet or one Word table: rows of cells, each row the same width."""

    file: str
    name: str
    rows: list[list[Cell]]
    row_numbers: list[int]
    word: bool = False

    def where(self, ref: str) -> Source:
        """A cell's place, shown as file:sheet!C5 (Word: file:表2!R3C4)."""
        return Source(f"{self.file}:{self.name}!{ref}")


class ReadResult(msgspec.Struct):
    """Every grid of one file, and the problems that kept any part of it from being read."""

    grids: list[Grid]
    issues: list[Issue]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def a1(row: int, column: int) -> str:
    """A1 reference of a 1-based row and 0-based column."""
    return f"{column_letter(column)}{row}"


def number_text(value: float | int | Decimal, percent: bool = False) -> str:
    """A stored number as a person reads it: 2501, 113.6, 0.08 shown as 8% when the cell is formatted so."""
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return str(value)
    if not amount.is_finite():
        return str(value)
    if percent:
        amount *= 100
    # Excel keeps 15 significant digits; a float's binary tail (0.30000000000000004) is not the number typed.
    amount = Decimal(format(amount, ".15g"))
    text = format(amount.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + ("%" if percent else "")


def _clean(text: str) -> str:
    """Cell text with its outer white space removed and line breaks made \n; nothing else is changed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    # A lone surrogate cannot be written as UTF-8 at all; the validator names the replacement character.
    return (
        text.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if _SURROGATE.search(text) else text
    )


def _value_text(value: Any) -> tuple[str, bool]:
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("true" if value else "false"), False
    if isinstance(value, (int, float, Decimal)):
        return number_text(value), True
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat(), False
        return value.isoformat(sep=" "), False
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return str(value), False
    return _clean(str(value)), False


_SURROGATE = re.compile("[\ud800-\udfff]")


class _Budget:
    """Counts cells over a whole file so that many small sheets cannot add up to a huge one."""

    def __init__(self) -> None:
        self.cells = 0


def _zip_checked(path: Path, display: str) -> Issue | None:
    """An .xlsx/.docx/.ods is a zip: refuse one that unpacks to far more than any real table needs."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return issue(Source(display), "", "import.file-unreadable", reason="not a zip archive")
    if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        return issue(Source(display), "", "import.file-too-large", limit=f"{MAX_UNPACKED_BYTES // 2**20} MB")
    return None


def _fill_merges(
    grid_rows: list[list[Cell]], merges: Iterable[tuple[int, int, int, int]], first_row: int
) -> None:
    """Give every cell a merge covers the text of its first cell (merges are 0-based, inclusive)."""
    for top, left, bottom, right in merges:
        top -= first_row
        bottom -= first_row
        if top < 0 or top >= len(grid_rows) or left >= len(grid_rows[top]):
            continue
        anchor = grid_rows[top][left]
        for r in range(top, min(bottom, len(grid_rows) - 1) + 1):
            row = grid_rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                if r == top and c == left:
                    continue
                row[c] = Cell(
                    anchor.text, row[c].ref, anchor=anchor.ref, across=c != left, number=anchor.number
                )


def _trimmed(rows: list[list[Cell]], numbers: list[int]) -> tuple[list[list[Cell]], list[int]]:
    """Drop trailing empty rows and columns; pad every row to the same width."""
    while rows and not any(cell.text for cell in rows[-1]):
        rows.pop()
        numbers.pop()
    width = 0
    for row in rows:
        for index in range(len(row) - 1, -1, -1):
            if row[index].text:
                width = max(width, index + 1)
                break
    for r, row in enumerate(rows):
        del row[width:]
        row.extend(Cell("", a1(numbers[r], c)) for c in range(len(row), width))
    return rows, numbers


_TOO_MANY = {
    "rows": "import.too-many-rows",
    "columns": "import.too-many-columns",
    "cells": "import.too-many-cells",
}


def _too_large(display: str, where: str, what: str, limit: int) -> Issue:
    return issue(Source(f"{display}:{where}"), "", _TOO_MANY[what], limit=limit)


class SheetFacts(msgspec.Struct):
    """What calamine does not say about an .xlsx sheet, read from its XML before calamine reads it."""

    rows: int = 0
    columns: int = 0
    percent: set[str] = msgspec.field(default_factory=set)  # cells shown as 8% but stored as 0.08
    words: set[str] = msgspec.field(default_factory=set)  # cells export marked as words


_R_ATTRIBUTE = re.compile(rb'\sr="([A-Z]{0,3})(\d{1,9})"')
_CELL_TAG = re.compile(rb"<(?:\w+:)?c(\s[^>]*)>")
_STYLE = re.compile(rb'\ss="(\d+)"')
_REF = re.compile(rb'\sr="([A-Z]{1,3}\d{1,9})"')
_PERCENT_FORMATS = {9, 10}  # Excel's built-in 0% and 0.00%


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _xml(archive: zipfile.ZipFile, name: str) -> Any:
    from xml.etree import ElementTree

    return ElementTree.fromstring(archive.read(name))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = base.split("/")[:-1]
    for part in target.split("/"):
        if part == "..":
            parts = parts[:-1]
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """rId → (type, member) from a part's .rels file."""
    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    if rels not in archive.namelist():
        return {}
    found = {}
    for element in _xml(archive, rels):
        found[element.get("Id", "")] = (element.get("Type", ""), _target(part, element.get("Target", "")))
    return found


def _percent_styles(archive: zipfile.ZipFile) -> set[bytes]:
    if "xl/styles.xml" not in archive.namelist():
        return set()
    styles = _xml(archive, "xl/styles.xml")
    percent_ids = set(_PERCENT_FORMATS)
    xfs: list[Any] = []
    for element in styles:
        if _local(element.tag) == "numFmts":
            for fmt in element:
                if "%" in fmt.get("formatCode", "").replace("\\%", ""):
                    percent_ids.add(int(fmt.get("numFmtId", "-1")))
        elif _local(element.tag) == "cellXfs":
            xfs = list(element)
    return {
        str(index).encode() for index, xf in enumerate(xfs) if int(xf.get("numFmtId", "0")) in percent_ids
    }


def _marked_cells(archive: zipfile.ZipFile, member: str) -> set[str]:
    """Cells whose comment starts with the export's words mark."""
    marked: set[str] = set()
    for kind, target in _relationships(archive, member).values():
        if not kind.endswith("/comments") or target not in archive.namelist():
            continue
        for element in _xml(archive, target).iter():
            if _local(element.tag) == "comment":
                text = "".join(element.itertext())
                if text.startswith(TEXT_MARK):
                    marked.add(element.get("ref", ""))
    return marked


def xlsx_facts(path: Path) -> dict[str, SheetFacts]:
    """Each sheet's true extent (the <dimension> element may lie), percent cells and marked cells."""
    facts: dict[str, SheetFacts] = {}
    with zipfile.ZipFile(path) as archive:
        workbook = "xl/workbook.xml"
        links = _relationships(archive, workbook)
        percent = _percent_styles(archive)
        for element in _xml(archive, workbook).iter():
            if _local(element.tag) != "sheet":
                continue
            rid = next((value for key, value in element.attrib.items() if _local(key) == "id"), "")
            member = links.get(rid, ("", ""))[1]
            if member not in archive.namelist():
                continue
            data = archive.read(member)
            sheet = SheetFacts()
            for letters, digits in _R_ATTRIBUTE.findall(data):
                sheet.rows = max(sheet.rows, int(digits))
                if letters:
                    sheet.columns = max(sheet.columns, _column_number(letters))
            if percent:
                for attributes in _CELL_TAG.findall(data):
                    style = _STYLE.search(attributes)
                    ref = _REF.search(attributes)
                    if style and ref and style[1] in percent:
                        sheet.percent.add(ref[1].decode())
            sheet.words = _marked_cells(archive, member)
            facts[element.get("name", "")] = sheet
    return facts


def _read_xlsx(path: Path, display: str, budget: _Budget) -> ReadResult:
    """.xlsx: calamine (Rust) reads values and merged ranges fast; what it cannot say (percent formats,
    the true extent of a sheet before anything is allocated, export's marks) is read from the XML first."""
    problem = _zip_checked(path, display)
    if problem is not None:
        return ReadResult([], [problem])
    try:
        facts = xlsx_facts(path)
    except Exception as exc:  # a damaged part: zipfile, expat and int() each raise their own kind
        return ReadResult([], [issue(Source(display), "", "import.file-unreadable", reason=_reason(exc))])
    return _read_calamine(path, display, budget, facts)


def _read_calamine(
    path: Path, display: str, budget: _Budget, facts: dict[str, SheetFacts] | None = None
) -> ReadResult:
    """Values and merged ranges of every sheet, through calamine (Rust): .xlsx, .xls and .ods."""
    import python_calamine

    if path.suffix.lower() == ".ods":
        problem = _zip_checked(path, display)
        if problem is not None:
            return ReadResult([], [problem])
    grids: list[Grid] = []
    issues: list[Issue] = []
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        return ReadResult([], [issue(Source(display), "", "import.file-unreadable", reason=_reason(exc))])
    try:
        for index, sheet_name in enumerate(book.sheet_names):
            name = printable(sheet_name, 40)
            known = (facts or {}).get(sheet_name)
            if known is not None and known.rows > MAX_ROWS:
                issues.append(_too_large(display, name, "rows", MAX_ROWS))
                continue
            if known is not None and known.columns > MAX_COLUMNS:
                issues.append(_too_large(display, name, "columns", MAX_COLUMNS))
                continue
            if facts is not None and known is None:
                continue  # a chart sheet or a dialog sheet: no cells
            try:
                sheet = book.get_sheet_by_index(index)
            except Exception as exc:
                issues.append(
                    issue(Source(f"{display}:{name}"), "", "import.file-unreadable", reason=_reason(exc))
                )
                continue
            first_row, first_col = sheet.start or (0, 0)
            if sheet.total_height > MAX_ROWS:
                issues.append(_too_large(display, name, "rows", MAX_ROWS))
                continue
            if sheet.total_width > MAX_COLUMNS:
                issues.append(_too_large(display, name, "columns", MAX_COLUMNS))
                continue
            rows: list[list[Cell]] = []
            numbers: list[int] = []
            for r, values in enumerate(sheet.iter_rows()):
                row_number = first_row + r + 1
                cells = [Cell("", a1(row_number, c)) for c in range(first_col)]
                for c, value in enumerate(values, start=first_col):
                    ref = a1(row_number, c)
                    if known is not None and ref in known.percent and isinstance(value, (int, float)):
                        text, is_number = number_text(value, percent=True), False
                    else:
                        text, is_number = _value_text(value)
                    if text:
                        budget.cells += 1
                    words = known is not None and ref in known.words
                    cells.append(Cell(text[:MAX_CELL_CHARS], ref, number=is_number, words=words))
                rows.append(cells)
                numbers.append(row_number)
            if budget.cells > MAX_CELLS:
                issues.append(_too_large(display, name, "cells", MAX_CELLS))
                break
            merges = [
                (top, left, bottom, right) for (top, left), (bottom, right) in sheet.merged_cell_ranges or []
            ]
            _fill_merges(rows, merges, first_row)
            rows, numbers = _trimmed(rows, numbers)
            grids.append(Grid(display, name, rows, numbers))
    finally:
        book.close()
    return ReadResult(grids, issues)


def _decode_csv(data: bytes) -> str | None:
    """CSV saved by Excel on a Chinese system is GBK; by WPS or LibreOffice, UTF-8 (often with a BOM)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read_csv(path: Path, display: str, budget: _Budget) -> ReadResult:
    text = _decode_csv(path.read_bytes())
    if text is None:
        return ReadResult([], [issue(Source(display), "", "import.file-unreadable", reason="encoding")])
    csv.field_size_limit(MAX_CELL_CHARS + 1)
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    try:
        sample = text[:4096]
        dialect: Any = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
        for r, values in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            if r > MAX_ROWS:
                return ReadResult([], [_too_large(display, path.stem, "rows", MAX_ROWS)])
            if len(values) > MAX_COLUMNS:
                return ReadResult([], [_too_large(display, path.stem, "columns", MAX_COLUMNS)])
            cells = [Cell(_clean(value)[:MAX_CELL_CHARS], a1(r, c)) for c, value in enumerate(values)]
            budget.cells += sum(1 for cell in cells if cell.text)
            rows.append(cells)
            numbers.append(r)
    except csv.Error as exc:
        return ReadResult([], [issue(Source(display), "", "import.file-unreadable", reason=str(exc))])
    rows, numbers = _trimmed(rows, numbers)
    return ReadResult([Grid(display, printable(path.stem, 40), rows, numbers)], [])


_HEADING = re.compile(r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十百]+）)")


def _read_docx(path: Path, display: str, budget: _Budget) -> ReadResult:
    import docx
    from docx.text.paragraph import Paragraph

    problem = _zip_checked(path, display)
    if problem is not None:
        return ReadResult([], [problem])
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors … for a damaged file
        return ReadResult([], [issue(Source(display), "", "import.file-unreadable", reason=_reason(exc))])
    grids: list[Grid] = []
    issues: list[Issue] = []
    heading = ""
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = _clean(block.text)
            if text:
                heading = text if _HEADING.match(text) else ""
            continue
        number += 1  # iter_inner_content yields paragraphs and tables only: this block is a table
        name = f"表{number}"
        rows: list[list[Cell]] = []
        numbers: list[int] = []
        above: list[Any] = []
        for r, row in enumerate(block.rows, start=1):
            if r > MAX_ROWS:
                issues.append(_too_large(display, name, "rows", MAX_ROWS))
                break
            tcs = row.cells
            if len(tcs) > MAX_COLUMNS:
                issues.append(_too_large(display, name, "columns", MAX_COLUMNS))
                break
            cells: list[Cell] = []
            for c, tc in enumerate(tcs):
                ref = f"R{r}C{c + 1}"
                if c and tc._tc is tcs[c - 1]._tc:
                    left = cells[c - 1]
                    cells.append(Cell(left.text, ref, anchor=left.anchor or left.ref, across=True))
                elif c < len(above) and tc._tc is above[c]._tc:
                    top = rows[-1][c]
                    cells.append(Cell(top.text, ref, anchor=top.anchor or top.ref, across=top.across))
                else:
                    text = _clean(tc.text)[:MAX_CELL_CHARS]
                    budget.cells += 1 if text else 0
                    cells.append(Cell(text, ref))
            above = list(tcs)
            rows.append(cells)
            numbers.append(r)
            if budget.cells > MAX_CELLS:
                issues.append(_too_large(display, name, "cells", MAX_CELLS))
                return ReadResult(grids, issues)
        rows, numbers = _trimmed(rows, numbers)
        if heading and rows:
            # The numbered paragraph above a table ("一、扩大内需") is its area heading: a row of its own.
            width = len(rows[0])
            rows.insert(
                0, [Cell(heading, "R0", anchor="R0" if c else "", across=c > 0) for c in range(width)]
            )
            numbers.insert(0, 0)
        heading = ""
        grids.append(Grid(display, name, rows, numbers, word=True))
    return ReadResult(grids, issues)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return printable(text, 120)


READERS: dict[str, Callable[[Path, str, _Budget], ReadResult]] = {
    ".xlsx": _read_xlsx,
    ".xlsm": _read_xlsx,
    ".xls": _read_calamine,
    ".ods": _read_calamine,
    ".csv": _read_csv,
    ".docx": _read_docx,
}


def read_file(path: Path, display: str) -> ReadResult:
    """Every sheet or Word table of one file; never raises for anything a file can contain."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return ReadResult([], [issue(Source(display), "", "import.file-kind", suffix=path.suffix or "—")])
    try:
        size = path.stat().st_size
    except OSError as exc:
        return ReadResult(
            [], [issue(Source(display), "", "import.file-unreadable", reason=exc.strerror or "")]
        )
    if size > MAX_FILE_BYTES:
        return ReadResult(
            [], [issue(Source(display), "", "import.file-too-large", limit=f"{MAX_FILE_BYTES // 2**20} MB")]
        )
    try:
        return reader(path, display, _Budget())
    except (MemoryError, RecursionError) as exc:
        return ReadResult(
            [], [issue(Source(display), "", "import.file-unreadable", reason=type(exc).__name__)]
        )
    except OSError as exc:
        return ReadResult(
            [], [issue(Source(display), "", "import.file-unreadable", reason=exc.strerror or str(exc))]
        )
