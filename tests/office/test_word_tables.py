"""word_tables: Word tables into grids, the numbered paragraph above each its heading."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from briefing.office.grid import Budget, Cell
from briefing.office.word_tables import read_docx
from briefing.pipeline import load_and_validate
from office.samples import fill_in_what_tables_lack, no_words, rows_of, sample_areas, word_document


def test_word_tables_take_the_heading_paragraph_above_them(tmp_path: Path) -> None:
    areas = sample_areas()
    no_words(areas)
    document = tmp_path / "目标.docx"
    word_document(document, areas)
    folder = tmp_path / "p"
    assert run_cli("import", str(document), "-o", str(folder)).status == 1
    fill_in_what_tables_lack(folder)
    packet = load_and_validate(folder)
    assert [area.title for area in packet.areas] == [area.title for area in areas if area.targets]
    assert rows_of(packet, "targets")[0]["name"] == "地区生产总值"


def test_word_cell_locations_name_table_row_and_column(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("一、稳定就业")
    table = document.add_table(rows=3, cols=3)
    for r, values in enumerate(
        (
            ("指标名称", "单位", "2023年目标"),
            ("城镇新增就业", "人", "2000人"),
            ("零就业家庭", "户", "清零1户左右2"),
        )
    ):
        for c, text in enumerate(values):
            table.rows[r].cells[c].text = text
    document.save(str(tmp_path / "表.docx"))
    result = run_cli("import", str(tmp_path / "表.docx"), "-o", str(tmp_path / "p"))
    assert result.status == 1
    assert result.err.splitlines()[0].startswith("表.docx:表1!R3C3: 2023年目标: 无法识别数值“清零1户左右2”")
    area = (tmp_path / "p" / "areas" / "01-稳定就业.yaml").read_text(encoding="utf-8")
    assert area.startswith("# 工作领域：稳定就业\n")
    assert "  - name: 城镇新增就业\n    unit: 人\n    target: 2000人\n" in area


def test_merged_word_cells_are_anchored_and_limits_are_reported(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("（一）稳定就业")
    table = document.add_table(rows=3, cols=3)
    for r, values in enumerate(
        (("指标名称", "单位", "2023年目标"), ("就业", "人", "2000人"), ("合计", "", ""))
    ):
        for c, text in enumerate(values):
            table.rows[r].cells[c].text = text
    table.cell(2, 0).merge(table.cell(2, 2))
    document.add_paragraph("说明文字")
    document.add_table(rows=1, cols=201)
    document.save(str(tmp_path / "t.docx"))
    result = read_docx(tmp_path / "t.docx", "t.docx", Budget())
    first = result.grids[0]
    assert first.rows[0][0].text == "（一）稳定就业" and first.row_numbers[0] == 0
    assert first.rows[3][2] == Cell("合计", "R3C3", anchor="R3C1", across=True)
    assert [(str(issue.source), issue.code) for issue in result.issues] == [
        ("t.docx:表2", "import.too-many-columns")
    ]
