"""The one Jinja2 environment layout templates run in: sandboxed, plain data only, and what it lets them call.

A layout folder may come from anywhere, so its templates are foreign code. They may read the plain data they
are given, use the usual filters (filters.py) and a short list of text methods; they cannot include other
files (codegen.py) or reach Python's internals, and everything they do spends from a Budget (budget.py).
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import jinja2
import msgspec
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup

from briefing.compose.budget import Budget, Limits, Runaway
from briefing.compose.codegen import CODE_REVISION, BoundedCodeGenerator
from briefing.compose.filters import bounded_filters


def _words(text: str) -> list[str]:
    return text.split()


_TEXT_METHODS = frozenset(
    _words(
        "capitalize casefold center count endswith find format format_map index isalnum isalpha "
        "isdecimal isdigit islower isnumeric isspace istitle isupper join ljust lower lstrip "
        "partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip "
        "split splitlines startswith strip swapcase title upper zfill"
    )
)
_DIGITS = re.compile(r"\d+")
# Methods a template may call, by the type of the object; everything else callable is refused.
SAFE_METHODS: Mapping[type, frozenset[str]] = {
    str: _TEXT_METHODS,
    list: frozenset({"count", "index"}),
    tuple: frozenset({"count", "index"}),
    dict: frozenset({"get", "items", "keys", "values"}),
    LoopContext: frozenset({"cycle", "changed"}),
    Cycler: frozenset({"next", "reset"}),
}


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with an allowlist of methods and a budget for every render.

    Make it only with template_environment(), compile with template_cache.compile_template() and render
    with run.render().
    """

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(
        self,
        limits: Limits,
        methods: Mapping[type, frozenset[str]],
        terms: Mapping[type, str],
        **options: Any,
    ):
        super().__init__(**options)
        self.budget = Budget(limits)
        self.methods = {**SAFE_METHODS, **methods}
        self.terms = terms

    @property
    def limits(self) -> Limits:
        return self.budget.limits

    def term(self, value: Any) -> str:
        """What a template calls a value it was given (packet, area …), else its type's bare name."""
        return self.terms.get(type(value)) or type(value).__name__

    def code_identity(self) -> tuple[object, ...]:
        """What compiled code depends on beyond Jinja2's own options, for the key of a compiled-template cache:
        this package's code generation, the filters and tests constant folding may call, the limits folded
        constants were checked against, and the finalize folded into constant output."""
        return (
            CODE_REVISION,
            type(self).__module__,
            type(self).__qualname__,
            tuple(sorted(self.intercepted_binops)),
            tuple(sorted(self.filters)),
            tuple(sorted(self.tests)),
            msgspec.structs.astuple(self.limits),
            getattr(self.finalize, "__qualname__", None),
        )

    # what templates may touch -------------------------------------------------------------------------
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, msgspec.Struct) and not callable(value) and attr[:1] != "_":
            return True  # a field of a record (the common case): records hold no internals
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if not callable(value) or isinstance(obj, Namespace):
            return True  # data, or a macro the template itself stored in a namespace
        return any(isinstance(obj, kind) and attr in names for kind, names in self.methods.items())

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        budget = self.budget
        budget.tick()
        if isinstance(obj, LoopContext) and args:  # the next level of a recursive loop
            args = (budget.counted(args[0]), *args[1:])
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str):
            if obj.__name__ in ("format", "format_map"):  # only ever reached through wrap_str_format
                raise SecurityError("str.format is only available through the sandbox's formatter")
            args = self._text_method(owner, obj.__name__, args, kwargs)
        budget.depth += 1
        try:
            if budget.depth > self.limits.depth:
                raise Runaway("depth", self.limits.depth)
            result = super().call(context, obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        return budget.made(result)

    def _text_method(
        self, text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[Any, ...]:
        """Measure what a text method would make before it makes it."""
        budget = self.budget
        if name in ("center", "ljust", "rjust", "zfill"):
            width = args[0] if args else kwargs.get("width")
            if isinstance(width, int) and width > self.limits.text:
                raise Runaway("text", self.limits.text)
        elif name == "replace" and len(args) >= 2:
            budget.check_replace(
                text, args[0], args[1], args[2] if len(args) > 2 else kwargs.get("count", -1)
            )
        elif name == "join" and args:
            items = budget.listed(args[0])
            budget.check_text(items, len(text) * len(items))
            return (items, *args[1:])
        return args

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = self.budget
        budget.tick()
        if operator == "*":
            budget.check_product(left, right)
        elif operator == "**":
            budget.check_power(left, right)
        elif operator == "+":
            budget.check_sum(left, right)
        elif operator == "%" and isinstance(left, str):
            return budget.percent(left, right)
        return budget.made(self.binop_table[operator](left, right))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and str.format_map, with every field's width and text measured (see _Formatter)."""
        if not isinstance(value, (types.MethodType, types.BuiltinMethodType)) or value.__name__ not in (
            "format",
            "format_map",
        ):
            return None
        owner = value.__self__
        if not isinstance(owner, str):
            return None
        formatter: SandboxedFormatter
        if isinstance(owner, Markup):
            formatter = _EscapeFormatter(self, escape=owner.escape)
        else:
            formatter = _Formatter(self)
        is_map = value.__name__ == "format_map"
        kind = type(owner)

        def bounded_format(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            return self.budget.made_text(kind(formatter.vformat(owner, args, kwargs)))

        return functools.update_wrapper(bounded_format, value)

    # concat is what macros, {% set %} blocks and {% filter %} blocks join their output with
    def concat(self, parts: Any) -> str:
        return self.budget.concat(parts)


class _Formatter(SandboxedFormatter):
    """str.format fields with their width, precision and text measured before they are made."""

    _env: BoundedEnvironment

    def format_field(self, value: Any, format_spec: str) -> Any:
        budget = self._env.budget
        for number in _DIGITS.findall(format_spec):
            if len(number) > 9 or int(number) > budget.limits.width:
                raise Runaway("width", budget.limits.width)
        budget.check_text(value)
        return budget.made(super().format_field(value, format_spec))

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        self._env.budget.check_text(value)
        return super().convert_field(value, conversion)


class _EscapeFormatter(_Formatter, SandboxedEscapeFormatter):
    pass


def template_environment(
    *,
    trim_blocks: bool = False,
    lstrip_blocks: bool = True,
    finalize: Callable[[Any], Any] | None = None,
    filters: Mapping[str, Callable[..., Any]] | None = None,
    globals: Mapping[str, Any] | None = None,
    methods: Mapping[type, frozenset[str]] | None = None,
    terms: Mapping[type, str] | None = None,
    limits: Limits | None = None,
) -> BoundedEnvironment:
    """The environment every layout template (packet and mail) is compiled and rendered in.

    StrictUndefined, no autoescaping, no loader (so no other file can be reached), Jinja2's filters less
    the ones left out of filters.FILTERS, and as globals only range (bounded), dict, namespace, cycler and
    joiner plus `globals`. `filters` are added as given: they must take plain data and return plain data.
    `methods` allows more methods by type (for helper objects such as a numbering counter); `terms` names
    the records templates are given, for messages (a PacketView is `packet`).
    """
    env = BoundedEnvironment(
        limits or Limits(),
        methods or {},
        terms or {},
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=trim_blocks,
        lstrip_blocks=lstrip_blocks,
        keep_trailing_newline=False,
    )
    env.finalize = _finalizer(env, finalize)
    env.filters = {**bounded_filters(env.budget), **(filters or {})}
    env.globals = {
        "range": env.budget.bounded_range,
        "dict": dict,
        "namespace": Namespace,
        "cycler": Cycler,
        "joiner": Joiner,
        **(globals or {}),
    }
    return env


class NotText(Exception):
    """A template printed something that is not text or a number (a record, a list, none, true)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


# What a template may print: text and numbers. Anything else would print as Python writes it
# ("<TemplateReference None>", "[1, 2]", "None", "True"), which is never what a layout meant.
_PRINTABLE = (str, int, float, Decimal)
# How the template language itself writes these (none, true, a tuple is a list to a template).
_JINJA_NAMES = {type(None): "none", bool: "true/false", tuple: "list"}


def _finalizer(env: BoundedEnvironment, inner: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """Refuse what is not text or a number, measure every printed value before it is turned into text,
    then apply the caller's finalize."""
    budget = env.budget

    def finalize(value: Any) -> Any:
        if type(value) is not str and not isinstance(value, jinja2.Undefined):  # Undefined raises its own
            budget.produce(budget.check_text(value))  # a number, a list, a record: new text when printed
            if not isinstance(value, _PRINTABLE) or isinstance(value, bool):
                raise NotText(_JINJA_NAMES.get(type(value)) or env.term(value))
        return value if inner is None else inner(value)

    # compiled code folds constant output through finalize: its name keeps caches of different ones apart
    finalize.__qualname__ = f"bounded_finalize.{getattr(inner, '__qualname__', 'none')}"
    return finalize
