"""What the render tests share: the A4 page and gbt9704's 版心, and reading text back without spacing."""

from __future__ import annotations

import re

from pdfcheck import MM, Pdf

A4 = (595.2756, 841.8898)
FRAME_LEFT, FRAME_TOP = 28 * MM, 37 * MM
FRAME_RIGHT, FRAME_BOTTOM = FRAME_LEFT + 156 * MM, FRAME_TOP + 225 * MM


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_pages(pdf: Pdf) -> list[int]:
    return [index for index in range(len(pdf.pages)) if pdf.page_number(index)]
