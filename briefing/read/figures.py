"""The kinds that hold figures: a number with its unit (or words for a target that is not one), and money."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from briefing.model.quantities import (
    FIGURE_PATTERN,
    Figure,
    FigureSyntaxError,
    Qualitative,
    Value,
    parse_figure,
    suggest_unit,
)
from briefing.read.kinds import not_bool
from briefing.read.reader import Field, Kind, Reader, kind_name
from briefing.read.text import join_lines
from briefing.read.yaml_nodes import Mapping, Node, Scalar


def read_figure(scalar: Scalar, field: Field, path: str, reader: Reader) -> Figure | None:
    """A number with its unit (2000人, 1.5亿元, 增长6%), or None with the reason reported."""
    if isinstance(scalar.value, (int, Decimal)):
        reader.add(scalar.source, path, "figure.missing-unit", label=field.label, text=scalar.text)
        return None
    if not isinstance(scalar.value, str):
        found = kind_name(scalar)
        reader.add(scalar.source, path, "type.wrong", label=field.label, expected="figure", found=found)
        return None
    try:
        return parse_figure(scalar.text)
    except FigureSyntaxError as exc:
        _figure_problem(exc, scalar, field, path, reader)
        return None


def _figure_problem(exc: FigureSyntaxError, scalar: Scalar, field: Field, path: str, reader: Reader) -> None:
    where, label, text = scalar.source, field.label, scalar.text
    if exc.reason == "too-long":
        reader.add(where, path, "figure.too-long", label=label, text=text)
    elif exc.reason == "missing-unit":
        reader.add(where, path, "figure.missing-unit", label=label, text=text)
    elif exc.reason == "unknown-unit":
        near = suggest_unit(exc.found)
        code = "figure.unknown-unit" if near else "figure.unknown-unit-no-hint"
        reader.add(where, path, code, label=label, text=text, unit=exc.found, suggestion=near)
    else:
        reader.add(where, path, "figure.unreadable", label=label, text=text)


class FigureValue(Kind[Value]):
    """A figure with its unit, or words for a target that is not a number ({text: …} when it holds digits)."""

    name = "value"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> Value | None:
        if isinstance(node, Mapping):
            return self._words(node, field, path, reader)
        scalar = reader.scalar(node, field, path, "figure")
        if scalar is None or not_bool(scalar, field, path, reader, "figure") is None:
            return None
        if isinstance(scalar.value, (int, Decimal)):
            reader.add(node.source, path, "figure.missing-unit", label=field.label, text=scalar.text)
            return None
        text = scalar.text.strip()
        if not re.search(r"\d", text):
            return Qualitative(join_lines(text))
        return read_figure(scalar, field, path, reader)

    def _words(self, node: Mapping, field: Field, path: str, reader: Reader) -> Qualitative | None:
        """{text: …}: words that hold digits but are not a figure (与2022年持平)."""
        text_node = node.get("text")
        extra = [key for key in node.entries if key != "text"]
        if text_node is None or extra or not isinstance(text_node, Scalar) or text_node.value is None:
            reader.add(node.source, path, "value.mapping", label=field.label)
            return None
        return Qualitative(join_lines(text_node.text))

    def json_schema(self) -> dict[str, Any]:
        words = {
            "type": "object",
            "properties": {"text": {"type": "string"}},
            "required": ["text"],
            "additionalProperties": False,
        }
        figure = {"type": "string", "pattern": FIGURE_PATTERN}
        return {"anyOf": [figure, {"type": "string", "pattern": "^[^0-9]+$"}, words, {"type": "null"}]}


class Money(Kind[Figure]):
    """An amount of money in 元, 万元 or 亿元: not negative, not a change."""

    name = "money"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> Figure | None:
        scalar = reader.scalar(node, field, path, "money")
        if scalar is None:
            return None
        figure = read_figure(scalar, field, path, reader)
        if figure is None:
            return None
        if not figure.is_money:
            reader.add(node.source, path, "money.unit", label=field.label, text=scalar.text, unit=figure.unit)
            return None
        if figure.amount < 0 or figure.change:
            code = "money.negative" if figure.amount < 0 else "money.change"
            reader.add(node.source, path, code, label=field.label, text=scalar.text)
            return None
        return figure

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "pattern": FIGURE_PATTERN}, {"type": "null"}]}


VALUE = FigureValue()
MONEY = Money()
