"""The story: every block of the plan is printed, text and table cells, in both shipped layouts."""

from __future__ import annotations

import pytest
from pdfcheck import tables

from briefing.model.plan import Origin, Para, VFill
from briefing.model.quantities import Figure
from briefing.render.story import _label_span

from .helpers import squash


@pytest.mark.parametrize("fixture", ["sample", "sample_briefing"])
def test_every_area_title_and_target_is_printed(fixture, request):
    packet, pdf = request.getfixturevalue(fixture)
    text = squash(pdf.all_text)
    cells = {cell for _, rows in tables(pdf.data) for row in rows for cell in row}
    for area in packet.areas:
        assert squash(area.title) in text, area.title
        for target in area.targets:
            assert target.name in cells, f"{area.key}: {target.name}"


def test_target_values_are_printed_in_their_rows(sample):
    packet, pdf = sample
    rows = [row for _, table in tables(pdf.data) for row in table]
    by_name = {row[1]: row for row in rows if len(row) == 6}
    for target in packet.targets:
        row = by_name[target.name]
        unit = target.unit
        for value, cell in ((target.last_year, row[3]), (target.target, row[4])):
            if value is None:
                assert cell == "—"
            elif isinstance(value, Figure) and unit == value.unit and not value.change and unit != "%":
                assert cell == value.text(with_unit=False)
            else:
                assert cell == squash(str(value))


def test_summary_paragraphs_are_printed(sample):
    packet, pdf = sample
    text = squash(pdf.body_text)
    for area in packet.areas:
        for paragraph in area.summary + area.last_year_results:
            assert squash(paragraph) in text, paragraph[:30]


def test_every_kind_of_block_becomes_flowables_in_plan_order(sample_plan):
    from briefing.render.fonts.registry import FontRegistry
    from briefing.render.state import RenderState
    from briefing.render.story import StoryBuilder
    from briefing.render.text import TextBlock

    state = RenderState()
    story = StoryBuilder(sample_plan, FontRegistry(sample_plan.layout.fonts), state).story()
    texts = [flowable.text for flowable in story if isinstance(flowable, TextBlock)]
    paras = [block.text for block in sample_plan.blocks if isinstance(block, Para) and "\t" not in block.text]
    assert [text for text in texts if text in paras] == paras, "each paragraph once, in the plan's order"
    assert set(state.heading_titles) == {
        block.key for block in sample_plan.blocks if isinstance(block, Para) and block.key
    }


def test_a_vertical_fill_leaves_room_for_exactly_what_follows(sample_plan):
    from briefing.render.rule import Rule
    from briefing.render.story import _VFill

    following = [Rule(2.0), Rule(3.0)]
    fill = _VFill(following)
    assert fill.wrap(400, 100) == (400, pytest.approx(95.0, abs=1e-2))
    assert fill.wrap(400, 4)[1] == 0, "never negative when what follows does not fit"
    assert isinstance(VFill(), VFill)


@pytest.mark.parametrize(
    ("texts", "end"),
    [
        (["1", "合计", "", "", "12"], 3),  # the label spans the empty cells after it
        (["1", "合计", "5", "", ""], 0),  # a figure right after the label: no span
        (["", "小计"], 0),
    ],
)
def test_a_sum_rows_label_spans_the_empty_cells_after_it(texts, end):
    from briefing.errors import Source
    from briefing.model.plan import Cell

    origin = Origin(Source("a.yaml"), "projects")
    assert _label_span(tuple(Cell(text, origin, "cell", "left") for text in texts)) == end
