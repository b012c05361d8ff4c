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
    a1,
    clean_text,
    fill_merges,
    number_text,
    reason_of,
    too_large,
    trimmed,
    value_text,
    zip_checked,
)
from briefing.office.xlsx_facts import SheetFacts, xlsx_facts


def read_xlsx(path: Path, display: str, budget: Budget) -> ReadResult:
    """.xlsx: calamine (Rust) reads values and merged ranges fast; what it cannot say (percent formats,
    the true extent of a sheet before anything is allocated, export's marks) is read from the XML first."""
    problem = zip_checked(path, display)
    if problem is not None:
        return ReadResult([], [problem])
    try:
        facts = xlsx_facts(path)
    except Exception as exc:  # a damaged part: zipfile, expat and int() each raise their own kind
        return ReadResult([], [issue(Source(display), "", "import.file-unreadable", reason=reason_of(exc))])
    return read_calamine(path, display, budget, facts)


def read_calamine(
    path: Path, display: str, budget: Budget, facts: dict[str, SheetFacts] | None = None
) -> ReadResult:
    """Values and merged ranges of every sheet, through calamine (Rust): .xlsx, .xls and .ods."""
    import python_calamine

    if path.suffix.lower() == ".ods":
        problem = zip_checked(path, display)
        if problem is not None:
            return ReadResult([], [problem])
    grids: list[Grid] = []
    issues: list[Issue] = []
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        return ReadResult([], [issue(Source(display), "", "import.file-unreadable", reason=reason_of(exc))])
    try:
        for index, sheet_name in enumerate(book.sheet_names):
            name = printable(sheet_name, 40)
            known = (facts or {}).get(sheet_name)
            if known is not None and known.rows > MAX_ROWS:
                issues.append(too_large(display, name, "rows", MAX_ROWS))
                continue
            if known is not None and known.columns > MAX_COLUMNS:
                issues.append(too_large(display, name, "columns", MAX_COLUMNS))
                continue
            if facts is not None and known is None:
                continue  # a chart sheet or a dialog sheet: no cells
            try:
                sheet = book.get_sheet_by_index(index)
            except Exception as exc:
                issues.append(
                    issue(Source(f"{display}:{name}"), "", "import.file-unreadable", reason=reason_of(exc))
                )
                continue
            first_row, first_col = sheet.start or (0, 0)
            if sheet.total_height > MAX_ROWS:
                issues.append(too_large(display, name, "rows", MAX_ROWS))
                continue
            if sheet.total_width > MAX_COLUMNS:
                issues.append(too_large(display, name, "columns", MAX_COLUMNS))
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
                        text, is_number = value_text(value)
                    if text:
                        budget.cells += 1
                    words = known is not None and ref in known.words
                    cells.append(Cell(text[:MAX_CELL_CHARS], ref, number=is_number, words=words))
                rows.append(cells)
                numbers.append(row_number)
            if budget.cells > MAX_CELLS:
                issues.append(too_large(display, name, "cells", MAX_CELLS))
                break
            merges = [
                (top, left, bottom, right) for (top, left), (bottom, right) in sheet.merged_cell_ranges or []
            ]
            fill_merges(rows, merges, first_row)
            rows, numbers = trimmed(rows, numbers)
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
