"""ods_facts: each sheet's extent streamed from an .ods's content.xml, repeats counted, never written out."""

from __future__ import annotations

from pathlib import Path

from briefing.office.ods_facts import ods_extents
from office.other_formats import ods_cell, write_ods_xml


def test_repeated_rows_and_cells_count_without_being_expanded(tmp_path: Path) -> None:
    rows = (
        f"<table:table-row>{ods_cell('指标名称')}{ods_cell(None)}{ods_cell(2)}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1000"><table:table-cell/></table:table-row>'
        '<table:table-row table:number-rows-repeated="3">'
        '<table:table-cell table:number-columns-repeated="5" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    write_ods_xml(
        tmp_path / "t.ods", f'<table:table table:name="甲">{rows}</table:table><table:table table:name="乙"/>'
    )
    extents = ods_extents(tmp_path / "t.ods")
    # Trailing empty rows and cells (LibreOffice writes them to the sheet's end) do not count.
    assert [(e.name, e.rows, e.columns, e.cells) for e in extents] == [("甲", 1004, 5, 17), ("乙", 0, 0, 0)]


def test_a_table_inside_a_cell_does_not_reset_the_rows_of_its_sheet(tmp_path: Path) -> None:
    inner = (
        '<table:table table:name="内"><table:table-row>' + ods_cell("y") + "</table:table-row></table:table>"
    )
    rows = (
        '<table:table-row table:number-rows-repeated="30000">' + ods_cell("x") + "</table:table-row>"
        f'<table:table-row><table:table-cell office:value-type="string">{inner}</table:table-cell></table:table-row>'
        '<table:table-row table:number-rows-repeated="10">' + ods_cell("x") + "</table:table-row>"
    )
    write_ods_xml(tmp_path / "t.ods", f'<table:table table:name="甲">{rows}</table:table>')
    assert [(e.name, e.rows) for e in ods_extents(tmp_path / "t.ods")] == [("甲", 30011), ("内", 1)]
