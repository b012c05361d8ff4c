"""briefing import and export: department tables made from the sample, the round trip, and the report."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import run_cli

from briefing.pipeline import load_and_validate
from office.samples import (
    HOSTILE,
    SAMPLE,
    department_workbook,
    fill_in_what_tables_lack,
    no_words,
    plain,
    rows_of,
    sample_areas,
    sample_model,
    small_book,
)

# --- the round trip --------------------------------------------------------------------------------


def test_export_then_import_gives_the_same_model_field_by_field(tmp_path: Path) -> None:
    book = tmp_path / "表格.xlsx"
    result = run_cli("export", str(SAMPLE), "-o", str(book))
    assert result.status == 0, result.err
    assert result.out.strip() == f"已导出 52 项指标、50 个重点项目到 {book}"
    imported = run_cli("import", str(book), "-o", str(tmp_path / "p"))
    assert imported.status == 0, imported.err
    assert imported.err == ""
    assert imported.out.splitlines() == [
        f"已导入 8 个工作领域、52 项指标、50 个重点项目，写入 {tmp_path / 'p'}",
        "全部内容已导入，材料通过校验",
    ]
    assert plain(load_and_validate(tmp_path / "p")) == plain(sample_model())
    assert run_cli("validate", str(tmp_path / "p")).status == 0


# --- department tables ----------------------------------------------------------------------------


def test_department_workbook_merged_headers_units_row_headings_blank_rows(tmp_path: Path) -> None:
    areas = sample_areas()
    no_words(areas)
    book = tmp_path / "任务分解表.xlsx"
    department_workbook(book, areas)
    folder = tmp_path / "p"
    result = run_cli("import", str(book), "-o", str(folder))
    # The tables hold no title, meeting, issuer or date: the report asks for exactly those. An area's
    # lead unit and work plan may be left out (a report need not give them), so they are not asked for.
    assert result.status == 1
    lines = result.err.splitlines()
    # (Areas 07 and 08 have neither targets nor projects, so they are not in the tables.)
    assert lines[-1].startswith("以上 4 条：未导入的单元格已在工作领域文件的原处写成注释")
    assert lines[0] == (
        "packet.yaml:4:1: title: 缺少必填字段（材料标题）；请添加，例如 title: 2023年重点工作汇报材料"
    )
    assert not any("牵头单位" in line or "工作安排" in line for line in lines)
    assert sum("缺少必填字段" in line and line.startswith("packet.yaml") for line in lines) == 4
    fill_in_what_tables_lack(folder)
    packet = load_and_validate(folder)
    model = sample_model()
    expected_targets = rows_of(model, "targets")
    for row in expected_targets:
        if row["name"] == "造林":
            row.pop("last_year", None)
    assert [{k: v for k, v in row.items()} for row in rows_of(packet, "targets")] == expected_targets
    got = rows_of(packet, "projects")
    want = rows_of(model, "projects")
    assert [row["name"] for row in got] == [row["name"] for row in want]
    for mine, theirs in zip(got, want, strict=True):
        for key in ("total_investment", "annual_investment"):
            if key in theirs:
                assert Decimal(mine[key]["amount"]) * 1 == _wan(theirs[key])
                assert mine[key]["unit"] == "万元"
        assert {k: v for k, v in mine.items() if "investment" not in k} == {
            k: v for k, v in theirs.items() if "investment" not in k
        }
    assert packet.year == 2023  # from the header 2023年预期目标


def _wan(figure: dict) -> Decimal:  # type: ignore[type-arg]
    factor = {"亿元": 10000, "万元": 1}[figure["unit"]]
    return Decimal(figure["amount"]) * factor


# --- the report ------------------------------------------------------------------------------------


def test_cells_that_do_not_parse_are_reported_located_and_kept_as_comments(tmp_path: Path) -> None:
    book = tmp_path / "t.xlsx"
    small_book(
        book,
        [
            (1, "城镇新增就业", "人", "2000-3000人", "2000人", "2023年12月"),
            (2, "地方级财政收入", "%", "", "增长15.4%", ""),
            (3, "固定资产投资", "亿元", "增长6%", "8000人", ""),
            (4, "城镇新增就业", "人", "", "2100人", ""),
            (5, "合计", "", "", "", ""),
            (6, "城镇登记失业率", "%", "", "3-4%", ""),
        ],
    )
    folder = tmp_path / "p"
    result = run_cli("import", str(book), "-o", str(folder))
    assert result.status == 1
    err = result.err
    lines = err.splitlines()
    assert lines[:7] == [
        "t.xlsx:目标指标!F1: 完成时限: 表头“完成时限”没有对应的字段，这一列未导入；"
        "在映射文件的 columns 下写 完成时限: 字段名（或 ignore）",
        "t.xlsx:目标指标!D3: 2022年完成: 无法识别数值“2000-3000人”；应写成 2000人、1.5亿元、增长6%、2000人以上 "
        "这样的形式；若是含数字的文字性目标，请写成 {text: …}",
        # 亿元 indicator given 人: the whole-packet check finds it; the cell goes, the row stays (a target
        # may be not given).
        "t.xlsx:目标指标!E5: 2023年目标: “8000人”的单位“人”与本指标的单位“亿元”不符，也无法换算；请改用 亿元",
        "t.xlsx:目标指标!B6: 指标名称: 指标“城镇新增就业”重复（areas/01-扩大内需.yaml:8 已有）；请合并或改名",
        "t.xlsx:目标指标!B6: “城镇新增就业”这一行因上一条的问题未导入，整行已在工作领域文件中写成注释；改正后删去行首的“# ”",
        "t.xlsx:目标指标!B7: “合计”是合计行，未作为项目导入（合计由程序计算；报告声明的合计请写在 declared 中）",
        "t.xlsx:目标指标!E8: 2023年目标: 无法识别数值“3-4%”；应写成 2000人、1.5亿元、增长6%、2000人以上 "
        "这样的形式；若是含数字的文字性目标，请写成 {text: …}",
    ]
    area = (folder / "areas" / "01-扩大内需.yaml").read_text(encoding="utf-8")
    assert "    # last_year: 2000-3000人  # 未导入（t.xlsx:目标指标!D3）：" in area
    assert "    # 完成时限: 2023年12月  # 未导入（t.xlsx:目标指标!F3）：" in area
    assert "  # - name: 城镇新增就业\n  #   unit: 人\n  #   target: 2100人" in area
    # What did go in is there, and checks as validate checks it.
    assert '  - name: 地方级财政收入\n    unit: "%"\n    target: 增长15.4%' in area
    assert "    last_year: 增长6%\n    # target: 8000人  # 未导入（t.xlsx:目标指标!E5）" in area
    english = run_cli("--lang", "en", "import", str(book), "-o", str(tmp_path / "q"))
    assert "t.xlsx:目标指标!B7: '合计' is a total row, not imported as a row" in english.err


# --- paths -----------------------------------------------------------------------------------------


def test_shipped_example_spreadsheet_is_the_sample(tmp_path: Path) -> None:
    """data/dongchang-2023-表格/任务分解表.xlsx is current: importing it gives the sample back exactly."""
    shipped = SAMPLE.parent / "dongchang-2023-表格" / "任务分解表.xlsx"
    result = run_cli("import", str(shipped), "-o", str(tmp_path / "p"))
    assert result.status == 0, result.err
    assert plain(load_and_validate(tmp_path / "p")) == plain(sample_model())


def test_hostile_cells_go_in_as_written_or_are_reported(tmp_path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(tmp_path / "t.xlsx"))
    sheet = book.add_worksheet("扩大内需")
    sheet.write_row(0, 0, ("指标名称", "单位", "2023年目标", "牵头单位", "备注"))
    texts = [text for text in HOSTILE if text.strip() and "\t" not in text]
    for number, text in enumerate(texts, start=1):
        sheet.write_row(number, 0, (f"指标{number}{text}", "人", "2000人", text, text))
    sheet.write_row(len(texts) + 1, 0, ("控制字符", "人", "2000人", "区\x00局"))
    book.close()
    folder = tmp_path / "p"
    result = run_cli("import", str(tmp_path / "t.xlsx"), "-o", str(folder))
    # Only the control character is refused (the validator's own rule); every other text went in.
    assert result.status == 1
    report = [line for line in result.err.splitlines() if "缺少必填字段" not in line][:-1]
    # The validator refuses C1 controls such as NEL (U+0085) in text as it refuses NUL: both reported.
    nel = texts.index("NEL\x85行") + 2
    assert report[0].startswith(f"t.xlsx:扩大内需!A{nel}: 指标名称: 指标名称里有不可见的控制字符 U+0085")
    assert report[1].startswith(
        f"t.xlsx:扩大内需!A{nel}: “指标{nel - 1}NELU+0085行”这一行因上一条的问题未导入"
    )
    assert report[2].startswith(
        f"t.xlsx:扩大内需!D{len(texts) + 2}: 牵头单位: 牵头单位里有不可见的控制字符 U+0000"
    )
    assert len(report) == 3
    texts.remove("NEL\x85行")
    (folder / "packet.yaml").write_text(
        "title: t\nmeeting: m\nissuer: i\ndate: 2023-01-10\nyear: 2023\n", encoding="utf-8"
    )
    area = folder / "areas" / "01-扩大内需.yaml"
    text = area.read_text(encoding="utf-8")
    area.write_text(
        text.replace("# lead_unit: 区政府办公室", "lead_unit: 局").replace(
            "# summary: 本年工作安排的文字。", "summary: 文字。"
        ),
        encoding="utf-8",
    )
    packet = load_and_validate(folder)
    notes = [target.note for target in packet.areas[0].targets]
    from briefing.read.text import join_lines

    # A lone dash is how tables say "not given": it is left empty, never written as a value.
    assert notes == [None if text == "-" else join_lines(text) for text in texts] + [None]
    assert [target.lead_unit for target in packet.areas[0].targets][-1] is None


def test_import_tables_returns_what_it_wrote_and_what_stayed_out(tmp_path: Path) -> None:
    from briefing.errors import BriefingError
    from briefing.office.importer import import_tables

    book = tmp_path / "t.xlsx"
    rows = [
        (1, "城镇新增就业", "人", "", "2000人", ""),
        (2, "失业率", "%", "", "3-4%", ""),  # the cell stays out; the row goes in, its target not given
        (3, "城镇新增就业", "人", "", "2100人", ""),  # a second row of one name: the row stays out
    ]
    small_book(book, rows)
    result = import_tables([book], tmp_path / "p")
    assert (result.areas, result.targets, result.projects, result.left_out) == (1, 2, 0, 1)
    assert sorted(path.name for path in result.written) == ["01-扩大内需.yaml", "packet.yaml"]
    assert all(path.is_file() for path in result.written)
    assert [(str(i.source), i.code) for i in result.report[:3]] == [
        ("t.xlsx:目标指标!E4", "figure.unreadable"),
        ("t.xlsx:目标指标!B5", "indicator.duplicate"),
        ("t.xlsx:目标指标!B5", "import.row-left-out"),
    ]
    empty = tmp_path / "e.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(BriefingError) as raised:
        import_tables([empty], tmp_path / "q")
    assert [i.code for i in raised.value.issues] == ["import.nothing-found"]
    assert not (tmp_path / "q").exists()
