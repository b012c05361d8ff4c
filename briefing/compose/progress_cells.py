"""The progress columns of the targets and projects tables (截至…完成, 完成率, 进度): which are shown, and
what their cells and headings say."""

from __future__ import annotations

from briefing.model.layout import Column
from briefing.model.progress import MARKS, Progress, latest, month_end, percent
from briefing.model.quantities import Figure, format_amount

PROGRESS_FIELDS = ("progress_value", "progress_ratio", "progress_status")


def progress_columns(columns: tuple[Column, ...], records: list[tuple[Progress, ...]]) -> tuple[Column, ...]:
    """The table's columns; the progress ones only when some row of the table has a progress record, so a
    packet without progress prints as it always did."""
    if any(records):
        return columns
    return tuple(column for column in columns if column.field not in PROGRESS_FIELDS)


def as_of_text(records: list[tuple[Progress, ...]]) -> str:
    """The day the table's progress speaks of, for the heading (截至{{ as_of }}完成): 9月底 for a month's
    end, else 9月15日; the latest day of the rows' latest records."""
    days = [record.as_of for record in map(latest, records) if record is not None]
    if not days:
        return ""
    day = max(days)
    return f"{day.month}月底" if day == month_end(day.year, day.month) else f"{day.month}月{day.day}日"


def value_text(record: Progress | None, unit: str | None, money_unit: str | None = None) -> str | None:
    """The value reached as its column shows it: money in the table's money unit; a figure in the row's
    own unit without it (the 单位 column says it); anything else as written. None when not given."""
    if record is None or record.value is None:
        return None
    value = record.value
    if isinstance(value, Figure) and money_unit and value.is_money:
        return format_amount(value.to(money_unit))
    if isinstance(value, Figure) and unit and value.unit == unit and not value.change and unit != "%":
        return value.text(with_unit=False)
    return str(value)


def ratio_text(record: Progress | None) -> str | None:
    """The completion ratio to one decimal (82.5%), or None where none was computed."""
    if record is None or record.ratio is None:
        return None
    return percent(record.ratio)


def status_text(record: Progress | None) -> str | None:
    """The status with its mark (▲滞后): the shape tells the status apart when printed in gray."""
    if record is None or record.status is None:
        return None
    return f"{MARKS[record.status]}{record.status}"


def cell_text(
    field: str, records: tuple[Progress, ...], unit: str | None, money_unit: str | None
) -> str | None:
    """One progress cell of a row, from its latest record."""
    record = latest(records)
    if field == "progress_value":
        return value_text(record, unit, money_unit)
    if field == "progress_ratio":
        return ratio_text(record)
    return status_text(record)
