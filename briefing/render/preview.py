"""Pictures of a built PDF: a contact sheet of page thumbnails, or single pages, as PNG (the only pypdfium2 user).

Here, in render/, because it is the render stage's other output: the same pages for the eye rather than
for the printer, made from the PDF bytes render() returns, with pikepdf as copies.py uses it (render/
stays the one pikepdf user). It knows nothing of the plan or of ReportLab, so it reads any PDF.

The sheet is made as one more PDF page: each page of the packet placed on it as a form, scaled to a
thumbnail, with its number under it in Helvetica (a PDF's standard font: nothing to embed for digits).
pdfium then draws that page once, so thumbnails are drawn at their own size rather than shrunk from
full-size images.

Every picture is bounded whatever the layout's paper: a sheet shows at most MAX_THUMBNAILS pages, COLUMNS
a row, each at most THUMB_WIDTH × THUMB_HEIGHT pixels; a single page is drawn at PAGE_SCALE unless its
longer side would pass MAX_SIDE pixels. So no picture passes about 15 MB of pixels in memory.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    import pikepdf

COLUMNS = 8
MAX_THUMBNAILS = 64  # 8 rows: a sheet is at most about 1,300 × 2,550 pixels
THUMB_WIDTH = 150.0  # pixels (drawn at 1 pixel a point); an A4 page is 150 × 212
THUMB_HEIGHT = 300.0  # a page taller than twice its width is drawn narrower
GAP = 12.0
LABEL = 16.0  # room under a thumbnail for its number
LABEL_SIZE = 9.0
PAGE_SCALE = 2.0  # single pages: 144 dots an inch, an A4 page 1,190 × 1,684 pixels
MAX_SIDE = 2400  # pixels: a single page's longer side (A3 at PAGE_SCALE), about 17 MB as RGB at most
MAX_PAGE_IMAGES = 50  # single pages made by one run


class Sheet(msgspec.Struct, frozen=True):
    """A contact sheet: the PNG, how many pages it shows, and how many the PDF has."""

    png: bytes
    shown: int
    pages: int


def page_count(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def contact_sheet(pdf: bytes) -> Sheet:
    """Thumbnails of the first MAX_THUMBNAILS pages, COLUMNS a row, each numbered (1 = the first page)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as source:
        pages = len(source.pages)
        shown = min(pages, MAX_THUMBNAILS)
        boxes = [_box(source.pages[index]) for index in range(shown)]
        widest, tallest = max(max(w for w, _ in boxes), 1.0), max(max(h for _, h in boxes), 1.0)
        scale = min(THUMB_WIDTH / widest, THUMB_HEIGHT / tallest)
        cell_height = max(height for _, height in boxes) * scale + LABEL
        rows = -(-shown // COLUMNS)
        columns = min(shown, COLUMNS)
        width = GAP + columns * (THUMB_WIDTH + GAP)
        height = GAP + rows * (cell_height + GAP)
        operators: list[str] = []
        forms = pikepdf.Dictionary()
        for index in range(shown):
            name = f"/P{index + 1}"
            forms[name] = pikepdf.Page(source.pages[index]).as_form_xobject()
            row, column = divmod(index, COLUMNS)
            left = GAP + column * (THUMB_WIDTH + GAP)
            top = height - GAP - row * (cell_height + GAP)
            operators.append(_thumbnail(name, boxes[index], scale, left, top, cell_height))
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helvetica")
        sheet = source.add_blank_page(page_size=(width, height))
        sheet.Resources = pikepdf.Dictionary(XObject=forms, Font=pikepdf.Dictionary(F1=font))
        sheet.Contents = source.make_stream(" ".join(operators).encode("ascii"))
        output = io.BytesIO()
        source.save(output)
    return Sheet(_render(output.getvalue(), pages, 1.0), shown, pages)


def page_images(pdf: bytes, numbers: Sequence[int]) -> Iterator[tuple[int, bytes]]:
    """Each page asked for (1 = the first) as a PNG, in the order asked."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        for number in numbers:
            page = document[number - 1]
            scale = page_scale(page.get_width(), page.get_height())
            yield number, _png_of(page.render(scale=scale, rev_byteorder=True))
    finally:
        document.close()


def page_scale(width: float, height: float) -> float:
    """Pixels a point for a single page: PAGE_SCALE, less for a page whose longer side would pass MAX_SIDE."""
    return min(PAGE_SCALE, MAX_SIDE / max(width, height, 1.0))


def _box(page: pikepdf.Page) -> tuple[float, float]:
    import pikepdf

    box = pikepdf.Page(page).mediabox
    return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])


def _thumbnail(
    name: str, box: tuple[float, float], scale: float, left: float, top: float, cell: float
) -> str:
    """One page drawn at `scale` under the cell's top, framed in grey, its number centred under it."""
    width, height = box[0] * scale, box[1] * scale
    bottom = top - height
    number = name[2:]
    text_width = 0.556 * LABEL_SIZE * len(number)  # Helvetica's digits are 556/1000 em
    label_x = left + (THUMB_WIDTH - text_width) / 2
    label_y = top - cell + 4
    return (
        f"q {scale:.5f} 0 0 {scale:.5f} {left:.2f} {bottom:.2f} cm {name} Do Q "
        f"q 0.6 G 0.5 w {left:.2f} {bottom:.2f} {width:.2f} {height:.2f} re S Q "
        f"BT /F1 {LABEL_SIZE} Tf {label_x:.2f} {label_y:.2f} Td ({number}) Tj ET"
    )


def _render(pdf: bytes, index: int, scale: float) -> bytes:
    """Page `index` (from 0) of `pdf` as a PNG."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return _png_of(document[index].render(scale=scale, rev_byteorder=True))
    finally:
        document.close()


def _png_of(bitmap: object) -> bytes:
    """A pdfium bitmap (RGB, or grey) as PNG bytes."""
    width, height = bitmap.width, bitmap.height  # type: ignore[attr-defined]
    channels, stride = bitmap.n_channels, bitmap.stride  # type: ignore[attr-defined]
    return png(width, height, channels, stride, bytes(bitmap.buffer))  # type: ignore[attr-defined]


def png(width: int, height: int, channels: int, stride: int, pixels: bytes) -> bytes:
    """A PNG of 8-bit grey (1 channel) or RGB (3) rows, each `stride` bytes apart: no filter, zlib level 6."""
    colour_type = {1: 0, 3: 2, 4: 6}[channels]
    row = width * channels
    raw = b"".join(b"\x00" + pixels[top : top + row] for top in range(0, height * stride, stride))
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 6))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
