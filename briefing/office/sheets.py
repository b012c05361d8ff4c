"""Spreadsheets into grids: .xlsx/.xlsm/.xls/.ods through calamine, .csv through the csv module."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from briefing.errors import Issue, Source, issue
from briefing.messages import printable
from briefing.office.grid import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    Budget,
    Cell,
    Grid,
    ReadResult,
    SheetExtent,
    a1,
    clean_text,
    extent_problems,
    fill_merges,
    number_text,
    reason_of,
    too_large,
    trimmed,
    value_text,
    zip_checked,
)
from briefing.office.xlsx_facts import SheetFacts, xlsx_facts


def _unreadable(display: str, exc: BaseException) -> ReadResult:
    return ReadResult([], [issue(Source(display), "", "import.file-unreadable", reason=reason_of(exc))])


def read_xlsx(path: Path, display: str, budget: Budget) -> ReadResult:
    """.xlsx: calamine (Rust) reads values and merged ranges fast; what it cannot say (percent formats,
    the true extent of a sheet before anything is allocated, export's marks) is read from the XML first."""
    problem = zip_checked(path, display)
    if problem is not None:
        return ReadResult([], [problem])
    try:
        facts = xlsx_facts(path)
    except Exception as exc:  # a damaged part: zipfile, expat and int() each raise their own kind
        return _unreadable(display, exc)
    return read_calamine(path, display, budget, facts)


def read_xls(path: Path, display: str, budget: Budget) -> ReadResult:
    """.xls: calamine reads every sheet when it opens the file, so each sheet's extent is checked first
    and a sheet too large keeps the whole file unread. Cell formats are not read (8% stored as 0.08)."""
    from briefing.office.xls_facts import xls_extents

    try:
        extents = xls_extents(path.read_bytes())
    except Exception as exc:  # DamagedFile, or struct.error and IndexError from a record shorter than it says
        return _unreadable(display, exc)
    return _read_whole_book(path, display, budget, extents)


def read_ods(path: Path, display: str, budget: Budget) -> ReadResult:
    """.ods: as .xls, the extent (repeated rows and cells counted, not written out) is checked first."""
    from briefing.office.ods_facts import ods_extents

    problem = zip_checked(path, display)
    if problem is not None:
        return ReadResult([], [problem])
    try:
        extents = ods_extents(path)
    except Exception as exc:  # no content.xml (KeyError), bad XML (ExpatError), a damaged member …
        return _unreadable(display, exc)
    return _read_whole_book(path, display, budget, extents)


def _read_whole_book(path: Path, display: str, budget: Budget, extents: list[SheetExtent]) -> ReadResult:
    problems = extent_problems(display, extents)
    if problems:
        return ReadResult([], problems)
    return read_calamine(path, display, budget)


def read_calamine(
    path: Path, display: str, budget: Budget, facts: dict[str, SheetFacts] | None = None
) -> ReadResult:
    """Values and merged ranges of every sheet, through calamine (Rust). `facts` (an .xlsx's) bound each
    sheet before it is read; a sheet they do not list has no cells (a chart sheet)."""
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        return _unreadable(display, exc)
    result = ReadResult([], [])
    try:
        for index, sheet_name in enumerate(book.sheet_names):
            if not _read_sheet(book, index, sheet_name, display, budget, facts, result):
                break
    finally:
        book.close()
    return result


def _too_large(display: str, name: str, rows: int, columns: int) -> Issue | None:
    if rows > MAX_ROWS:
        return too_large(display, name, "rows", MAX_ROWS)
    if columns > MAX_COLUMNS:
        return too_large(display, name, "columns", MAX_COLUMNS)
    return None


def _open_sheet(
    book: Any, index: int, name: str, display: str, known: SheetFacts | None
) -> tuple[Any, Issue | None]:
    """calamine's sheet, or why it is not read: too large by the .xlsx's XML, unreadable, or too large."""
    if known is not None:
        problem = _too_large(display, name, known.rows, known.columns)
        if problem is not None:
            return None, problem
    try:
        sheet = book.get_sheet_by_index(index)
    except Exception as exc:
        return None, issue(Source(f"{display}:{name}"), "", "import.file-unreadable", reason=reason_of(exc))
    return sheet, _too_large(display, name, sheet.total_height, sheet.total_width)


def _read_sheet(
    book: Any,
    index: int,
    sheet_name: str,
    display: str,
    budget: Budget,
    facts: dict[str, SheetFacts] | None,
    result: ReadResult,
) -> bool:
    """One sheet into `result` (a grid, or the reason it was not read); False once the file's cells
    have passed the limit and nothing more is read."""
    name = printable(sheet_name, 40)
    known = (facts or {}).get(sheet_name)
    if facts is not None and known is None:
        return True  # a chart sheet or a dialog sheet: no cells
    sheet, problem = _open_sheet(book, index, name, display, known)
    if problem is not None:
        result.issues.append(problem)
        return True
    rows, numbers = _sheet_rows(sheet, known, budget)
    if budget.cells > MAX_CELLS:
        result.issues.append(too_large(display, name, "cells", MAX_CELLS))
        return False
    first_row = (sheet.start or (0, 0))[0]
    merges = [(top, left, bottom, right) for (top, left), (bottom, right) in sheet.merged_cell_ranges or []]
    fill_merges(rows, merges, first_row)
    result.grids.append(Grid(display, name, *trimmed(rows, numbers)))
    return True


def _sheet_cell(value: Any, ref: str, known: SheetFacts | None, budget: Budget) -> Cell:
    """One value as a cell: a percent-formatted number as shown (8%), any other as value_text gives it."""
    if known is not None and ref in known.percent and isinstance(value, (int, float)):
        text, is_number = number_text(value, percent=True), False
    else:
        text, is_number = value_text(value)
    if text:
        budget.cells += 1
    words = known is not None and ref in known.words
    return Cell(text[:MAX_CELL_CHARS], ref, number=is_number, words=words)


def _sheet_rows(sheet: Any, known: SheetFacts | None, budget: Budget) -> tuple[list[list[Cell]], list[int]]:
    """Every row calamine gives, each placed at its true row and column (a sheet may start away from A1)."""
    first_row, first_col = sheet.start or (0, 0)
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for r, values in enumerate(sheet.iter_rows()):
        row_number = first_row + r + 1
        cells = [Cell("", a1(row_number, c)) for c in range(first_col)]
        cells += [
            _sheet_cell(value, a1(row_number, c), known, budget)
            for c, value in enumerate(values, start=first_col)
        ]
        rows.append(cells)
        numbers.append(row_number)
    return rows, numbers


def _decode_csv(data: bytes) -> str | None:
    """CSV saved by Excel on a Chinese system is GBK; by WPS or LibreOffice, UTF-8 (often with a BOM)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_csv(path: Path, display: str, budget: Budget) -> ReadResult:
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
                return ReadResult([], [too_large(display, path.stem, "rows", MAX_ROWS)])
            if len(values) > MAX_COLUMNS:
                return ReadResult([], [too_large(display, path.stem, "columns", MAX_COLUMNS)])
            cells = [Cell(clean_text(value)[:MAX_CELL_CHARS], a1(r, c)) for c, value in enumerate(values)]
            budget.cells += sum(1 for cell in cells if cell.text)
            rows.append(cells)
            numbers.append(r)
    except csv.Error as exc:
        return ReadResult([], [issue(Source(display), "", "import.file-unreadable", reason=str(exc))])
    rows, numbers = trimmed(rows, numbers)
    return ReadResult([Grid(display, printable(path.stem, 40), rows, numbers)], [])
