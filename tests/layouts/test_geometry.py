"""layouts/geometry.py: every length of a layout in a range that keeps the text on the paper."""

from __future__ import annotations

from briefing.errors import Source
from briefing.layouts.geometry import check_margins, check_table, in_range
from briefing.model.layout import PageSpec
from briefing.model.lengths import Em
from briefing.read.reader import Reader

PAGE = PageSpec(width=595.0, height=842.0, top=100.0, bottom=100.0, inner=80.0, outer=80.0, mirror=False)
HERE = Source("layout.yaml", 3, 8)


def test_a_value_out_of_range_is_quoted_as_it_was_written() -> None:
    reader = Reader()
    reader.written[HERE] = "-37mm"
    assert in_range(reader, HERE, "page.top", "天头", -104.9, (0, 842.0), above=True) is False
    assert reader.issues[0].params == {"label": "天头", "text": "-37mm", "high": "842pt"}
    assert in_range(reader, HERE, "x", "x", 5.0, (0, 10.0)) and in_range(
        reader, HERE, "x", "x", 0.0, (0, 10.0)
    )
    assert not in_range(reader, HERE, "x", "x", 0.0, (0, 10.0), above=True)
    assert reader.issues[-1].params["text"] == "-37mm"  # what was written there, not the points


def test_margins_in_characters_or_past_the_paper_are_refused() -> None:
    reader = Reader()
    values = {"top": (Em(2), HERE), "bottom": (900.0, HERE), "inner": (80.0, HERE)}
    assert check_margins(reader, values, PAGE) is False
    assert [found.code for found in reader.issues] == ["layout.length-unit", "layout.length-positive"]
    assert check_margins(Reader(), {key: (50.0, HERE) for key in ("top", "bottom", "inner", "outer")}, PAGE)


def test_table_rules_and_padding() -> None:
    reader = Reader()
    check_table(reader, {"grid_width": (0.0, HERE), "frame_width": (Em(1), HERE), "padding": (31.0, HERE)})
    assert [(found.field, found.code) for found in reader.issues] == [
        ("table.grid_width", "layout.length-positive"),
        ("table.frame_width", "layout.length"),
        ("table.padding", "layout.length-range"),
    ]
