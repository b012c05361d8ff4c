"""The grammar of a figure as people write one: the words around the number, and the regular expression
that reads them (for parsing, and without group names for the JSON Schema)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Literal

from briefing.model.units import UNITS

Direction = Literal["up", "down", ""]
Bound = Literal["min", "max", "approx", ""]

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

BOUND_OF: dict[str, Bound] = {
    **dict.fromkeys((*AT_LEAST, "以上", *APPROX), "min"),
    **dict.fromkeys((*AT_MOST, "以下", "以内"), "max"),
    **dict.fromkeys((*ABOUT, "左右", "上下"), "approx"),
}
DIRECTION_OF: dict[str, Direction] = {
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


@functools.cache
def figure_regex() -> re.Pattern[str]:
    """The grammar with group names, compiled on first use (not at import: every build imports this)."""
    return re.compile(_figure_pattern(named=True, wide=False))


def figure_pattern(
    units: Iterable[str] | None = None, change: bool | None = None, negative: bool = True
) -> str:
    """The grammar for the JSON Schema: with the digit limits, full-width characters allowed, and narrowed
    for a field that takes only some figures (see _figure_pattern)."""
    return _figure_pattern(named=False, wide=True, units=units, change=change, negative=negative)


@functools.cache
def prefix_word_regex() -> re.Pattern[str]:
    """One qualifier or basis word (预计, 同比…), compiled on first use."""
    return re.compile(_alternation(PREFIXES + BASES))


def normalise_figure_text(text: str) -> str:
    """The text parse_figure reads: full-width digits, %, point, comma and minus as ASCII; trimmed."""
    return text.translate(_HALF_WIDTH).strip()


def full_width_in(text: str) -> str:
    """The full-width characters normalise_figure_text would change, each once, in order (for a warning)."""
    seen = dict.fromkeys(char for char in text if char.translate(_HALF_WIDTH) != char)
    return "".join(seen)
