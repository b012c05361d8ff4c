"""The rows of the 修改对照表 for each kind of change, read from the plan (原文, 修改后, 说明; deleted characters
shown as [-…-], inserted ones as {+…+}), and where each text came from."""

from __future__ import annotations

from pathlib import Path

from diff_packets import area, compared, copy_sample, edit, small_packet

from briefing.compose.change_rows import Prefixes
from briefing.compose.changes import changed_keys, compose_changes
from briefing.errors import Source
from briefing.layouts.build import load_layout
from briefing.model.plan import Cell, TablePlan


def _shown(cell: Cell) -> str:
    text, out, position = cell.text, [], 0
    for mark in cell.marks:
        out.append(text[position : mark.start])
        inner = text[mark.start : mark.end]
        out.append(f"[-{inner}-]" if mark.kind == "delete" else f"{{+{inner}+}}")
        position = mark.end
    out.append(text[position:])
    return "".join(out)


def _tables(old: Path, new: Path) -> list[tuple[str, list[list[str]]]]:
    diff, after = compared(old, new)
    loaded = load_layout("gbt9704", after.root, (Source("--layout"), ""))
    plan = compose_changes(diff, after, loaded, Prefixes("old/", "new/"))
    return [
        (block.caption.text, [[_shown(cell) for cell in row.cells] for row in block.rows])
        for block in plan.blocks
        if isinstance(block, TablePlan)
    ]


def test_packet_fields_order_and_areas(tmp_path: Path) -> None:
    target = [{"name": "指标", "unit": "个", "target": "1个"}]
    old = small_packet(
        tmp_path / "old",
        {
            "01-甲.yaml": area("甲领域", targets=target),
            "02-乙.yaml": area("乙领域"),
            "03-丙.yaml": area("丙领域"),
            "04-丁.yaml": area("丁领域"),
        },
        "areas: [01-甲.yaml, 02-乙.yaml, 03-丙.yaml, 04-丁.yaml]\n",
    )
    new = small_packet(
        tmp_path / "new",
        {
            "01-甲.yaml": area("甲领域（新标题）", targets=target),
            "09-乙.yaml": area("乙领域"),
            "04-丁.yaml": area("丁领域"),
            "05-戊.yaml": area("戊领域", targets=target),
        },
        "areas: [01-甲.yaml, 04-丁.yaml, 09-乙.yaml, 05-戊.yaml]\ndraft: 征求意见稿\n",
    )
    assert _tables(old, new) == [
        (
            "表1　材料信息",
            [
                ["稿本标记为（空）", "稿本标记为{+征求意见稿+}", "修改稿本标记"],
                ["01-甲、[-02-乙、-]04-丁", "01-甲、04-丁{+、09-乙+}", "工作领域顺序调整"],
            ],
        ),
        ("表2　甲领域（新标题）", [["甲领域", "甲领域{+（新标题）+}", "工作领域改名"]]),
        ("表3　乙领域", [["[-02-]-乙", "{+09+}-乙", "工作领域改名"]]),
        ("表4　丙领域（已删除）", [["[-丙领域-]", "", "删除工作领域（指标 0 项，项目 0 个）"]]),
        ("表5　戊领域", [["", "{+戊领域+}", "新增工作领域（指标 1 项，项目 0 个）"]]),
    ]


def test_projects_moved_renamed_changed_and_wording(tmp_path: Path) -> None:
    a = [
        {"name": "甲项目", "kind": "续建", "total_investment": "2亿元"},
        {"name": "乙项目", "kind": "新建", "total_investment": "1亿元", "status": "开工"},
    ]
    b = [{"name": "丙项目", "kind": "续建", "total_investment": "3亿元"}]
    old = small_packet(
        tmp_path / "old", {"01-甲.yaml": area("甲领域", projects=a), "02-乙.yaml": area("乙领域", projects=b)}
    )
    a2 = [{**a[0], "name": "甲项目（一期）"}]
    b2 = [b[0] | {"kind": "新建", "total_investment": "30000万元"}, a[1]]
    new = small_packet(
        tmp_path / "new",
        {"01-甲.yaml": area("甲领域", projects=a2), "02-乙.yaml": area("乙领域", projects=b2)},
    )
    assert _tables(old, new) == [
        (
            "表1　甲领域",
            [
                ["甲项目", "甲项目{+（一期）+}", "项目改名"],
                [
                    "项目 [-2-] 个；新建 [-1-] 个；总投资 [-3-]亿元",
                    "项目 {+1+} 个；新建 {+0+} 个；总投资 {+2+}亿元",
                    "本领域合计",
                ],
            ],
        ),
        (
            "表2　乙领域",
            [
                [
                    "丙项目：建设性质为[-续-]建；总投资为[-3亿-]元",
                    "丙项目：建设性质为{+新+}建；总投资为{+30000万+}元",
                    "修改项目：建设性质、总投资",
                ],
                ["乙项目", "乙项目", "项目换了领域，原属“甲领域”"],
                [
                    "项目 [-1-] 个；新建 [-0-] 个；续建 [-1-] 个；总投资 [-3-]亿元",
                    "项目 {+2+} 个；新建 {+2+} 个；续建 {+0+} 个；总投资 {+4+}亿元",
                    "本领域合计",
                ],
            ],
        ),
        (
            "表3　整本材料合计",
            [["新建 [-1-] 个；续建 [-2-] 个", "新建 {+2+} 个；续建 {+1+} 个", "整本材料合计"]],
        ),
    ]


def test_a_figure_written_otherwise_says_so(tmp_path: Path) -> None:
    rows = [{"name": "总投资", "unit": "亿元", "target": "1.5亿元"}]
    old = small_packet(tmp_path / "old", {"01-示例.yaml": area("示例", targets=rows)})
    new = small_packet(
        tmp_path / "new", {"01-示例.yaml": area("示例", targets=[{**rows[0], "target": "15000万元"}])}
    )
    assert _tables(old, new) == [
        (
            "表1　示例",
            [
                [
                    "总投资：目标为[-1.5亿-]元",
                    "总投资：目标为{+15000万+}元",
                    "修改指标：目标（数值未变，写法不同）",
                ]
            ],
        )
    ]


def test_paragraphs_split_reordered_targets_and_sentences(tmp_path: Path) -> None:
    rows = [{"name": "甲", "unit": "个", "target": "1个"}, {"name": "乙", "unit": "个", "target": "2个"}]
    old = small_packet(tmp_path / "old", {"01-示例.yaml": area("示例", "第一句。第二句。", targets=rows)})
    new = small_packet(
        tmp_path / "new", {"01-示例.yaml": area("示例", "第一句。\n\n第二句。", targets=rows[::-1])}
    )
    assert _tables(old, new) == [
        ("表1　示例", [["", "", "指标顺序调整"], ["", "", "本年工作安排由 1 段改为 2 段（段落拆分或合并）"]])
    ]
    new = small_packet(tmp_path / "new2", {"01-示例.yaml": area("示例", "第一句。新的一句。", targets=rows)})
    assert _tables(old, new) == [
        ("表1　示例", [["[-第二-]句。", "{+新的一+}句。", "本年工作安排第1段：改写"]])
    ]


def test_what_the_margin_marks(tmp_path: Path) -> None:
    old = copy_sample(tmp_path / "old")
    new = copy_sample(tmp_path / "new")
    edit(new / "packet.yaml", "meeting: 区政府第一次常务会议", "meeting: 区政府第二次常务会议")
    diff, after = compared(old, new, ("a", "b"))
    assert changed_keys(diff, after) == {("packet.yaml", "meeting")}
