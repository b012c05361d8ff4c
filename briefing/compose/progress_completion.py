"""The 完成情况 tables of a year-end packet: per area, last year's targets (and projects' planned
investment) against what was reached, the completion ratio and the status, money summed where it adds up."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

import msgspec

from briefing.compose.progress_summary import StatusCount
from briefing.model.packet import Area
from briefing.model.plan import Origin, PageBreak, Para, Row, TablePlan
from briefing.model.progress import (
    DONE,
    ITEM_PROJECT,
    MARKS,
    NOT_STARTED,
    STOPPED,
    UNFINISHED,
    Completion,
    percent,
)
from briefing.model.quantities import Figure, Qualitative, format_amount

if TYPE_CHECKING:
    from briefing.compose.composer import Composer
    from briefing.compose.tables import Tables
    from briefing.compose.views import AreaView
    from briefing.model.layout import TableKind

COMPLETION_TEMPLATE = "progress_completion.j2"  # headings before each area's table (blocks: progress)
COMPLETION_TABLE = "completion"  # the layout's completion_table
KEY = "last_year_completion"  # the area files' key of the rows
YEAR_END_ORDER = (DONE, UNFINISHED, NOT_STARTED, STOPPED)


class CompletionView(msgspec.Struct, frozen=True):
    """`completion` in progress_completion.j2: the year reported on, whether this is the first area (the
    appendix heading goes before it), and the counts by status of the whole packet and of the area."""

    year: int
    first: bool
    total: int
    counts: tuple[StatusCount, ...]
    area_total: int
    area_counts: tuple[StatusCount, ...]


def _counts(rows: list[Completion]) -> tuple[StatusCount, ...]:
    counted = ((status, sum(1 for row in rows if row.status == status)) for status in YEAR_END_ORDER)
    return tuple(StatusCount(status, MARKS[status], count) for status, count in counted if count)


def completion_blocks(composer: Composer) -> None:
    """A page of 完成情况 tables, one per area that has `completion` rows; nothing when none has, or the
    layout has no completion_table or no progress_completion.j2."""
    kind = composer.tables.kinds.get(COMPLETION_TABLE)
    chosen = [(area, composer.area_view(area)) for area in composer.packet.areas if area.completion]
    if not chosen or kind is None or COMPLETION_TEMPLATE not in composer.layout.templates:
        return
    every = [row for area, _ in chosen for row in area.completion]
    composer.blocks.append(PageBreak(odd=composer.duplex))
    for index, (area, view) in enumerate(chosen):
        completion = CompletionView(
            year=composer.packet.year - 1,
            first=index == 0,
            total=len(every),
            counts=_counts(every),
            area_total=len(area.completion),
            area_counts=_counts(list(area.completion)),
        )
        variables = {"area": view, "completion": completion}
        composer.emit(COMPLETION_TEMPLATE, composer.packet_origin, variables)
        composer.blocks.append(completion_table(composer.tables, kind, area, view))


def _value(value: Figure | Qualitative | None, unit: str | None, money: str | None) -> str | None:
    """A target or value reached as the table shows it: money in the table's unit, a figure in the row's
    own unit without it (the 单位 column says it), anything else as written."""
    if value is None:
        return None
    if isinstance(value, Figure) and money and value.is_money and not value.is_change:
        return format_amount(value.to(money))
    if isinstance(value, Figure) and unit and value.unit == unit and not value.change and unit != "%":
        return value.text(with_unit=False)
    return str(value)


def _cell_text(field: str, row: Completion, number: int, money: str) -> str | None:
    project = row.item == ITEM_PROJECT
    texts: dict[str, Callable[[], str | None]] = {
        "index": lambda: str(number),
        "name": lambda: row.name,
        "unit": lambda: money if project else row.unit,
        "target": lambda: _value(row.target, row.unit, money if project else None),
        "reached": lambda: _value(row.reached, row.unit, money if project else None),
        "ratio": lambda: percent(row.ratio) if row.ratio is not None else None,
        "status": lambda: f"{MARKS[row.status]}{row.status}" if row.status else None,
        "as_of": lambda: f"{row.as_of.month}月{row.as_of.day}日" if row.as_of else None,
        "note": lambda: row.note,
    }
    return texts[field]()


def _money(value: Figure | Qualitative | None) -> Figure | None:
    return value if isinstance(value, Figure) and value.is_money and not value.is_change else None


def completion_table(tables: Tables, kind: TableKind, area: Area, view: AreaView) -> TablePlan:
    """One area's table: a row per target or project, then the projects' investment summed (planned and
    completed, with the ratio of the sums) when two or more give both amounts: the one sum that adds up
    (targets measure different things)."""
    origin = Origin(area.where(KEY), KEY)
    number_fields = ("target", "reached", "ratio")
    rows = []
    for number, row in enumerate(area.completion, start=1):
        where = Origin(row.source, f"{KEY}[{number}]")
        cells = []
        for column in kind.columns:
            text = _cell_text(column.field, row, number, kind.money_unit)
            role = "number" if column.field in number_fields else "body"
            cells.append(tables._cell(text, where, column.align, role))
        rows.append(Row(tuple(cells)))
    summed = [
        (planned, done)
        for row in area.completion
        if row.item == ITEM_PROJECT and (planned := _money(row.target)) and (done := _money(row.reached))
    ]
    if len(summed) >= 2:
        unit = kind.money_unit
        planned_sum = sum((planned.to(unit) for planned, _ in summed), Decimal(0))
        done_sum = sum((done.to(unit) for _, done in summed), Decimal(0))
        sums = {
            "target": format_amount(planned_sum),
            "reached": format_amount(done_sum),
            "ratio": percent(done_sum / planned_sum) if planned_sum > 0 else "",
        }
        label = f"项目投资合计（{len(summed)}个）"
        rows.append(
            tables._sum_row(
                kind,
                label,
                origin,
                lambda field: (sums[field], origin) if field in sums else None,
                origin,
                "total",
            )
        )
    return tables._table(COMPLETION_TABLE, kind, view, rows, origin, _partial(tables, area, origin))


def _partial(tables: Tables, area: Area, origin: Origin) -> Para | None:
    """A note when some values were reached before the year's end (a 9月底 figure is not the year's)."""
    early = [row for row in area.completion if row.as_of and (row.as_of.month, row.as_of.day) != (12, 31)]
    if not early:
        return None
    day = max(row.as_of for row in early if row.as_of)
    text = f"注：{len(early)}项的完成值截至{day.month}月{day.day}日，不是全年数。"
    style = "table_note" if "table_note" in tables.layout.styles else tables.layout.table.caption_style
    return Para(style, text, origin)
