"""Reading ink back from a rendered page: where a glyph's dark pixels really are, not its em box."""

from __future__ import annotations

import pypdfium2 as pdfium
from pdfcheck import Char
from PIL import ImageOps

SCALE = 20  # pixels per pt: 0.0018 mm a pixel


def ink_box(data: bytes, page: int, char: Char, height: float) -> tuple[float, float, float, float]:
    """The ink of one character as (left, bottom, right, top) in pt from the page's bottom-left corner."""
    document = pdfium.PdfDocument(data)
    try:
        width = float(document[page].get_size()[0])
        # Only the character's box is rendered: crop is (left, bottom, right, top) cut off, in pt.
        crop = (char.x0, height - char.bottom, width - char.x1, char.top)
        image = document[page].render(scale=SCALE, crop=crop).to_pil().convert("L")
        ink = ImageOps.invert(image).point(lambda value: 255 if value > 128 else 0).getbbox()
    finally:
        document.close()
    assert ink is not None, f"no ink under {char.text!r}"
    left, top, right, bottom = ink
    return (
        char.x0 + left / SCALE,
        height - char.top - bottom / SCALE,
        char.x0 + right / SCALE,
        height - char.top - top / SCALE,
    )
