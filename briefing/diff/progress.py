"""Progress records (推进情况) of one target or project in two packets: which were added, removed or changed.

Records are paired by their day (截至9月底 with 2023-09-30 too), in the order written; a record left over
on each side is paired with the other when it is the only one left on both sides and stands at the same
place in its list (next quarter's figure written over this quarter's): its day changed. Anything less
stands as one removed and one added record.

A status is compared as the packet shows it: written, or computed from the value and the day (so a value
that moves a record from 滞后 to 序时推进 changes its status too).
"""

from __future__ import annotations

from typing import Any

from briefing.diff.changes import FieldChange, FieldKind, ProgressChange
from briefing.diff.fields import as_text, field_kind, written_fields
from briefing.model.progress import Progress

PREFIX = "progress."
PROGRESS_FIELDS = ("value", "status", "note")  # and as_of, compared as written (see _as_of)


def progress_changes(old: tuple[Progress, ...], new: tuple[Progress, ...]) -> tuple[ProgressChange, ...]:
    """The records of a paired row that differ, in the new row's order, removed ones last."""
    if old == new:
        return ()
    pairs = _pairs(old, new)
    changes: list[ProgressChange] = []
    for index, record in enumerate(new):
        if index not in pairs:
            changes.append(_whole(record, added=True))
            continue
        before = old[pairs[index]]
        fields = _as_of(before, record) + _fields(before, record)
        if fields:
            changes.append(
                ProgressChange(
                    "changed",
                    record.as_of_text,
                    before.as_of_text,
                    fields,
                    str(record.source),
                    str(before.source),
                )
            )
    kept = set(pairs.values())
    changes.extend(_whole(record, added=False) for index, record in enumerate(old) if index not in kept)
    return tuple(changes)


def _pairs(old: tuple[Progress, ...], new: tuple[Progress, ...]) -> dict[int, int]:
    """new index -> old index: by day first come first served, then the one leftover (module docstring)."""
    waiting: dict[Any, list[int]] = {}
    for index, record in enumerate(old):
        waiting.setdefault(record.as_of, []).append(index)
    pairs: dict[int, int] = {}
    for index, record in enumerate(new):
        queue = waiting.get(record.as_of)
        if queue:
            pairs[index] = queue.pop(0)
    left_old = [index for index in range(len(old)) if index not in set(pairs.values())]
    left_new = [index for index in range(len(new)) if index not in pairs]
    if len(left_old) == 1 and left_old == left_new:
        pairs[left_new[0]] = left_old[0]
    return pairs


def _as_of(old: Progress, new: Progress) -> tuple[FieldChange, ...]:
    """The day as written: wording when it is the same day written otherwise."""
    if old.as_of_text == new.as_of_text:
        return ()
    kind: FieldKind = "wording" if old.as_of == new.as_of else "value"
    return (FieldChange(PREFIX + "as_of", old.as_of_text, new.as_of_text, kind),)


def _fields(old: Progress, new: Progress) -> tuple[FieldChange, ...]:
    changes = []
    for name in PROGRESS_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if as_text(before) != as_text(after):
            changes.append(
                FieldChange(PREFIX + name, as_text(before), as_text(after), field_kind(name, before, after))
            )
    return tuple(changes)


def _whole(record: Progress, added: bool) -> ProgressChange:
    day = FieldChange(
        PREFIX + "as_of", None if added else record.as_of_text, record.as_of_text if added else None
    )
    fields = (day, *written_fields(record, PROGRESS_FIELDS, added, PREFIX))
    if added:
        return ProgressChange("added", record.as_of_text, None, fields, str(record.source), None)
    return ProgressChange("removed", None, record.as_of_text, fields, None, str(record.source))
