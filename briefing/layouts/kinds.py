"""The kinds of value a layout.yaml holds: lengths (mm, pt, 字), sizes in 号, paper, colours, lists of names,
and the sections the builder reads against the whole layout (fonts, styles, texts, columns)."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from briefing.model.lengths import HAO, LENGTH, PAPER, Em, parse_length
from briefing.read.reader import Field, Kind, Reader, Record
from briefing.read.yaml_nodes import Node, Scalar, Sequence

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _length(scalar: Scalar) -> float | None:
    """A length in points (or an Em), from a bare number (points) or a number with its unit."""
    if isinstance(scalar.value, (int, Decimal)) and not isinstance(scalar.value, bool):
        return float(scalar.value)
    return parse_length(scalar.text)


def _length_schema() -> dict[str, Any]:
    return {"anyOf": [{"type": "number"}, {"type": "string", "pattern": LENGTH.pattern}]}


class Length(Kind[float]):
    """A length in points: 37mm, 1.5cm, 16pt, a bare number (points), or N字 (an Em, resolved against a size
    later). What was written is kept in Reader.written, so that range checks quote it."""

    name = "length"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> float | None:
        scalar = reader.scalar(node, field, path, "length")
        if scalar is None:
            return None
        length = _length(scalar)
        # 1e309 is infinite as a float, and infinity or NaN make every later sum meaningless.
        if length is None or not math.isfinite(length):
            reader.add(node.source, path, "layout.length", label=field.label, text=scalar.text)
            return None
        reader.written[node.source] = scalar.text.strip()
        return length

    def json_schema(self) -> dict[str, Any]:
        return _length_schema()


class Size(Kind[float]):
    """A type size: a 号 (三号, 小四) or a positive length in points."""

    name = "size"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> float | None:
        scalar = reader.scalar(node, field, path, "size")
        if scalar is None:
            return None
        text = scalar.text.strip()
        if text in HAO:
            return HAO[text]
        value = LENGTH_KIND.read(node, field, path, reader)
        if value is None:
            return None
        if isinstance(value, Em) or value <= 0:
            reader.add(node.source, path, "layout.size", label=field.label, text=text)
            return None
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"enum": list(HAO)}, _length_schema()]}


class Paper(Kind[tuple[float, float]]):
    """A paper size by name (A4, a4 …): its width and height in points."""

    name = "paper"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> tuple[float, float] | None:
        if isinstance(node, Scalar) and str(node.value).upper() in PAPER:
            return PAPER[str(node.value).upper()]
        reader.add(node.source, path, "layout.paper", label=field.label, choices=tuple(PAPER))
        return None

    def json_schema(self) -> dict[str, Any]:
        return {"enum": [*PAPER, *(name.lower() for name in PAPER)]}


class Colour(Kind[str]):
    """A colour as #rrggbb (read in lower case)."""

    name = "color"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> str | None:
        scalar = reader.scalar(node, field, path, "color")
        if scalar is None:
            return None
        text = scalar.text.strip()
        if not _COLOR.match(text):
            reader.add(node.source, path, "layout.color", label=field.label, text=text)
            return None
        return text.lower()

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _COLOR.pattern}


class Names(Kind[tuple[str, ...]]):
    """A list of names, each one of `choices` (the blocks of a layout, in order)."""

    name = "names"

    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = choices

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> tuple[str, ...] | None:
        if not isinstance(node, Sequence) or not all(isinstance(item, Scalar) for item in node.items):
            reader.add(node.source, path, "type.wrong", label=field.label, expected="list", found="text")
            return None
        names: list[str] = []
        for item in node.items:
            assert isinstance(item, Scalar)  # all are, as checked above
            names.append(str(item.value))
            if str(item.value) not in self.choices:
                reader.add(
                    item.source, path, "enum.invalid", label=field.label, text=item.text, choices=self.choices
                )
        return tuple(names)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": {"enum": list(self.choices)}}


class Section(Kind[Node]):
    """A part of the layout read by the builder, which alone knows what it is checked against (the fonts,
    the page, the styles there are): the node is passed on as written."""

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> Node | None:
        return node


class FontMap(Section):
    """Font roles to a family name, or to a font file of the layout's own ({file: …})."""

    name = "fontmap"

    def json_schema(self) -> dict[str, Any]:
        own_file = {
            "type": "object",
            "properties": {"file": {"type": "string"}},
            "required": ["file"],
            "additionalProperties": False,
        }
        return {"type": "object", "additionalProperties": {"anyOf": [{"type": "string"}, own_file]}}


class Styles(Section):
    """Style names to text styles, each read against `record` by the builder."""

    name = "styles"

    def __init__(self, record: Record) -> None:
        self.record = record

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": self.record.json_schema()}


class Texts(Section):
    """Short Jinja2 texts by name (page number format, the empty value …); `keys` must all be given."""

    name = "texts"

    def __init__(self, keys: tuple[str, ...]) -> None:
        self.keys = keys

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "additionalProperties": {"type": ["string", "number", "null"]},
            "required": list(self.keys),
        }


class Columns(Section):
    """A table's columns in order, each read against `record` by the builder."""

    name = "columns"

    def __init__(self, record: Record) -> None:
        self.record = record

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.record.json_schema()}


class NameMap(Section):
    """Names to the names another program knows them by, one each (a layout's style → Word's style)."""

    name = "namemap"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": {"type": "string"}}


class NameListMap(Section):
    """Names to a name or a list of names, the first the one used and the rest alternatives (a font role
    → the font names Word is given)."""

    name = "namelistmap"

    def json_schema(self) -> dict[str, Any]:
        names = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
        return {"type": "object", "additionalProperties": names}


LENGTH_KIND = Length()
SIZE = Size()
PAPER_KIND = Paper()
COLOUR = Colour()
FONT_MAP = FontMap()
