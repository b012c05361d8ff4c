"""A font file checked before ReportLab parses it: what is not a TrueType font, or lies about its tables, is
refused with the catalogue's code, and reading never blocks or runs away."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from packets import ROOT

from briefing.errors import LayoutError, Source
from briefing.model.layout import FontSpec
from briefing.render.fonts import file
from briefing.render.fonts.file import FontProblem, check_glyphs, check_sfnt, read_font

KAI = ROOT / "fonts" / "KaiSubset-Regular.ttf"


def _code(data: bytes, index: int = 0) -> str:
    with pytest.raises(FontProblem) as caught:
        check_sfnt(data, index)
    return caught.value.code


def test_a_real_font_passes():
    check_sfnt(KAI.read_bytes(), 0)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "font.corrupt"),  # an empty file begins like any font
        (b"\0\1\0\0\0", "font.corrupt"),  # begins like a font, cut short
        (b"GIF89a" + bytes(20), "font.not-truetype"),
        (b"OTTO" + bytes(20), "font.cff"),
    ],
)
def test_what_is_not_a_truetype_font_says_what_it_is(data, code):
    assert _code(data) == code


def test_a_collection_index_past_its_faces_names_the_count():
    collection = b"ttcf" + struct.pack(">LL", 0x00010000, 1) + struct.pack(">L", 16) + bytes(16)
    with pytest.raises(FontProblem) as caught:
        check_sfnt(collection, 2)
    assert caught.value.code == "font.bad-index" and caught.value.params == {
        "index": 2,
        "count": 1,
        "last": 0,
    }


def test_a_truncated_font_is_corrupt():
    data = KAI.read_bytes()
    assert _code(data[: len(data) // 2]) == "font.corrupt"


def test_a_cmap_claiming_more_codes_than_unicode_has_is_corrupt(monkeypatch):
    monkeypatch.setattr(file, "MOST_CODES", 1000)
    assert _code(KAI.read_bytes()) == "font.corrupt"


def _composite(component: int) -> bytes:
    """One composite glyph: -1 contours, a bounding box, one component record with byte arguments."""
    return struct.pack(">h4h", -1, 0, 0, 0, 0) + struct.pack(">HHbb", 0, component, 0, 0)


def test_a_composite_glyph_must_name_a_glyph_of_the_face():
    good = _composite(0)
    check_glyphs(good, 0, [0, len(good)], 1)
    bad = _composite(5)
    with pytest.raises(FontProblem):
        check_glyphs(bad, 0, [0, len(bad)], 1)
    with pytest.raises(FontProblem):
        check_glyphs(good, 0, [0, len(good) - 1], 1)  # its record runs past the glyph's end
    with pytest.raises(FontProblem):
        check_glyphs(good, 0, [4, 0], 1)  # glyphs out of order


def _spec(path: Path) -> FontSpec:
    return FontSpec("F", path, 0, None, None, Source("fonts.yaml"))


def test_a_fifo_where_the_font_was_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "font.ttf"
    os.mkfifo(fifo)
    with pytest.raises(LayoutError) as caught:
        read_font(_spec(fifo))
    (problem,) = caught.value.issues
    assert problem.code == "font.unreadable" and problem.field == "families.F.file"


def test_a_font_larger_than_the_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(file, "LARGEST_FONT", 1024 * 1024)
    with pytest.raises(LayoutError) as caught:
        read_font(_spec(KAI))
    (problem,) = caught.value.issues
    assert problem.code == "font.too-large" and problem.params["limit"] == "1"
