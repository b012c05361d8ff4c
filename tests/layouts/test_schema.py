"""layouts/schema.py: the records of layout.yaml, each field a kind that reads it and describes it."""

from __future__ import annotations

from briefing.layouts.schema import BLOCKS, LAYOUT, TEXT_KEYS
from briefing.read.kinds import RecordOf


def test_every_field_of_layout_yaml_publishes_a_schema() -> None:
    schema = LAYOUT.json_schema()
    assert list(schema["properties"]) == list(LAYOUT.keys)
    assert schema["required"] == [field.key for field in LAYOUT.fields if field.required]
    assert all(prop["description"] for prop in schema["properties"].values())
    assert schema["properties"]["blocks"]["items"]["enum"] == list(BLOCKS)
    assert schema["properties"]["texts"]["required"] == list(TEXT_KEYS)
    assert schema["properties"]["page"]["properties"]["top"]["anyOf"][0] == {"type": "number"}


def test_nested_sections_are_records_of_their_own() -> None:
    nested = {field.key: field.kind for field in LAYOUT.fields if isinstance(field.kind, RecordOf)}
    assert set(nested) == {
        "page",
        "grid",
        "page_number",
        "table",
        "typography",
        "targets_table",
        "projects_table",
        "grand_total_table",
        "completion_table",
        "word",
    }
    assert nested["page"].record.field("size").kind.name == "paper"  # type: ignore[attr-defined, union-attr]
