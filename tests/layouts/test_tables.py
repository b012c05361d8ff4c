"""layouts/tables.py: a table's caption and columns, each column a known field with a width that fits."""

from __future__ import annotations

from briefing.errors import Source
from briefing.layouts.tables import MAX_SHARE, column_width, table_kind
from briefing.model.lengths import Em
from briefing.read.kinds import RecordOf
from briefing.read.reader import Field, Reader, Record
from briefing.read.yaml_nodes import parse_text

HERE = Source("layout.yaml", 9, 12)
ROOM = (440.0, 640.0)


def test_widths_in_characters_or_shares() -> None:
    reader = Reader()
    assert column_width(reader, "2字", HERE, "c", (None, ROOM)) == Em(2)
    assert column_width(reader, "*", HERE, "c", (None, ROOM)) == "*"
    assert column_width(reader, "3*", HERE, "c", (None, ROOM)) == "3*"
    assert not reader.issues and reader.written[HERE] == "3*"


def test_widths_that_cannot_be() -> None:
    reader = Reader()
    for text in ("2cm", "x字", "nan*", "0字", f"{MAX_SHARE + 1:g}*"):
        assert column_width(reader, text, HERE, "c", (None, ROOM)) is None
    assert [found.code for found in reader.issues] == ["layout.column-width"] * 3 + [
        "layout.length-positive"
    ] * 2
    assert reader.issues[-1].params["high"] == "1000*"


def test_a_table_with_a_column_of_an_unknown_field() -> None:
    from briefing.layouts.schema import TABLE_KIND

    wrapper = Record("w", "w", (Field("t", RecordOf(TABLE_KIND), "表", ""),))
    text = "t:\n  caption: 表{{ table }}\n  columns:\n    - {field: name, label: 名称, width: 3*}\n    - {field: colour, label: 色, width: 2字}\n"
    root, _ = parse_text(text, "layout.yaml")
    reader = Reader()
    values = reader.record(root, wrapper, "")  # type: ignore[arg-type]
    kind = table_kind(reader, "targets", values["t"][0], None, ROOM)  # type: ignore[index]
    assert kind is not None and [column.field for column in kind.columns] == ["name"]
    assert kind.caption.name == "targets_table.caption" and kind.money_unit == "万元"
    assert [(found.field, found.code) for found in reader.issues] == [
        ("targets_table.columns[2].field", "enum.invalid")
    ]
