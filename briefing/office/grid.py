"""Plain grids of located cell texts, the limits every reader keeps, and the helpers the readers share."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable
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


def clean_text(text: str) -> str:
    """Cell text with its outer white space removed and line breaks made \n; nothing else is changed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    # A lone surrogate cannot be written as UTF-8 at all; the validator names the replacement character.
    return (
        text.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if _SURROGATE.search(text) else text
    )


def value_text(value: Any) -> tuple[str, bool]:
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
    return clean_text(str(value)), False


_SURROGATE = re.compile("[\ud800-\udfff]")


class SheetExtent(msgspec.Struct):
    """How far a sheet reaches and how many of its cells hold a value, as its file says before it is read."""

    name: str
    rows: int = 0
    columns: int = 0
    cells: int = 0

    def grow(self, rows: int, columns: int, cells: int = 0) -> None:
        self.rows = max(self.rows, rows)
        self.columns = max(self.columns, columns)
        self.cells += cells


def extent_problems(display: str, extents: list[SheetExtent]) -> list[Issue]:
    """Each sheet too large to read, and the sheet where the file's cells pass the limit, if one does."""
    problems: list[Issue] = []
    cells = 0
    for extent in extents:
        name = printable(extent.name, 40)
        if extent.rows > MAX_ROWS:
            problems.append(too_large(display, name, "rows", MAX_ROWS))
        elif extent.columns > MAX_COLUMNS:
            problems.append(too_large(display, name, "columns", MAX_COLUMNS))
        else:
            cells += extent.cells
            if cells > MAX_CELLS:
                problems.append(too_large(display, name, "cells", MAX_CELLS))
                break
    return problems


class Budget:
    """Counts cells over a whole file so that many small sheets cannot add up to a huge one."""

    def __init__(self) -> None:
        self.cells = 0


def zip_checked(path: Path, display: str) -> Issue | None:
    """An .xlsx/.docx/.ods is a zip: refuse one that unpacks to far more than any real table needs."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return issue(Source(display), "", "import.file-unreadable", reason="not a zip archive")
    if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        return issue(Source(display), "", "import.file-too-large", limit=f"{MAX_UNPACKED_BYTES // 2**20} MB")
    return None


def fill_merges(
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


def trimmed(rows: list[list[Cell]], numbers: list[int]) -> tuple[list[list[Cell]], list[int]]:
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


def too_large(display: str, where: str, what: str, limit: int) -> Issue:
    return issue(Source(f"{display}:{where}"), "", _TOO_MANY[what], limit=limit)


def reason_of(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return printable(text, 120)
