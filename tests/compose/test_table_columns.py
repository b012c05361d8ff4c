"""compose/table_columns.py: which columns a table prints, and its numbers grouped or not."""

from __future__ import annotations

from briefing.compose.table_columns import grouped, shown_columns, written
from briefing.errors import Source
from briefing.model.plan import Cell, Origin, Row

HERE = Origin(Source("a.yaml", 1, 1), "projects")


def row(*texts: str, role: str = "body", number: tuple[int, ...] = ()) -> Row:
    return Row(
        tuple(Cell(t, HERE, "num" if i in number else "td", "left") for i, t in enumerate(texts)), role
    )


def test_a_column_empty_in_every_row_is_left_out_only_when_asked() -> None:
    rows = [row("1", "甲", "—", "—"), row("2", "乙", "—", "5"), row("", "合计", "", "5", role="total")]
    assert shown_columns(rows, "—", drop_empty=False) == (0, 1, 2, 3)
    assert shown_columns(rows, "—", drop_empty=True) == (0, 1, 3)


def test_a_figure_in_a_sum_row_keeps_its_column() -> None:
    # The areas gave no total, the report declared one: the column stays.
    rows = [row("1", "甲", "—"), row("", "报告申报", "140000", role="declared")]
    assert shown_columns(rows, "—", drop_empty=True) == (0, 1, 2)


def test_a_table_whose_every_column_is_empty_keeps_them() -> None:
    assert shown_columns([row("—", "—")], "—", drop_empty=True) == (0, 1)


def test_numbers_are_grouped_in_threes_from_five_digits() -> None:
    assert [grouped(t) for t in ("12345", "2000", "1234567.25", "-98765", "增长6%", "1.5")] == [
        "12,345",
        "2000",
        "1,234,567.25",
        "-98,765",
        "增长6%",
        "1.5",
    ]


def test_written_rows_group_the_number_columns_sums_included() -> None:
    rows = [row("1", "甲", "12345", number=(2,)), row("", "合计", "99999", role="total")]
    out = written(rows, (0, 1, 2), "num", grouping=True)
    assert [r.cells[2].text for r in out] == ["12,345", "99,999"]
    assert written(rows, (0, 2), "num", grouping=False)[0].cells == (rows[0].cells[0], rows[0].cells[2])
