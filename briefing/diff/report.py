"""The 修改对照表 as a file (`diff -o`, PDF or Word) and as a packet's appendix (`build --changes-since`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from briefing.diff.changes import PacketDiff
from briefing.diff.compare import compare
from briefing.diff.sides import Spec, label_prefix, load_side, load_sides, parse_spec
from briefing.errors import Source

if TYPE_CHECKING:
    from briefing.compose.composer import Composer
    from briefing.model.layout import LoadedLayout
    from briefing.model.packet import Packet
    from briefing.model.plan import Block

FORMATS = {".pdf": "pdf", ".docx": "docx"}


class Report(msgspec.Struct, frozen=True):
    """What `diff -o` made: the change list, the file, its pages (as a PDF) and bytes."""

    diff: PacketDiff
    output: Path
    format: str
    pages: int
    bytes: int


def report_format(output: Path) -> str | None:
    """pdf or docx from the output's extension; None for any other."""
    return FORMATS.get(output.suffix.lower())


def write_report(
    specs: tuple[Spec, Spec], labels: tuple[str, str], output: Path, layout: str | None = None
) -> Report:
    """Compare the two packets and write the 修改对照表 to `output` (atomically), as a PDF or a Word
    document by its extension, in the new packet's layout or `layout`. Raises a BriefingError: a side
    that does not validate or cannot be read, a layout problem, a glyph the fonts lack (located at the
    packet file the text came from)."""
    from briefing.compose.change_rows import Prefixes
    from briefing.compose.changes import compose_changes
    from briefing.files.atomic import write_atomic
    from briefing.render import render

    old, new = load_sides(specs)
    diff = compare(old, new, *labels)
    loaded = _layout(new, specs[1], layout)
    prefixes = Prefixes(label_prefix(specs[0]) + "/", label_prefix(specs[1]) + "/")
    sides = (msgspec.structs.replace(side, label=_printable(side.label)) for side in (diff.old, diff.new))
    printed = msgspec.structs.replace(diff, old=next(sides), new=next(sides))
    plan = compose_changes(printed, new, loaded, prefixes)
    rendered = render(plan)
    kind = report_format(output) or "pdf"
    data = rendered.pdf
    if kind == "docx":
        from briefing.word import write_docx

        data = write_docx(plan, rendered.heading_pages, table_widths=rendered.table_widths).data
    write_atomic(output, data)
    return Report(diff, output, kind, rendered.pages, len(data))


def _layout(packet: Packet, spec: Spec, option: str | None) -> LoadedLayout:
    """The layout asked for, else the new packet's, looked for from its folder (a revision's packet is
    read into a scratch folder: its own layouts are those of the folder as it is now)."""
    from briefing.layouts.build import load_layout

    root = Path(spec.folder or ".")
    if option:
        return load_layout(option, root, (Source("--layout"), ""))
    where = packet.where("layout")
    where = msgspec.structs.replace(where, file=f"{label_prefix(spec)}/{where.file}")
    return load_layout(packet.layout, root, (where, "layout"))


def changes_since(
    since: str, shown_as: str, packet: Packet, label: str
) -> tuple[Callable[[Composer], list[Block]] | None, frozenset[tuple[str, str]]]:
    """What `build --changes-since OLD` adds to `packet` (shown as `label`): the 修改对照表 appended (shown
    as "table" or "both"), and what to mark in the margin (as "margin" or "both"). OLD, a folder or
    folder@revision, is read and validated as untrusted as the packet itself, its problems located under
    its name."""
    from briefing.compose.change_rows import Prefixes
    from briefing.compose.changes import appendix, changed_keys

    spec = parse_spec(since)
    old = load_side(spec)
    diff = compare(old, packet, _printable(spec.label), _printable(label))
    table = appendix(diff, Prefixes(label_prefix(spec) + "/", "")) if shown_as != "margin" else None
    return table, changed_keys(diff, packet) if shown_as != "table" else frozenset()


def _printable(label: str) -> str:
    """A label as the document prints it: a name in bytes that are not UTF-8 shows as U+DCxx, as in
    messages."""
    return "".join(f"U+{ord(char):04X}" if "\ud800" <= char <= "\udfff" else char for char in label)
