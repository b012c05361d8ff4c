"""The code templates compile to: no tag that reaches another file, and every loop and literal counted."""

from __future__ import annotations

import pytest

from briefing.compose import Limits
from briefing.compose.codegen import BoundedCodeGenerator, ForbiddenTag, TooDeep
from briefing.compose.run import TemplateFailure, render
from briefing.compose.templates import environment


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("{% include 'a' %}", "include"),
        ("{% extends 'a' %}", "extends"),
        ("{% import 'a' as a %}", "import"),
        ("{% from 'a' import b %}", "from … import"),
    ],
)
def test_tags_that_reach_other_files_do_not_compile(text: str, tag: str) -> None:
    with pytest.raises(ForbiddenTag) as caught:
        environment("packet").from_string("\n" + text)
    assert (caught.value.tag, caught.value.lineno) == (tag, 2)


def test_blocks_nest_at_most_sixteen_deep() -> None:
    deep = BoundedCodeGenerator.MAX_NESTING
    environment("packet").from_string("{% for i in [1] %}" * deep + "{% endfor %}" * deep)
    with pytest.raises(TooDeep):
        environment("packet").from_string("{% if 1 %}" * (deep + 1) + "{% endif %}" * (deep + 1))


def spent(source: str, /, **limits: int) -> TemplateFailure:
    env = environment("packet", Limits(**limits))
    with pytest.raises(TemplateFailure) as caught:
        render(env, env.from_string(source), {"x": "ab"})
    return caught.value


def test_a_loop_counts_every_item_even_those_its_if_skips() -> None:
    env = environment("packet", Limits(steps=50))
    assert render(env, env.from_string("{% for i in range(40) if i > 100 %}{% endfor %}ok"), {}) == "ok"
    assert spent("{% for i in range(60) if false %}{% endfor %}", steps=50).code == "template.runaway.steps"


def test_literals_and_joins_are_measured() -> None:
    assert spent("{% set l = [1, 2, 3, 4] %}", items=3).code == "template.runaway.items"
    assert spent("{{ x ~ x ~ x }}", text=5).code == "template.runaway.text"  # measured before it is made
