"""Progress columns of an imported table (截至9月底完成, 进度, 截至日期, 进展说明): the day a value column's
header names, and each row's record completed with it, or its cells left out saying why."""

from __future__ import annotations

import datetime as dt
import re

from briefing.errors import issue
from briefing.model.progress import MARKS, month_end
from briefing.office.columns import squeeze
from briefing.office.headers import TableHeader
from briefing.office.tables import Found, LeftOut, Row

VALUE, AS_OF, STATUS = "progress.value", "progress.as_of", "progress.status"
_MONTH = re.compile(r"(?:((?:19|20)\d\d)年)?(\d{1,2})月(?:(\d{1,2})日)?")


def as_of_from_header(text: str, year: int) -> str | None:
    """'截至9月底完成' in 2023 → 2023-09-30, '1-9月累计完成' → 2023-09-30, '截至2023年9月15日完成' →
    2023-09-15: the last month (and day) the header names; None when it names none, or no year is known."""
    found = list(_MONTH.finditer(squeeze(text)))
    if not found:
        return None
    last = found[-1]
    year = int(last[1]) if last[1] else year
    if not year:
        return None
    try:
        day = dt.date(year, int(last[2]), int(last[3])) if last[3] else month_end(year, int(last[2]))
    except ValueError:  # 13月, 9月31日
        return None
    return day.isoformat()


def status_text(text: str) -> str:
    """A status cell as the validator reads it: a mark before it (▲滞后, as the PDF prints it) dropped."""
    return text.lstrip("".join(MARKS.values())).strip()


def complete_progress(entry: Row, header: TableHeader, year: int) -> None:
    """A row's progress cells made one record: its date from the 截至日期 column, else from the value
    column's header; with neither, the cells are left out with the reason (a record needs its date)."""
    cells = [found for found in entry.found if found.key.startswith("progress.")]
    if not cells or any(found.key == AS_OF for found in cells):
        return
    if any(left.key == AS_OF for left in entry.left):
        _leave_out(entry, cells, None)  # the date cell did not read: the rest cannot stand alone
        return
    column = header.column(VALUE)
    day = as_of_from_header(header.headers[column], year) if column is not None else None
    if day is None:
        _leave_out(entry, cells, header.headers.get(column, "") if column is not None else "")
        return
    first = cells[0]
    entry.found.append(
        Found(AS_OF, day, first.where, header.headers[column] if column is not None else "", day)
    )


def _leave_out(entry: Row, cells: list[Found], header: str | None) -> None:
    for found in cells:
        entry.found.remove(found)
        if header is None:
            reason = issue(found.where, found.header, "import.progress-date-unread")
        else:
            reason = issue(
                found.where, found.header, "import.progress-no-date", header=header or found.header
            )
        entry.left.append(LeftOut(found.key, found.text, found.where, found.header, reason))
