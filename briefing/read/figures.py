"""The kinds that hold figures: a number with its unit, words for a target that is not one, a level with its
growth, and money."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from briefing.model.figure_grammar import figure_pattern
from briefing.model.packet import LevelGrowth, Value
from briefing.model.quantities import Figure, FigureSyntaxError, Qualitative, parse_figure
from briefing.model.unit_suggestions import suggest_unit
from briefing.model.units import MONEY as MONEY_DIMENSION
from briefing.model.units import UNITS
from briefing.read.json_patterns import CONTROL, SPACE, optional, text_schema
from briefing.read.kinds import TEXT, not_bool
from briefing.read.reader import Field, Kind, Reader, is_empty, kind_name
from briefing.read.text import join_lines
from briefing.read.yaml_nodes import Mapping, Node, Scalar

# A digit makes a value a figure (or {text: …}); ASCII and full-width ones, which the figures read. Not
# Python's \d, which also takes digits of other scripts that no schema pattern lists.
_DIGIT = re.compile(r"[0-9０-９]")
_WORDS_PATTERN = f"^[^0-9０-９{CONTROL}]*[^0-9０-９{CONTROL}{SPACE}][^0-9０-９{CONTROL}]*$"
LEVEL, GROWTH = "level", "growth"


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
    """A figure with its unit; words for a target that is not a number ({text: …} when they hold digits);
    or a level with its growth ({level: 113.6亿元, growth: 增长5%}), either of which may be left out."""

    name = "value"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> Value | None:
        if isinstance(node, Mapping):
            if set(node.entries) == {"text"}:
                return self._words(node, field, path, reader)
            if node.entries and set(node.entries) <= {LEVEL, GROWTH}:
                return self._pair(node, field, path, reader)
            reader.add(node.source, path, "value.mapping", label=field.label)
            return None
        scalar = reader.scalar(node, field, path, "figure")
        if scalar is None or not_bool(scalar, field, path, reader, "figure") is None:
            return None
        if isinstance(scalar.value, (int, Decimal)):
            reader.add(node.source, path, "figure.missing-unit", label=field.label, text=scalar.text)
            return None
        text = scalar.text.strip()
        if not _DIGIT.search(text):
            return Qualitative(join_lines(text))
        return read_figure(scalar, field, path, reader)

    def _words(self, node: Mapping, field: Field, path: str, reader: Reader) -> Qualitative | None:
        """{text: …}: words that hold digits but are not a figure (与2022年持平)."""
        text_node = node.get("text")
        assert text_node is not None  # the only key
        here = f"{path}.text"
        if is_empty(text_node):
            reader.add(text_node.source, here, "value.words-empty", label=field.label)
            return None
        if reader.has_control(text_node, field, here):
            return None
        text = TEXT.read(text_node, field, here, reader)
        return None if text is None else Qualitative(text)

    def _pair(self, node: Mapping, field: Field, path: str, reader: Reader) -> Value | None:
        """{level: 113.6亿元, growth: 增长5%}: both, or the one given (nothing given is not given)."""
        level = self._part(node, LEVEL, field, path, reader)
        growth = self._part(node, GROWTH, field, path, reader)
        if level is not None and growth is not None:
            return LevelGrowth(level, growth)
        return level or growth

    def _part(self, node: Mapping, key: str, field: Field, path: str, reader: Reader) -> Figure | None:
        """One figure of a pair: the level is no change, the growth is one."""
        part = node.get(key)
        here = f"{path}.{key}"
        if part is None or is_empty(part) or reader.has_control(part, field, here):
            return None
        scalar = reader.scalar(part, field, here, "figure")
        if scalar is None:
            return None
        figure = read_figure(scalar, field, here, reader)
        if figure is not None and figure.is_change != (key == GROWTH):
            code = "value.growth" if key == GROWTH else "value.level"
            reader.add(part.source, here, code, label=field.label, text=figure.text())
            return None
        return figure

    def json_schema(self) -> dict[str, Any]:
        words = {
            "type": "object",
            "properties": {"text": text_schema()},
            "required": ["text"],
            "additionalProperties": False,
        }
        pair = {
            "type": "object",
            "properties": {
                LEVEL: optional({"type": "string", "pattern": figure_pattern(change=False)}),
                GROWTH: optional({"type": "string", "pattern": figure_pattern(change=True)}),
            },
            "minProperties": 1,
            "additionalProperties": False,
        }
        figure = {"type": "string", "pattern": figure_pattern()}
        return {"anyOf": [figure, {"type": "string", "pattern": _WORDS_PATTERN}, words, pair]}


class Money(Kind[Figure]):
    """An amount of money in 元, 万元 or 亿元: not negative (no minus sign at all), not a change."""

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
        negative = figure.amount_text.startswith("-")  # -0元 too: a minus says it is owed, not invested
        if negative or figure.change:
            code = "money.negative" if negative else "money.change"
            reader.add(node.source, path, code, label=field.label, text=scalar.text)
            return None
        return figure

    def json_schema(self) -> dict[str, Any]:
        units = [unit for unit, (base, _) in UNITS.items() if base == MONEY_DIMENSION]
        return {"type": "string", "pattern": figure_pattern(units=units, change=False, negative=False)}


VALUE = FigureValue()
MONEY = Money()
