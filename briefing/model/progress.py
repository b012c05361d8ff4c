"""Progress records (推进情况): how far a target or project had come by a date, and the status that follows."""

from __future__ import annotations

import datetime as dt
from decimal import Context, Decimal

import msgspec

from briefing.errors import Source
from briefing.model.quantities import Figure, Qualitative

DONE, ON_TRACK, BEHIND, NOT_STARTED, STOPPED = "已完成", "序时推进", "滞后", "未启动", "已终止"
STATUSES = (DONE, ON_TRACK, BEHIND, NOT_STARTED, STOPPED)  # summarised in this order
# Marks that survive grayscale printing: the shape says the status, colour only repeats it.
UNFINISHED = "未完成"  # a year-end status (完成情况): the year is over and the target was not reached
YEAR_END_STATUSES = (DONE, UNFINISHED, NOT_STARTED, STOPPED)
# 未完成 shares 滞后's mark: at the year's end it is what 滞后 was, the status a reader must not miss.
MARKS = {
    DONE: "●",
    ON_TRACK: "◎",
    BEHIND: "▲",
    NOT_STARTED: "○",
    STOPPED: "×",
    UNFINISHED: "▲",
}  # all in the bundled fonts
ITEM_TARGET, ITEM_PROJECT = "指标", "项目"  # what a row of the 完成情况 table is
RATIO_WARNING = Decimal(3)  # a completion above 300 % is more likely a unit slip than a success


class Progress(msgspec.Struct, frozen=True):
    """One progress record: as of a day, the value reached, the status (written, or computed: see
    `computed_status`) and a note. `as_of_text` is the date as written (截至2023年9月底)."""

    as_of: dt.date
    as_of_text: str
    value: Figure | Qualitative | None
    status: str | None
    status_given: bool
    ratio: Decimal | None
    note: str | None
    source: Source
    sources: dict[str, Source] = msgspec.field(default_factory=dict)


class Completion(msgspec.Struct, frozen=True):
    """One row of last year's 完成情况 (a year-end packet's `completion`): a target, or a project's planned
    investment, and what was reached by `as_of`; the ratio and the status computed as for progress at the
    year's end (已完成, or 未完成), unless the status is written."""

    name: str
    item: str  # ITEM_TARGET or ITEM_PROJECT
    unit: str | None
    target: Figure | Qualitative | None
    reached: Figure | Qualitative | None
    as_of: dt.date | None
    ratio: Decimal | None
    status: str | None
    note: str | None
    source: Source


def year_end_status(ratio: Decimal | None, reached: Figure | Qualitative | None, year: int) -> str | None:
    """The status of a target at its year's end: 已完成, 未启动 (nothing reached), else 未完成."""
    status = computed_status(ratio, reached, dt.date(year, 12, 31))
    return UNFINISHED if status == BEHIND else status


def elapsed(as_of: dt.date) -> Decimal:
    """The share of the year gone by at the end of `as_of`: 2023-09-30 -> 273/365."""
    # The last day's number in its year: 366 in a leap year (without importing calendar for isleap).
    days = dt.date(as_of.year, 12, 31).timetuple().tm_yday
    return Decimal(as_of.timetuple().tm_yday) / Decimal(days)


def completion(value: Figure | Qualitative | None, target: object) -> Decimal | None:
    """value / target when both are figures of one dimension, both levels or both changes in the same
    unit, and the target is above zero; else None (words, a level against a growth, a target of 0)."""
    if not isinstance(value, Figure) or not isinstance(target, Figure):
        return None
    if value.dimension != target.dimension or value.is_change != target.is_change:
        return None
    if value.is_change and value.unit != target.unit:
        return None
    goal = target.signed_amount if target.is_change else target.amount
    if goal <= 0:
        return None
    reached = value.to(target.unit) if not value.is_change else value.signed_amount
    return reached / goal


def computed_status(ratio: Decimal | None, value: Figure | Qualitative | None, as_of: dt.date) -> str | None:
    """The status when none is written, from the completion ratio and the time elapsed:

    - 已完成 when the value reached is at least the target (ratio >= 100 %);
    - 未启动 when the value reached is zero;
    - 序时推进 when the ratio is at least the share of the year gone by at `as_of` (273/365 = 74.8 % at
      30 September): the work keeps pace with the calendar;
    - 滞后 when it is below that share.

    None when no ratio can be computed (words, no value, units that do not compare): the status must then
    be written, or the record shows no status.
    """
    if ratio is None:
        return None
    if ratio >= 1:
        return DONE
    if isinstance(value, Figure) and value.amount == 0:
        return NOT_STARTED
    return ON_TRACK if ratio >= elapsed(as_of) else BEHIND


def percent(ratio: Decimal, places: int = 1) -> str:
    """A ratio as a percentage to `places` decimals (82.5%). In a wide context: a value of 15 digits in
    亿元 against a target of 0.000001元 is a ratio of 30 digits, beyond Decimal's default 28."""
    exponent = Decimal(1).scaleb(-places)
    return f"{(ratio * 100).quantize(exponent, context=Context(prec=80))}%"


def latest(records: tuple[Progress, ...]) -> Progress | None:
    """The record with the latest date (the last written of those on that day), or None."""
    if not records:
        return None
    return max(reversed(records), key=lambda record: record.as_of)


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month: 截至9月底 is 30 September."""
    first = dt.date(year, month, 1)  # ValueError for a month or year no date has, as calendar.monthrange
    if month == 12:
        return first.replace(day=31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
