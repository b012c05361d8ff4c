"""writer: imported content as packet.yaml and area files, each line owned by the cell it came from."""

from __future__ import annotations

from briefing.errors import Source, issue
from briefing.office.tables import AreaIn, Found, Imported, LeftOut, Row
from briefing.office.writer import Owner, file_name, render

WHERE = Source("t.xlsx:表!B3")


def test_file_names_are_safe_short_and_unique() -> None:
    taken: set[str] = set()
    assert file_name(AreaIn("着力扩大内需，推动经济增长", WHERE), 1, taken) == "01-着力扩大内需.yaml"
    assert (
        file_name(AreaIn("着力扩大内需", WHERE, file="../a/b"), 2, taken) == "ab.yaml"
    )  # no folder, no hidden file
    assert (
        file_name(AreaIn("着力扩大内需", WHERE, file="01-着力扩大内需.yaml"), 3, taken)
        == "03-着力扩大内需.yaml"
    )


def test_rows_are_written_with_owners_and_left_out_cells_as_comments() -> None:
    row = Row("targets", WHERE, [Found("name", "城镇新增就业", WHERE, "指标名称", "城镇新增就业")])
    reason = issue(Source("t.xlsx:表!D3"), "", "import.column-unmapped", header="完成时限")
    row.left.append(LeftOut("完成时限", "12月", Source("t.xlsx:表!D3"), "完成时限", reason))
    imported = Imported(areas=[AreaIn("扩大内需", WHERE, targets=[row])])
    written = render(imported, "t.xlsx")
    area = written.files["areas/01-扩大内需.yaml"]
    lines = area.splitlines()
    number = lines.index("  - name: 城镇新增就业") + 1
    assert written.owners[("areas/01-扩大内需.yaml", number)] == Owner(0, "targets", 0, "name")
    assert lines[number].startswith(
        "    # 完成时限: 12月  # 未导入（t.xlsx:表!D3）：表头“完成时限”没有对应的字段"
    )
    assert "areas:\n  - 01-扩大内需.yaml\n" in written.files["packet.yaml"]
