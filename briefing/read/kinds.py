"""The kinds of value a packet, a recipient list or the mail settings hold: each reads, checks and describes itself.

Figures and money are in read/figures.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from briefing.model.packet import Period
from briefing.model.quantities import UNITS, suggest_unit
from briefing.read.reader import Field, Kind, Reader, Record, Values, kind_name
from briefing.read.text import join_lines, split_paragraphs
from briefing.read.yaml_nodes import Node, Scalar, Sequence

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_ZH = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_YEAR_MONTH = r"(\d{4})(?:年|-)?(?:(\d{1,2})月?)?年?"
_PERIOD = re.compile(rf"^{_YEAR_MONTH}(?:\s*(?:—|–|-|~|～|至|到)\s*{_YEAR_MONTH})?$")
FIRST_YEAR, LAST_YEAR = 1949, 2200  # the years a work year or a building period may name


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
        return {"type": ["string", "number"]}


class Paragraphs(Kind[tuple[str, ...]]):
    """Paragraphs: a list of texts, or one text whose blank lines separate them."""

    name = "paragraphs"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> tuple[str, ...] | None:
        if isinstance(node, Sequence):
            paragraphs: list[str] = []
            for index, item in enumerate(node.items, start=1):
                text = TEXT.read(item, field, f"{path}[{index}]", reader)
                if text:
                    paragraphs.append(text)
            return tuple(paragraphs) or None
        scalar = reader.scalar(node, field, path, "paragraphs")
        if scalar is None or not_bool(scalar, field, path, reader, "paragraphs") is None:
            return None
        return split_paragraphs(scalar.text) or None

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


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


class Year(Kind[int]):
    """A year such as 2023 (or 2023年)."""

    name = "year"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> int | None:
        scalar = reader.scalar(node, field, path, "year")
        if scalar is None:
            return None
        text = scalar.text.strip().removesuffix("年")
        if not re.fullmatch(r"\d{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
            reader.add(node.source, path, "year.invalid", label=field.label, text=scalar.text)
            return None
        return int(text)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}


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
        return {"enum": list(self.choices)}


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
        return {"enum": list(UNITS)}


class Date(Kind[dt.date]):
    """A day: 2023-01-10 or 2023年1月10日."""

    name = "date"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> dt.date | None:
        scalar = reader.scalar(node, field, path, "date")
        if scalar is None:
            return None
        text = scalar.text.strip()
        match = _DATE_ISO.match(text) or _DATE_ZH.match(text)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                pass
        reader.add(node.source, path, "date.invalid", label=field.label, text=text)
        return None

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "integer"]}


class PeriodOfYears(Kind[Period]):
    """A building period: 2023年, 2022—2024年, 2023年3月—2023年12月 (from no later than to)."""

    name = "period"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> Period | None:
        scalar = reader.scalar(node, field, path, "period")
        if scalar is None:
            return None
        text = scalar.text.strip()
        period = _period(text)
        if period is None:
            reader.add(node.source, path, "period.invalid", label=field.label, text=text)
        return period

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "integer"]}


def _period(text: str) -> Period | None:
    match = _PERIOD.match(text)
    if match is None:
        return None
    start = (int(match[1]), _month(match[2]))
    end = (int(match[3]), _month(match[4])) if match[3] else start
    return Period(start, end, text) if _plausible(start, end) else None


def _month(text: str | None) -> int | None:
    return int(text) if text else None


def _plausible(start: tuple[int, int | None], end: tuple[int, int | None]) -> bool:
    """Months that exist, years in range, and a start no later than the end (a year alone spans it all)."""
    months_ok = all(month is None or 1 <= month <= 12 for month in (start[1], end[1]))
    years_ok = all(FIRST_YEAR <= year <= LAST_YEAR for year in (start[0], end[0]))
    return months_ok and years_ok and (start[0], start[1] or 0) <= (end[0], end[1] or 13)


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
        return {"anyOf": [{"const": "all"}, {"type": "array", "items": {"type": "string"}}]}


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
            found = kind_name(node)
            reader.add(node.source, path, "type.wrong", label=field.label, expected="list", found=found)
            return None
        rows = []
        for index, item in enumerate(node.items, start=1):
            values = reader.record(item, self.record, f"{path}[{index}]")
            if values is not None:
                rows.append(
                    {SOURCE_KEY: (None, item.source), PATH_KEY: (f"{path}[{index}]", item.source), **values}
                )
        return rows

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.record.json_schema()}


TEXT = Text()
PARAGRAPHS = Paragraphs()
COUNT = Count()
YEAR = Year()
BOOL = Bool()
UNIT = Unit()
DATE = Date()
PERIOD = PeriodOfYears()
AREAS = AreaList()
