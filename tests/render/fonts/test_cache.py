"""The font cache's entries: whatever is in one (damaged, foreign, another format), the PDF is the one a
fresh parse gives. (The cache folders' own checks are in files/test_cache.py.)"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable

import pytest
from cache_cases import build, entries
from conftest import Run
from packets import ROOT, SAMPLE

from briefing.files.cache import read_cached, store_in_cache
from briefing.render.fonts import cache as font_cache
from briefing.render.fonts import parse as font_parse

pytestmark = pytest.mark.usefixtures("fresh_process_fonts")


def warnings_in(result: Run) -> list[str]:
    return [line for line in result.err.splitlines() if "警告" in line or "warning:" in line]


# The font cache's own checks: whatever is in an entry, the PDF is the one a fresh parse gives. --------
def _corruptions(other: Callable[[], bytes]) -> dict[str, Callable[[bytes], bytes]]:
    return {
        "truncated": lambda entry: entry[: len(entry) // 2],
        "cut-by-one-byte": lambda entry: entry[:-1],
        "zero-bytes": lambda entry: b"",
        "one-bit-flipped": lambda entry: entry[:5000] + bytes([entry[5000] ^ 0x10]) + entry[5001:],
        "random-bytes": lambda entry: os.urandom(len(entry)),
        "pickle-of-the-old-format": lambda entry: pickle.dumps(({}, {}, {})),
        "another-fonts-entry": lambda entry: other(),
    }


@pytest.mark.parametrize(
    "how",
    [
        "truncated",
        "cut-by-one-byte",
        "zero-bytes",
        "one-bit-flipped",
        "random-bytes",
        "pickle-of-the-old-format",
        "another-fonts-entry",
        "another-format",
    ],
)
def test_a_damaged_or_foreign_font_entry_is_parsed_afresh(cache, packet, tmp_path, monkeypatch, how):
    assert build(packet, tmp_path).status == 0
    good = (tmp_path / "out.pdf").read_bytes()
    fonts = {path.name: path for path in entries(cache)["fonts"]}
    names = sorted(fonts)
    if how == "another-format":
        decoded = font_cache._DECODER.decode(read_cached("fonts", names[0]))
        changed = font_cache._ENCODER.encode(font_cache.msgspec.structs.replace(decoded, format=0))
        store_in_cache("fonts", names[0], changed)
        damaged = [names[0]]
    else:
        other = fonts[names[1]].read_bytes()
        damage = _corruptions(lambda: other)[how]
        damaged = [name for name in names if how != "another-fonts-entry" or name != names[1]]
        for name in damaged:
            fonts[name].write_bytes(damage(fonts[name].read_bytes()))
    parsed: list[str] = []
    parse = font_parse.TTFont

    def counting(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(name)
        return parse(name, *args, **kwargs)

    monkeypatch.setattr(font_parse, "TTFont", counting)  # ReportLab's parser, as parse_font calls it
    result = build(packet, tmp_path)
    assert result.status == 0 and not warnings_in(result), result
    assert (tmp_path / "out.pdf").read_bytes() == good, "the same glyph metrics and bytes"
    assert len(parsed) == len(damaged), "each damaged entry was parsed afresh"

    parsed.clear()
    assert build(packet, tmp_path).status == 0
    assert parsed == [], "and replaced by a good entry"
    assert (tmp_path / "out.pdf").read_bytes() == good


@pytest.mark.parametrize("file", ["FandolFang-Regular.subset.ttf", "NotoSerifCJKsc-Regular.subset.ttf"])
def test_a_cached_face_is_the_parsed_face(tmp_path, monkeypatch, file):
    """The font cache keeps the per-glyph tables as arrays and works out widths on demand: every width,
    metric and subset it gives must be what ReportLab's own parse gives."""
    from reportlab.pdfbase.ttfonts import TTFont as ReportLabFont

    from briefing.errors import Source
    from briefing.model.layout import FontSpec
    from briefing.render.fonts.cache import load_cached, store_cached
    from briefing.render.fonts.parse import mend_trailing_advances
    from briefing.render.reportlab_private import face_file_bytes, subset_program

    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path))
    spec = FontSpec("F", ROOT / "fonts" / file, 0, None, None, Source("fonts.yaml"))
    parsed = ReportLabFont("parsed", str(spec.path), asciiReadable=False)
    mend_trailing_advances(parsed.face)
    store_cached(spec, parsed)
    cached = load_cached(spec, "cached")
    assert cached is not None, "the face was cached"
    fresh, kept = parsed.face, cached.face
    assert kept.charToGlyph == fresh.charToGlyph
    for code in [*fresh.charWidths, 0xA0, 0x20, 0x10FFFF]:
        assert kept.getCharWidth(code) == fresh.getCharWidth(code), hex(code)
    assert [kept.hmetrics[g] for g in range(len(fresh.hmetrics))] == fresh.hmetrics
    sample_text = sorted(set(SAMPLE.joinpath("areas").glob("*.yaml").__next__().read_text(encoding="utf-8")))
    codes = [ord(c) for c in sample_text if ord(c) in fresh.charToGlyph]
    assert len(codes) > 300
    assert face_file_bytes(kept) == b"", "the face comes back without its file's bytes"
    assert subset_program(kept, spec.path.read_bytes(), codes) == fresh.makeSubset(codes)
