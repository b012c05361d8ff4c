"""The 修改对照表 as plan blocks: a change list (briefing.diff) set in a layout's styles; data only.

One table per part of the packet that changed (packet fields, each area, the packet's totals), columns
原文 / 修改后 / 说明, one row per changed item: a field, a target, a project, a total, a sentence. The
characters a change deleted carry a `delete` mark in the 原文 cell and those it inserted an `insert` mark
in the 修改后 cell; the renderers strike the one through and underline the other, so the table reads the
same in black and white. Every cell's origin is the file, line and column its text came from, in the old
or the new packet, so a glyph missing from the fonts is reported there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from briefing.diff.align import Budget, opcodes
from briefing.diff.changes import (
    AreaChange,
    FieldChange,
    ItemChange,
    PacketDiff,
    SentenceChange,
    TextChange,
    TotalsChange,
    TotalsView,
)
from briefing.errors import Source
from briefing.model.plan import CHANGES_KIND, PAGE_TOKEN, Block, Cell, Mark, Metadata, Origin, PageBreak, Para, Plan, Row, TablePlan
from briefing.model.quantities import readable_money

if TYPE_CHECKING:
    from briefing.compose.composer import Composer
    from briefing.model.layout import Layout, LoadedLayout
    from briefing.model.packet import Packet

WIDTHS = (0.38, 0.38, 0.24)  # 原文, 修改后, 说明: shares of the 版心's width
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


class Builder:
    """Rows and tables of one change list in one layout."""

    def __init__(
        self,
        diff: PacketDiff,
        layout: Layout,
        prefixes: Prefixes,
        continued: Callable[[int], str],
        next_table: Callable[[], int],
        caption_key: Callable[[], tuple[str, int | None, bool]],
    ) -> None:
        self.diff = diff
        self.layout = layout
        self.prefixes = prefixes
        self.continued = continued
        self.next_table = next_table
        self.caption_key = caption_key
        self.budget = Budget()
        self.packet_old = Source(prefixes.old + "packet.yaml")
        self.packet_new = Source(prefixes.new + "packet.yaml")

    # the whole -------------------------------------------------------------------------------------------
    def tables(self) -> list[TablePlan]:
        diff = self.diff
        found: list[TablePlan] = []
        rows = [self.field_row(change, self.packet_old, self.packet_new) for change in diff.fields]
        if diff.area_order:
            old, new = ("、".join(keys) for keys in diff.area_order)
            rows.append(self.plain_row(old, new, text("changes.note.area-order"), self.packet_old, self.packet_new))
        if rows:
            found.append(self.table(text("changes.group.packet"), rows, Origin(self.packet_new, "")))
        for area in diff.areas:
            found.append(self.area_table(area))
        if diff.totals:
            row = self.totals_row(diff.totals, text("changes.note.packet-totals"), self.packet_old, self.packet_new)
            found.append(self.table(text("changes.group.totals"), [row], Origin(self.packet_new, "projects")))
        return found

    # one row each --------------------------------------------------------------------------------------------
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
            for index, change in enumerate(shown):
                name = text(f"diff.field.{change.field}")
                for side in (before, after):
                    side.add("；" if index else "：").add(text("diff.field-value", field=name, value=""))
                compared(change.old, change.new, self.budget, (before, after))
            note = self.item_note(kind, item, shown)
        return ChangeRow(before, after, note, Origin(old_source, field), Origin(new_source, field))

    def whole(self, item: ItemChange, side: str) -> str:
        """An added or removed row as one text: its name, then the fields it writes."""
        values = [
            text("diff.field-value", field=text(f"diff.field.{change.field}"), value=getattr(change, side))
            for change in item.fields
        ]
        return item.name + ("：" + "；".join(values) if values else "")

    def item_note(self, kind: str, item: ItemChange, shown: Sequence[FieldChange]) -> str:
        names = "、".join(text(f"diff.field.{change.field}") for change in shown)
        if item.status == "moved":
            area = next((change.old for change in item.fields if change.field == "area"), "")
            note = text("changes.note.project.moved", old=area)
            if shown:
                note += "；" + text("changes.note.project.changed", fields=names)
        elif item.status == "renamed":
            note = text(f"changes.note.{kind}.renamed")
        else:
            note = text(f"changes.note.{kind}.changed", fields=names)
        if shown and all(change.kind == "wording" for change in shown):
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
        note = text(f"changes.note.sentence.{sentence.status}", field=text(f"diff.field.{field}"), paragraph=paragraph)
        old_field = f"{field}[{sentence.old_paragraph}]" if sentence.old_paragraph else field
        new_field = f"{field}[{sentence.new_paragraph}]" if sentence.new_paragraph else field
        return ChangeRow(before, after, note, Origin(old_area, old_field), Origin(new_area, new_field))

    def text_rows(self, change: TextChange, old_area: Source, new_area: Source) -> list[ChangeRow]:
        rows = [self.sentence_row(change.field, sentence, old_area, new_area) for sentence in change.sentences]
        if change.old_paragraphs != change.new_paragraphs and not rows:
            note = text(
                "changes.note.paragraphs",
                field=text(f"diff.field.{change.field}"),
                old=change.old_paragraphs,
                new=change.new_paragraphs,
            )
            rows.append(ChangeRow(Marked(), Marked(), note, *self.origins(old_area, new_area, change.field)))
        return rows

    def totals_row(self, change: TotalsChange, note: str, old_source: Source, new_source: Source) -> ChangeRow:
        before, after = Marked(), Marked()
        first = True
        for name in _TOTALS:
            old, new = _total(change.old, name), _total(change.new, name)
            if old == new:
                continue
            for side in (before, after):
                side.add("" if first else "；")
            first = False
            compared(text(f"changes.totals.{name}", value=old), text(f"changes.totals.{name}", value=new), self.budget, (before, after))
        return ChangeRow(before, after, note, *self.origins(old_source, new_source, "projects"))

    # one area --------------------------------------------------------------------------------------------------
    def area_table(self, area: AreaChange) -> TablePlan:
        old_area = source_of(area.old_source, self.prefixes.old, self.packet_old)
        new_area = source_of(area.source, self.prefixes.new, self.packet_new)
        rows: list[ChangeRow] = []
        counts = {"targets": len(area.targets), "projects": len(area.projects)}
        if area.status == "added":
            after = Marked().add(area.title, "insert")
            note = text("changes.note.area.added", **counts)
            rows.append(ChangeRow(Marked(), after, note, *self.origins(old_area, new_area, "title")))
        elif area.status == "removed":
            before = Marked().add(area.title, "delete")
            note = text("changes.note.area.removed", **counts)
            rows.append(ChangeRow(before, Marked(), note, *self.origins(old_area, new_area, "title")))
        elif area.status == "renamed":
            old_title = area.old_title or area.title
            if old_title != area.title:
                rows.append(self.plain_row(old_title, area.title, text("changes.note.area.renamed"), old_area, new_area))
            if area.old_key != area.key:
                rows.append(self.plain_row(area.old_key or "", area.key, text("changes.note.area.renamed"), old_area, new_area))
        rows += [self.field_row(change, old_area, new_area) for change in area.fields]
        whole = area.status in ("added", "removed")
        for kind, items in (("target", area.targets), ("project", area.projects)):
            for item in items:
                if not whole or item.status in ("moved", "renamed", "changed"):
                    rows.append(self.item_row(kind, item, old_area, new_area))
        for name in area.reordered:
            rows.append(ChangeRow(Marked(), Marked(), text(f"diff.reordered.{name}"), *self.origins(old_area, new_area, name)))
        for change in area.texts:
            rows += self.text_rows(change, old_area, new_area)
        if area.totals:
            rows.append(self.totals_row(area.totals, text("changes.note.area-totals"), old_area, new_area))
        code = "changes.group.area-removed" if area.status == "removed" else "changes.group.area"
        origin = Origin(new_area if area.status != "removed" else old_area, "title")
        return self.table(text(code, title=area.title), rows, origin)

    # the table around the rows ---------------------------------------------------------------------------------
    def table(self, title: str, rows: list[ChangeRow], origin: Origin) -> TablePlan:
        spec = self.layout.table
        number = self.next_table()
        caption_style = spec.caption_style
        key, level, toc = self.caption_key()
        caption = Para(caption_style, text("changes.caption", table=number, title=title), origin, level, toc, key)
        header = tuple(
            Cell(text(f"changes.column.{name}"), Origin(self.layout.source, "texts"), spec.header_style, "center")
            for name in ("old", "new", "note")
        )
        cells = spec.cell_style
        plan_rows = tuple(
            Row(
                (
                    Cell(row.old.text, row.old_origin, cells, "left", tuple(row.old.marks)),
                    Cell(row.new.text, row.new_origin, cells, "left", tuple(row.new.marks)),
                    Cell(row.note, row.new_origin, cells, "left"),
                )
            )
            for row in rows
        )
        frame = self.layout.page.frame_width
        return TablePlan(
            kind=CHANGES_KIND,
            caption=caption,
            continued=Para(caption_style, self.continued(number), origin),
            widths=tuple(share * frame for share in WIDTHS),
            header=Row(header, "header"),
            rows=plan_rows,
            origin=origin,
        )


def _total(view: TotalsView | None, name: str) -> str:
    """A sum as a reader writes it: counts, amounts in 亿元 or 万元, — when no project gives the figure."""
    if view is None:
        return "0" if name in ("count", "new", "continued") else "—"
    if name in ("count", "new", "continued"):
        return str(getattr(view, name))
    known = view.known_total if name == "total_investment" else view.known_annual
    return readable_money(Decimal(getattr(view, name))) if known else "—"


def _style(layout: Layout, *names: str) -> str:
    return next((name for name in names if name in layout.styles), "body")


def change_blocks(
    diff: PacketDiff, composer: Composer, prefixes: Prefixes, heading: str, toc: bool = False
) -> list[Block]:
    """The 修改对照表's blocks in `composer`'s layout, numbered on from its tables and headings: a heading
    in the style `heading` (bookmarked, and in the contents if the style or `toc` says so), what was
    compared, the legend, then the tables."""
    layout = composer.layout
    runner, headings, tables = composer.runner, composer.headings, composer.tables

    def next_table() -> int:
        tables.made += 1
        return tables.made

    def caption_key() -> tuple[str, int | None, bool]:
        style = layout.styles.get(layout.table.caption_style)
        toc = bool(style and style.toc)
        return headings.key("t"), headings.level(style.outline_level if style else None, toc), toc

    builder = Builder(
        diff,
        layout,
        prefixes,
        lambda number: runner.text("continued", table=number, area=None),
        next_table,
        caption_key,
    )
    where = Origin(Source(prefixes.new + "packet.yaml"), "")
    style = layout.styles[heading]
    toc = toc or style.toc
    key = headings.key("h") if style.outline_level is not None or toc else ""
    level = headings.level(style.outline_level, toc) if key else None
    blocks: list[Block] = [Para(heading, text("changes.title"), where, level, toc, key)]
    meta = _style(layout, "meta", "body")
    labels = Origin(Source(diff.old.label), "")
    blocks.append(Para(meta, text("changes.compared", old=diff.old.label, new=diff.new.label), labels))
    if not diff.changed:
        blocks.append(Para(_style(layout, "body"), text("diff.no-changes"), where))
        return blocks
    blocks.append(Para(meta, text("changes.legend"), where))
    blocks += builder.tables()
    if diff.truncated:
        blocks.append(Para(_style(layout, "table_note", "body"), text("diff.truncated"), where))
    return blocks


def appendix(diff: PacketDiff, prefixes: Prefixes) -> Callable[[Composer], list[Block]]:
    """What `build --changes-since` adds after a packet's last block: a new page and the 修改对照表, its
    heading in the contents and the bookmarks like an area's."""

    def blocks(composer: Composer) -> list[Block]:
        heading = _style(composer.layout, "h1", "title")
        return [PageBreak(odd=composer.duplex), *change_blocks(diff, composer, prefixes, heading)]

    return blocks


def compose_changes(diff: PacketDiff, packet: Packet, loaded: LoadedLayout, prefixes: Prefixes) -> Plan:
    """The 修改对照表 on its own (`diff -o`), in the layout `loaded` of the new packet `packet`."""
    from briefing.compose.composer import Composer
    from briefing.errors import LayoutError

    composer = Composer(packet, loaded, draft="")
    layout = composer.layout
    # In the contents it has none of, the title starts the page numbers and is the document's bookmark.
    blocks = change_blocks(diff, composer, prefixes, _style(layout, "title", "h1"), toc=True)
    page_number_format = composer.runner.text("page_number", page=PAGE_TOKEN)
    if composer.issues:
        from briefing.compose.templates import unique

        raise LayoutError(unique(composer.issues))
    return Plan(
        layout=layout,
        metadata=Metadata(
            title=f"{text('changes.title')}：{packet.title}",
            author=packet.issuer,
            subject=packet.meeting,
            keywords=text("changes.title"),
            creator="briefing",
        ),
        blocks=tuple(blocks),
        page_number_format=page_number_format,
    )
