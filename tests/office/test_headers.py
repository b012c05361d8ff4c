"""headers: which rows are a table's header (units included) and which are area headings."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from conftest import run_cli

from briefing.office.columns import PROJECTS, TARGETS, Mapping
from briefing.office.headers import area_heading, find_header, heading_title
from office.samples import grid_of


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


def test_a_two_row_header_with_a_group_and_a_units_row_is_found_whole() -> None:
    grid = grid_of(
        [
            ["项目名称", "建设性质", "投资情况", ""],
            ["", "", "总投资", "2023年计划投资"],
            ["", "", "（亿元）", "单位：万元"],
            ["甲", "新建", "1.5", "300"],
        ],
        merges=((0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3)),
    )
    header = find_header(grid, 0, Mapping())
    assert header is not None
    assert (header.kind, header.height) == (PROJECTS, 3)
    assert header.fields == {0: "name", 1: "kind", 2: "total_investment", 3: "annual_investment"}
    assert header.headers[2] == "投资情况/总投资"
    assert header.units == {2: "亿元", 3: "万元"}
    assert find_header(grid, 3, Mapping()) is None


def test_the_target_column_gives_the_year_and_an_unknown_column_is_unmapped() -> None:
    grid = grid_of([["指标名称", "单位", "2023年目标", "完成时限"]])
    header = find_header(grid, 0, Mapping())
    assert header is not None and header.kind == TARGETS
    assert (header.year, header.year_ref) == (2023, "C1")
    assert header.unmapped == {3: "完成时限"}
    mapped = find_header(grid, 0, Mapping(columns={"完成时限": "ignore"}))
    assert mapped is not None and mapped.fields[3] == "ignore" and not mapped.unmapped


def test_area_headings_numbered_merged_or_in_the_numbering_column() -> None:
    header = find_header(grid_of([["序号", "指标名称", "2023年目标"]]), 0, Mapping())
    assert header is not None
    merged = grid_of([["二、稳增长", "", ""]], merges=((0, 0, 0, 2),))
    assert area_heading(merged.rows[0], None) == "二、稳增长"
    assert heading_title("二、稳增长：") == "稳增长"
    spread = grid_of([["乡村振兴", "", ""]], merges=((0, 0, 0, 2),))
    assert area_heading(spread.rows[0], header) == "乡村振兴"
    assert area_heading(spread.rows[0], None) == ""  # a merged title above any header is no heading
    assert area_heading(grid_of([["三", "优化营商环境", ""]]).rows[0], header) == "优化营商环境"
    assert area_heading(grid_of([["3", "就业", "2000人"]]).rows[0], header) == ""
