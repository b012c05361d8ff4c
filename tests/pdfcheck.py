"""Reading built PDFs back the way a reader sees them: text, characters with positions, fonts, outline."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cached_property

import pdfplumber
from pypdf import PdfReader

MM = 72 / 25.4
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float  # from the top of the page, as pdfplumber measures
    bottom: float
    size: float
    font: str


class Pdf:
    """One PDF's content, parsed lazily and cached."""

    def __init__(self, data: bytes):
        self.data = data

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.data))

    @cached_property
    def pages(self) -> list[list[Char]]:
        result = []
        with pdfplumber.open(io.BytesIO(self.data)) as pdf:
            for page in pdf.pages:
                result.append(
                    [
                        Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"], c["fontname"])
                        for c in page.chars
                    ]
                )
        return result

    @cached_property
    def sizes(self) -> list[tuple[float, float]]:
        return [(float(p.mediabox.width), float(p.mediabox.height)) for p in self.reader.pages]

    def lines(self, page: int, tolerance: float = 2.0) -> list[list[Char]]:
        """Characters of a page grouped into lines by baseline, each sorted left to right."""
        rows: list[list[Char]] = []
        for char in sorted(self.pages[page], key=lambda c: (round(c.bottom, 1), c.x0)):
            if rows and abs(rows[-1][0].bottom - char.bottom) <= tolerance:
                rows[-1].append(char)
            else:
                rows.append([char])
        return [sorted(row, key=lambda c: c.x0) for row in rows]

    def line_texts(self, page: int) -> list[str]:
        return ["".join(c.text for c in row) for row in self.lines(page)]

    def text(self, page: int) -> str:
        return "\n".join(self.line_texts(page))

    @cached_property
    def body_text(self) -> str:
        """All lines of all pages without the page numbers, joined with nothing between them."""
        parts = []
        for index in range(len(self.pages)):
            number = self.page_number(index)
            skip = set(map(id, number[1])) if number else set()
            for row in self.lines(index):
                if not any(id(c) in skip for c in row):
                    parts.append("".join(c.text for c in row))
        return "".join(parts)

    @cached_property
    def all_text(self) -> str:
        return "\n".join(self.text(i) for i in range(len(self.pages)))

    def page_number(self, page: int) -> tuple[int, list[Char]] | None:
        """The printed page number of a page ("— 3 —") and its characters, or None."""
        for row in self.lines(page):
            text = "".join(c.text for c in row).strip()
            match = PAGE_NUMBER.match(text)
            if match and row[0].top > self.sizes[page][1] * 0.8:
                return int(match[1]), row
        return None

    def page_of_number(self) -> dict[int, int]:
        """Printed page number → PDF page index."""
        mapping = {}
        for index in range(len(self.pages)):
            found = self.page_number(index)
            if found:
                mapping[found[0]] = index
        return mapping

    def fonts(self) -> dict[str, dict]:
        """Every font dictionary used by a page or a form on it, by BaseFont."""
        found: dict[str, dict] = {}

        def collect(resources) -> None:  # type: ignore[no-untyped-def]
            if not resources:
                return
            resources = resources.get_object()
            for font in (resources.get("/Font") or {}).values():
                font = font.get_object()
                found[str(font["/BaseFont"])] = font
            for xobject in (resources.get("/XObject") or {}).values():
                xobject = xobject.get_object()
                if xobject.get("/Subtype") == "/Form":
                    collect(xobject.get("/Resources"))

        for page in self.reader.pages:
            collect(page.get("/Resources"))
        return found

    def outline(self) -> list[tuple[int, str, int]]:
        """(level, title, page index) for every bookmark, depth first."""
        result: list[tuple[int, str, int]] = []

        def walk(items, level: int) -> None:  # type: ignore[no-untyped-def]
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    result.append((level, item.title, self.reader.get_destination_page_number(item)))

        walk(self.reader.outline, 0)
        return result


def tables(data: bytes) -> list[tuple[int, list[list[str]]]]:
    """Every ruled table on every page as (page index, rows of cell texts with line breaks removed)."""
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages):
            for table in page.extract_tables():
                rows = [[(cell or "").replace("\n", "") for cell in row] for row in table]
                found.append((index, rows))
    return found


def group_lines(chars: list[Char], tolerance: float = 2.0) -> list[list[Char]]:
    """Any selection of characters (one size, say) grouped into lines by baseline, each left to right."""
    rows: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: (round(c.bottom, 1), c.x0)):
        if rows and abs(rows[-1][0].bottom - char.bottom) <= tolerance:
            rows[-1].append(char)
        else:
            rows.append([char])
    return [sorted(row, key=lambda c: c.x0) for row in rows]
