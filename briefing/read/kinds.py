"""The kinds of value a packet, a recipient list or the mail settings hold: each reads, checks and describes itself.

Figures and money are in read/figures.py; years, days and building periods in read/dates.py.
"""

from __future__ import annotations

import re
from typing import Any

from briefing.messages import printable
from briefing.model.punctuation import FULL_WIDTH, half_width_marks
from briefing.model.unit_suggestions import suggest_unit
from briefing.model.units import UNITS
from briefing.read.json_patterns import SPACE, TEXT_PATTERN, choice_schema, text_schema
from briefing.read.reader import Field, Kind, Reader, Record, Values, is_empty, kind_name
from briefing.read.text import join_lines, split_paragraphs
from briefing.read.yaml_nodes import Mapping, Node, Scalar, Sequence


def not_bool(scalar: Scalar, field: Field, path: str, reader: Reader, expected: str) -> Scalar | None:
    """A scalar that is not true or false (which YAML reads as a boolean, not as the text written)."""
    if isinstance(scalar.value, bool):
        reader.add(scalar.source, path, "type.wrong", label=field.label, expected=expected, found="bool")
        return None
    return scalar


class Text(Kind[str]):
    """One line of text; the lines of a multi-line value are joined (no space between Chinese characters)."""

    name = "text"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> str | None:
        scalar = reader.scalar(node, field, path, "text")
        if scalar is None or not_bool(scalar, field, path, reader, "text") is None:
            return None
        return join_lines(scalar.text) if scalar.quoted or isinstance(scalar.value, str) else scalar.text

    def json_schema(self) -> dict[str, Any]:
        return text_schema()


class Paragraphs(Kind[tuple[str, ...]]):
    """Paragraphs: a list of texts (empty items skipped), or one text whose blank lines separate them."""

    name = "paragraphs"

    def __init__(self, prose: bool = False) -> None:
        self.prose = prose  # Chinese prose: half-width punctuation in it is worth a warning

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> tuple[str, ...] | None:
        if isinstance(node, Sequence):
            paragraphs: list[str] = []
            for index, item in enumerate(node.items, start=1):
                here = f"{path}[{index}]"
                if is_empty(item) or reader.has_control(item, field, here):
                    continue
                text = TEXT.read(item, field, here, reader)
                if text:
                    paragraphs.append(text)
                    self._check(text, item, field, here, reader)
            return tuple(paragraphs) or None
        scalar = reader.scalar(node, field, path, "paragraphs")
        if scalar is None or not_bool(scalar, field, path, reader, "paragraphs") is None:
            return None
        found = split_paragraphs(scalar.text)
        self._check("\n".join(found), node, field, path, reader)  # one warning for the whole value
        return found or None

    def _check(self, text: str, node: Node, field: Field, path: str, reader: Reader) -> None:
        if self.prose:
            warn_half_width(text, node, field, path, reader)

    def json_schema(self) -> dict[str, Any]:
        item = {
            "anyOf": [
                *text_schema()["anyOf"],
                {"type": "null"},
                {"type": "string", "pattern": f"^[{SPACE}]*$"},
            ]
        }
        return {"anyOf": [*text_schema()["anyOf"], {"type": "array", "items": item}]}


class Count(Kind[int]):
    """A whole number, 0 or more."""

    name = "count"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> int | None:
        scalar = reader.scalar(node, field, path, "count")
        if scalar is None:
            return None
        if isinstance(scalar.value, bool) or not isinstance(scalar.value, int) or scalar.value < 0:
            reader.add(node.source, path, "count.invalid", label=field.label, text=scalar.text)
            return None
        return scalar.value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 0}


class Bool(Kind[bool]):
    """true or false."""

    name = "bool"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> bool | None:
        scalar = reader.scalar(node, field, path, "bool")
        if scalar is None:
            return None
        if not isinstance(scalar.value, bool):
            reader.add(node.source, path, "bool.invalid", label=field.label, text=scalar.text)
            return None
        return scalar.value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Choice(Kind[str]):
    """One of a fixed set of words."""

    name = "enum"

    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = choices

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> str | None:
        if not isinstance(node, Scalar) or isinstance(node.value, bool):
            found = kind_name(node)
            reader.add(
                node.source, path, "enum.not-text", label=field.label, choices=self.choices, found=found
            )
            return None
        text = node.text.strip()
        if text not in self.choices:
            reader.add(node.source, path, "enum.invalid", label=field.label, text=text, choices=self.choices)
            return None
        return text

    def json_schema(self) -> dict[str, Any]:
        return choice_schema(self.choices)


class Unit(Kind[str]):
    """A unit of measure the figures know (人, 亿元, % …); a full-width ％ is read as %."""

    name = "unit"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> str | None:
        scalar = reader.scalar(node, field, path, "unit")
        if scalar is None:
            return None
        text = scalar.text.strip().replace("％", "%")
        if text not in UNITS:
            near = suggest_unit(text)
            code = "unit.unknown" if near else "unit.unknown-no-hint"
            reader.add(node.source, path, code, label=field.label, unit=text, suggestion=near)
            return None
        return text

    def json_schema(self) -> dict[str, Any]:
        wide = [unit.replace("%", "％") for unit in UNITS if "%" in unit]
        return choice_schema([*UNITS, *wide])


class AreaList(Kind["tuple[str, ...] | str"]):
    """packet.yaml's `areas`: `all`, or the area files' names in order, each once."""

    name = "areas"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> tuple[str, ...] | str | None:
        if isinstance(node, Scalar) and node.value == "all":
            return "all"
        if not isinstance(node, Sequence):
            reader.add(node.source, path, "areas.invalid", label=field.label)
            return None
        names: list[str] = []
        for index, item in enumerate(node.items, start=1):
            here = f"{path}[{index}]"
            if not isinstance(item, Scalar) or not isinstance(item.value, str) or not item.value.strip():
                reader.add(item.source, here, "areas.invalid", label=field.label)
                continue
            name = item.value.strip()
            if name in names:
                reader.add(item.source, here, "areas.duplicate", file=name)
                continue
            names.append(name)
        return tuple(names)

    def json_schema(self) -> dict[str, Any]:
        # A file name in areas/: not blank, no folder in it (packet_files refuses those).
        folder = rf"^[{SPACE}]*\.{{1,2}}[{SPACE}]*$|[/\\]"
        name = {"type": "string", "pattern": TEXT_PATTERN, "not": {"pattern": folder}}
        names = {"type": "array", "items": name, "minItems": 1, "uniqueItems": True}
        return {"anyOf": [{"const": "all"}, names]}


# --- Chinese prose ---------------------------------------------------------------------------------------

# Patterns compiled by re's own cache on first use, not at import.
_WRAPPING_QUOTES = r"^(?:“[^“”]+”|‘[^‘’]+’|「[^「」]+」|『[^『』]+』)$"
_NUMBERING = (
    r"^(?:[（(][一二三四五六七八九十百]+[）)]|[一二三四五六七八九十百]+[、.．]|[0-9０-９]+[.．、]"
    r"|第[一二三四五六七八九十百]+[，,、是]?)"
)
# The characters a numbering can start with: a title starting otherwise (nearly all) skips compiling it.
_NUMBERING_STARTS = frozenset("（(一二三四五六七八九十百0123456789０１２３４５６７８９第")


def warn_half_width(text: str, node: Node, field: Field, path: str, reader: Reader) -> None:
    """Warn of half-width , : ; ( ) standing in Chinese text (typed with the input method in Latin)."""
    marks = half_width_marks(text)
    if marks:
        shown = "".join(dict.fromkeys(text[index] for index in marks))
        fixed = "".join(FULL_WIDTH[mark] for mark in shown)
        reader.warn(node.source, path, "text.half-width", label=field.label, marks=shown, fixed=fixed)


class Prose(Text):
    """Text printed as Chinese prose: read as Text, with a warning for what is probably a slip: quotes
    around the whole value (“县商务局” prints its quotes), half-width punctuation in Chinese."""

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> str | None:
        text = super().read(node, field, path, reader)
        if text:
            if text[0] in "“‘「『" and re.match(_WRAPPING_QUOTES, text):
                inner = printable(text[1:-1])  # cut as `text` is when shown: a value may be long
                reader.warn(node.source, path, "text.quoted", label=field.label, text=text, inner=inner)
            warn_half_width(text, node, field, path, reader)
        return text


class Title(Prose):
    """An area's title: the layout numbers it (一、), so a number written into it prints twice."""

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> str | None:
        text = super().read(node, field, path, reader)
        numbering = re.match(_NUMBERING, text) if text and text[0] in _NUMBERING_STARTS else None
        if text and numbering:
            rest = printable(text[numbering.end() :].lstrip())
            reader.warn(node.source, path, "title.numbered", text=text, numbering=numbering[0], rest=rest)
        return text


SOURCE_KEY = "__source__"  # in a record read by RecordOf or ListOf: where the mapping itself was written
PATH_KEY = "__path__"  # in a row read by ListOf: the row's field path (projects[2]), with its source


class RecordOf(Kind[Values]):
    """A nested mapping read against its own record; the values carry the mapping's source (SOURCE_KEY)."""

    name = "record"

    def __init__(self, record: Record) -> None:
        self.record = record

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> Values | None:
        values = reader.record(node, self.record, path)
        return None if values is None else {SOURCE_KEY: (None, node.source), **values}

    def json_schema(self) -> dict[str, Any]:
        return self.record.json_schema()


class ListOf(Kind[list[Values]]):
    """A list of mappings (targets, projects), each read against the record; rows carry SOURCE_KEY and PATH_KEY."""

    name = "records"

    def __init__(self, record: Record) -> None:
        self.record = record

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> list[Values] | None:
        if not isinstance(node, Sequence):
            self._not_a_list(node, field, path, reader)
            return None
        rows = []
        for index, item in enumerate(node.items, start=1):
            values = reader.record(item, self.record, f"{path}[{index}]")
            if values is not None:
                rows.append(
                    {SOURCE_KEY: (None, item.source), PATH_KEY: (f"{path}[{index}]", item.source), **values}
                )
        return rows

    def _not_a_list(self, node: Node, field: Field, path: str, reader: Reader) -> None:
        """Report a value that is not a list; `-name: 甲` (no space after the dash) is a row meant."""
        if isinstance(node, Mapping):
            for key, (key_source, _) in node.entries.items():
                if key.startswith("-") and key[1:] in self.record.keys:
                    reader.add(key_source, path, "list.dash-space", label=field.label, key=key[1:])
                    return
        found = kind_name(node)
        reader.add(node.source, path, "type.wrong", label=field.label, expected="list", found=found)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.record.json_schema()}


TEXT = Text()
PROSE = Prose()
TITLE = Title()
PARAGRAPHS = Paragraphs()
PROSE_PARAGRAPHS = Paragraphs(prose=True)
COUNT = Count()
BOOL = Bool()
UNIT = Unit()
AREAS = AreaList()
