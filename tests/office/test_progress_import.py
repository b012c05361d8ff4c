"""`briefing import` reads the progress columns of a department's quarterly sheet (截至…完成 / 完成值,
进度, 截至日期, 说明) into each row's progress record; what it cannot read is reported where it is."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from conftest import run_cli

from briefing.pipeline import load_and_validate

AREA = "areas/01-扩大内需.yaml"
PACKET = "packet:\n  title: 测试材料\n  meeting: 测试会议\n  issuer: 测试区政府办公室\n  date: 2023-10-10\n  year: 2023\n"


def import_book(sheet: Path, out: Path):  # type: ignore[no-untyped-def]
    mapping = sheet.parent / "mapping.yaml"
    mapping.write_text(PACKET, encoding="utf-8")
    return run_cli("import", str(sheet), "--mapping", str(mapping), "-o", str(out))


def book(
    path: Path, headers: tuple[str, ...], rows: list[tuple[object, ...]], projects: bool = False
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "重点项目" if projects else "目标指标"
    sheet.append(headers)
    sheet.append(("一、扩大内需",))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_progress_columns_of_a_targets_sheet_become_progress_records(tmp_path: Path) -> None:
    sheet = book(
        tmp_path / "三季度.xlsx",
        ("序号", "指标名称", "单位", "2023年目标", "截至9月底完成", "进度", "说明", "备注"),
        [
            (1, "城镇新增就业", "人", "2000人", 1400, "▲滞后", "招聘会10场", "预期目标"),
            (2, "固定资产投资", "%", "增长8%", "增长6.5%", "", "", ""),
            (3, "地区生产总值", "%", "增长6%", "", "已终止", "统计口径调整", ""),
            (4, "城乡居民收入", "%", "增长6%", "", "", "", ""),
        ],
    )
    out = tmp_path / "p"
    run = import_book(sheet, out)
    assert run.status == 0, run.err
    text = (out / AREA).read_text(encoding="utf-8")
    assert (
        "  - name: 城镇新增就业\n    unit: 人\n    target: 2000人\n    note: 预期目标\n"
        "    progress:\n      as_of: 2023-09-30\n      value: 1400人\n      status: 滞后\n      note: 招聘会10场\n"
    ) in text
    packet = load_and_validate(out)
    by_name = {target.name: target for target in packet.targets}
    record = by_name["城镇新增就业"].progress[0]
    assert (record.as_of.isoformat(), str(record.value), record.status, record.note) == (
        "2023-09-30",
        "1400人",
        "滞后",
        "招聘会10场",
    )
    computed = by_name["固定资产投资"].progress[0]
    assert (str(computed.value), computed.status) == ("增长6.5%", "序时推进")  # 81.2 % ≥ 74.8 %
    assert by_name["地区生产总值"].progress[0].status == "已终止"
    assert by_name["城乡居民收入"].progress == ()  # no progress cell: no record


def test_a_projects_sheet_with_a_date_column_and_an_investment_value(tmp_path: Path) -> None:
    sheet = book(
        tmp_path / "项目.xlsx",
        ("序号", "项目名称", "建设性质", "年度计划投资（万元）", "累计完成投资（万元）", "截至日期", "进度"),
        [
            (1, "示例续建项目", "续建", 4000, 4000, "2023-06-30", "已完成"),
            (2, "示例新建项目", "新建", 2000, 500, "2023年6月30日", ""),
        ],
        projects=True,
    )
    out = tmp_path / "p"
    run = import_book(sheet, out)
    assert run.status == 0, run.err
    first, second = load_and_validate(out).projects
    assert [(r.as_of.isoformat(), str(r.value), r.status) for r in first.progress] == [
        ("2023-06-30", "4000万元", "已完成")
    ]
    assert [(r.as_of.isoformat(), str(r.value), r.status) for r in second.progress] == [
        ("2023-06-30", "500万元", "滞后")  # 25 % < 181/365
    ]


def test_a_value_column_without_a_date_and_a_bad_status_are_reported_where_they_are(tmp_path: Path) -> None:
    sheet = book(
        tmp_path / "t.xlsx",
        ("序号", "指标名称", "单位", "2023年目标", "完成值", "进度"),
        [
            (1, "城镇新增就业", "人", "2000人", 1400, "正常"),
        ],
    )
    out = tmp_path / "p"
    run = import_book(sheet, out)
    assert run.status == 1
    lines = run.err.splitlines()
    assert (
        "t.xlsx:目标指标!E3: 完成值: 推进情况没有截至日期：表头“完成值”没有写明月份，表中也没有“截至日期”一列，"
        "这一格未导入；请把表头写成“截至9月底完成”这样，或加一列“截至日期”（如 2023-09-30）"
    ) in lines
    assert any(line.startswith("t.xlsx:目标指标!F3: 进度: ") and "正常" in line for line in lines)
    text = (out / AREA).read_text(encoding="utf-8")
    assert "    progress:\n      # status: 正常  # 未导入（t.xlsx:目标指标!F3）" in text
    assert "\n      # value: 1400人  # 未导入（t.xlsx:目标指标!E3）：推进情况没有截至日期" in text
    assert run_cli("validate", str(out)).status == 0  # what did go in validates
