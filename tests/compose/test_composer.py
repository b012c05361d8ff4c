"""The Composer: a layout's blocks in the order it lists them, and what its templates' marker lines add."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from briefing.compose import compose
from briefing.errors import LayoutError
from briefing.layouts.build import load_layout
from briefing.model.plan import Contents, PageBreak, Para, Rule, Space, TablePlan, VFill
from briefing.pipeline import load_and_validate
from briefing.read.recipients import load_recipients

from .hostile import RECIPIENTS, REPO, SAMPLE, edit, files_under, hostile, with_template


@pytest.fixture(scope="module")
def packet():  # type: ignore[no-untyped-def]
    return load_and_validate(SAMPLE)


def kinds(blocks: tuple[object, ...]) -> list[str]:
    return [type(block).__name__ for block in blocks]


def test_the_blocks_come_in_the_layouts_order(packet) -> None:  # type: ignore[no-untyped-def]
    plan = compose(packet, load_layout("gbt9704", packet.root))
    names = kinds(plan.blocks)
    first_break = names.index("PageBreak")
    assert "Para" in names[:first_break] and names[first_break + 1] == "Contents"  # cover, then contents
    headings = [block for block in plan.blocks if isinstance(block, Para) and block.style == "h1"]
    assert [block.text for block in headings[: len(packet.areas)]] == [
        f"{number}、{area.title}"
        for number, area in zip(("一", "二", "三", "四", "五", "六", "七", "八"), packet.areas, strict=False)
    ]
    last = plan.blocks[-1]
    assert isinstance(last, TablePlan) and last.kind == "grand_total"
    keys = [block.key for block in plan.blocks if isinstance(block, Para) and block.key]
    keys += [block.caption.key for block in plan.blocks if isinstance(block, TablePlan)]
    assert len(keys) == len(set(keys)), "every contents entry has its own key"
    assert plan.page_number_format == "— \x00page\x00 —"


def test_a_layout_may_leave_blocks_out(tmp_path: Path, packet) -> None:  # type: ignore[no-untyped-def]
    layout = hostile(tmp_path, "cover.j2", "[cover_title]{{ packet.title }}\n")
    edit(layout, "blocks: [cover, contents, areas, grand_total, progress]", "blocks: [areas, cover]")
    plan = compose(packet, load_layout(str(layout), packet.root))
    assert not any(isinstance(block, Contents) for block in plan.blocks)
    assert not any(isinstance(block, TablePlan) and block.kind == "grand_total" for block in plan.blocks)
    assert plan.blocks[-2] == Para("cover_title", packet.title, plan.blocks[-2].origin)
    assert isinstance(plan.blocks[-1], PageBreak)


def test_duplex_starts_each_part_on_a_right_hand_page(packet) -> None:  # type: ignore[no-untyped-def]
    breaks = [
        block
        for block in compose(packet, load_layout("gbt9704", packet.root), duplex=True).blocks
        if isinstance(block, PageBreak)
    ]
    assert breaks and all(block.odd for block in breaks)


def test_numbered_copies_leave_room_for_the_copy_number_and_end_with_the_list(packet) -> None:  # type: ignore[no-untyped-def]
    loaded = load_layout("gbt9704", packet.root)
    plain = compose(packet, loaded)
    numbered = compose(packet, loaded, recipients=tuple(load_recipients(RECIPIENTS)), copy_number="000001")
    assert not isinstance(plain.blocks[0], Space) and isinstance(numbered.blocks[0], Space)
    assert numbered.marks.copy_number == "000001"
    tail = numbered.blocks[len(plain.blocks) + 1 :]
    assert [type(block) for block in tail[:2]] == [VFill, Rule]
    listed = next(block for block in tail if isinstance(block, Para) and block.text.startswith("分送："))
    assert listed.text == (
        "分送：区发展和改革局王明（000001），区工业和信息化局李红（000002），区财政局张伟（000003），"
        "区人力资源和社会保障局刘洋（000004），区政府办公室陈静（000005）。"
    )
    assert listed.origin.field == "distribution.j2"


def test_area_data_outside_a_section_is_a_located_error(tmp_path: Path) -> None:
    """[@targets] on the cover has no area to take targets from: it crashed (exit 70), and in grand_total.j2
    it silently printed the last area's table."""
    layout = hostile(tmp_path, "cover.j2", "[cover_title]x\n[@targets]\n")
    hostile(tmp_path, "grand_total.j2", "[h1]附\n[@grand_total]\n[@projects]\n")
    run = run_cli("build", str(SAMPLE), "--layout", str(layout), "-o", str(tmp_path / "x.pdf"))
    assert run.status == 1, run.err
    message = "[@{name}] 是某个工作领域的数据，只能用在 section.j2 中；{template} 不属于任何工作领域，这里只能用 [@grand_total]"
    assert run.err.splitlines() == [
        "hostile/cover.j2:1:1: cover.j2: " + message.format(name="targets", template="cover.j2"),
        "hostile/grand_total.j2:1:1: grand_total.j2: "
        + message.format(name="projects", template="grand_total.j2"),
        "共 2 个问题，未生成任何文件。",
    ]
    english = run_cli(
        "--lang", "en", "build", str(SAMPLE), "--layout", str(layout), "-o", str(tmp_path / "x.pdf")
    )
    assert "[@targets] is the data of one work area and belongs in section.j2" in english.err
    assert not (tmp_path / "x.pdf").exists()


def test_a_broken_page_number_text_is_reported(tmp_path: Path) -> None:
    """texts.page_number was rendered after the problems were counted: a failure left the pages unnumbered."""
    layout = hostile(tmp_path, "cover.j2", (REPO / "layouts" / "gbt9704" / "cover.j2").read_text("utf-8"))
    edit(layout, 'page_number: "— {{ page }} —"', 'page_number: "— {{ page / 0 }} —"')
    run = run_cli("build", str(SAMPLE), "--layout", str(layout), "-o", str(tmp_path / "x.pdf"))
    assert run.status == 1
    [first, total] = run.err.splitlines()
    assert first.startswith("hostile/layout.yaml:") and ": texts.page_number: 模板出错：" in first
    assert total == "共 1 个问题，未生成任何文件。"
    assert not (tmp_path / "x.pdf").exists()


def test_numbered_copies_need_a_distribution_template(tmp_path: Path, packet) -> None:  # type: ignore[no-untyped-def]
    layout = hostile(tmp_path, "cover.j2", "[cover_title]x\n")
    (layout / "distribution.j2").unlink()
    out = tmp_path / "copies"
    run = run_cli(
        "build", str(SAMPLE), "--layout", str(layout), "--recipients", str(RECIPIENTS), "-o", str(out)
    )
    assert run.status == 1
    assert (
        run.err.splitlines()[0]
        == "hostile/distribution.j2: 版式缺少模板文件 distribution.j2；请从 gbt9704 版式复制一份"
    )
    assert not out.exists() or files_under(out) == []


def test_a_template_problem_in_every_area_is_reported_once(packet) -> None:  # type: ignore[no-untyped-def]
    loaded = with_template(load_layout("gbt9704", packet.root), "section.j2", "[h1]{{ area.titel }}\n")
    with pytest.raises(LayoutError) as caught:
        compose(packet, loaded)
    [found] = caught.value.issues
    assert (str(found.source), found.field, found.code) == (
        "gbt9704/section.j2:1",
        "section.j2",
        "template.no-field",
    )
    assert found.params["owner"] == "area" and found.params["name"] == "titel"


# chosen areas (--areas) ----------------------------------------------------------------------------------
def _chosen_plan(packet, layout_folder: Path | str, numbers: tuple[int, ...]):  # type: ignore[no-untyped-def]
    from briefing.chosen import Chosen, cut

    chosen = Chosen(numbers, len(packet.areas))
    return compose(cut(packet, chosen), load_layout(str(layout_folder), packet.root), chosen=chosen)


def _h1(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return [block.text for block in plan.blocks if isinstance(block, Para) and block.style == "h1"]


def _grand_total_rows(plan) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = next(
        block for block in plan.blocks if isinstance(block, TablePlan) and block.kind == "grand_total"
    )
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_chosen_areas_are_numbered_afresh_by_default(packet) -> None:  # type: ignore[no-untyped-def]
    plan = _chosen_plan(packet, "gbt9704", (3, 6))
    assert _h1(plan) == [
        "一、着力深化改革，打造最优营商环境",
        "二、着力兜牢底线，全力保障改善民生",
        "附：2023年重点项目汇总",
    ]
    rows = _grand_total_rows(plan)
    assert [row[:2] for row in rows[:2]] == [["1", packet.areas[2].title], ["2", packet.areas[5].title]]
    assert rows[-1][1].startswith("合计") and len(rows) == 3  # no declared row: the packet's totals count all
    captions = [block.caption.text for block in plan.blocks if isinstance(block, TablePlan)]
    assert [caption.split("　")[0] for caption in captions] == [f"表{n}" for n in range(1, len(captions) + 1)]
    notes = [block.text for block in plan.blocks if isinstance(block, Para) and block.style == "table_note"]
    assert (
        notes[-1]
        == "注：本表只汇总本材料所收的2个工作领域（全部材料共8个）；全部材料的申报合计不适用，未列出。"
    )


def test_a_layout_may_keep_the_whole_packets_numbers(tmp_path: Path, packet) -> None:  # type: ignore[no-untyped-def]
    layout = hostile(tmp_path, "cover.j2", (REPO / "layouts/gbt9704/cover.j2").read_text(encoding="utf-8"))
    edit(layout, "chart: false", "chart: false\nareas_numbering: keep")
    plan = _chosen_plan(packet, layout, (3, 6))
    assert _h1(plan)[:2] == ["三、着力深化改革，打造最优营商环境", "六、着力兜牢底线，全力保障改善民生"]
    assert [row[0] for row in _grand_total_rows(plan)[:2]] == ["3", "6"]  # as the headings say
    captions = [block.caption.text for block in plan.blocks if isinstance(block, TablePlan)]
    assert captions[0].startswith("表1　")  # tables are numbered in the document they are in


def test_a_whole_packet_prints_no_note_and_keeps_its_declared_row(packet) -> None:  # type: ignore[no-untyped-def]
    plan = compose(packet, load_layout("gbt9704", packet.root))
    assert _grand_total_rows(plan)[-1][1].startswith("报告申报合计")
    notes = [block.text for block in plan.blocks if isinstance(block, Para) and block.style == "table_note"]
    assert not any("本材料所收" in note for note in notes)


# --- what an area does not give gets no heading (issue 12, point 1) ------------------------------------------


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_an_area_without_a_work_plan_or_lead_unit_prints_no_empty_heading(
    tmp_path: Path, layout: str
) -> None:
    from packets import write_packet
    from pdfcheck import Pdf

    from briefing.pipeline import build_pdf

    review = "title: 上年回顾\nlast_year_results: 上年完成情况。\ntargets:\n  - {name: 指标甲, unit: 人, target: 5人}\n"
    full = "title: 全年安排\nlead_unit: 区发展和改革局\nleader: 副区长\nsummary: 本年要做的事。\n"
    root = write_packet(tmp_path / "p", {"01-a.yaml": review, "02-b.yaml": full}, layout=layout)
    packet, rendered = build_pdf(root)
    headings = [block.text for block in compose(packet, load_layout(layout, root)).blocks
                if isinstance(block, Para) and block.style in ("h2", "meta")]  # fmt: skip
    text = Pdf(rendered.pdf).all_text
    assert "2023年工作安排" in text and text.count("工作安排") == 1  # only the area that has one
    assert text.count("牵头单位") == 1
    if layout == "gbt9704":
        assert headings == ["（一）2022年工作成效", "（二）主要目标指标",
                            "牵头单位：区发展和改革局　责任领导：副区长", "（一）2023年工作安排"]  # fmt: skip
    else:
        assert headings[0] == "指标 1 项　·　重点项目 0 个"
        assert "牵头单位：区发展和改革局　·　责任领导：副区长　·　指标 0 项" in headings[2]
