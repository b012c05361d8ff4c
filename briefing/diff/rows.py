"""The rows of two lists (targets, projects) paired, and the change of each row: added, removed, changed
or renamed, with its fields and progress records (the rules are in compare's module docstring)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from briefing.diff.changes import FieldChange, ItemChange, ItemStatus
from briefing.diff.fields import VALUE_FIELDS, as_text, field_changes, written_fields
from briefing.diff.progress import progress_changes
from briefing.model.packet import Indicator, Project

TARGET_FIELDS = ("unit", "last_year", "target", "lead_unit", "note")
PROJECT_FIELDS = ("kind", "total_investment", "annual_investment", "period", "status", "lead_unit", "note")

Row = TypeVar("Row", Indicator, Project)


def pair_by(old: Sequence[Any], new: Sequence[Any], key: Callable[[Any], Any], pairs: dict[int, int]) -> None:
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


def pair_renamed(
    old: Sequence[Row], new: Sequence[Row], fields: Sequence[str], pairs: dict[int, int]
) -> set[int]:
    """Pair leftover rows that differ in name only (see compare's module docstring); returns the new
    indices."""
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


def added(row: Row, fields: Sequence[str]) -> ItemChange:
    return ItemChange("added", row.name, None, written_fields(row, fields, True), str(row.source), None)


def removed(row: Row, fields: Sequence[str]) -> ItemChange:
    return ItemChange("removed", row.name, None, written_fields(row, fields, False), None, str(row.source))


def paired(
    before: Row, row: Row, fields: list[FieldChange], status: ItemStatus, renamed: bool
) -> ItemChange | None:
    """The change of a row in both packets (`fields`: its fields that differ, and where it moved from),
    or None when nothing differs."""
    status = "renamed" if renamed else status
    progress = progress_changes(before.progress, row.progress)
    if not (fields or progress or renamed):
        return None
    old_name = before.name if renamed else None
    return ItemChange(
        status, row.name, old_name, tuple(fields), str(row.source), str(before.source), progress
    )


def reordered(pairs: dict[int, int]) -> bool:
    olds = [pairs[index] for index in sorted(pairs)]
    return olds != sorted(olds)


def target_changes(old: Sequence[Indicator], new: Sequence[Indicator]) -> tuple[list[ItemChange], bool]:
    """The targets of an area in both packets, paired by name then by rename: their changes, and whether
    the ones kept changed their order."""
    pairs: dict[int, int] = {}
    pair_by(old, new, lambda row: row.name, pairs)
    renamed = pair_renamed(old, new, TARGET_FIELDS, pairs)
    changes: list[ItemChange] = []
    for index, row in enumerate(new):
        if index not in pairs:
            changes.append(added(row, TARGET_FIELDS))
            continue
        before = old[pairs[index]]
        change = paired(before, row, field_changes(before, row, TARGET_FIELDS), "changed", index in renamed)
        if change is not None:
            changes.append(change)
    kept = set(pairs.values())
    changes.extend(removed(row, TARGET_FIELDS) for index, row in enumerate(old) if index not in kept)
    return changes, reordered(pairs)
