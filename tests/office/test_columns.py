"""columns: header names to fields, and the mapping file."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from conftest import run_cli

from briefing.office.columns import (
    PROJECTS,
    TARGETS,
    Header,
    all_names,
    field_for,
    known_fields,
    read_header,
    unit_cell,
)
from briefing.pipeline import load_and_validate
from office.samples import small_book


def test_mapping_file_maps_a_column_names_a_sheet_and_fills_the_packet(tmp_path: Path) -> None:
    book = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "Sheet1"
    sheet.append(("指标名称", "单位", "目标数", "完成时限"))
    sheet.append(("城镇新增就业", "人", "2000人", "2023年12月"))
    areas = wb.create_sheet("领域")
    areas.append(("工作领域", "牵头单位", "工作安排"))
    areas.append(("稳定就业", "区人社局", "稳就业。"))
    wb.save(book)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "columns:\n  目标数: target\n  完成时限: ignore\nsheets:\n  Sheet1: 稳定就业\n"
        "packet:\n  title: 测试材料\n  meeting: 常务会议\n  issuer: 区政府办公室\n  date: 2023-01-10\n"
        "  year: 2023\n",
        encoding="utf-8",
    )
    result = run_cli("import", str(book), "-o", str(tmp_path / "p"), "--mapping", str(mapping))
    assert result.status == 0, result.err
    packet = load_and_validate(tmp_path / "p")
    assert packet.areas[0].title == "稳定就业"
    assert packet.areas[0].lead_unit == "区人社局"
    assert str(packet.areas[0].targets[0].target) == "2000人"


def test_mapping_file_errors_are_located(tmp_path: Path) -> None:
    book = tmp_path / "t.xlsx"
    small_book(book, [(1, "城镇新增就业", "人", "", "2000人", "")])
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  完成时限: deadline\ncolumn: {}\n", encoding="utf-8")
    result = run_cli("import", str(book), "-o", str(tmp_path / "p"), "--mapping", str(mapping))
    assert result.status == 1
    assert "mapping.yaml:2:9: columns.完成时限: “deadline”不是字段名；可写：" in result.err
    assert "mapping.yaml:3:1: column: 映射文件中不认识“column”；可写：columns、sheets、packet" in result.err
    assert not (tmp_path / "p").exists()


def test_headers_are_read_with_their_unit_and_year() -> None:
    assert read_header("总投资（亿元）") == Header("总投资", "亿元")
    assert read_header(" 2023 年\u3000目标：") == Header("{年}目标", "", 2023)
    assert read_header("年度计划投资(单位：万元)") == Header("年度计划投资", "万元")
    assert field_for(TARGETS, read_header("2023年预期目标"), {}) == "target"
    assert field_for(PROJECTS, read_header("2023年预期目标"), {}) is None
    assert field_for(TARGETS, read_header("目标数"), {"目标数": "target"}) == "target"
    assert unit_cell("（万元）") == "万元" and unit_cell("单位：亿元") == "亿元" and unit_cell("％") == "%"
    assert unit_cell("备注") == "" and unit_cell("（2023年）") == ""


def test_every_mapping_field_is_a_field_of_a_table() -> None:
    fields = known_fields()
    assert fields[-1] == "ignore"
    assert {"name", "target", "total_investment", "declared.count", "summary"} <= set(fields)
    assert "指标名称" in all_names() and "序号" in all_names()
