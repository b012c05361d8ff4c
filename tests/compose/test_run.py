"""Running a compiled template within its budget, and every failure as a message code at a template line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import briefing.compose
from briefing.compose import Limits
from briefing.compose.run import TemplateFailure, check_source, explain_compile, render
from briefing.compose.templates import environment
from briefing.messages import render_message
from briefing.messages.catalogue import CATALOGUE

PACKAGE = Path(briefing.compose.__file__).parent


def test_every_failure_has_a_message() -> None:
    source = "\n".join(path.read_text(encoding="utf-8") for path in sorted(PACKAGE.glob("*.py")))
    limits = set(re.findall(r'Runaway\("([a-z]+)"', source))
    assert {"steps", "seconds", "text", "memory", "output"} <= limits
    codes = {f"template.runaway.{limit}" for limit in limits | {"recursion"}}
    codes |= set(re.findall(r'"(template\.[a-z.-]+[a-z])"', source))
    assert {"template.include", "template.unsafe", "template.no-field", "template.data-outside-area"} <= codes
    assert codes <= set(CATALOGUE), sorted(codes - set(CATALOGUE))


def failure(text: str, limits: Limits | None = None, **variables: object) -> TemplateFailure:
    env = environment("packet", limits)
    with pytest.raises(TemplateFailure) as caught:
        render(env, env.from_string(text), variables)
    return caught.value


def test_a_render_stops_printing_at_its_output_limit_on_the_line_it_prints() -> None:
    found = failure("x\n{% for i in range(100) %}{{ 'y' * 50 }}{% endfor %}", Limits(output=1000))
    assert (found.code, found.line, found.params) == ("template.runaway.output", 2, {"limit": 1000})


def test_a_missing_field_names_the_record_as_templates_know_it() -> None:
    from briefing.compose.views import RecipientView

    recipient = RecipientView("王明", None, None, 1, "000001", "王明")
    found = failure("\n\n{{ r.adress }}", r=recipient)
    assert (found.code, found.line) == ("template.no-field", 3)
    assert found.params == {
        "owner": "recipient",
        "name": "adress",
        "known": ("name", "organisation", "email", "copy", "copy_number", "label"),
    }
    assert render_message(found.code, found.params, "en") == (
        "template error: recipient has no attribute 'adress'; recipient has: name, organisation, email, copy, "
        "copy_number, label (check the spelling, or guard an item the data may lack with {% if … is defined %} "
        "or the default filter)"
    )


def test_a_mapping_lists_its_keys_and_a_long_list_is_cut() -> None:
    found = failure("{{ d.x }}", d={f"k{n}": n for n in range(40)})
    assert found.params["owner"] == "dict" and len(found.params["known"]) == 31
    assert found.params["known"][:2] == ("k0", "k1") and found.params["known"][-1] == "…"


def test_a_missing_field_can_still_be_guarded() -> None:
    env = environment("packet")
    assert (
        render(
            env, env.from_string("{{ d.x | default('无') }}{% if d.y is defined %}y{% endif %}"), {"d": {}}
        )
        == "无"
    )


@pytest.mark.parametrize(
    ("text", "code", "line", "params"),
    [
        ("a\n{{ x }", "template.syntax", 2, {"problem": "unexpected '}'"}),
        ("a\nb\n{% include 'x' %}", "template.include", 3, {"tag": "include"}),
        ("{% if 1 %}" * 17 + "{% endif %}" * 17, "template.nesting", 1, {}),
    ],
)
def test_compile_failures_name_their_line(text: str, code: str, line: int, params: dict[str, object]) -> None:
    with pytest.raises(Exception) as caught:
        environment("packet").from_string(text)
    found = explain_compile(caught.value)
    assert (found.code, found.line, found.params) == (code, line, params)


def test_a_source_too_long_is_refused_before_compiling() -> None:
    check_source("x" * 10, Limits(source=10))
    with pytest.raises(TemplateFailure) as caught:
        check_source("x" * 11, Limits(source=10))
    assert (caught.value.code, caught.value.line, caught.value.params) == (
        "template.too-long",
        1,
        {"limit": 10},
    )
