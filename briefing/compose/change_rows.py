"""The rows of a 修改对照表: each change of a change list (briefing.diff) as 原文, 修改后 and 说明 texts,
the characters a change deleted marked in 原文 and those it inserted in 修改后; data only.

Every text's origin is the file, line and column it came from in the old or the new packet, so that a
glyph missing from the fonts is reported there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from briefing.diff.align import Budget, opcodes
from briefing.diff.changes import (
    AreaChange,
    FieldChange,
    ItemChange,
    SentenceChange,
    TextChange,
    TotalsChange,
    TotalsView,
)
from briefing.diff.progress_parts import Part, progress_parts
from briefing.errors import Source
from briefing.model.plan import Mark, Origin
from briefing.model.quantities import readable_money

LANG = "zh"  # the table is part of a Chinese document, whatever language the command line speaks
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|.", re.DOTALL)  # a number, or one character
_TOTALS = ("count", "new", "continued", "total_investment", "annual_investment")


class Prefixes(NamedTuple):
    """What goes before a packet's file names in the origins of its texts: a diff's side labels
    (征求意见稿/), or nothing for the packet being built."""

    old: str
    new: str


def text(code: str, **params: Any) -> str:
    from briefing.messages import render_message

    return render_message(code, params, LANG)


class Marked:
    """A cell's text built piece by piece, with the marked pieces' character ranges."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.marks: list[Mark] = []
        self.length = 0

    def add(self, part: str, kind: str | None = None) -> Marked:
        if not part:
            return self
        if kind is not None:
            last = self.marks[-1] if self.marks else None
            if last is not None and last.kind == kind and last.end == self.length:
                self.marks[-1] = Mark(last.start, self.length + len(part), kind)
            else:
                self.marks.append(Mark(self.length, self.length + len(part), kind))
        self.parts.append(part)
        self.length += len(part)
        return self

    @property
    def text(self) -> str:
        return "".join(self.parts)


def compared(old: str | None, new: str | None, budget: Budget, into: tuple[Marked, Marked]) -> None:
    """Add old to the first and new to the second, what differs marked: a number as a whole (10亿元 to
    13.5亿元 strikes 10, not its 0), other text by character; a value absent on one side is written as
    （空）."""
    before, after = into
    if old is None or new is None:
        before.add(old if old is not None else text("diff.absent"), "delete" if old is not None else None)
        after.add(new if new is not None else text("diff.absent"), "insert" if new is not None else None)
        return
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    for tag, i1, i2, j1, j2 in opcodes(a, b, budget):
        if tag == "equal":
            before.add("".join(a[i1:i2]))
            after.add("".join(b[j1:j2]))
        else:
            before.add("".join(a[i1:i2]), "delete")
            after.add("".join(b[j1:j2]), "insert")


def source_of(where: str | None, prefix: str, fallback: Source) -> Source:
    """A change list's file:line:column back as a Source, its file under `prefix`."""
    if where is None:
        return fallback
    parts = where.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return Source(prefix + parts[0], int(parts[1]), int(parts[2]))
    return Source(prefix + where)


class ChangeRow(NamedTuple):
    """One row before it becomes cells: the two texts, the note, and where each came from."""

    old: Marked
    new: Marked
    note: str
    old_origin: Origin
    new_origin: Origin


class Rows:
    """The rows of one change list, with one work allowance for all the character comparisons."""

    def __init__(self, prefixes: Prefixes) -> None:
        self.prefixes = prefixes
        self.budget = Budget()
        self.packet_old = Source(prefixes.old + "packet.yaml")
        self.packet_new = Source(prefixes.new + "packet.yaml")

    def origins(self, old: Source, new: Source, field: str) -> tuple[Origin, Origin]:
        return Origin(old, field), Origin(new, field)

    def field_row(self, change: FieldChange, old: Source, new: Source, label: str = "") -> ChangeRow:
        name = text(f"diff.field.{change.field}")
        before, after = Marked(), Marked()
        for side in (before, after):
            side.add(label).add(text("diff.field-value", field=name, value=""))
        compared(change.old, change.new, self.budget, (before, after))
        code = "changes.note.wording" if change.kind == "wording" else "changes.note.field"
        return ChangeRow(before, after, text(code, field=name), *self.origins(old, new, change.field))

    def plain_row(self, old: str, new: str, note: str, old_source: Source, new_source: Source) -> ChangeRow:
        before, after = Marked(), Marked()
        compared(old, new, self.budget, (before, after))
        return ChangeRow(before, after, note, *self.origins(old_source, new_source, ""))

    def item_row(self, kind: str, item: ItemChange, old_area: Source, new_area: Source) -> ChangeRow:
        field = "targets" if kind == "target" else "projects"
        old_source = source_of(item.old_source, self.prefixes.old, old_area)
        new_source = source_of(item.source, self.prefixes.new, new_area)
        before, after = Marked(), Marked()
        if item.status == "added":
            after.add(self.whole(item, "new"), "insert")
            note = text(f"changes.note.{kind}.added")
        elif item.status == "removed":
            before.add(self.whole(item, "old"), "delete")
            note = text(f"changes.note.{kind}.removed")
        else:
            compared(item.old_name or item.name, item.name, self.budget, (before, after))
            shown = [change for change in item.fields if change.field != "area"]
            parts = [Part(text(f"diff.field.{c.field}"), c.old, c.new) for c in shown] + progress_parts(
                item, LANG
            )
            for index, (name, old, new) in enumerate(parts):
                for side in (before, after):
                    side.add("；" if index else "：").add(text("diff.field-value", field=name, value=""))
                compared(old, new, self.budget, (before, after))
            note = self.item_note(kind, item, shown)
        return ChangeRow(before, after, note, Origin(old_source, field), Origin(new_source, field))

    def whole(self, item: ItemChange, side: str) -> str:
        """An added or removed row as one text: its name, then the fields it writes (as written: a value
        put through a message would have its line breaks shown as ↵)."""
        values = [
            text("diff.field-value", field=text(f"diff.field.{change.field}"), value="")
            + getattr(change, side)
            for change in item.fields
        ]
        return item.name + ("：" + "；".join(values) if values else "")

    def item_note(self, kind: str, item: ItemChange, shown: Sequence[FieldChange]) -> str:
        names = "、".join(
            [text(f"diff.field.{change.field}") for change in shown]
            + [text("diff.field.progress")] * bool(item.progress)
        )
        if item.status == "moved":
            area = next((change.old for change in item.fields if change.field == "area"), "")
            note = text("changes.note.project.moved", old=area)
            if shown or item.progress:
                note += "；" + text("changes.note.project.changed", fields=names)
        elif item.status == "renamed":
            note = text(f"changes.note.{kind}.renamed")
        else:
            note = text(f"changes.note.{kind}.changed", fields=names)
        if shown and not item.progress and all(change.kind == "wording" for change in shown):
            note += text("changes.note.wording-only")
        return note

    def sentence_row(
        self, field: str, sentence: SentenceChange, old_area: Source, new_area: Source
    ) -> ChangeRow:
        before, after = Marked(), Marked()
        if sentence.status == "added":
            after.add(sentence.new or "", "insert")
        elif sentence.status == "removed":
            before.add(sentence.old or "", "delete")
        else:
            for piece in sentence.pieces:
                if piece.op != "insert":
                    before.add(piece.text, "delete" if piece.op == "delete" else None)
                if piece.op != "delete":
                    after.add(piece.text, "insert" if piece.op == "insert" else None)
        paragraph = sentence.new_paragraph if sentence.status != "removed" else sentence.old_paragraph
        note = text(
            f"changes.note.sentence.{sentence.status}", field=text(f"diff.field.{field}"), paragraph=paragraph
        )
        old_field = f"{field}[{sentence.old_paragraph}]" if sentence.old_paragraph else field
        new_field = f"{field}[{sentence.new_paragraph}]" if sentence.new_paragraph else field
        return ChangeRow(before, after, note, Origin(old_area, old_field), Origin(new_area, new_field))

    def text_rows(self, change: TextChange, old_area: Source, new_area: Source) -> list[ChangeRow]:
        rows = [
            self.sentence_row(change.field, sentence, old_area, new_area) for sentence in change.sentences
        ]
        if change.old_paragraphs != change.new_paragraphs and not rows:
            note = text(
                "changes.note.paragraphs",
                field=text(f"diff.field.{change.field}"),
                old=change.old_paragraphs,
                new=change.new_paragraphs,
            )
            rows.append(ChangeRow(Marked(), Marked(), note, *self.origins(old_area, new_area, change.field)))
        return rows

    def totals_row(
        self, change: TotalsChange, note: str, old_source: Source, new_source: Source
    ) -> ChangeRow:
        before, after = Marked(), Marked()
        first = True
        for name in _TOTALS:
            old, new = _total(change.old, name), _total(change.new, name)
            if old == new:
                continue
            for side in (before, after):
                side.add("" if first else "；")
            first = False
            compared(
                text(f"changes.totals.{name}", value=old),
                text(f"changes.totals.{name}", value=new),
                self.budget,
                (before, after),
            )
        return ChangeRow(before, after, note, *self.origins(old_source, new_source, "projects"))

    # one area --------------------------------------------------------------------------------------------------
    def area_rows(self, area: AreaChange) -> list[ChangeRow]:
        """The rows of one area: itself (added, removed, renamed), its fields, targets and projects, lists
        reordered, sentences, totals."""
        old_area = source_of(area.old_source, self.prefixes.old, self.packet_old)
        new_area = source_of(area.source, self.prefixes.new, self.packet_new)
        rows = self.area_heading_rows(area, old_area, new_area)
        rows += [self.field_row(change, old_area, new_area) for change in area.fields]
        whole = area.status in ("added", "removed")
        for kind, items in (("target", area.targets), ("project", area.projects)):
            for item in items:
                # A whole area's rows are counted in its row; only projects moved in or out are listed.
                if not whole or item.status in ("moved", "renamed", "changed"):
                    rows.append(self.item_row(kind, item, old_area, new_area))
        for name in area.reordered:
            note = text(f"diff.reordered.{name}")
            rows.append(ChangeRow(Marked(), Marked(), note, *self.origins(old_area, new_area, name)))
        for change in area.texts:
            rows += self.text_rows(change, old_area, new_area)
        if area.totals:
            rows.append(self.totals_row(area.totals, text("changes.note.area-totals"), old_area, new_area))
        return rows

    def area_heading_rows(self, area: AreaChange, old_area: Source, new_area: Source) -> list[ChangeRow]:
        """An area added or removed (its title, and how many rows it had), or renamed (title, file name)."""
        counts = {"targets": len(area.targets), "projects": len(area.projects)}
        origins = self.origins(old_area, new_area, "title")
        if area.status == "added":
            note = text("changes.note.area.added", **counts)
            return [ChangeRow(Marked(), Marked().add(area.title, "insert"), note, *origins)]
        if area.status == "removed":
            note = text("changes.note.area.removed", **counts)
            return [ChangeRow(Marked().add(area.title, "delete"), Marked(), note, *origins)]
        if area.status != "renamed":
            return []
        note = text("changes.note.area.renamed")
        pairs = ((area.old_title or area.title, area.title), (area.old_key or area.key, area.key))
        return [self.plain_row(old, new, note, old_area, new_area) for old, new in pairs if old != new]


def _total(view: TotalsView | None, name: str) -> str:
    """A sum as a reader writes it: counts, amounts in 亿元 or 万元, — when no project gives the figure."""
    if view is None:
        return "0" if name in ("count", "new", "continued") else "—"
    if name in ("count", "new", "continued"):
        return str(getattr(view, name))
    known = view.known_total if name == "total_investment" else view.known_annual
    return readable_money(Decimal(getattr(view, name))) if known else "—"
