"""sheets: spreadsheets into grids through calamine and the csv module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import run_cli

from briefing.pipeline import load_and_validate
from office.samples import csv_file, fill_in_what_tables_lack, no_words, sample_areas


def test_formulas_are_read_as_their_saved_values_never_evaluated(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "f.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("扩大内需")
    sheet.write_row(0, 0, ("指标名称", "单位", "2023年目标"))
    sheet.write_row(1, 0, ("城镇新增就业", "人"))
    sheet.write_formula(1, 2, '=CONCATENATE("2000","人")', None, "2000人")  # saved value: 2000人
    sheet.write_row(2, 0, ("外部链接", "人"))
    sheet.write_formula(2, 2, "='[其他.xlsx]Sheet1'!A1", None, "")  # no saved value
    book.close()
    result = run_cli("import", str(path), "-o", str(tmp_path / "p"))
    area = (tmp_path / "p" / "areas" / "01-扩大内需.yaml").read_text(encoding="utf-8")
    assert "  - name: 城镇新增就业\n    unit: 人\n    target: 2000人" in area
    assert "CONCATENATE" not in area and "其他.xlsx" not in area
    assert (
        "f.xlsx:扩大内需!A3: “外部链接”这一行因上一条的问题未导入" in result.err
    )  # no target: nothing is invented for it


def test_memory_stays_small_for_a_large_but_allowed_sheet(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "big.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("扩大内需")
    sheet.write_row(0, 0, ("指标名称", "单位", "2023年目标", "备注"))
    for r in range(1, 15_000):
        sheet.write_row(r, 0, (f"指标{r}", "人", f"{r}人", "说明" * 5))
    book.close()
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (pytest) across exec.
    code = (
        "import re; from briefing.cli import main;"
        f"main(['import', {str(path)!r}, '-o', {str(tmp_path / 'p')!r}]);"
        "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    peak_mib = int(done.stdout.strip().splitlines()[-1]) / 1024
    assert 30 < peak_mib < 400, peak_mib


def test_csv_in_gbk_with_an_area_column(tmp_path: Path) -> None:
    areas = sample_areas()
    no_words(areas)
    path = tmp_path / "指标.csv"
    csv_file(path, areas)
    folder = tmp_path / "p"
    assert run_cli("import", str(path), "-o", str(folder)).status == 1
    fill_in_what_tables_lack(folder)
    packet = load_and_validate(folder)
    assert len(packet.areas) == sum(1 for area in areas if area.targets)
    assert len(packet.targets) == 52
