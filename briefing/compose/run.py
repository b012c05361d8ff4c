"""Running a compiled layout template within its budget, and what went wrong as a TemplateFailure at a line.

A failure is told in the template's own terms (`packet has no attribute 'root'`), never with Python's
module paths, and always with the template line it happened on.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import jinja2
import msgspec
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.parser import Parser
from jinja2.runtime import Undefined
from jinja2.utils import missing

from briefing.compose.budget import Limits, Runaway
from briefing.compose.codegen import ForbiddenTag, TooDeep
from briefing.compose.sandbox import BoundedEnvironment, NotText

_KNOWN_SHOWN = 30  # field names listed after "has no attribute": enough for any record, short for a mapping


class TemplateFailure(Exception):
    """Why a template could not be compiled or rendered: a message code, its parameters and the line."""

    def __init__(self, code: str, line: int, **params: Any):
        super().__init__(code)
        self.code = code
        self.line = line
        self.params = params


def check_source(source: str, limits: Limits) -> None:
    """Refuse template text too long to be worth compiling."""
    if len(source) > limits.source:
        raise TemplateFailure("template.too-long", 1, limit=limits.source)


def render(env: BoundedEnvironment, template: jinja2.Template, variables: Mapping[str, Any]) -> str:
    """The template's output for `variables`; raise TemplateFailure naming the line for anything it does wrong."""
    env.budget.begin()
    stream: Iterator[str] = template.root_render_func(template.new_context(dict(variables)))
    parts = []
    size = 0
    try:
        for chunk in stream:
            size += len(chunk)
            if size > env.limits.output:
                raise Runaway("output", env.limits.output, _suspended_line(template, stream))
            parts.append(chunk)
    except Exception as exc:  # a template is foreign code: whatever it raises is the layout's problem
        raise explain(exc, template) from None
    finally:
        getattr(stream, "close", lambda: None)()  # a generator: let it clean up now
    return "".join(parts)


def _suspended_line(template: jinja2.Template, stream: Any) -> int | None:
    """The template line a paused render stands on (the innermost generator it is yielding from)."""
    while getattr(stream, "gi_yieldfrom", None) is not None:
        stream = stream.gi_yieldfrom
    frame = getattr(stream, "gi_frame", None)
    return template.get_corresponding_lineno(frame.f_lineno) if frame is not None else None


def _failed_line(exc: BaseException, template: jinja2.Template | None) -> int | None:
    """The template line of the innermost compiled-template frame the exception passed through."""
    line = None
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    if line is None or template is None:
        return line
    return template.get_corresponding_lineno(line)


def _problem(exc: BaseException) -> str:
    text = str(exc).rstrip(".") or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def explain(exc: BaseException, template: jinja2.Template | None = None) -> TemplateFailure:
    """The located failure for an exception raised while rendering `template`."""
    if isinstance(exc, TemplateFailure):
        return exc
    line = getattr(exc, "line", None) if isinstance(exc, Runaway) else None
    line = line or _failed_line(exc, template) or 1
    if isinstance(exc, Runaway):
        return TemplateFailure(f"template.runaway.{exc.limit}", line, limit=exc.value)
    if isinstance(exc, RecursionError):
        return TemplateFailure("template.runaway.recursion", line)
    if isinstance(exc, MemoryError):
        limits = getattr(template and template.environment, "limits", Limits())
        return TemplateFailure("template.runaway.memory", line, limit=limits.memory // 2**20)
    if isinstance(exc, SecurityError):
        return TemplateFailure("template.unsafe", line, problem=_problem(exc))
    if isinstance(exc, NotText):
        return TemplateFailure("template.not-text", line, what=exc.what)
    if isinstance(exc, UndefinedError):
        return _undefined(exc, template, line)
    if isinstance(exc, ArithmeticError):
        return TemplateFailure("template.arithmetic", line, problem=_problem(exc))
    return TemplateFailure("template.error", line, problem=_problem(exc))


def _undefined(exc: UndefinedError, template: jinja2.Template | None, line: int) -> TemplateFailure:
    """A name the template does not have, or a field its data lacks, in the template's terms.

    Jinja2 names the owner of a missing field by its Python class and module
    ('briefing.compose.views.PacketView object'); the template knows it as `packet`.
    """
    undefined = _undefined_value(exc)
    if undefined is None or undefined._undefined_obj is missing:  # a name: Jinja2 says it plainly
        return TemplateFailure("template.undefined", line, problem=_problem(exc))
    owner_value, name = undefined._undefined_obj, undefined._undefined_name
    env = template.environment if template is not None else None
    owner = env.term(owner_value) if isinstance(env, BoundedEnvironment) else type(owner_value).__name__
    known = _field_names(owner_value)
    if isinstance(name, str) and known:
        return TemplateFailure("template.no-field", line, owner=owner, name=name, known=known)
    kind = "attribute" if isinstance(name, str) else "element"
    return TemplateFailure("template.undefined", line, problem=f"{owner} has no {kind} {name!r}")


def _undefined_value(exc: BaseException) -> Undefined | None:
    """The undefined value whose use raised `exc` (Jinja2 raises from the value's own methods)."""
    found = None
    traceback = exc.__traceback__
    while traceback is not None:
        candidate = traceback.tb_frame.f_locals.get("self")
        if isinstance(candidate, Undefined):
            found = candidate
        traceback = traceback.tb_next
    return found


def _field_names(value: Any) -> tuple[str, ...]:
    """The fields a template can read from a record or mapping, for the message that one is missing."""
    if isinstance(value, msgspec.Struct):
        names: tuple[str, ...] = value.__struct_fields__
    elif isinstance(value, dict):
        names = tuple(key for key in value if isinstance(key, str))
    else:
        return ()
    return names if len(names) <= _KNOWN_SHOWN else (*names[:_KNOWN_SHOWN], "…")


def explain_compile(exc: BaseException) -> TemplateFailure:
    """The located failure for an exception raised while compiling a template."""
    if isinstance(exc, TemplateFailure):
        return exc
    if isinstance(exc, ForbiddenTag):
        return TemplateFailure("template.include", exc.lineno or 1, tag=exc.tag)
    if isinstance(exc, TooDeep):
        return TemplateFailure("template.nesting", exc.lineno or 1)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateFailure("template.syntax", exc.lineno or 1, problem=exc.message or "")
    # The parser recursing too deep (brackets inside brackets), or Python refusing the generated code
    return TemplateFailure("template.nesting", _parsed_line(exc))


def _parsed_line(exc: BaseException) -> int:
    """The line the template parser had reached when it gave up (1 when it had not started)."""
    line = 1
    traceback = exc.__traceback__
    while traceback is not None:
        parser = traceback.tb_frame.f_locals.get("self")
        if isinstance(parser, Parser):
            line = parser.stream.current.lineno
        traceback = traceback.tb_next
    return line
