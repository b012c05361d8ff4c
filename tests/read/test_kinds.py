"""read/kinds.py: each kind reads its own values, reports what is wrong, and gives its JSON-Schema fragment."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from briefing.model.quantities import Qualitative
from briefing.read import dates, figures, kinds
from briefing.read.kinds import PATH_KEY, SOURCE_KEY, Choice, ListOf, RecordOf
from briefing.read.reader import Field, Kind, Reader, Record
from briefing.read.yaml_nodes import parse_text


def read(kind: Kind[Any], text: str) -> tuple[Any, list[str]]:
    """The value of `v: <text>` read as `kind`, and the codes of the problems found."""
    root, issues = parse_text(f"v: {text}\n", "k.yaml")
    assert root is not None and not issues, issues
    reader = Reader()
    value = reader.value(root.get("v"), Field("v", kind, "值", ""), "v")  # type: ignore[union-attr, arg-type]
    return value, [found.code for found in reader.issues]


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        (kinds.TEXT, "|\n  第一行\n  第二行", "第一行第二行"),
        (kinds.TEXT, "|\n  one\n  two", "one two"),
        (kinds.TEXT, "2023", "2023"),
        (kinds.PARAGRAPHS, "|\n  甲\n  丙\n\n  乙", ("甲丙", "乙")),
        (kinds.PARAGRAPHS, "[甲, 乙]", ("甲", "乙")),
        (figures.VALUE, "不低于全市平均水平", Qualitative("不低于全市平均水平")),
        (figures.VALUE, "{text: 与2022年持平}", Qualitative("与2022年持平")),
        (kinds.COUNT, "25", 25),
        (dates.YEAR, "2023年", 2023),
        (kinds.BOOL, "false", False),
        (kinds.UNIT, "'％'", "%"),
        (dates.DATE, "2023年1月10日", dt.date(2023, 1, 10)),
        (kinds.AREAS, "all", "all"),
        (kinds.AREAS, "[01-a, 02-b]", ("01-a", "02-b")),
        (Choice(("新建", "续建")), "续建", "续建"),
    ],
)
def test_good_values(kind: Kind[Any], text: str, value: object) -> None:
    assert read(kind, text) == (value, [])


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        (kinds.TEXT, "true", "type.wrong"),
        (kinds.TEXT, "{a: 1}", "type.wrong"),
        (kinds.PARAGRAPHS, "false", "type.wrong"),
        (figures.VALUE, "2000", "figure.missing-unit"),
        (figures.VALUE, "2000人们", "figure.unknown-unit"),
        (figures.VALUE, "{text: a, b: c}", "value.mapping"),
        (figures.VALUE, "true", "type.wrong"),
        (figures.MONEY, "2000人", "money.unit"),
        (figures.MONEY, "-1亿元", "money.negative"),
        (figures.MONEY, "增长5亿元", "money.change"),
        (kinds.COUNT, "-1", "count.invalid"),
        (kinds.COUNT, "1.5", "count.invalid"),
        (dates.YEAR, "1900", "year.invalid"),
        (kinds.BOOL, "yes", "bool.invalid"),
        (kinds.UNIT, "人们", "unit.unknown"),
        (dates.DATE, "2023-02-30", "date.invalid"),
        (dates.PERIOD, "2024—2022年", "period.invalid"),
        (dates.PERIOD, "2023年13月", "period.invalid"),
        (kinds.AREAS, "some", "areas.invalid"),
        (kinds.AREAS, "[a, a]", "areas.duplicate"),
        (Choice(("新建", "续建")), "改建", "enum.invalid"),
        (Choice(("新建", "续建")), "[新建]", "enum.not-text"),
    ],
)
def test_wrong_values_are_reported_and_read_as_nothing(kind: Kind[Any], text: str, code: str) -> None:
    value, problems = read(kind, text)
    assert problems == [code]
    assert value is None or kind is kinds.AREAS  # a list of areas keeps the names that were right


INNER = Record("inner", "内层", (Field("a", kinds.COUNT, "甲", "", required=True),))


def test_records_and_lists_of_records_carry_where_they_were_written() -> None:
    values, problems = read(RecordOf(INNER), "{a: 1}")
    assert problems == [] and values["a"][0] == 1 and values[SOURCE_KEY][1].column == 4
    rows, problems = read(ListOf(INNER), "[{a: 1}, 2, {a: x}]")
    assert problems == ["type.mapping", "count.invalid"]
    assert [row[PATH_KEY][0] for row in rows] == ["v[1]", "v[3]"]
    assert read(ListOf(INNER), "{a: 1}")[1] == ["type.wrong"]


EVERY_KIND: list[Kind[Any]] = [
    kinds.TEXT,
    kinds.PARAGRAPHS,
    figures.VALUE,
    figures.MONEY,
    kinds.COUNT,
    dates.YEAR,
    kinds.BOOL,
    kinds.UNIT,
    dates.DATE,
    dates.PERIOD,
    kinds.AREAS,
    Choice(("甲", "乙")),
    RecordOf(INNER),
    ListOf(INNER),
]


@pytest.mark.parametrize("kind", EVERY_KIND, ids=lambda kind: kind.name)
def test_every_kind_gives_a_fresh_json_schema_fragment(kind: Kind[Any]) -> None:
    schema = kind.json_schema()
    assert schema and set(schema) <= {"type", "anyOf", "enum", "minimum", "maximum", "items", "title",
                                      "properties", "required", "additionalProperties", "pattern"}  # fmt: skip
    schema["description"] = "changed"
    assert "description" not in kind.json_schema(), "a field adds its description to a copy"


def test_json_schema_fragments_say_what_the_kind_reads() -> None:
    assert kinds.COUNT.json_schema() == {"type": "integer", "minimum": 0}
    year = dates.YEAR.json_schema()["anyOf"]
    assert year[0] == {"type": "integer", "minimum": 1949, "maximum": 2200}
    assert re.search(year[1]["pattern"], "2023年") and not re.search(year[1]["pattern"], "2201")
    assert Choice(("新建", "续建")).json_schema()["anyOf"][0] == {"enum": ["新建", "续建"]}
    money = figures.MONEY.json_schema()["pattern"]
    assert re.search(money, "1.5亿元") and not re.search(money, "一亿元")
    assert not re.search(money, "100人") and not re.search(money, "增长5%") and not re.search(money, "-5万元")
    assert ListOf(INNER).json_schema()["items"]["required"] == ["a"]


def test_kind_names_are_what_tools_tell_them_apart_by() -> None:
    """office/ chooses how to read a spreadsheet cell by these names."""
    assert [kind.name for kind in EVERY_KIND] == [
        "text",
        "paragraphs",
        "value",
        "money",
        "count",
        "year",
        "bool",
        "unit",
        "date",
        "period",
        "areas",
        "enum",
        "record",
        "records",
    ]
