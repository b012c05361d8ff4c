"""What a packet template's output lines say ([style]text, [@data], [space], [rule] …), read into Markers.

The lines are `[style]text`, `[@data]`, `[space N]`, `[rule thick]`, `[vfill]` and `[pagebreak]`; the lengths
of [space] and [rule] are read here too, in points.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import msgspec

from briefing.model.layout import Layout
from briefing.model.lengths import MM, Em, parse_length, points

_MARKER = re.compile(r"^\[(?P<name>@?[a-z_][a-z0-9_]*)(?:\s+(?P<arg>[^\]]*))?\](?P<text>.*)$")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_RULES = {"thick": 0.35 * MM, "thin": 0.25 * MM}  # GB/T 9704 版记 lines


# Records as msgspec Structs: a NamedTuple class costs about 0.3 ms to create at every start.
class Marker(msgspec.Struct, frozen=True):
    """One output line: the marker's name (a style, `@data`, space …), its argument and the text after it."""

    name: str
    arg: str | None
    text: str

    def argument(self, default: str) -> str:
        """The argument as written, or `default` when there is none."""
        return (self.arg or default).strip()


class Unmarked(msgspec.Struct, frozen=True):
    """An output line that does not start with a marker (the template's mistake); `number` counts from 1."""

    number: int
    line: str


def read_markers(output: str) -> Iterator[Marker | Unmarked]:
    """The marker lines of a template's output, in order; blank lines are left out."""
    for number, raw in enumerate(output.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _MARKER.match(line)
        if match:
            yield Marker(match["name"], match["arg"], match["text"].strip())
        else:
            yield Unmarked(number, line)


def space_points(text: str, layout: Layout) -> float | None:
    """[space …]: N lines of body text (N or N行), or a length (12pt, 5mm, 2字); None when it is neither
    or would not fit on a page."""
    body = layout.styles.get("body")
    line = body.leading if body else 20.0
    if text.endswith(("pt", "mm", "cm", "字")):
        length = parse_length(text)
        value = None if length is None else points(length, body.size if body else 12.0)
    else:
        count = _DECIMAL.fullmatch(text.removesuffix("行"))
        value = float(count[0]) * line if count else None
    if value is None or not 0 <= value <= layout.page.frame_height:
        return None
    return value


def rule_points(text: str) -> float | None:
    """[rule …]: thick 0.35 mm, thin 0.25 mm, or a given width (0.5pt, 0.3mm) up to 10 pt; None otherwise."""
    if text in _RULES:
        return _RULES[text]
    length = parse_length(text if text.endswith(("pt", "mm", "cm")) else text + "pt")
    if length is None or isinstance(length, Em) or not 0 < length <= 10:
        return None
    return float(length)
