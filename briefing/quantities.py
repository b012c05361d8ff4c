"""Figures with units: the unit table, parsing "1.5亿元" / "增长6%" / "2000人以上", exact conversion."""

from __future__ import annotations

import re
from decimal import Decimal

import msgspec

# unit -> (base unit of its dimension, factor to the base). Units of one dimension convert exactly.
UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("元", Decimal(1)),
    "万元": ("元", Decimal(10_000)),
    "亿元": ("元", Decimal(100_000_000)),
    "%": ("%", Decimal(1)),
    "个百分点": ("个百分点", Decimal(1)),
    "‰": ("‰", Decimal(1)),
    "人": ("人", Decimal(1)),
    "万人": ("人", Decimal(10_000)),
    "人次": ("人次", Decimal(1)),
    "万人次": ("人次", Decimal(10_000)),
    "户": ("户", Decimal(1)),
    "万户": ("户", Decimal(10_000)),
    "户次": ("户次", Decimal(1)),
    "平方米": ("平方米", Decimal(1)),
    "万平方米": ("平方米", Decimal(10_000)),
    "平方公里": ("平方公里", Decimal(1)),
    "亩": ("亩", Decimal(1)),
    "万亩": ("亩", Decimal(10_000)),
    "公顷": ("公顷", Decimal(1)),
    "米": ("米", Decimal(1)),
    "公里": ("米", Decimal(1000)),
    "千米": ("米", Decimal(1000)),
    "吨": ("吨", Decimal(1)),
    "万吨": ("吨", Decimal(10_000)),
    "蒸吨": ("蒸吨", Decimal(1)),
    "千瓦": ("千瓦", Decimal(1)),
    "万千瓦": ("千瓦", Decimal(10_000)),
    "头": ("头", Decimal(1)),
    "万头": ("头", Decimal(10_000)),
}
# Measure words count different things: 5个 and 5项 are not the same quantity, so each is its own dimension.
for _word in [
    "个",
    "项",
    "件",
    "所",
    "家",
    "栋",
    "处",
    "台",
    "套",
    "辆",
    "座",
    "条",
    "次",
    "名",
    "批",
    "场",
    "间",
    "张",
    "类",
    "宗",
    "期",
    "届",
    "年",
    "天",
    "小时",
]:
    UNITS.setdefault(_word, (_word, Decimal(1)))

MONEY = "元"
# Figures are summed and converted exactly in Decimal's default 28 digits: 15 + 6 digits, times a unit
# factor of up to 10^8, leaves room for the sum of thousands of rows. No real figure comes near.
MAX_WHOLE_DIGITS = 15
MAX_FRACTION_DIGITS = 6
PREFIXES = ("不低于", "不少于", "不超过", "预计", "力争", "超过", "达到", "约", "近", "超", "达")
CHANGES = ("增长", "下降", "提高", "降低", "减少", "提升")
SUFFIXES = ("以上", "以下", "以内", "左右")

_UNIT_ALTERNATION = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
_FIGURE = re.compile(
    rf"^(?P<prefix>{'|'.join(PREFIXES)})?"
    rf"(?P<change>{'|'.join(CHANGES)})?"
    r"(?P<amount>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"\s?(?P<approx>余|多)?"
    rf"(?P<unit>{_UNIT_ALTERNATION})"
    rf"(?P<suffix>{'|'.join(SUFFIXES)})?$"
)
_NUMBER_THEN_WORD = re.compile(r"^(?:[^\d-]*)(-?[\d,]+(?:\.\d+)?)\s*(?:余|多)?(?P<unit>[^\d\s以左]{0,4})")


class Figure(msgspec.Struct, frozen=True):
    """A number with its unit, exactly as a department wrote it (prefix, change and bound words kept)."""

    amount: Decimal
    unit: str
    amount_text: str
    prefix: str = ""
    change: str = ""
    approx: str = ""
    suffix: str = ""

    @property
    def dimension(self) -> str:
        return UNITS[self.unit][0]

    @property
    def is_money(self) -> bool:
        return self.dimension == MONEY

    def to(self, unit: str) -> Decimal:
        """The amount in another unit of the same dimension, exactly."""
        base, factor = UNITS[self.unit]
        target_base, target_factor = UNITS[unit]
        if base != target_base:
            raise ValueError(f"cannot convert {self.unit} to {unit}")
        return self.amount * factor / target_factor

    def text(self, with_unit: bool = True) -> str:
        unit = self.unit if with_unit else ""
        return f"{self.prefix}{self.change}{self.amount_text}{self.approx}{unit}{self.suffix}"

    def __str__(self) -> str:
        return self.text()


class Qualitative(msgspec.Struct, frozen=True):
    """A target stated in words, such as 不低于全市平均水平."""

    text: str

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
    """Parse "1.5亿元", "增长6%", "预计增长1.5%", "2000人以上", "9000余万元"; raise FigureSyntaxError."""
    cleaned = text.strip().replace("％", "%").replace("，", ",")
    match = _FIGURE.match(cleaned)
    if match:
        amount_text = match["amount"]
        whole, _, fraction = amount_text.replace(",", "").lstrip("-").partition(".")
        if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS or len(fraction) > MAX_FRACTION_DIGITS:
            raise FigureSyntaxError("too-long")
        return Figure(
            amount=Decimal(amount_text.replace(",", "")),
            unit=match["unit"],
            amount_text=amount_text,
            prefix=match["prefix"] or "",
            change=match["change"] or "",
            approx=match["approx"] or "",
            suffix=match["suffix"] or "",
        )
    loose = _NUMBER_THEN_WORD.match(cleaned)
    if loose and re.search(r"\d", cleaned[loose.end() :]):
        raise FigureSyntaxError(
            "unreadable"
        )  # a range or a second number (2000-3000人, 1e3万元): not one figure
    if loose and not loose["unit"]:
        raise FigureSyntaxError("missing-unit")
    if loose and loose["unit"] and not any(loose["unit"].startswith(unit) for unit in UNITS):
        raise FigureSyntaxError("unknown-unit", loose["unit"])
    raise FigureSyntaxError("unreadable")


def format_amount(amount: Decimal) -> str:
    """Plain decimal text without exponent or trailing zeros: 140, 20.3, 0.66."""
    normalized = amount.normalize()
    text = format(normalized, "f")
    return text


def money(amount: Decimal, unit: str) -> Figure:
    """A computed money figure (a subtotal), shown in the given unit."""
    return Figure(amount=amount, unit=unit, amount_text=format_amount(amount))


def readable_money(amount_in_wan: Decimal) -> str:
    """A sum in 万元 shown as a reader would write it: 亿元 from one 亿 up, else 万元."""
    if amount_in_wan >= 10_000:
        return f"{format_amount(amount_in_wan / 10_000)}亿元"
    return f"{format_amount(amount_in_wan)}万元"
