"""briefing diff on folders: the sample against a copy with known edits, identical packets, matching
rules (renames, moves, wording), invalid input and usage, in the terminal and as JSON."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from diff_packets import (
    ADDED,
    DROPPED,
    SAMPLE,
    SENTENCE_NEW,
    SENTENCE_OLD,
    area,
    copy_sample,
    diff_json,
    edit,
    edited_sample,
    small_packet,
)

from briefing.diff.changes import Piece
from briefing.diff.sides import Spec, parse_spec
from briefing.diff.terminal import marked

SENTENCE_PREFIX = (
    "把招商引资作为稳增长、增后劲的关键举措，压实招商引资任务，领导带头“走出去、请进来”开展精准招商，"
    "聚焦优势产业、新兴产业和未来产业，开展专业招商、委托招商、资本招商，积极跟踪鑫海针织、佳诺服饰、"
    "海宁鸿翔等行业龙头，"
)


def test_sample_against_known_edits_terminal(tmp_path: Path) -> None:
    new = edited_sample(tmp_path / "new")
    result = run_cli("diff", str(SAMPLE), str(new))
    assert result.status == 0
    assert result.err == ""
    assert result.out.splitlines() == [
        f"修改对照：{SAMPLE} → {new}",
        "工作领域：着力扩大内需，推动经济合理增长（01-扩大内需）",
        "  修改指标“固定资产投资”：目标由“增长8%”改为“增长9%”",
        "  本年工作安排的改动：",
        "    第4段 改写：…宁鸿翔等行业龙头，力争引进超亿元投资项目[-6-]{+8+}个以上，引进省外资金增长[-15-]{+20+}%。",
        "工作领域：着力推动升级，建立现代产业体系（02-产业升级）",
        f"  新增项目“{ADDED}”：建设性质为新建；总投资为3.5亿元；年度计划投资为1亿元；进展或年度目标为年内开工",
        f"  删除项目“{DROPPED}”：建设性质为续建；进展或年度目标为尽快落实东圣药业与国药物流、迦南科技合作事宜，"
        "力争投产；备注为2022年已实现主体封闭。",
        "  本领域合计：新建 3 → 4 个；续建 14 → 13 个；总投资 10亿元 → 13.5亿元；年度计划投资 — → 1亿元",
        "整本材料合计：新建 15 → 16 个；续建 35 → 34 个；总投资 10.66亿元 → 14.16亿元；年度计划投资 — → 1亿元",
        "（改写句中 [-…-] 为删去的文字，{+…+} 为新增的文字）",
        "共计：修改指标 1 项，新增项目 1 个，删除项目 1 个，改写语句 1 句。",
    ]


def test_sample_against_known_edits_in_english(tmp_path: Path) -> None:
    new = edited_sample(tmp_path / "new")
    result = run_cli("diff", str(SAMPLE), str(new), "--lang", "en")
    assert result.status == 0
    lines = result.out.splitlines()
    assert lines[0] == f"Changes from {SAMPLE} to {new}"
    assert "  target changed: 固定资产投资: target 增长8% → 增长9%" in lines
    assert lines[-1] == (
        "In all: 1 target(s) changed, 1 project(s) added, 1 project(s) dropped, 1 sentence(s) rewritten."
    )


def test_sample_against_known_edits_json(tmp_path: Path) -> None:
    new = edited_sample(tmp_path / "new")
    data = diff_json(str(SAMPLE), str(new))
    assert data["format"] == "briefing-diff/1"
    assert data["changed"] is True and data["truncated"] is False
    assert data["counts"] == {
        "fields": 0,
        "areas": {},
        "targets": {"changed": 1},
        "projects": {"added": 1, "removed": 1},
        "sentences": {"replaced": 1},
        "progress": {},
    }
    assert data["fields"] == [] and data["area_order"] is None
    assert [(a["status"], a["key"]) for a in data["areas"]] == [
        ("changed", "01-扩大内需"),
        ("changed", "02-产业升级"),
    ]
    first, second = data["areas"]
    assert first["targets"] == [
        {
            "status": "changed",
            "name": "固定资产投资",
            "old_name": None,
            "source": "areas/01-扩大内需.yaml:44:5",
            "old_source": "areas/01-扩大内需.yaml:44:5",
            "fields": [{"field": "target", "old": "增长8%", "new": "增长9%", "kind": "value"}],
            "progress": [],
        }
    ]
    assert first["projects"] == [] and first["totals"] is None and first["fields"] == []
    [text] = first["texts"]
    assert (text["field"], text["old_paragraphs"], text["new_paragraphs"]) == ("summary", 4, 4)
    [sentence] = text["sentences"]
    assert sentence["status"] == "replaced"
    assert (sentence["old_paragraph"], sentence["new_paragraph"]) == (4, 4)
    assert sentence["old"] == SENTENCE_PREFIX + SENTENCE_OLD
    assert sentence["new"] == SENTENCE_PREFIX + SENTENCE_NEW
    changed = [(p["op"], p["text"]) for p in sentence["pieces"] if p["op"] != "equal"]
    assert changed == [("delete", "6"), ("insert", "8"), ("delete", "15"), ("insert", "20")]
    assert "".join(p["text"] for p in sentence["pieces"] if p["op"] != "insert") == sentence["old"]
    assert "".join(p["text"] for p in sentence["pieces"] if p["op"] != "delete") == sentence["new"]
    assert [(p["status"], p["name"]) for p in second["projects"]] == [("added", ADDED), ("removed", DROPPED)]
    assert second["projects"][0]["fields"] == [
        {"field": "kind", "old": None, "new": "新建", "kind": "text"},
        {"field": "total_investment", "old": None, "new": "3.5亿元", "kind": "value"},
        {"field": "annual_investment", "old": None, "new": "1亿元", "kind": "value"},
        {"field": "status", "old": None, "new": "年内开工", "kind": "text"},
    ]
    assert second["projects"][1]["old_source"].startswith("areas/02-产业升级.yaml:")
    assert second["targets"] == [] and second["texts"] == []
    assert second["totals"]["old"]["total_investment"] == "100000"
    assert second["totals"]["new"]["total_investment"] == "135000"
    assert data["totals"]["old"]["count"] == data["totals"]["new"]["count"] == 50
    assert (data["totals"]["old"]["new"], data["totals"]["new"]["new"]) == (15, 16)


def test_identical_packets_have_no_changes(tmp_path: Path) -> None:
    copy = copy_sample(tmp_path / "copy")
    result = run_cli("diff", str(SAMPLE), str(copy))
    assert result.status == 0
    assert result.out.splitlines() == [f"修改对照：{SAMPLE} → {copy}", "两份材料内容相同，没有改动。"]
    data = diff_json(str(SAMPLE), str(SAMPLE))
    assert data["changed"] is False
    assert data["areas"] == [] and data["fields"] == [] and data["totals"] is None
    assert data["counts"] == {
        "fields": 0,
        "areas": {},
        "targets": {},
        "projects": {},
        "sentences": {},
        "progress": {},
    }
    assert data["old"] == {**data["new"], "label": str(SAMPLE)}
    assert (data["new"]["areas"], data["new"]["targets"], data["new"]["projects"]) == (8, 52, 50)


def test_comments_and_layout_of_yaml_are_not_changes(tmp_path: Path) -> None:
    """Only what the packet says counts: comments, quoting and a block rewrapped are not changes."""
    copy = copy_sample(tmp_path / "copy")
    path = copy / "areas" / "01-扩大内需.yaml"
    edit(path, "    target: 增长7%\n", '    target: "增长7%"  # 引号与注释\n')
    edit(path, "# 目标指标：", "# 改过的注释。目标指标：")
    assert diff_json(str(SAMPLE), str(copy))["changed"] is False


def test_value_and_wording_changes_are_told_apart(tmp_path: Path) -> None:
    rows = [
        {"name": "城镇新增就业", "unit": "人", "target": "2000人"},
        {"name": "地区生产总值", "unit": "%", "target": "增长7%"},
        {"name": "总投资", "unit": "亿元", "target": "1.5亿元"},
    ]
    old = small_packet(tmp_path / "old", {"01-示例.yaml": area("示例工作", targets=rows)})
    rows[0] = {**rows[0], "target": "2000人以上", "lead_unit": "区人社局"}
    rows[1] = {**rows[1], "target": "增长8%"}
    rows[2] = {**rows[2], "target": "15000万元", "note": "改写为万元"}
    new = small_packet(tmp_path / "new", {"01-示例.yaml": area("示例工作", targets=rows)})
    [changes] = diff_json(str(old), str(new))["areas"]
    assert [(t["name"], t["fields"]) for t in changes["targets"]] == [
        (
            "城镇新增就业",
            [
                {"field": "target", "old": "2000人", "new": "2000人以上", "kind": "wording"},
                {"field": "lead_unit", "old": None, "new": "区人社局", "kind": "text"},
            ],
        ),
        ("地区生产总值", [{"field": "target", "old": "增长7%", "new": "增长8%", "kind": "value"}]),
        (
            "总投资",
            [
                {"field": "target", "old": "1.5亿元", "new": "15000万元", "kind": "wording"},
                {"field": "note", "old": None, "new": "改写为万元", "kind": "text"},
            ],
        ),
    ]
    result = run_cli("diff", str(old), str(new))
    assert (
        "  修改指标“总投资”：目标由“1.5亿元”改为“15000万元”（数值未变，写法不同）；备注新填“改写为万元”"
        in result.out
    )


def test_a_target_renamed_only_when_unmistakable(tmp_path: Path) -> None:
    rows = [
        {"name": "新增就业", "unit": "人", "target": "2000人"},
        {"name": "甲", "unit": "个", "target": "5个"},
        {"name": "乙", "unit": "个", "target": "5个"},
        {"name": "戊", "unit": "个", "target": "3个"},
    ]
    old = small_packet(tmp_path / "old", {"01-示例.yaml": area("示例工作", targets=rows)})
    renamed = [
        {**rows[0], "name": "城镇新增就业"},  # the rest equal, and it is the only one: renamed
        {**rows[1], "name": "丙"},  # 甲 and 乙 are alike: which one became 丙 and 丁 cannot be told
        {**rows[2], "name": "丁"},
        {"name": "己", "unit": "个", "target": "4个"},  # name and target differ: not a rename
    ]
    new = small_packet(tmp_path / "new", {"01-示例.yaml": area("示例工作", targets=renamed)})
    [changes] = diff_json(str(old), str(new))["areas"]
    found = [(t["status"], t["name"], t["old_name"]) for t in changes["targets"]]
    assert found == [
        ("renamed", "城镇新增就业", "新增就业"),
        ("added", "丙", None),
        ("added", "丁", None),
        ("added", "己", None),
        ("removed", "甲", None),
        ("removed", "乙", None),
        ("removed", "戊", None),
    ]
    result = run_cli("diff", str(old), str(new))
    assert "  指标改名“新增就业”→“城镇新增就业”：其余各项未变" in result.out.splitlines()


def test_projects_moved_renamed_and_changed(tmp_path: Path) -> None:
    a = [
        {"name": "甲项目", "kind": "续建", "total_investment": "2亿元"},
        {"name": "乙项目", "kind": "新建", "total_investment": "1亿元", "status": "开工"},
    ]
    b = [{"name": "丙项目", "kind": "续建", "total_investment": "3亿元"}]
    old = small_packet(
        tmp_path / "old",
        {"01-甲.yaml": area("甲领域", projects=a), "02-乙.yaml": area("乙领域", projects=b)},
    )
    a2 = [{**a[0], "name": "甲项目（一期）"}]
    b2 = [b[0] | {"kind": "新建", "total_investment": "3.5亿元"}, a[1]]
    new = small_packet(
        tmp_path / "new",
        {"01-甲.yaml": area("甲领域", projects=a2), "02-乙.yaml": area("乙领域", projects=b2)},
    )
    data = diff_json(str(old), str(new))
    first, second = data["areas"]
    assert [(p["status"], p["name"], p["old_name"]) for p in first["projects"]] == [
        ("renamed", "甲项目（一期）", "甲项目")
    ]
    assert [(p["status"], p["name"], p["fields"]) for p in second["projects"]] == [
        (
            "changed",
            "丙项目",
            [
                {"field": "kind", "old": "续建", "new": "新建", "kind": "text"},
                {"field": "total_investment", "old": "3亿元", "new": "3.5亿元", "kind": "value"},
            ],
        ),
        ("moved", "乙项目", [{"field": "area", "old": "甲领域", "new": "乙领域", "kind": "text"}]),
    ]
    assert data["counts"]["projects"] == {"renamed": 1, "changed": 1, "moved": 1}
    assert data["totals"]["old"]["total_investment"] == "60000"
    assert data["totals"]["new"]["total_investment"] == "65000"
    lines = run_cli("diff", str(old), str(new)).out.splitlines()
    assert "  项目“乙项目”换了领域：所属领域由“甲领域”改为“乙领域”" in lines
    assert "  项目改名“甲项目”→“甲项目（一期）”：其余各项未变" in lines


def test_areas_added_removed_renamed_and_reordered(tmp_path: Path) -> None:
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
            "01-甲.yaml": area("甲领域（新标题）", targets=target),  # same file: retitled
            "09-乙.yaml": area("乙领域"),  # same title: file renamed
            "04-丁.yaml": area("丁领域"),
            "05-戊.yaml": area("戊领域", targets=target),
        },
        "areas: [01-甲.yaml, 04-丁.yaml, 09-乙.yaml, 05-戊.yaml]\n",
    )
    data = diff_json(str(old), str(new))
    assert [(a["status"], a["key"], a["old_key"], a["title"]) for a in data["areas"]] == [
        ("renamed", "01-甲", "01-甲", "甲领域（新标题）"),
        ("renamed", "09-乙", "02-乙", "乙领域"),
        ("removed", "03-丙", "03-丙", "丙领域"),
        ("added", "05-戊", None, "戊领域"),
    ]
    assert data["areas"][3]["targets"][0]["status"] == "added"
    assert data["area_order"] == {"old": ["01-甲", "02-乙", "04-丁"], "new": ["01-甲", "04-丁", "09-乙"]}
    assert data["counts"]["areas"] == {"renamed": 2, "removed": 1, "added": 1}
    lines = run_cli("diff", str(old), str(new)).out.splitlines()
    assert "  工作领域顺序调整：01-甲、02-乙、04-丁 → 01-甲、04-丁、09-乙" in lines
    assert "工作领域改名：甲领域（01-甲）→ 甲领域（新标题）（01-甲）" in lines
    assert "新增工作领域：戊领域（05-戊，1 项指标、0 个项目）" in lines
    assert "删除工作领域：丙领域（03-丙，0 项指标、0 个项目）" in lines


def test_packet_fields_and_declared_totals(tmp_path: Path) -> None:
    old = copy_sample(tmp_path / "old")
    new = copy_sample(tmp_path / "new")
    edit(new / "packet.yaml", "meeting: 区政府第一次常务会议", "meeting: 区政府第二次常务会议")
    edit(new / "packet.yaml", "date: 2022-12-19 ", "date: 2023-01-05 ")
    edit(new / "packet.yaml", "  count: 25\n", "  count: 26\n")
    edit(new / "packet.yaml", "layout: gbt9704\n", "layout: gbt9704\ndraft: 征求意见稿\n")
    data = diff_json(str(old), str(new))
    assert data["fields"] == [
        {"field": "meeting", "old": "区政府第一次常务会议", "new": "区政府第二次常务会议", "kind": "text"},
        {"field": "date", "old": "2022-12-19", "new": "2023-01-05", "kind": "text"},
        {"field": "draft", "old": None, "new": "征求意见稿", "kind": "text"},
        {"field": "declared.count", "old": "25", "new": "26", "kind": "value"},
    ]
    assert data["areas"] == [] and data["counts"]["fields"] == 4
    lines = run_cli("diff", str(old), str(new)).out.splitlines()
    assert lines[1:6] == [
        "材料信息",
        "  会议名称由“区政府第一次常务会议”改为“区政府第二次常务会议”",
        "  编印日期由“2022-12-19”改为“2023-01-05”",
        "  稿本标记新填“征求意见稿”",
        "  申报项目个数由“25”改为“26”",
    ]


def test_paragraph_split_and_reordered_targets(tmp_path: Path) -> None:
    rows = [{"name": "甲", "unit": "个", "target": "1个"}, {"name": "乙", "unit": "个", "target": "2个"}]
    old = small_packet(tmp_path / "old", {"01-示例.yaml": area("示例工作", "第一句。第二句。", targets=rows)})
    new = small_packet(
        tmp_path / "new", {"01-示例.yaml": area("示例工作", "第一句。\n\n第二句。", targets=rows[::-1])}
    )
    [changes] = diff_json(str(old), str(new))["areas"]
    assert changes["reordered"] == ["targets"] and changes["targets"] == []
    assert changes["texts"] == [
        {"field": "summary", "old_paragraphs": 1, "new_paragraphs": 2, "sentences": []}
    ]
    lines = run_cli("diff", str(old), str(new)).out.splitlines()
    assert lines[2:4] == ["  指标顺序调整", "  本年工作安排的改动（1 段 → 2 段）："]


def test_invalid_packets_are_located_on_both_sides(tmp_path: Path) -> None:
    old = copy_sample(tmp_path / "old")
    new = copy_sample(tmp_path / "new")
    edit(old / "areas" / "03-营商环境.yaml", "  - name: 新增市场主体", "  - nme: 新增市场主体")
    edit(new / "packet.yaml", "year: 2023", "year: 二〇二三")
    result = run_cli("diff", str(old), str(new))
    assert result.status == 1
    assert result.out == ""
    assert result.err.splitlines() == [
        f"{old}/areas/03-营商环境.yaml:41:5: targets[3].nme: 未知字段“nme”；是不是“name”？",
        f"{new}/packet.yaml:10:7: year: 工作年度“二〇二三”不是有效年份；应写四位年份，如 2023",
        "共 2 个问题，未生成任何文件。",
    ]
    english = run_cli("diff", str(old), str(new), "--json", "--lang", "en")
    assert english.status == 1 and english.out == ""


def test_folder_and_revision_syntax(tmp_path: Path) -> None:
    named = copy_sample(tmp_path / "稿@2023")  # an existing folder is a folder, @ or not
    result = run_cli("diff", str(named), str(SAMPLE))
    assert (result.status, result.out.splitlines()[1]) == (0, "两份材料内容相同，没有改动。")
    folders = {"a@b", "x"}
    assert parse_spec("a@b@HEAD~1", folders.__contains__) == Spec("a@b", "HEAD~1")
    assert parse_spec("x@HEAD@{1}", folders.__contains__) == Spec("x", "HEAD@{1}")
    assert parse_spec("gone@v1.0", folders.__contains__) == Spec("gone", "v1.0")
    assert parse_spec("x", folders.__contains__) == Spec("x")
    assert Spec("x", "HEAD").label == "x@HEAD"


def test_long_unchanged_stretches_are_shortened_in_the_terminal_only() -> None:
    pieces = (
        Piece("equal", "甲" * 30),
        Piece("delete", "乙"),
        Piece("insert", "丙"),
        Piece("equal", "丁" * 50),
        Piece("insert", "戊"),
        Piece("equal", "己" * 30),
    )
    assert marked(pieces, context=3) == "…甲甲甲[-乙-]{+丙+}丁丁丁…丁丁丁{+戊+}己己己…"
    assert marked(pieces[:3], context=20) == "甲" * 30 + "[-乙-]{+丙+}"
