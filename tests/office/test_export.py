"""export: a packet as one workbook in import's columns, every cell coming back."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from briefing.office.export import export_packet, numeral
from office.samples import SAMPLE


def test_every_exported_cell_comes_back_exactly(tmp_path: Path) -> None:
    first = export_packet(SAMPLE, tmp_path / "a.xlsx")
    assert run_cli("import", str(tmp_path / "a.xlsx"), "-o", str(tmp_path / "p")).status == 0
    second = export_packet(tmp_path / "p", tmp_path / "b.xlsx")
    assert len(first.cells) > 400
    assert second.cells == first.cells  # 100 % of the sample's cells round-trip


def test_export_refuses_an_invalid_packet_with_located_issues(tmp_path: Path, starter: Path) -> None:
    area = next((starter / "areas").glob("*.yaml"))
    area.write_text(
        area.read_text(encoding="utf-8").replace("target: 2000人", "target: 2000"), encoding="utf-8"
    )
    result = run_cli("export", str(starter), "-o", str(tmp_path / "t.xlsx"))
    assert result.status == 1
    assert "areas/01-示例工作.yaml:" in result.err and "target" in result.err
    assert not (tmp_path / "t.xlsx").exists()
    assert run_cli("export", str(starter), "-o", str(tmp_path / "t.pdf")).status == 2


def test_area_numerals() -> None:
    assert [numeral(n) for n in (1, 9, 10, 11, 19, 20, 25, 99, 100)] == [
        "一",
        "九",
        "十",
        "十一",
        "十九",
        "二十",
        "二十五",
        "九十九",
        "100",
    ]


def test_the_workbook_has_import_s_columns_merged_headings_and_marked_words(tmp_path: Path) -> None:
    import openpyxl

    result = export_packet(SAMPLE, tmp_path / "t.xlsx")
    assert (result.targets, result.projects) == (52, 50)
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["目标指标", "重点项目", "工作领域", "材料信息"]
    targets = book["目标指标"]
    assert [cell.value for cell in targets[2]] == [
        "序号",
        "指标名称",
        "计量单位",
        "2022年完成",
        "2023年目标",
        "牵头单位",
        "备注",
    ]
    assert "A3:G3" in {str(merged) for merged in targets.merged_cells.ranges}
    assert str(targets["A3"].value).startswith("一、")
    marked = [cell for row in targets.iter_rows() for cell in row if cell.comment is not None]
    assert [(cell.value, cell.comment.text.split("：")[0]) for cell in marked] == [
        ("1000亩年度造林任务超额完成", "briefing:文字")
    ]
    assert ("材料信息", "B2", "东昌区2023年重点工作汇报材料") in result.cells
