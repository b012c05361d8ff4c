"""Pictures of a PDF (briefing/render/preview.py): what the PNGs show, and that no page size makes them huge."""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
import pytest
from conftest import REPO

from briefing.pipeline import Options, build_pdf
from briefing.render.preview import (
    MAX_SIDE,
    MAX_THUMBNAILS,
    THUMB_HEIGHT,
    THUMB_WIDTH,
    contact_sheet,
    page_count,
    page_images,
    png,
)

SAMPLE = REPO / "data" / "dongchang-2023"


def png_facts(data: bytes) -> tuple[int, int, int]:
    """Width, height and colour type from a PNG's header, after checking its signature and CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    body = data[16 : 16 + length]
    (crc,) = struct.unpack(">I", data[16 + length : 20 + length])
    assert crc == zlib.crc32(kind + body)
    width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    assert depth == 8
    return width, height, colour


def pixels(data: bytes) -> bytes:
    """The unfiltered pixel rows of one of our PNGs (one IDAT chunk, filter byte 0 on each row)."""
    width, height, colour = png_facts(data)
    start = data.index(b"IDAT") - 4
    (length,) = struct.unpack(">I", data[start : start + 4])
    raw = zlib.decompress(data[start + 8 : start + 8 + length])
    channels = {0: 1, 2: 3, 6: 4}[colour]
    row = width * channels + 1
    assert len(raw) == row * height and all(raw[top] == 0 for top in range(0, len(raw), row))
    return b"".join(raw[top + 1 : top + row] for top in range(0, len(raw), row))


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return build_pdf(SAMPLE, options=Options())[1].pdf


def blank_pdf(*sizes: tuple[float, float]) -> bytes:
    """A PDF of empty pages of the given sizes in points, as a layout of any paper might make."""
    pdf = pikepdf.new()
    for width, height in sizes:
        pdf.add_blank_page(page_size=(width, height))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_contact_sheet_shows_every_page_of_the_sample_eight_a_row(sample_pdf: bytes) -> None:
    sheet = contact_sheet(sample_pdf)
    assert (sheet.shown, sheet.pages) == (38, 38)
    width, height, colour = png_facts(sheet.png)
    assert colour == 2  # RGB
    assert width == round(12 + 8 * (THUMB_WIDTH + 12))  # eight columns
    rows = -(-sheet.pages // 8)  # five rows for the sample's 38 pages
    assert rows * 212 < height < rows * 260  # rows of A4 thumbnails, each with its number under it
    drawn = pixels(sheet.png)
    assert drawn.count(b"\xff") < len(drawn) * 0.97  # not a blank picture: pages and their text are drawn


def test_a_single_page_is_a4_at_144_dots_an_inch(sample_pdf: bytes) -> None:
    [(number, image)] = list(page_images(sample_pdf, [3]))
    assert number == 3
    width, height, _ = png_facts(image)
    assert (width, height) == (1191, 1684)
    assert page_count(sample_pdf) == 38


def test_a_huge_page_is_drawn_no_larger_than_the_bound() -> None:
    pdf = blank_pdf((14400, 14400), (10, 14400))  # the largest page a PDF may have, and a strip
    for _, image in page_images(pdf, [2, 1]):  # the strip first: an unbounded drawing of it is small
        width, height, _ = png_facts(image)
        assert max(width, height) <= MAX_SIDE
    sheet = contact_sheet(pdf)
    width, height, _ = png_facts(sheet.png)
    assert width <= 12 + 2 * (THUMB_WIDTH + 12) and height <= 12 + THUMB_HEIGHT + 16 + 12 + 1


def test_a_sheet_of_a_long_packet_shows_the_first_pages_only() -> None:
    sheet = contact_sheet(blank_pdf(*[(595, 842)] * (MAX_THUMBNAILS + 30)))
    assert (sheet.shown, sheet.pages) == (MAX_THUMBNAILS, MAX_THUMBNAILS + 30)
    _, height, _ = png_facts(sheet.png)
    assert height < 8 * (THUMB_HEIGHT + 16 + 12) + 12  # eight rows, not twelve


def test_png_rows_of_grey_and_colour() -> None:
    grey = png(2, 2, 1, 4, b"\x00\xff..\x80\x40..")  # a stride longer than a row: the rest is skipped
    assert png_facts(grey) == (2, 2, 0) and pixels(grey) == b"\x00\xff\x80\x40"
    colour = png(1, 1, 3, 3, b"\x01\x02\x03")
    assert png_facts(colour) == (1, 1, 2) and pixels(colour) == b"\x01\x02\x03"
