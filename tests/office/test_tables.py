"""tables: rows of grids read into areas, targets and projects."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from briefing.pipeline import load_and_validate
from office.samples import fill_in_what_tables_lack, no_words, sample_areas, wps_workbook


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
