"""The contents as a reader sees it: dot leaders that run up to the page numbers and line up down the
page, and wrapped entries hung under the text after their number (一、)."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from packets import SAMPLE, copy_sample
from pdfcheck import MM, Char, Pdf

from briefing.pipeline import build_pdf

LEADER_PITCH = 4.0  # the dots' pitch in pt (render/contents.py)

LONG_TITLE = "着力扩大内需，推动经济合理增长，全面促进消费，扩大有效投资，稳住外资外贸基本盘"


def _contents_page(pdf: Pdf) -> int:
    return next(i for i in range(len(pdf.pages)) if re.match(r"^目\s*录$", pdf.line_texts(i)[0]))


def _leaders(pdf: Pdf, page: int) -> list[tuple[list[Char], dict]]:  # type: ignore[type-arg]
    """Each entry's last line (ending in its page number) with the leader path on it."""
    with pdfplumber.open(io.BytesIO(pdf.data)) as document:
        paths = [line for line in document.pages[page].lines if line.get("dash")]
    found = []
    for row in pdf.lines(page):
        if not row[-1].text.isdigit():
            continue
        on_row = [path for path in paths if row[-1].top < path["top"] < row[-1].bottom]
        assert len(on_row) == 1, "".join(c.text for c in row)
        found.append((row, on_row[0]))
    return found


def _number(row: list[Char]) -> list[Char]:
    digits = []
    for char in reversed(row):
        if not char.text.isdigit():
            break
        digits.insert(0, char)
    return digits


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_leaders_run_up_to_the_page_numbers(layout):
    _, rendered = build_pdf(SAMPLE, layout)
    pdf = Pdf(rendered.pdf)
    page = _contents_page(pdf)
    leaders = _leaders(pdf, page)
    assert len(leaders) == 9
    size = leaders[0][0][0].size
    for row, path in leaders:
        number = _number(row)
        text_end = row[len(row) - len(number) - 1].x1
        # The last dot is at most a fifth of an em and one pitch before the number (was 11–14 mm).
        gap = number[0].x0 - path["x1"]
        assert 0 < gap <= 0.2 * size + LEADER_PITCH + 0.5, (layout, gap / MM)
        assert gap < 3 * MM
        assert 0 < path["x0"] - text_end <= 0.2 * size + LEADER_PITCH + 0.5
    # The dots are on one grid counted from the right edge: they line up down the page.
    right = max(row[-1].x1 for row, _ in leaders)
    for _, path in leaders:
        offset = (right - path["x0"]) / LEADER_PITCH
        assert offset == pytest.approx(round(offset), abs=0.01)


def test_a_wrapped_entry_hangs_under_the_text_after_its_number(tmp_path):
    packet = copy_sample(tmp_path)
    area = next((packet / "areas").glob("01-*.yaml"))
    text = area.read_text(encoding="utf-8")
    area.write_text(
        text.replace("title: 着力扩大内需，推动经济合理增长", f"title: {LONG_TITLE}"), encoding="utf-8"
    )
    _, rendered = build_pdf(packet, "gbt9704")
    pdf = Pdf(rendered.pdf)
    page = _contents_page(pdf)
    rows = pdf.lines(page)[1:]
    first, second = rows[0], rows[1]
    assert "".join(c.text for c in first).startswith("一、着力")
    assert not second[-1].text.isdigit() or len(rows) > 9, "the long entry wraps onto a second line"
    after_number = first[2]  # 一 、 then the title's first character
    assert second[0].x0 == pytest.approx(after_number.x0, abs=0.01)  # was under 一
    assert second[0].x0 > first[0].x0 + 1.5 * first[0].size
    # The others still start at the margin, and the wrapped entry's number still follows its last line.
    assert rows[2][0].x0 == pytest.approx(first[0].x0, abs=0.01)
    assert "".join(c.text for c in second).endswith("1")


class _Page:
    """A page whose content stream is still text, as ReportLab keeps it until it saves."""

    def __init__(self, stream: str):
        self.stream = stream


def test_marks_are_filled_with_the_number_and_its_leader_or_with_nothing(sample_plan):
    import io as _io

    from reportlab.pdfgen.canvas import Canvas

    from briefing.render.contents import contents_mark, fill_number, leader_mark
    from briefing.render.fonts.registry import FontRegistry
    from briefing.render.reportlab_private import pdf_document

    layout = sample_plan.layout
    style = layout.styles["toc_entry"]
    fonts = FontRegistry(layout.fonts)
    doc = pdf_document(Canvas(_io.BytesIO()))
    # h1 is a prefix of h10: each key fills its own marks only.
    stream = "\n".join(
        [leader_mark("h1", -200.0), contents_mark("h1"), leader_mark("h10", -30.0), contents_mark("h10")]
    )
    page = _Page(stream)
    fill_number(page, "h1", "12", fonts, doc, style)
    fill_number(page, "h10", None, fonts, doc, style)
    assert "%briefing" not in page.stream, page.stream
    dots = re.findall(r"n (-?[\d.]+) 1 m (-?[\d.]+) 1 l S", page.stream)
    assert len(dots) == 1, "h10 has no number and so no leader"
    first, last = (float(x) for x in dots[0])
    assert first % LEADER_PITCH == pytest.approx(0, abs=0.02) or first % LEADER_PITCH == pytest.approx(
        LEADER_PITCH, abs=0.02
    )
    assert -200 < first < last < -fonts.string_width("12", style.family, style.size)


def test_an_entry_that_is_only_a_number_or_ends_at_its_number_draws_no_stray_dots(sample_plan):
    from briefing.render.contents import _leader

    assert _leader(-10.0, -8.0, 16.0) == "", "no room: no dots"
    assert _leader(-9.5, -9.0, 16.0) == ""
    assert _leader(-100.0, -8.0, 16.0).count(" l S") == 1
