"""Comparing two validated packets: areas, targets, projects, totals, packet fields and texts.

Matching, in order: areas by file key, then by title; targets by name within their area; projects by
name across the packet (validation keeps project names unique), so one that changed area is `moved`.
A row left over on both sides is `renamed` only when every other field is the same as written, the row
states a figure (a target or last year's value; an investment), and exactly one row on each side fits:
a rename must be unmistakable, anything less stands as one removed and one added row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from briefing.diff.align import Budget
from briefing.diff.changes import (
    AreaChange,
    FieldChange,
    FieldKind,
    ItemChange,
    ItemStatus,
    PacketDiff,
    Side,
    TextChange,
    TotalsChange,
    TotalsView,
)
from briefing.diff.text import diff_paragraphs
from briefing.model.packet import Area, Declared, Indicator, Packet, Period, Project, sum_projects
from briefing.model.quantities import Figure, Qualitative, convert, format_amount

PACKET_FIELDS = (
    "title",
    "meeting",
    "issuer",
    "date",
    "year",
    "classification",
    "secrecy",
    "urgency",
    "draft",
    "layout",
)
AREA_FIELDS = ("lead_unit", "leader")
DECLARED_FIELDS = ("complete", "count", "new", "continued", "total_investment", "annual_investment", "note")
TARGET_FIELDS = ("unit", "last_year", "target", "lead_unit", "note")
PROJECT_FIELDS = ("kind", "total_investment", "annual_investment", "period", "status", "lead_unit", "note")
TEXT_FIELDS = ("summary", "last_year_results")
VALUE_FIELDS = frozenset({"last_year", "target", "total_investment", "annual_investment"})
COUNT_FIELDS = frozenset({"count", "new", "continued"})  # a Declared's project counts

Row = TypeVar("Row", Indicator, Project)


def as_text(value: Any) -> str | None:
    """A field's value as the packet writes it; None when absent."""
    if value is None:
        return None
    if isinstance(value, Figure):
        return value.text()
    if isinstance(value, (Qualitative, Period)):
        return value.text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # text, counts, years, a Secrecy (秘密★1年)


def _kind(name: str, old: Any, new: Any) -> FieldKind:
    """value, or wording when both are the same figure written otherwise (see changes.FieldKind)."""
    if name in COUNT_FIELDS:
        return "value"
    if name not in VALUE_FIELDS:
        return "text"
    if not (isinstance(old, Figure) and isinstance(new, Figure)):
        return "value"
    if old.dimension != new.dimension or old.is_change != new.is_change:
        return "value"
    try:
        same = old.signed_amount == convert(new.signed_amount, new.unit, old.unit)
    except (ValueError, ArithmeticError):
        return "value"
    return "wording" if same else "value"


def field_changes(old: Any, new: Any, names: Iterable[str], prefix: str = "") -> list[FieldChange]:
    """The named fields whose written text differs between two records (either may be None)."""
    changes = []
    for name in names:
        before, after = getattr(old, name, None), getattr(new, name, None)
        if as_text(before) != as_text(after):
            kind = _kind(name, before, after)
            changes.append(FieldChange(prefix + name, as_text(before), as_text(after), kind))
    return changes


def _declared(old: Declared | None, new: Declared | None) -> list[FieldChange]:
    return field_changes(old, new, DECLARED_FIELDS, "declared.")


def _totals(projects: Sequence[Project]) -> TotalsView:
    totals = sum_projects(tuple(projects))
    return TotalsView(
        count=totals.count,
        new=totals.new,
        continued=totals.continued,
        total_investment=format_amount(totals.total_investment),
        annual_investment=format_amount(totals.annual_investment),
        known_total=totals.known_total,
        known_annual=totals.known_annual,
    )


def _totals_change(old: Sequence[Project], new: Sequence[Project]) -> TotalsChange | None:
    before, after = _totals(old), _totals(new)
    return None if before == after else TotalsChange(before, after)


def _pair_by(
    old: Sequence[Any], new: Sequence[Any], key: Callable[[Any], Any], pairs: dict[int, int]
) -> None:
    """Pair still-unpaired rows (new index -> old index) whose keys are equal, first come first served."""
    waiting: dict[Any, list[int]] = {}
    taken = set(pairs.values())
    for index, row in enumerate(old):
        if index not in taken:
            waiting.setdefault(key(row), []).append(index)
    for index, row in enumerate(new):
        if index in pairs:
            continue
        queue = waiting.get(key(row))
        if queue:
            pairs[index] = queue.pop(0)


def _pair_renamed(
    old: Sequence[Row], new: Sequence[Row], fields: Sequence[str], pairs: dict[int, int]
) -> set[int]:
    """Pair leftover rows that differ in name only (see the module docstring); returns the new indices."""
    figures = [name for name in fields if name in VALUE_FIELDS]

    def rest(row: Row) -> tuple[str | None, ...] | None:
        texts = tuple(as_text(getattr(row, name)) for name in fields)
        return texts if any(getattr(row, name) is not None for name in figures) else None

    taken = set(pairs.values())
    candidates: dict[tuple[str | None, ...], tuple[list[int], list[int]]] = {}
    for index, row in enumerate(old):
        if index not in taken and (signature := rest(row)) is not None:
            candidates.setdefault(signature, ([], []))[0].append(index)
    for index, row in enumerate(new):
        if index not in pairs and (signature := rest(row)) is not None and signature in candidates:
            candidates[signature][1].append(index)
    renamed = set()
    for olds, news in candidates.values():
        if len(olds) == 1 and len(news) == 1:
            pairs[news[0]] = olds[0]
            renamed.add(news[0])
    return renamed


def _whole(row: Row, fields: Sequence[str], added: bool) -> tuple[FieldChange, ...]:
    """The written fields of an added (or removed) row, so a report can show what came (or went)."""
    changes = []
    for name in fields:
        text = as_text(getattr(row, name))
        if text is not None:
            kind: FieldKind = "value" if name in VALUE_FIELDS else "text"
            changes.append(FieldChange(name, None if added else text, text if added else None, kind))
    return tuple(changes)


def _added(row: Row, fields: Sequence[str]) -> ItemChange:
    return ItemChange("added", row.name, None, _whole(row, fields, True), str(row.source), None)


def _removed(row: Row, fields: Sequence[str]) -> ItemChange:
    return ItemChange("removed", row.name, None, _whole(row, fields, False), None, str(row.source))


def _reordered(pairs: dict[int, int]) -> bool:
    olds = [pairs[index] for index in sorted(pairs)]
    return olds != sorted(olds)


def _targets(old: Area, new: Area) -> tuple[list[ItemChange], bool]:
    pairs: dict[int, int] = {}
    _pair_by(old.targets, new.targets, lambda row: row.name, pairs)
    renamed = _pair_renamed(old.targets, new.targets, TARGET_FIELDS, pairs)
    changes: list[ItemChange] = []
    for index, row in enumerate(new.targets):
        if index not in pairs:
            changes.append(_added(row, TARGET_FIELDS))
            continue
        before = old.targets[pairs[index]]
        fields = tuple(field_changes(before, row, TARGET_FIELDS))
        status: ItemStatus = "renamed" if index in renamed else "changed"
        if fields or status == "renamed":
            old_name = before.name if status == "renamed" else None
            changes.append(
                ItemChange(status, row.name, old_name, fields, str(row.source), str(before.source))
            )
    kept = set(pairs.values())
    changes.extend(_removed(row, TARGET_FIELDS) for i, row in enumerate(old.targets) if i not in kept)
    return changes, _reordered(pairs)


class _Areas:
    """The pairing of old and new areas, and the project changes filed under each area."""

    def __init__(self, old: Packet, new: Packet) -> None:
        self.old, self.new = old.areas, new.areas
        self.pairs: dict[int, int] = {}  # new index -> old index
        _pair_by(self.old, self.new, lambda area: area.key, self.pairs)
        _pair_by(self.old, self.new, lambda area: area.title, self.pairs)
        self.new_of_old = {old_index: new_index for new_index, old_index in self.pairs.items()}
        self.added: dict[int, list[ItemChange]] = {}  # by new area: added, changed, renamed, moved in
        self.removed: dict[int, list[ItemChange]] = {}  # by old area
        self.reordered: set[int] = set()  # new areas whose projects keep their rows but not their order


def _by_area(rows: list[tuple[int, Project]], skip: Iterable[int]) -> dict[int, list[int]]:
    skipped = set(skip)
    grouped: dict[int, list[int]] = {}
    for index, (area, _) in enumerate(rows):
        if index not in skipped:
            grouped.setdefault(area, []).append(index)
    return grouped


def _projects(areas: _Areas) -> None:
    """Match projects across the packet and file each change under its area."""
    old_rows = [(a, row) for a, area in enumerate(areas.old) for row in area.projects]
    new_rows = [(a, row) for a, area in enumerate(areas.new) for row in area.projects]
    pairs: dict[int, int] = {}
    _pair_by([row for _, row in old_rows], [row for _, row in new_rows], lambda row: row.name, pairs)
    # Renames are looked for among the leftovers of one area pair: the area is part of "every other field".
    left_old = _by_area(old_rows, pairs.values())
    left_new = _by_area(new_rows, pairs)
    renamed: set[int] = set()
    for new_area, old_area in areas.pairs.items():
        olds, news = left_old.get(old_area, []), left_new.get(new_area, [])
        local: dict[int, int] = {}
        if olds and news:
            _pair_renamed(
                [old_rows[i][1] for i in olds], [new_rows[i][1] for i in news], PROJECT_FIELDS, local
            )
        for new_local, old_local in local.items():
            pairs[news[new_local]] = olds[old_local]
            renamed.add(news[new_local])
    last_old: dict[int, int] = {}
    for index, (area_index, row) in enumerate(new_rows):
        filed = areas.added.setdefault(area_index, [])
        if index not in pairs:
            filed.append(_added(row, PROJECT_FIELDS))
            continue
        old_area, before = old_rows[pairs[index]]
        fields = field_changes(before, row, PROJECT_FIELDS)
        moved = areas.new_of_old.get(old_area) != area_index
        if moved:
            fields.insert(0, FieldChange("area", areas.old[old_area].title, areas.new[area_index].title))
        elif pairs[index] < last_old.get(area_index, -1):
            areas.reordered.add(area_index)
        else:
            last_old[area_index] = pairs[index]
        status: ItemStatus = "renamed" if index in renamed else "moved" if moved else "changed"
        if fields or status == "renamed":
            old_name = before.name if status == "renamed" else None
            filed.append(
                ItemChange(status, row.name, old_name, tuple(fields), str(row.source), str(before.source))
            )
    kept = set(pairs.values())
    for index, (area_index, row) in enumerate(old_rows):
        if index not in kept:
            areas.removed.setdefault(area_index, []).append(_removed(row, PROJECT_FIELDS))


def _texts(old: Area, new: Area, budget: Budget) -> tuple[TextChange, ...]:
    found = (diff_paragraphs(name, getattr(old, name), getattr(new, name), budget) for name in TEXT_FIELDS)
    return tuple(change for change in found if change is not None)


def _matched(areas: _Areas, new_index: int, budget: Budget) -> AreaChange | None:
    old_index = areas.pairs[new_index]
    old, new = areas.old[old_index], areas.new[new_index]
    renamed = old.key != new.key or old.title != new.title
    targets, targets_reordered = _targets(old, new)
    reordered = ("targets",) * targets_reordered + ("projects",) * (new_index in areas.reordered)
    change = AreaChange(
        status="renamed" if renamed else "changed",
        key=new.key,
        title=new.title,
        old_key=old.key,
        old_title=old.title,
        source=str(new.source),
        old_source=str(old.source),
        fields=tuple(field_changes(old, new, AREA_FIELDS) + _declared(old.declared, new.declared)),
        targets=tuple(targets),
        projects=tuple(areas.added.get(new_index, []) + areas.removed.get(old_index, [])),
        texts=_texts(old, new, budget),
        totals=_totals_change(old.projects, new.projects),
        reordered=reordered,
    )
    parts = (change.fields, change.targets, change.projects, change.texts, change.totals, reordered)
    return change if renamed or any(parts) else None


def _added_area(areas: _Areas, index: int) -> AreaChange:
    area = areas.new[index]
    return AreaChange(
        status="added",
        key=area.key,
        title=area.title,
        old_key=None,
        old_title=None,
        source=str(area.source),
        old_source=None,
        targets=tuple(_added(row, TARGET_FIELDS) for row in area.targets),
        projects=tuple(areas.added.get(index, [])),
    )


def _removed_area(areas: _Areas, index: int) -> AreaChange:
    area = areas.old[index]
    return AreaChange(
        status="removed",
        key=area.key,
        title=area.title,
        old_key=area.key,
        old_title=area.title,
        source=None,
        old_source=str(area.source),
        targets=tuple(_removed(row, TARGET_FIELDS) for row in area.targets),
        projects=tuple(areas.removed.get(index, [])),
    )


def _side(label: str, packet: Packet) -> Side:
    return Side(label, packet.title, len(packet.areas), len(packet.targets), len(packet.projects))


def compare(
    old: Packet, new: Packet, old_label: str, new_label: str, budget: Budget | None = None
) -> PacketDiff:
    """Everything that differs from `old` to `new`, in the new packet's order; a removed area follows
    the area that came before it in the old packet."""
    budget = budget or Budget()
    areas = _Areas(old, new)
    _projects(areas)
    after: dict[int, list[int]] = {}  # new index -> removed old areas to list after it (-1: first)
    anchor = -1
    for old_index in range(len(old.areas)):
        if old_index in areas.new_of_old:
            anchor = areas.new_of_old[old_index]
        else:
            after.setdefault(anchor, []).append(old_index)
    listed = [_removed_area(areas, index) for index in after.get(-1, [])]
    for new_index in range(len(new.areas)):
        change = (
            _matched(areas, new_index, budget) if new_index in areas.pairs else _added_area(areas, new_index)
        )
        if change is not None:
            listed.append(change)
        listed.extend(_removed_area(areas, index) for index in after.get(new_index, []))
    matched = sorted(areas.pairs)
    order = None
    if [areas.pairs[index] for index in matched] != sorted(areas.pairs.values()):
        order = (
            tuple(old.areas[index].key for index in sorted(areas.pairs.values())),
            tuple(new.areas[index].key for index in matched),
        )
    return PacketDiff(
        old=_side(old_label, old),
        new=_side(new_label, new),
        fields=tuple(field_changes(old, new, PACKET_FIELDS) + _declared(old.declared, new.declared)),
        areas=tuple(listed),
        totals=_totals_change(old.projects, new.projects),
        area_order=order,
        truncated=budget.truncated,
    )
