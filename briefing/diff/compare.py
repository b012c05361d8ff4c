"""Comparing two validated packets: areas, targets, projects, totals, packet fields and texts.

Matching, in order: areas by file key, then by title; targets by name within their area; projects by
name across the packet (validation keeps project names unique), so one that changed area is `moved`.
A row left over on both sides is `renamed` only when every other field is the same as written, the row
states a figure (a target or last year's value; an investment), and exactly one row on each side fits:
a rename must be unmistakable, anything less stands as one removed and one added row. The progress
records of a row in both packets are compared too (diff/progress.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from briefing.diff.align import Budget
from briefing.diff.changes import (
    AreaChange,
    FieldChange,
    ItemChange,
    PacketDiff,
    Side,
    TextChange,
    TotalsChange,
    TotalsView,
)
from briefing.diff.fields import field_changes
from briefing.diff.rows import (
    PROJECT_FIELDS,
    TARGET_FIELDS,
    added,
    pair_by,
    pair_renamed,
    paired,
    removed,
    target_changes,
)
from briefing.diff.text import diff_paragraphs
from briefing.model.packet import Area, Declared, Packet, Project, sum_projects
from briefing.model.quantities import format_amount

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
TEXT_FIELDS = ("summary", "last_year_results")


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


class _Areas:
    """The pairing of old and new areas, and the project changes filed under each area."""

    def __init__(self, old: Packet, new: Packet) -> None:
        self.old, self.new = old.areas, new.areas
        self.pairs: dict[int, int] = {}  # new index -> old index
        pair_by(self.old, self.new, lambda area: area.key, self.pairs)
        pair_by(self.old, self.new, lambda area: area.title, self.pairs)
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


class _Projects:
    """The projects of both packets, each with its area's index, paired across the packet (new index ->
    old index): by name, then renamed within one pair of areas."""

    def __init__(self, areas: _Areas) -> None:
        self.areas = areas
        self.old = [(a, row) for a, area in enumerate(areas.old) for row in area.projects]
        self.new = [(a, row) for a, area in enumerate(areas.new) for row in area.projects]
        self.pairs: dict[int, int] = {}
        pair_by([row for _, row in self.old], [row for _, row in self.new], lambda row: row.name, self.pairs)
        self.renamed: set[int] = set()
        self._pair_renamed()

    def _pair_renamed(self) -> None:
        # Renames are looked for among the leftovers of one area pair: the area is part of "every other field".
        left_old = _by_area(self.old, self.pairs.values())
        left_new = _by_area(self.new, self.pairs)
        for new_area, old_area in self.areas.pairs.items():
            olds, news = left_old.get(old_area, []), left_new.get(new_area, [])
            if not (olds and news):
                continue
            local: dict[int, int] = {}
            pair_renamed(
                [self.old[i][1] for i in olds], [self.new[i][1] for i in news], PROJECT_FIELDS, local
            )
            for new_local, old_local in local.items():
                self.pairs[news[new_local]] = olds[old_local]
                self.renamed.add(news[new_local])

    def change(self, index: int, last_old: dict[int, int]) -> ItemChange | None:
        """The change of the paired new project `index`: moved (its area first among its fields), renamed
        or changed; notes in `last_old` where each area's kept projects have come to in the old order."""
        area_index, row = self.new[index]
        old_index = self.pairs[index]
        old_area, before = self.old[old_index]
        fields = field_changes(before, row, PROJECT_FIELDS)
        moved = self.areas.new_of_old.get(old_area) != area_index
        if moved:
            titles = self.areas.old[old_area].title, self.areas.new[area_index].title
            fields.insert(0, FieldChange("area", *titles))
        elif old_index < last_old.get(area_index, -1):
            self.areas.reordered.add(area_index)
        else:
            last_old[area_index] = old_index
        return paired(before, row, fields, "moved" if moved else "changed", index in self.renamed)


def _projects(areas: _Areas) -> None:
    """Match projects across the packet and file each change under its area."""
    projects = _Projects(areas)
    last_old: dict[int, int] = {}
    for index, (area_index, row) in enumerate(projects.new):
        filed = areas.added.setdefault(area_index, [])
        change = projects.change(index, last_old) if index in projects.pairs else added(row, PROJECT_FIELDS)
        if change is not None:
            filed.append(change)
    kept = set(projects.pairs.values())
    for index, (area_index, row) in enumerate(projects.old):
        if index not in kept:
            areas.removed.setdefault(area_index, []).append(removed(row, PROJECT_FIELDS))


def _texts(old: Area, new: Area, budget: Budget) -> tuple[TextChange, ...]:
    found = (diff_paragraphs(name, getattr(old, name), getattr(new, name), budget) for name in TEXT_FIELDS)
    return tuple(change for change in found if change is not None)


def _matched(areas: _Areas, new_index: int, budget: Budget) -> AreaChange | None:
    old_index = areas.pairs[new_index]
    old, new = areas.old[old_index], areas.new[new_index]
    renamed = old.key != new.key or old.title != new.title
    targets, targets_reordered = target_changes(old.targets, new.targets)
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
        targets=tuple(added(row, TARGET_FIELDS) for row in area.targets),
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
        targets=tuple(removed(row, TARGET_FIELDS) for row in area.targets),
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
