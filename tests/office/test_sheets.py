"""sheets: spreadsheets into grids through calamine and the csv module."""

from __future__ import annotations

import difflib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_cli

from briefing.office.export import export_packet
from briefing.pipeline import load_and_validate
from office.other_formats import (
    Sheets,
    declare_xls_rows,
    ods_cell,
    ods_table,
    sheets_of,
    write_ods,
    write_ods_xml,
    write_xls,
)
from office.samples import (
    SAMPLE,
    csv_file,
    fill_in_what_tables_lack,
    import_in_child,
    no_words,
    sample_areas,
    zip_bomb,
)


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
    # No saved value: nothing is invented for it, and the row goes in with its target not given ("—").
    assert area.endswith("  - name: 外部链接\n    unit: 人\n")
    assert "外部链接" not in result.err


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


# --- .xls and .ods: the same tables as .xlsx, and what a hostile one tries ---------------------------


def _written(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*.yaml"))
    }


@pytest.mark.parametrize(("suffix", "write"), [(".xls", write_xls), (".ods", write_ods)])
def test_the_sample_round_trips_through_xls_and_ods_as_through_xlsx(
    tmp_path: Path, suffix: str, write: Callable[[Path, Sheets], None]
) -> None:
    book = tmp_path / "t.xlsx"
    export_packet(SAMPLE, book)
    other = tmp_path / f"t{suffix}"
    write(other, sheets_of(book))
    assert run_cli("import", str(book), "-o", str(tmp_path / "x")).status == 0
    result = run_cli("import", str(other), "-o", str(tmp_path / "o"))
    # Cell comments are not read from .xls/.ods (as percent formats are not): the one value export marked
    # as words ({text: …} holding digits) is read as a value, refused, and kept as a comment in its place.
    assert result.status == 1
    assert result.err.splitlines()[0] == (
        f"t{suffix}:目标指标!D52: 2022年完成: “1000亩年度造林任务超额完成”的单位“亩年度造林任务超”无法识别；"
        "请改用常用单位，如 人、户、个、万元、亿元、%、亩、公里、吨"
    )
    assert result.err.splitlines()[1].startswith("以上 1 条：")
    want = {name: text.replace("t.xlsx", f"t{suffix}") for name, text in _written(tmp_path / "x").items()}
    got = _written(tmp_path / "o")
    assert got.keys() == want.keys()
    differing = [name for name in got if got[name] != want[name]]
    assert len(differing) == 1
    changes = [
        line
        for line in difflib.ndiff(want[differing[0]].splitlines(), got[differing[0]].splitlines())
        if line[:1] in "+-"
    ]
    assert changes[0] == '-     last_year: {text: "1000亩年度造林任务超额完成"}'
    assert changes[1].startswith(
        f"+     # last_year: 1000亩年度造林任务超额完成  # 未导入（t{suffix}:目标指标!D52）："
    )
    assert len(changes) == 2


def test_percent_formats_are_not_read_from_xls_or_ods(tmp_path: Path) -> None:
    """What README.md (从表格导入) says: a number formatted as 5.5% is read from .xls/.ods as stored, 0.055
    (the row's unit then applies to it), where from .xlsx it reads as shown."""
    cells = {
        (0, 0): "指标名称",
        (0, 1): "单位",
        (0, 2): "2023年目标",
        (1, 0): "失业率",
        (1, 1): "%",
        (1, 2): 0.055,
    }
    for suffix, write in ((".xls", write_xls), (".ods", write_ods)):
        write(tmp_path / f"t{suffix}", [("扩大内需", cells, [])], percent={(1, 2)})
        run_cli("import", str(tmp_path / f"t{suffix}"), "-o", str(tmp_path / suffix))
        area = (tmp_path / suffix / "areas" / "01-扩大内需.yaml").read_text(encoding="utf-8")
        assert '  - name: 失业率\n    unit: "%"\n    target: 0.055%\n' in area, area


def _small(tmp_path: Path) -> Sheets:
    return [
        (
            "扩大内需",
            {
                (0, 0): "指标名称",
                (0, 1): "单位",
                (0, 2): "2023年目标",
                (1, 0): "就业",
                (1, 1): "人",
                (1, 2): "2000人",
            },
            [],
        )
    ]


def test_xls_declaring_two_billion_rows_is_refused_located_in_little_memory(tmp_path: Path) -> None:
    """A few bytes of a DIMENSIONS record made calamine reserve terabytes and abort the process."""
    book = tmp_path / "t.xls"
    write_xls(book, _small(tmp_path))
    declare_xls_rows(book, 2**31 - 1)
    status, err, peak = import_in_child(book, tmp_path / "p")
    assert status == 1, err
    assert (
        err.splitlines()[0] == "t.xls:扩大内需: 工作表超过 20000 行，未读取；请删去多余的行，只保留表格部分"
    )
    assert peak < 60, peak
    assert not (tmp_path / "p").exists()


def test_xls_reaching_its_last_row_and_column_is_refused_located(tmp_path: Path) -> None:
    sheets = _small(tmp_path)
    sheets[0][1][(65535, 255)] = "远处"
    write_xls(tmp_path / "t.xls", sheets)
    status, err, peak = import_in_child(tmp_path / "t.xls", tmp_path / "p")
    assert status == 1
    assert (
        err.splitlines()[0] == "t.xls:扩大内需: 工作表超过 20000 行，未读取；请删去多余的行，只保留表格部分"
    )
    assert peak < 60, peak  # calamine would have laid out 65536 × 256 cells: about 1 GB


def test_sparse_ods_with_a_cell_at_row_a_million_is_refused_in_little_memory(tmp_path: Path) -> None:
    head = ods_table("扩大内需", _small(tmp_path)[0][1], [])
    far = (
        '<table:table-row table:number-rows-repeated="999997"><table:table-cell/></table:table-row>'
        f"<table:table-row>{ods_cell('远处')}</table:table-row>"
    )
    write_ods_xml(tmp_path / "t.ods", head.replace("</table:table>", far + "</table:table>"))
    status, err, peak = import_in_child(tmp_path / "t.ods", tmp_path / "p")
    assert status == 1
    assert (
        err.splitlines()[0] == "t.ods:扩大内需: 工作表超过 20000 行，未读取；请删去多余的行，只保留表格部分"
    )
    assert peak < 60, peak  # calamine alone took 200 MB for this file of 1 kB


def test_ods_repeating_one_cell_a_hundred_million_times_is_refused_in_little_memory(tmp_path: Path) -> None:
    many = (
        '<table:table-row table:number-rows-repeated="6000">'
        '<table:table-cell table:number-columns-repeated="16000" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
    )
    write_ods_xml(tmp_path / "t.ods", f'<table:table table:name="扩大内需">{many}</table:table>')
    assert (tmp_path / "t.ods").stat().st_size < 2000
    status, err, peak = import_in_child(tmp_path / "t.ods", tmp_path / "p")
    assert status == 1
    assert (
        err.splitlines()[0] == "t.ods:扩大内需: 工作表超过 16000 列" or "超过 200 列" in err.splitlines()[0]
    )
    assert peak < 60, peak  # calamine wrote out 96 million cells: gigabytes


def test_ods_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.ods"
    zip_bomb(
        path, "content.xml", 300 * 1024 * 1024, ("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    )
    assert path.stat().st_size < 1024 * 1024
    status, err, peak = import_in_child(path, tmp_path / "p")
    assert status == 1
    assert (
        err.splitlines()[0] == "炸弹.ods: 文件过大（超过 24 MB）；任务分解表不会这么大，请检查是否选错了文件"
    )
    assert peak < 60, peak


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_damaged_xls_and_ods_are_located_messages(tmp_path: Path, suffix: str) -> None:
    good = tmp_path / f"g{suffix}"
    (write_xls if suffix == ".xls" else write_ods)(good, _small(tmp_path))
    for name, data in (
        (f"坏{suffix}", b"this is not a spreadsheet"),
        (f"半{suffix}", good.read_bytes()[: len(good.read_bytes()) // 2]),
    ):
        (tmp_path / name).write_bytes(data)
        result = run_cli("import", str(tmp_path / name), "-o", str(tmp_path / name / ".." / f"{name}-out"))
        assert result.status == 1, result.err
        assert result.err.startswith(f"{name}: 文件无法读取（"), result.err
