"""`briefing init --from`: read and validate the last packet, make every file of the new one in memory,
write them into a hidden folder beside the target, validate that, and only then give it its name."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import stat
from pathlib import Path

import msgspec

from briefing.carry.files import (
    area_text,
    completion_lines,
    packet_text,
    quarter_lists,
    year_end_lists,
)
from briefing.errors import ChoiceError, DeliveryError, Issue, Source, ValidationError, issue
from briefing.model.packet import Indicator, Packet, Project
from briefing.model.progress import latest, month_end
from briefing.read.input_files import decode, read_bounded
from briefing.read.packet_files import PACKET_FILE, load_packet
from briefing.read.schema import SCHEMA_FILES, json_schema
from briefing.read.yaml_nodes import Mapping

CARRIED_FOLDERS = ("layouts", "fonts")  # a packet's own layouts and fonts, which packet.yaml may name
MAX_CARRIED_BYTES = 256 * 1024 * 1024  # all the files of those folders together
MAX_CARRIED_FILES = 2000


class Started(msgspec.Struct, frozen=True):
    """What init --from wrote: the files (under the new folder), the day the new progress records speak
    of (None for a year-end packet), the new packet's warnings (the records left to fill among them)."""

    files: tuple[Path, ...]
    as_of: dt.date | None
    year: int
    warnings: tuple[Issue, ...]


def next_quarter_end(packet: Packet) -> dt.date:
    """The end of the quarter after the latest progress record of the packet (31 March when it has none);
    ChoiceError when the packet already reports to the end of its year."""
    items: list[Indicator | Project] = [*packet.targets, *packet.projects]
    days = [record.as_of for item in items if (record := latest(item.progress))]
    if not days:
        return month_end(packet.year, 3)
    last = max(days)
    for month in (3, 6, 9, 12):
        end = month_end(packet.year, month)
        if end > last:
            return end
    raise ChoiceError("carry.year-over", {"date": last.isoformat(), "year": packet.year})


def _text(path: Path, display: str) -> str:
    issues: list[Issue] = []
    text = decode(read_bounded(path), display, issues)
    if text is None:  # validated a moment ago: changed since
        raise ValidationError(issues)
    return text


def new_files(last: Path, packet: Packet, year_end: bool, as_of: dt.date | None) -> dict[str, bytes]:
    """Every file of the new packet by its path inside it: packet.yaml, the listed area files rewritten,
    and the packet's own layouts/ and fonts/ copied."""
    raw = load_packet(last)
    year = packet.year + 1 if year_end else packet.year
    files: dict[str, bytes] = {}
    packet_root = raw.packet.root
    assert isinstance(packet_root, Mapping)  # validated
    text = _text(raw.packet.path, PACKET_FILE)
    files[PACKET_FILE] = (packet_text(text, packet_root, year) if year_end else text).encode("utf-8")
    areas = {area.source.file: area for area in packet.areas}
    for document in raw.areas:
        area, root = areas[document.display], document.root
        assert isinstance(root, Mapping)
        text = _text(document.path, document.display)
        if year_end:
            new = area_text(text, root, year_end_lists(area, year), completion_lines(root, area, year), year)
        else:
            assert as_of is not None
            new = area_text(text, root, quarter_lists(as_of), [])
        # By the file's own name (the display name shows odd characters escaped), as packet.yaml lists it.
        files[document.path.relative_to(last).as_posix()] = new.encode("utf-8")
    files.update(_carried(last))
    for kind, name in SCHEMA_FILES.items():  # what the files' first lines point editors to
        files[name] = (json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def _carried(last: Path) -> dict[str, bytes]:
    """The packet's layouts/ and fonts/ folders, file by file: no link (in or out of the packet), nothing
    but plain files and folders, and not more than MAX_CARRIED_BYTES in MAX_CARRIED_FILES files."""
    found: dict[str, bytes] = {}
    problems: list[Issue] = []
    size = 0
    for folder in CARRIED_FOLDERS:
        pending = [folder]
        while pending and not problems:
            relative = pending.pop()
            where = last / relative
            mode = os.lstat(where).st_mode if os.path.lexists(where) else None
            if mode is None:
                continue
            if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                problems.append(issue(Source(relative), "", "carry.not-plain", path=relative))
            elif stat.S_ISDIR(mode):
                pending += sorted((f"{relative}/{name}" for name in os.listdir(where)), reverse=True)
            else:
                size += os.lstat(where).st_size
                if size > MAX_CARRIED_BYTES or len(found) >= MAX_CARRIED_FILES:
                    problems.append(issue(Source(relative), "", "carry.too-large", folder=folder))
                else:
                    found[relative] = where.read_bytes()
    if problems:
        raise ValidationError(problems)
    return found


def _checked_as_of(packet: Packet, as_of: dt.date | None) -> dt.date:
    """The day of the records to fill: given (within the year, after every record written), or the end
    of the next quarter."""
    if as_of is None:
        return next_quarter_end(packet)
    if as_of.year != packet.year:
        raise ChoiceError("carry.as-of-year", {"date": as_of.isoformat(), "year": packet.year})
    items: list[Indicator | Project] = [*packet.targets, *packet.projects]
    written = [record.as_of for item in items for record in item.progress]
    if written and as_of <= max(written):
        raise ChoiceError("carry.as-of-early", {"date": as_of.isoformat(), "last": max(written).isoformat()})
    return as_of


def _write(new: Path, files: dict[str, bytes]) -> Packet:
    """The files in a staging folder beside `new`, validated there, then renamed to `new`; the new
    packet (with its warnings). Nothing is left behind when anything fails."""
    from briefing.pipeline import load_and_validate

    new.parent.mkdir(parents=True, exist_ok=True)
    staging = new.parent / f".{new.name}.init-{secrets.token_hex(6)}"
    staging.mkdir()  # a new folder of our own: never one (or a link) someone put there
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        made = load_and_validate(staging, check_layout=True)
        os.rename(staging, new)  # onto an empty folder too
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return made


def start_from(last: Path, new: Path, *, year_end: bool = False, as_of: dt.date | None = None) -> Started:
    """Write the new packet at `new` (absent or an empty folder); a BriefingError leaves nothing there."""
    from briefing.pipeline import load_and_validate

    packet = load_and_validate(last, check_layout=True)
    if not year_end:
        as_of = _checked_as_of(packet, as_of)
    files = new_files(last, packet, year_end, as_of)
    try:
        made = _write(new, files)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DeliveryError(
            [issue(Source(str(new)), "", "carry.write-failed", path=new, reason=reason)]
        ) from None
    return Started(
        files=tuple(new / name for name in files),
        as_of=None if year_end else as_of,
        year=made.year,
        warnings=tuple(made.warnings),
    )
