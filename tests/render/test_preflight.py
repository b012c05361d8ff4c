"""The glyph preflight: every text the PDF prints is checked against its fonts before anything is laid out."""

from __future__ import annotations

import pytest
from packets import area_yaml, write_packet

from briefing.errors import RenderError
from briefing.pipeline import build_pdf


def test_a_character_no_font_has_is_a_located_error(tmp_path):
    root = write_packet(
        tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", summary="含有私用区字符\U0010fffd的段落。")}
    )
    with pytest.raises(RenderError) as caught:
        build_pdf(root)
    message = caught.value.render("zh")
    assert message.startswith("areas/01-a.yaml:3:")
    assert "summary[1]" in message and "\U0010fffd" in message and "U+10FFFD" in message


def test_every_printed_text_is_checked_with_its_styles_family(sample_plan):
    from briefing.errors import Source
    from briefing.model.plan import Cell, Chart, KeyFigures, Origin, Para, TablePlan
    from briefing.render.preflight import printed_texts

    styles = sample_plan.layout.styles
    origin = Origin(Source("a.yaml"), "figures")
    title = Para("title", "图表标题", origin)
    extra = (
        KeyFigures(
            ((Cell("6%", origin, "body", "center"), Cell("增长", origin, "title", "center")),), "body", "body"
        ),
        Chart(title, ("甲", "乙"), (1.0, 2.0), ("1", "2"), "body", origin),
        Para("body", "左\t右", origin),
    )
    plan = sample_plan._replace(blocks=(*sample_plan.blocks, *extra))
    texts = list(printed_texts(plan))
    table = next(block for block in plan.blocks if isinstance(block, TablePlan))
    cell = table.rows[0].cells[1]
    assert (cell.text, styles[cell.style].family, cell.origin) in texts
    assert (table.continued.text, styles[table.continued.style].family, table.continued.origin) in texts
    body, heading = styles["body"].family, styles["title"].family
    assert texts[-7:-1] == [
        ("6%", body, origin),
        ("增长", heading, origin),
        ("图表标题", heading, origin),
        ("甲", body, origin),
        ("乙", body, origin),
        ("左右", body, origin),  # the tab that splits a line prints nothing
    ]
    number, family, where = texts[-1]
    assert "0123456789" in number and where.field == "texts.page_number"
    assert family == styles[plan.layout.page_number.style].family


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_a_draft_mark_with_a_character_no_font_has_is_a_located_error(tmp_path, layout):
    """The draft watermark is drawn from glyph outlines: a character its face lacks drew an empty box on
    every page and the build said nothing. Now it is found before anything is written, named by option."""
    from conftest import run_cli

    packet = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域")}, layout=layout)
    output = tmp_path / "out.pdf"
    output.write_bytes(b"an earlier build")
    result = run_cli("build", str(packet), "-o", str(output), "--draft", "征求意见稿\U00020000")
    assert result.status == 1
    assert "--draft:" in result.err and "U+20000" in result.err
    assert output.read_bytes() == b"an earlier build", "the earlier PDF survives"
    assert run_cli("build", str(packet), "-o", str(output), "--draft", "征求意见稿").status == 0
