"""headers: which rows are a table's header (units included) and which are area headings."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from conftest import run_cli


def test_units_from_the_header_apply_to_bare_numbers_only(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "扩大内需"
    sheet.append(("项目名称", "建设性质", "总投资（亿元）", "年度计划投资（万元）"))
    sheet.append(("甲项目", "新建", 1.5, "6600万元"))
    sheet.append(("乙项目", "续建", "8000万元", 300))
    book.save(tmp_path / "p.xlsx")
    assert run_cli("import", str(tmp_path / "p.xlsx"), "-o", str(tmp_path / "out")).status == 1
    area = (tmp_path / "out" / "areas" / "01-扩大内需.yaml").read_text(encoding="utf-8")
    assert "total_investment: 1.5亿元\n    annual_investment: 6600万元" in area
    assert "total_investment: 8000万元\n    annual_investment: 300万元" in area


def test_units_row_and_sheet_starting_away_from_a1(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "产业升级"
    sheet["C3"] = "项目名称"
    sheet["D3"] = "建设性质"
    sheet["E3"] = "总投资"
    sheet["E4"] = "单位：亿元"
    sheet["C5"] = "甲项目"
    sheet["D5"] = "新建"
    sheet["E5"] = 2.5
    book.save(tmp_path / "t.xlsx")
    run_cli("import", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "p"))
    area = (tmp_path / "p" / "areas" / "01-产业升级.yaml").read_text(encoding="utf-8")
    assert "  - name: 甲项目\n    kind: 新建\n    total_investment: 2.5亿元" in area
