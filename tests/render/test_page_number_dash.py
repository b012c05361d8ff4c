"""GB/T 9704 7.5: the page number's 一字线 lies 7 mm below the 版心, measured on the dash's own ink."""

from __future__ import annotations

import pytest
from pdfcheck import MM

from briefing.render.fonts.registry import FontRegistry
from briefing.render.marks import ink_middle
from briefing.render.setter import EM_CENTRE

from .ink import ink_box


def _dash_centres(pdf) -> list[float]:  # type: ignore[no-untyped-def]
    """Distance in mm from the paper's bottom edge to the middle of each page number's first dash's ink,
    on the first odd and the first even numbered page."""
    centres = []
    for index in range(len(pdf.pages)):
        found = pdf.page_number(index)
        if found is None or found[0] > 2:
            continue
        dash = next(c for c in found[1] if c.text == "—")
        _, bottom, _, top = ink_box(pdf.data, index, dash, pdf.sizes[index][1])
        centres.append((bottom + top) / 2 / MM)
    assert len(centres) == 2
    return centres


def test_the_gbt9704_page_number_dash_is_centred_7mm_below_the_type_area(sample):
    _, pdf = sample
    for centre in _dash_centres(pdf):
        # The 版心 ends 35 mm above the paper's edge; the dash's middle 7 mm below that (it was 7.56 mm).
        assert 35 - centre == pytest.approx(7.0, abs=0.02)


def test_the_briefing_page_number_dash_is_centred_where_its_layout_says(sample_briefing):
    _, pdf = sample_briefing
    for centre in _dash_centres(pdf):
        assert 25 - centre == pytest.approx(10.0, abs=0.02)  # bottom 25mm, below 10mm


def test_ink_middle_reads_the_dash_not_the_em_box(sample_plan):
    fonts = FontRegistry(sample_plan.layout.fonts)
    style = sample_plan.layout.styles["page_number"]
    middle = ink_middle(fonts, "— 12 —", style.family, style.size)
    assert 0 < middle < EM_CENTRE * style.size  # 宋体's dash sits below the middle of the em box
    assert middle == ink_middle(fonts, "—", style.family, style.size)  # the digits do not count


def test_without_a_dash_the_whole_text_is_centred(sample_plan):
    fonts = FontRegistry(sample_plan.layout.fonts)
    style = sample_plan.layout.styles["page_number"]
    digits = ink_middle(fonts, "12", style.family, style.size)
    # Arabic digits stand on the baseline, about 0.7 em tall.
    assert 0.3 * style.size < digits < 0.4 * style.size


def test_a_blank_glyph_falls_back_to_the_em_box(sample_plan):
    fonts = FontRegistry(sample_plan.layout.fonts)
    style = sample_plan.layout.styles["page_number"]
    assert ink_middle(fonts, " ", style.family, style.size) == EM_CENTRE * style.size
