"""Suggesting the unit someone meant when a figure's unit is not in the table (14000万 -> 万元)."""

from __future__ import annotations

import re

from briefing.model.figure_grammar import normalise_figure_text
from briefing.model.units import UNITS

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
    import difflib  # a unit to suggest: only then

    scores = {unit: difflib.SequenceMatcher(None, text, unit).ratio() for unit in UNITS if unit[0] == text[0]}
    best = max(scores.values(), default=0.0)
    if best < cutoff:
        return ""
    return next(unit for unit, score in scores.items() if score == best)
