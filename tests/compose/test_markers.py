"""The marker lines of a packet template's output: what each says, and every mistake in them located."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from briefing.compose import compose
from briefing.compose.markers import Marker, Unmarked, read_markers, rule_points, space_points
from briefing.layouts.build import load_layout
from briefing.model.lengths import MM
from briefing.model.plan import Para
from briefing.pipeline import load_and_validate

from .hostile import REPO, SAMPLE, hostile, located, with_template


def test_marker_lines_are_read_in_order_and_blank_lines_left_out() -> None:
    output = "[cover_title] 东昌区 \n\n  [space 2]\nno marker\n[@targets]\n[vfill]"
    assert list(read_markers(output)) == [
        Marker("cover_title", None, "东昌区"),
        Marker("space", "2", ""),
        Unmarked(4, "no marker"),
        Marker("@targets", None, ""),
        Marker("vfill", None, ""),
    ]
    assert Marker("space", None, "").argument("1") == "1"
    assert Marker("rule", "thick ", "").argument("thin") == "thick"


@pytest.fixture(scope="module")
def layout():  # type: ignore[no-untyped-def]
    return load_layout("gbt9704", SAMPLE).layout


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2", 2 * 28.99), ("1.5行", 1.5 * 28.99), ("12pt", 12.0), ("5mm", 5 * MM), ("2字", 32.0), ("0", 0.0)],
)
def test_space_is_lines_of_body_text_or_a_length(layout, text: str, expected: float) -> None:  # type: ignore[no-untyped-def]
    assert space_points(text, layout) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("text", ["lots", "-1", "1e3", "100", "300mm"])
def test_space_that_is_no_length_or_taller_than_a_page_is_refused(layout, text: str) -> None:  # type: ignore[no-untyped-def]
    assert space_points(text, layout) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("thick", 0.35 * MM), ("thin", 0.25 * MM), ("0.5pt", 0.5), ("0.3mm", 0.3 * MM), ("1", 1.0)],
)
def test_rules_are_named_or_given_a_width(text: str, expected: float) -> None:
    assert rule_points(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["fat", "0", "99pt", "2字"])
def test_a_rule_that_is_no_width_or_too_wide_is_refused(text: str) -> None:
    assert rule_points(text) is None


def test_every_marker_mistake_is_reported_at_once(tmp_path: Path) -> None:
    layout = hostile(
        tmp_path, "cover.j2", "[cover_title]x\n[space lots]\n[rule 99pt]\nplain words\n[h9]y\n[@appendix]\n"
    )
    run = run_cli("build", str(SAMPLE), "--layout", str(layout), "-o", str(tmp_path / "x.pdf"))
    assert run.status == 1
    styles = tuple(sorted(load_layout(str(layout), SAMPLE).layout.styles))
    data = (
        "summary",
        "last_year_results",
        "targets",
        "projects",
        "key_figures",
        "chart",
        "grand_total",
        "progress_chart",
    )
    start = "hostile/cover.j2:1:1: cover.j2"
    assert run.err.splitlines() == [
        f"{start}: [space lots] 无法识别；应写成 [space 2]（行）、[space 12pt] 或 [space 5mm]",
        f"{start}: [rule 99pt] 无法识别；应写成 [rule thick]、[rule thin] 或 [rule 0.5pt]",
        "hostile/cover.j2:1:1: cover.j2（输出第 4 行）: 模板输出行“plain words”缺少 [样式名] 标记；每行须以 [body]、[h1] 之类开头",
        located("cover.j2", 1, "template.style-unknown", name="h9", known=styles).replace(":1:", ":1:1:", 1),
        located("cover.j2", 1, "template.data-unknown", name="appendix", known=data).replace(
            ":1:", ":1:1:", 1
        ),
        "共 5 个问题，未生成任何文件。",
    ]
    assert not (tmp_path / "x.pdf").exists()


def test_a_data_marker_may_name_the_style_of_its_paragraphs(tmp_path: Path) -> None:
    """[@summary nosuch] crashed the renderer (exit 70, KeyError); a style the layout has is used."""
    section = (REPO / "layouts" / "gbt9704" / "section.j2").read_text(encoding="utf-8")
    layout = hostile(tmp_path, "section.j2", section.replace("[@summary]", "[@summary nosuch]"))
    run = run_cli("build", str(SAMPLE), "--layout", str(layout), "-o", str(tmp_path / "x.pdf"))
    assert run.status == 1, run.err
    styles = tuple(sorted(load_layout(str(layout), SAMPLE).layout.styles))
    assert run.err.splitlines() == [
        located("section.j2", 1, "template.style-unknown", name="nosuch", known=styles).replace(
            ":1:", ":1:1:", 1
        ),
        "共 1 个问题，未生成任何文件。",
    ]
    assert not (tmp_path / "x.pdf").exists()

    packet = load_and_validate(SAMPLE)
    loaded = with_template(load_layout("gbt9704", SAMPLE), "section.j2", "[h1]x\n[@summary meta ]\n")
    summary = [
        block for block in compose(packet, loaded).blocks if isinstance(block, Para) and block.style == "meta"
    ]
    assert [block.text for block in summary] == [
        text.replace("\t", " ") for area in packet.areas for text in area.summary
    ]
