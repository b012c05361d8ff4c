"""ReportLab's parse of a font file: advances as the file means them, a name of its own, located failures."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont
from packets import ROOT

from briefing.errors import LayoutError, Source
from briefing.model.layout import FontSpec
from briefing.render.fonts.parse import parse_font, unique_face_name

NOTO = ROOT / "fonts" / "NotoSansCJKsc-Regular.subset.ttf"  # 330 advances for 9,087 glyphs


def _spec(path, index=0):  # type: ignore[no-untyped-def]
    return FontSpec("F", path, index, None, None, Source("fonts.yaml"))


def test_glyphs_after_the_last_advance_keep_it_in_font_units():
    face = parse_font(_spec(NOTO), "noto", NOTO.read_bytes()).face
    reference = TTFont(NOTO, lazy=True)
    order = reference.getGlyphOrder()
    hmtx = reference["hmtx"]
    assert reference["hhea"].numberOfHMetrics < len(order)
    assert [face.hmetrics[glyph][0] for glyph in range(len(order))] == [hmtx[name][0] for name in order]


def test_a_face_gets_one_suffix_from_its_tables_and_index():
    data = NOTO.read_bytes()
    first = parse_font(_spec(NOTO), "a", data)
    again = parse_font(_spec(NOTO), "b", data)
    other_index = parse_font(_spec(NOTO), "c", data)
    unique_face_name(first, _spec(NOTO))
    unique_face_name(again, _spec(NOTO))
    assert first.face.name == again.face.name and first.face.name.startswith(b"NotoSansCJKsc-Regular-")
    unique_face_name(first, _spec(NOTO))
    assert first.face.name == again.face.name, "named once"
    unique_face_name(other_index, _spec(NOTO, 1))
    assert other_index.face.name != first.face.name


def test_bytes_that_are_not_a_font_are_a_located_error(tmp_path):
    path = tmp_path / "bad.ttf"
    with pytest.raises(LayoutError) as caught:
        parse_font(_spec(path), "bad", b"\0\1\0\0" + bytes(200))
    (problem,) = caught.value.issues
    assert (problem.code, problem.field, problem.params["file"]) == (
        "font.corrupt",
        "families.F.file",
        "bad.ttf",
    )
