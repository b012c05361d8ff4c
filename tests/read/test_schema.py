"""read/schema.py: the records of packet.yaml and the area files, and the JSON Schema published from them."""

from __future__ import annotations

import json

import pytest

from briefing.cli import main
from briefing.read.json_patterns import optional
from briefing.read.kinds import ListOf, RecordOf
from briefing.read.schema import AREA, PACKET, PROJECT, RECORDS, json_schema


def test_schema_command_prints_a_json_schema_for_each_file_kind(capsys):  # type: ignore[no-untyped-def]
    for kind, record in (("area", AREA), ("packet", PACKET)):
        assert main(["schema", kind]) == 0
        schema = json.loads(capsys.readouterr().out)
        assert schema == json_schema(kind)
        assert set(schema["properties"]) == set(record.keys)
        assert schema["additionalProperties"] is False
        assert all(schema["properties"][key]["description"] for key in record.keys)


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_the_schema_is_the_records_own_declaration(kind: str) -> None:
    """Each property comes from its field: the kind's fragment, the label and doc, the example."""
    record = RECORDS[kind]
    schema = json_schema(kind)
    assert schema["$schema"].endswith("/2020-12/schema") and schema["$id"].endswith(f"/{kind}.json")
    assert schema["title"] == record.label
    assert schema["required"] == [field.key for field in record.fields if field.required]
    for field in record.fields:
        published = schema["properties"][field.key]
        assert published["description"] == f"{field.label}：{field.doc}"
        assert published.get("examples") == ([field.example] if field.example is not None else None)
        fragment = {key: value for key, value in published.items() if key not in ("description", "examples")}
        # An optional field may be left empty, as the reader takes null and spaces; a required one not.
        expected = field.kind.json_schema() if field.required else optional(field.kind.json_schema())
        assert fragment == expected, field.key


def test_nested_records_are_published_whole() -> None:
    projects = json_schema("area")["properties"]["projects"]["anyOf"][0]
    assert projects["type"] == "array" and projects["items"]["title"] == PROJECT.label
    kind = projects["items"]["properties"]["kind"]["anyOf"][0]
    assert kind["anyOf"][0]["enum"] == ["新建", "续建", "未明确"]
    declared = json_schema("packet")["properties"]["declared"]["anyOf"][0]
    assert declared["required"] == ["complete"] and declared["additionalProperties"] is False


def test_every_nested_record_field_names_its_record() -> None:
    nested = [
        field
        for record in RECORDS.values()
        for field in record.fields
        if field.kind.name.startswith("record")
    ]
    assert {field.key for field in nested} == {
        "targets",
        "projects",
        "last_year_completion",
        "declared",
        "secrecy",
    }
    assert all(isinstance(field.kind, (RecordOf, ListOf)) for field in nested)
