"""Which of a table's columns are printed (a column empty in every row is left out when the layout asks),
and numbers written as the layout wants them (grouped in threes or not)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.model.plan import Row

_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def shown_columns(rows: Sequence[Row], empty: str, drop_empty: bool) -> tuple[int, ...]:
    """The columns to print: all, or, when `drop_empty`, those where some row (a sum or the declared
    figures included) has more than the empty mark. A table keeps at least one column."""
    count = len(rows[0].cells) if rows else 0
    if not drop_empty:
        return tuple(range(count))
    kept = tuple(
        column for column in range(count) if any(row.cells[column].text not in ("", empty) for row in rows)
    )
    return kept or tuple(range(count))


def written(rows: Sequence[Row], shown: tuple[int, ...], number_style: str, grouping: bool) -> list[Row]:
    """The rows with only the shown columns; when `grouping`, the numbers of the number columns (those
    whose listed cells are all in the number style) grouped in threes, sums included."""
    if not grouping and len(shown) == len(rows[0].cells if rows else ()):
        return list(rows)  # nothing to change: the rows as they are
    listed = [row for row in rows if row.role == "body"]
    numbers = {
        column
        for column in shown
        if listed and all(row.cells[column].style == number_style for row in listed)
    }
    result = []
    for row in rows:
        cells = tuple(
            cell._replace(text=grouped(cell.text)) if grouping and column in numbers else cell
            for column, cell in ((column, row.cells[column]) for column in shown)
        )
        result.append(row._replace(cells=cells))
    return result


def grouped(text: str) -> str:
    """12345.6 → 12,345.6; a four-digit number stays as it is (2000), as GB/T 15835 writes it."""
    if not _NUMBER.match(text):
        return text
    sign = text[0] if text[0] in "+-" else ""
    whole, dot, fraction = text[len(sign) :].partition(".")
    if len(whole) <= 4:
        return text
    return f"{sign}{int(whole):,}{dot}{fraction}"
