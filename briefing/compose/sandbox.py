"""The one Jinja2 environment layout templates run in: sandboxed, plain data only, bounded in steps, time and size.

A layout folder may come from anywhere, so its templates are foreign code. They may read the plain data they
are given, use the usual filters and a short list of text methods; they cannot include other files or reach
Python's internals, every loop pass, call and operator counts against a step budget and a deadline, and every
text, list and number they make is measured before it is made. A template that breaks a rule or a limit stops
with the line it stopped on (TemplateFailure), long before it could exhaust time or memory.
"""

from __future__ import annotations

import functools
import math
import re
import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import jinja2
import msgspec
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.defaults import DEFAULT_FILTERS
from jinja2.exceptions import FilterArgumentError, SecurityError, TemplateRuntimeError, UndefinedError
from jinja2.parser import Parser
from jinja2.runtime import LoopContext, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup

try:
    import resource
except ImportError:  # pragma: no cover - Windows: the memory check is left to the other limits
    resource = None  # type: ignore[assignment]

# Bump when the generated code changes (code generator, intercepted operators, finalize): compiled
# templates kept between builds must not outlive it.
CODE_REVISION = 1


class Limits(msgspec.Struct, frozen=True):
    """What one render of one template may use; far above anything a real layout needs."""

    steps: int = 100_000  # loop passes, calls and operators
    seconds: float = 5.0  # wall-clock time
    output: int = 2_000_000  # characters printed
    text: int = 1_000_000  # characters in any one text the template makes
    produced: int = 20_000_000  # characters of new text made in all (what buffers could hold)
    items: int = 100_000  # items in any one list the template makes
    collected: int = 1_000_000  # items of new lists and mappings made in all (what a namespace could hold)
    memory: int = 256 * 2**20  # bytes the process may grow by during one render (where the system tells)
    range: int = 10_000  # numbers in one range()
    depth: int = 40  # macro calls inside macro calls
    digits: int = 1_000  # digits of any one number the template makes
    width: int = 1_000  # a field width or precision in % or format()
    source: int = 200_000  # characters of template source


class Runaway(TemplateRuntimeError):
    """A template went past one of its Limits (`limit` names the field)."""

    def __init__(self, limit: str, value: float, line: int | None = None):
        super().__init__(f"the template went past its limit of {value} {limit}")
        self.limit = limit
        self.value = value
        self.line = line


class ForbiddenTag(jinja2.TemplateSyntaxError):
    """{% include %}, {% extends %}, {% import %} or {% from %}: a layout template must stand alone."""

    def __init__(self, tag: str, lineno: int):
        super().__init__(f"{{% {tag} %}} is not allowed in a layout template", lineno)
        self.tag = tag


class TooDeep(jinja2.TemplateSyntaxError):
    """Blocks nested deeper than Python compiles (it allows 20 nested blocks in a function)."""

    def __init__(self, lineno: int):
        super().__init__("blocks nested too deeply", lineno)


class TemplateFailure(Exception):
    """Why a template could not be compiled or rendered: a message code, its parameters and the line."""

    def __init__(self, code: str, line: int, **params: Any):
        super().__init__(code)
        self.code = code
        self.line = line
        self.params = params


def _words(text: str) -> list[str]:
    return text.split()


# what templates may call -----------------------------------------------------------------------------------
_TEXT_METHODS = frozenset(
    _words(
        "capitalize casefold center count endswith find format format_map index isalnum isalpha "
        "isdecimal isdigit islower isnumeric isspace istitle isupper join ljust lower lstrip "
        "partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip "
        "split splitlines startswith strip swapcase title upper zfill"
    )
)
# Methods a template may call, by the type of the object; everything else callable is refused.
SAFE_METHODS: Mapping[type, frozenset[str]] = {
    str: _TEXT_METHODS,
    list: frozenset({"count", "index"}),
    tuple: frozenset({"count", "index"}),
    dict: frozenset({"get", "items", "keys", "values"}),
    LoopContext: frozenset({"cycle", "changed"}),
    Cycler: frozenset({"next", "reset"}),
}
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
        "batch dictsort first groupby join last list map max min reject rejectattr select "
        "selectattr slice sort sum unique"
    )
)
# Filters that turn their input into text first.
_TEXTUAL = frozenset(
    _words(
        "capitalize center e escape forceescape indent lower replace string striptags title trim "
        "truncate upper wordcount wordwrap"
    )
)
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.?)", re.S)
_DIGITS = re.compile(r"\d+")
_BITS_PER_DIGIT = math.log2(10)


def text_size(value: Any, limit: int) -> int:
    """About how many characters str(value) has, counted without making it; stops once past `limit`.

    Containers count as their repr would (items, quotes and separators), so a list holding the same long
    text a thousand times counts a thousand times: that is what printing it would make.
    """
    if type(value) is str:
        return len(value)
    if value is None or type(value) in (bool, float, Decimal):  # numbers, mostly (ints can be long)
        return 48
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif item is None or isinstance(item, bool):
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() * 30103 // 100000 + 2
        elif isinstance(item, (float, Decimal)):
            total += len(str(item)) + 2
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, msgspec.Struct):
            total += len(type(item).__name__) + 2
            for name in item.__struct_fields__:
                total += len(name) + 3
                stack.append(getattr(item, name))
        elif isinstance(item, Namespace):
            stack.append(object.__getattribute__(item, "_Namespace__attrs"))
        elif not isinstance(item, Undefined):
            total += 80  # a date, a loop, a macro: a short fixed repr
        if total > limit:
            break
    return total


_CONTAINERS = (list, tuple, dict, set, frozenset)


def _peak_memory() -> int:
    """The most memory this process has held, in bytes; 0 where the system does not say (Windows)."""
    if resource is None:  # pragma: no cover
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux counts KiB


class _Run:
    """The budget of the render under way: reset by begin(), spent by every counted step."""

    __slots__ = ("collected", "deadline", "depth", "memory", "produced", "steps")

    def __init__(self) -> None:
        self.steps = 0
        self.depth = 0
        self.produced = 0
        self.collected = 0
        self.memory = -1
        self.deadline = math.inf


class BoundedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, refusing tags that reach other files and counting loops and joins."""

    MAX_NESTING = 16  # for and if blocks inside each other

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._counted: set[int] = set()  # the iterables of for loops (Jinja2 allows no new node types)
        self._nesting = 0

    def _forbid(self, node: nodes.Node, tag: str) -> None:
        raise ForbiddenTag(tag, node.lineno)

    def visit_Extends(self, node: nodes.Extends, frame: Frame) -> None:
        self._forbid(node, "extends")

    def visit_Include(self, node: nodes.Include, frame: Frame) -> None:
        self._forbid(node, "include")

    def visit_Import(self, node: nodes.Import, frame: Frame) -> None:
        self._forbid(node, "import")

    def visit_FromImport(self, node: nodes.FromImport, frame: Frame) -> None:
        self._forbid(node, "from … import")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        # Counting the items of the iterable (not the passes of the body) also counts those the loop's
        # `if` skips.
        self._counted.add(id(node.iter))
        self._nested(super().visit_For, node, frame)

    def visit_If(self, node: nodes.If, frame: Frame) -> None:
        self._nested(super().visit_If, node, frame)

    def _nested(self, visit: Callable[[Any, Frame], None], node: nodes.Node, frame: Frame) -> None:
        self._nesting += 1
        try:
            if self._nesting > self.MAX_NESTING:
                raise TooDeep(node.lineno)
            visit(node, frame)
        finally:
            self._nesting -= 1

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        if id(node) not in self._counted:
            return super().visit(node, *args, **kwargs)
        self._counted.discard(id(node))
        self.write("environment.counted(")
        super().visit(node, *args, **kwargs)
        self.write(")")
        return None

    # List, tuple and mapping literals are measured too: a loop could keep a long one in a namespace
    # again and again.
    def _measured(self, visit: Callable[[Any, Frame], None], node: nodes.Node, frame: Frame) -> None:
        self.write("environment.made(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._measured(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._measured(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx == "load":
            self._measured(super().visit_Tuple, node, frame)
        else:
            super().visit_Tuple(node, frame)

    def visit_Const(self, node: nodes.Const, frame: Frame) -> None:
        if isinstance(node.value, _CONTAINERS):  # a literal the optimizer folded
            self._measured(super().visit_Const, node, frame)
        else:
            super().visit_Const(node, frame)

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        # `a ~ b` turns each side into text first: measured before, so a huge list is never printed.
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.joined({join}, (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with an allowlist of methods and a budget for every render.

    Use it only through template_environment(), compile with compile_template() and render with render().
    """

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, limits: Limits, methods: Mapping[type, frozenset[str]], **options: Any):
        super().__init__(**options)
        self.limits = limits
        self.methods = {**SAFE_METHODS, **methods}
        self.run = _Run()

    def code_identity(self) -> tuple[object, ...]:
        """What compiled code depends on beyond Jinja2's own options, for the key of a compiled-template cache:
        this module's code generation, the filters and tests constant folding may call, the limits folded
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

    # the budget ----------------------------------------------------------------------------------------
    def begin(self) -> None:
        """Start the budget of one render."""
        run = self.run
        run.steps = run.depth = run.produced = run.collected = 0
        run.memory = -1  # read at the first memory check
        run.deadline = time.monotonic() + self.limits.seconds

    def tick(self) -> None:
        run = self.run
        run.steps += 1
        if run.steps > self.limits.steps:
            raise Runaway("steps", self.limits.steps)
        if time.monotonic() > run.deadline:
            raise Runaway("seconds", self.limits.seconds)
        if run.steps % 16 == 0:
            self._check_memory()

    def _check_memory(self) -> None:
        """A backstop for whatever the size checks miss: how far memory has grown since the first check
        (a render too short to reach it cannot have made much)."""
        run = self.run
        peak = _peak_memory()
        if run.memory < 0:
            run.memory = peak
        elif peak - run.memory > self.limits.memory:
            raise Runaway("memory", self.limits.memory // 2**20)

    def counted(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """The items of a for loop, one step each."""
        for item in iterable:
            self.tick()
            yield item

    def made(self, value: Any) -> Any:
        """Check a value the template just made: its size, its digits, and the text made in all."""
        if isinstance(value, str):
            size = len(value)
            if size > self.limits.text:
                raise Runaway("text", self.limits.text)
            self.run.produced += size
            if self.run.produced > self.limits.produced:
                raise Runaway("produced", self.limits.produced)
        elif isinstance(value, int):
            if value.bit_length() > self.limits.digits * _BITS_PER_DIGIT:
                raise Runaway("digits", self.limits.digits)
        elif isinstance(value, Decimal):
            if value.is_finite() and abs(value.adjusted()) > self.limits.digits:
                raise Runaway("digits", self.limits.digits)
        elif isinstance(value, _CONTAINERS):
            size = len(value)
            if size > self.limits.items:
                raise Runaway("items", self.limits.items)
            # One level down too: batch, slice and groupby make lists of new lists.
            for item in value.values() if isinstance(value, dict) else value:
                if isinstance(item, _CONTAINERS):
                    size += len(item)
            self.run.collected += size
            if self.run.collected > self.limits.collected:
                raise Runaway("collected", self.limits.collected)
        return value

    def made_each(self, items: Iterator[Any]) -> Iterator[Any]:
        """The items of a filter's generator (map, select, batch …), each checked as it is made."""
        for item in items:
            yield self.made(item)

    def check_text(self, value: Any, extra: int = 0) -> int:
        """Refuse to turn `value` into text when the text would be too long; returns its size."""
        size = text_size(value, self.limits.text) + extra
        if size > self.limits.text:
            raise Runaway("text", self.limits.text)
        return size

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
        self.tick()
        if isinstance(obj, LoopContext) and args:  # the next level of a recursive loop
            args = (self.counted(args[0]), *args[1:])
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str):
            if obj.__name__ in ("format", "format_map"):  # only ever reached through wrap_str_format
                raise SecurityError("str.format is only available through the sandbox's formatter")
            args = self._text_method(owner, obj.__name__, args, kwargs)
        run = self.run
        run.depth += 1
        try:
            if run.depth > self.limits.depth:
                raise Runaway("depth", self.limits.depth)
            result = super().call(context, obj, *args, **kwargs)
        finally:
            run.depth -= 1
        return self.made(result)

    def _text_method(
        self, text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[Any, ...]:
        """Measure what a text method would make before it makes it."""
        if name in ("center", "ljust", "rjust", "zfill"):
            width = args[0] if args else kwargs.get("width")
            if isinstance(width, int) and width > self.limits.text:
                raise Runaway("text", self.limits.text)
        elif name == "replace" and len(args) >= 2:
            self._check_replace(text, args[0], args[1], args[2] if len(args) > 2 else kwargs.get("count", -1))
        elif name == "join" and args:
            items = self._listed(args[0])
            self.check_text(items, len(text) * len(items))
            return (items, *args[1:])
        return args

    def _check_replace(self, text: Any, old: Any, new: Any, count: Any) -> None:
        if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
            return
        found = len(text) + 1 if old == "" else text.count(old)
        if isinstance(count, int) and count >= 0:
            found = min(found, count)
        if len(text) + found * (len(new) - len(old)) > self.limits.text:
            raise Runaway("text", self.limits.text)

    def _listed(self, iterable: Any) -> list[Any]:
        """The items of an iterable a filter or method is about to walk, no more than the limit."""
        if isinstance(iterable, str) and len(iterable) > self.limits.items:
            raise Runaway("items", self.limits.items)
        items = []
        for item in iterable:
            items.append(item)
            if len(items) > self.limits.items:
                raise Runaway("items", self.limits.items)
        return items

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "*":
            self._check_product(left, right)
        elif operator == "**":
            self._check_power(left, right)
        elif operator == "+":
            self._check_sum(left, right)
        elif operator == "%" and isinstance(left, str):
            return self.percent(left, right)
        return self.made(self.binop_table[operator](left, right))

    def _check_product(self, left: Any, right: Any) -> None:
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and times > 0:
                limit = self.limits.text if isinstance(seq, str) else self.limits.items
                if len(seq) * times > limit:
                    raise Runaway("text" if isinstance(seq, str) else "items", limit)
        bits = self.limits.digits * _BITS_PER_DIGIT + 1
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > bits:
            raise Runaway("digits", self.limits.digits)

    def _check_power(self, base: Any, exponent: Any) -> None:
        if (
            isinstance(base, int)
            and isinstance(exponent, int)
            and exponent > 0
            and abs(base) > 1
            and exponent * math.log10(abs(base)) > self.limits.digits
        ):
            raise Runaway("digits", self.limits.digits)

    def _check_sum(self, left: Any, right: Any) -> None:
        if isinstance(left, str) and isinstance(right, str) and len(left) + len(right) > self.limits.text:
            raise Runaway("text", self.limits.text)
        sequences = (list, tuple)
        if (
            isinstance(left, sequences)
            and isinstance(right, sequences)
            and len(left) + len(right) > self.limits.items
        ):
            raise Runaway("items", self.limits.items)

    def percent(self, form: str, values: Any) -> str:
        """`form % values` (and the format filter), with every field's width and the result measured first."""
        fields = 0
        for match in _PERCENT_FIELD.finditer(form):
            if match[3] == "%":
                continue
            fields += 1
            for number in (match[1], match[2]):
                if number == "*" or (number and (len(number) > 9 or int(number) > self.limits.width)):
                    raise Runaway("width", self.limits.width)
        if isinstance(values, Mapping):
            shown: Any = list(values.values())
        else:
            shown = list(values) if isinstance(values, tuple) else values
        self.check_text(shown, len(form) + fields * self.limits.width)
        return self.made(form % values)

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
            return self.made(kind(formatter.vformat(owner, args, kwargs)))

        return functools.update_wrapper(bounded_format, value)

    # concat is what macros, {% set %} blocks and {% filter %} blocks join their output with
    def concat(self, parts: Iterable[str]) -> str:  # type: ignore[override]
        joined = []
        size = 0
        for part in parts:
            size += len(part)
            if size > self.limits.text:
                raise Runaway("text", self.limits.text)
            joined.append(part)
        return self.made("".join(joined))

    def joined(self, join: Callable[[Iterable[Any]], str], items: tuple[Any, ...]) -> str:
        """`a ~ b ~ …`: each side measured as text before they are joined."""
        size = 0
        for item in items:
            size += len(item) if type(item) is str else text_size(item, self.limits.text)
            if size > self.limits.text:
                raise Runaway("text", self.limits.text)
        return self.made(join(items))

    def bounded_range(self, *args: int) -> range:
        numbers = range(*args)
        try:
            size = len(numbers)
        except OverflowError:  # more than sys.maxsize numbers
            size = self.limits.range + 1
        if size > self.limits.range:
            raise Runaway("range", self.limits.range)
        return numbers


class _Formatter(SandboxedFormatter):
    """str.format fields with their width, precision and text measured before they are made."""

    _env: BoundedEnvironment

    def format_field(self, value: Any, format_spec: str) -> Any:
        for number in _DIGITS.findall(format_spec):
            if len(number) > 9 or int(number) > self._env.limits.width:
                raise Runaway("width", self._env.limits.width)
        self._env.check_text(value)
        return self._env.made(super().format_field(value, format_spec))

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        self._env.check_text(value)
        return super().convert_field(value, conversion)


class _EscapeFormatter(_Formatter, SandboxedEscapeFormatter):
    pass


# filters -------------------------------------------------------------------------------------------------
def _filters(env: BoundedEnvironment) -> dict[str, Callable[..., Any]]:
    """Jinja2's filters a layout may use, each measuring its input and arguments before it runs."""
    limits = env.limits

    def check(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        def arg(index: int, key: str, default: Any = None) -> Any:
            return args[index] if len(args) > index else kwargs.get(key, default)

        if name in _ITERATING and isinstance(value, str) and len(value) > limits.items:
            raise Runaway("items", limits.items)
        if name in ("batch", "slice"):
            count = arg(0, "linecount" if name == "batch" else "slices", 0)
            if isinstance(count, int) and count > limits.items:
                raise Runaway("items", limits.items)
        elif name == "center":
            width = arg(0, "width", 80)
            if isinstance(width, int) and width > limits.text:
                raise Runaway("text", limits.text)
        elif name == "indent":
            width = arg(0, "width", 4)
            prefix = width if isinstance(width, int) else len(str(width))
            env.check_text(value, prefix * (str(value).count("\n") + 1))
        elif name == "replace":
            env._check_replace(str(value), arg(0, "old"), arg(1, "new"), arg(2, "count", -1))
        elif name == "wordwrap":
            width = arg(0, "width", 79)
            wrap = arg(2, "wrapstring") or "\n"
            if isinstance(width, int) and width > 0:
                env.check_text(value, len(str(wrap)) * (text_size(value, limits.text) // width + 1))
        elif name == "sum":
            start = arg(1, "start", 0)
            if not isinstance(start, (int, float, Decimal)):
                raise TypeError("sum: start must be a number")  # adding lists is quadratic
        if name in _TEXTUAL:
            env.check_text(value)
        return args

    def guard(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        pass_arg = getattr(function, "jinja_pass_arg", None)
        skip = 1 if pass_arg else 0  # the context, eval context or environment comes first

        def guarded(*args: Any, **kwargs: Any) -> Any:
            if len(args) > skip:
                value = args[skip]
                if name == "join":
                    value = env._listed(value)
                    separator = args[skip + 1] if len(args) > skip + 1 else kwargs.get("d", "")
                    env.check_text(value, len(str(separator)) * len(value))
                    args = (*args[:skip], value, *args[skip + 1 :])
                rest = check(name, value, args[skip + 1 :], kwargs)
                args = (*args[: skip + 1], *rest)
            result = function(*args, **kwargs)
            if isinstance(result, types.GeneratorType):  # map, select, batch …
                return env.made_each(result)
            return env.made(result)

        if pass_arg:  # functools.wraps would cost more than the filter: only this attribute matters
            guarded.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
        guarded.__name__ = guarded.__qualname__ = f"bounded_{name}"
        return guarded

    def as_list(value: Any) -> list[Any]:
        return env._listed(value)

    def as_format(value: Any, *args: Any, **kwargs: Any) -> str:
        if args and kwargs:
            raise FilterArgumentError("can't handle positional and keyword arguments at the same time")
        env.check_text(value)
        return env.percent(str(value), kwargs or args)

    found = {name: guard(name, DEFAULT_FILTERS[name]) for name in FILTERS}
    found["list"] = as_list
    found["format"] = as_format
    return found


def template_environment(
    *,
    trim_blocks: bool = False,
    lstrip_blocks: bool = True,
    finalize: Callable[[Any], Any] | None = None,
    filters: Mapping[str, Callable[..., Any]] | None = None,
    globals: Mapping[str, Any] | None = None,
    methods: Mapping[type, frozenset[str]] | None = None,
    limits: Limits | None = None,
) -> BoundedEnvironment:
    """The environment every layout template (packet and mail) is compiled and rendered in.

    StrictUndefined, no autoescaping, no loader (so no other file can be reached), Jinja2's filters less
    the ones listed under FILTERS, and as globals only range (bounded), dict, namespace, cycler and joiner
    plus `globals`. `filters` are added as given: they must take plain data and return plain data.
    `methods` allows more methods by type (for helper objects such as a numbering counter).
    """
    env = BoundedEnvironment(
        limits or Limits(),
        methods or {},
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=trim_blocks,
        lstrip_blocks=lstrip_blocks,
        keep_trailing_newline=False,
    )
    env.finalize = _finalizer(env, finalize)
    env.filters = {**_filters(env), **(filters or {})}
    env.globals = {
        "range": env.bounded_range,
        "dict": dict,
        "namespace": Namespace,
        "cycler": Cycler,
        "joiner": Joiner,
        **(globals or {}),
    }
    return env


def _finalizer(env: BoundedEnvironment, inner: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """Measure every printed value before it is turned into text, then apply the caller's finalize."""

    def finalize(value: Any) -> Any:
        if type(value) is not str:  # a number, a list, a record: it becomes new text when printed
            env.run.produced += env.check_text(value)
            if env.run.produced > env.limits.produced:
                raise Runaway("produced", env.limits.produced)
        return value if inner is None else inner(value)

    # compiled code folds constant output through finalize: its name keeps caches of different ones apart
    finalize.__qualname__ = f"bounded_finalize.{getattr(inner, '__qualname__', 'none')}"
    return finalize


# rendering and failures ------------------------------------------------------------------------------------
def render(env: BoundedEnvironment, template: jinja2.Template, variables: Mapping[str, Any]) -> str:
    """The template's output for `variables`; raise TemplateFailure naming the line for anything it does wrong."""
    env.begin()
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
    if isinstance(exc, UndefinedError):
        return TemplateFailure("template.undefined", line, problem=_problem(exc))
    if isinstance(exc, ArithmeticError):
        return TemplateFailure("template.arithmetic", line, problem=_problem(exc))
    return TemplateFailure("template.error", line, problem=_problem(exc))


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


def check_source(source: str, limits: Limits) -> None:
    """Refuse template text too long to be worth compiling."""
    if len(source) > limits.source:
        raise TemplateFailure("template.too-long", 1, limit=limits.source)
