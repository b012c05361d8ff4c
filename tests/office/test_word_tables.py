"""word_tables: Word tables into grids, the numbered paragraph above each its heading."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

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
