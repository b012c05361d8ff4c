"""`briefing init --from LAST --year-end`: next year's packet, and its 完成情况 tables (last year's target,
the value reached, the completion ratio and status; project investment summed) read back from the PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest
from conftest import run_cli

from briefing.pipeline import load_and_validate

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "bad_inputs" / "102-progress-accepted"  # progress as of 2023-09-30
AREA = "areas/01-示例工作.yaml"
EXPECTED_ROWS = [
    ["序号", "指标或项目", "单位", "2023年目标", "2023年完成", "完成率", "完成情况"],
    ["1", "固定资产投资", "%", "增长8%", "增长6.5%", "81.2%", "▲未完成"],
    ["2", "城镇新增就业", "人", "2000", "1400", "70.0%", "▲未完成"],
    ["3", "地区生产总值", "%", "—", "—", "—", "×已终止"],
    ["4", "示例新建项目", "万元", "2000", "0", "0.0%", "○未启动"],
    ["5", "示例续建项目", "万元", "4000", "4000", "100.0%", "●已完成"],
    ["", "项目投资合计（2个）", "", "6000", "4000", "66.7%", ""],
]


def year_end(tmp_path: Path) -> Path:
    last = tmp_path / "2023"
    shutil.copytree(FIXTURE, last, ignore=shutil.ignore_patterns("expected.yaml"))
    new = tmp_path / "2024"
    run = run_cli("init", "--from", str(last), "--year-end", str(new))
    assert run.status == 0, run.err
    assert "已新建 2024 年的材料" in run.out
    return new


def test_next_years_packet_takes_last_years_actuals_and_leaves_the_targets_to_fill(tmp_path: Path) -> None:
    new = year_end(tmp_path)
    packet_yaml = (new / "packet.yaml").read_text(encoding="utf-8")
    assert "title: 2024年重点工作汇报材料" in packet_yaml and "\nyear: 2024 " in packet_yaml
    assert "\n# declared:\n#   complete: true\n" in packet_yaml  # last year's declared totals, commented out
    packet = load_and_validate(new)
    assert packet.year == 2024
    assert [(t.name, str(t.last_year), t.target) for t in packet.targets] == [
        ("固定资产投资", "增长6.5%", None),
        ("城镇新增就业", "1400人", None),
        ("地区生产总值", "None", None),
    ]
    assert all(not item.progress for item in (*packet.targets, *packet.projects))
    assert [p.annual_investment for p in packet.projects] == [None, None]
    text = (new / AREA).read_text(encoding="utf-8")
    assert "    target: null  # 待填：2024年目标" in text
    assert "    last_year: 1400人  # 2023年完成：取自上年材料截至2023-09-30的推进情况" in text
    assert "  summary: |" not in text and "坚持项目为王理念" in text  # texts kept
    [area] = packet.areas
    assert [(row.name, row.item, row.status) for row in area.completion] == [
        ("固定资产投资", "指标", "未完成"),
        ("城镇新增就业", "指标", "未完成"),
        ("地区生产总值", "指标", "已终止"),
        ("示例新建项目", "项目", "未启动"),
        ("示例续建项目", "项目", "已完成"),
    ]


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_the_completion_table_reads_back_from_the_pdf(tmp_path: Path, layout: str) -> None:
    new = year_end(tmp_path)
    out = tmp_path / "2024.pdf"
    run = run_cli("build", str(new), "--layout", layout, "-o", str(out))
    assert run.status == 0, run.err
    with pdfplumber.open(out) as document:
        page = next(p for p in document.pages if "指标或项目" in (p.extract_text() or ""))
        text = page.extract_text() or ""
        [table] = page.extract_tables()
    rows = [[(cell or "").replace("\n", "") for cell in row] for row in table]
    assert rows == EXPECTED_ROWS
    flat = text.replace(" ", "").replace("\n", "")
    assert "附：2023年目标完成情况" in flat
    assert "上年目标指标和项目共5项，其中●已完成1项，▲未完成2项，○未启动1项，×已终止1项。" in flat
    assert "注：5项的完成值截至9月30日，不是全年数。" in flat


def test_only_a_packet_with_completion_rows_prints_the_completion_page(tmp_path: Path) -> None:
    with_rows = tmp_path / "2024.pdf"
    assert run_cli("build", str(year_end(tmp_path)), "-o", str(with_rows)).status == 0
    with pdfplumber.open(with_rows) as document:
        assert any("指标或项目" in (p.extract_text() or "") for p in document.pages)
    out = tmp_path / "plain.pdf"
    assert run_cli("build", str(FIXTURE), "-o", str(out)).status == 0
    with pdfplumber.open(out) as document:
        assert not any("目标完成情况" in (p.extract_text() or "") for p in document.pages)


def test_a_completion_row_in_the_wrong_unit_is_a_located_error(tmp_path: Path) -> None:
    new = year_end(tmp_path)
    area = new / AREA
    text = area.read_text(encoding="utf-8")
    area.write_text(text.replace("    reached: 1400人", "    reached: 1400万元"), encoding="utf-8")
    run = run_cli("validate", str(new))
    assert run.status == 1
    line = next(
        n for n, row in enumerate(area.read_text(encoding="utf-8").splitlines(), 1) if "1400万元" in row
    )
    assert (
        f"{AREA}:{line}:14: last_year_completion[2].reached: 完成值“1400万元”的单位“万元”与目标的单位“人”不符"
        in run.err
    )


def test_year_end_and_as_of_do_not_go_together(tmp_path: Path) -> None:
    run = run_cli("init", "--from", str(FIXTURE), "--year-end", "--as-of", "2023-12-31", str(tmp_path / "x"))
    assert run.status == 2 and "--as-of 不能与 --year-end 同用" in run.err


def test_a_packet_without_progress_carries_its_targets_with_nothing_reached(tmp_path: Path) -> None:
    new = tmp_path / "2024"
    assert (
        run_cli("init", "--from", str(REPO / "data" / "dongchang-2023"), "--year-end", str(new)).status == 0
    )
    out = tmp_path / "2024.pdf"
    assert run_cli("build", str(new), "-o", str(out)).status == 0
    with pdfplumber.open(out) as document:
        page = next(p for p in document.pages if "指标或项目" in (p.extract_text() or ""))
        text = (page.extract_text() or "").replace("\n", "").replace(" ", "")
        rows = [[(cell or "").replace("\n", "") for cell in row] for row in page.extract_tables()[0]]
    assert "上年目标指标和项目共102项，均未写明完成值。" in text
    assert rows[1] == ["1", "地区生产总值", "%", "不低于全市平均水平", "—", "—", "—"]
