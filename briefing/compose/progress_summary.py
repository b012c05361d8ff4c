"""The 推进情况 summary a layout's `progress` block prints: counts by status for the packet and each area,
and the items that are 滞后 with their lead units (the page leaders read first)."""

from __future__ import annotations

import msgspec

from briefing.compose.progress_cells import as_of_text, value_text
from briefing.model.packet import Area, Indicator, Packet, Project
from briefing.model.progress import BEHIND, MARKS, STATUSES, Progress, latest, percent

PROGRESS_TEMPLATE = "progress_summary.j2"  # the layout's template of the summary (blocks: progress)


class StatusCount(msgspec.Struct, frozen=True):
    """How many items have one status, with its mark (● ◎ ▲ ○ ×)."""

    status: str
    mark: str
    count: int


class BehindItem(msgspec.Struct, frozen=True):
    """One item that is 滞后: what, where, who leads it, and how far it has come."""

    area: str
    name: str
    lead_unit: str
    reached: str
    ratio: str
    note: str


class AreaProgress(msgspec.Struct, frozen=True):
    """One area's counts; `total` is the items with a progress record."""

    title: str
    numeral: str
    total: int
    counts: tuple[StatusCount, ...]


class ProgressSummary(msgspec.Struct, frozen=True):
    """The packet's counts by status, each area's, and the 滞后 items in packet order."""

    as_of: str
    total: int
    counts: tuple[StatusCount, ...]
    areas: tuple[AreaProgress, ...]
    behind: tuple[BehindItem, ...]


Item = Indicator | Project


def _items(area: Area) -> list[tuple[Item, Progress]]:
    """The area's targets, then its projects, that have a progress record, each with its latest; not
    those whose latest says nothing yet (no value, no status: a record init --from left to fill)."""
    found: list[tuple[Item, Progress]] = []
    items: list[Item] = [*area.targets, *area.projects]
    for item in items:
        record = latest(item.progress)
        if record is not None and (record.value is not None or record.status is not None):
            found.append((item, record))
    return found


def _counts(records: list[Progress]) -> tuple[StatusCount, ...]:
    """Counts for every status that occurs, in STATUSES order (none printed as 0)."""
    counted = ((status, sum(1 for r in records if r.status == status)) for status in STATUSES)
    return tuple(StatusCount(status, MARKS[status], count) for status, count in counted if count)


def _behind(area: Area, item: Item, record: Progress) -> BehindItem:
    unit = item.unit if isinstance(item, Indicator) else None
    money = None if isinstance(item, Indicator) else "万元"
    reached = value_text(record, unit, money) or ""
    if reached and money:
        reached += money
    elif reached and unit and reached[-1:].isdigit():
        reached += unit
    ratio = percent(record.ratio, 0) if record.ratio is not None else ""
    return BehindItem(
        area=area.title,
        name=item.name,
        lead_unit=item.lead_unit or area.lead_unit or "",
        reached=reached,
        ratio=ratio,
        note=record.note or "",
    )


def progress_summary(packet: Packet, numerals: tuple[str, ...]) -> ProgressSummary | None:
    """The summary, or None when no target or project has a progress record."""
    areas: list[AreaProgress] = []
    every: list[Progress] = []
    behind: list[BehindItem] = []
    for area, numeral in zip(packet.areas, numerals, strict=True):
        found = _items(area)
        records = [record for _, record in found]
        every += records
        behind += [_behind(area, item, record) for item, record in found if record.status == BEHIND]
        if found:
            areas.append(AreaProgress(area.title, numeral, len(found), _counts(records)))
    if not every:
        return None
    return ProgressSummary(
        as_of=as_of_text([(record,) for record in every]),
        total=len(every),
        counts=_counts(every),
        areas=tuple(areas),
        behind=tuple(behind),
    )
