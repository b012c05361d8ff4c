"""The 修改对照表 as plan blocks: a change list (briefing.diff) set in a layout's styles; data only.

One table per part of the packet that changed (packet fields, each area, the packet's totals), columns
原文 / 修改后 / 说明, one row per changed item: a field, a target, a project, a total, a sentence. The
characters a change deleted carry a `delete` mark in the 原文 cell and those it inserted an `insert` mark
in the 修改后 cell; the renderers strike the one through and underline the other, so the table reads the
same in black and white. Every cell's origin is the file, line and column its text came from, in the old
or the new packet, so a glyph missing from the fonts is reported there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from briefing.compose.change_rows import ChangeRow, Prefixes, Rows, source_of, text
from briefing.diff.changes import AreaChange, PacketDiff
from briefing.errors import Source
from briefing.model.plan import (
    CHANGES_KIND,
    PAGE_TOKEN,
    Block,
    Cell,
    Metadata,
    Origin,
    PageBreak,
    Para,
    Plan,
    Row,
    TablePlan,
)

if TYPE_CHECKING:
    from briefing.compose.composer import Composer
    from briefing.model.layout import Layout, LoadedLayout
    from briefing.model.packet import Area, Packet

WIDTHS = (0.38, 0.38, 0.24)  # 原文, 修改后, 说明: shares of the 版心's width


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
        self.rows = Rows(prefixes)

    # the whole -------------------------------------------------------------------------------------------
    def tables(self) -> list[TablePlan]:
        """A table for the packet's fields and area order, one for each area, one for the totals."""
        diff, rows = self.diff, self.rows
        old, new = rows.packet_old, rows.packet_new
        found: list[TablePlan] = []
        packet = [rows.field_row(change, old, new) for change in diff.fields]
        if diff.area_order:
            before, after = ("、".join(keys) for keys in diff.area_order)
            packet.append(rows.plain_row(before, after, text("changes.note.area-order"), old, new))
        if packet:
            found.append(self.table(text("changes.group.packet"), packet, Origin(new, "")))
        for area in diff.areas:
            removed = area.status == "removed"
            title = text("changes.group.area-removed", title=area.title) if removed else area.title
            where = area.old_source if removed else area.source
            prefix = self.prefixes.old if removed else self.prefixes.new
            origin = Origin(source_of(where, prefix, new), "title")
            found.append(self.table(title, rows.area_rows(area), origin))
        if diff.totals:
            row = rows.totals_row(diff.totals, text("changes.note.packet-totals"), old, new)
            found.append(self.table(text("changes.group.totals"), [row], Origin(new, "projects")))
        return found

    # the table around the rows ---------------------------------------------------------------------------------
    def table(self, title: str, rows: list[ChangeRow], origin: Origin) -> TablePlan:
        spec = self.layout.table
        number = self.next_table()
        caption_style = spec.caption_style
        key, level, toc = self.caption_key()
        caption = Para(
            caption_style, text("changes.caption", table=number, title=title), origin, level, toc, key
        )
        header = tuple(
            Cell(
                text(f"changes.column.{name}"),
                Origin(self.layout.source, "texts"),
                spec.header_style,
                "center",
            )
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


def changed_keys(diff: PacketDiff, packet: Packet) -> frozenset[tuple[str, str]]:
    """What `build --changes-since … --changes-as margin` marks in the new packet `packet`, as (file,
    field) keys its plan's origins carry: paragraphs (summary[4]) with sentences added or rewritten, rows
    (targets[3], projects[2]) added or changed, an area's own fields and project sums (projects), packet
    fields; an added area is all marked ("" for the field). Removed text leaves nothing to mark (the
    appended table lists it), nor do the packet's totals (the grand total's row of each area that moved
    them is marked)."""
    keys: set[tuple[str, str]] = {("packet.yaml", change.field.split(".")[0]) for change in diff.fields}
    areas = {area.key: area for area in packet.areas}
    for change in diff.areas:
        area = areas.get(change.key) if change.status != "removed" else None
        if area is not None:
            keys.update(_area_keys(change, area))
    return frozenset(keys)


def _area_keys(change: AreaChange, area: Area) -> set[tuple[str, str]]:
    file = area.source.file
    if change.status == "added":
        return {(file, "")}
    keys = {(file, field.field.split(".")[0]) for field in change.fields}
    if change.status == "renamed":
        keys.add((file, "title"))
    names = {
        "targets": {row.name: number for number, row in enumerate(area.targets, start=1)},
        "projects": {row.name: number for number, row in enumerate(area.projects, start=1)},
    }
    for name, items in (("targets", change.targets), ("projects", change.projects)):
        found = names[name]
        keys.update((file, f"{name}[{found[item.name]}]") for item in items if item.name in found)
    for text_change in change.texts:
        paragraphs = {sentence.new_paragraph for sentence in text_change.sentences}
        keys.update((file, f"{text_change.field}[{number}]") for number in paragraphs if number is not None)
    if change.totals:
        keys.add((file, "projects"))
    return keys
