"""The budget of one render: steps, time, memory, and the sizes of what a template makes."""

from __future__ import annotations

from decimal import Decimal

import pytest

import briefing.compose.budget
from briefing.compose import Limits, compose
from briefing.compose.budget import Budget, Runaway, text_size
from briefing.errors import LayoutError
from briefing.layouts.build import load_layout
from briefing.pipeline import load_and_validate

from .hostile import LIMITS, SAMPLE, with_template


def test_a_slow_template_stops_at_its_deadline() -> None:
    """With steps to spare, the wall clock still stops a render (the limit made small for the test)."""
    packet = load_and_validate(SAMPLE)
    slow = "[h1]x\n{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}\n"
    loaded = with_template(load_layout("gbt9704", packet.root), "cover.j2", slow)
    limits = Limits(steps=10**9, seconds=0.05)
    with pytest.raises(LayoutError) as caught:
        compose(packet, loaded, limits=limits)
    [found] = caught.value.issues
    assert (found.code, found.source.line, found.params) == ("template.runaway.seconds", 2, {"limit": 0.05})


def test_memory_growth_stops_a_render(monkeypatch: pytest.MonkeyPatch) -> None:
    """The backstop for what the size checks miss: the process's peak memory, read every 16 steps."""
    readings = iter(range(0, 10**12, 2**30))  # as if every reading found another GiB
    monkeypatch.setattr(briefing.compose.budget, "peak_memory", lambda: next(readings))
    packet = load_and_validate(SAMPLE)
    cover = "[h1]x\n{% for a in range(100) %}{% endfor %}\n"
    loaded = with_template(load_layout("gbt9704", packet.root), "cover.j2", cover)
    with pytest.raises(LayoutError) as caught:
        compose(packet, loaded)
    [found] = caught.value.issues
    assert (found.code, found.source.line) == ("template.runaway.memory", 2)
    assert found.params == {"limit": LIMITS.memory // 2**20}


@pytest.mark.parametrize(
    ("value", "size"),
    [
        ("abc", 3),  # a text alone: its length
        (None, 48),  # any other value alone: room for a number
        (["ab", 1, None], (2 + 2 * 3) + (2 + 2) + (0 + 2) + 5),  # brackets and separators, quotes, items
        ({"k": "v"}, (2 + 4) + 3 + 3),
        ([10**100], (2 + 2) + (100 + 2)),  # a long number: about its digits
    ],
)
def test_text_size_counts_what_printing_would_make(value: object, size: int) -> None:
    assert text_size(value, 10**6) == size


def test_text_size_stops_counting_past_the_limit() -> None:
    huge = ["x" * 1000] * 10**6  # a billion characters if printed
    # past the limit on the list's own separators: none of its million texts is counted
    assert text_size(huge, 1000) == 2 + 2 * 10**6


def test_a_budget_refuses_what_it_cannot_afford() -> None:
    budget = Budget(Limits(steps=3, text=10, items=5, digits=5, range=7))
    budget.begin()
    with pytest.raises(Runaway) as caught:
        for _ in range(4):
            budget.tick()
    assert (caught.value.limit, caught.value.value) == ("steps", 3)
    assert budget.made("x" * 10) == "x" * 10
    for value, limit in (
        ("x" * 11, "text"),
        (list(range(6)), "items"),
        (10**6, "digits"),
        (Decimal("1e7"), "digits"),
    ):
        with pytest.raises(Runaway) as caught:
            budget.made(value)
        assert caught.value.limit == limit, value
    assert list(budget.bounded_range(7)) == list(range(7))
    with pytest.raises(Runaway):
        budget.bounded_range(10**30)
