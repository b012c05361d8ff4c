"""xlsx_facts: what the XML of an .xlsx says before calamine reads it: extent, percent formats, marks."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from conftest import run_cli
from guards import hang_guard

from briefing.office.xlsx_facts import SheetFacts, xlsx_facts


def test_sparse_sheet_reaching_the_last_row_is_refused_located(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "扩大内需"
    sheet.append(("指标名称", "单位", "2023年目标"))
    sheet.append(("城镇新增就业", "人", "2000人"))
    sheet["XFD1048576"] = "远处"
    book.save(tmp_path / "t.xlsx")
    with hang_guard(60, "the import of a sparse sheet"):  # a hang guard, not a speed budget
        result = run_cli("import", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "p"))
    assert result.status == 1
    assert "t.xlsx:扩大内需: 工作表超过 20000 行，未读取；请删去多余的行，只保留表格部分" in result.err


def test_percent_formatted_cell_reads_as_shown(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "扩大内需"
    sheet.append(("指标名称", "单位", "2023年目标"))
    sheet.append(("城镇调查失业率", "%", 0.055))
    sheet["C2"].number_format = "0.0%"
    book.save(tmp_path / "t.xlsx")
    run_cli("import", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "out"))
    area = (tmp_path / "out" / "areas" / "01-扩大内需.yaml").read_text(encoding="utf-8")
    assert "target: 5.5%" in area


def test_facts_give_the_true_extent_percent_cells_and_marked_words(tmp_path: Path) -> None:
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "目标指标"
    sheet["A1"] = "指标名称"
    sheet["C2"] = 0.08
    sheet["C2"].number_format = "0%"
    sheet["D3"] = "与2022年持平"
    sheet["D3"].comment = Comment("briefing:文字：含数字的文字", "briefing")
    sheet["E9"].number_format = "0.00%"  # styled, empty: still part of the sheet's extent
    book.create_sheet("空")
    book.save(tmp_path / "t.xlsx")
    facts = xlsx_facts(tmp_path / "t.xlsx")
    assert facts["目标指标"] == SheetFacts(rows=9, columns=5, percent={"C2", "E9"}, words={"D3"})
    assert facts["空"] == SheetFacts()
