"""The embedded fonts: one Type0 font a face, subset to the glyphs drawn, widths and ToUnicode agreeing."""

from __future__ import annotations

import io
import re

import pytest
from fontTools.ttLib import TTFont
from packets import ROOT, area_yaml, write_packet
from pdfcheck import Pdf

from briefing.pipeline import build_pdf


def _cid_widths(descendant) -> dict[int, float]:  # type: ignore[no-untyped-def]
    """CID -> advance (1/1000 em) from a CIDFont's W array; CIDs not listed take DW."""
    widths: dict[int, float] = {}
    items = list(descendant.get("/W", []))
    for start, run in zip(items[::2], items[1::2], strict=True):
        for offset, width in enumerate(run):
            widths[int(start) + offset] = float(width)
    return widths


def _gids(descendant) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """CID -> glyph of the program, from a CIDFont's CIDToGIDMap stream (two bytes a CID)."""
    table = descendant["/CIDToGIDMap"].get_object().get_data()
    return {cid: int.from_bytes(table[2 * cid : 2 * cid + 2], "big") for cid in range(len(table) // 2)}


def _bfchars(cmap: bytes) -> dict[int, str]:
    entries = b"".join(re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S))
    return {
        int(cid, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
        for cid, text in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]+)>", entries)
    }


def test_every_font_is_embedded_and_subset(sample, sample_briefing):
    """Each font is one Type0 font whose program holds just the glyphs drawn, with widths and a ToUnicode
    map that agree with that program (a viewer places glyphs by W; copying text out reads ToUnicode)."""
    for _, pdf in (sample, sample_briefing):
        fonts = pdf.fonts()
        assert len(fonts) >= 4
        for name, font in fonts.items():
            assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
            assert (font["/Subtype"], font["/Encoding"]) == ("/Type0", "/Identity-H"), name
            descendant = font["/DescendantFonts"][0].get_object()
            assert descendant["/Subtype"] == "/CIDFontType2"
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{name} is not embedded"
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            glyphs = program.getGlyphOrder()
            to_unicode = _bfchars(font["/ToUnicode"].get_object().get_data())
            gids = {cid: gid for cid, gid in _gids(descendant).items() if gid}
            assert sorted(to_unicode) == sorted(gids), f"{name}: a CID copies out as nothing"
            assert sorted(set(gids.values())) == list(range(1, len(glyphs))), f"{name}: a glyph no CID draws"
            assert len(glyphs) < 2500, f"{name} embeds {len(glyphs)} glyphs: not a subset"
            per_em = 1000 / program["head"].unitsPerEm
            listed = _cid_widths(descendant)
            default = float(descendant["/DW"])
            for cid, gid in gids.items():
                advance = program["hmtx"][glyphs[gid]][0] * per_em
                assert listed.get(cid, default) == pytest.approx(advance, abs=1e-3), (name, cid)


def test_font_dictionaries_are_indirect_objects(sample):
    """Direct font dictionaries are legal, but poppler (pdftotext, pdffonts, Evince) then loses their
    ToUnicode maps and reports xref errors: every font in a page's resources must be a reference."""
    import pikepdf

    _, pdf = sample
    with pikepdf.open(io.BytesIO(pdf.data)) as document:
        fonts = document.pages[2].Resources.Font
        assert len(fonts) >= 4
        for name, font in fonts.items():
            assert font.is_indirect, name
        assert not any("/Trans" in page.obj for page in document.pages), "no empty transitions"


def _bundled_programs() -> dict[str, TTFont]:
    """The shipped font files by PostScript name."""
    programs = {}
    for path in (ROOT / "fonts").glob("*.ttf"):
        font = TTFont(path, lazy=True)
        programs[font["name"].getDebugName(6)] = font
    return programs


def test_each_cid_draws_the_glyph_of_its_character(tmp_path):
    """CID n must draw (through the CIDToGIDMap) the character's own glyph of the embedded program: a
    code off by one would still copy out right (ToUnicode) while printing the neighbouring glyph."""
    odd = "甲\u00a0乙\u200b丙𠅤丁 R&D 2023年"  # no-break space, zero-width space, a non-BMP ideograph
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试", summary=odd)})
    _, rendered = build_pdf(root)
    pdf = Pdf(rendered.pdf)
    assert "甲 乙丙𠅤丁 R&D 2023年" in pdf.all_text, "spaces copy out as spaces, not no-break spaces"
    bundled = _bundled_programs()
    checked = 0
    for name, font in pdf.fonts().items():
        face = re.sub(r"^/[A-Z]{6}\+|-[0-9A-F]{8}$", "", name)
        source = bundled[face]
        cmap = source.getBestCmap()
        descendant = font["/DescendantFonts"][0].get_object()
        program = TTFont(io.BytesIO(descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
        order = program.getGlyphOrder()
        gids = _gids(descendant)
        for cid, text in _bfchars(font["/ToUnicode"].get_object().get_data()).items():
            embedded = program["glyf"][order[gids[cid]]]
            original = source["glyf"][cmap[ord(text)]]
            assert (
                embedded.getCoordinates(program["glyf"])[0] == original.getCoordinates(source["glyf"])[0]
            ), (
                name,
                text,
            )
            checked += 1
    assert checked > 100


def test_fonts_hold_only_the_characters_printed(sample):
    """The sample's body font carries exactly the characters of the text set in it, not the whole face."""
    _, pdf = sample
    fang = next(font for name, font in pdf.fonts().items() if "FandolFang" in name)
    printed = set(_bfchars(fang["/ToUnicode"].get_object().get_data()).values())
    text = set(pdf.all_text)
    assert printed <= text | {" "}
    assert {"东", "昌", "区", "。"} <= printed


def _one_face(tmp_path, file: str = "KaiSubset-Regular.ttf"):  # type: ignore[no-untyped-def]
    from briefing.errors import Source
    from briefing.model.layout import FontSpec
    from briefing.render.fonts.registry import FontRegistry

    path = tmp_path / "face.ttf"
    path.write_bytes((ROOT / "fonts" / file).read_bytes())
    return path, FontRegistry({"kai": FontSpec("kai", path, 0, None, None, Source("fonts.yaml"))})


def _draw(fonts, text: str = "甲乙"):  # type: ignore[no-untyped-def]
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    fonts.draw_string(canvas, text, "kai", 12, 10, 20)
    canvas.showPage()
    return canvas, buffer


def test_a_font_file_replaced_during_the_build_is_a_located_error(tmp_path, monkeypatch):
    from briefing.errors import LayoutError

    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    path, fonts = _one_face(tmp_path)
    canvas, _ = _draw(fonts)
    path.write_bytes((ROOT / "fonts" / "FandolFang-Regular.subset.ttf").read_bytes())
    with pytest.raises(LayoutError) as caught:
        canvas.save()
    (problem,) = caught.value.issues
    assert (problem.code, problem.field, problem.params["file"]) == (
        "font.changed",
        "families.kai.file",
        "face.ttf",
    )
    assert "被改动或替换" in problem.render("zh") and "changed or replaced" in problem.render("en")


def test_no_face_keeps_its_file_after_its_font_is_written(tmp_path, monkeypatch):
    from reportlab.pdfbase import pdfmetrics

    from briefing.render.reportlab_private import face_file_bytes

    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    for cached in (False, True):  # parsed afresh, then restored from the cache
        monkeypatch.setattr(pdfmetrics, "_fonts", {})
        _, fonts = _one_face(tmp_path)
        canvas, buffer = _draw(fonts)
        canvas.save()
        face = pdfmetrics.getFont(fonts.name("kai")).face
        assert face_file_bytes(face) == b"", cached
        assert fonts.files.kept() == 0, "one document: the file is read once and let go of"
        assert b"FontFile2" in buffer.getvalue()


def test_a_registry_keeps_a_file_it_subsets_for_a_second_document(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    _, fonts = _one_face(tmp_path)
    reads = []
    for text in (
        "甲乙",
        "甲丙",
        "甲丁",
    ):  # other glyphs each time, as numbered copies' marks: no cached subset
        canvas, _ = _draw(fonts, text)
        canvas.save()
        reads.append(fonts.files.kept())
    assert reads == [0, 1, 1], "kept from the second document on (numbered copies)"
