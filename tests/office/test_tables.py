"""tables: rows of grids read into areas, targets and projects."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from briefing.office.columns import Mapping
from briefing.office.tables import Imported, read_grid
from briefing.pipeline import load_and_validate
from office.samples import fill_in_what_tables_lack, grid_of, no_words, sample_areas, wps_workbook


def test_wps_style_workbook_one_sheet_per_area(tmp_path: Path) -> None:
    areas = sample_areas()
    no_words(areas)
    book = tmp_path / "wps.xlsx"
    wps_workbook(book, areas)
    folder = tmp_path / "p"
    result = run_cli("import", str(book), "-o", str(folder))
    assert result.status == 1
    names = sorted(path.name for path in (folder / "areas").glob("*.yaml"))
    listed = [area for area in areas if area.targets or area.projects]
    assert names == [f"{i:02d}-{area.short}.yaml" for i, area in enumerate(listed, start=1)]
    fill_in_what_tables_lack(folder)
    packet = load_and_validate(folder)
    assert [area.title for area in packet.areas] == [area.short for area in listed]
    assert sum(len(area.targets) for area in packet.areas) == 52
    assert sum(len(area.projects) for area in packet.areas) == 50


def test_rows_go_to_the_heading_above_or_to_their_own_area_column() -> None:
    grid = grid_of(
        [
            ["序号", "指标名称", "单位", "2023年目标", "工作领域"],
            ["一、扩大内需", "", "", "", ""],
            ["1", "城镇新增就业", "人", "2000", ""],
            ["2", "造林", "亩", "500亩以上", "生态环境"],
            ["", "合计", "", "", ""],
        ],
        merges=((1, 0, 1, 4),),
    )
    imported = Imported()
    read_grid(grid, Mapping(), imported)
    assert [area.title for area in imported.areas] == ["扩大内需", "生态环境"]
    first, total = imported.areas[0].targets
    assert [(f.key, f.value, str(f.where)) for f in first.found] == [
        ("name", "城镇新增就业", "t.xlsx:扩大内需!B3"),
        ("unit", "人", "t.xlsx:扩大内需!C3"),
        ("target", "2000人", "t.xlsx:扩大内需!D3"),  # the bare number takes the row's unit
    ]
    assert total.dropped is not None and total.dropped.code == "import.total-row"
    assert [row.name for row in imported.areas[1].targets] == ["造林"]
    assert imported.years == {2023: grid.where("D1")}
    assert imported.rows_read == 3


def test_rows_under_no_heading_go_to_the_sheet_and_a_generic_sheet_name_is_reported() -> None:
    rows = [["指标名称", "2023年目标"], ["就业", "2000人"]]
    named = Imported()
    read_grid(grid_of(rows, name="稳就业"), Mapping(), named)
    assert [area.title for area in named.areas] == ["稳就业"] and not named.issues
    generic = Imported()
    read_grid(grid_of(rows, name="Sheet1"), Mapping(), generic)
    assert [(str(i.source), i.code) for i in generic.issues] == [("t.xlsx:Sheet1!A2", "import.no-area")]
    ignored = Imported()
    read_grid(grid_of(rows, name="Sheet1"), Mapping(sheets={"Sheet1": "ignore"}), ignored)
    assert not ignored.areas


def test_a_packet_sheet_fills_packet_fields_checked_as_validate_does() -> None:
    imported = Imported()
    read_grid(
        grid_of([["材料标题", "东昌区材料"], ["工作年度", "二〇二三"], ["会议名称", "—"]], name="材料信息"),
        Mapping(),
        imported,
    )
    assert [(f.key, f.value) for f in imported.packet] == [("title", "东昌区材料")]
    assert [(left.key, str(left.where)) for left in imported.packet_left] == [("year", "t.xlsx:材料信息!B2")]
