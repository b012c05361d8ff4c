"""Reading layout and font-manifest values: lengths (mm, pt, 字), sizes in 号, colours, named maps."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from briefing.errors import Source
from briefing.model.lengths import HAO, PAPER, Em, parse_length
from briefing.read.rules import Reader
from briefing.read.schema import Field, Record
from briefing.read.yaml_nodes import Mapping, Node, Scalar

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _length(scalar: Scalar) -> float | None:
    """A length in points (or an Em), from a bare number (points) or a number with its unit."""
    if isinstance(scalar.value, (int, Decimal)) and not isinstance(scalar.value, bool):
        return float(scalar.value)
    return parse_length(scalar.text)


class SettingsReader(Reader):
    """The data Reader plus the kinds layouts and manifests need."""

    def __init__(self) -> None:
        super().__init__()
        # What was written for each length, by where: range checks quote the user's "-37mm", not points.
        self.written: dict[Source, str] = {}

    def _read_length(self, node: Node, field: Field, path: str) -> float | None:
        scalar = self._scalar(node, field, path, "length")
        if scalar is None:
            return None
        length = _length(scalar)
        # 1e309 is infinite as a float, and infinity or NaN make every later sum meaningless.
        if length is None or not math.isfinite(length):
            self.add(node.source, path, "layout.length", label=field.label, text=scalar.text)
            return None
        self.written[node.source] = scalar.text.strip()
        return length

    def _read_size(self, node: Node, field: Field, path: str) -> float | None:
        scalar = self._scalar(node, field, path, "size")
        if scalar is None:
            return None
        text = scalar.text.strip()
        if text in HAO:
            return HAO[text]
        value = self._read_length(node, field, path)
        if value is None or isinstance(value, Em) or value <= 0:
            if value is not None:
                self.add(node.source, path, "layout.size", label=field.label, text=text)
            return None
        return value

    def _read_paper(self, node: Node, field: Field, path: str) -> tuple[float, float] | None:
        if isinstance(node, Scalar) and str(node.value).upper() in PAPER:
            return PAPER[str(node.value).upper()]
        self.add(node.source, path, "layout.paper", label=field.label, choices=tuple(PAPER))
        return None

    def _read_color(self, node: Node, field: Field, path: str) -> str | None:
        scalar = self._scalar(node, field, path, "color")
        if scalar is None:
            return None
        text = scalar.text.strip()
        if not _COLOR.match(text):
            self.add(node.source, path, "layout.color", label=field.label, text=text)
            return None
        return text.lower()

    def _read_int(self, node: Node, field: Field, path: str) -> int | None:
        return self._read_count(node, field, path)

    def _read_names(self, node: Node, field: Field, path: str) -> tuple[str, ...] | None:
        from briefing.read.yaml_nodes import Sequence

        if not isinstance(node, Sequence) or not all(isinstance(item, Scalar) for item in node.items):
            self.add(node.source, path, "type.wrong", label=field.label, expected="list", found="text")
            return None
        names = tuple(str(item.value) for item in node.items if isinstance(item, Scalar))
        for item in node.items:
            assert isinstance(item, Scalar)
            if field.choices and str(item.value) not in field.choices:
                self.add(
                    item.source,
                    path,
                    "enum.invalid",
                    label=field.label,
                    text=item.text,
                    choices=tuple(field.choices),
                )
        return names

    def named_records(
        self, node: Node | None, record: Record, path: str
    ) -> dict[str, tuple[dict[str, Any], Node]]:
        """A mapping of name → record (styles, font families), each read against `record`."""
        if node is None:
            return {}
        if not isinstance(node, Mapping):
            self.add(node.source, path, "type.mapping", label=record.label, found="text")
            return {}
        found: dict[str, tuple[dict[str, Any], Node]] = {}
        for name, (_, child) in node.entries.items():
            values = self.record(child, record, f"{path}.{name}")
            if values is not None:
                found[name] = (values, child)
        return found
