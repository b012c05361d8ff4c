"""The change list between two packets: plain frozen records that every output form reads."""

from __future__ import annotations

from typing import Literal

import msgspec

# How a field differs. value: a figure's number, its unit's dimension or its direction differs, a figure
# was added or removed, a target stated in words says something else, or a declared count changed;
# wording: the same figure written otherwise (2000人以上 for 2000人, 15000万元 for 1.5亿元); text: any
# other field (names, units, notes, dates).
FieldKind = Literal["value", "wording", "text"]
ProgressStatus = Literal["added", "removed", "changed"]
ItemStatus = Literal["added", "removed", "changed", "renamed", "moved"]
AreaStatus = Literal["added", "removed", "renamed", "changed"]
SentenceStatus = Literal["added", "removed", "replaced"]
PieceOp = Literal["equal", "delete", "insert"]


class FieldChange(msgspec.Struct, frozen=True):
    """One field with another value: as the packets write it, None where the field is absent."""

    field: str
    old: str | None
    new: str | None
    kind: FieldKind = "text"


class ProgressChange(msgspec.Struct, frozen=True):
    """A progress record (推进情况) of a target or project added, removed or changed, named by its day as
    each packet writes it (None on the side without it). Fields: progress.as_of, progress.value,
    progress.status (as the packet shows it, written or computed), progress.note."""

    status: ProgressStatus
    as_of: str | None
    old_as_of: str | None
    fields: tuple[FieldChange, ...]
    source: str | None
    old_source: str | None


class ItemChange(msgspec.Struct, frozen=True):
    """A target or project added, removed, changed, renamed (same row under a new name) or moved to
    another area. `source`/`old_source` are file:line:column in the new and the old packet. `progress`
    lists the progress records that differ, for a row in both packets (an added or removed row's records
    come and go with it)."""

    status: ItemStatus
    name: str
    old_name: str | None
    fields: tuple[FieldChange, ...]
    source: str | None
    old_source: str | None
    progress: tuple[ProgressChange, ...] = ()


class Piece(msgspec.Struct, frozen=True):
    """A run of characters kept, deleted or inserted inside a rewritten sentence."""

    op: PieceOp
    text: str


class SentenceChange(msgspec.Struct, frozen=True):
    """A sentence added, removed or rewritten; paragraphs are numbered from 1 in each version.
    `pieces` spell a rewrite character by character (kept, deleted, inserted); empty unless replaced."""

    status: SentenceStatus
    old: str | None
    new: str | None
    old_paragraph: int | None
    new_paragraph: int | None
    pieces: tuple[Piece, ...] = ()


class TextChange(msgspec.Struct, frozen=True):
    """A text field (summary, last_year_results) that differs: its sentence changes and paragraph counts.
    No sentence changes with different counts means paragraphs were only split or joined."""

    field: str
    old_paragraphs: int
    new_paragraphs: int
    sentences: tuple[SentenceChange, ...]


class TotalsView(msgspec.Struct, frozen=True):
    """Project totals of one version (amounts in 万元, as exact decimal text)."""

    count: int
    new: int
    continued: int
    total_investment: str
    annual_investment: str
    known_total: int
    known_annual: int


class TotalsChange(msgspec.Struct, frozen=True):
    """Totals that moved; None stands for a version without the area."""

    old: TotalsView | None
    new: TotalsView | None


class AreaChange(msgspec.Struct, frozen=True):
    """One area that differs. Added and removed areas list their rows as added or removed items; texts
    are compared only for areas in both versions. `reordered` names lists whose order alone changed."""

    status: AreaStatus
    key: str
    title: str
    old_key: str | None
    old_title: str | None
    source: str | None
    old_source: str | None
    fields: tuple[FieldChange, ...] = ()
    targets: tuple[ItemChange, ...] = ()
    projects: tuple[ItemChange, ...] = ()
    texts: tuple[TextChange, ...] = ()
    totals: TotalsChange | None = None
    reordered: tuple[str, ...] = ()


class Side(msgspec.Struct, frozen=True):
    """What was compared: the label the user gave (folder, or folder@revision) and its size."""

    label: str
    title: str
    areas: int
    targets: int
    projects: int


class PacketDiff(msgspec.Struct, frozen=True):
    """Everything that differs between two packets, in the new packet's order."""

    old: Side
    new: Side
    fields: tuple[FieldChange, ...]
    areas: tuple[AreaChange, ...]
    totals: TotalsChange | None
    area_order: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    truncated: bool = False  # some texts were too long to compare finely within the work limit

    @property
    def changed(self) -> bool:
        return bool(self.fields or self.areas or self.totals or self.area_order)


class Counts(msgspec.Struct, frozen=True):
    """How many of each change, for the closing line and the JSON summary."""

    fields: int
    areas: dict[str, int]
    targets: dict[str, int]
    projects: dict[str, int]
    sentences: dict[str, int]
    progress: dict[str, int]


def count(diff: PacketDiff) -> Counts:
    """Tally the change list by kind and status."""

    def tally(statuses: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for status in statuses:
            found[status] = found.get(status, 0) + 1
        return found

    areas = diff.areas
    fields = len(diff.fields) + sum(len(area.fields) for area in areas)
    return Counts(
        fields=fields,
        areas=tally([area.status for area in areas if area.status != "changed"]),
        targets=tally([item.status for area in areas for item in area.targets]),
        projects=tally([item.status for area in areas for item in area.projects]),
        sentences=tally(
            [sentence.status for area in areas for text in area.texts for sentence in text.sentences]
        ),
        progress=tally(
            [
                record.status
                for area in areas
                for item in area.targets + area.projects
                for record in item.progress
            ]
        ),
    )
