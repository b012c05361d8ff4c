"""Chinese numerals and dates as a packet prints them: heading numbers (一, 十二, 一百零一) and 2023年1月10日."""

from __future__ import annotations

import datetime as dt
from typing import Any

NUMERALS = "零一二三四五六七八九十"


def zh_numeral(number: int) -> str:
    """Chinese numerals as headings count: 1 一, 10 十, 12 十二, 20 二十, 101 一百零一, 110 一百一十,
    1005 一千零五, 10000 一万, 10010 一万零一十."""
    if number < 0:
        return "负" + zh_numeral(-number)
    if number < 10:
        return NUMERALS[number]
    if number < 20:  # 十, 十一 … 十九: the leading 一 is not said
        return "十" + (NUMERALS[number - 10] if number > 10 else "")
    if number >= 10000:
        high, low = divmod(number, 10000)
        rest = "" if low == 0 else ("零" if low < 1000 else "") + _below_ten_thousand(low)
        return zh_numeral(high) + "万" + rest
    return _below_ten_thousand(number)


def _below_ten_thousand(number: int) -> str:
    """1 to 9999 with every place said (一十 after 百 and 千), 零 standing for skipped places."""
    digits = []
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, value)
        if digit:
            if pending_zero:
                digits.append("零")
            digits.append(NUMERALS[digit] + unit)
            pending_zero = False
        elif digits:
            pending_zero = True
    return "".join(digits)


def zh_date(value: Any) -> str:
    """2023-01-10 → 2023年1月10日 (GB/T 9704: Arabic numerals, no padding zeros)."""
    if not isinstance(value, dt.date):  # templates pass anything: say what was wrong, not 'no attribute year'
        raise TypeError(f"zh_date needs a date, not {type(value).__name__}")
    return f"{value.year}年{value.month}月{value.day}日"


def numeral_filter(number: Any) -> str:
    """zh_numeral for templates, which may pass anything: say what was wrong, not '< not supported'."""
    if not isinstance(number, int) or isinstance(number, bool):
        raise TypeError(f"zh_numeral needs a whole number, not {type(number).__name__}")
    return zh_numeral(number)
