"""A rule across the 版心: as wide as the frame, as tall as it is thick, stroked in its colour."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from briefing.render.rule import Rule


def test_a_rule_spans_the_width_it_is_given_at_its_thickness():
    rule = Rule(2.0, "#ff0000")
    assert rule.wrap(300, 500) == (300, 2.0)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0, invariant=1)
    rule.drawOn(canvas, 10, 20)
    canvas.showPage()
    canvas.save()
    stream = buffer.getvalue()
    assert b"1 0 0 RG" in stream and b"2 w" in stream and b"0 1 m 300 1 l S" in stream
