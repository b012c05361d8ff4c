"""layouts/build.py: layout.yaml's values to the Layout model, every mistake located in the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packets import area_yaml, write_packet

from briefing.errors import LayoutError
from briefing.layouts.build import load_layout

from .folders import copy_layout, edit, line_of


def messages(folder: Path, packet_root: Path | None = None) -> str:
    with pytest.raises(LayoutError) as caught:
        load_layout(str(folder), packet_root)
    return caught.value.render("zh")


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        (
            "size: 三号, leading: 28.99pt, indent: 2字, align: justify}",
            "size: 三好, leading: 28.99pt, indent: 2字, align: justify}",
            "styles.body.size",
            "字号",
        ),
        ("top: 37mm", "top: 37 millimetres", "page.top", "长度"),
        (
            "  h1:          {font: hei,",
            "  h1:          {font: heii,",
            "styles.h1.font",
            "未在任何 fonts.yaml 中登记",
        ),
        ('grid_color: "#000000"', "grid_color: black", "table.grid_color", "#RRGGBB"),
        (
            "blocks: [cover, contents, areas, grand_total, progress]",
            "blocks: [cover, contents, areas, appendix]",
            "blocks",
            "不是允许的值",
        ),
        (", align: justify}\n  h1:", ", align: justify, colour: red}\n  h1:", "styles.body.colour", "color"),
        # A grid the body text cannot fill: glyphs or lines would overlap (1 character also divided by 0).
        ("chars: 28 ", "chars: 80 ", "grid.chars", "每行 80 字排不下：正文 16pt 时，版心每行应为 2 至 30 字"),
        ("chars: 28 ", "chars: 1 ", "grid.chars", "每行 1 字排不下"),
        ("lines: 22 ", "lines: 40 ", "grid.lines", "每页 40 行排不下：正文 16pt 时，版心每页应为 1 至 39 行"),
    ],
)
def test_layout_mistakes_are_located(tmp_path, old, new, field, words):  # type: ignore[no-untyped-def]
    folder = copy_layout(tmp_path)
    edit(folder, old, new)
    with pytest.raises(LayoutError) as caught:
        load_layout(str(folder))
    message = caught.value.render("zh")
    assert re.search(
        rf"^mine/layout\.yaml:{line_of(folder, new.split(chr(10))[0].strip()[:12])}:\d+: {re.escape(field)}: ",
        message,
        re.M,
    ), message
    assert words in message


def test_the_shipped_layouts_build(tmp_path: Path) -> None:
    for name in ("gbt9704", "briefing"):
        loaded = load_layout(name)
        layout = loaded.layout
        assert layout.name == name and layout.source.file == f"{name}/layout.yaml"
        assert {"cover.j2", "section.j2"} <= set(layout.templates)
        assert set(loaded.tables) == {"targets", "projects", "grand_total", "completion"}
        assert layout.styles["body"].size > 0 and layout.page.frame_width > 0


def test_the_mail_templates_come_with_the_layout(tmp_path: Path) -> None:
    """Sending takes the subject and body from the layout object, under these keys, located in the layout."""
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")})
    folder = copy_layout(root, "office")
    edit(folder, "{{", "{{ '本单位' }}{{", "mail/subject.j2")
    layout = load_layout("office", root).layout
    subject, body = layout.templates["mail/subject.j2"], layout.templates["mail/body.j2"]
    assert subject.name == "mail/subject.j2" and "{{ '本单位' }}{{ packet.title }}" in subject.text
    assert (subject.source.file, subject.source.line) == ("layouts/office/mail/subject.j2", 1)
    assert body.source.file == "layouts/office/mail/body.j2"
    assert load_layout("gbt9704").layout.templates["mail/body.j2"].source.file == "gbt9704/mail/body.j2"


def test_a_column_without_its_width_is_sized_from_its_content(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    # A width used to be required; now a column without one is `auto`, as the shipped layouts write.
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")}, layout="mine")
    folder = copy_layout(root)
    edit(folder, "- {field: index, label: 序号, width: 2字, align: center}", "- {field: index, label: 序号}")
    run = cli("build", str(root), "-o", str(tmp_path / "out.pdf"))
    assert run.status == 0, run.err


def test_a_column_width_that_means_nothing_is_located_not_a_crash(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")}, layout="mine")
    folder = copy_layout(root)
    edit(folder, "- {field: name, label: 指标}", "- {field: name, label: 指标, width: 自动}")
    run = cli("build", str(root), "-o", str(tmp_path / "out.pdf"))
    assert run.status == 1, run.err
    line = line_of(folder, "label: 指标, width: 自动")
    assert (
        f"layouts/mine/layout.yaml:{line}:39: targets_table.columns[2].width: 列宽“自动”无法识别；"
        "应写成 auto（按内容定宽）、4字 或 2*（按比例分剩余宽度）" in run.err
    ), run.err
    assert "内部错误" not in run.err and not (tmp_path / "out.pdf").exists()


def test_a_font_file_name_too_long_for_the_system_is_located(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")}, layout="mine")
    folder = copy_layout(root)
    edit(folder, "styles:\n", "fonts:\n  song: {file: " + "长" * 200 + ".ttf}\n\nstyles:\n")
    run = cli("build", str(root), "-o", str(tmp_path / "out.pdf"))
    assert run.status == 1, run.err
    line = line_of(folder, "  song: {file: 长")
    assert re.search(
        rf"^layouts/mine/layout\.yaml:{line}:16: fonts\.song\.file: 字体文件 长+…? ?不存在", run.err, re.M
    ), run.err


def test_every_problem_of_a_layout_is_reported_at_once(tmp_path: Path) -> None:
    folder = copy_layout(tmp_path)
    edit(folder, "top: 37mm", "top: -37mm")
    edit(folder, 'grid_color: "#000000"', "grid_color: black")
    edit(folder, "blocks: [cover, contents, areas, grand_total, progress]", "blocks: [cover, appendix]")
    found = messages(folder)
    assert [line.split(": ")[1] for line in found.splitlines()] == ["table.grid_color", "blocks", "page.top"]


def test_areas_numbering_is_renumber_unless_the_layout_says_keep(tmp_path: Path) -> None:
    folder = copy_layout(tmp_path)
    assert load_layout(str(folder)).layout.areas_numbering == "renumber"
    edit(folder, "chart: false", "chart: false\nareas_numbering: keep")
    assert load_layout(str(folder)).layout.areas_numbering == "keep"
    edit(folder, "areas_numbering: keep", "areas_numbering: kept")
    line = line_of(folder, "areas_numbering")
    text = messages(folder)
    assert text.startswith(f"mine/layout.yaml:{line}:18: areas_numbering: ")
    assert "renumber" in text and "keep" in text


def test_a_layout_cut_short_says_what_is_missing_and_nothing_twice(tmp_path: Path) -> None:
    """A layout.yaml cut off in the middle (a partial copy, a truncated download): each missing section
    is named once, and the default blocks' 汇总 table is not a second complaint (it was a crash, exit 70)."""
    folder = copy_layout(tmp_path, "gbt9704")
    text = (folder / "layout.yaml").read_text(encoding="utf-8")
    (folder / "layout.yaml").write_text(text[: text.index("\ntable:")] + "\n", encoding="utf-8")
    found = messages(folder)
    for field in ("table", "blocks", "targets_table", "projects_table"):
        assert re.search(rf"^gbt9704/layout\.yaml:\d+:\d+: {field}: 缺少必填字段", found, re.M), found
    assert "grand_total_table" not in found, found
