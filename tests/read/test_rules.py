"""read/rules.py: a packet read into the model, with every problem collected with file, line and field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from briefing.errors import LoadError, ValidationError
from briefing.model.packet import Packet, sum_projects
from briefing.read.packet_files import load_packet
from briefing.read.rules import validate_packet

# --- packets --------------------------------------------------------------------------------------------

PACKET = """\
title: 测试材料
meeting: 区政府常务会议
issuer: 区人民政府办公室
date: 2023-01-10
year: 2023
"""
AREA = """\
title: 扩大内需
lead_unit: 区发展和改革局
summary: 工作安排。
"""


def project(name: str, kind: str = "新建", total: str = "", annual: str = "") -> str:
    lines = [f"  - name: {name}", f"    kind: {kind}"]
    if total:
        lines.append(f"    total_investment: {total}")
    if annual:
        lines.append(f"    annual_investment: {annual}")
    return "\n".join(lines) + "\n"


def write(root: Path, packet: str = PACKET, **areas: str) -> Path:
    (root / "areas").mkdir(parents=True, exist_ok=True)
    (root / "packet.yaml").write_text(packet, encoding="utf-8")
    for name, text in (areas or {"a": AREA}).items():
        (root / "areas" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def validate(root: Path) -> Packet:
    return validate_packet(load_packet(root))


def problems(root: Path, lang: str = "zh") -> list[str]:
    with pytest.raises((LoadError, ValidationError)) as raised:
        validate(root)
    return [found.render(lang) for found in raised.value.issues]


def test_a_minimal_packet_is_valid(tmp_path: Path) -> None:
    packet = validate(write(tmp_path))
    assert packet.title == "测试材料" and packet.year == 2023 and packet.layout == "gbt9704"
    assert [area.title for area in packet.areas] == ["扩大内需"]
    assert packet.areas[0].summary == ("工作安排。",)


def test_the_starter_is_valid(starter: Path) -> None:
    packet = validate(starter)
    assert len(packet.projects) == 2 and len(packet.targets) == 3


def test_exact_sums_pass_a_complete_declaration(tmp_path: Path) -> None:
    declared = (
        "declared: {complete: true, count: 3, total_investment: 0.3亿元, annual_investment: 3000万元}\n"
    )
    area = AREA + "projects:\n" + project("甲", total="0.1亿元", annual="0.1亿元")
    area += project("乙", total="0.2亿元", annual="2000万元") + project("丙", total="0元", annual="0元")
    packet = validate(write(tmp_path, PACKET + declared, a=area))
    totals = sum_projects(packet.projects)
    assert totals.total_investment == Decimal("3000") and totals.annual_investment == Decimal("3000")


def test_declared_total_mismatch_shows_both_numbers(tmp_path: Path) -> None:
    declared = "declared:\n  complete: true\n  total_investment: 0.31亿元\n  annual_investment: 2999万元\n"
    area = AREA + "projects:\n" + project("甲", total="0.1亿元", annual="0.1亿元")
    area += project("乙", total="0.2亿元", annual="2000万元")
    found = problems(write(tmp_path, PACKET + declared, a=area))
    assert found == [
        "packet.yaml:8:21: declared.total_investment: 申报合计为 0.31亿元，清单各行之和为 0.3亿元；"
        "清单标为完整（complete: true）时两者须一致",
        "packet.yaml:9:22: declared.annual_investment: 申报合计为 2999万元，清单各行之和为 3000万元；"
        "清单标为完整（complete: true）时两者须一致",
    ]
    english = problems(tmp_path, "en")
    assert "declared total is 0.31亿元 but the rows add up to 0.3亿元" in english[0]


def test_an_incomplete_declaration_is_not_checked(tmp_path: Path) -> None:
    declared = "declared: {complete: false, count: 25, total_investment: 140亿元}\n"
    packet = validate(
        write(tmp_path, PACKET + declared, a=AREA + "projects:\n" + project("甲", total="1亿元"))
    )
    assert packet.declared is not None and not packet.declared.complete, "kept, to be shown"
    assert packet.declared.count == 25 and packet.declared.total_investment.text() == "140亿元"  # type: ignore[union-attr]
    assert len(packet.projects) == 1, "1 of the 25 listed: no mismatch reported"


def test_rows_without_the_figure_are_named_not_summed(tmp_path: Path) -> None:
    declared = "declared: {complete: true, total_investment: 1亿元}\n"
    area = AREA + "projects:\n" + project("甲", total="1亿元") + project("乙")
    assert problems(write(tmp_path, PACKET + declared, a=area)) == [
        "packet.yaml:6:46: declared.total_investment: 申报合计为 1亿元，但有 1 个项目未填此项，无法核对；"
        "请补齐，或改为 complete: false"
    ]


def test_counts_by_kind(tmp_path: Path) -> None:
    declared = "declared: {complete: true, count: 2, new: 2, continued: 0}\n"
    area = AREA + "projects:\n" + project("甲") + project("乙", kind="续建")
    assert problems(write(tmp_path, PACKET + declared, a=area)) == [
        "packet.yaml:6:43: declared.new: 申报个数为 2，清单实际为 1；清单标为完整（complete: true）时两者须一致",
        "packet.yaml:6:57: declared.continued: 申报个数为 0，清单实际为 1；清单标为完整（complete: true）时两者须一致",
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            project("乙", kind="改建", total="1亿元"),
            "areas/a.yaml:9:11: projects[2].kind: 建设性质“改建”不是允许的值",
        ),
        (project("乙", "续建", total="1亿"), "areas/a.yaml:10:23: projects[2].total_investment: “1亿”"),
        (
            project("乙", "续建", total="-1亿元"),
            "areas/a.yaml:10:23: projects[2].total_investment: 总投资“-1亿元”为负数",
        ),
        ("  - 乙\n", "areas/a.yaml:8:5: projects[2]: 重点项目应是“键: 值”形式的映射"),
    ],
)
def test_a_bad_row_is_reported_once_without_a_declared_cascade(
    tmp_path: Path, row: str, message: str
) -> None:
    """The declared totals cannot be checked against a row that is itself wrong; saying so would be noise."""
    declared = "declared: {complete: true, count: 2, new: 1, continued: 1, total_investment: 2亿元}\n"
    area = AREA + "projects:\n" + project("甲", total="1亿元") + row
    found = problems(write(tmp_path, PACKET + declared, a=area))
    assert len(found) == 1 and found[0].startswith(message), found


def test_annual_above_total(tmp_path: Path) -> None:
    area = AREA + "projects:\n" + project("甲", total="5000万元", annual="0.6亿元")
    assert problems(write(tmp_path, a=area)) == [
        "areas/a.yaml:8:24: projects[1].annual_investment: 年度计划投资 0.6亿元 大于总投资 5000万元；"
        "年度投资不能超过总投资，请核对"
    ]


def test_the_same_project_in_two_areas(tmp_path: Path) -> None:
    one = AREA + "projects:\n" + project("甲")
    found = problems(write(tmp_path, a=one, b=one))
    assert found == [
        "areas/b.yaml:5:11: projects[1].name: 项目“甲”重复（areas/a.yaml:5 已有）；同一项目只列一次"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("date: 2023-02-30", "packet.yaml:4:7: date: 编印日期“2023-02-30”不是有效日期"),
        ("date: 2023年2月29日", "packet.yaml:4:7: date: 编印日期“2023年2月29日”不是有效日期"),
        ("date: [2023]", "packet.yaml:4:7: date: 编印日期应为日期（如 2023-01-10），这里是列表"),
        ("date: 2024-02-29", None),
        ("date: 2023年1月10日", None),
    ],
)
def test_dates(tmp_path: Path, line: str, message: str | None) -> None:
    root = write(tmp_path, PACKET.replace("date: 2023-01-10", line))
    if message is None:
        validate(root)
    else:
        assert problems(root)[0].startswith(message)


@pytest.mark.parametrize(
    ("period", "ok"),
    [
        ("2023年", True),
        ("2022—2024年", True),
        ("2023年3月—2023年12月", True),
        ("2022-2024", True),
        ("2024—2022年", False),
        ("2023年12月—2023年3月", False),
        ("2023年13月", False),
        ("明年", False),
        ("1900年", False),
    ],
)
def test_periods(tmp_path: Path, period: str, ok: bool) -> None:
    area = AREA + "projects:\n" + project("甲") + f"    period: {period}\n"
    root = write(tmp_path, a=area)
    if ok:
        assert validate(root).projects[0].period.text == period  # type: ignore[union-attr]
    else:
        assert problems(root) == [
            f"areas/a.yaml:7:13: projects[1].period: 建设期限“{period}”不是有效的期限；"
            "应写成 2023年、2022—2024年 或 2023年3月—2023年12月，且起不晚于止"
        ]


def indicator(unit: str, target: str) -> str:
    return AREA + f"targets:\n  - name: 指标\n    unit: {unit}\n    target: {target}\n"


@pytest.mark.parametrize(
    ("unit", "target", "message"),
    [
        ("人", "2000人", None),
        ("人", "0.2万人", None),  # convertible
        ("人", "增长5%", None),  # a change is a rate, whatever the indicator counts
        ('"%"', "不低于全市平均水平", None),
        ('"%"', "{text: 比上年提高2个百分点左右}", None),
        ("人", "2000万元", "targets[1].target: “2000万元”的单位“万元”与本指标的单位“人”不符"),
        ("人", "增长5人", None),  # an absolute change, in the indicator's own unit
        ("万吨", "减少500吨", None),  # … or one that converts to it
        ("人", "增长5户", "targets[1].target: 增减幅度“增长5户”应以 % 或 个百分点 表示，如 增长6%；或用本指标的单位（人）"),
        ("人们", "2000人", "targets[1].unit: 单位“人们”无法识别；是不是“人”？"),
        ("人", "2000", "targets[1].target: “2000”缺少单位"),
        ("人", "{text: a, b: c}", "targets[1].target: 本年目标写成映射时只能有 text 一项"),
    ],
)
def test_indicator_units(tmp_path: Path, unit: str, target: str, message: str | None) -> None:
    root = write(tmp_path, a=indicator(unit, target))
    if message is None:
        validate(root)
    else:
        found = problems(root)
        assert len(found) == 1 and message in found[0], found


def test_unknown_and_missing_fields(tmp_path: Path) -> None:
    area = "titel: 扩大内需\nsummary: 安排。\nprojects:\n  - kind: 新建\n    类型: 新建\n"
    assert problems(write(tmp_path, a=area)) == [
        # title is not also called missing: the misspelt key already points at it
        "areas/a.yaml:1:1: titel: 未知字段“titel”；是不是“title”？",
        "areas/a.yaml:4:5: projects[1].name: 缺少必填字段（项目名称）；请添加，例如 name: 示例项目",
        "areas/a.yaml:5:5: projects[1].类型: 未知字段“类型”；允许的字段有：name、kind、total_investment、"
        "annual_investment、period、status、lead_unit、note",
    ]


def test_all_problems_are_reported_at_once_in_file_order(tmp_path: Path) -> None:
    packet = PACKET.replace("year: 2023", "year: 23").replace("date: 2023-01-10", "date: 2023-13-01")
    root = write(tmp_path, packet, a=AREA.replace("title: 扩大内需", "title: [a]"), b="- x\n", c="")
    found = problems(root)
    assert [line.split(": ")[0] for line in found] == [
        "packet.yaml:4:7",
        "packet.yaml:5:7",
        "areas/a.yaml:1:8",
        "areas/b.yaml:1:1",
        "areas/c.yaml:1:1",
    ]


def test_load_problems_alone_raise_load_error(tmp_path: Path) -> None:
    root = write(tmp_path, a=AREA + "leader: 甲\nleader: 乙\n")
    with pytest.raises(LoadError):
        validate(root)


def test_messages_in_english(tmp_path: Path) -> None:
    root = write(tmp_path, PACKET.replace("year: 2023", "year: 二〇二三"))
    assert problems(root, "en") == [
        "packet.yaml:5:7: year: 工作年度 '二〇二三' is not a year; write four digits, e.g. 2023"
    ]


def test_user_text_cannot_break_the_message_line(tmp_path: Path) -> None:
    area = AREA + 'targets:\n  - name: 指标\n    target: "第1\\n名"\n    "坏\\n键": 1\n'
    found = problems(write(tmp_path, a=area))
    assert all("\n" not in line for line in found)
    assert any("targets[1].坏↵键: " in line for line in found), found


def test_each_field_remembers_where_it_was_written(tmp_path: Path) -> None:
    """Later stages locate their own problems (a table too wide, a missing glyph) through Located.where."""
    area = AREA + "projects:\n" + project("甲", total="1亿元")
    packet = validate(write(tmp_path, a=area))
    first = packet.projects[0]
    assert (first.where("total_investment").line, first.where("total_investment").column) == (7, 23)
    assert first.where("period") == first.source  # not written: the row itself
    assert packet.areas[0].where("summary").line == 3
    assert packet.where("year").line == 5


def test_lists_in_messages_are_joined_the_way_each_language_lists(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Allowed fields and choices were joined with 、 before the language was known; English showed 、."""
    from packets import area_yaml, write_packet

    from briefing.cli import main

    area = area_yaml("测试", extra="colour: red")
    root = write_packet(tmp_path / "p", {"01-a.yaml": area})
    for lang, joiner in (("en", ", "), ("zh", "、")):
        assert main(["validate", str(root), "--lang", lang]) == 1
        err = capsys.readouterr().err
        line = next(line for line in err.splitlines() if "colour" in line)
        assert f"title{joiner}lead_unit" in line or f"lead_unit{joiner}" in line, line
        assert ("、" in line) == (lang == "zh"), line


# --- a required text of spaces only is missing, not silently empty -------------------------------------------

BLANKS = {"ideographic-space": '"\u3000"', "spaces": '"   "', "tab": '"\\t"', "mixed": '" \u3000 "'}
REQUIRED_TEXTS = [
    # (file, the line as the valid packet writes it, the field, its label, the example the message gives)
    ("packet.yaml", "title: 测试材料", "title", "材料标题", "2023年重点工作汇报材料"),
    ("packet.yaml", "meeting: 区政府常务会议", "meeting", "会议名称", "区政府常务会议"),
    ("packet.yaml", "issuer: 区人民政府办公室", "issuer", "编印单位", "区人民政府办公室"),
    ("areas/a.yaml", "title: 扩大内需", "title", "标题", "示例工作领域"),
    ("areas/a.yaml", "  - name: 指标甲", "targets[1].name", "指标名称", "城镇新增就业"),
    ("areas/a.yaml", "  - name: 项目甲", "projects[1].name", "项目名称", "示例项目"),
]
ROWS = "targets:\n  - name: 指标甲\n    target: 2000人\nprojects:\n  - name: 项目甲\n    kind: 新建\n"


@pytest.mark.parametrize("blank", list(BLANKS.values()), ids=list(BLANKS))
@pytest.mark.parametrize(
    ("file", "line", "field", "label", "example"), REQUIRED_TEXTS, ids=[row[2] for row in REQUIRED_TEXTS]
)
def test_a_required_text_of_spaces_only_is_a_located_missing_field(
    tmp_path: Path, cli, blank: str, file: str, line: str, field: str, label: str, example: str
) -> None:  # type: ignore[no-untyped-def]
    """Spaces (U+3000 too) read as nothing; a required field holding nothing is missing, said at its key,
    as a field left empty is — not dropped without a word and printed blank."""
    root = write(tmp_path, PACKET, a=AREA + ROWS)
    path = root / file
    text = path.read_text(encoding="utf-8")
    key, _, _ = line.partition(": ")
    path.write_text(text.replace(line, f"{key}: {blank}"), encoding="utf-8")
    number = next(n for n, written in enumerate(text.splitlines(), 1) if written == line)
    column = len(key) - len(key.lstrip(" -")) + 1
    run = cli("validate", str(root))
    assert run.status == 1, run.out
    assert run.err.splitlines()[0] == (
        f"{file}:{number}:{column}: {field}: 缺少必填字段（{label}）；请添加，例如 {field.rpartition('.')[2]}: {example}"
    ), run.err
    assert "共 1 个问题" in run.err
