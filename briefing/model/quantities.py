"""Figures with units: qualified figures ("增长8%左右", "力争6个以上") parsed and written back, and amounts
printed. The unit table is model/units.py, the grammar model/figure_grammar.py."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

import msgspec

from briefing.model.figure_grammar import (
    BASES,
    BOUND_OF,
    DIRECTION_OF,
    MAX_FIGURE_LENGTH,
    MAX_FRACTION_DIGITS,
    MAX_PREFIX_WORDS,
    MAX_WHOLE_DIGITS,
    SUFFIXES,
    Bound,
    Direction,
    figure_regex,
    normalise_figure_text,
    prefix_word_regex,
)
from briefing.model.units import MONEY, UNITS, convert

# Reading a figure that did not parse, to say why: the first number and the word run after it (compiled
# by re's own cache when a figure fails, not at import).
_FIRST_NUMBER = (
    r"(?P<amount>-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(?:余|多)?(?P<unit>[^\s0-9,，。;；:：、()（）]{0,8})"
)


def _words(prefix: str) -> tuple[str, ...]:
    return tuple(prefix_word_regex().findall(prefix))


def _leading_words(text: str) -> tuple[str, ...]:
    words: list[str] = []
    position = 0
    while len(words) < MAX_PREFIX_WORDS and (match := prefix_word_regex().match(text, position)):
        words.append(match.group())
        position = match.end()
    return tuple(words)


def _bound(words: Iterable[str]) -> Bound:
    return next((BOUND_OF[word] for word in words if word in BOUND_OF), "")


class Figure(msgspec.Struct, frozen=True):
    """A number with its unit, exactly as a department wrote it; the meaning of the words is derived.

    The wording is stored split at fixed points, so text() gives back what was written:
    subject + prefix + change + amount_text + approx + unit + suffix ("1万余人" keeps 余 inside the unit).
    """

    amount: Decimal
    unit: str
    amount_text: str
    prefix: str = ""  # qualifier words before the number, as written: 预计, 力争, 控制在, 同比, 按可比口径…
    change: str = ""  # 增长, 下降…: the figure is a change, not a level
    approx: str = ""  # 余 or 多
    suffix: str = ""  # 以上, 以下, 以内, 左右, 上下
    subject: str = ""  # an indicator name written into the value: 万元GDP能耗 in 万元GDP能耗下降3.2%
    approx_at: int = 0  # approx sits after this many characters of the unit: 1 in 1万余人, 0 in 9000余万元

    @property
    def dimension(self) -> str:
        return UNITS[self.unit][0]

    @property
    def is_money(self) -> bool:
        return self.dimension == MONEY

    @property
    def is_change(self) -> bool:
        return bool(self.change)

    @property
    def prefixes(self) -> tuple[str, ...]:
        """The qualifier words before the number, one by one: 预计同比 -> (预计, 同比)."""
        return _words(self.prefix)

    @property
    def basis(self) -> str:
        """What a change is measured against (同比, 按可比口径, 较上年…), or ""."""
        return "".join(word for word in self.prefixes if word in BASES)

    @property
    def qualifiers(self) -> tuple[str, ...]:
        """Every qualifying word, in reading order: 力争6个以上 -> (力争, 以上)."""
        return (*self.prefixes, *filter(None, (self.approx, self.suffix)))

    @property
    def direction(self) -> Direction:
        """up or down for a change (增长, 下降…) or a level approached (提高到, 下降到…); else ""."""
        if self.change:
            return DIRECTION_OF.get(self.change, "")
        return next((DIRECTION_OF[word] for word in self.prefixes if word in DIRECTION_OF), "")

    @property
    def bound(self) -> Bound:
        """min (以上, 不低于, 突破, 余…), max (以内, 以下, 控制在…), approx (左右, 约…) or ""; the suffix
        decides first, then the nearest word before the number."""
        return _bound((self.suffix, *reversed(self.prefixes), self.approx))

    @property
    def signed_amount(self) -> Decimal:
        """The amount with a falling change negative (下降2% -> -2), for charts and comparisons."""
        return -self.amount if self.change and self.direction == "down" else self.amount

    def to(self, unit: str) -> Decimal:
        """The amount in another unit of the same dimension, exactly."""
        return convert(self.amount, self.unit, unit)

    def text(self, with_unit: bool = True) -> str:
        """The figure as written. Without the unit only where that reads the same: 力争6 in a column of 个,
        but 力争6个以上 and 7500余户 keep theirs (6以上, 7500余 would say something else)."""
        unit = self.unit if with_unit or self.suffix or self.approx else ""
        approx = self.approx
        if self.approx_at:
            unit, approx = unit[: self.approx_at] + approx + unit[self.approx_at :], ""
        return f"{self.subject}{self.prefix}{self.change}{self.amount_text}{approx}{unit}{self.suffix}"

    def __str__(self) -> str:
        return self.text()


class Qualitative(msgspec.Struct, frozen=True):
    """A target stated in words, such as 不低于全市平均水平."""

    text: str

    @property
    def qualifiers(self) -> tuple[str, ...]:
        """The qualifier words it opens with: 不低于全市平均水平 -> (不低于,)."""
        return _leading_words(self.text)

    @property
    def bound(self) -> Bound:
        return _bound(reversed(self.qualifiers))

    def __str__(self) -> str:
        return self.text


Value = Figure | Qualitative


class FigureSyntaxError(ValueError):
    """Raised with a hint naming what was found, so the validator can say what would be right."""

    def __init__(self, reason: str, found: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.found = found


def parse_figure(text: str) -> Figure:
    """Parse one figure ("1.5亿元", "增长8%左右", "力争6个以上", "1万余人"); raise FigureSyntaxError.

    Reasons: too-long (more digits than sums keep exact), missing-unit, unknown-unit (found: the word
    read as the unit), unreadable (a range, two numbers, or words around the number that are not
    qualifiers).
    """
    cleaned = normalise_figure_text(text)
    match = figure_regex().match(cleaned) if len(cleaned) <= MAX_FIGURE_LENGTH else None
    if match is None:
        raise _why_not(cleaned)
    amount_text = match["amount"]
    if _too_long(amount_text):
        raise FigureSyntaxError("too-long")
    unit, approx, approx_at = match["unit"], match["approx"] or "", 0
    if unit is None:
        split = match["split_unit"]
        unit, approx, approx_at = split[0] + split[2:], split[1], 1
    return Figure(
        amount=Decimal(amount_text.replace(",", "")),
        unit=unit,
        amount_text=amount_text,
        prefix=match["prefix"],
        change=match["change"] or "",
        approx=approx,
        suffix=match["suffix"] or "",
        subject=match["subject"] or "",
        approx_at=approx_at,
    )


def _too_long(amount_text: str) -> bool:
    whole, _, fraction = amount_text.replace(",", "").lstrip("-").partition(".")
    return len(whole) > MAX_WHOLE_DIGITS or len(fraction) > MAX_FRACTION_DIGITS


def _why_not(cleaned: str) -> FigureSyntaxError:
    """Why a text is not one figure, with the word read as its unit when that is the problem."""
    first = re.search(_FIRST_NUMBER, cleaned)
    if first is None:
        return FigureSyntaxError("unreadable")
    if re.search(r"[0-9]", cleaned[first.end() :]):
        return FigureSyntaxError("unreadable")  # a range or a second number (2000-3000人, 1e3万元)
    if _too_long(first["amount"]):
        return FigureSyntaxError("too-long")
    found = first["unit"]
    for suffix in SUFFIXES:
        found = found.split(suffix, 1)[0]
    if not found:
        return FigureSyntaxError("missing-unit")
    if found in UNITS:
        return FigureSyntaxError("unreadable")  # the unit is fine; the words around the number are not
    return FigureSyntaxError("unknown-unit", found)


# --- printing amounts -------------------------------------------------------------------------------------


def format_amount(amount: Decimal) -> str:
    """Plain decimal text without exponent or trailing zeros: 140, 20.3, 0.66."""
    normalized = amount.normalize()
    text = format(normalized, "f")
    return text


def readable_money(amount_in_wan: Decimal) -> str:
    """A sum in 万元 shown as a reader would write it: 亿元 from one 亿 up, else 万元."""
    if amount_in_wan >= 10_000:
        return f"{format_amount(amount_in_wan / 10_000)}亿元"
    return f"{format_amount(amount_in_wan)}万元"
