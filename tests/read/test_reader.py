"""read/reader.py: records read key by key, each problem an Issue at its key or value; fields and records."""

from __future__ import annotations

from typing import Any

import pytest

from briefing.errors import Source
from briefing.read.json_patterns import EMPTY
from briefing.read.kinds import COUNT, TEXT, Choice, RecordOf
from briefing.read.reader import (
    Field,
    Reader,
    Record,
    is_empty,
    kind_name,
    source_of,
    value_of,
)
from briefing.read.yaml_nodes import Node, parse_text

INNER = Record("inner", "内层", (Field("level", Choice(("低", "高")), "级别", "低 或 高。", required=True),))
THING = Record(
    "thing",
    "事物",
    (
        Field("name", TEXT, "名称", "事物的名称。", required=True, example="甲"),
        Field("count", COUNT, "个数", "多少个。", example=3),
        Field("inner", RecordOf(INNER), "内层", "嵌套的记录。"),
        Field("flag", TEXT, "标志", "可省略。", required=True),
    ),
)


def node(text: str) -> Node:
    root, issues = parse_text(text, "t.yaml")
    assert root is not None and not issues, issues
    return root


def read(text: str, record: Record = THING) -> tuple[dict[str, Any] | None, list[str]]:
    reader = Reader()
    values = reader.record(node(text), record, "")
    return values, [found.render("zh") for found in reader.issues]


def test_values_are_read_by_their_kind_with_where_they_were_written() -> None:
    values, problems = read("name: 甲\ncount: 3\nflag: x\ninner: {level: 高}\n")
    assert problems == []
    assert values is not None
    assert value_of(values, "name") == "甲" and value_of(values, "count") == 3
    assert source_of(values, "count", Source("t.yaml")) == Source("t.yaml", 2, 8)
    assert value_of(values, "inner")["level"] == ("高", Source("t.yaml", 4, 16))
    assert value_of(values, "missing", "default") == "default" and value_of(None, "name") is None
    assert source_of(values, "missing", Source("t.yaml", 9)) == Source("t.yaml", 9)


def test_a_value_that_is_not_a_mapping_is_named_by_its_kind() -> None:
    values, problems = read("- a\n- b\n")
    assert values is None
    assert problems == ["t.yaml:1:1: thing: 事物应是“键: 值”形式的映射，这里是列表"]


def test_an_unknown_key_suggests_the_field_it_was_probably_meant_to_be() -> None:
    values, problems = read("nmae: 甲\nflag: x\n名称: 乙\n")
    assert problems == [
        "t.yaml:1:1: nmae: 未知字段“nmae”；是不是“name”？",
        "t.yaml:3:1: 名称: 未知字段“名称”；是不是“name”？",
    ], "and name is not also called missing"
    assert values == {"flag": ("x", Source("t.yaml", 2, 7))}


def test_missing_required_fields_point_at_the_mapping_or_at_the_empty_key() -> None:
    _, problems = read("count: 1\nflag:\n")
    assert problems == [
        "t.yaml:1:1: name: 缺少必填字段（名称）；请添加，例如 name: 甲",
        "t.yaml:2:1: flag: 缺少必填字段（标志）；请添加，例如 flag: …",
    ]


@pytest.mark.parametrize("blank", ['"\u3000"', '"  "', '"\\t"', "''", "~"])
def test_a_required_field_of_spaces_only_is_missing(blank: str) -> None:
    """The reader drops a value that is only spaces (U+3000 included) as empty; a required field so
    written is missing, reported at its key, not skipped as though something else had reported it."""
    values, problems = read(f"name: {blank}\nflag: x\n")
    assert values is not None and "name" not in values
    assert problems == ["t.yaml:1:1: name: 缺少必填字段（名称）；请添加，例如 name: 甲"]


def test_a_required_field_present_but_wrong_is_reported_once() -> None:
    _, problems = read("name: [a]\nflag: x\ninner: {level: 中}\n")
    assert problems == [
        "t.yaml:1:7: name: 名称应为文字，这里是列表",
        "t.yaml:3:16: inner.level: 级别“中”不是允许的值；应为：低、高",
    ]


def test_a_control_character_written_as_an_escape_is_refused() -> None:
    values, problems = read('name: "甲\\a"\nflag: x\n')
    assert values is not None and "name" not in values
    assert problems == ["t.yaml:1:7: name: 名称里有不可见的控制字符 U+0007（来自双引号里的转义）；请删去"]


def test_named_records_read_each_entry_against_the_record() -> None:
    reader = Reader()
    found = reader.named_records(node("a: {level: 低}\nb: {level: 中}\nc: 1\n"), INNER, "levels")
    assert sorted(found) == ["a", "b"]
    assert [issue.field for issue in reader.issues] == ["levels.b.level", "levels.c"]
    assert reader.named_records(None, INNER, "levels") == {}
    reader.named_records(node("- x\n"), INNER, "levels")
    assert reader.issues[-1].code == "type.mapping"


def test_kind_names_and_empty_values() -> None:
    root = node("a: {x: 1}\nb: [1]\nc: ~\nd: true\ne: 1.5\nf: 文字\ng: '\u3000'\n")
    assert [kind_name(value) for _, value in root.entries.values()] == [  # type: ignore[union-attr]
        "mapping",
        "list",
        "null",
        "bool",
        "number",
        "text",
        "text",
    ]
    assert [is_empty(value) for _, value in root.entries.values()] == [  # type: ignore[union-attr]
        False,
        False,
        True,
        False,
        False,
        False,
        True,
    ]


def test_a_field_as_a_user_would_write_it() -> None:
    assert THING.field("name").example_line() == "name: 甲"  # type: ignore[union-attr]
    assert THING.field("flag").example_line() == "flag: …"  # type: ignore[union-attr]
    assert Field("complete", COUNT, "完整", "", example=False).example_line() == "complete: false"


def test_a_record_publishes_its_fields_as_json_schema() -> None:
    schema = THING.json_schema()
    assert schema["title"] == "事物" and schema["additionalProperties"] is False
    assert list(schema["properties"]) == ["name", "count", "inner", "flag"]
    assert schema["required"] == ["name", "flag"]
    assert schema["properties"]["name"] == {
        **TEXT.json_schema(),
        "description": "名称：事物的名称。",
        "examples": ["甲"],
    }
    # An optional field may also be left empty (null, or spaces only), as the reader takes it.
    count = schema["properties"]["count"]
    assert count["anyOf"][0] == {"type": "integer", "minimum": 0}
    assert count["anyOf"][1:] == EMPTY
    level = schema["properties"]["inner"]["anyOf"][0]["properties"]["level"]
    assert level["anyOf"][0]["enum"] == ["低", "高"]  # required: not empty
