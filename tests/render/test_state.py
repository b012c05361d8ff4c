"""The render state: which printed page number a page gets."""

from __future__ import annotations

from briefing.render.state import RenderState


def test_pages_before_the_numbering_starts_have_no_number():
    assert RenderState().printed_number(5) is None
    state = RenderState(number_start=3)
    assert [state.printed_number(page) for page in (1, 2, 3, 10)] == [None, None, 1, 8]
