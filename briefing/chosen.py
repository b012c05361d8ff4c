"""Chosen areas: what `--areas` and a recipient's `areas:` name, found among the packet's areas.

An area is named by its number in the packet's order (3), its file name with or without .yaml
(03-营商环境), or a part of its title or file name that no other area shares (营商). A packet of chosen
areas keeps the packet's order whatever order they were named in, and leaves out the packet's declared
totals: they are about every area, not about the ones chosen.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from briefing.errors import ChoiceError, Issue, Source, issue
from briefing.model.packet import Area, Packet
from briefing.read.area_refs import AreaRef
from briefing.read.packet_files import RawPacket
from briefing.read.yaml_nodes import Document, Mapping

MAX_CANDIDATES = 12  # areas named in one message; a packet of hundreds would fill the screen


class Chosen(msgspec.Struct, frozen=True):
    """The areas a packet is cut down to: their numbers in the whole packet (from 1, in packet order) and
    how many areas the whole packet has."""

    numbers: tuple[int, ...]
    of: int


class Unmatched(msgspec.Struct, frozen=True):
    """Why one name chooses no area: a message code and its values."""

    code: str
    params: dict[str, object]


def candidates(areas: Sequence[Area], numbers: Sequence[int] | None = None) -> tuple[object, ...]:
    """The areas a message offers, as `3 着力深化改革，打造最优营商环境（03-营商环境）`, at most MAX_CANDIDATES."""
    chosen = list(numbers) if numbers is not None else list(range(1, len(areas) + 1))
    shown: list[object] = [f"{n} {areas[n - 1].title}（{areas[n - 1].key}）" for n in chosen[:MAX_CANDIDATES]]
    if len(chosen) > MAX_CANDIDATES:
        shown.append(f"… +{len(chosen) - MAX_CANDIDATES}")  # a list in a message holds no words of its own
    return tuple(shown)


def find_area(text: str, areas: Sequence[Area]) -> int | Unmatched:
    """The number (from 1) of the one area `text` names, or why it names none or several."""
    count = len(areas)
    if text.isascii() and text.isdigit():
        number = int(text)
        if 1 <= number <= count:
            return number
        return Unmatched("chosen.number-range", {"text": text, "count": count, "areas": candidates(areas)})
    stem = text.removesuffix(".yaml").removesuffix(".yml")
    for number, area in enumerate(areas, start=1):
        if area.key == stem:
            return number
    found = [n for n, area in enumerate(areas, start=1) if text in area.title or text in area.key]
    if len(found) == 1:
        return found[0]
    if found:
        return Unmatched("chosen.ambiguous", {"text": text, "areas": candidates(areas, found)})
    return Unmatched("chosen.unknown", {"text": text, "count": count, "areas": candidates(areas)})


def choose(refs: Sequence[AreaRef], areas: Sequence[Area]) -> tuple[Chosen | None, list[Issue]]:
    """The areas `refs` name, in packet order; or every problem with them, each at the name's source."""
    problems: list[Issue] = []
    picked: dict[int, str] = {}
    for ref in refs:
        found = find_area(ref.text, areas)
        if isinstance(found, Unmatched):
            problems.append(issue(ref.source, "areas", found.code, **found.params))
        elif found in picked:
            title = areas[found - 1].title
            params = {"text": ref.text, "first": picked[found], "title": title}
            problems.append(issue(ref.source, "areas", "chosen.twice", **params))
        else:
            picked[found] = ref.text
    if not refs:
        problems.append(issue(Source("--areas"), "", "chosen.none"))
    if problems:
        return None, problems
    return Chosen(tuple(sorted(picked)), len(areas)), []


def choose_from_line(refs: Sequence[AreaRef], areas: Sequence[Area]) -> Chosen:
    """choose() for --areas: the first problem as a ChoiceError (a command line has one thing wrong at a time)."""
    chosen, problems = choose(refs, areas)
    if chosen is None:
        first = problems[0]
        raise ChoiceError(first.code, first.params)
    return chosen


def unread_declared(raw: RawPacket) -> RawPacket:
    """The loaded packet with packet.yaml's `declared` left out, so that validation neither reads nor
    checks it: the totals a report declares for every area say nothing about some of them."""
    root = raw.packet.root
    if not isinstance(root, Mapping) or "declared" not in root.entries:
        return raw
    entries = {key: entry for key, entry in root.entries.items() if key != "declared"}
    packet = Document(raw.packet.path, raw.packet.display, Mapping(entries, root.source), raw.packet.issues)
    return RawPacket(raw.root, packet, raw.areas, raw.missing)


def cut(packet: Packet, chosen: Chosen) -> Packet:
    """The packet of the chosen areas only, without the packet's declared totals (they count every area)."""
    areas = tuple(packet.areas[number - 1] for number in chosen.numbers)
    return msgspec.structs.replace(packet, areas=areas, declared=None)
