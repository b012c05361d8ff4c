"""The located reader: YAML nodes read against declared records, every problem kept as an Issue.

A Record declares the keys of a mapping; each Field has a Kind, an object that reads and checks its own
values and says what JSON Schema allows for them, so validation and the published schema come from one
declaration (as MkDocs' config options each validate themselves). Settings, recipients, mail settings,
layouts and font manifests use the same reader; the packet's own rules are in read/rules.py.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeVar

import msgspec

from briefing.errors import Issue, Source, issue, warning
from briefing.messages import printable
from briefing.read.json_patterns import optional
from briefing.read.text import control_char
from briefing.read.yaml_nodes import Mapping, Node, Scalar, Sequence, child_path

T = TypeVar("T")
Values = dict[str, tuple[Any, Source]]
"""A record as read: each key that was read, with its value and where the value was written."""

# A key written with a full-width colon (name：甲) is read as text where a record was expected. Compiled by
# re's cache for the first such mistake, not at import.
_FULL_WIDTH_KEY = r"^(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \u3000]*："


class Kind(ABC, Generic[T]):
    """What a field holds: reads a node into a value of type T, or reports why it cannot and gives None."""

    name: ClassVar[str]  # how tools tell kinds apart ("text", "value", "count" …)

    @abstractmethod
    def read(self, node: Node, field: Field, path: str, reader: Reader) -> T | None:
        """The value of a node that is not empty; problems go to `reader`, located at `path`."""

    @abstractmethod
    def json_schema(self) -> dict[str, Any]:
        """What JSON Schema allows for this kind (a new dict each time: the caller adds to it)."""


class Field(msgspec.Struct, frozen=True):
    """One key of a YAML mapping: its kind reads the value; label and doc name it in messages and schemas."""

    key: str
    kind: Kind[Any]
    label: str
    doc: str
    required: bool = False
    example: Any = None

    def example_line(self) -> str:
        """The field as a user would write it, for messages: `year: 2023`, or `key: …` without an example."""
        if self.example is None:
            return f"{self.key}: …"
        example = self.example
        if isinstance(example, bool):
            example = "true" if example else "false"
        return f"{self.key}: {example}"

    def json_schema(self) -> dict[str, Any]:
        """The kind's schema; an optional field may also be left empty (null, or spaces only), which the
        reader takes as not written, while a required one may not."""
        schema = self.kind.json_schema() if self.required else optional(self.kind.json_schema())
        schema["description"] = f"{self.label}：{self.doc}"
        if self.example is not None:
            schema["examples"] = [self.example]
        return schema


class Record(msgspec.Struct, frozen=True):
    """A YAML mapping with a fixed set of keys."""

    name: str
    label: str
    fields: tuple[Field, ...]

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    def json_schema(self) -> dict[str, Any]:
        """JSON Schema for the record: unknown keys are errors, as they are for the reader."""
        return {
            "type": "object",
            "title": self.label,
            "properties": {field.key: field.json_schema() for field in self.fields},
            "required": [field.key for field in self.fields if field.required],
            "additionalProperties": False,
        }


def value_of(values: Values | None, key: str, default: Any = None) -> Any:
    """The value read for `key`, or `default` when it was absent, empty or wrong (or nothing was read)."""
    entry = values.get(key) if values is not None else None
    return default if entry is None else entry[0]


def source_of(values: Values, key: str, fallback: Source) -> Source:
    """Where the value of `key` was written; `fallback` (the record, say) when it was not read."""
    entry = values.get(key)
    return fallback if entry is None else entry[1]


def kind_name(node: Node) -> str:
    """What a node is, as messages name it (`found`): mapping, list, null, bool, number or text."""
    if isinstance(node, Mapping):
        return "mapping"
    if isinstance(node, Sequence):
        return "list"
    value = node.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, Decimal)):
        return "number"
    return "text"


def is_empty(node: Node) -> bool:
    """Nothing written: null, or text of spaces only (U+3000 included). Such a value is not read, and a
    required field holding it is missing."""
    if not isinstance(node, Scalar):
        return False
    return node.value is None or (isinstance(node.value, str) and not node.value.strip())


class Reader:
    """Reads nodes against records, appending an Issue for every problem instead of raising."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        # Kept apart from the issues: whoever asks `reader.issues` whether a value was read (the importer
        # takes a cell out for any) must not see a value with a warning as a value that could not be read.
        self.warnings: list[Issue] = []
        # What was written for a value read in other units (a length read as points), by where: range
        # checks quote the user's "-37mm", not the points it came to.
        self.written: dict[Source, str] = {}

    def add(self, source: Source, path: str, code: str, **params: Any) -> None:
        self.issues.append(issue(source, path, code, **params))

    def warn(self, source: Source, path: str, code: str, **params: Any) -> None:
        """A value that was read, but is probably not what was meant (the build goes on)."""
        self.warnings.append(warning(source, path, code, **params))

    def record(self, node: Node, record: Record, path: str) -> Values | None:
        """Values of a mapping by key, each with its source; None when the node is not a mapping."""
        if not isinstance(node, Mapping):
            self._not_a_mapping(node, record, path or record.name)
            return None
        values, suggested = self._entries(node, record, path)
        for field in record.fields:
            # "unknown field titel; did you mean title?" says it already.
            if field.required and field.key not in values and field.key not in suggested:
                self._missing(node, field, path)
        return values

    def _not_a_mapping(self, node: Node, record: Record, path: str) -> None:
        """Report a record that is not one; text such as `name：甲` is a key with a full-width colon."""
        text = node.value if isinstance(node, Scalar) and isinstance(node.value, str) else ""
        words = re.match(_FULL_WIDTH_KEY, text)
        if words and words["key"] in record.keys:
            code, key = "type.mapping-fullwidth-colon", words["key"]
            self.add(node.source, path, code, label=record.label, text=text, key=key)
            return
        self.add(node.source, path, "type.mapping", label=record.label, found=kind_name(node))

    def _entries(self, node: Mapping, record: Record, path: str) -> tuple[Values, set[str]]:
        """Each key's value, read by its field; and the keys that unknown keys were probably meant to be."""
        values: Values = {}
        suggested: set[str] = set()
        for key, (key_source, value_node) in node.entries.items():
            here = child_path(path, printable(key) or '""')
            field = record.field(key)
            if field is None:
                suggested.add(self._unknown(key, key_source, here, record))
                continue
            value = self.value(value_node, field, here)
            if value is not None:
                values[key] = (value, value_node.source)
        return values, suggested

    def _unknown(self, key: str, key_source: Source, path: str, record: Record) -> str:
        """Report a key the record does not have; the key it was probably meant to be, or ""."""
        import difflib  # an unknown key: only then

        suggestion = difflib.get_close_matches(key, record.keys, n=1, cutoff=0.5)
        by_label = [f.key for f in record.fields if f.label == key]
        hint = (suggestion or by_label or [""])[0]
        self.add(
            key_source,
            path,
            "field.unknown" if hint else "field.unknown-no-hint",
            key=key,
            suggestion=hint,
            allowed=record.keys,
        )
        return hint

    def _missing(self, node: Mapping, field: Field, path: str) -> None:
        """A required field that was not read: missing, unless it is there but wrong (reported already)."""
        entry = node.entries.get(field.key)
        if entry is not None and not is_empty(entry[1]):
            return
        where = entry[0] if entry else node.source  # present but empty: point at the key
        label, example = field.label, field.example_line()
        self.add(where, child_path(path, field.key), "field.required", label=label, example=example)

    def value(self, node: Node, field: Field, path: str) -> Any:
        """The value of one field, or None when it is empty or wrong (wrong is reported)."""
        if is_empty(node) or self.has_control(node, field, path):
            return None
        return field.kind.read(node, field, path, self)

    def has_control(self, node: Node, field: Field, path: str) -> bool:
        """A scalar holding a control character (reported), which no value may hold."""
        control = control_char(node.text) if isinstance(node, Scalar) else None
        if control is None:
            return False
        self.add(node.source, path, "text.control-char", label=field.label, char=f"U+{ord(control):04X}")
        return True

    def scalar(self, node: Node, field: Field, path: str, expected: str) -> Scalar | None:
        """The node if it is a scalar; else None, reported as not the `expected` kind."""
        if isinstance(node, Scalar):
            return node
        self.add(node.source, path, "type.wrong", label=field.label, expected=expected, found=kind_name(node))
        return None

    def named_records(self, node: Node | None, record: Record, path: str) -> dict[str, tuple[Values, Node]]:
        """A mapping of name → record (a layout's styles, a manifest's font families), each read."""
        if node is None:
            return {}
        if not isinstance(node, Mapping):
            self.add(node.source, path, "type.mapping", label=record.label, found="text")
            return {}
        found: dict[str, tuple[Values, Node]] = {}
        for name, (_, child) in node.entries.items():
            values = self.record(child, record, f"{path}.{name}")
            if values is not None:
                found[name] = (values, child)
        return found
