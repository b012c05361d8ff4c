"""Figures with units: the unit table, qualified figures ("增长8%左右", "力争6个以上"), exact conversion."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal, NamedTuple

import msgspec

Direction = Literal["up", "down", ""]
Bound = Literal["min", "max", "approx", ""]


class Dimension(NamedTuple):
    """One kind of quantity: its units convert into each other exactly through the base unit."""

    name: str  # what it measures, for people reading the table
    base: str
    units: tuple[tuple[str, Decimal], ...]  # unit -> how many base units one of it is


def _scaled(base: str, *factors: tuple[str, int | str]) -> tuple[tuple[str, Decimal], ...]:
    return ((base, Decimal(1)), *((unit, Decimal(factor)) for unit, factor in factors))


# Measure words count different things: 5个 and 5项 are not the same quantity, so each is its own
# dimension. Those that reports also write in 万 (1.2万家, 3万套) get that unit too.
_COUNT_WORDS = (
    "个", "项", "件", "所", "家", "栋", "处", "台", "套", "辆", "座", "条", "次", "名", "批", "场", "间",
    "张", "类", "宗", "期", "届", "艘", "只", "羽", "株", "棵", "位", "册", "场次", "批次", "家次",
)  # fmt: skip
_COUNTED_IN_WAN = ("个", "件", "家", "台", "套", "辆", "名", "张", "只", "羽", "株", "棵", "册")


def _count(word: str) -> Dimension:
    in_wan = ((f"万{word}", 10**4),) if word in _COUNTED_IN_WAN else ()
    return Dimension(f"{word}数", word, _scaled(word, *in_wan))


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("金额", "元", _scaled("元", ("万元", 10**4), ("亿元", 10**8))),
    Dimension("外币金额", "美元", _scaled("美元", ("万美元", 10**4), ("亿美元", 10**8))),
    Dimension("百分比", "%", _scaled("%")),
    Dimension("百分点", "个百分点", _scaled("个百分点")),
    Dimension("千分比", "‰", _scaled("‰")),
    Dimension("千分点", "个千分点", _scaled("个千分点")),
    Dimension("人数", "人", _scaled("人", ("万人", 10**4))),
    Dimension("人次", "人次", _scaled("人次", ("万人次", 10**4))),
    Dimension("户数", "户", _scaled("户", ("万户", 10**4))),
    Dimension("户次", "户次", _scaled("户次")),
    # 亩 is the base because every area unit is then a finite decimal of it (1平方米 = 0.0015亩,
    # 1公顷 = 15亩); with 平方米 as the base, 1亩 = 666.66… and no sum of 亩 would be exact.
    Dimension(
        "面积",
        "亩",
        _scaled(
            "亩",
            ("万亩", 10**4),
            ("平方米", "0.0015"),
            ("万平方米", 15),
            ("公顷", 15),
            ("平方公里", 1500),
            ("平方千米", 1500),
        ),
    ),
    Dimension("长度", "米", _scaled("米", ("延米", 1), ("千米", 1000), ("公里", 1000))),
    Dimension(
        "重量",
        "吨",
        _scaled(
            "吨",
            ("万吨", 10**4),
            ("亿吨", 10**8),
            ("千克", "0.001"),
            ("公斤", "0.001"),
            ("斤", "0.0005"),
            ("万斤", 5),
            ("亿斤", 50_000),
        ),
    ),
    Dimension("锅炉容量", "蒸吨", _scaled("蒸吨")),
    Dimension(
        "能源消费量",
        "吨标准煤",
        _scaled("吨标准煤", ("万吨标准煤", 10**4), ("吨标煤", 1), ("万吨标煤", 10**4)),
    ),
    Dimension("能耗强度", "吨标准煤/万元", _scaled("吨标准煤/万元")),
    Dimension("电量", "千瓦时", _scaled("千瓦时", ("万千瓦时", 10**4), ("亿千瓦时", 10**8))),
    Dimension("功率", "千瓦", _scaled("千瓦", ("万千瓦", 10**4), ("兆瓦", 1000))),
    Dimension("变压器容量", "千伏安", _scaled("千伏安", ("万千伏安", 10**4))),
    Dimension("体积", "立方米", _scaled("立方米", ("万立方米", 10**4), ("亿立方米", 10**8))),
    Dimension("日处理能力", "吨/日", _scaled("吨/日", ("万吨/日", 10**4))),
    Dimension("日供水能力", "立方米/日", _scaled("立方米/日", ("万立方米/日", 10**4))),
    Dimension("集装箱", "标准箱", _scaled("标准箱", ("万标准箱", 10**4))),
    Dimension("时长", "分钟", _scaled("分钟", ("小时", 60), ("天", 1440))),
    Dimension("工作日", "工作日", _scaled("工作日", ("个工作日", 1))),
    Dimension("月数", "个月", _scaled("个月")),
    Dimension("年数", "年", _scaled("年")),
    Dimension("床位", "床位", _scaled("床位", ("张床位", 1), ("床", 1))),
    Dimension("头数", "头", _scaled("头", ("万头", 10**4))),
    *(_count(word) for word in _COUNT_WORDS),
)

# unit -> (base unit of its dimension, factor to the base). Units of one dimension convert exactly.
UNITS: dict[str, tuple[str, Decimal]] = {
    unit: (dimension.base, factor) for dimension in DIMENSIONS for unit, factor in dimension.units
}

MONEY = "元"
# Figures are summed and converted exactly in Decimal's default 28 digits: 15 + 6 digits, times a unit
# factor of up to 10^8, leaves room for the sum of thousands of rows. No real figure comes near.
MAX_WHOLE_DIGITS = 15
MAX_FRACTION_DIGITS = 6
# Longer than any real figure; the bound also keeps the pattern's backtracking small on hostile text.
MAX_FIGURE_LENGTH = 100
MAX_SUBJECT_LENGTH = 30
MAX_PREFIX_WORDS = 4

# --- the words around the number -------------------------------------------------------------------------
# A figure reads: [subject] [qualifier words…] [change] number [余|多] unit [suffix], e.g.
# 万元GDP能耗 | 预计 同比 | 下降 | 3.2 | | % | 左右. Qualifier words may come in any order.

# A change: the number is how much the quantity moves, not where it ends up.
CHANGES_UP = ("增长", "提高", "提升", "增加", "上升", "上涨", "增速", "增幅", "涨幅")
CHANGES_DOWN = ("下降", "降低", "减少", "压减", "降幅")
CHANGES = CHANGES_UP + CHANGES_DOWN
# A level reached by moving: 下降到3%以下 is a level of 3%, approached from above.
TO_UP = (
    "提高到", "提高至", "提升到", "提升至", "增长到", "增长至", "增加到", "增加至", "增至", "上升到", "上升至",
)  # fmt: skip
TO_DOWN = (
    "下降到", "下降至", "降低到", "降低至", "降到", "降至", "减少到", "减少至", "减至", "压减到", "压减至",
)  # fmt: skip
# The basis a change is measured against.
BASES = (
    "同比", "环比", "按可比口径", "按可比价格计算", "按可比价计算", "按可比价格", "按可比价",
    "较上年同期", "比上年同期", "较上年末", "比上年末", "较上年", "比上年", "较去年", "比去年", "较年初", "比年初",
)  # fmt: skip
AT_LEAST = ("不低于", "不少于", "超过", "突破", "至少", "高于", "超")
AT_MOST = ("不超过", "不高于", "不多于", "低于", "控制在")
ABOUT = ("大约", "接近", "约", "近")
OTHER_PREFIXES = (
    "预计", "力争", "确保", "争取", "达到", "达", "保持在", "稳定在", "维持在", "新增", "累计", "年均",
)  # fmt: skip
PREFIXES = AT_LEAST + AT_MOST + ABOUT + OTHER_PREFIXES + TO_UP + TO_DOWN
SUFFIXES = ("以上", "以下", "以内", "左右", "上下")
APPROX = ("余", "多")  # between the number and the unit (9000余万元), or inside it after 万/亿 (1万余人)

_BOUND_OF: dict[str, Bound] = {
    **dict.fromkeys((*AT_LEAST, "以上", *APPROX), "min"),
    **dict.fromkeys((*AT_MOST, "以下", "以内"), "max"),
    **dict.fromkeys((*ABOUT, "左右", "上下"), "approx"),
}
_DIRECTION_OF: dict[str, Direction] = {
    **dict.fromkeys(CHANGES_UP + TO_UP, "up"),
    **dict.fromkeys(CHANGES_DOWN + TO_DOWN, "down"),
}
# Full-width forms people type with a Chinese input method, read as their ASCII twins.
_HALF_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
        "％": "%",
        "﹪": "%",
        "．": ".",
        "，": ",",
        "－": "-",
        "−": "-",
        "\u3000": " ",
    }
)


_SPACES = " \t\u00a0\u3000"  # one may stand between the number and the unit: 5 万元


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so 超过 is read before 超 and 万元 before 元.
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


def _figure_units(units: Iterable[str] | None, wide: bool) -> tuple[list[str], str]:
    """The units a figure may have (full-width percent signs too when `wide`), and the alternation of
    units with the approximation inside them (1万余人: 余 sits inside 万人), "" when none has a 万 or 亿."""
    listed = list(UNITS if units is None else units)
    if wide:
        listed += [unit.replace("%", sign) for unit in listed if "%" in unit for sign in "％﹪"]
    split = [_split_units(magnitude, listed) for magnitude in ("万", "亿")]
    return listed, "|".join(alternative for alternative in split if alternative)


def _split_units(magnitude: str, units: list[str]) -> str:
    """The units of one magnitude (万 or 亿) with 余 or 多 after it, or "" when none has it."""
    rests = [unit[1:] for unit in units if unit[0] == magnitude and len(unit) > 1]
    return f"{re.escape(magnitude)}(?:{'|'.join(APPROX)})(?:{_alternation(rests)})" if rests else ""


def _number_pattern(named: bool, wide: bool, negative: bool) -> str:
    """The number of a figure: digits with thousands commas and a fraction, a minus when `negative`.

    Parsing (`named`) takes any length, to say "too long" rather than "unreadable" after the match; the
    schema keeps the digit limits."""
    digit, point, comma, minus = (
        ("[0-9０-９]", "[.．]", "[,，]", "[-－−]") if wide else ("[0-9]", r"\.", ",", "-")
    )
    if named:
        whole = f"{digit}{{1,3}}(?:{comma}{digit}{{3}})+|{digit}{{1,40}}"
        fraction = f"(?:{point}{digit}{{1,40}})?"
    else:
        whole = f"{digit}{{1,3}}(?:{comma}{digit}{{3}}){{1,4}}|{digit}{{1,{MAX_WHOLE_DIGITS}}}"
        fraction = f"(?:{point}{digit}{{1,{MAX_FRACTION_DIGITS}}})?"
    sign = f"{minus}?" if negative else ""
    return f"{sign}(?:{whole}){fraction}"


def _figure_pattern(
    named: bool,
    wide: bool,
    units: Iterable[str] | None = None,
    change: bool | None = None,
    negative: bool = True,
) -> str:
    """The grammar of one figure as a regular expression.

    `named` adds the group names parse_figure reads; without them the pattern is plain ECMA-262 for the
    JSON Schema. `wide` also accepts the full-width digits, point, comma and percent that parse_figure
    normalises first, so the schema takes what validation takes. The schema of a field that takes only
    some figures narrows the grammar: `units` (money: 元, 万元, 亿元), `change` (True: a change such as
    增长5%, False: no change, None: either) and `negative` (a minus sign).
    """

    def group(name: str, body: str) -> str:
        return f"(?P<{name}>{body})" if named else f"(?:{body})"

    listed, split = _figure_units(units, wide)
    words = _alternation(PREFIXES + BASES)
    changes = _alternation(CHANGES)
    # Spaces listed, not \s: Python's and ECMA-262's \s differ, and the schema must agree with parsing.
    subject_char = f"[^0-9０-９{_SPACES}\\n\\r,，。;；:：、]"
    lead = f"{words}|{changes}" if change is not False else words
    change_group = {None: group("change", changes) + "?", True: group("change", changes), False: ""}[change]
    unit_group = group("unit", _alternation(listed))
    return (
        "^"
        + group("subject", f"{subject_char}{{1,{MAX_SUBJECT_LENGTH}}}?(?=(?:{lead}))")
        + "??"
        + group("prefix", f"(?:{words}){{0,{MAX_PREFIX_WORDS}}}")
        + change_group
        + group("amount", _number_pattern(named, wide, negative))
        + f"[{_SPACES}]?"
        + "(?:"
        + group("approx", "|".join(APPROX))
        + "?"
        + (unit_group + "|" + group("split_unit", split) if split else unit_group)
        + ")"
        + group("suffix", _alternation(SUFFIXES))
        + "?$"
    )


_FIGURE = re.compile(_figure_pattern(named=True, wide=False))
# For the JSON Schema: the same grammar, with the digit limits, and full-width characters allowed.
FIGURE_PATTERN = _figure_pattern(named=False, wide=True)


def figure_pattern(
    units: Iterable[str] | None = None, change: bool | None = None, negative: bool = True
) -> str:
    """FIGURE_PATTERN narrowed for a field that takes only some figures (see _figure_pattern)."""
    return _figure_pattern(named=False, wide=True, units=units, change=change, negative=negative)


_PREFIX_WORD = re.compile(_alternation(PREFIXES + BASES))
# Reading a figure that did not parse, to say why: the first number and the word run after it.
_FIRST_NUMBER = re.compile(
    r"(?P<amount>-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(?:余|多)?(?P<unit>[^\s0-9,，。;；:：、()（）]{0,8})"
)


def normalise_figure_text(text: str) -> str:
    """The text parse_figure reads: full-width digits, %, point, comma and minus as ASCII; trimmed."""
    return text.translate(_HALF_WIDTH).strip()


def full_width_in(text: str) -> str:
    """The full-width characters normalise_figure_text would change, each once, in order (for a warning)."""
    seen = dict.fromkeys(char for char in text if char.translate(_HALF_WIDTH) != char)
    return "".join(seen)


def convert(amount: Decimal, unit: str, target: str) -> Decimal:
    """`amount` in `unit` expressed in `target`, exactly (when the answer is a finite decimal)."""
    if unit not in UNITS or target not in UNITS:
        raise ValueError(f"unknown unit: {unit if unit not in UNITS else target}")
    base, factor = UNITS[unit]
    target_base, target_factor = UNITS[target]
    if base != target_base:
        raise ValueError(f"cannot convert {unit} to {target}")
    return amount * factor / target_factor


def _words(prefix: str) -> tuple[str, ...]:
    return tuple(_PREFIX_WORD.findall(prefix))


def _leading_words(text: str) -> tuple[str, ...]:
    words: list[str] = []
    position = 0
    while len(words) < MAX_PREFIX_WORDS and (match := _PREFIX_WORD.match(text, position)):
        words.append(match.group())
        position = match.end()
    return tuple(words)


def _bound(words: Iterable[str]) -> Bound:
    return next((_BOUND_OF[word] for word in words if word in _BOUND_OF), "")


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
            return _DIRECTION_OF.get(self.change, "")
        return next((_DIRECTION_OF[word] for word in self.prefixes if word in _DIRECTION_OF), "")

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
    match = _FIGURE.match(cleaned) if len(cleaned) <= MAX_FIGURE_LENGTH else None
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
    first = _FIRST_NUMBER.search(cleaned)
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


# --- suggesting a unit -----------------------------------------------------------------------------------

# What people write instead of a unit in the table, and what they mean by it.
_UNIT_ALIASES = {
    "万": "万元",  # 14000万 is money far more often than 14000万户
    "亿": "亿元",
    "元人民币": "元",
    "人民币": "元",
    "块": "元",
    "块钱": "元",
    "美金": "美元",
    "万美金": "万美元",
    "亿美金": "亿美元",
    "百分点": "个百分点",
    "个点": "个百分点",
    "点": "个百分点",
    "百分比": "%",
    "percent": "%",
    "pct": "%",
    "千分点": "个千分点",
    "平米": "平方米",
    "万平米": "万平方米",
    "㎡": "平方米",
    "m2": "平方米",
    "m²": "平方米",
    "万㎡": "万平方米",
    "万m2": "万平方米",
    "万m²": "万平方米",
    "km2": "平方公里",
    "km²": "平方公里",
    "k㎡": "平方公里",
    "ha": "公顷",
    "hm2": "公顷",
    "hm²": "公顷",
    "顷": "公顷",
    "m": "米",
    "km": "公里",
    "t": "吨",
    "kg": "千克",
    "m3": "立方米",
    "m³": "立方米",
    "方": "立方米",
    "万方": "万立方米",
    "亿方": "亿立方米",
    "kw": "千瓦",
    "万kw": "万千瓦",
    "mw": "兆瓦",
    "kwh": "千瓦时",
    "kw·h": "千瓦时",
    "kw.h": "千瓦时",
    "千瓦·时": "千瓦时",
    "千瓦小时": "千瓦时",
    "度": "千瓦时",
    "度电": "千瓦时",
    "万度": "万千瓦时",
    "亿度": "亿千瓦时",
    "kva": "千伏安",
    "tce": "吨标准煤",
    "万tce": "万吨标准煤",
    "teu": "标准箱",
    "万teu": "万标准箱",
    "标箱": "标准箱",
    "万标箱": "万标准箱",
    "人/次": "人次",
    "万人/次": "万人次",
    "日": "天",
    "周": "天",
    "月": "个月",
    "张床": "张床位",
    "床位数": "床位",
    "公里数": "公里",
}
# Traditional and old forms that the unit table spells in simplified characters.
_SIMPLIFIED = str.maketrans(
    "萬億圓圆噸戶個畝項輛臺張頭隻條處間場類屆", "万亿元元吨户个亩项辆台张头只条处间场类届"
)
_MAGNITUDES = ("千", "百", "十")


def suggest_unit(found: str) -> str:
    """The unit someone who wrote `found` most likely meant, or "" when no guess is sensible.

    14000万 -> 万元 (money), 千人 -> 人 (write 2000人), 亿圆 -> 亿元, 平米 -> 平方米, 人们 -> 人,
    吨标准 -> 吨标准煤; 万元GDP能耗 (an indicator's name, not a unit) -> "".
    """
    text = re.sub(r"\s+", "", normalise_figure_text(found)).translate(_SIMPLIFIED)
    lowered = text.lower()
    if text in UNITS:
        return text
    if lowered in _UNIT_ALIASES:
        return _UNIT_ALIASES[lowered]
    if not text or len(text) > 12:
        return ""
    # 2千人, 3百万元: no such unit; the same word without the magnitude, with the number written out.
    for magnitude in _MAGNITUDES:
        rest = text.removeprefix(magnitude)
        if rest != text and rest in UNITS:
            return rest
    # A slip within the unit (吨标准, 平方公理), then a unit followed by a word or two (人们, 家企业,
    # 亩地; a longer tail is a name: 万元GDP能耗), then a looser likeness.
    return _closest(text, 0.8) or _unit_then_word(text) or _closest(text, 0.6)


def _unit_then_word(text: str) -> str:
    return next(
        (
            unit
            for unit in sorted(UNITS, key=len, reverse=True)
            if text.startswith(unit) and len(text) - len(unit) <= 2
        ),
        "",
    )


def _closest(text: str, cutoff: float) -> str:
    """The most similar unit sharing the first character; ties go to the unit listed first in the table
    (money before households)."""
    scores = {unit: difflib.SequenceMatcher(None, text, unit).ratio() for unit in UNITS if unit[0] == text[0]}
    best = max(scores.values(), default=0.0)
    if best < cutoff:
        return ""
    return next(unit for unit, score in scores.items() if score == best)


# --- printing amounts -------------------------------------------------------------------------------------


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
