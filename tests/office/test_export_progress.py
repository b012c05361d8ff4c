"""export writes each target's and project's latest progress record in import's columns, so that export →
edit → import keeps it; a packet without progress exports exactly as before; text stays text."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from conftest import run_cli

from briefing.model.packet import Packet
from briefing.office.export import export_packet
from briefing.pipeline import load_and_validate
from office.samples import ROOT, SAMPLE

AREA = "areas/01-示例工作.yaml"
LINK = '=HYPERLINK("http://example.com/x","点此查看")'
# The starter's targets and projects, each with a progress field after its target / planned investment.
PROGRESS = {
    "    target: 增长8%\n": (
        "    progress:\n"
        "      - {as_of: 2023-06-30, value: 增长3%, note: 上半年}\n"
        f"      - {{as_of: 截至2023年9月底, value: 增长6.5%, note: '{LINK}'}}\n"
    ),
    "    target: 2000人\n": (
        "    progress: {as_of: 2023年9月30日, value: 1400人, status: 滞后, note: 举办招聘会10场}\n"
    ),
    "    target: 不低于全市平均水平          # 文字性目标直接写文字\n": (
        "    progress: {as_of: 2023-09-30, value: {text: 增速居全市第2位}, status: 序时推进}\n"
    ),
    "    annual_investment: 4000万元\n": (
        "    progress:\n"
        "      - {as_of: 2023-09-30, value: 3000万元}\n"
        "      - {as_of: 2023-03-31, value: 500万元}\n"
    ),
}


def with_progress(starter: Path) -> Path:
    area = starter / AREA
    text = area.read_text(encoding="utf-8")
    for anchor, progress in PROGRESS.items():
        assert anchor in text
        text = text.replace(anchor, anchor + progress)
    area.write_text(text, encoding="utf-8")
    return starter


def latest_records(packet: Packet) -> dict[str, tuple[Any, ...]]:
    """Each item's record the tables print (the latest), as the fields a reader of the model sees."""
    found: dict[str, tuple[Any, ...]] = {}
    for area in packet.areas:
        for item in (*area.targets, *area.projects):
            if not item.progress:
                found[item.name] = ()
                continue
            record = max(item.progress, key=lambda record: record.as_of)
            found[item.name] = (
                record.as_of,
                record.as_of_text,
                record.value,
                record.status,
                record.status_given,
                record.ratio,
                record.note,
            )
    return found


def test_export_then_import_gives_back_each_item_s_latest_progress(tmp_path: Path, starter: Path) -> None:
    before = load_and_validate(with_progress(starter))
    export_packet(starter, tmp_path / "t.xlsx")
    run = run_cli("import", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "p"))
    assert run.status == 0, run.err
    after = load_and_validate(tmp_path / "p")
    assert latest_records(after) == latest_records(before)
    assert latest_records(before)["示例续建项目"][1] == "2023-09-30"  # the latest, not the last written
    assert latest_records(before)["示例新建项目"] == ()
    # earlier records stay in the packet exported, not in the table: the imported packet has one each
    assert [len(target.progress) for target in after.targets] == [1, 1, 1]
    assert [len(project.progress) for project in after.projects] == [0, 1]


def test_progress_columns_follow_the_others_with_the_latest_record(tmp_path: Path, starter: Path) -> None:
    export_packet(with_progress(starter), tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    targets, projects = book["目标指标"], book["重点项目"]
    assert [cell.value for cell in targets[2]][-5:] == ["备注", "截至日期", "完成值", "进度", "进展说明"]
    assert [cell.value for cell in projects[2]][-5:] == ["备注", "截至日期", "完成投资", "进度", "进展说明"]
    assert [cell.value for cell in targets[4]][-4:] == ["截至2023年9月底", "增长6.5%", None, LINK]
    assert [cell.value for cell in targets[5]][-4:] == ["2023年9月30日", "1400人", "滞后", "举办招聘会10场"]
    # words holding a digit are marked, as the other columns' are; the status is written, so it is kept
    assert [cell.value for cell in targets[6]][-4:] == ["2023-09-30", "增速居全市第2位", "序时推进", None]
    assert targets.cell(row=6, column=9).comment is not None
    # a computed status is left for import to compute again; the latest record, not the last written
    assert [cell.value for cell in projects[5]][-4:] == ["2023-09-30", "3000万元", None, None]
    assert [cell.value for cell in projects[4]][-4:] == [None, None, None, None]
    assert {"A1:K1", "A3:K3"} <= {cell_range.coord for cell_range in targets.merged_cells.ranges}


def test_a_note_that_looks_like_a_formula_is_written_as_text(tmp_path: Path, starter: Path) -> None:
    export_packet(with_progress(starter), tmp_path / "t.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "t.xlsx")["目标指标"].cell(row=4, column=11)
    assert (cell.value, cell.data_type) == (LINK, "s")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as book:
        sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/")]
        assert not any(b"<f>" in book.read(name) or b"<f " in book.read(name) for name in sheets)


def test_other_text_cells_that_look_like_formulas_stay_text_too(tmp_path: Path, starter: Path) -> None:
    area = starter / AREA
    text = area.read_text(encoding="utf-8").replace("status: 主体封顶", "status: '=1+1'")
    area.write_text(text, encoding="utf-8")
    export_packet(starter, tmp_path / "t.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "t.xlsx")["重点项目"].cell(row=5, column=7)
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    assert run_cli("import", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "p")).status == 0
    assert load_and_validate(tmp_path / "p").projects[1].status == "=1+1"


def test_a_packet_without_progress_exports_the_same_bytes_as_before(tmp_path: Path) -> None:
    """The shipped example is the sample exported before progress columns existed; only the workbook's
    timestamps (docProps/core.xml) may differ."""
    export_packet(SAMPLE, tmp_path / "t.xlsx")
    shipped = ROOT / "data" / "dongchang-2023-表格" / "任务分解表.xlsx"
    with zipfile.ZipFile(tmp_path / "t.xlsx") as now, zipfile.ZipFile(shipped) as before:
        assert now.namelist() == before.namelist()
        for name in now.namelist():
            if name != "docProps/core.xml":
                assert now.read(name) == before.read(name), name


def test_a_record_waiting_for_its_value_is_exported_for_departments_to_fill(
    tmp_path: Path, starter: Path
) -> None:
    """As `init --from` leaves it: the new quarter's date with no value yet. The department fills in the
    value next to the date; import reads the record with both."""
    area = starter / AREA
    text = area.read_text(encoding="utf-8").replace(
        "    target: 2000人\n",
        "    target: 2000人\n    progress:\n      - {as_of: 2023-09-30, value: 1400人}\n"
        "      - {as_of: 2023-12-31, value: null}\n",
    )
    area.write_text(text, encoding="utf-8")
    export_packet(starter, tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    sheet = book["目标指标"]
    assert [cell.value for cell in sheet[5]][-4:] == ["2023-12-31", None, None, None]
    sheet.cell(row=5, column=9, value="2100人")
    book.save(tmp_path / "filled.xlsx")
    run = run_cli("import", str(tmp_path / "filled.xlsx"), "-o", str(tmp_path / "p"))
    assert run.status == 0, run.err
    (record,) = load_and_validate(tmp_path / "p").targets[1].progress
    assert (record.as_of_text, str(record.value), record.status) == ("2023-12-31", "2100人", "已完成")
