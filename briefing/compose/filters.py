"""Jinja2's filters a layout template may use, each measuring its input and arguments before it runs."""

from __future__ import annotations

import types
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from jinja2.exceptions import FilterArgumentError
from jinja2.filters import FILTERS as _JINJA_FILTERS  # what jinja2.defaults.DEFAULT_FILTERS names

from briefing.compose.budget import Budget, Runaway, text_size


def _words(text: str) -> list[str]:
    return text.split()


# The filters a layout may use: Jinja2's own, less those that print Python or HTML internals (pprint,
# tojson, xmlattr, urlize, urlencode) or differ from run to run (random).
FILTERS = _words(
    "abs attr batch capitalize center count d default dictsort e escape filesizeformat first "
    "float forceescape format groupby indent int items join last length list lower map max min "
    "reject rejectattr replace reverse round safe select selectattr slice sort string striptags "
    "sum title trim truncate unique upper wordcount wordwrap"
)
# Filters that walk their input item by item: a long text would be walked character by character.
_ITERATING = frozenset(
    _words(
        "batch dictsort first groupby join last list map max min reject rejectattr select selectattr slice "
        "sort sum unique"
    )
)
# Filters that turn their input into text first.
_TEXTUAL = frozenset(
    _words(
        "capitalize center e escape forceescape indent lower replace string striptags title trim truncate upper "
        "wordcount wordwrap"
    )
)


class _Arguments:
    """A filter's arguments after its input, read by position or by keyword as Jinja2 passes them."""

    __slots__ = ("args", "kwargs")

    def __init__(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self.args = args
        self.kwargs = kwargs

    def get(self, index: int, key: str, default: Any = None) -> Any:
        return self.args[index] if len(self.args) > index else self.kwargs.get(key, default)


def _batch(budget: Budget, value: Any, arguments: _Arguments) -> None:
    count = arguments.get(0, "linecount", 0)
    if isinstance(count, int) and count > budget.limits.items:
        raise Runaway("items", budget.limits.items)


def _slice(budget: Budget, value: Any, arguments: _Arguments) -> None:
    count = arguments.get(0, "slices", 0)
    if isinstance(count, int) and count > budget.limits.items:
        raise Runaway("items", budget.limits.items)


def _center(budget: Budget, value: Any, arguments: _Arguments) -> None:
    width = arguments.get(0, "width", 80)
    if isinstance(width, int) and width > budget.limits.text:
        raise Runaway("text", budget.limits.text)


def _indent(budget: Budget, value: Any, arguments: _Arguments) -> None:
    width = arguments.get(0, "width", 4)
    prefix = width if isinstance(width, int) else len(str(width))
    budget.check_text(value, prefix * (str(value).count("\n") + 1))


def _replace(budget: Budget, value: Any, arguments: _Arguments) -> None:
    budget.check_replace(
        str(value), arguments.get(0, "old"), arguments.get(1, "new"), arguments.get(2, "count", -1)
    )


def _wordwrap(budget: Budget, value: Any, arguments: _Arguments) -> None:
    width = arguments.get(0, "width", 79)
    wrap = arguments.get(2, "wrapstring") or "\n"
    if isinstance(width, int) and width > 0:
        budget.check_text(value, len(str(wrap)) * (text_size(value, budget.limits.text) // width + 1))


def _sum(budget: Budget, value: Any, arguments: _Arguments) -> None:
    start = arguments.get(1, "start", 0)
    if not isinstance(start, (int, float, Decimal)):
        raise TypeError("sum: start must be a number")  # adding lists is quadratic


# What each filter would make from its arguments, checked before it runs.
_ARGUMENT_CHECKS: dict[str, Callable[[Budget, Any, _Arguments], None]] = {
    "batch": _batch,
    "slice": _slice,
    "center": _center,
    "indent": _indent,
    "replace": _replace,
    "wordwrap": _wordwrap,
    "sum": _sum,
}


def _check(budget: Budget, name: str, value: Any, arguments: _Arguments) -> None:
    """Refuse a filter call whose result would be past the budget's limits."""
    if name in _ITERATING and isinstance(value, str) and len(value) > budget.limits.items:
        raise Runaway("items", budget.limits.items)
    check = _ARGUMENT_CHECKS.get(name)
    if check is not None:
        check(budget, value, arguments)
    if name in _TEXTUAL:
        budget.check_text(value)


def _guarded(budget: Budget, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Jinja2's filter `function`, its input and arguments checked first and its result measured."""
    pass_arg = getattr(function, "jinja_pass_arg", None)
    skip = 1 if pass_arg else 0  # the context, eval context or environment comes first

    def guarded(*args: Any, **kwargs: Any) -> Any:
        if len(args) > skip:
            value = args[skip]
            if (
                name == "join"
            ):  # listed first (within the limit) so the joined text is measured before it is made
                value = budget.listed(value)
                separator = args[skip + 1] if len(args) > skip + 1 else kwargs.get("d", "")
                budget.check_text(value, len(str(separator)) * len(value))
                args = (*args[:skip], value, *args[skip + 1 :])
            _check(budget, name, value, _Arguments(args[skip + 1 :], kwargs))
        result = function(*args, **kwargs)
        if isinstance(result, types.GeneratorType):  # map, select, batch …
            return budget.made_each(result)
        return budget.made(result)

    if pass_arg:  # functools.wraps would cost more than the filter: only this attribute matters
        guarded.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
    guarded.__name__ = guarded.__qualname__ = f"bounded_{name}"
    return guarded


def bounded_filters(budget: Budget) -> dict[str, Callable[..., Any]]:
    """Jinja2's filters a layout may use (FILTERS), each spending from `budget`."""

    def as_list(value: Any) -> list[Any]:
        return budget.listed(value)

    def as_format(value: Any, *args: Any, **kwargs: Any) -> str:
        if args and kwargs:
            raise FilterArgumentError("can't handle positional and keyword arguments at the same time")
        budget.check_text(value)
        return budget.percent(str(value), kwargs or args)

    found = {name: _guarded(budget, name, _JINJA_FILTERS[name]) for name in FILTERS}
    found["list"] = as_list
    found["format"] = as_format
    return found
