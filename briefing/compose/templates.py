"""Running a layout's template text: the one environment factory, compiling, and failures as located issues."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import jinja2

from briefing.compose.budget import Limits
from briefing.compose.numerals import numeral_filter, zh_date, zh_numeral
from briefing.compose.run import TemplateFailure, check_source, explain_compile, render
from briefing.compose.sandbox import BoundedEnvironment, template_environment
from briefing.compose.template_cache import compile_template
from briefing.compose.views import TERMS
from briefing.errors import Issue, Source, issue
from briefing.model.layout import TemplateSource


class Counter:
    """Numbering inside a template: {{ h.next() }} gives 一, 二, … in turn.

    The one object with a method that templates get (the sandbox allows `next` and nothing else): it
    changes only its own count.
    """

    __slots__ = ("_value",)

    def __init__(self) -> None:
        self._value = 0

    def next(self) -> str:
        self._value += 1
        return zh_numeral(self._value)


# What both kinds of templates (packet and mail) get besides their variables.
TEMPLATE_FILTERS = {"zh_numeral": numeral_filter, "zh_date": zh_date}


def one_line(value: Any) -> Any:
    """A printed value stays on its line of a packet template's output."""
    # It must not start a new marker line, nor pose as the template's tab (which splits a line into a
    # left and a right-aligned part).
    if isinstance(value, str):
        return value.replace("\n", " ").replace("\t", " ")
    return "" if value is None else value


def environment(kind: Literal["packet", "mail"], limits: Limits | None = None) -> BoundedEnvironment:
    """The environment layout templates of `kind` run in: the same sandbox, filters and helpers for both.

    Packet templates print values onto marker lines (see markers.py), so a value cannot break its line;
    mail templates are plain text, so a block tag's own line break is dropped (trim_blocks).
    """
    return template_environment(
        filters=TEMPLATE_FILTERS,
        globals={"counter": Counter},
        methods={Counter: frozenset({"next"})},
        terms=TERMS,
        limits=limits,
        lstrip_blocks=True,
        trim_blocks=kind == "mail",
        finalize=one_line if kind == "packet" else None,
    )


def locate(template: TemplateSource, failure: TemplateFailure) -> Issue:
    """A template's failure at its file and line (a text in layout.yaml counts from its own line)."""
    where = Source(template.source.file, template.source.line + failure.line - 1, 0)
    return issue(where, template.name, failure.code, **failure.params)


def compile_located(env: BoundedEnvironment, template: TemplateSource) -> jinja2.Template | Issue:
    """The compiled template, or the located issue saying why it cannot be compiled."""
    try:
        check_source(template.text, env.limits)
        return compile_template(env, template.text)
    except Exception as exc:  # compiling foreign text: whatever fails is the template's problem
        return locate(template, explain_compile(exc))


def unique(issues: Iterable[Issue]) -> list[Issue]:
    """Each issue once: a template that fails for every area says so once."""
    seen: set[str] = set()
    kept = []
    for found in issues:
        key = repr((found.source, found.field, found.code, sorted(found.params.items())))
        if key not in seen:
            seen.add(key)
            kept.append(found)
    return kept


class TemplateRunner:
    """Renders a layout's templates for one packet: each compiled once, each failure a located issue.

    A template that fails gives "" so composition goes on and reports every problem at once; one that ran
    into a limit is not run again (it would for every area).
    """

    def __init__(
        self,
        env: BoundedEnvironment,
        variables: Mapping[str, Any],
        texts: Mapping[str, TemplateSource],
        issues: list[Issue],
    ) -> None:
        self.env = env
        self.variables = variables  # what every template sees (packet, year …)
        self.texts = texts
        self.issues = issues
        self._compiled: dict[str, jinja2.Template | None] = {}
        self._stopped: set[str] = set()

    def render(self, template: TemplateSource, **variables: Any) -> str:
        """The template's output with `variables` besides the common ones; "" when it fails."""
        if (
            "{" not in template.text
        ):  # most labels are plain words; compiling them to Python would cost ~1 ms each
            return template.text
        compiled = None if template.name in self._stopped else self._compile(template)
        if compiled is None:
            return ""
        try:
            return render(self.env, compiled, {**self.variables, **variables})
        except TemplateFailure as failure:
            self.issues.append(locate(template, failure))
            if failure.code.startswith("template.runaway."):
                self._stopped.add(template.name)
            return ""

    def text(self, key: str, **variables: Any) -> str:
        """The layout's short text `key` (texts: in layout.yaml), rendered; "" when the layout has none."""
        template = self.texts.get(key)
        return "" if template is None else self.render(template, **variables)

    def _compile(self, template: TemplateSource) -> jinja2.Template | None:
        if template.name not in self._compiled:
            compiled = compile_located(self.env, template)
            if isinstance(compiled, Issue):
                self.issues.append(compiled)
                self._compiled[template.name] = None
            else:
                self._compiled[template.name] = compiled
        return self._compiled[template.name]
