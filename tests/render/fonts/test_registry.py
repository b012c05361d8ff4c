"""The font registry: fallback chains, runs of text per face, glyph preflight, and stable names."""

from __future__ import annotations

import io
import re

from packets import ROOT
from reportlab.pdfgen.canvas import Canvas

from briefing.errors import Source
from briefing.model.layout import FontSpec
from briefing.model.plan import Origin
from briefing.render.fonts.registry import FontRegistry

FANG = ROOT / "fonts" / "FandolFang-Regular.subset.ttf"  # no Å, no 𠅤
KAI = ROOT / "fonts" / "KaiSubset-Regular.ttf"


def _registry() -> FontRegistry:
    source = Source("fonts.yaml")
    return FontRegistry(
        {
            "fang": FontSpec("fang", FANG, 0, "kai", None, source),
            "kai": FontSpec("kai", KAI, 0, "fang", None, source),  # a cycle back
        }
    )


def test_a_fallback_chain_ends_at_a_cycle():
    assert _registry().chain("fang") == ["fang", "kai"]
    assert _registry().chain("missing") == []


def test_text_is_split_into_runs_of_the_first_face_that_has_each_character():
    fonts = _registry()
    fang, kai = fonts.name("fang"), fonts.name("kai")
    assert fonts.runs("甲Å𠅤乙", "fang") == ([("甲", fang), ("Å𠅤", kai), ("乙", fang)], "")
    assert fonts.runs("甲乙", "fang") == ([("甲乙", fang)], "")
    assert fonts.runs("", "fang") == ([], "")
    assert fonts.runs("甲\U0010fffd", "fang")[1] == "\U0010fffd"


def test_names_are_the_same_in_every_registry_and_process():
    assert _registry().name("fang") == _registry().name("fang")
    assert _registry().name("fang").startswith("fang-")


def test_the_preflight_reports_each_missing_text_once_per_place():
    origin = Origin(Source("areas/a.yaml", 3, 5), "summary[1]")
    texts = [("甲\U0010fffd", "fang", origin), ("乙\U0010fffd", "fang", origin), ("丙", "fang", origin)]
    (problem,) = _registry().preflight(texts)
    assert (problem.code, problem.field) == ("glyph.missing", "summary[1]")
    assert problem.params["codes"] == "U+10FFFD" and problem.params["font"] == ("fang", "kai")


def test_widths_are_advances_at_one_point_per_run():
    fonts = _registry()
    width = fonts.string_width("甲Å", "fang", 10)
    assert width == (fonts.measure("甲", fonts.name("fang")) + fonts.measure("Å", fonts.name("kai"))) * 10
    assert fonts.text_width("甲甲", fonts.name("fang")) == 2 * fonts.measure("甲", fonts.name("fang"))


def test_a_string_is_drawn_run_by_run_in_one_text_object():
    fonts = _registry()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0, invariant=1)
    fonts.draw_string(canvas, "甲Å", "fang", 12, 10, 20)
    canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    # A character's CID is its code point: 甲 U+7532, Å U+00C5.
    one_object = rb"BT /F\d+ 12 Tf 1 0 0 1 10 20 Tm <7532> Tj /F\d+ 12 Tf 1 0 0 1 [\d.]+ 20 Tm <00C5> Tj ET"
    assert re.search(one_object, data), "each run in its own font, one after the other"
