"""Reading a 修改对照表 back: which characters a drawn line strikes through or underlines (PDF), which runs
are w:strike or w:u (Word)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from docx import Document


@dataclass(frozen=True)
class Marked:
    """A run of characters one drawn line marks: its page, kind (strike|underline) and how well the line
    fits them (the line's ends against the first and last character's edges)."""

    page: int
    kind: str
    text: str
    left_gap: float
    right_gap: float
    top: float
    x0: float


def pdf_marks(data: bytes) -> list[Marked]:
    """Every short horizontal line drawn through the middle of characters (strike) or just under them
    (underline), with the characters it covers, in reading order (page, line, left to right)."""
    found: list[Marked] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages):
            for line in page.lines:
                if abs(line["top"] - line["bottom"]) > 0.01 or line["x1"] - line["x0"] < 1:
                    continue
                y = line["top"]
                for kind in ("strike", "underline"):
                    covered = [
                        char
                        for char in page.chars
                        if _on(char, y, kind)
                        and line["x0"] - 0.5 <= (char["x0"] + char["x1"]) / 2 <= line["x1"] + 0.5
                    ]
                    if covered:
                        covered.sort(key=lambda char: char["x0"])
                        found.append(
                            Marked(
                                number,
                                kind,
                                "".join(char["text"] for char in covered),
                                abs(covered[0]["x0"] - line["x0"]),
                                abs(covered[-1]["x1"] - line["x1"]),
                                y,
                                line["x0"],
                            )
                        )
    return sorted(found, key=lambda mark: (mark.page, round(mark.top), mark.x0))


def _on(char: dict, y: float, kind: str) -> bool:  # type: ignore[type-arg]
    height = char["bottom"] - char["top"]
    if kind == "strike":
        return char["top"] + 0.3 * height < y < char["top"] + 0.7 * height
    return char["bottom"] - 0.1 * height < y < char["bottom"] + 0.15 * height


def texts(marks: list[Marked], kind: str) -> list[str]:
    return [mark.text for mark in marks if mark.kind == kind]


def docx_cells(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Each table row's cells as runs (text, "strike" | "underline" | ""), tables one after another."""
    document = Document(str(path))
    rows = []
    for table in document.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                runs = []
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        kind = "strike" if run.font.strike else "underline" if run.font.underline else ""
                        runs.append((run.text, kind))
                cells.append(runs)
            rows.append(cells)
    return rows


def docx_marked(path: Path, kind: str) -> list[str]:
    """The texts of every run of `kind`, in document order."""
    return [text for row in docx_cells(path) for cell in row for text, found in cell if found == kind]


def margin_bars(data: bytes) -> list[tuple[int, str]]:
    """(page, text beside it) for every vertical line drawn in the left margin, clear of all the text."""
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages):
            if not page.chars:
                continue
            left = min(char["x0"] for char in page.chars)
            for line in page.lines:
                if abs(line["x0"] - line["x1"]) > 0.01 or line["x0"] > left - 1:
                    continue
                beside = [
                    char
                    for char in page.chars
                    if line["top"] <= (char["top"] + char["bottom"]) / 2 <= line["bottom"]
                ]
                beside.sort(key=lambda char: (round(char["top"]), char["x0"]))
                found.append((number, "".join(char["text"] for char in beside)))
    return found
