"""Page marks: the 份号's style, and watermarks at 35° across the page, once or in three rows of two."""

from __future__ import annotations

import io
import re

from reportlab.pdfgen.canvas import Canvas

from briefing.render.fonts.registry import FontRegistry
from briefing.render.marks import DRAFT_GREY, draw_draft, draw_watermark, mark_style


def _drawn(layout, draw) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0, invariant=1)
    draw(canvas, layout, FontRegistry(layout.fonts))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_marks_take_the_layouts_mark_style_else_its_body(sample_plan):
    layout = sample_plan.layout
    assert mark_style(layout) is layout.styles["mark"]
    styles = {name: style for name, style in layout.styles.items() if name != "mark"}
    without = msgspec_replace(layout, styles=styles)
    assert mark_style(without) is layout.styles["body"]


def msgspec_replace(layout, **changes):  # type: ignore[no-untyped-def]
    import msgspec

    return msgspec.structs.replace(layout, **changes)


def test_a_draft_mark_is_drawn_once_rotated_35_degrees_in_light_grey(sample_plan):
    data = _drawn(
        sample_plan.layout, lambda canvas, layout, fonts: draw_draft(canvas, layout, fonts, "征求意见稿")
    )
    assert data.count(b" Tj") == 1
    assert re.search(rb"\n\.819152 \.573576 -0?\.573576 \.819152 [\d.]+ [\d.]+ cm\nBT /F\d+ 64 Tf", data), (
        "35 degrees"
    )
    assert b".85098 .85098 .85098 rg" in data and DRAFT_GREY == "#d9d9d9"


def test_a_recipients_watermark_is_tiled_in_three_rows_of_two(sample_plan):
    data = _drawn(
        sample_plan.layout, lambda canvas, layout, fonts: draw_watermark(canvas, layout, fonts, "张三 000001")
    )
    assert data.count(b" Tj") == 6
    assert len(re.findall(rb" 64 Tf| 18 Tf", data)) == 6 and b" 64 Tf" not in data
