"""`briefing import`: read the tables, write the packet, check it as `validate` would, report what stayed out."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import msgspec

from briefing.errors import BriefingError, Issue, LoadError, Source, ValidationError, issue
from briefing.office.columns import PROJECTS, RECORDS, TARGETS, Mapping, load_mapping
from briefing.office.read import read_file
from briefing.office.tables import Found, Imported, LeftOut, Row, read_grid
from briefing.office.writer import Owner, Written, render
from briefing.read.packet_files import AREAS_DIR, PACKET_FILE, RawPacket
from briefing.read.schema import AREA, PACKET
from briefing.read.yaml_nodes import Document, parse_text

MAX_ROUNDS = 8  # each round takes out at least one cell; real tables settle in one or two


class ImportResult(msgspec.Struct):
    """What `briefing import` did: the files written and the report of everything that did not go in."""

    folder: Path
    written: list[Path]
    report: list[Issue]
    areas: int
    targets: int
    projects: int
    left_out: int


def _left_issue(left: LeftOut, where: Source | None = None) -> Issue:
    """The reason a cell stayed out, as the catalogue words it, placed at the cell (not at a YAML line)."""
    return Issue(where or left.where, left.header, left.reason.code, left.reason.params)


def _validate_written(written: Written, folder: Path) -> list[Issue]:
    """Every issue `briefing validate` would report for these files, read from memory."""
    from briefing.read.rules import validate_packet

    packet_root, packet_issues = parse_text(written.files[PACKET_FILE], PACKET_FILE)
    packet = Document(folder / PACKET_FILE, PACKET_FILE, packet_root, packet_issues)
    areas = []
    for name in written.area_files:
        display = f"{AREAS_DIR}/{name}"
        root, issues = parse_text(written.files[display], display)
        areas.append(Document(folder / AREAS_DIR / name, display, root, issues))
    try:
        validate_packet(RawPacket(folder, packet, areas))
    except (LoadError, ValidationError) as exc:
        # Warnings (half-width marks, quotes …) leave the value in: the cell went in as written.
        return [found for found in exc.issues if not found.is_warning]
    return []


_LAST_KEY = re.compile(r"(?:^|\.)([A-Za-z_]+)$")


def _last_key(field: str) -> str:
    match = _LAST_KEY.search(field)
    return match[1] if match else ""


def _left(item: Found, reason: Issue) -> LeftOut:
    return LeftOut(item.key, item.text, item.where, item.header, reason)


def _move_field(found: list[Found], left: list[LeftOut], key: str, reason: Issue) -> bool:
    """A packet or area field from the written values to the left-out cells; False if it is not there."""
    item = next((f for f in found if f.key == key), None)
    if item is None:
        return False
    found.remove(item)
    left.append(_left(item, reason))
    return True


def _take_out_of_row(row: Row, named: str, reason: Issue) -> None:
    """The cell the issue names leaves the row; the row goes too if that cell is required or not ours."""
    field = RECORDS[row.kind].field(named) if named else None
    item = row.get(named) if field is not None else None
    if item is not None:
        row.found.remove(item)
        row.left.append(_left(item, reason))
    if item is None or field is None or field.required:
        row.dropped = reason


def _take_out(imported: Imported, owner: Owner, found: Issue) -> bool:
    """Move the cell a validation issue is about out of the packet; False if no cell of ours is concerned."""
    named = _last_key(found.field)
    if not owner.list and named != owner.key.split(".")[-1]:
        return False  # about another field of the record, one the tables did not give (title missing …)
    if owner.area == -1:
        return _move_field(imported.packet, imported.packet_left, owner.key, found)
    area = imported.areas[owner.area]
    if not owner.list:
        return _move_field(area.fields, area.left, owner.key, found)
    _take_out_of_row((area.targets if owner.list == "targets" else area.projects)[owner.row], named, found)
    return True


def _settle(imported: Imported, folder: Path, sources: str) -> tuple[Written, list[Issue]]:
    """Render and validate until every issue that one of our cells caused has taken that cell out."""
    for _ in range(MAX_ROUNDS):
        written = render(imported, sources)
        issues = _validate_written(written, folder)
        remaining: list[Issue] = []
        moved = False
        for found in issues:
            owner = written.owners.get((found.source.file, found.source.line))
            if owner is not None and _take_out(imported, owner, found):
                moved = True
            else:
                remaining.append(found)
        if not moved:
            return written, remaining
    written = render(imported, sources)
    return written, _validate_written(written, folder)


def _row_report(row: Row) -> list[Issue]:
    """A kept row's left-out cells (unmapped columns were reported once, at the header); or why it went."""
    if row.dropped is None:
        return [_left_issue(left) for left in row.left if left.reason.code != "import.column-unmapped"]
    return _dropped_report(row, row.dropped)


def _dropped_report(row: Row, dropped: Issue) -> list[Issue]:
    """Why a row went, at the cell that made it go, then the row itself (a total row says it all at once)."""
    cell = next((left for left in row.left if left.reason is dropped), None)
    reason = (
        Issue(cell.where, cell.header, dropped.code, dropped.params)
        if cell is not None
        else Issue(row.where, "", dropped.code, dropped.params)
    )
    if dropped.code == "import.total-row":
        return [reason]
    name = row.name or next((left.text for left in row.left if left.key == "name"), "—")
    return [reason, issue(row.where, "", "import.row-left-out", name=name)]


def _report(imported: Imported, remaining: list[Issue]) -> list[Issue]:
    report = list(imported.issues)
    report += [_left_issue(left) for left in imported.packet_left]
    for area in imported.areas:
        report += [_left_issue(left) for left in area.left]
        for row in area.targets + area.projects:
            report += _row_report(row)
    return report + remaining


def _apply_mapping_packet(imported: Imported, mapping: Mapping) -> None:
    """packet.yaml fields the mapping file gives, where the tables gave none."""
    have = {found.key for found in imported.packet}
    for key, (text, source) in mapping.packet.items():
        if key in have:
            continue
        field = PACKET.field(key)
        assert field is not None
        value: str | int = int(text) if field.kind.name == "year" and text.isdigit() else text
        imported.packet.append(Found(key, value, source, key, text))


def _apply_year(imported: Imported) -> None:
    """工作年度 from the year in the target column's header (2023年目标), when the tables agree on one."""
    if any(found.key == "year" for found in imported.packet) or len(imported.years) != 1:
        return
    ((year, where),) = imported.years.items()
    imported.packet.append(Found("year", year, where, "year", str(year)))


def read_tables(paths: list[Path], mapping: Mapping) -> Imported:
    imported = Imported()
    for path in paths:
        result = read_file(path, path.name)
        imported.issues += result.issues
        for grid in result.grids:
            read_grid(grid, mapping, imported)
    return imported


def _refuse_empty(imported: Imported, paths: list[Path]) -> None:
    """No area at all: what kept the files from being read, and that nothing was found."""
    if not imported.areas:
        raise BriefingError([*imported.issues, issue(Source(paths[0].name), "", "import.nothing-found")])


def import_tables(paths: list[Path], folder: Path, mapping_path: Path | None = None) -> ImportResult:
    """Read the tables and write a new packet into `folder` (absent or empty); raise if nothing was found."""
    mapping = load_mapping(mapping_path) if mapping_path is not None else Mapping()
    imported = read_tables(paths, mapping)
    _refuse_empty(imported, paths)
    _apply_mapping_packet(imported, mapping)
    _apply_year(imported)
    written, remaining = _settle(imported, folder, "、".join(path.name for path in paths))
    return _result(imported, folder, _write_folder(folder, written), _report(imported, remaining))


def _result(imported: Imported, folder: Path, written: list[Path], report: list[Issue]) -> ImportResult:
    rows = [row for area in imported.areas for row in area.targets + area.projects]
    kept = [row for row in rows if row.dropped is None]
    return ImportResult(
        folder=folder,
        written=written,
        report=report,
        areas=len(imported.areas),
        targets=sum(1 for row in kept if row.kind == TARGETS),
        projects=sum(1 for row in kept if row.kind == PROJECTS),
        left_out=len(rows) - len(kept),
    )


def _write_folder(folder: Path, written: Written) -> list[Path]:
    """All files appear at once: written into a sibling folder, which then takes the target's name."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, text in written.files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if folder.exists():
            folder.rmdir()  # checked empty by the caller; rmdir refuses anything else
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [folder / name for name in written.files]


__all__ = ["AREA", "ImportResult", "import_tables", "read_tables"]
