"""Progress records between two quarterly packets (issue 15): the sample with second-quarter progress
against a third-quarter copy with four known progress edits, in every output form, and the pairing rules."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from diff_packets import AREA, Q2_PROGRESS, Q3_PROGRESS, compared, diff_json, progress_sample
from pdfcheck import tables

from diff.marks import docx_cells, docx_marked

HEADER = ["原文", "修改后", "说明"]
# The four edits as the 修改对照表 shows them: 原文, 修改后, 说明.
KNOWN_ROWS = [
    [
        "社会消费品零售总额：推进情况（2023-06-30）完成值为增长4%",
        "社会消费品零售总额：推进情况（2023-06-30）完成值为增长5%",
        "修改指标：推进情况",
    ],
    [
        "固定资产投资：推进情况（截至2023年9月底）为（空）",
        "固定资产投资：推进情况（截至2023年9月底）为完成值为增长6.5%；进度为序时推进",
        "修改指标：推进情况",
    ],
    [
        "冰雪产业示范新城一期：推进情况（2023-06-30）进度为序时推进",
        "冰雪产业示范新城一期：推进情况（2023-06-30）进度为滞后",
        "修改项目：推进情况",
    ],
    [
        "高铁生态新城：推进情况（2023-09-30）截至日期为2023-06-30",
        "高铁生态新城：推进情况（2023-09-30）截至日期为2023-09-30",
        "修改项目：推进情况",
    ],
]


def _packets(tmp_path: Path) -> tuple[Path, Path]:
    return progress_sample(tmp_path / "q2", Q2_PROGRESS), progress_sample(tmp_path / "q3", Q3_PROGRESS)


def test_known_progress_edits_json(tmp_path: Path) -> None:
    old, new = _packets(tmp_path)
    data = diff_json(str(old), str(new))
    assert data["counts"] == {
        "fields": 0,
        "areas": {},
        "targets": {"changed": 2},
        "projects": {"changed": 2},
        "sentences": {},
        "progress": {"added": 1, "changed": 3},
    }
    [area] = data["areas"]
    assert area["key"] == AREA.removesuffix(".yaml") and area["texts"] == [] and area["totals"] is None
    items = {item["name"]: item for item in area["targets"] + area["projects"]}
    assert set(items) == {"固定资产投资", "社会消费品零售总额", "冰雪产业示范新城一期", "高铁生态新城"}
    assert all(item["status"] == "changed" and item["fields"] == [] for item in items.values())
    [added] = items["固定资产投资"]["progress"]
    assert (added["status"], added["as_of"], added["old_as_of"], added["old_source"]) == (
        "added",
        "截至2023年9月底",
        None,
        None,
    )
    assert added["source"].startswith(f"areas/{AREA}:")
    assert [(f["field"], f["old"], f["new"], f["kind"]) for f in added["fields"]] == [
        ("progress.as_of", None, "截至2023年9月底", "text"),
        ("progress.value", None, "增长6.5%", "value"),
        ("progress.status", None, "序时推进", "text"),  # computed: 6.5/8 = 81 % > 273/365
    ]

    def changed(name: str) -> list[tuple[str, str, str | None, str | None, str]]:
        [record] = items[name]["progress"]
        assert record["status"] == "changed"
        return [(record["old_as_of"], f["field"], f["old"], f["new"], f["kind"]) for f in record["fields"]]

    assert changed("社会消费品零售总额") == [("2023-06-30", "progress.value", "增长4%", "增长5%", "value")]
    assert changed("冰雪产业示范新城一期") == [("2023-06-30", "progress.status", "序时推进", "滞后", "text")]
    assert changed("高铁生态新城") == [("2023-06-30", "progress.as_of", "2023-06-30", "2023-09-30", "value")]


def test_known_progress_edits_terminal(tmp_path: Path) -> None:
    old, new = _packets(tmp_path)
    result = run_cli("diff", str(old), str(new))
    assert result.status == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[1:] == [
        "工作领域：着力扩大内需，推动经济合理增长（01-扩大内需）",
        "  修改指标“社会消费品零售总额”：推进情况（2023-06-30）完成值由“增长4%”改为“增长5%”",
        "  修改指标“固定资产投资”：推进情况（截至2023年9月底）新填“完成值为增长6.5%；进度为序时推进”",
        "  修改项目“冰雪产业示范新城一期”：推进情况（2023-06-30）进度由“序时推进”改为“滞后”",
        "  修改项目“高铁生态新城”：推进情况（2023-09-30）截至日期由“2023-06-30”改为“2023-09-30”",
        "共计：修改指标 2 项，修改项目 2 个，新增推进情况 1 条，修改推进情况 3 条。",
    ]
    english = run_cli("diff", str(old), str(new), "--lang", "en").out.splitlines()
    assert (
        "  target changed: 社会消费品零售总额: progress (2023-06-30) value reached 增长4% → 增长5%" in english
    )
    assert english[-1].endswith("1 progress record(s) added, 3 progress record(s) changed.")


def test_known_progress_edits_as_pdf_and_docx(tmp_path: Path) -> None:
    old, new = _packets(tmp_path)
    pdf, docx = tmp_path / "对照表.pdf", tmp_path / "对照表.docx"
    for output in (pdf, docx):
        result = run_cli("diff", str(old), str(new), "-o", str(output))
        assert result.status == 0, result.err
    rows = [[cell.replace(" ", "") for cell in row] for _, found in tables(pdf.read_bytes()) for row in found]
    assert [row for row in rows if row != HEADER] == [
        [cell.replace(" ", "") for cell in row] for row in KNOWN_ROWS
    ]
    cells = [row for row in docx_cells(docx) if [cell[0][0] if cell else "" for cell in row] != HEADER]
    assert [["".join(text for text, _ in cell) for cell in row] for row in cells] == KNOWN_ROWS
    # what changed is struck through in 原文 and underlined in 修改后: numbers whole, a new record whole
    assert docx_marked(docx, "strike") == ["4", "序时推进", "06"]
    assert docx_marked(docx, "underline") == ["5", "完成值为增长6.5%；进度为序时推进", "滞后", "09"]


def test_the_same_progress_is_no_change(tmp_path: Path) -> None:
    """Records the same but for where they stand in the file (a comment above them) are no change."""
    old = progress_sample(tmp_path / "a", Q2_PROGRESS)
    new = progress_sample(
        tmp_path / "b", {name: f"{record}  # 二季度" for name, record in Q2_PROGRESS.items()}
    )
    (new / "areas" / AREA).write_text("# 二季度报送\n" + (new / "areas" / AREA).read_text("utf-8"), "utf-8")
    diff, _ = compared(old, new)
    assert not diff.changed


def test_records_pair_by_day_then_the_one_left_in_place(tmp_path: Path) -> None:
    """A day written otherwise is wording; two records for one leftover are one added and one removed."""
    wording = {"固定资产投资": "{as_of: 截至2023年6月底, value: 增长3%}"}
    two = {"固定资产投资": "[{as_of: 2023-03-31, value: 增长1%}, {as_of: 2023-06-30, value: 增长3%}]"}
    shifted = {"固定资产投资": "[{as_of: 2023-06-30, value: 增长3%}, {as_of: 2023-09-30, value: 增长6%}]"}
    base = progress_sample(tmp_path / "base", {"固定资产投资": "{as_of: 2023-06-30, value: 增长3%}"})

    def records(old: Path, new: Path) -> list[tuple[str, str | None, str | None, list[str]]]:
        diff, _ = compared(old, new)
        [item] = [item for area in diff.areas for item in area.targets]
        return [
            (r.status, r.old_as_of, r.as_of, [f.field + ":" + f.kind for f in r.fields])
            for r in item.progress
        ]

    assert records(base, progress_sample(tmp_path / "w", wording)) == [
        ("changed", "2023-06-30", "截至2023年6月底", ["progress.as_of:wording"])
    ]
    # 03-31 is gone and 09-30 came; 06-30 is the same in both: not one record whose day moved on.
    assert records(
        progress_sample(tmp_path / "two", two), progress_sample(tmp_path / "shifted", shifted)
    ) == [
        (
            "added",
            None,
            "2023-09-30",
            ["progress.as_of:text", "progress.value:value", "progress.status:text"],
        ),
        (
            "removed",
            "2023-03-31",
            None,
            ["progress.as_of:text", "progress.value:value", "progress.status:text"],
        ),
    ]


def test_rows_with_progress_changes_are_marked_in_the_margin(tmp_path: Path) -> None:
    """`build --changes-since … --changes-as margin` marks the rows whose progress changed, and only those."""
    from briefing.compose.changes import changed_keys

    old, new = _packets(tmp_path)
    diff, after = compared(old, new)
    [area] = [area for area in after.areas if area.source.file == f"areas/{AREA}"]
    targets = [row.name for row in area.targets]
    projects = [row.name for row in area.projects]
    assert changed_keys(diff, after) == {
        (f"areas/{AREA}", f"targets[{targets.index('社会消费品零售总额') + 1}]"),
        (f"areas/{AREA}", f"targets[{targets.index('固定资产投资') + 1}]"),
        (f"areas/{AREA}", f"projects[{projects.index('冰雪产业示范新城一期') + 1}]"),
        (f"areas/{AREA}", f"projects[{projects.index('高铁生态新城') + 1}]"),
    }


def test_records_to_fill_from_init_are_named_so_not_printed_empty(tmp_path: Path) -> None:
    """`init --from` adds a record with only a day on every row; the change report says it is to fill."""
    old = progress_sample(tmp_path / "q2", Q2_PROGRESS)
    new = tmp_path / "q3"
    assert run_cli("init", "--from", str(old), str(new)).status == 0
    for lang, to_fill in (
        ("zh", "（空，待填完成值或进度）"),
        ("en", "(empty: value reached or status to fill in)"),
    ):
        run = run_cli("diff", str(old), str(new), "--lang", lang)
        assert run.status == 0, run.err
        added = [line for line in run.out.splitlines() if "2023-09-30" in line or "2023-12-31" in line]
        assert added and all(to_fill in line for line in added), added
        assert "“”" not in run.out and "set to  " not in run.out
