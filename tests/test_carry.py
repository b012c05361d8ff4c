"""`briefing init --from`: next quarter's packet (a progress record to fill on every row, earlier ones
kept) and next year's (last year's actuals and the 完成情况 rows), and what a hostile packet cannot do."""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pdfplumber
import pytest
from conftest import run_cli

from briefing.pipeline import load_and_validate

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "bad_inputs" / "102-progress-accepted"  # progress as of 2023-09-30
SAMPLE = REPO / "data" / "dongchang-2023"  # no progress at all
AREA = "areas/01-示例工作.yaml"


def fixture_copy(tmp_path: Path, name: str = "q3") -> Path:
    packet = tmp_path / name
    shutil.copytree(FIXTURE, packet, ignore=shutil.ignore_patterns("expected.yaml"))
    return packet


def table_rows(pdf: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for table in page.extract_tables():
                rows += [[(cell or "").replace("\n", "") for cell in row] for row in table]
    return rows


def test_next_quarter_keeps_every_line_and_adds_a_record_as_of_the_next_quarter_end(tmp_path: Path) -> None:
    last = fixture_copy(tmp_path)
    new = tmp_path / "q4"
    run = run_cli("init", "--from", str(last), str(new))
    assert run.status == 0, run.err
    assert "截至 2023-12-31 的推进情况（共 5 项待填" in run.out
    assert (new / "packet.yaml").read_bytes() == (last / "packet.yaml").read_bytes()
    before = (last / AREA).read_text(encoding="utf-8").splitlines()
    after = (new / AREA).read_text(encoding="utf-8").splitlines()
    changes = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
    # texts and comments are kept as written; only the progress lines are written anew (block style)
    assert [
        line for line in changes if line.startswith("-") and not line[2:].strip().startswith("progress:")
    ] == []
    added = [line[2:].strip() for line in changes if line.startswith("+")]
    assert (
        added.count(
            "- {as_of: 2023-12-31, value: null}  # 待填：截至2023-12-31的完成值（value），算不出进度时另写 status"
        )
        == 5
    )
    # the earlier records are kept, and the model is the old one but for the records added
    old, made = load_and_validate(last), load_and_validate(new)
    for was, now in zip(old.targets + old.projects, made.targets + made.projects, strict=True):
        assert [r.value for r in now.progress[:-1]] == [r.value for r in was.progress]
        assert (now.progress[-1].as_of.isoformat(), now.progress[-1].value) == ("2023-12-31", None)
        assert now.name == was.name and now.lead_unit == was.lead_unit
    assert [t.target for t in made.targets] == [t.target for t in old.targets]


def test_the_records_to_fill_are_located_warnings_and_strict_refuses_them(tmp_path: Path) -> None:
    new = tmp_path / "q4"
    assert run_cli("init", "--from", str(fixture_copy(tmp_path)), str(new)).status == 0
    checked = run_cli("validate", str(new))
    assert checked.status == 0
    lines = [line for line in checked.err.splitlines() if "还没有填写" in line]
    assert len(lines) == 5
    assert (
        lines[0].startswith(f"{AREA}:")
        and "targets[1].progress[3]: 警告：截至 2023-12-31 的推进情况" in lines[0]
    )
    assert run_cli("validate", "--strict", str(new)).status == 1


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_a_filled_record_prints_under_the_new_quarter(tmp_path: Path, layout: str) -> None:
    new = tmp_path / "q4"
    assert run_cli("init", "--from", str(fixture_copy(tmp_path)), str(new)).status == 0
    area = new / AREA
    text = area.read_text(encoding="utf-8")
    # the department fills in the employment figure (the second target's record)
    first = text.index("{as_of: 2023-12-31, value: null}", text.index("城镇新增就业"))
    area.write_text(
        text[:first] + "{as_of: 2023-12-31, value: 2100人}" + text[first + 33 :], encoding="utf-8"
    )
    out = tmp_path / "q4.pdf"
    run = run_cli("build", str(new), "--layout", layout, "-o", str(out))
    assert run.status == 0, run.err
    rows = table_rows(out)
    header = next(row for row in rows if "指标" in row)
    assert "截至12月底完成" in header
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows if len(row) == len(header)}
    assert by_name["城镇新增就业"]["截至12月底完成"] == "2100"
    assert by_name["城镇新增就业"]["进度"] == "●已完成"
    assert by_name["固定资产投资"]["截至12月底完成"] == "—"  # still to fill: not last quarter's figure
    # the summary counts what has been reported; the records still to fill are not 已报
    with pdfplumber.open(out) as document:
        text = (
            "".join((page.extract_text() or "") for page in document.pages).replace("\n", "").replace(" ", "")
        )
    assert "已报推进情况的指标和项目共1项，其中●已完成1项。" in text


def test_a_packet_without_progress_starts_at_the_first_quarter(tmp_path: Path) -> None:
    new = tmp_path / "q1"
    run = run_cli("init", "--from", str(SAMPLE), str(new))
    assert run.status == 0, run.err
    made = load_and_validate(new)
    assert {item.progress[-1].as_of.isoformat() for item in (*made.targets, *made.projects)} == {"2023-03-31"}
    assert len(made.warnings) == 52 + 50 + len(load_and_validate(SAMPLE).warnings)


def test_as_of_chosen_and_the_end_of_the_year(tmp_path: Path) -> None:
    last = fixture_copy(tmp_path)
    run = run_cli("init", "--from", str(last), str(tmp_path / "a"), "--as-of", "2023-10-31")
    assert run.status == 0, run.err
    assert "{as_of: 2023-10-31, value: null}" in (tmp_path / "a" / AREA).read_text(encoding="utf-8")
    outside = run_cli("init", "--from", str(last), str(tmp_path / "b"), "--as-of", "2024-03-31")
    assert outside.status == 2
    assert "--as-of 的日期 2024-03-31 不在原材料的工作年度 2023 年内" in outside.err
    early = run_cli("init", "--from", str(last), str(tmp_path / "b"), "--as-of", "2023-09-30")
    assert early.status == 2 and "不晚于原材料已有的推进情况（最晚为 2023-09-30）" in early.err
    # a packet that already reports to 31 December: next is a new year
    ended = tmp_path / "c"
    assert run_cli("init", "--from", str(last), str(ended), "--as-of", "2023-12-31").status == 0
    over = run_cli("init", "--from", str(ended), str(tmp_path / "d"))
    assert over.status == 2 and "下一年的材料请用 --year-end 新建" in over.err
    assert not (tmp_path / "b").exists() and not (tmp_path / "d").exists()
    assert run_cli("init", str(tmp_path / "e"), "--year-end").status == 2


def test_a_flow_style_area_file_is_written_anew_with_the_same_content(tmp_path: Path) -> None:
    last = tmp_path / "flow"
    (last / "areas").mkdir(parents=True)
    shutil.copy(FIXTURE / "packet.yaml", last / "packet.yaml")
    (last / "packet.yaml").write_text(
        (FIXTURE / "packet.yaml").read_text(encoding="utf-8").split("declared:")[0], encoding="utf-8"
    )
    (last / AREA).write_text(
        "{title: 流式写法, targets: [{name: 城镇新增就业, unit: 人, target: 2000人, "
        "progress: {as_of: 2023-06-30, value: 900人}}], projects: []}\n",
        encoding="utf-8",
    )
    new = tmp_path / "next"
    assert run_cli("init", "--from", str(last), str(new)).status == 0
    made = load_and_validate(new)
    [target] = made.targets
    assert [(r.as_of.isoformat(), str(r.value)) for r in target.progress] == [
        ("2023-06-30", "900人"),
        ("2023-09-30", "None"),
    ]


# hostile or mistaken input -----------------------------------------------------------------------------
def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


def test_an_invalid_packet_is_reported_located_and_nothing_is_written(tmp_path: Path) -> None:
    last = fixture_copy(tmp_path)
    area = last / AREA
    area.write_text(
        area.read_text(encoding="utf-8").replace("target: 2000人", "target: 2000"), encoding="utf-8"
    )
    new = tmp_path / "out" / "q4"
    run = run_cli("init", "--from", str(last), str(new))
    assert run.status == 1
    assert f"{AREA}:" in run.err and "targets[2].target" in run.err
    assert not new.exists() and leftovers(tmp_path) == []


def test_the_new_folder_must_be_new_and_outside_the_packet(tmp_path: Path) -> None:
    last = fixture_copy(tmp_path)
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "keep.txt").write_text("x", encoding="utf-8")
    run = run_cli("init", "--from", str(last), str(taken))
    assert run.status == 2 and "已存在且不为空" in run.err
    assert os.listdir(taken) == ["keep.txt"]
    inside = run_cli("init", "--from", str(last), str(last / "next"))
    assert inside.status == 2 and "在原材料" in inside.err
    assert not (last / "next").exists()
    same = run_cli("init", "--from", str(last), str(last))
    assert same.status == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("init", "--from", str(last), str(empty)).status == 0
    assert (empty / "packet.yaml").is_file()


def test_links_out_of_the_packet_and_huge_files_are_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: 秘密\n", encoding="utf-8")
    last = fixture_copy(tmp_path)
    (last / AREA).unlink()
    (last / AREA).symlink_to(secret)
    run = run_cli("init", "--from", str(last), str(tmp_path / "a"))
    assert run.status == 1 and run.err.startswith(AREA) and "秘密" not in run.err
    assert not (tmp_path / "a").exists()
    huge = fixture_copy(tmp_path, "huge")
    with (huge / AREA).open("a", encoding="utf-8") as stream:
        stream.write("# " + "x" * (3 * 1024 * 1024) + "\n")
    run = run_cli("init", "--from", str(huge), str(tmp_path / "b"))
    assert run.status == 1 and run.err.startswith(AREA)
    assert not (tmp_path / "b").exists() and leftovers(tmp_path) == []


def test_the_packets_own_layout_is_copied_but_not_a_link_in_it(tmp_path: Path) -> None:
    last = fixture_copy(tmp_path)
    shutil.copytree(REPO / "layouts" / "gbt9704", last / "layouts" / "mine")
    (last / "layouts" / "mine" / "layout.yaml").write_text(
        (REPO / "layouts" / "gbt9704" / "layout.yaml")
        .read_text(encoding="utf-8")
        .replace("name: gbt9704", "name: mine"),
        encoding="utf-8",
    )
    packet = last / "packet.yaml"
    packet.write_text(
        packet.read_text(encoding="utf-8").replace("layout: gbt9704", "layout: mine"), encoding="utf-8"
    )
    new = tmp_path / "q4"
    assert run_cli("init", "--from", str(last), str(new)).status == 0
    assert (new / "layouts" / "mine" / "section.j2").read_bytes() == (
        last / "layouts" / "mine" / "section.j2"
    ).read_bytes()
    assert run_cli("build", str(new), "-o", str(tmp_path / "q4.pdf")).status == 0
    (last / "layouts" / "mine" / "passwd.j2").symlink_to("/etc/passwd")
    run = run_cli("init", "--from", str(last), str(tmp_path / "again"))
    assert run.status == 1
    assert "layouts/mine/passwd.j2 是链接或特殊文件" in run.err
    assert not (tmp_path / "again").exists()


def test_a_folder_that_cannot_be_made_is_a_located_message(tmp_path: Path) -> None:
    last = fixture_copy(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    run = run_cli("init", "--from", str(last), str(blocker / "q4"))
    assert run.status == 1
    assert run.err.startswith(f"{blocker / 'q4'}: 无法写入 {blocker / 'q4'}：")
    assert leftovers(tmp_path) == [] and blocker.read_text(encoding="utf-8") == "x"
