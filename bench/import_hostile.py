"""Benchmark: peak memory of `briefing import` for hostile .xls/.ods files, beside the sample's import
and the largest .ods the limits let through (one value short of a million cells).

Each file is imported in a process of its own (address space capped at 2 GiB so that a runaway read
fails instead of taking the machine); prints exit status, wall time and peak resident memory (VmHWM).
Usage: python bench/import_hostile.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from office.other_formats import declare_xls_rows, ods_cell, write_ods_xml, write_xls  # noqa: E402
from office.samples import import_in_child  # noqa: E402

SHEET = {
    (0, 0): "指标名称",
    (0, 1): "单位",
    (0, 2): "2023年目标",
    (1, 0): "就业",
    (1, 1): "人",
    (1, 2): "2000人",
}


def hostile_files(folder: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    files["xls declaring 2^31 rows"] = folder / "rows.xls"
    write_xls(files["xls declaring 2^31 rows"], [("扩大内需", SHEET, [])])
    declare_xls_rows(files["xls declaring 2^31 rows"], 2**31 - 1)
    files["xls cell at IV65536"] = folder / "far.xls"
    write_xls(files["xls cell at IV65536"], [("扩大内需", {**SHEET, (65535, 255): "远处"}, [])])
    row = f"<table:table-row>{ods_cell('指标名称')}{ods_cell('2023年目标')}</table:table-row>"
    files["ods cell at row 1,000,000"] = folder / "sparse.ods"
    write_ods_xml(
        files["ods cell at row 1,000,000"],
        f'<table:table table:name="扩大内需">{row}'
        '<table:table-row table:number-rows-repeated="999998"><table:table-cell/></table:table-row>'
        f"<table:table-row>{ods_cell('远处')}</table:table-row></table:table>",
    )
    files["ods 96 million repeated cells"] = folder / "repeat.ods"
    write_ods_xml(
        files["ods 96 million repeated cells"],
        f'<table:table table:name="扩大内需">{row}<table:table-row table:number-rows-repeated="6000">'
        '<table:table-cell table:number-columns-repeated="16000" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row></table:table>",
    )
    files["ods at the limits: 19,999 × 50 values"] = folder / "allowed.ods"
    write_ods_xml(
        files["ods at the limits: 19,999 × 50 values"],
        f'<table:table table:name="扩大内需">{row}<table:table-row table:number-rows-repeated="19999">'
        '<table:table-cell table:number-columns-repeated="50" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row></table:table>",
    )
    return files


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        runs = {
            "sample .xlsx (data/dongchang-2023-表格)": ROOT
            / "data"
            / "dongchang-2023-表格"
            / "任务分解表.xlsx"
        }
        runs.update(hostile_files(folder))
        for index, (label, path) in enumerate(runs.items()):
            start = time.perf_counter()
            status, _, peak = import_in_child(path, folder / f"out{index}", memory_limit_mib=2048)
            wall = time.perf_counter() - start
            print(
                f"{label:<42} exit {status:>3}  wall {wall:5.2f} s  peak {peak:6.1f} MiB  ({path.stat().st_size:,} bytes)"
            )


if __name__ == "__main__":
    main()
