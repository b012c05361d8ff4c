"""The data tables as plans: cells, sum rows (subtotals, total, declared), partial-sum notes, column widths."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from packets import area_yaml, write_packet
from pdfcheck import tables
from pypdf import PdfReader

from briefing.compose import compose
from briefing.compose.tables import column_widths
from briefing.layouts.build import load_layout
from briefing.model.plan import Plan, TablePlan
from briefing.pipeline import build_pdf, load_and_validate

from .hostile import SAMPLE


def table_plans(plan: Plan, kind: str) -> list[TablePlan]:
    return [block for block in plan.blocks if isinstance(block, TablePlan) and block.kind == kind]


def texts(table: TablePlan) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_grand_total_matches_declared_totals_of_a_complete_list(tmp_path: Path) -> None:
    first = [
        {"name": "甲项目", "kind": "新建", "total_investment": "1.2亿元", "annual_investment": "3000万元"},
        {"name": "乙项目", "kind": "续建", "total_investment": "8000万元", "annual_investment": "0.45亿元"},
    ]
    second = [
        {"name": "丙项目", "kind": "续建", "total_investment": "0.8亿元", "annual_investment": "2500万元"}
    ]
    declared = (
        "declared:\n  complete: true\n  count: 3\n  new: 1\n  continued: 2\n"
        "  total_investment: 2.8亿元\n  annual_investment: 1亿元\n"
    )
    root = write_packet(
        tmp_path / "p",
        {"01-a.yaml": area_yaml("甲领域", first), "02-b.yaml": area_yaml("乙领域", second)},
        packet_extra=declared,
    )
    _, rendered = build_pdf(root)
    grand = [rows for _, rows in tables(rendered.pdf) if rows[0][1] == "工作领域"][-1]
    total = next(row for row in grand if row[1].startswith("合计"))
    claimed = next(row for row in grand if row[1].startswith("报告申报"))
    assert total[2:] == ["3", "1", "2", "28000", "10000"]
    assert claimed[2:] == total[2:]
    per_area = [row for row in grand if row[0].isdigit()]
    assert sum(Decimal(row[5]) for row in per_area) == Decimal(total[5])


PROJECTS = [
    {"name": "甲项目", "kind": "新建", "total_investment": "1亿元"},
    {"name": "乙项目", "kind": "新建"},
    {"name": "丙项目", "kind": "续建", "total_investment": "2000万元", "annual_investment": "500万元"},
]


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    declared = "declared:\n  complete: false\n  count: 4\n  total_investment: 1.5亿元\n"
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("甲领域", PROJECTS)}, packet_extra=declared)
    packet = load_and_validate(root)
    return compose(packet, load_layout("gbt9704", root))


def test_each_kind_is_subtotalled_from_its_own_projects(plan: Plan) -> None:
    [table] = table_plans(plan, "projects")
    rows = texts(table)
    assert [row.role for row in table.rows] == ["body"] * 3 + ["subtotal", "subtotal", "total"]
    assert rows[3][:5] == [
        "",
        "新建项目小计（2个）",
        "",
        "10000",
        "—",
    ]  # 乙 gave no figures: left out of the sums
    assert rows[4][:5] == ["", "续建项目小计（1个）", "", "2000", "500"]
    assert rows[5][:5] == ["", "合计（3个）", "", "12000", "500"]
    assert table.note is not None
    assert (
        table.note.text
        == "注：1个项目报告未列总投资，2个项目未列年度计划投资；小计与合计只含已列明金额的项目。"
    )
    assert (
        table.caption.text == "表1\u3000甲领域重点项目（金额单位：万元）" and table.continued.text == "续表1"
    )


def test_the_declared_row_shows_what_the_report_states_where_it_says_it(plan: Plan) -> None:
    [table] = table_plans(plan, "grand_total")
    declared = table.rows[-1]
    assert declared.role == "declared"
    by_column = {cell.text: cell.origin.field for cell in declared.cells if cell.text}
    assert by_column == {
        "报告申报合计（清单未列全）": "declared",
        "4": "declared.count",
        "15000": "declared.total_investment",
    }
    total = table.rows[-2]
    assert total.role == "total" and [cell.text for cell in total.cells][1:4] == ["合计（3个）", "3", "2"]


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_columns_fill_the_frame(layout: str) -> None:
    loaded = load_layout(layout, SAMPLE)
    frame = loaded.layout.page.frame_width
    cell = loaded.layout.styles[loaded.layout.table.cell_style].size
    for kind in loaded.tables.values():
        widths = column_widths(kind, loaded.layout)
        assert sum(widths) == pytest.approx(frame)
        for column, width in zip(kind.columns, widths, strict=True):
            if not isinstance(column.width, str):  # N字: that many characters plus the padding
                assert width == pytest.approx(float(column.width) * cell + 2 * loaded.layout.table.padding)


def test_columns_too_wide_for_the_frame_are_scaled_down_together() -> None:
    import msgspec

    from briefing.model.lengths import Em

    loaded = load_layout("gbt9704", SAMPLE)
    kind = loaded.tables["targets"]
    wide = msgspec.structs.replace(
        kind,
        columns=tuple(
            # Every column but the name and the note 20字 wide (the shipped layout sizes most from content).
            msgspec.structs.replace(column, width=Em(20) if column.field not in ("name", "note") else "1*")
            for column in kind.columns
        ),
    )
    widths = column_widths(wide, loaded.layout)
    assert sum(widths) == pytest.approx(loaded.layout.page.frame_width)
    fixed = [
        width for width, column in zip(widths, wide.columns, strict=True) if not isinstance(column.width, str)
    ]
    assert len(set(round(width, 6) for width in fixed)) == 1 and all(width > 0 for width in fixed)
    shared = [
        width for width, column in zip(widths, wide.columns, strict=True) if isinstance(column.width, str)
    ]
    assert shared == [0.0] * len(shared)  # nothing left for the N* columns


# --- what the report does not give, and a level with its growth (issue 12, points 1 and 3) ------------------

REAL = """\
targets:
  - name: 地区生产总值
    unit: 亿元
    last_year: {level: 108.2亿元, growth: 增长1.5%}
    target: {level: 113.6亿元, growth: 增长5%}
  - name: 城镇新增就业
    unit: 人
    target: null
  - name: 粮食产量
    unit: 万吨
    last_year: 17.8万吨
    target: {growth: 增加500吨}
"""
UNKNOWN = [
    {"name": "甲项目", "kind": "新建", "total_investment": "1亿元"},
    {"name": "乙项目", "kind": "未明确", "total_investment": "2000万元"},
    {"name": "丙项目", "total_investment": "3000万元"},
    {"name": "丁项目", "kind": "续建"},
]


@pytest.fixture
def real_root(tmp_path: Path) -> Path:
    area = area_yaml("甲领域", UNKNOWN, targets=REAL)
    return write_packet(tmp_path / "p", {"01-a.yaml": area})


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_a_level_with_its_growth_prints_whole_and_what_is_not_given_prints_empty(
    real_root: Path, layout: str
) -> None:
    plan = compose(load_and_validate(real_root), load_layout(layout, real_root))
    [table] = table_plans(plan, "targets")
    by_name = {row[1]: row for row in texts(table)}
    assert by_name["地区生产总值"][3:5] == ["108.2亿元，增长1.5%", "113.6亿元，增长5%"]
    assert by_name["城镇新增就业"][3:5] == ["—", "—"]
    assert by_name["粮食产量"][3:5] == ["17.8", "增加500吨"]


@pytest.mark.parametrize(
    ("layout", "label"), [("gbt9704", "性质未明项目小计（2个）"), ("briefing", "性质未明小计（2个）")]
)
def test_projects_of_unknown_kind_print_empty_and_are_subtotalled_apart(
    real_root: Path, layout: str, label: str
) -> None:
    plan = compose(load_and_validate(real_root), load_layout(layout, real_root))
    [table] = table_plans(plan, "projects")
    rows = texts(table)
    assert [row[2] for row in rows[:4]] == ["新建", "—", "—", "续建"]
    sums = [(row.role, row.cells[1].text, row.cells[3].text) for row in table.rows[4:]]
    assert sums == [
        ("subtotal", label.replace("性质未明", "新建").replace("2个", "1个"), "10000"),
        ("subtotal", label.replace("性质未明", "续建").replace("2个", "1个"), "—"),
        ("subtotal", label, "5000"),
        ("total", "合计（4个）", "15000"),
    ]


def test_the_printed_tables_show_it(real_root: Path) -> None:
    """Read back from the PDF: the cells as a reader sees them."""
    _, rendered = build_pdf(real_root)
    found = [rows for _, rows in tables(rendered.pdf)]
    targets = next(rows for rows in found if rows[0][1] == "指标")
    assert ["1", "地区生产总值", "亿元", "108.2亿元，增长1.5%", "113.6亿元，增长5%", "—"] in targets
    assert ["2", "城镇新增就业", "人", "—", "—", "—"] in targets
    projects = next(rows for rows in found if rows[0][1] == "项目名称")
    assert [row[2] for row in projects[1:5]] == ["新建", "—", "—", "续建"]
    assert any(row[1] == "性质未明项目小计（2个）" and row[3] == "5000" for row in projects)


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_the_grand_total_says_which_projects_neither_kind_counts(real_root: Path, layout: str) -> None:
    plan = compose(load_and_validate(real_root), load_layout(layout, real_root))
    [table] = table_plans(plan, "grand_total")
    assert texts(table)[0][2:5] == ["4", "1", "1"]  # 项目数, 新建, 续建: two of unknown kind
    assert table.note is not None and table.note.text == (
        "注：1个项目报告未列总投资，4个项目未列年度计划投资；小计与合计只含已列明金额的项目；"
        "2个项目报告未写明新建或续建，未计入新建、续建栏。"
    )
    [projects] = table_plans(plan, "projects")  # its own 性质未明 subtotal says it there
    assert projects.note is not None and "新建或续建" not in projects.note.text


def test_a_grand_total_note_for_unknown_kinds_alone(tmp_path: Path) -> None:
    projects = [{"name": "甲项目", "total_investment": "1亿元", "annual_investment": "1000万元"}]
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("甲领域", projects)})
    _, rendered = build_pdf(root)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.pdf)).pages)
    assert "注：1个项目报告未写明新建或续建，未计入新建、续建栏。" in text.replace("\n", "")
