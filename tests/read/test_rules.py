"""read/rules.py: a packet read into the model, with every problem collected with file, line and field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from briefing.errors import LayoutError, LoadError, Source, ValidationError, issue
from briefing.model.packet import UNKNOWN_KIND, LevelGrowth, Packet, sum_projects
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
        (
            "人",
            "增长5户",
            "targets[1].target: 增减幅度“增长5户”应以 % 或 个百分点 表示，如 增长6%；或用本指标的单位（人）",
        ),
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
        "annual_investment、period、status、lead_unit、note、progress",
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


# --- what a report does not give is not given (issue 12, point 1) ------------------------------------------


def test_a_target_written_null_empty_or_left_out_is_not_given(tmp_path: Path) -> None:
    rows = (
        "targets:\n"
        "  - name: 甲\n    unit: 人\n    target: null\n"
        "  - name: 乙\n    unit: 人\n    last_year: ''\n    target: ~\n"
        "  - name: 丙\n    unit: 人\n    last_year: 2000人\n"
    )
    packet = validate(write(tmp_path, a=AREA + rows))
    assert [(target.last_year, target.target) for target in packet.targets][:2] == [(None, None)] * 2
    assert packet.targets[2].target is None and packet.targets[2].last_year is not None


def test_a_project_whose_kind_the_report_does_not_say(tmp_path: Path) -> None:
    area = AREA + "projects:\n" + project("甲", "未明确") + "  - name: 乙\n" + project("丙", "新建")
    packet = validate(write(tmp_path, a=area))
    assert [p.kind for p in packet.projects] == [UNKNOWN_KIND, UNKNOWN_KIND, "新建"]
    totals = sum_projects(packet.projects)
    assert (totals.count, totals.new, totals.continued, totals.unknown) == (3, 1, 0, 2)
    assert totals.by_kind[UNKNOWN_KIND].count == 2


@pytest.mark.parametrize(("new", "continued", "ok"), [(1, 0, True), (2, 0, True), (3, 0, True), (4, 0, False),
                                                      (0, 2, False), (1, 2, True), (1, 3, False)])  # fmt: skip
def test_declared_kinds_may_count_the_projects_of_unknown_kind_either_way(
    tmp_path: Path, new: int, continued: int, ok: bool
) -> None:
    """1 新建 and 2 of unknown kind: 1 to 3 of them may be new, 0 to 2 continued."""
    area = AREA + "projects:\n" + project("甲") + project("乙", "未明确") + "  - name: 丙\n"
    declared = f"declared: {{complete: true, count: 3, new: {new}, continued: {continued}}}\n"
    root = write(tmp_path, PACKET + declared, a=area)
    if ok:
        validate(root)
        return
    key = "new" if not 1 <= new <= 3 else "continued"
    kind, listed, most = ("新建", 1, 3) if key == "new" else ("续建", 0, 2)
    claimed = new if key == "new" else continued
    column = declared.index(f"{key}: ") + len(key) + 3  # where the value is written
    assert problems(root) == [
        f"packet.yaml:6:{column}: declared.{key}: 申报{kind}项目 {claimed} 个，而清单中{kind} {listed} 个、"
        f"性质未明 2 个，{kind}至多 {most} 个；清单标为完整（complete: true）时请核对个数，或写明项目性质"
    ]


def test_an_area_may_leave_out_its_lead_unit_and_its_work_plan(tmp_path: Path) -> None:
    area = "title: 回顾\nlast_year_results: 上年完成情况。\n"
    packet = validate(write(tmp_path, a=area))
    assert (packet.areas[0].lead_unit, packet.areas[0].summary) == (None, ())
    assert packet.areas[0].last_year_results == ("上年完成情况。",)


# --- a level and its growth in one row (issue 12, point 3) ---------------------------------------------------


def pair_row(unit: str, value: str, key: str = "target") -> str:
    return AREA + f"targets:\n  - name: 地区生产总值\n    unit: {unit}\n    {key}: {value}\n"


def test_a_level_and_its_growth_are_one_value(tmp_path: Path) -> None:
    area = pair_row("亿元", "{level: 113.6亿元, growth: 增长5%}")
    area += "    last_year:\n      level: 108.2亿元\n      growth: 增长1.5%\n"
    target = validate(write(tmp_path, a=area)).targets[0]
    assert isinstance(target.target, LevelGrowth) and isinstance(target.last_year, LevelGrowth)
    assert str(target.target) == "113.6亿元，增长5%" and str(target.last_year) == "108.2亿元，增长1.5%"
    assert target.target.level.to("万元") == Decimal("1136000") and target.target.growth.amount == 5


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{level: 113.6亿元}", "113.6亿元"),  # the growth not given: the level alone
        ("{level: null, growth: 增长5%}", "增长5%"),
        ("{level: 1136000万元, growth: 增加2.4亿元}", "1136000万元，增加2.4亿元"),  # converts; by an amount
        ("{level: 113.6亿元, growth: 提高1个百分点}", "113.6亿元，提高1个百分点"),
    ],
)
def test_either_half_of_a_pair_may_be_left_out(tmp_path: Path, value: str, expected: str) -> None:
    target = validate(write(tmp_path, a=pair_row("亿元", value))).targets[0]
    assert str(target.target) == expected


def test_a_pair_with_nothing_given_is_not_given(tmp_path: Path) -> None:
    target = validate(write(tmp_path, a=pair_row("亿元", "{level: ~, growth: ''}"))).targets[0]
    assert target.target is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{level: 113.6万人, growth: 增长5%}", "targets[1].target.level: “113.6万人”的单位“万人”与本指标的单位“亿元”不符"),
        ("{level: 113.6亿元, growth: 增长5户}", "targets[1].target.growth: 增减幅度“增长5户”应以 % 或 个百分点 表示"),
        ("{level: 增长5%, growth: 增长5%}", "targets[1].target.level: 本年目标的 level 应是数值本身，如 113.6亿元；"
                                           "“增长5%”是增减幅度，应写在 growth"),
        ("{level: 113.6亿元, growth: 5%}", "targets[1].target.growth: 本年目标的 growth 应是增减幅度，如 增长5%；"
                                         "“5%”不是，数值本身应写在 level"),
        ("{level: 113.6亿元, rate: 增长5%}", "targets[1].target: 本年目标写成映射时只能有 text 一项"),
        ("{level: 113.6}", "targets[1].target.level: “113.6”缺少单位"),
        ("{text: ''}", "targets[1].target.text: 本年目标写成 {text: …} 时 text 不能为空"),
    ],
)  # fmt: skip
def test_what_is_wrong_with_a_pair_is_said_at_its_half(tmp_path: Path, value: str, message: str) -> None:
    found = problems(write(tmp_path, a=pair_row("亿元", value)))
    assert len(found) == 1 and message in found[0], found
    assert found[0].startswith("areas/a.yaml:7:"), found  # the row's line (flow style: the part's column)


# --- warnings: read, but probably not what was meant (issue 12, point 5) -----------------------------------


@pytest.mark.parametrize(
    ("line", "new", "message"),
    [
        ("title: 扩大内需", "title: （二）扩大内需", "areas/a.yaml:1:8: title: 警告：标题“（二）扩大内需”以序号“（二）”开头"),
        ("title: 扩大内需", "title: 三、扩大内需", "title: 警告：标题“三、扩大内需”以序号“三、”开头"),
        ("title: 扩大内需", "title: 1. 扩大内需", "请删去序号，写成 title: 扩大内需"),
        ("title: 扩大内需", "title: 第一，扩大内需", "以序号“第一，”开头"),
        ("lead_unit: 区发展和改革局", "lead_unit: “县商务局”", "areas/a.yaml:2:12: lead_unit: 警告：牵头单位写作 "
                                                        "“县商务局”，整个被引号括起，引号会照印出来；不需要引号时请写成 县商务局"),
        ("summary: 工作安排。", "summary: 工作安排,落实责任(分工):抓好落实;按期完成。",
         "areas/a.yaml:3:10: summary: 警告：工作安排里有夹在中文里的半角标点 ,():;；中文里应写全角 ，（）：；"),
    ],
)  # fmt: skip
def test_doubtful_values_are_warnings_on_a_valid_packet(
    tmp_path: Path, line: str, new: str, message: str
) -> None:
    packet = validate(write(tmp_path, a=AREA.replace(line, new)))
    rendered = [found.render("zh") for found in packet.warnings]
    assert len(rendered) == 1 and message in rendered[0], rendered
    assert all(found.is_warning for found in packet.warnings)


def test_what_is_not_a_slip_is_no_warning(tmp_path: Path) -> None:
    area = AREA.replace(
        "summary: 工作安排。", 'summary: "上午10:30召开，投资1,000万元，代码 ID: A1 (B2)，“六稳”“六保”。"'
    )
    area += "leader: “六稳”“六保”牵头人\n"
    assert validate(write(tmp_path, a=area)).warnings == ()


@pytest.mark.parametrize(
    ("line", "new"),
    [
        ("lead_unit: 区发展和改革局", "lead_unit: “" + "局" * 20_000 + "”"),
        ("title: 扩大内需", "title: （二）" + "需" * 20_000),
    ],
    ids=["quoted", "numbered"],
)
def test_a_long_value_is_cut_in_its_warning(tmp_path: Path, line: str, new: str) -> None:
    """The warning shows the value and how to write it, each cut short as every echoed value is."""
    packet = validate(write(tmp_path, a=AREA.replace(line, new)))
    [found] = [w for w in packet.warnings if w.code in ("text.quoted", "title.numbered")]
    assert len(found.render("zh")) < 300 and len(found.render("en")) < 400


def test_warnings_are_errors_when_strict_and_go_with_the_errors(tmp_path: Path) -> None:
    root = write(tmp_path, a=AREA.replace("title: 扩大内需", "title: 一、扩大内需"))
    with pytest.raises(ValidationError) as raised:
        validate_packet(load_packet(root), strict=True)
    [found] = raised.value.issues
    assert found.code == "title.numbered" and not found.is_warning
    assert found.render("en").startswith("areas/a.yaml:1:8: title: the title '一、扩大内需' starts with")
    # With an error, the warning is reported beside it (in file order), still as a warning.
    broken = write(
        tmp_path,
        PACKET.replace("year: 2023", "year: 23"),
        a=AREA.replace("title: 扩大内需", "title: 一、扩大内需"),
    )
    found_all = problems(broken)
    assert [line.split(": ")[1] for line in found_all] == ["year", "title"]
    assert "警告：" in found_all[1] and "警告：" not in found_all[0]


def test_a_layout_finder_reports_the_layout_with_the_other_problems(tmp_path: Path) -> None:
    root = write(tmp_path, PACKET + "layout: 本单位\n", a=AREA.replace("title: 扩大内需", "title: [a]"))

    def finder(name: str, where: Source) -> None:
        raise LayoutError(
            [issue(where, "layout", "layout.not-found", name=name, known=("gbt9704",), searched=())]
        )

    with pytest.raises(ValidationError) as raised:
        validate_packet(load_packet(root), finder)
    assert [(found.source.file, found.source.line, found.code) for found in raised.value.issues] == [
        ("packet.yaml", 6, "layout.not-found"),
        ("areas/a.yaml", 1, "type.wrong"),
    ]
