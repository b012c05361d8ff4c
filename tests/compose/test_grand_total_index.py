"""The 汇总 table's 序号 column: centred as the layouts ask, like every other table's, not set flush right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from conftest import Run
from packets import SAMPLE


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_the_grand_total_numbers_its_rows_in_the_middle_of_the_column(
    tmp_path: Path, cli: Callable[..., Run], layout: str
) -> None:
    output = tmp_path / "packet.pdf"
    run = cli("build", str(SAMPLE), "-o", str(output), "--layout", layout)
    assert run.status == 0, run.err
    with pdfplumber.open(output) as pdf:
        page = next(p for p in reversed(pdf.pages) if "工作领域" in (p.extract_text() or ""))
        chars = page.chars
    header = [c for c in chars if c["text"] in "序号"]
    header_line = [c for c in header if abs(c["top"] - header[0]["top"]) < 1]
    left, right = min(c["x0"] for c in header_line), max(c["x1"] for c in header_line)
    middle = (left + right) / 2
    below = [
        c
        for c in chars
        if c["top"] > header_line[0]["bottom"] and c["x1"] < right + 6 and c["text"].isdigit()
    ]
    rows = sorted({round(c["top"]) for c in below})
    assert len(rows) >= 8  # the sample's eight areas (then the sums)
    for top in rows[:8]:
        digits = [c for c in below if round(c["top"]) == top]
        centre = (min(c["x0"] for c in digits) + max(c["x1"] for c in digits)) / 2
        assert abs(centre - middle) < 1.0, (top, centre, middle)
