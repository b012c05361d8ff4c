"""Word tables into grids: each .docx table, with the numbered paragraph above it as its area heading row."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from briefing.errors import Issue, Source, issue
from briefing.office.grid import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    Budget,
    Cell,
    Grid,
    ReadResult,
    clean_text,
    reason_of,
    too_large,
    trimmed,
    zip_checked,
)

_HEADING = re.compile(r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十百]+）)")


def read_docx(path: Path, display: str, budget: Budget) -> ReadResult:
    """Every table of a .docx, in document order, named 表1, 表2 …"""
    import docx

    problem = zip_checked(path, display)
    if problem is not None:
        return ReadResult([], [problem])
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors … for a damaged file
        return ReadResult([], [issue(Source(display), "", "import.file-unreadable", reason=reason_of(exc))])
    return _read_document(document, display, budget)


def _read_document(document: Any, display: str, budget: Budget) -> ReadResult:
    """Walk paragraphs and tables in order; a numbered paragraph is the heading of the table after it."""
    from docx.text.paragraph import Paragraph

    result = ReadResult([], [])
    heading = ""
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = clean_text(block.text)
            if text:
                heading = text if _HEADING.match(text) else ""
            continue
        number += 1  # iter_inner_content yields paragraphs and tables only: this block is a table
        read = _table_rows(block, f"表{number}", display, budget, result.issues)
        if read is None:
            return result  # the file's cells passed the limit: nothing more is read
        rows, numbers = trimmed(*read)
        if heading and rows:
            # The numbered paragraph above a table ("一、扩大内需") is its area heading: a row of its own.
            rows.insert(
                0, [Cell(heading, "R0", anchor="R0" if c else "", across=c > 0) for c in range(len(rows[0]))]
            )
            numbers.insert(0, 0)
        heading = ""
        result.grids.append(Grid(display, f"表{number}", rows, numbers, word=True))
    return result


def _table_rows(
    table: Any, name: str, display: str, budget: Budget, issues: list[Issue]
) -> tuple[list[list[Cell]], list[int]] | None:
    """A table's rows up to the row or column limit (reported); None once the file's cells pass theirs."""
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    above: list[Any] = []
    for r, row in enumerate(table.rows, start=1):
        if r > MAX_ROWS:
            issues.append(too_large(display, name, "rows", MAX_ROWS))
            break
        tcs = row.cells
        if len(tcs) > MAX_COLUMNS:
            issues.append(too_large(display, name, "columns", MAX_COLUMNS))
            break
        rows.append(_row_cells(tcs, above, rows[-1] if rows else [], r, budget))
        numbers.append(r)
        above = list(tcs)
        if budget.cells > MAX_CELLS:
            issues.append(too_large(display, name, "cells", MAX_CELLS))
            return None
    return rows, numbers


def _row_cells(tcs: list[Any], above: list[Any], previous: list[Cell], r: int, budget: Budget) -> list[Cell]:
    """One row's cells; python-docx gives a merged cell once per grid column it spans, as the same element,
    so a cell that is its left or upper neighbour again takes that neighbour's text as a merge."""
    cells: list[Cell] = []
    for c, tc in enumerate(tcs):
        ref = f"R{r}C{c + 1}"
        if c and tc._tc is tcs[c - 1]._tc:
            left = cells[c - 1]
            cells.append(Cell(left.text, ref, anchor=left.anchor or left.ref, across=True))
        elif c < len(above) and tc._tc is above[c]._tc:
            top = previous[c]
            cells.append(Cell(top.text, ref, anchor=top.anchor or top.ref, across=top.across))
        else:
            text = clean_text(tc.text)[:MAX_CELL_CHARS]
            budget.cells += 1 if text else 0
            cells.append(Cell(text, ref))
    return cells
