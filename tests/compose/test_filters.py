"""The filters a layout may use, each refusing what would make too much before it runs."""

from __future__ import annotations

import pytest

from briefing.compose import Limits
from briefing.compose.filters import FILTERS
from briefing.compose.run import TemplateFailure, render
from briefing.compose.templates import environment


def rendered(source: str, /, **limits: int) -> str:
    env = environment("packet", Limits(**limits))
    return render(env, env.from_string(source), {"t": "x" * 200})


def refused(source: str, /, **limits: int) -> TemplateFailure:
    with pytest.raises(TemplateFailure) as caught:
        rendered(source, **limits)
    return caught.value


def test_filters_that_print_internals_or_differ_between_runs_are_left_out() -> None:
    assert not {"pprint", "tojson", "xmlattr", "urlize", "urlencode", "random"} & set(FILTERS)
    assert {"join", "replace", "default", "format", "sum", "round"} <= set(FILTERS)


def test_filters_work_as_jinja2_documents_them() -> None:
    assert rendered(
        "{{ [3, 1, 2]|sort|join('、') }}|{{ 'a-b'|replace('-', '+') }}|{{ '%03d'|format(7) }}"
    ) == ("1、2、3|a+b|007")
    assert rendered("{{ [1, 2, 3, 4, 5]|batch(2)|list|length }}|{{ 'ab'|center(6) }}|") == "3|  ab  |"


@pytest.mark.parametrize(
    ("source", "limit", "limits"),
    [
        ("{{ t|list|length }}", "items", {"items": 100}),  # a long text walked character by character
        ("{{ t|unique|list|length }}", "items", {"items": 100}),
        ("{{ range(50)|join('x' * 10) }}", "text", {"text": 100}),  # the separator counts for every item
        ("{{ 'ab'|center(200) }}", "text", {"text": 100}),
        ("{{ 'a\\nb'|indent(80) }}", "text", {"text": 100}),
        ("{{ 'aaaa'|replace('a', 'b' * 40) }}", "text", {"text": 100}),
        ("{{ 'a a a a'|wordwrap(1, wrapstring='-' * 30) }}", "text", {"text": 100}),
        ("{{ [1]|batch(1000)|list }}", "items", {"items": 100}),
        ("{{ [1]|slice(1000)|list }}", "items", {"items": 100}),
        ("{{ '%500s'|format('a') }}", "width", {"width": 100}),
        ("{{ range(100)|batch(10)|list|length }}", "collected", {"collected": 50}),  # the lists it makes
    ],
)
def test_what_a_filter_would_make_is_measured_first(source: str, limit: str, limits: dict[str, int]) -> None:
    found = refused(source, **limits)
    assert (found.code, found.line) == (f"template.runaway.{limit}", 1)


def test_sum_adds_numbers_only() -> None:
    """Adding lists one to another takes time growing with the square of their length."""
    found = refused("{{ [[1], [2]]|sum(start=[]) }}")
    assert (found.code, found.params) == ("template.error", {"problem": "sum: start must be a number"})
