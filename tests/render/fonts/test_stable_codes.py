"""A character's code is its code point, and a face's subset program depends on the glyphs drawn, not on
the order they were first drawn in: an edit that moves a character's first use leaves the program (and the
pages after the edit) as they were, which is what lets a warm rebuild reuse them."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from packets import ROOT
from reportlab.pdfgen.canvas import Canvas

from briefing.errors import LayoutError, Source
from briefing.model.layout import FontSpec
from briefing.render.fonts.registry import FontRegistry
from briefing.render.reportlab_private import pdf_document

KAI = ROOT / "fonts" / "KaiSubset-Regular.ttf"


def _registry() -> FontRegistry:
    return FontRegistry({"kai": FontSpec("kai", KAI, 0, None, None, Source("fonts.yaml", 4, 3))})


def _pdf(*texts: str) -> bytes:
    """A one-page PDF drawing `texts` one after the other in the Kai face."""
    fonts = _registry()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0, invariant=1)
    for line, text in enumerate(texts):
        fonts.draw_string(canvas, text, "kai", 12, 10, 700 - 20 * line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _program(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as document:
        (font,) = [font for font in document.pages[0].Resources.Font.values() if font.Subtype == "/Type0"]
        return bytes(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes())


def test_the_program_depends_on_the_glyphs_drawn_not_their_order():
    assert _program(_pdf("甲乙", "丙")) == _program(_pdf("丙", "乙甲"))
    assert _program(_pdf("甲乙", "丙")) != _program(_pdf("甲乙"))


def test_a_character_keeps_its_code_whatever_was_drawn_before_it():
    later = _pdf("甲丙", "乙")
    alone = _pdf("乙")
    code = rb"<([0-9A-F]+)> Tj"
    assert re.findall(code, later) == [b"75324E19", b"4E59"]  # 甲 U+7532, 丙 U+4E19, 乙 U+4E59
    assert re.findall(code, alone) == [b"4E59"]


def test_too_many_characters_beyond_the_bmp_in_one_face_is_a_located_error():
    """Characters beyond the BMP take the 2,048 CIDs U+D800-U+DFFF; a file setting more in one face is
    told so at the face's fonts.yaml entry, not left to a traceback."""
    fonts = _registry()
    canvas = Canvas(io.BytesIO(), invariant=1)
    encoder = fonts.encoder(fonts.name("kai"), pdf_document(canvas))
    assert encoder.encode("\U00020000\U00020001") == "D800D801"
    encoder.encode("".join(chr(0x20000 + index) for index in range(2048)))
    with pytest.raises(LayoutError) as caught:
        encoder.encode("\U00030000")
    (problem,) = caught.value.issues
    assert (problem.code, str(problem.source), problem.field) == (
        "font.too-many-beyond-bmp",
        "fonts.yaml:4:3",
        "families.kai.file",
    )
    assert problem.params["limit"] == 2048
