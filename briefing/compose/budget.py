"""What one template render may spend (Limits) and the Budget that counts and measures it as it runs.

A layout template is foreign code: every loop pass, call and operator is a step, and every text, list and
number it makes is measured before it is made, so a runaway stops with Runaway long before it could
exhaust time or memory.
"""

from __future__ import annotations

import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import msgspec
from jinja2.exceptions import TemplateRuntimeError
from jinja2.runtime import Undefined
from jinja2.utils import Namespace

if sys.platform != "win32":  # Windows has no resource module: the memory check is left to the other limits
    import resource


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


_CONTAINERS = (list, tuple, dict, set, frozenset)
_BITS_PER_DIGIT = math.log2(10)
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.?)", re.S)


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
        size = _scalar_size(item)
        total += _container_size(item, stack) if size is None else size
        if total > limit:
            break
    return total


def _scalar_size(item: Any) -> int | None:
    """The printed size of a text, a number or None (with quotes and a separator); None for anything else."""
    if isinstance(item, str):
        return len(item) + 2
    if item is None or isinstance(item, bool):
        return 5
    if isinstance(item, int):
        return item.bit_length() * 30103 // 100000 + 2
    if isinstance(item, (float, Decimal)):
        return len(str(item)) + 2
    return None


def _container_size(item: Any, stack: list[Any]) -> int:
    """The printed size of a container's own brackets and separators; its items go on `stack`."""
    if isinstance(item, dict):
        stack.extend(item.keys())
        stack.extend(item.values())
        return 2 + 4 * len(item)
    if isinstance(item, (list, tuple, set, frozenset)):
        stack.extend(item)
        return 2 + 2 * len(item)
    if isinstance(item, msgspec.Struct):
        size = len(type(item).__name__) + 2
        for name in item.__struct_fields__:
            size += len(name) + 3
            stack.append(getattr(item, name))
        return size
    if isinstance(item, Namespace):
        stack.append(object.__getattribute__(item, "_Namespace__attrs"))
        return 0
    return 0 if isinstance(item, Undefined) else 80  # a date, a loop, a macro: a short fixed repr


def peak_memory() -> int:
    """The most memory this process has held, in bytes; 0 where the system does not say (Windows)."""
    if sys.platform == "win32":  # pragma: no cover
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux counts KiB


class Budget:
    """The spending of the render under way, against its Limits: reset by begin(), spent by every step.

    Compiled templates call counted(), made() and joined() directly (see codegen.py); the environment calls
    the rest around each call, operator and printed value.
    """

    __slots__ = ("collected", "deadline", "depth", "limits", "memory", "produced", "steps")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.steps = 0
        self.depth = 0  # macro calls inside macro calls
        self.produced = 0  # characters of new text
        self.collected = 0  # items of new lists and mappings
        self.memory = -1  # the process's peak at the first memory check of this render
        self.deadline = math.inf

    def begin(self) -> None:
        """Start the budget of one render."""
        self.steps = self.depth = self.produced = self.collected = 0
        self.memory = -1  # read at the first memory check
        self.deadline = time.monotonic() + self.limits.seconds

    def tick(self) -> None:
        """One step: a loop pass, a call or an operator."""
        self.steps += 1
        if self.steps > self.limits.steps:
            raise Runaway("steps", self.limits.steps)
        if time.monotonic() > self.deadline:
            raise Runaway("seconds", self.limits.seconds)
        if self.steps % 16 == 0:
            self._check_memory()

    def _check_memory(self) -> None:
        """A backstop for whatever the size checks miss: how far memory has grown since the first check
        (a render too short to reach it cannot have made much)."""
        peak = peak_memory()
        if self.memory < 0:
            self.memory = peak
        elif peak - self.memory > self.limits.memory:
            raise Runaway("memory", self.limits.memory // 2**20)

    def produce(self, size: int) -> None:
        """Count `size` characters of new text against the total a render may make."""
        self.produced += size
        if self.produced > self.limits.produced:
            raise Runaway("produced", self.limits.produced)

    # what the template makes --------------------------------------------------------------------------
    def counted(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """The items of a for loop, one step each."""
        for item in iterable:
            self.tick()
            yield item

    def made(self, value: Any) -> Any:
        """Check a value the template just made: its size, its digits, and the text made in all."""
        if isinstance(value, str):
            self.made_text(value)
        elif isinstance(value, int):
            if value.bit_length() > self.limits.digits * _BITS_PER_DIGIT:
                raise Runaway("digits", self.limits.digits)
        elif isinstance(value, Decimal):
            if value.is_finite() and abs(value.adjusted()) > self.limits.digits:
                raise Runaway("digits", self.limits.digits)
        elif isinstance(value, _CONTAINERS):
            self._collect(value)
        return value

    def made_text(self, text: str) -> str:
        """Check a text the template just made: its length, and the text made in all."""
        if len(text) > self.limits.text:
            raise Runaway("text", self.limits.text)
        self.produce(len(text))
        return text

    def _collect(
        self, value: list[Any] | tuple[Any, ...] | dict[Any, Any] | set[Any] | frozenset[Any]
    ) -> None:
        size = len(value)
        if size > self.limits.items:
            raise Runaway("items", self.limits.items)
        # One level down too: batch, slice and groupby make lists of new lists.
        for item in value.values() if isinstance(value, dict) else value:
            if isinstance(item, _CONTAINERS):
                size += len(item)
        self.collected += size
        if self.collected > self.limits.collected:
            raise Runaway("collected", self.limits.collected)

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

    def listed(self, iterable: Any) -> list[Any]:
        """The items of an iterable a filter or method is about to walk, no more than the limit."""
        if isinstance(iterable, str) and len(iterable) > self.limits.items:
            raise Runaway("items", self.limits.items)
        items = []
        for item in iterable:
            items.append(item)
            if len(items) > self.limits.items:
                raise Runaway("items", self.limits.items)
        return items

    def joined(self, join: Callable[[Iterable[Any]], str], items: tuple[Any, ...]) -> str:
        """`a ~ b ~ …`: each side measured as text before they are joined."""
        size = 0
        for item in items:
            size += len(item) if type(item) is str else text_size(item, self.limits.text)
            if size > self.limits.text:
                raise Runaway("text", self.limits.text)
        return self.made_text(join(items))

    def concat(self, parts: Iterable[str]) -> str:
        """What macros, {% set %} blocks and {% filter %} blocks join their output with, measured as it grows."""
        joined = []
        size = 0
        for part in parts:
            size += len(part)
            if size > self.limits.text:
                raise Runaway("text", self.limits.text)
            joined.append(part)
        return self.made_text("".join(joined))

    def bounded_range(self, *args: int) -> range:
        """range() for templates: no more numbers than the limit."""
        numbers = range(*args)
        try:
            size = len(numbers)
        except OverflowError:  # more than sys.maxsize numbers
            size = self.limits.range + 1
        if size > self.limits.range:
            raise Runaway("range", self.limits.range)
        return numbers

    # what an operation would make, measured before it runs -----------------------------------------------
    def check_replace(self, text: Any, old: Any, new: Any, count: Any) -> None:
        """text.replace(old, new, count) would not make too long a text."""
        if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
            return
        found = len(text) + 1 if old == "" else text.count(old)
        if isinstance(count, int) and count >= 0:
            found = min(found, count)
        if len(text) + found * (len(new) - len(old)) > self.limits.text:
            raise Runaway("text", self.limits.text)

    def check_product(self, left: Any, right: Any) -> None:
        """`left * right` would not repeat a text or list, or multiply numbers, past the limits."""
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and times > 0:
                limit = self.limits.text if isinstance(seq, str) else self.limits.items
                if len(seq) * times > limit:
                    raise Runaway("text" if isinstance(seq, str) else "items", limit)
        bits = self.limits.digits * _BITS_PER_DIGIT + 1
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > bits:
            raise Runaway("digits", self.limits.digits)

    def check_power(self, base: Any, exponent: Any) -> None:
        """`base ** exponent` would not have more digits than the limit."""
        if (
            isinstance(base, int)
            and isinstance(exponent, int)
            and exponent > 0
            and abs(base) > 1
            and exponent * math.log10(abs(base)) > self.limits.digits
        ):
            raise Runaway("digits", self.limits.digits)

    def check_sum(self, left: Any, right: Any) -> None:
        """`left + right` would not join texts or lists past the limits."""
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
        return self.made_text(form % values)
