"""layouts/kinds.py: lengths, type sizes, paper, colours and names, each kind reading and describing itself."""

from __future__ import annotations

import re
from typing import Any

import pytest

from briefing.errors import Source
from briefing.layouts import kinds
from briefing.layouts.kinds import Columns, NameListMap, NameMap, Names, Section, Styles, Texts
from briefing.layouts.schema import COLUMN, STYLE
from briefing.model.lengths import MM, Em
from briefing.read.reader import Field, Kind, Reader
from briefing.read.yaml_nodes import parse_text


def read(kind: Kind[Any], text: str) -> tuple[Any, list[str], Reader]:
    root, issues = parse_text(f"v: {text}\n", "layout.yaml")
    assert root is not None and not issues, issues
    reader = Reader()
    value = reader.value(root.get("v"), Field("v", kind, "值", ""), "v")  # type: ignore[union-attr, arg-type]
    return value, [found.code for found in reader.issues], reader


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        (kinds.LENGTH_KIND, "37mm", pytest.approx(37 * MM)),
        (kinds.LENGTH_KIND, "1.5cm", pytest.approx(15 * MM)),
        (kinds.LENGTH_KIND, "16pt", 16.0),
        (kinds.LENGTH_KIND, "12", 12.0),
        (kinds.SIZE, "三号", 16.0),
        (kinds.SIZE, "10.5pt", 10.5),
        (kinds.PAPER_KIND, "a4", (pytest.approx(210 * MM), pytest.approx(297 * MM))),
        (kinds.COLOUR, "'#C00000'", "#c00000"),
        (Names(("cover", "areas")), "[areas, cover]", ("areas", "cover")),
    ],
)
def test_good_values(kind: Kind[Any], text: str, value: object) -> None:
    found, problems, _ = read(kind, text)
    assert problems == [] and found == value


def test_a_length_in_characters_is_an_em_and_what_was_written_is_kept() -> None:
    value, problems, reader = read(kinds.LENGTH_KIND, "2字")
    assert problems == [] and isinstance(value, Em) and value == 2
    assert reader.written == {Source("layout.yaml", 1, 4): "2字"}


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        (kinds.LENGTH_KIND, "37 millimetres", "layout.length"),
        (kinds.LENGTH_KIND, "1e400", "layout.length"),
        (kinds.LENGTH_KIND, "[1]", "type.wrong"),
        (kinds.SIZE, "三好", "layout.length"),
        (kinds.SIZE, "2字", "layout.size"),
        (kinds.SIZE, "-3pt", "layout.size"),
        (kinds.PAPER_KIND, "A9", "layout.paper"),
        (kinds.COLOUR, "black", "layout.color"),
        (Names(("cover", "areas")), "[cover, appendix]", "enum.invalid"),
        (Names(("cover", "areas")), "cover", "type.wrong"),
    ],
)
def test_wrong_values(kind: Kind[Any], text: str, code: str) -> None:
    _, problems, _ = read(kind, text)
    assert problems == [code]


def test_sections_are_passed_on_for_the_builder_to_read() -> None:
    for kind in (kinds.FONT_MAP, Styles(STYLE), Texts(("a",)), Columns(COLUMN), NameMap(), NameListMap()):
        value, problems, _ = read(kind, "{a: 1}")
        assert isinstance(kind, Section) and problems == [] and value.get("a").value == 1


EVERY_KIND: list[Kind[Any]] = [
    kinds.LENGTH_KIND,
    kinds.SIZE,
    kinds.PAPER_KIND,
    kinds.COLOUR,
    Names(("cover",)),
    kinds.FONT_MAP,
    Styles(STYLE),
    Texts(("a",)),
    Columns(COLUMN),
    NameMap(),
    NameListMap(),
]


@pytest.mark.parametrize("kind", EVERY_KIND, ids=lambda kind: kind.name)
def test_every_layout_kind_gives_a_json_schema_fragment(kind: Kind[Any]) -> None:
    schema = kind.json_schema()
    assert schema and kind.json_schema() is not schema


def test_the_fragments_accept_what_the_kinds_read() -> None:
    length = kinds.LENGTH_KIND.json_schema()["anyOf"][1]["pattern"]
    assert all(re.match(length, text) for text in ("37mm", "2字", "0.5pt", "1.5 cm"))
    assert not re.match(length, "37 millimetres")
    assert "三号" in kinds.SIZE.json_schema()["anyOf"][0]["enum"]
    assert {"A4", "a4"} <= set(kinds.PAPER_KIND.json_schema()["enum"])
    assert re.match(kinds.COLOUR.json_schema()["pattern"], "#00aAfF")
    assert Styles(STYLE).json_schema()["additionalProperties"]["required"] == ["font", "size"]
    assert Texts(("a", "b")).json_schema()["required"] == ["a", "b"]
    assert Columns(COLUMN).json_schema()["items"]["required"] == ["field", "label"]  # width: auto by default
    assert NameMap().json_schema()["additionalProperties"] == {"type": "string"}
    assert NameListMap().json_schema()["additionalProperties"]["anyOf"][1]["type"] == "array"
