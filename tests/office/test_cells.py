"""cells: one cell's text checked as `briefing validate` checks the same text in a YAML file."""

from __future__ import annotations

from briefing.errors import Source
from briefing.office.cells import check_cell, with_unit
from briefing.office.grid import Cell
from briefing.read.schema import AREA, DECLARED, INDICATOR

WHERE = Source("t.xlsx:表!C3")


def test_each_kind_of_field_is_read_as_validate_reads_it() -> None:
    target = INDICATOR.field("target")
    count = DECLARED.field("count")
    complete = DECLARED.field("complete")
    summary = AREA.field("summary")
    assert target and count and complete and summary
    assert check_cell(target, "2000人", WHERE, "targets.target") == ("2000人", None)
    assert check_cell(count, "3个", WHERE, "count") == (3, None)
    assert check_cell(complete, "是", WHERE, "complete") == (True, None)
    assert check_cell(summary, "一段。\n\n二段。", WHERE, "summary") == (("一段。", "二段。"), None)
    assert check_cell(target, "与2022年持平", WHERE, "targets.target", words=True) == (
        {"text": "与2022年持平"},
        None,
    )
    value, problem = check_cell(complete, "也许", WHERE, "complete")
    assert value is None and problem is not None and problem.code == "bool.invalid"
    value, problem = check_cell(target, "2000-3000人", WHERE, "targets.target")
    assert problem is not None and problem.source == WHERE


def test_a_bare_number_takes_the_unit_a_value_or_money_column_gives() -> None:
    target = INDICATOR.field("target")
    name = INDICATOR.field("name")
    assert target and name
    assert with_unit(Cell("1,500.5", "C3"), target, "万元") == "1,500.5万元"
    assert with_unit(Cell("1500人", "C3"), target, "万元") == "1500人"
    assert with_unit(Cell("12", "B3"), name, "万元") == "12"
