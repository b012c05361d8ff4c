"""The progress columns (截至…完成, 完成率, 进度) as a reader sees them in the PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPO / "tests" / "bad_inputs" / "102-progress-accepted"  # every status but 滞后 twice
SAMPLE = REPO / "data" / "dongchang-2023"


def pages_text(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [page.extract_text() or "" for page in document.pages]


def table_rows(pdf: Path, marker: str) -> list[list[str]]:
    """The rows of every table on pages holding `marker`, cells with their line breaks removed."""
    rows: list[list[str]] = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            if marker not in (page.extract_text() or ""):
                continue
            for table in page.extract_tables():
                rows += [[(cell or "").replace("\n", "") for cell in row] for row in table]
    return rows


def build(cli, tmp_path: Path, layout: str) -> Path:  # type: ignore[no-untyped-def]
    packet = tmp_path / "packet"
    shutil.copytree(FIXTURE, packet, ignore=shutil.ignore_patterns("expected.yaml"))
    out = tmp_path / f"{layout}.pdf"
    run = cli("build", str(packet), "--layout", layout, "-o", str(out))
    assert run.status == 0, run.err
    return out


def test_gbt9704_prints_value_and_status_with_marks(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = table_rows(build(cli, tmp_path, "gbt9704"), "进度")
    header = next(row for row in rows if "指标" in row)
    assert header[-3:] == ["截至9月底完成", "进度", "备注"]
    by_name = {row[1]: row for row in rows if len(row) > 2}
    assert by_name["固定资产投资"][5:7] == ["增长6.5%", "◎序时推进"]  # the later of two records
    assert by_name["城镇新增就业"][5:7] == ["1400", "▲滞后"]  # 70 % < 273/365
    assert by_name["地区生产总值"][5:7] == ["—", "×已终止"]
    assert by_name["示例新建项目"][5:7] == ["0", "○未启动"]
    assert by_name["示例续建项目"][5:7] == ["4000", "●已完成"]
    # the totals are still the sums of the rows
    total = next(row for row in rows if row[1].startswith("合计"))
    assert total[3:5] == ["15000", "6000"]


def test_briefing_layout_prints_the_ratio(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = table_rows(build(cli, tmp_path, "briefing"), "完成率")
    header = next(row for row in rows if "指标" in row)
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows if len(row) == len(header)}
    columns = ("截至9月底完成", "完成率", "进度")
    assert [by_name["城镇新增就业"][c] for c in columns] == ["1400", "70.0%", "▲滞后"]
    assert [by_name["固定资产投资"][c] for c in columns] == ["增长6.5%", "81.2%", "◎序时推进"]


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_a_packet_without_progress_has_no_progress_columns(cli, tmp_path: Path, layout: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sample.pdf"
    assert cli("build", str(SAMPLE), "--layout", layout, "-o", str(out)).status == 0
    text = "\n".join(pages_text(out))
    assert "完成率" not in text and "截至" not in text


def test_the_heading_names_the_latest_day() -> None:
    import datetime as dt

    from briefing.compose.progress_cells import as_of_text
    from briefing.errors import Source
    from briefing.model.progress import Progress

    def record(day: dt.date) -> Progress:
        return Progress(day, str(day), None, None, False, None, None, Source("a.yaml", 1, 1))

    assert as_of_text([(record(dt.date(2023, 6, 30)),), (record(dt.date(2023, 9, 15)),), ()]) == "9月15日"
    assert as_of_text([(record(dt.date(2023, 9, 30)), record(dt.date(2023, 6, 30)))]) == "9月底"
    assert as_of_text([(), ()]) == ""


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_the_summary_counts_each_status_and_lists_what_is_behind(cli, tmp_path: Path, layout: str) -> None:  # type: ignore[no-untyped-def]
    pages = pages_text(build(cli, tmp_path, layout))
    summary = pages[-1].replace("\n", "").replace(" ", "")
    assert summary.startswith("附：重点工作推进情况（截至9月底）")
    assert "共5项，其中●已完成1项，◎序时推进1项，▲滞后1项，○未启动1项，×已终止1项。" in summary
    assert "一、着力扩大内需，推动经济合理增长：共5项" in summary
    assert "滞后事项（1项）" in summary
    # the lead unit is the area's where the target names none
    assert (
        "1.▲城镇新增就业（着力扩大内需，推动经济合理增长；牵头单位：区发展和改革局）：截至9月底完成1400人，完成率70%；招聘会10场。"
        in summary
    )
    # in the contents, with its page
    assert any("附：重点工作推进情况" in page for page in pages[1:3])


def test_an_extreme_ratio_is_a_warning_and_a_page_not_a_crash(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """15 digits of 亿元 against 0.000001元: a ratio of 32 digits, beyond Decimal's default precision."""
    from packets import area_yaml, write_packet

    targets = (
        "targets:\n  - name: 甲\n    unit: 亿元\n    target: 0.000001元\n"
        "    progress: {as_of: 2023-09-30, value: 999999999999999亿元}\n"
    )
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("甲", targets=targets)})
    out = tmp_path / "o.pdf"
    run = cli("build", str(root), "-o", str(out))
    assert run.status == 0, run.err
    assert "的 9999999999999990000000000000000%，超过 300%" in run.err
    assert "已报推进情况的指标和项目共1项，其中●已完成1项。" in pages_text(out)[-1]
